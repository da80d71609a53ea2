from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from agency.models import Invitation, User
from agency.tests.factories import invitation_with_token

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-and-unusual-pass-42"


def url(token):
    return reverse("agency:invitation-accept", kwargs={"token": token})


def test_it_shows_the_set_password_form(client, agency):
    invitation, token = invitation_with_token(agency)

    response = client.get(url(token))

    assert response.status_code == 200
    assert f"Join {agency.name}" in response.text
    assert invitation.email in response.text


def test_it_creates_the_user_logs_them_in_and_lands_on_the_dashboard(client, agency):
    invitation, token = invitation_with_token(agency)

    response = client.post(url(token), {"password1": PASSWORD, "password2": PASSWORD})

    assert response.url == reverse("dashboard:home")
    user = User.objects.get(email=invitation.email)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get(reverse("dashboard:home")).status_code == 200


def test_it_lets_the_new_user_log_in_again_with_the_password(client, agency):
    invitation, token = invitation_with_token(agency)
    client.post(url(token), {"password1": PASSWORD, "password2": PASSWORD})
    client.post(reverse("account_logout"))

    response = client.post(reverse("account_login"), {"login": invitation.email, "password": PASSWORD})

    assert response.url == reverse("dashboard:home")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"password1": PASSWORD, "password2": PASSWORD + "x"}, "password2"),
        ({"password1": "password", "password2": "password"}, "password1"),
        ({"password1": "", "password2": ""}, "password1"),
    ],
)
def test_it_shows_password_errors_and_creates_nobody(client, agency, data, field):
    invitation, token = invitation_with_token(agency)

    response = client.post(url(token), data)

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not User.objects.filter(email=invitation.email).exists()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("change", "status", "text"),
    [
        ({"accepted_at": timezone.now()}, 410, "already been used"),
        ({"revoked_at": timezone.now()}, 410, "withdrawn"),
        ({"expires_at": timezone.now() - timedelta(minutes=1)}, 410, "expired"),
    ],
)
def test_it_shows_a_clear_page_for_a_used_revoked_or_expired_link(client, agency, change, status, text):
    invitation, token = invitation_with_token(agency)
    Invitation.objects.filter(pk=invitation.pk).update(**change)

    for response in (client.get(url(token)), client.post(url(token), {"password1": PASSWORD, "password2": PASSWORD})):
        assert response.status_code == status
        assert text in response.text
    assert not User.objects.filter(email=invitation.email).exists()
    assert "_auth_user_id" not in client.session


def test_it_shows_a_clear_page_for_a_tampered_link(client, agency):
    invitation, token = invitation_with_token(agency)
    tampered = token[:-2] + ("zz" if not token.endswith("zz") else "yy")

    response = client.post(url(tampered), {"password1": PASSWORD, "password2": PASSWORD})

    assert response.status_code == 404
    assert "not valid" in response.text
    assert not User.objects.filter(email=invitation.email).exists()
    assert "_auth_user_id" not in client.session


def test_it_works_only_once(client, agency):
    invitation, token = invitation_with_token(agency)
    client.post(url(token), {"password1": PASSWORD, "password2": PASSWORD})
    client.post(reverse("account_logout"))

    response = client.post(url(token), {"password1": "another-long-pass-99", "password2": "another-long-pass-99"})

    assert response.status_code == 410
    assert User.objects.get(email=invitation.email).check_password(PASSWORD)
    assert "_auth_user_id" not in client.session


def test_it_refuses_a_signed_in_user(consultant_client, consultant, agency):
    _, token = invitation_with_token(agency)

    response = consultant_client.post(url(token), {"password1": PASSWORD, "password2": PASSWORD})

    assert response.status_code == 404
    assert "already signed in" in response.text
    assert Invitation.objects.get().is_pending
    assert consultant_client.session["_auth_user_id"] == str(consultant.pk)
