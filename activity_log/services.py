"""Writes of the activity log. Keyword-only and atomic; callers pass validated data.

Every change to a company's activities recomputes ``Company.last_activity_at`` in the same
transaction, and a due reminder is marked notified in the same transaction as its outbox email.
"""

import zoneinfo
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from crm.models import Company, Contact
from travault.mail import email_send

from .models import Activity, ActivityColleague, ActivityContact, Reminder

ACTIVITY_FIELDS = ("kind", "subject", "occurred_at", "outcome", "duration_minutes", "location_type", "place", "details")
REMINDER_BATCH = 200
SNOOZE_MORNING_HOUR = 9


class Snooze:
    HOUR = "hour"
    TOMORROW = "tomorrow"
    WEEK = "week"
    CHOICES = [(HOUR, "1 hour"), (TOMORROW, "Tomorrow 09:00"), (WEEK, "Next week 09:00")]


def _assign(instance, data: Mapping[str, Any]) -> None:
    for name in ACTIVITY_FIELDS:
        if name in data:
            setattr(instance, name, data[name])


def _check_attendees(company: Company, contacts: Iterable[Contact], colleagues: Iterable) -> None:
    if any(contact.agency_id != company.agency_id or contact.company_id != company.pk for contact in contacts):
        raise ValidationError("Only contacts of the company can attend its activities.")
    if any(user.agency_id != company.agency_id for user in colleagues):
        raise ValidationError("Only colleagues of the agency can attend its activities.")


def _check_assignee(agency_id: int, assignee) -> None:
    if assignee.agency_id != agency_id or not assignee.is_active:
        raise ValidationError("A reminder can only be assigned to an active colleague of the agency.")


def _set_attendees(activity: Activity, contacts: Iterable[Contact], colleagues: Iterable) -> None:
    ActivityContact.objects.filter(agency_id=activity.agency_id, activity=activity).delete()
    ActivityColleague.objects.filter(agency_id=activity.agency_id, activity=activity).delete()
    ActivityContact.objects.bulk_create(
        ActivityContact(agency_id=activity.agency_id, activity=activity, contact=contact) for contact in set(contacts)
    )
    ActivityColleague.objects.bulk_create(
        ActivityColleague(agency_id=activity.agency_id, activity=activity, user=user) for user in set(colleagues)
    )


def company_last_activity_refresh(*, company_id: int, agency_id: int) -> datetime | None:
    """Set the company's last-activity time to its latest activity, under a lock of the company row."""
    company = Company.objects.select_for_update().get(pk=company_id, agency_id=agency_id)
    latest = Activity.objects.filter(agency_id=agency_id, company_id=company_id).aggregate(at=Max("occurred_at"))["at"]
    Company.objects.filter(pk=company.pk).update(last_activity_at=latest)
    return latest


@transaction.atomic
def activity_create(
    *,
    company: Company,
    author,
    data: Mapping[str, Any],
    contacts: Iterable[Contact] = (),
    colleagues: Iterable = (),
    reminder: Mapping[str, Any] | None = None,
) -> Activity:
    """Log an activity on ``company``; ``reminder`` (due_at, message, assignee) adds a follow-up."""
    contacts, colleagues = list(contacts), list(colleagues)
    _check_attendees(company, contacts, colleagues)
    activity = Activity(agency_id=company.agency_id, company=company, author=author)
    _assign(activity, data)
    activity.full_clean()
    activity.save()
    _set_attendees(activity, contacts, colleagues)
    if reminder is not None:
        reminder_create(
            company=company,
            created_by=author,
            activity=activity,
            due_at=reminder["due_at"],
            message=reminder["message"],
            assignee=reminder.get("assignee") or author,
        )
    company_last_activity_refresh(company_id=company.pk, agency_id=company.agency_id)
    return activity


@transaction.atomic
def activity_update(
    *, activity: Activity, data: Mapping[str, Any], contacts: Iterable[Contact] = (), colleagues: Iterable = ()
) -> Activity:
    contacts, colleagues = list(contacts), list(colleagues)
    _check_attendees(activity.company, contacts, colleagues)
    _assign(activity, data)
    activity.full_clean()
    activity.save()
    _set_attendees(activity, contacts, colleagues)
    company_last_activity_refresh(company_id=activity.company_id, agency_id=activity.agency_id)
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity) -> None:
    """Delete the activity with its attendees and follow-up reminders."""
    company_id, agency_id = activity.company_id, activity.agency_id
    activity.delete()
    company_last_activity_refresh(company_id=company_id, agency_id=agency_id)


@transaction.atomic
def reminder_create(
    *, company: Company, created_by, due_at: datetime, message: str, assignee=None, activity: Activity | None = None
) -> Reminder:
    assignee = assignee or created_by
    _check_assignee(company.agency_id, assignee)
    if due_at <= timezone.now():
        raise ValidationError("A reminder must be due in the future.")
    if activity is not None and activity.company_id != company.pk:
        raise ValidationError("The activity belongs to another company.")
    reminder = Reminder(
        agency_id=company.agency_id,
        company=company,
        activity=activity,
        due_at=due_at,
        message=message,
        assignee=assignee,
        created_by=created_by,
    )
    reminder.full_clean()
    reminder.save()
    return reminder


@transaction.atomic
def reminder_complete(*, reminder: Reminder) -> Reminder:
    """Mark the reminder done; doing it twice keeps the first time."""
    if reminder.done_at is None:
        reminder.done_at = timezone.now()
        Reminder.objects.filter(pk=reminder.pk, done_at__isnull=True).update(done_at=reminder.done_at)
    return reminder


def snooze_until(*, choice: str, now: datetime, tz: zoneinfo.ZoneInfo) -> datetime:
    """When a reminder snoozed with ``choice`` at ``now`` falls due again, in the agency's timezone."""
    if choice == Snooze.HOUR:
        return now + timedelta(hours=1)
    days = 1 if choice == Snooze.TOMORROW else 7
    local = now.astimezone(tz).date() + timedelta(days=days)
    return datetime(local.year, local.month, local.day, SNOOZE_MORNING_HOUR, tzinfo=tz)


@transaction.atomic
def reminder_snooze(*, reminder: Reminder, choice: str) -> Reminder:
    """Push the reminder to a later time; it is emailed again when that time comes."""
    tz = zoneinfo.ZoneInfo(reminder.agency.timezone)
    reminder.due_at = snooze_until(choice=choice, now=timezone.now(), tz=tz)
    reminder.notified_at = None
    reminder.done_at = None
    reminder.save(update_fields=["due_at", "notified_at", "done_at"])
    return reminder


@transaction.atomic
def reminders_send_due(*, now: datetime | None = None, limit: int = REMINDER_BATCH) -> int:
    """Email every reminder due by ``now`` to its assignee, once.

    Rows are claimed with ``SELECT ... FOR UPDATE SKIP LOCKED`` and marked notified in the same
    transaction as their outbox rows, so a concurrent run skips them and a later run finds them done.
    """
    now = now or timezone.now()
    due = list(
        Reminder.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(due_at__lte=now, notified_at__isnull=True, done_at__isnull=True, assignee__is_active=True)
        .select_related("agency", "company", "activity", "assignee")
        .order_by("due_at", "pk")[:limit]
    )
    url = settings.SITE_URL + reverse("activity_log:my-reminders")
    for reminder in due:
        with timezone.override(zoneinfo.ZoneInfo(reminder.agency.timezone)):
            email_send(
                to=[reminder.assignee.email],
                template="reminder_due",
                context={"reminder": reminder, "company": reminder.company, "activity": reminder.activity, "url": url},
                agency_id=reminder.agency_id,
            )
    Reminder.objects.filter(pk__in=[reminder.pk for reminder in due]).update(notified_at=now)
    return len(due)
