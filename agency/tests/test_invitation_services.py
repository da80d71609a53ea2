import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.utils import timezone

from agency import services
from agency.models import AuditEntry, Invitation, User, hash_token
from agency.tests.factories import UserFactory, invitation_with_token
from travault.permissions import Role

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-and-unusual-pass-42"


def invite(agency, admin_user, email="new.person@example.com", role=Role.CONSULTANT):
    return services.invitation_create(
        agency=agency, invited_by=admin_user, email=email, first_name="Nia", last_name="Person", role=role
    )


def token_from(message):
    return re.search(r"/invitation/([^/\s]+)/", message.body).group(1)


def test_it_creates_an_invitation_emails_a_link_audits_and_signals_seats(
    agency, admin_user, mailoutbox, django_capture_on_commit_callbacks, seat_changes
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(agency, admin_user, email="New.Person@Example.com")

    assert invitation.email == "new.person@example.com"
    assert invitation.expires_at - invitation.sent_at == timedelta(days=3)
    (message,) = mailoutbox
    assert message.to == ["new.person@example.com"]
    assert agency.name in message.subject
    token = token_from(message)
    assert invitation.token_hash == hash_token(token)
    assert token not in Invitation.objects.values_list("token_hash", flat=True)
    entry = AuditEntry.objects.get(agency=agency)
    assert (entry.action, entry.actor, entry.target_email) == ("invite", admin_user, "new.person@example.com")
    assert seat_changes == [agency.pk]


@pytest.mark.parametrize("taken", ["consultant@bluewave.example", "CONSULTANT@bluewave.example", "pending@x.example"])
def test_it_refuses_an_address_already_in_use(agency, admin_user, consultant, mailoutbox, taken):
    UserFactory(email="other@x.example", verified_email=False)
    EmailAddress.objects.create(user=consultant, email="pending@x.example", verified=False)

    with pytest.raises(ValidationError):
        invite(agency, admin_user, email=taken)

    assert not Invitation.objects.exists()
    assert not AuditEntry.objects.exists()
    assert mailoutbox == []


def test_it_refuses_a_second_pending_invitation_for_one_address(agency, admin_user):
    invite(agency, admin_user)

    with pytest.raises(ValidationError, match="pending invitation"):
        invite(agency, admin_user, email="NEW.person@example.com")

    assert Invitation.objects.count() == 1
    assert AuditEntry.objects.count() == 1


def test_it_resends_a_fresh_link_and_the_old_one_stops_working(
    agency, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    invitation, old_token = invitation_with_token(agency, sent_at=timezone.now() - timedelta(days=5))
    invitation.expires_at = timezone.now() - timedelta(days=2)
    invitation.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_resend(invitation=invitation, actor=admin_user)

    new_token = token_from(mailoutbox[-1])
    assert new_token != old_token
    assert services.invitation_get_by_token(token=new_token).pk == invitation.pk
    with pytest.raises(services.InvitationInvalid):
        services.invitation_get_by_token(token=old_token)
    assert AuditEntry.objects.get().action == "invite_resend"


def test_it_revokes_a_pending_invitation_once(agency, admin_user):
    invitation, token = invitation_with_token(agency)

    services.invitation_revoke(invitation=invitation, actor=admin_user)

    with pytest.raises(services.InvitationInvalid) as error:
        services.invitation_get_by_token(token=token)
    assert error.value.reason == "revoked"
    with pytest.raises(ValidationError):
        services.invitation_revoke(invitation=invitation, actor=admin_user)
    with pytest.raises(ValidationError):
        services.invitation_resend(invitation=invitation, actor=admin_user)
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["invite_revoke"]


def test_it_accepts_an_invitation_into_an_active_verified_user(
    agency, admin_user, django_capture_on_commit_callbacks, seat_changes
):
    invitation, token = invitation_with_token(agency, role=Role.SALES, invited_by=admin_user)

    with django_capture_on_commit_callbacks(execute=True):
        user = services.invitation_accept(token=token, password=PASSWORD)

    assert (user.agency, user.role, user.is_active, user.email) == (agency, Role.SALES, True, invitation.email)
    assert user.check_password(PASSWORD)
    assert EmailAddress.objects.get(user=user).verified
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert invitation.user == user
    entry = AuditEntry.objects.get(action="invite_accept")
    assert (entry.actor, entry.target_user) == (user, user)
    assert seat_changes == [agency.pk]


@pytest.mark.parametrize(
    ("setup", "reason"),
    [
        (lambda invitation: setattr(invitation, "accepted_at", timezone.now()), "accepted"),
        (lambda invitation: setattr(invitation, "revoked_at", timezone.now()), "revoked"),
        (lambda invitation: setattr(invitation, "expires_at", timezone.now() - timedelta(seconds=1)), "expired"),
    ],
)
def test_it_refuses_a_used_revoked_or_expired_link(agency, setup, reason, seat_changes):
    invitation, token = invitation_with_token(agency)
    setup(invitation)
    invitation.save()

    with pytest.raises(services.InvitationInvalid) as error:
        services.invitation_accept(token=token, password=PASSWORD)

    assert error.value.reason == reason
    assert not User.objects.filter(email=invitation.email).exists()
    assert seat_changes == []


def test_it_refuses_a_tampered_token(agency):
    invitation, token = invitation_with_token(agency)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    with pytest.raises(services.InvitationInvalid) as error:
        services.invitation_accept(token=tampered, password=PASSWORD)

    assert error.value.reason == "unknown"
    assert not User.objects.filter(email=invitation.email).exists()


def test_it_refuses_an_address_taken_since_the_invitation(agency, other_agency):
    invitation, token = invitation_with_token(agency)
    UserFactory(agency=other_agency, email=invitation.email)

    with pytest.raises(services.InvitationInvalid) as error:
        services.invitation_accept(token=token, password=PASSWORD)

    assert error.value.reason == "email_taken"
    assert Invitation.objects.get().is_pending


def test_it_refuses_a_weak_password_and_keeps_the_link_usable(agency):
    invitation, token = invitation_with_token(agency)

    with pytest.raises(ValidationError):
        services.invitation_accept(token=token, password="short")

    assert not User.objects.filter(email=invitation.email).exists()
    assert services.invitation_get_by_token(token=token).is_pending
