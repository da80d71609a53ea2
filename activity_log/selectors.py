"""Reads of the activity log: the dashboard and other apps read activities and reminders here."""

import zoneinfo
from collections import defaultdict
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import BigIntegerField, F, Prefetch, Q, QuerySet
from django.db.models.lookups import In
from django.utils import timezone

from agency.models import user_display_name
from crm.models import Contact
from travault.compiled_reads import AGENCY, COMPANY, CompiledRead, param_list, param_values
from travault.display import full_name

from .models import Activity, Reminder


def activity_detail_queryset() -> QuerySet:
    """Activities with their company, author and attendees loaded, for a page that shows them."""
    return Activity.objects.select_related("company", "company__owner", "author").prefetch_related(
        Prefetch("contacts", queryset=Contact.objects.order_by("last_name", "first_name")),
        Prefetch("colleagues", queryset=get_user_model().objects.order_by("first_name", "last_name")),
        Prefetch("reminders", queryset=Reminder.objects.select_related("assignee").order_by("due_at", "uuid")),
    )


def timeline_activity_rows() -> QuerySet:
    """The activities of a company (``AGENCY`` and ``COMPANY``, the ids of a compiled read),
    unordered, as named rows of what its timeline shows of each, its author's name and email
    included."""
    return (
        Activity.objects.for_agency(AGENCY)
        .filter(company_id=COMPANY)
        .values_list(
            "pk",
            "uuid",
            "kind",
            "subject",
            "occurred_at",
            "outcome",
            "duration_minutes",
            "location_type",
            "details",
            "author__first_name",
            "author__last_name",
            "author__email",
            named=True,
        )
    )


def _attendee_pairs(count: int) -> QuerySet:
    return (
        Activity.objects.filter(pk__in=param_list("activity", count, BigIntegerField()))
        .order_by(
            "contacts__last_name",
            "contacts__first_name",
            "contacts__pk",
            "colleagues__first_name",
            "colleagues__last_name",
            "colleagues__pk",
        )
        .values_list(
            "pk",
            "contacts__pk",
            "contacts__first_name",
            "contacts__last_name",
            "colleagues__pk",
            "colleagues__first_name",
            "colleagues__last_name",
            "colleagues__email",
        )
    )


ATTENDEE_PAIRS = CompiledRead(_attendee_pairs)


def attendee_names(activities) -> dict[int, list[str]]:
    """Who attended each of ``activities``, by activity id: its contacts by last name, then its
    colleagues by first name (their email when they have no name).

    One query through both attendee tables: it answers each pair of a contact and a colleague of
    an activity (a meeting with 3 contacts and 2 colleagues is 6 rows), ordered by contact, then by
    colleague; so the contacts come first in their order, and the first contact's rows name every
    colleague in theirs."""
    ids = [activity.pk for activity in activities]
    if not ids:
        return {}
    pairs = ATTENDEE_PAIRS.rows(len(ids), **param_values("activity", ids))
    contacts, colleagues = defaultdict(dict), defaultdict(dict)
    for activity_id, contact_id, first_name, last_name, colleague_id, colleague_first, colleague_last, email in pairs:
        if contact_id is not None and contact_id not in contacts[activity_id]:
            contacts[activity_id][contact_id] = full_name(first_name, last_name)
        if colleague_id is not None and colleague_id not in colleagues[activity_id]:
            colleagues[activity_id][colleague_id] = user_display_name(colleague_first, colleague_last, email)
    return {
        activity_id: [*contacts[activity_id].values(), *colleagues[activity_id].values()]
        for activity_id in ids
        if contacts[activity_id] or colleagues[activity_id]
    }


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


def _timeline_reminders(activity_count: int) -> QuerySet:
    shown = Q(done_at__isnull=True)
    if activity_count:
        shown |= Q(In(F("activity_id"), param_list("activity", activity_count, BigIntegerField())))
    return (
        Reminder.objects.for_agency(AGENCY)
        .filter(shown, company_id=COMPANY)
        .order_by("due_at", "uuid")
        .values_list(
            "uuid",
            "message",
            "due_at",
            "done_at",
            "activity_id",
            "assignee_id",
            "created_by_id",
            "assignee__first_name",
            "assignee__last_name",
            "assignee__email",
            named=True,
        )
    )


TIMELINE_REMINDERS = CompiledRead(_timeline_reminders)


def timeline_reminder_list(*, company, activities) -> list:
    """The reminders a company timeline shows, the earliest due first: the company's open ones (its
    side panel) and every one of ``activities`` (done or not), in one query, as named rows of the
    columns the timeline shows and its rules read, their assignee's name and email included."""
    ids = [activity.pk for activity in activities]
    return TIMELINE_REMINDERS.rows(
        len(ids), agency=company.agency_id, company=company.pk, **param_values("activity", ids)
    )
