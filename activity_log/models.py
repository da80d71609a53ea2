from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from travault.tenancy import TenantModel

MAX_DURATION_MINUTES = 24 * 60


class Kind(models.TextChoices):
    CALL = "call", "Call"
    EMAIL = "email", "Email"
    MEETING = "meeting", "Meeting"


class Outcome(models.TextChoices):
    CONNECTED = "connected", "Connected"
    LEFT_VOICEMAIL = "left_voicemail", "Left voicemail"
    NO_ANSWER = "no_answer", "No answer"
    BUSY = "busy", "Busy"
    WRONG_NUMBER = "wrong_number", "Wrong number"
    SENT = "sent", "Sent"
    RECEIVED = "received", "Received"
    BOUNCED = "bounced", "Bounced"
    SCHEDULED = "scheduled", "Scheduled"
    COMPLETED = "completed", "Completed"
    RESCHEDULED = "rescheduled", "Rescheduled"
    NO_SHOW = "no_show", "No-show"
    CANCELLED = "cancelled", "Cancelled"


OUTCOMES_BY_KIND = {
    Kind.CALL: (Outcome.CONNECTED, Outcome.LEFT_VOICEMAIL, Outcome.NO_ANSWER, Outcome.BUSY, Outcome.WRONG_NUMBER),
    Kind.EMAIL: (Outcome.SENT, Outcome.RECEIVED, Outcome.BOUNCED),
    Kind.MEETING: (Outcome.SCHEDULED, Outcome.COMPLETED, Outcome.RESCHEDULED, Outcome.NO_SHOW, Outcome.CANCELLED),
}
KIND_OF_OUTCOME = {outcome.value: kind.value for kind, outcomes in OUTCOMES_BY_KIND.items() for outcome in outcomes}
TIMED_KINDS = (Kind.CALL, Kind.MEETING)


class LocationType(models.TextChoices):
    ONLINE = "online", "Online"
    IN_PERSON = "in_person", "In person"


def _outcome_matches_kind():
    condition = models.Q()
    for kind, outcomes in OUTCOMES_BY_KIND.items():
        condition |= models.Q(kind=kind, outcome__in=outcomes)
    return condition


class Activity(TenantModel):
    """A call, email or meeting logged on a company."""

    Kind = Kind
    Outcome = Outcome
    LocationType = LocationType

    company = models.ForeignKey("crm.Company", on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(max_length=10, choices=Kind)
    subject = models.CharField(max_length=200)
    occurred_at = models.DateTimeField("date and time")
    outcome = models.CharField(max_length=20, choices=Outcome)
    duration_minutes = models.PositiveSmallIntegerField(
        "duration (minutes)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DURATION_MINUTES)],
    )
    location_type = models.CharField("location", max_length=10, choices=LocationType, blank=True)
    place = models.CharField(max_length=255, blank=True, help_text="An address, or the link of the online meeting.")
    details = models.TextField(blank=True)
    contacts = models.ManyToManyField(
        "crm.Contact",
        through="ActivityContact",
        blank=True,
        related_name="activities",
        verbose_name="contacts attending",
    )
    colleagues = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="ActivityColleague",
        blank=True,
        related_name="+",
        verbose_name="colleagues attending",
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "activities"
        ordering = ["-occurred_at", "-uuid"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.CheckConstraint(
                condition=_outcome_matches_kind(),
                name="activity_log_activity_outcome_of_kind",
                violation_error_message="That outcome does not belong to this kind of activity.",
            ),
            models.CheckConstraint(
                condition=models.Q(duration_minutes__isnull=True)
                | models.Q(kind__in=TIMED_KINDS, duration_minutes__gte=1, duration_minutes__lte=MAX_DURATION_MINUTES),
                name="activity_log_activity_duration_valid",
                violation_error_message="Only calls and meetings have a duration, of 1 minute to 24 hours.",
            ),
            models.CheckConstraint(
                condition=models.Q(kind=Kind.MEETING, location_type__in=["", *LocationType.values])
                | models.Q(location_type="", place=""),
                name="activity_log_activity_location_for_meetings",
                violation_error_message="Only meetings have a location.",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "company", "-occurred_at"], name="activity_agency_company_idx"),
            models.Index(fields=["agency", "-occurred_at"], name="activity_agency_occurred_idx"),
            models.Index(fields=["agency", "author", "-occurred_at"], name="activity_agency_author_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.subject}"

    def get_absolute_url(self):
        return reverse("activity_log:activity-detail", kwargs={"activity": self.uuid})

    @property
    def icon(self):
        return {Kind.CALL: "bi-telephone", Kind.EMAIL: "bi-envelope", Kind.MEETING: "bi-people"}[self.kind]

    @property
    def is_timed(self):
        return self.kind in TIMED_KINDS


class ActivityContact(TenantModel):
    """A contact of the activity's company who attended it."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey("crm.Contact", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(fields=["agency", "activity", "contact"], name="activity_log_activitycontact_once"),
        ]
        indexes = [models.Index(fields=["agency", "contact"], name="activity_contact_agency_idx")]


class ActivityColleague(TenantModel):
    """A user of the agency who attended the activity."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(fields=["agency", "activity", "user"], name="activity_log_activitycolleague_once"),
        ]
        indexes = [models.Index(fields=["agency", "user"], name="activity_colleague_agency_idx")]


class Reminder(TenantModel):
    """A follow-up due at a time: emailed to its assignee once it falls due, until done."""

    company = models.ForeignKey("crm.Company", on_delete=models.CASCADE, related_name="reminders")
    activity = models.ForeignKey(Activity, null=True, blank=True, on_delete=models.CASCADE, related_name="reminders")
    due_at = models.DateTimeField("due")
    message = models.CharField(max_length=500)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    done_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at", "uuid"]
        constraints = [*TenantModel.Meta.constraints]
        indexes = [
            models.Index(
                fields=["due_at"],
                condition=models.Q(notified_at__isnull=True, done_at__isnull=True),
                name="activity_reminder_due_idx",
            ),
            models.Index(
                fields=["agency", "assignee", "due_at"],
                condition=models.Q(done_at__isnull=True),
                name="activity_reminder_open_idx",
            ),
            models.Index(fields=["agency", "company", "due_at"], name="activity_reminder_company_idx"),
        ]

    def __str__(self):
        return self.message

    @property
    def is_done(self):
        return self.done_at is not None

    @property
    def is_overdue(self):
        return self.done_at is None and self.due_at <= timezone.now()
