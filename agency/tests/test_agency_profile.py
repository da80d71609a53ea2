import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from agency.models import Agency, AuditEntry
from agency.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

URL = reverse("agency:agency-profile")


def form_data(agency, **changes):
    data = {
        "name": agency.name,
        "address": agency.address,
        "phone": agency.phone,
        "email": agency.email,
        "website": agency.website,
        "vat_number": agency.vat_number,
        "company_reg_number": agency.company_reg_number,
        "employees": agency.employees,
        "business_focus": agency.business_focus,
        "contact_name": agency.contact_name,
        "timezone": agency.timezone,
        "currency": agency.currency,
    }
    if agency.require_2fa:
        data["require_2fa"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_it_requires_login(client):
    assert client.get(URL).url.startswith(reverse("account_login"))


def test_it_is_forbidden_to_a_consultant(consultant_client, agency):
    assert consultant_client.get(URL).status_code == 403
    assert consultant_client.post(URL, form_data(agency, name="Hijacked")).status_code == 403
    agency.refresh_from_db()
    assert agency.name == "Bluewave Travel"


def test_it_edits_only_the_own_agency(admin_client, agency, other_agency):
    assert admin_client.get(URL).context["form"].instance.pk == agency.pk

    response = admin_client.post(URL, form_data(agency, name="Bluewave Journeys", vat_number="123 456 789"))

    assert response.url == URL
    agency.refresh_from_db()
    assert (agency.name, agency.vat_number) == ("Bluewave Journeys", "123456789")
    other_agency.refresh_from_db()
    assert other_agency.name == "Rival Journeys"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("vat_number", "12345"),
        ("company_reg_number", "ABC"),
        ("phone", "call me"),
        ("address", "\n".join(f"line {n}" for n in range(8))),
        ("name", ""),
        ("timezone", "Mars/Olympus"),
    ],
)
def test_it_validates_like_sign_up_and_saves_nothing(admin_client, agency, field, value):
    before = Agency.objects.values().get(pk=agency.pk)

    response = admin_client.post(URL, form_data(agency, **{field: value}))

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert Agency.objects.values().get(pk=agency.pk) == before
    assert response.context["request"].agency.name == "Bluewave Travel"


@pytest.mark.parametrize("field", ["vat_number", "company_reg_number"])
def test_it_refuses_a_number_another_agency_registered(admin_client, agency, field):
    rival = AgencyFactory()

    response = admin_client.post(URL, form_data(agency, **{field: getattr(rival, field)}))

    assert "already registered" in str(response.context["form"].errors[field])


def test_it_audits_the_two_factor_policy(admin_client, admin_user, agency):
    Authenticator.objects.create(user=admin_user, type=Authenticator.Type.TOTP, data={})
    admin_client.post(URL, form_data(agency, require_2fa="on"))
    agency.refresh_from_db()
    assert agency.require_2fa

    admin_client.post(URL, form_data(agency, require_2fa=None, name="Renamed"))

    agency.refresh_from_db()
    assert not agency.require_2fa
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", "actor"))
    assert actions == [("require_2fa_on", admin_user.pk), ("require_2fa_off", admin_user.pk)]


def test_it_sends_an_admin_without_totp_to_enrolment_once_2fa_is_required(admin_client, agency):
    admin_client.post(URL, form_data(agency, require_2fa="on"))

    assert admin_client.get(URL).url == reverse("mfa_activate_totp")
