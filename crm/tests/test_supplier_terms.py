import pytest
from django.urls import reverse

from crm.models import SupplierTerms

from .factories import SupplierTermsFactory

pytestmark = pytest.mark.django_db


def url(company):
    return reverse("crm:supplier-terms-edit", kwargs={"company": company.uuid})


def data(**overrides):
    values = {
        "payment_terms_days": "30",
        "payment_frequency": "fortnightly",
        "credit_line": "50000",
        "form_of_payment": "virtual_card",
        "contract_start": "2027-01-01",
        "contract_end": "2027-12-31",
    }
    values.update(overrides)
    return values


def test_it_requires_login(client, supplier):
    assert client.post(url(supplier), data()).status_code == 302


def test_it_forbids_consultants(consultant_client, supplier):
    assert consultant_client.post(url(supplier), data()).status_code == 403
    assert not SupplierTerms.objects.exists()


def test_it_404s_for_another_agency(outsider_client, supplier):
    assert outsider_client.post(url(supplier), data()).status_code == 404


def test_it_404s_for_a_company_that_is_not_a_supplier(sales_client, company):
    assert sales_client.post(url(company), data()).status_code == 404
    assert not SupplierTerms.objects.exists()


def test_it_saves_the_terms(sales_client, supplier):
    response = sales_client.post(url(supplier), data())

    terms = SupplierTerms.objects.get()
    assert response.url == reverse("crm:company-supplier-terms", kwargs={"company": supplier.uuid})
    assert (terms.agency, terms.payment_frequency, terms.form_of_payment) == (
        supplier.agency,
        "fortnightly",
        "virtual_card",
    )


def test_it_updates_existing_terms(sales_client, supplier):
    SupplierTermsFactory(company=supplier)

    sales_client.post(url(supplier), data(payment_terms_days="60"))

    assert SupplierTerms.objects.get().payment_terms_days == 60


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("contract_end", {"contract_end": "2026-12-31"}),
        ("credit_line", {"credit_line": "-1"}),
        ("payment_terms_days", {"payment_terms_days": "-5"}),
        ("payment_frequency", {"payment_frequency": "yearly"}),
        ("form_of_payment", {"form_of_payment": "bitcoin"}),
    ],
)
def test_it_refuses_bad_input(sales_client, supplier, field, overrides):
    response = sales_client.post(url(supplier), data(**overrides))

    assert response.context["form"].errors[field]
    assert not SupplierTerms.objects.exists()
