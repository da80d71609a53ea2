import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = reverse("agency:profile")


def test_it_requires_login(client):
    assert client.get(URL).url.startswith(reverse("account_login"))


def test_it_edits_only_the_own_name(consultant_client, consultant, admin_user):
    response = consultant_client.post(URL, {"first_name": "Cleo", "last_name": "Renamed", "role": "admin"})

    assert response.url == URL
    consultant.refresh_from_db()
    assert consultant.get_full_name() == "Cleo Renamed"
    assert consultant.role == "consultant"
    admin_user.refresh_from_db()
    assert admin_user.first_name != "Cleo"


def test_it_refuses_a_blank_name(consultant_client, consultant):
    before = consultant.get_full_name()

    response = consultant_client.post(URL, {"first_name": "", "last_name": "X"})

    assert response.status_code == 200
    assert response.context["form"].errors["first_name"]
    consultant.refresh_from_db()
    assert consultant.get_full_name() == before


def test_it_links_email_password_and_two_factor_and_shows_a_pending_change(consultant_client, consultant):
    EmailAddress.objects.create(user=consultant, email="cleo.new@example.com", verified=False, primary=False)

    response = consultant_client.get(URL)

    for name in ("account_email", "account_change_password", "mfa_index"):
        assert f'href="{reverse(name)}"' in response.text
    assert "Waiting for you to confirm" in response.text
    assert "cleo.new@example.com" in response.text
