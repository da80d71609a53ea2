import hashlib
import secrets
import uuid
import zoneinfo
from datetime import timedelta

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from travault.display import full_name
from travault.permissions import Role
from travault.tenancy import TenantModel, TenantQuerySet

from .validators import company_reg_number_validator, phone_validator, vat_number_validator

TIMEZONE_CHOICES = [(name, name) for name in sorted(zoneinfo.available_timezones()) if "/" in name]


class Agency(models.Model):
    """A travel management company: the tenant. Every tenant row points here."""

    class Employees(models.TextChoices):
        SMALL = "1-10", "1-10"
        MEDIUM = "11-50", "11-50"
        LARGE = "51-100", "51-100"
        XLARGE = "100+", "100+"

    class BusinessFocus(models.TextChoices):
        CORPORATE = "corporate", "Corporate travel"
        LEISURE = "leisure", "Leisure travel"
        MIXED = "mixed", "Mixed"

    class Currency(models.TextChoices):
        GBP = "GBP", "GBP (£)"
        EUR = "EUR", "EUR (€)"
        USD = "USD", "USD ($)"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField("agency name", max_length=255)
    address = models.TextField(max_length=500)
    phone = models.CharField(max_length=20, validators=[phone_validator])
    email = models.EmailField()
    website = models.URLField(blank=True)
    vat_number = models.CharField("VAT number", max_length=9, unique=True, validators=[vat_number_validator])
    company_reg_number = models.CharField(
        "company registration number", max_length=8, unique=True, validators=[company_reg_number_validator]
    )
    employees = models.CharField(max_length=10, choices=Employees)
    business_focus = models.CharField(max_length=20, choices=BusinessFocus)
    contact_name = models.CharField(max_length=100)
    timezone = models.CharField(max_length=64, choices=TIMEZONE_CHOICES, default="Europe/London")
    currency = models.CharField(max_length=3, choices=Currency, default=Currency.GBP)
    require_2fa = models.BooleanField(
        "require two-factor authentication",
        default=False,
        help_text="Every user must enrol an authenticator app before using Travault.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "agencies"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(vat_number__regex=r"^[0-9]{9}$"), name="agency_agency_vat_number_format"
            ),
            models.CheckConstraint(
                condition=models.Q(company_reg_number__regex=r"^([0-9]{8}|[A-Z]{2}[0-9]{6})$"),
                name="agency_agency_company_reg_number_format",
            ),
        ]

    def __str__(self):
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def for_agency(self, agency):
        return self.get_queryset().filter(agency=agency) if agency is not None else self.none()


def user_display_name(first_name: str, last_name: str, email: str) -> str:
    """How a user is named on screen: their full name, or their email address when they gave none."""
    return full_name(first_name, last_name) or email


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an email address; belongs to one agency (platform staff to none)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(unique=True)
    first_name = models.CharField(max_length=150)
    last_name = models.CharField(max_length=150)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="users")
    role = models.CharField(max_length=20, choices=Role, default=Role.CONSULTANT)
    is_active = models.BooleanField("active", default=True)
    is_staff = models.BooleanField("staff status", default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="agency_user_email_ci_unique"),
        ]
        indexes = [models.Index(fields=["agency", "role", "is_active"], name="agency_user_agency_role_idx")]

    def __str__(self):
        return user_display_name(self.first_name, self.last_name, self.email)

    def get_full_name(self):
        return full_name(self.first_name, self.last_name)

    def get_short_name(self):
        return self.first_name or self.email

    @property
    def initials(self):
        return ((self.first_name[:1] + self.last_name[:1]) or self.email[:1]).upper()


INVITATION_MAX_AGE = timedelta(days=3)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(TenantQuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)


class Invitation(TenantModel):
    """An admin's invitation to join the agency. Only a hash of the emailed token is stored."""

    email = models.EmailField()
    first_name = models.CharField(max_length=150)
    last_name = models.CharField(max_length=150)
    role = models.CharField(max_length=20, choices=Role, default=Role.CONSULTANT)
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    user = models.OneToOneField(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitation")

    objects = InvitationQuerySet.as_manager()

    class Meta(TenantModel.Meta):
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(
                models.F("agency"),
                Lower("email"),
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="agency_invitation_one_pending_per_email",
            ),
            models.CheckConstraint(
                condition=models.Q(accepted_at__isnull=True) | models.Q(revoked_at__isnull=True),
                name="agency_invitation_not_accepted_and_revoked",
            ),
        ]
        indexes = [models.Index(fields=["agency", "-created_at"], name="agency_invitation_agency_idx")]

    def __str__(self):
        return self.email

    def get_full_name(self):
        return full_name(self.first_name, self.last_name)

    def new_token(self) -> str:
        """Give the invitation a fresh token valid for INVITATION_MAX_AGE; older links stop working."""
        token = secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        self.sent_at = timezone.now()
        self.expires_at = self.sent_at + INVITATION_MAX_AGE
        return token

    @property
    def is_pending(self):
        return self.accepted_at is None and self.revoked_at is None

    @property
    def is_expired(self):
        return timezone.now() >= self.expires_at


class AuditEntry(TenantModel):
    """One user-management action: who did what to whom, and when."""

    class Action(models.TextChoices):
        INVITE = "invite", "Invited"
        INVITE_RESEND = "invite_resend", "Resent invitation"
        INVITE_REVOKE = "invite_revoke", "Revoked invitation"
        INVITE_ACCEPT = "invite_accept", "Accepted invitation"
        ROLE_CHANGE = "role_change", "Changed role"
        DEACTIVATE = "deactivate", "Deactivated"
        REACTIVATE = "reactivate", "Reactivated"
        REQUIRE_2FA_ON = "require_2fa_on", "Required two-factor authentication"
        REQUIRE_2FA_OFF = "require_2fa_off", "Stopped requiring two-factor authentication"

    actor = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=30, choices=Action)
    target_user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    target_email = models.EmailField(blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta(TenantModel.Meta):
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["agency", "-created_at"], name="agency_auditentry_agency_idx")]

    def __str__(self):
        return f"{self.get_action_display()} {self.target_email}"
