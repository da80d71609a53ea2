import pytest
from django.urls import reverse

from crm.models import Company, CompanyNotes, Contact, TransactionFee

from .factories import CompanyNotesFactory, ContactFactory, TransactionFeeFactory

pytestmark = pytest.mark.django_db


def url(company):
    return reverse("crm:company-delete", kwargs={"company": company.uuid})


def test_it_requires_login(client, company):
    assert client.post(url(company)).status_code == 302
    assert Company.objects.filter(pk=company.pk).exists()


def test_it_forbids_sales_and_consultants(sales_client, company):
    assert sales_client.get(url(company)).status_code == 403
    assert sales_client.post(url(company)).status_code == 403
    assert Company.objects.filter(pk=company.pk).exists()


def test_it_404s_for_another_agency(outsider_client, company):
    assert outsider_client.post(url(company)).status_code == 404
    assert Company.objects.filter(pk=company.pk).exists()


def test_it_says_what_goes_with_the_company(admin_client, company):
    ContactFactory.create_batch(2, company=company)
    TransactionFeeFactory(company=company)
    CompanyNotesFactory(company=company)

    response = admin_client.get(url(company))

    assert "2 contacts" in response.text
    assert "1 transaction fee" in response.text
    assert "its client notes" in response.text


def test_it_deletes_the_company_and_its_children(client, manager_user, company):
    client.force_login(manager_user)
    ContactFactory(company=company)
    TransactionFeeFactory(company=company)
    CompanyNotesFactory(company=company)

    response = client.post(url(company))

    assert response.url == reverse("crm:company-list")
    assert not Company.objects.exists()
    assert not Contact.objects.exists()
    assert not TransactionFee.objects.exists()
    assert not CompanyNotes.objects.exists()
