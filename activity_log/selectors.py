"""Reads of the activity log: the dashboard and other apps read activities and reminders here."""

import zoneinfo
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from crm.models import Contact

from .models import Activity, Reminder


def activity_detail_queryset() -> QuerySet:
    """Activities with their company, author and attendees loaded, for a page that shows them."""
    return Activity.objects.select_related("company", "company__owner", "author").prefetch_related(
        Prefetch("contacts", queryset=Contact.objects.order_by("last_name", "first_name")),
        Prefetch("colleagues", queryset=get_user_model().objects.order_by("first_name", "last_name")),
        Prefetch("reminders", queryset=Reminder.objects.select_related("assignee").order_by("due_at", "uuid")),
    )


def recent_activities(agency, limit: int = 10) -> list[Activity]:
    """The latest activities logged across ``agency``, newest first."""
    return list(
        Activity.objects.for_agency(agency)
        .select_related("company", "author")
        .order_by("-occurred_at", "-uuid")[:limit]
    )


def _start_of_tomorrow(agency, now: datetime) -> datetime:
    tz = zoneinfo.ZoneInfo(agency.timezone)
    tomorrow = now.astimezone(tz).date() + timedelta(days=1)
    return datetime.combine(tomorrow, time.min, tzinfo=tz)


def reminders_open_for(user) -> QuerySet:
    """Every reminder assigned to ``user`` that is not done yet, the earliest first."""
    return (
        Reminder.objects.for_agency(user.agency)
        .filter(assignee=user, done_at__isnull=True)
        .select_related("company", "activity")
        .order_by("due_at", "uuid")
    )


def reminders_due_for(user, *, now: datetime | None = None, limit: int | None = None) -> list[Reminder]:
    """The user's open reminders due today (in the agency's timezone) or overdue, the earliest
    first, at most ``limit`` of them if given, for the dashboard."""
    if user.agency is None:
        return []
    end = _start_of_tomorrow(user.agency, now or timezone.now())
    return list(reminders_open_for(user).filter(due_at__lt=end)[:limit])


def reminder_list_for_company(*, company) -> QuerySet:
    return (
        Reminder.objects.filter(agency_id=company.agency_id, company=company, done_at__isnull=True)
        .select_related("assignee", "activity")
        .order_by("due_at", "uuid")
    )
