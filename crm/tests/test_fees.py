import pytest
from django.urls import reverse

from crm.models import TransactionFee

from .factories import TransactionFeeFactory

pytestmark = pytest.mark.django_db


def create_url(company):
    return reverse("crm:fee-create", kwargs={"company": company.uuid})


def edit_url(fee):
    return reverse("crm:fee-edit", kwargs={"fee": fee.uuid})


def delete_url(fee):
    return reverse("crm:fee-delete", kwargs={"fee": fee.uuid})


def data(**overrides):
    values = {"service": "international_flight", "label": "", "online_fee": "12.50", "offline_fee": "25"}
    values.update(overrides)
    return values


def test_it_requires_login(client, company):
    assert client.post(create_url(company), data()).status_code == 302
    assert not TransactionFee.objects.exists()


def test_it_forbids_consultants(consultant_client, company):
    assert consultant_client.post(create_url(company), data()).status_code == 403


def test_it_404s_for_another_agency(outsider_client, company):
    assert outsider_client.post(create_url(company), data()).status_code == 404
    assert not TransactionFee.objects.exists()


def test_it_adds_a_fee(sales_client, company):
    response = sales_client.post(create_url(company), data(label="ignored unless other"))

    fee = TransactionFee.objects.get()
    assert response.url == reverse("crm:company-notes", kwargs={"company": company.uuid})
    assert (fee.agency, fee.company, str(fee.online_fee), fee.label) == (company.agency, company, "12.50", "")


def test_it_adds_an_other_fee_with_its_label(sales_client, company):
    sales_client.post(create_url(company), data(service="other", label="Visa handling"))

    assert TransactionFee.objects.get().service_name == "Visa handling"


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("online_fee", {"online_fee": "-1"}),
        ("offline_fee", {"offline_fee": "-0.01"}),
        ("offline_fee", {"offline_fee": "ten"}),
        ("service", {"service": "spaceflight"}),
        ("label", {"service": "other", "label": ""}),
    ],
)
def test_it_refuses_bad_input(sales_client, company, field, overrides):
    response = sales_client.post(create_url(company), data(**overrides))

    assert response.context["form"].errors[field]
    assert not TransactionFee.objects.exists()


def test_it_edits_a_fee(sales_client, company):
    fee = TransactionFeeFactory(company=company)

    sales_client.post(edit_url(fee), data(service="rail", online_fee="3"))

    fee.refresh_from_db()
    assert (fee.service, str(fee.online_fee)) == ("rail", "3.00")


def test_it_keeps_the_fee_on_bad_input(sales_client, company):
    fee = TransactionFeeFactory(company=company, online_fee="5.00")

    sales_client.post(edit_url(fee), data(online_fee="-3"))

    fee.refresh_from_db()
    assert str(fee.online_fee) == "5.00"


def test_it_deletes_a_fee_by_post_only(sales_client, company):
    fee = TransactionFeeFactory(company=company)

    assert sales_client.get(delete_url(fee)).status_code == 405
    assert sales_client.post(delete_url(fee)).status_code == 302
    assert not TransactionFee.objects.exists()


def test_it_404s_on_a_fee_of_another_agency(sales_client, foreign_company):
    fee = TransactionFeeFactory(company=foreign_company)

    assert sales_client.post(delete_url(fee)).status_code == 404
    assert TransactionFee.objects.exists()
