from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db.models import Exists, OuterRef, QuerySet

from .models import Agency, AuditEntry, Invitation, User


def user_list(*, agency: Agency) -> QuerySet[User]:
    """The agency's users with ``has_2fa``: active first, then by name."""
    totp = Authenticator.objects.filter(user=OuterRef("pk"), type=Authenticator.Type.TOTP)
    return (
        User.objects.for_agency(agency)
        .annotate(has_2fa=Exists(totp))
        .order_by("-is_active", "first_name", "last_name", "email")
    )


def invitation_pending_list(*, agency: Agency) -> QuerySet[Invitation]:
    return Invitation.objects.for_agency(agency).pending().select_related("invited_by").order_by("-sent_at")


def audit_list(*, agency: Agency) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.for_agency(agency).select_related("actor", "target_user").order_by("-created_at", "-pk")


def email_pending_change(*, user: User) -> EmailAddress | None:
    """The address the user asked to change to and has not confirmed yet."""
    return EmailAddress.objects.get_new(user)
