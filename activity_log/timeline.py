"""The company timeline: one newest-first list merged from several sources of entries.

A source answers the newest entries of one kind on a company that come before a cursor; the
timeline asks every source for one page, merges them and keeps the newest page: activities and
tickets, each one more source in ``SOURCES``; each page costs one query per source, whatever the
number of entries. An entry carries the named row of its source's columns that the page shows;
the rest (attendees, reminders, labels, dates) is worked out for the whole page by
``timeline_rows``.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from ticketing import selectors as ticket_selectors

from . import selectors

PAGE_SIZE = 25
CURSOR_SEPARATOR = "~"


@dataclass(frozen=True, order=True)
class Cursor:
    """A position in the timeline: entries sort by (at, source, uuid), newest first."""

    at: datetime
    source: str
    uuid: uuid.UUID

    def encode(self) -> str:
        return CURSOR_SEPARATOR.join((self.at.isoformat(), self.source, str(self.uuid)))

    @classmethod
    def decode(cls, text: str | None) -> "Cursor | None":
        """The cursor in ``text``, or None when it is missing or malformed."""
        try:
            at, source, key = (text or "").split(CURSOR_SEPARATOR)
            cursor = cls(datetime.fromisoformat(at), source, uuid.UUID(key))
        except ValueError:
            return None
        return cursor if cursor.at.tzinfo is not None else None


@dataclass(frozen=True)
class Entry:
    cursor: Cursor
    obj: object


@dataclass(frozen=True)
class TimelinePage:
    entries: list[Entry]
    next_cursor: Cursor | None


Source = Callable[..., list[Entry]]


def before_cursor(queryset: QuerySet, *, source: str, cursor: Cursor | None, at_field: str) -> QuerySet:
    """Rows of ``source`` that come after ``cursor`` in newest-first order."""
    if cursor is None:
        return queryset
    older = Q(**{f"{at_field}__lt": cursor.at})
    if source < cursor.source:
        return queryset.filter(older | Q(**{at_field: cursor.at}))
    if source == cursor.source:
        return queryset.filter(older | Q(**{at_field: cursor.at, "uuid__lt": cursor.uuid}))
    return queryset.filter(older)


def activity_entries(*, company, before: Cursor | None, limit: int) -> list[Entry]:
    activities = selectors.timeline_activity_rows(company=company)
    activities = before_cursor(activities, source="activity", cursor=before, at_field="occurred_at")
    return [
        Entry(Cursor(activity.occurred_at, "activity", activity.uuid), activity)
        for activity in activities.order_by("-occurred_at", "-uuid")[:limit]
    ]


def ticket_entries(*, company, before: Cursor | None, limit: int) -> list[Entry]:
    tickets = ticket_selectors.company_ticket_rows(agency=company.agency_id, company=company)
    tickets = before_cursor(tickets, source="ticket", cursor=before, at_field="created_at")
    return [
        Entry(Cursor(ticket.created_at, "ticket", ticket.uuid), ticket)
        for ticket in tickets.order_by("-created_at", "-uuid")[:limit]
    ]


SOURCES: tuple[Source, ...] = (activity_entries, ticket_entries)


def timeline_page(
    *, company, before: Cursor | None = None, limit: int = PAGE_SIZE, sources: tuple[Source, ...] = SOURCES
) -> TimelinePage:
    """The ``limit`` newest entries of every source that come after ``before``."""
    entries = [entry for source in sources for entry in source(company=company, before=before, limit=limit + 1)]
    entries.sort(key=lambda entry: entry.cursor, reverse=True)
    page = entries[:limit]
    return TimelinePage(entries=page, next_cursor=page[-1].cursor if len(entries) > limit else None)
