import pytest
from django.urls import reverse

from crm.models import CompanyNotes

from .factories import CompanyNotesFactory

pytestmark = pytest.mark.django_db


def edit_url(company):
    return reverse("crm:company-notes-edit", kwargs={"company": company.uuid})


def clear_url(company):
    return reverse("crm:company-notes-clear", kwargs={"company": company.uuid})


def test_it_requires_login(client, company):
    assert client.post(edit_url(company), {"account_number": "X"}).status_code == 302
    assert not CompanyNotes.objects.exists()


def test_it_forbids_consultants(consultant_client, company):
    assert consultant_client.post(edit_url(company), {"account_number": "X"}).status_code == 403
    assert consultant_client.post(clear_url(company)).status_code == 403


def test_it_404s_for_another_agency(outsider_client, company):
    assert outsider_client.post(edit_url(company), {"account_number": "X"}).status_code == 404
    assert not CompanyNotes.objects.exists()


def test_it_adds_then_edits_the_notes(sales_client, company):
    sales_client.post(edit_url(company), {"account_number": "ACC-1", "travel_policy": "Economy only"})
    response = sales_client.post(edit_url(company), {"account_number": "ACC-2", "rail_notes": "Standard class"})

    notes = CompanyNotes.objects.get()
    assert response.url == reverse("crm:company-notes", kwargs={"company": company.uuid})
    assert (notes.agency, notes.company) == (company.agency, company)
    assert (notes.account_number, notes.travel_policy, notes.rail_notes) == ("ACC-2", "", "Standard class")


def test_it_prefills_the_form_with_the_notes(sales_client, company):
    CompanyNotesFactory(company=company, account_number="ACC-9")

    assert 'value="ACC-9"' in sales_client.get(edit_url(company)).text


def test_it_refuses_a_too_long_account_number(sales_client, company):
    response = sales_client.post(edit_url(company), {"account_number": "9" * 51})

    assert response.context["form"].errors["account_number"]
    assert not CompanyNotes.objects.exists()


def test_it_clears_the_notes_by_post_only(sales_client, company):
    CompanyNotesFactory(company=company)

    assert sales_client.get(clear_url(company)).status_code == 405
    assert sales_client.post(clear_url(company)).status_code == 302
    assert not CompanyNotes.objects.exists()
