import pyotp
import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from agency.tests.factories import TEST_PASSWORD
from agency.tests.test_two_factor import enrol_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict_agency(agency):
    agency.require_2fa = True
    agency.save()
    return agency


@pytest.mark.parametrize("name", ["dashboard:home", "agency:profile", "agency:user-list", "mfa_index"])
def test_it_sends_a_user_without_totp_to_enrolment(consultant_client, strict_agency, name):
    response = consultant_client.get(reverse(name))

    assert response.url == reverse("mfa_activate_totp")


def test_it_lets_the_user_reauthenticate_enrol_and_continue(client, consultant, strict_agency):
    client.post(reverse("account_login"), {"login": consultant.email, "password": TEST_PASSWORD})
    reauth = client.get(reverse("mfa_activate_totp"))
    assert reauth.url.startswith(reverse("account_reauthenticate"))
    assert client.get(reauth.url).status_code == 200
    client.post(reauth.url, {"password": TEST_PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert "requires two-factor authentication" in page.text

    client.post(reverse("mfa_activate_totp"), {"code": pyotp.TOTP(page.context["form"].secret).now()})

    assert client.get(reverse("dashboard:home")).status_code == 200


def test_it_lets_the_user_log_out(consultant_client, strict_agency):
    response = consultant_client.post(reverse("account_logout"))

    assert response.url == reverse("dashboard:landing")
    assert "_auth_user_id" not in consultant_client.session


def test_it_leaves_users_of_other_agencies_alone(outsider_client, strict_agency):
    assert outsider_client.get(reverse("dashboard:home")).status_code == 200


def test_it_refuses_to_disable_totp_when_the_agency_requires_it(client, consultant, agency):
    enrol_totp(client, consultant)
    agency.require_2fa = True
    agency.save()

    response = client.post(reverse("mfa_deactivate_totp"))

    assert response.status_code == 200
    assert "requires two-factor authentication" in response.text
    assert Authenticator.objects.filter(user=consultant, type=Authenticator.Type.TOTP).exists()


def test_it_allows_disabling_totp_otherwise(client, consultant):
    enrol_totp(client, consultant)

    client.post(reverse("mfa_deactivate_totp"))

    assert not Authenticator.objects.filter(user=consultant, type=Authenticator.Type.TOTP).exists()


def test_it_lets_an_enrolled_user_manage_and_regenerate_recovery_codes(client, consultant, strict_agency):
    enrol_totp(client, consultant)
    before = Authenticator.objects.get(user=consultant, type=Authenticator.Type.RECOVERY_CODES).wrap()

    assert client.get(reverse("mfa_index")).status_code == 200
    client.post(reverse("mfa_generate_recovery_codes"))

    after = Authenticator.objects.get(user=consultant, type=Authenticator.Type.RECOVERY_CODES).wrap()
    assert after.get_unused_codes() != before.get_unused_codes()
