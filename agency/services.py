from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from travault.mail import email_send
from travault.permissions import Role

from .models import Agency, AuditEntry, Invitation, User, hash_token
from .seats import seats_changed

AGENCY_PROFILE_FIELDS = [
    "name",
    "address",
    "phone",
    "email",
    "website",
    "vat_number",
    "company_reg_number",
    "employees",
    "business_focus",
    "contact_name",
    "timezone",
    "currency",
    "require_2fa",
]


class InvitationInvalid(Exception):
    """The link is unknown, tampered with, used, revoked or expired; ``reason`` says which for the page."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def agency_create(
    *,
    name: str,
    address: str,
    phone: str,
    email: str,
    vat_number: str,
    company_reg_number: str,
    employees: str,
    business_focus: str,
    contact_name: str,
    website: str = "",
) -> Agency:
    agency = Agency(
        name=name,
        address=address,
        phone=phone,
        email=email,
        website=website,
        vat_number=vat_number,
        company_reg_number=company_reg_number,
        employees=employees,
        business_focus=business_focus,
        contact_name=contact_name,
    )
    agency.full_clean()
    agency.save()
    return agency


@transaction.atomic
def agency_register_admin(*, user, agency_fields: dict):
    """Create the agency and make ``user`` (unsaved) its first admin; the caller saves the user."""
    user.agency = agency_create(**agency_fields)
    user.role = Role.ADMIN
    return user


@transaction.atomic
def agency_update(*, agency: Agency, actor: User, **fields) -> Agency:
    """Save the agency profile; switching the two-factor policy is audited."""
    unknown = fields.keys() - set(AGENCY_PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"Not agency profile fields: {sorted(unknown)}")
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    policy_before = agency.require_2fa
    for name, value in fields.items():
        setattr(agency, name, value)
    agency.full_clean()
    agency.save()
    if agency.require_2fa != policy_before:
        action = AuditEntry.Action.REQUIRE_2FA_ON if agency.require_2fa else AuditEntry.Action.REQUIRE_2FA_OFF
        audit_write(agency=agency, actor=actor, action=action)
    return agency


def audit_write(
    *,
    agency: Agency,
    actor: User | None,
    action: str,
    target_user: User | None = None,
    target_email: str = "",
    **details,
) -> AuditEntry:
    return AuditEntry.objects.create(
        agency=agency,
        actor=actor,
        action=action,
        target_user=target_user,
        target_email=target_email or (target_user.email if target_user else ""),
        details=details,
    )


def email_in_use(email: str) -> bool:
    """Whether any account has this address, verified or waiting for verification."""
    return (
        User.objects.filter(email__iexact=email).exists() or EmailAddress.objects.filter(email__iexact=email).exists()
    )


def _invitation_email(*, invitation: Invitation, token: str) -> None:
    email_send(
        to=[invitation.email],
        template="invitation",
        context={
            "invitation": invitation,
            "agency_name": invitation.agency.name,
            "inviter_name": invitation.invited_by.get_full_name() if invitation.invited_by else "",
            "accept_url": settings.SITE_URL + reverse("agency:invitation-accept", kwargs={"token": token}),
            "expires_at": invitation.expires_at,
        },
        agency_id=invitation.agency_id,
    )


@transaction.atomic
def invitation_create(
    *, agency: Agency, invited_by: User, email: str, first_name: str, last_name: str, role: str
) -> Invitation:
    email = email.strip().lower()
    if email_in_use(email):
        raise ValidationError({"email": "An account already uses this email address."})
    invitation = Invitation(
        agency=agency, invited_by=invited_by, email=email, first_name=first_name, last_name=last_name, role=role
    )
    token = invitation.new_token()
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"email": "This address already has a pending invitation; resend or revoke it from the users page."}
        ) from exc
    audit_write(agency=agency, actor=invited_by, action=AuditEntry.Action.INVITE, target_email=email, role=role)
    _invitation_email(invitation=invitation, token=token)
    seats_changed(agency)
    return invitation


def _lock_pending(invitation: Invitation) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update(of=("self",)).select_related("agency", "invited_by").get(pk=invitation.pk)
    )
    if not invitation.is_pending:
        raise ValidationError("This invitation has already been accepted or revoked.")
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: Invitation, actor: User) -> Invitation:
    """Email a new link valid for another three days; the previous link stops working."""
    invitation = _lock_pending(invitation)
    token = invitation.new_token()
    invitation.save(update_fields=["token_hash", "sent_at", "expires_at"])
    audit_write(
        agency=invitation.agency, actor=actor, action=AuditEntry.Action.INVITE_RESEND, target_email=invitation.email
    )
    _invitation_email(invitation=invitation, token=token)
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor: User) -> Invitation:
    invitation = _lock_pending(invitation)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit_write(
        agency=invitation.agency, actor=actor, action=AuditEntry.Action.INVITE_REVOKE, target_email=invitation.email
    )
    return invitation


def invitation_get_by_token(*, token: str, for_update: bool = False) -> Invitation:
    """The pending, unexpired invitation behind an emailed token, or ``InvitationInvalid``."""
    invitations = Invitation.objects.select_related("agency")
    if for_update:
        invitations = invitations.select_for_update(of=("self",))
    invitation = invitations.filter(token_hash=hash_token(token)).first()
    if invitation is None:
        raise InvitationInvalid("unknown")
    if invitation.accepted_at is not None:
        raise InvitationInvalid("accepted")
    if invitation.revoked_at is not None:
        raise InvitationInvalid("revoked")
    if invitation.is_expired:
        raise InvitationInvalid("expired")
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> User:
    """Create the invited user with a verified email; the link cannot be used again."""
    invitation = invitation_get_by_token(token=token, for_update=True)
    if email_in_use(invitation.email):
        raise InvitationInvalid("email_taken")
    user = User(
        email=invitation.email,
        first_name=invitation.first_name,
        last_name=invitation.last_name,
        agency=invitation.agency,
        role=invitation.role,
    )
    password_validation.validate_password(password, user)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise InvitationInvalid("email_taken") from exc
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    invitation.accepted_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["accepted_at", "user"])
    audit_write(agency=invitation.agency, actor=user, action=AuditEntry.Action.INVITE_ACCEPT, target_user=user)
    seats_changed(invitation.agency)
    return user


def _has_other_active_admin(user: User) -> bool:
    return User.objects.filter(agency_id=user.agency_id, role=Role.ADMIN, is_active=True).exclude(pk=user.pk).exists()


def _lock_user(user: User) -> User:
    """Reload the user under a lock on their agency, so two admins' changes to roles or status run one
    after the other and the last-admin rule holds."""
    agency = Agency.objects.select_for_update().get(pk=user.agency_id)
    user.refresh_from_db()
    user.agency = agency
    return user


@transaction.atomic
def user_update_role(*, user: User, actor: User, role: str) -> User:
    user = _lock_user(user)
    if role == user.role:
        return user
    if user.role == Role.ADMIN and user.is_active and not _has_other_active_admin(user):
        raise ValidationError({"role": "This is the agency's last active admin; make someone else admin first."})
    previous = user.role
    user.role = role
    user.save(update_fields=["role"])
    audit_write(
        agency=user.agency,
        actor=actor,
        action=AuditEntry.Action.ROLE_CHANGE,
        target_user=user,
        before=previous,
        after=role,
    )
    return user


@transaction.atomic
def user_update(*, user: User, actor: User, first_name: str, last_name: str, role: str) -> User:
    user = user_update_role(user=user, actor=actor, role=role)
    user.first_name = first_name
    user.last_name = last_name
    user.save(update_fields=["first_name", "last_name"])
    return user


def _user_set_active(*, user: User, actor: User, active: bool) -> User:
    user = _lock_user(user)
    if user.is_active == active:
        return user
    if not active and user.role == Role.ADMIN and not _has_other_active_admin(user):
        raise ValidationError("This is the agency's last active admin and cannot be deactivated.")
    user.is_active = active
    user.save(update_fields=["is_active"])
    action = AuditEntry.Action.REACTIVATE if active else AuditEntry.Action.DEACTIVATE
    audit_write(agency=user.agency, actor=actor, action=action, target_user=user)
    seats_changed(user.agency)
    return user


@transaction.atomic
def user_deactivate(*, user: User, actor: User) -> User:
    """Block the user's login; everything they created stays."""
    if user.pk == actor.pk:
        raise ValidationError("You cannot deactivate yourself.")
    return _user_set_active(user=user, actor=actor, active=False)


@transaction.atomic
def user_reactivate(*, user: User, actor: User) -> User:
    return _user_set_active(user=user, actor=actor, active=True)


@transaction.atomic
def profile_update(*, user: User, first_name: str, last_name: str) -> User:
    user.first_name = first_name
    user.last_name = last_name
    user.save(update_fields=["first_name", "last_name"])
    return user
