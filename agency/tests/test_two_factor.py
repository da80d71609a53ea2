import pyotp
import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.urls import reverse

from agency.tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def enrol_totp(client, user):
    """Enrol TOTP the way a user does: reauthenticate, read the secret, confirm a code."""
    client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})
    response = client.get(reverse("mfa_activate_totp"))
    if response.status_code == 302:
        client.post(response.url, {"password": TEST_PASSWORD})
        response = client.get(reverse("mfa_activate_totp"))
    secret = response.context["form"].secret
    client.post(reverse("mfa_activate_totp"), {"code": pyotp.TOTP(secret).now()})
    return secret


def test_it_enrols_totp_with_a_qr_code_and_recovery_codes(client, consultant):
    client.post(reverse("account_login"), {"login": consultant.email, "password": TEST_PASSWORD})
    reauth = client.get(reverse("mfa_activate_totp"))
    assert reauth.url.startswith(reverse("account_reauthenticate"))
    client.post(reauth.url, {"password": TEST_PASSWORD})

    page = client.get(reverse("mfa_activate_totp"))
    assert 'src="data:image/svg+xml;base64,' in page.text
    secret = page.context["form"].secret
    client.post(reverse("mfa_activate_totp"), {"code": pyotp.TOTP(secret).now()})

    types = set(Authenticator.objects.filter(user=consultant).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}


def test_it_refuses_a_wrong_code_at_enrolment(client, consultant):
    client.post(reverse("account_login"), {"login": consultant.email, "password": TEST_PASSWORD})
    client.post(client.get(reverse("mfa_activate_totp")).url, {"password": TEST_PASSWORD})
    client.get(reverse("mfa_activate_totp"))

    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})

    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert not Authenticator.objects.filter(user=consultant).exists()


def test_it_asks_for_the_code_at_login(client, consultant):
    secret = enrol_totp(client, consultant)
    client.post(reverse("account_logout"))

    response = client.post(reverse("account_login"), {"login": consultant.email, "password": TEST_PASSWORD})

    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    cache.clear()  # replay protection remembers the enrolment code; a real login comes in a later window
    final = client.post(reverse("mfa_authenticate"), {"code": pyotp.TOTP(secret).now()})
    assert final.url == reverse("dashboard:home")
    assert client.session["_auth_user_id"] == str(consultant.pk)


def test_it_refuses_a_wrong_code_at_login(client, consultant):
    enrol_totp(client, consultant)
    client.post(reverse("account_logout"))
    client.post(reverse("account_login"), {"login": consultant.email, "password": TEST_PASSWORD})

    response = client.post(reverse("mfa_authenticate"), {"code": "123456"})

    assert response.status_code == 200
    assert "Incorrect code" in response.text
    assert "_auth_user_id" not in client.session


def test_it_accepts_a_recovery_code_once(client, consultant):
    enrol_totp(client, consultant)
    codes = Authenticator.objects.get(user=consultant, type=Authenticator.Type.RECOVERY_CODES).wrap().get_unused_codes()
    client.post(reverse("account_logout"))

    client.post(reverse("account_login"), {"login": consultant.email, "password": TEST_PASSWORD})
    assert client.post(reverse("mfa_authenticate"), {"code": codes[0]}).url == reverse("dashboard:home")
    client.post(reverse("account_logout"))

    client.post(reverse("account_login"), {"login": consultant.email, "password": TEST_PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200
