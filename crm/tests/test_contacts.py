import pytest
from django.urls import reverse

from crm.models import Contact

from .factories import ContactFactory

pytestmark = pytest.mark.django_db


def create_url(company):
    return reverse("crm:contact-create", kwargs={"company": company.uuid})


def edit_url(contact):
    return reverse("crm:contact-edit", kwargs={"contact": contact.uuid})


def delete_url(contact):
    return reverse("crm:contact-delete", kwargs={"contact": contact.uuid})


def data(**overrides):
    values = {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@acme.example", "is_booker": "on"}
    values.update(overrides)
    return values


def test_it_requires_login(client, company):
    assert client.post(create_url(company), data()).status_code == 302
    assert not Contact.objects.exists()


def test_it_forbids_consultants(consultant_client, company):
    assert consultant_client.post(create_url(company), data()).status_code == 403
    assert not Contact.objects.exists()


def test_it_404s_for_another_agency(outsider_client, company):
    assert outsider_client.post(create_url(company), data()).status_code == 404
    assert not Contact.objects.exists()


def test_it_adds_a_contact_in_the_company_agency(sales_client, company):
    response = sales_client.post(create_url(company), data())

    contact = Contact.objects.get()
    assert response.url == reverse("crm:company-contacts", kwargs={"company": company.uuid})
    assert (contact.company, contact.agency) == (company, company.agency)
    assert (contact.is_booker, contact.is_vip) == (True, False)


@pytest.mark.parametrize(("field", "value"), [("first_name", ""), ("email", "ada-at-acme")])
def test_it_refuses_bad_input(sales_client, company, field, value):
    response = sales_client.post(create_url(company), data(**{field: value}))

    assert response.context["form"].errors[field]
    assert not Contact.objects.exists()


def test_it_edits_a_contact(sales_client, company):
    contact = ContactFactory(company=company)

    response = sales_client.post(edit_url(contact), data(first_name="Augusta", is_vip="on"))

    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.first_name, contact.is_vip) == ("Augusta", True)


def test_it_404s_when_editing_a_contact_of_another_agency(sales_client, foreign_company):
    contact = ContactFactory(company=foreign_company, first_name="Keep")

    assert sales_client.post(edit_url(contact), data()).status_code == 404
    contact.refresh_from_db()
    assert contact.first_name == "Keep"


def test_it_deletes_by_post_only(admin_client, company):
    contact = ContactFactory(company=company)

    assert admin_client.get(delete_url(contact)).status_code == 405
    assert admin_client.post(delete_url(contact)).status_code == 302
    assert not Contact.objects.exists()


def test_it_forbids_sales_to_delete(sales_client, company):
    contact = ContactFactory(company=company)

    assert sales_client.post(delete_url(contact)).status_code == 403
    assert Contact.objects.exists()
