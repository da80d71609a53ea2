import pytest
from django.urls import reverse

from .factories import CompanyFactory, CompanyNotesFactory, ContactFactory, SupplierTermsFactory, TransactionFeeFactory

pytestmark = pytest.mark.django_db

TABS = ["crm:company-detail", "crm:company-contacts", "crm:company-notes"]


def url(name, company):
    return reverse(name, kwargs={"company": company.uuid})


@pytest.mark.parametrize("name", TABS)
def test_it_requires_login(client, company, name):
    assert client.get(url(name, company)).url.startswith(reverse("account_login"))


@pytest.mark.parametrize("name", TABS)
def test_it_404s_for_another_agency(outsider_client, company, name):
    assert outsider_client.get(url(name, company)).status_code == 404


@pytest.mark.parametrize("name", TABS)
def test_it_refuses_post(consultant_client, company, name):
    assert consultant_client.post(url(name, company)).status_code == 405


def test_it_shows_the_details_tab(consultant_client, company, agency):
    company.street, company.phone, company.website = "1 Park Row", "+44 113 000", "https://acme.example"
    company.expected_annual_spend = 250000
    company.save()
    sister = CompanyFactory(agency=agency, name="Acme Sister")
    company.linked_companies.add(sister, through_defaults={"agency": agency})

    response = consultant_client.get(url("crm:company-detail", company))

    assert response.status_code == 200
    for text in ["1 Park Row", "+44 113 000", "https://acme.example", "Acme Sister", "GBP 250,000.00"]:
        assert text in response.text
    assert 'aria-current="page" href="{}"'.format(url("crm:company-detail", company)) in response.text


def test_it_shows_links_from_the_other_side(consultant_client, company, agency):
    parent = CompanyFactory(agency=agency, name="Acme Holdings")
    parent.linked_companies.add(company, through_defaults={"agency": agency})

    assert "Acme Holdings" in consultant_client.get(url("crm:company-detail", company)).text


def test_it_hides_edit_and_delete_from_consultants(consultant_client, company):
    response = consultant_client.get(url("crm:company-detail", company))

    assert url("crm:company-edit", company) not in response.text
    assert url("crm:company-delete", company) not in response.text


def test_it_shows_delete_to_admins_and_managers_only(client, sales_user, manager_user, company):
    client.force_login(sales_user)
    assert url("crm:company-delete", company) not in client.get(url("crm:company-detail", company)).text
    client.force_login(manager_user)
    assert url("crm:company-delete", company) in client.get(url("crm:company-detail", company)).text


def test_it_escapes_user_text(consultant_client, agency):
    company = CompanyFactory(agency=agency, name="<script>alert(1)</script>", description="<b>bold</b>")

    response = consultant_client.get(url("crm:company-detail", company))

    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;b&gt;bold&lt;/b&gt;" in response.text


def test_it_shows_the_supplier_terms_tab_only_for_suppliers(consultant_client, company, supplier):
    terms_url = url("crm:company-supplier-terms", supplier)

    assert terms_url in consultant_client.get(url("crm:company-detail", supplier)).text
    company_page = consultant_client.get(url("crm:company-detail", company)).text
    assert url("crm:company-supplier-terms", company) not in company_page
    assert consultant_client.get(url("crm:company-supplier-terms", company)).status_code == 404


def test_it_shows_supplier_terms(consultant_client, supplier):
    SupplierTermsFactory(company=supplier, payment_terms_days=45, credit_line=10000)

    response = consultant_client.get(url("crm:company-supplier-terms", supplier))

    assert "45" in response.text
    assert "Monthly" in response.text
    assert "Bank transfer" in response.text


def test_it_shows_contacts_primary_first(consultant_client, company):
    ContactFactory(company=company, first_name="Zed", last_name="Aardvark")
    ContactFactory(company=company, first_name="Amy", last_name="Zebra", is_primary=True, is_vip=True)

    response = consultant_client.get(url("crm:company-contacts", company))

    assert [c.first_name for c in response.context["contacts"]] == ["Amy", "Zed"]
    assert "VIP" in response.text


def test_it_shows_notes_fees_and_key_contacts(consultant_client, company):
    CompanyNotesFactory(company=company, travel_policy="Business class over 6h")
    TransactionFeeFactory(company=company, service="other", label="Visa handling", online_fee="7.50")
    ContactFactory(company=company, first_name="Bea", is_booker=True)
    ContactFactory(company=company, first_name="Cal")

    response = consultant_client.get(url("crm:company-notes", company))

    assert "Business class over 6h" in response.text
    assert "Visa handling" in response.text
    assert "GBP 7.50" in response.text
    assert [c.first_name for c in response.context["key_contacts"]] == ["Bea"]


def fill(company, rows):
    other = CompanyFactory(agency=company.agency)
    for _ in range(rows):
        company.linked_companies.add(CompanyFactory(agency=company.agency), through_defaults={"agency": company.agency})
        ContactFactory(company=company, is_booker=True)
        TransactionFeeFactory(company=company)
    other.linked_companies.add(company, through_defaults={"agency": company.agency})
    CompanyNotesFactory(company=company)


# session, user, agency, the company with its owner, then the tab's own reads
@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize(
    ("name", "queries"), [("crm:company-detail", 5), ("crm:company-contacts", 5), ("crm:company-notes", 7)]
)
def test_it_runs_a_fixed_number_of_queries(consultant_client, company, rows, name, queries, django_assert_num_queries):
    fill(company, rows)

    with django_assert_num_queries(queries):
        response = consultant_client.get(url(name, company))

    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 50])
def test_it_runs_a_fixed_number_of_queries_on_supplier_terms(
    consultant_client, supplier, rows, django_assert_num_queries
):
    SupplierTermsFactory(company=supplier)
    fill(supplier, rows)

    with django_assert_num_queries(5):
        consultant_client.get(url("crm:company-supplier-terms", supplier))
