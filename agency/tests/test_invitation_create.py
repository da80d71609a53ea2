import pytest
from django.urls import reverse

from agency.models import AuditEntry, Invitation
from agency.tests.factories import invitation_with_token

pytestmark = pytest.mark.django_db

URL = reverse("agency:invitation-create")
DATA = {"first_name": "Nia", "last_name": "Person", "email": "nia@example.com", "role": "consultant"}


def test_it_requires_login(client):
    assert client.post(URL, DATA).url.startswith(reverse("account_login"))
    assert not Invitation.objects.exists()


def test_it_is_forbidden_to_a_consultant(consultant_client):
    assert consultant_client.get(URL).status_code == 403
    assert consultant_client.post(URL, DATA).status_code == 403
    assert not Invitation.objects.exists()


def test_it_invites_and_emails_the_link(admin_client, agency, mailoutbox, django_capture_on_commit_callbacks):
    assert admin_client.get(URL).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(URL, DATA)

    assert response.url == reverse("agency:user-list")
    invitation = Invitation.objects.get()
    assert (invitation.agency, invitation.email, invitation.role) == (agency, "nia@example.com", "consultant")
    assert "/invitation/" in mailoutbox[0].body


@pytest.mark.parametrize(
    ("field", "value"),
    [("email", "consultant@bluewave.example"), ("email", "not-an-email"), ("role", "owner"), ("first_name", "")],
)
def test_it_shows_form_errors_and_changes_nothing(admin_client, consultant, mailoutbox, field, value):
    response = admin_client.post(URL, {**DATA, field: value})

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Invitation.objects.exists()
    assert not AuditEntry.objects.exists()
    assert mailoutbox == []


def test_it_refuses_a_second_pending_invitation(admin_client, agency, mailoutbox):
    invitation_with_token(agency, email="nia@example.com")

    response = admin_client.post(URL, DATA)

    assert response.status_code == 200
    assert "pending invitation" in response.text
    assert Invitation.objects.count() == 1
    assert mailoutbox == []
