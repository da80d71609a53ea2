import pytest
from django.urls import reverse

from agency.models import AuditEntry, Invitation
from agency.tests.factories import invitation_with_token

pytestmark = pytest.mark.django_db

ROUTES = ["agency:invitation-resend", "agency:invitation-revoke"]


@pytest.fixture
def invitation(agency):
    return invitation_with_token(agency)[0]


def url(name, invitation):
    return reverse(name, kwargs={"invitation": invitation.uuid})


@pytest.mark.parametrize("name", ROUTES)
def test_it_requires_login(client, invitation, name):
    assert client.post(url(name, invitation)).url.startswith(reverse("account_login"))


@pytest.mark.parametrize("name", ROUTES)
def test_it_answers_404_to_another_agency(outsider_client, invitation, name):
    assert outsider_client.post(url(name, invitation)).status_code == 404


@pytest.mark.parametrize("name", ROUTES)
def test_it_refuses_get(admin_client, invitation, name):
    assert admin_client.get(url(name, invitation)).status_code == 405


@pytest.mark.parametrize("name", ROUTES)
def test_it_is_forbidden_to_a_consultant(consultant_client, invitation, name):
    assert consultant_client.post(url(name, invitation)).status_code == 403
    assert Invitation.objects.get().token_hash == invitation.token_hash
    assert not AuditEntry.objects.exists()


def test_it_resends(admin_client, invitation, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url("agency:invitation-resend", invitation), follow=True)

    assert "A new invitation link was sent" in response.text
    assert Invitation.objects.get().token_hash != invitation.token_hash
    assert mailoutbox[0].to == [invitation.email]


def test_it_revokes(admin_client, invitation):
    response = admin_client.post(url("agency:invitation-revoke", invitation), follow=True)

    assert "was revoked" in response.text
    assert Invitation.objects.get().revoked_at is not None
    assert list(response.context["invitations"]) == []


def test_it_explains_that_a_revoked_invitation_cannot_be_resent(admin_client, invitation, mailoutbox):
    admin_client.post(url("agency:invitation-revoke", invitation))

    response = admin_client.post(url("agency:invitation-resend", invitation), follow=True)

    assert "already been accepted or revoked" in response.text
    assert mailoutbox == []
