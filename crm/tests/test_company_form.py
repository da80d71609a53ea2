import pytest
from django.urls import reverse

from crm.models import Company, CompanyLink

from .factories import CompanyFactory

pytestmark = pytest.mark.django_db

CREATE = reverse("crm:company-create")


def valid_data(**overrides):
    data = {
        "name": "Northwind Traders",
        "website": "https://northwind.example",
        "company_type": "prospect",
        "client_type": "travel",
        "stage": "lead",
        "owner": "",
        "industry": "finance",
        "expected_annual_spend": "125000.50",
        "expected_close_date": "2027-03-31",
        "email": "travel@northwind.example",
        "linkedin": "https://www.linkedin.com/company/northwind",
        "city": "Bristol",
    }
    data.update(overrides)
    return data


def test_it_requires_login(client):
    assert client.get(CREATE).url.startswith(reverse("account_login"))


def test_it_forbids_consultants(consultant_client):
    assert consultant_client.get(CREATE).status_code == 403
    assert consultant_client.post(CREATE, valid_data()).status_code == 403
    assert not Company.objects.exists()


def test_it_shows_the_form(sales_client):
    response = sales_client.get(CREATE)

    assert response.status_code == 200
    assert 'name="name"' in response.text


def test_it_creates_a_company_in_the_agency(sales_client, agency, sales_user, company):
    data = valid_data(owner=sales_user.pk, linked_companies=[company.pk])

    response = sales_client.post(CREATE, data)

    created = Company.objects.get(name="Northwind Traders")
    assert response.url == created.get_absolute_url()
    assert created.agency == agency
    assert created.owner == sales_user
    assert str(created.expected_annual_spend) == "125000.50"
    assert created.last_activity_at is not None
    assert list(created.linked_companies.all()) == [company]
    assert CompanyLink.objects.get().agency == agency


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ""),
        ("email", "not-an-email"),
        ("website", "not a url"),
        ("linkedin", "javascript:alert(1)"),
        ("expected_annual_spend", "lots"),
        ("expected_annual_spend", "-5"),
        ("stage", "won-ish"),
        ("company_type", "partner"),
        ("industry", "piracy"),
        ("expected_close_date", "2027-02-31"),
    ],
)
def test_it_refuses_bad_input(sales_client, field, value):
    response = sales_client.post(CREATE, valid_data(**{field: value}))

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Company.objects.exists()


def test_it_refuses_an_owner_of_another_agency(sales_client, outsider):
    response = sales_client.post(CREATE, valid_data(owner=outsider.pk))

    assert response.context["form"].errors["owner"]
    assert not Company.objects.exists()


def test_it_refuses_a_consultant_as_owner(sales_client, consultant):
    response = sales_client.post(CREATE, valid_data(owner=consultant.pk))

    assert response.context["form"].errors["owner"]


def test_it_refuses_a_linked_company_of_another_agency(sales_client, foreign_company):
    response = sales_client.post(CREATE, valid_data(linked_companies=[foreign_company.pk]))

    assert response.context["form"].errors["linked_companies"]
    assert not Company.objects.filter(name="Northwind Traders").exists()


def edit_url(company):
    return reverse("crm:company-edit", kwargs={"company": company.uuid})


def test_it_forbids_consultants_to_edit(consultant_client, company):
    assert consultant_client.post(edit_url(company), valid_data()).status_code == 403
    company.refresh_from_db()
    assert company.name == "Acme Pharma"


def test_it_edits_a_company(sales_client, company, agency):
    other = CompanyFactory(agency=agency, name="Sister Co")

    response = sales_client.post(edit_url(company), valid_data(name="Acme Pharma Group", linked_companies=[other.pk]))

    assert response.status_code == 302
    company.refresh_from_db()
    assert company.name == "Acme Pharma Group"
    assert list(company.linked_companies.all()) == [other]


def test_it_does_not_offer_a_company_as_linked_to_itself(sales_client, company):
    response = sales_client.post(edit_url(company), valid_data(linked_companies=[company.pk]))

    assert response.context["form"].errors["linked_companies"]


def test_it_keeps_the_company_unchanged_on_bad_input(sales_client, company):
    response = sales_client.post(edit_url(company), valid_data(name="Renamed", email="bad"))

    assert response.status_code == 200
    company.refresh_from_db()
    assert company.name == "Acme Pharma"
