import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from agency.models import Agency, User
from agency.tests.factories import AgencyFactory, UserFactory
from travault.models import OutboundEmail
from travault.permissions import Role

pytestmark = pytest.mark.django_db

SIGNUP_URL = reverse("account_signup")


def signup_data(**overrides):
    data = {
        "agency_name": "Northern Lights Travel",
        "address": "4 Quay Side\nNewcastle\nNE1 3DX",
        "phone": "+44 191 496 0000",
        "agency_email": "",
        "website": "https://northernlights.example",
        "vat_number": "987654321",
        "company_reg_number": "NL654321",
        "employees": "11-50",
        "business_focus": "corporate",
        "first_name": "Nora",
        "last_name": "Lindqvist",
        "email": "nora@northernlights.example",
        "password1": "a-long-and-unusual-pass-42",
        "password2": "a-long-and-unusual-pass-42",
    }
    data.update(overrides)
    return data


def assert_nothing_created():
    assert not Agency.objects.filter(name="Northern Lights Travel").exists()
    assert not User.objects.filter(email="nora@northernlights.example").exists()


def test_it_shows_the_agency_and_admin_fields(client):
    response = client.get(SIGNUP_URL)

    assert response.status_code == 200
    for label in ["Agency name", "VAT number", "Company registration number", "Your first name", "Password"]:
        assert label in response.text


def test_it_registers_the_agency_and_its_first_admin(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SIGNUP_URL, signup_data())

    assert response.status_code == 302
    agency = Agency.objects.get(name="Northern Lights Travel")
    user = User.objects.get(email="nora@northernlights.example")
    assert user.agency == agency
    assert user.role == Role.ADMIN
    assert (user.first_name, user.last_name) == ("Nora", "Lindqvist")
    assert agency.email == "nora@northernlights.example"
    assert agency.contact_name == "Nora Lindqvist"
    assert (agency.timezone, agency.currency) == ("Europe/London", "GBP")
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["nora@northernlights.example"]
    assert re.search(r"/accounts/confirm-email/[^/\s]+/", mailoutbox[0].body)


def test_it_normalises_the_registration_number(client):
    client.post(SIGNUP_URL, signup_data(company_reg_number="nl 654321"))

    assert Agency.objects.get(name="Northern Lights Travel").company_reg_number == "NL654321"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"vat_number": "12345678"}, "vat_number", "exactly 9 digits"),
        ({"vat_number": "12345678A"}, "vat_number", "exactly 9 digits"),
        ({"company_reg_number": "1234567"}, "company_reg_number", "8 digits, or 2 capital letters"),
        ({"company_reg_number": "ABC12345"}, "company_reg_number", "8 digits, or 2 capital letters"),
        ({"email": "not-an-email"}, "email", "valid email"),
        ({"password1": "password", "password2": "password"}, "password1", "too common"),
        ({"password2": "something-else-entirely-7"}, "password2", "same password"),
        ({"address": "1\n2\n3\n4\n5\n6\n7"}, "address", "at most 6 lines"),
        ({"employees": "5000"}, "employees", "valid choice"),
        ({"agency_name": ""}, "agency_name", "required"),
    ],
)
def test_it_refuses_bad_input_and_creates_nothing(client, mailoutbox, overrides, field, message):
    response = client.post(SIGNUP_URL, signup_data(**overrides))

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors
    assert_nothing_created()
    assert not OutboundEmail.objects.exists()
    assert mailoutbox == []


def test_it_refuses_a_vat_number_already_registered(client):
    AgencyFactory(vat_number="987654321")

    response = client.post(SIGNUP_URL, signup_data())

    assert "already registered" in " ".join(response.context["form"].errors["vat_number"])
    assert_nothing_created()


def test_it_refuses_a_registration_number_already_registered(client):
    AgencyFactory(company_reg_number="NL654321")

    response = client.post(SIGNUP_URL, signup_data())

    assert "already registered" in " ".join(response.context["form"].errors["company_reg_number"])
    assert_nothing_created()


def test_it_refuses_an_email_already_in_use(client):
    existing = UserFactory(email="nora@northernlights.example")

    response = client.post(SIGNUP_URL, signup_data(email="Nora@NorthernLights.example"))

    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not Agency.objects.filter(name="Northern Lights Travel").exists()
    assert User.objects.filter(email__iexact="nora@northernlights.example").get() == existing
