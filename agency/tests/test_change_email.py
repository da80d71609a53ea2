import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from agency.tests.factories import TEST_PASSWORD, invitation_with_token
from travault.models import OutboundEmail

pytestmark = pytest.mark.django_db

URL = reverse("account_email")


def change_to(client, email):
    return client.post(URL, {"action_add": "", "email": email})


def test_it_keeps_the_old_address_until_the_new_one_is_confirmed(
    client, consultant, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(consultant)
    old = consultant.email

    with django_capture_on_commit_callbacks(execute=True):
        change_to(client, "cleo.new@example.com")

    consultant.refresh_from_db()
    assert consultant.email == old
    assert EmailAddress.objects.get(user=consultant, primary=True).email == old
    assert not EmailAddress.objects.get(email="cleo.new@example.com").verified
    (message,) = mailoutbox
    assert message.to == ["cleo.new@example.com"]
    client.post(reverse("account_logout"))
    assert client.post(reverse("account_login"), {"login": old, "password": TEST_PASSWORD}).url == reverse(
        "dashboard:home"
    )

    link = re.search(r"http://testserver(/accounts/confirm-email/[^/\s]+/)", message.body).group(1)
    client.post(link)

    consultant.refresh_from_db()
    assert consultant.email == "cleo.new@example.com"
    assert list(EmailAddress.objects.filter(user=consultant).values_list("email", "primary", "verified")) == [
        ("cleo.new@example.com", True, True)
    ]


@pytest.mark.parametrize("taken", ["admin@bluewave.example", "ADMIN@bluewave.example", "admin@rival.example"])
def test_it_refuses_an_address_any_account_uses(client, consultant, admin_user, outsider, mailoutbox, taken):
    client.force_login(consultant)

    response = change_to(client, taken)

    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert list(EmailAddress.objects.filter(user=consultant).values_list("email", flat=True)) == [consultant.email]
    assert mailoutbox == []
    assert not OutboundEmail.objects.exists()


def test_it_refuses_an_address_with_a_pending_invitation(client, consultant, other_agency, mailoutbox):
    invitation, _ = invitation_with_token(other_agency, email="invited@example.com")
    client.force_login(consultant)

    response = change_to(client, "Invited@example.com")

    assert "pending invitation" in str(response.context["form"].errors["email"])
    assert not EmailAddress.objects.filter(email__iexact=invitation.email).exists()
    assert mailoutbox == []
