import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from agency.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("account_login")


def login(client, email, password=TEST_PASSWORD):
    return client.post(LOGIN_URL, {"login": email, "password": password})


def test_it_logs_in_with_email_and_lands_on_the_dashboard(client, consultant):
    response = login(client, consultant.email)

    assert response.status_code == 302
    assert response.url == reverse("dashboard:home")
    assert client.get(reverse("dashboard:home")).context["user"] == consultant


def test_it_refuses_a_wrong_password(client, consultant):
    response = login(client, consultant.email, "wrong-password")

    assert response.status_code == 200
    assert "not correct" in response.text
    assert "_auth_user_id" not in client.session


def test_it_holds_an_unverified_address_at_the_verification_page(client, mailoutbox):
    user = UserFactory(verified_email=False)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)

    response = login(client, user.email)

    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_it_verifies_the_email_from_the_link_then_allows_login(client, mailoutbox, django_capture_on_commit_callbacks):
    user = UserFactory(verified_email=False)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    with django_capture_on_commit_callbacks(execute=True):
        login(client, user.email)
    link = re.search(r"http://testserver(/accounts/confirm-email/[^/\s]+/)", mailoutbox[-1].body).group(1)

    assert client.post(link).status_code == 302

    assert EmailAddress.objects.get(user=user).verified
    assert login(client, user.email).url == reverse("dashboard:home")


def test_it_rejects_a_tampered_verification_link(client, mailoutbox, django_capture_on_commit_callbacks):
    user = UserFactory(verified_email=False)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    with django_capture_on_commit_callbacks(execute=True):
        login(client, user.email)
    link = re.search(r"http://testserver(/accounts/confirm-email/[^/\s]+/)", mailoutbox[-1].body).group(1)
    tampered = link[:-3] + ("x" if link[-3] != "x" else "y") + link[-2:]

    response = client.get(tampered)
    client.post(tampered)

    assert response.status_code == 200
    assert "expired or is invalid" in response.text
    assert not EmailAddress.objects.get(user=user).verified


def test_it_logs_out_only_by_post(client, consultant):
    client.force_login(consultant)

    client.get(reverse("account_logout"))
    assert "_auth_user_id" in client.session

    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_it_rate_limits_failed_logins(client, consultant):
    for _ in range(5):
        login(client, consultant.email, "wrong-password")

    response = login(client, consultant.email)

    assert response.status_code == 429 or "Too many failed login attempts" in response.text
    assert "_auth_user_id" not in client.session


def test_it_sends_a_password_reset_link(client, consultant, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": consultant.email})

    assert mailoutbox[-1].to == [consultant.email]
    assert "/accounts/password/reset/key/" in mailoutbox[-1].body


def test_it_refuses_an_inactive_user(client):
    user = UserFactory(is_active=False)

    response = login(client, user.email)

    assert "_auth_user_id" not in client.session
    assert response.status_code in {200, 302}
