"""The company timeline: one newest-first list merged from several sources of entries.

A source answers the newest entries of one kind on a company that come before a cursor; the
timeline asks every source for one page, merges them and keeps the newest page: activities and
tickets, each one more source in ``SOURCES``; each page costs one query per source, whatever the
number of entries, and each source's query is compiled once per process
(``travault.compiled_reads``). An entry carries the named row of its source's columns that the
page shows; the rest (attendees, reminders, labels, dates) is worked out for the whole page by
``timeline_rows``.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import DateTimeField, Q, QuerySet, UUIDField

from ticketing import selectors as ticket_selectors
from travault.compiled_reads import CompiledRead, Param

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


AT = Param("at", DateTimeField())
UUID = Param("uuid", UUIDField())


def cursor_shape(source: str, cursor: Cursor | None) -> str:
    """How the rows of ``source`` that come after ``cursor`` are told apart: "" when there is no
    cursor; "<=" when ``source`` sorts before the cursor's, so its rows at the cursor's time come
    after it; "<" when it sorts after; "=" for the cursor's own source, whose ties the uuid breaks."""
    if cursor is None:
        return ""
    if source == cursor.source:
        return "="
    return "<=" if source < cursor.source else "<"


def cursor_values(cursor: Cursor | None) -> dict:
    """The values of ``AT`` and ``UUID`` for ``cursor``."""
    return {} if cursor is None else {"at": cursor.at, "uuid": cursor.uuid}


def before_cursor(queryset: QuerySet, *, shape: str, at_field: str) -> QuerySet:
    """Rows of a source that come after a cursor (at ``AT`` and ``UUID``) in newest-first order,
    for a ``cursor_shape``."""
    if shape == "<=":
        return queryset.filter(**{f"{at_field}__lte": AT})
    if shape == "<":
        return queryset.filter(**{f"{at_field}__lt": AT})
    if shape == "=":
        return queryset.filter(Q(**{f"{at_field}__lt": AT}) | Q(**{at_field: AT, "uuid__lt": UUID}))
    return queryset


def _activity_page(shape: str, limit: int) -> QuerySet:
    activities = before_cursor(selectors.timeline_activity_rows(), shape=shape, at_field="occurred_at")
    return activities.order_by("-occurred_at", "-uuid")[:limit]


def _ticket_page(shape: str, limit: int) -> QuerySet:
    tickets = before_cursor(ticket_selectors.timeline_ticket_rows(), shape=shape, at_field="created_at")
    return tickets.order_by("-created_at", "-uuid")[:limit]


ACTIVITY_PAGE = CompiledRead(_activity_page)
TICKET_PAGE = CompiledRead(_ticket_page)


def activity_entries(*, company, before: Cursor | None, limit: int) -> list[Entry]:
    activities = ACTIVITY_PAGE.rows(
        cursor_shape("activity", before), limit, agency=company.agency_id, company=company.pk, **cursor_values(before)
    )
    return [Entry(Cursor(activity.occurred_at, "activity", activity.uuid), activity) for activity in activities]


def ticket_entries(*, company, before: Cursor | None, limit: int) -> list[Entry]:
    tickets = TICKET_PAGE.rows(
        cursor_shape("ticket", before), limit, agency=company.agency_id, company=company.pk, **cursor_values(before)
    )
    return [Entry(Cursor(ticket.created_at, "ticket", ticket.uuid), ticket) for ticket in tickets]


SOURCES: tuple[Source, ...] = (activity_entries, ticket_entries)


def timeline_page(
    *, company, before: Cursor | None = None, limit: int = PAGE_SIZE, sources: tuple[Source, ...] = SOURCES
) -> TimelinePage:
    """The ``limit`` newest entries of every source that come after ``before``."""
    entries = [entry for source in sources for entry in source(company=company, before=before, limit=limit + 1)]
    entries.sort(key=lambda entry: entry.cursor, reverse=True)
    page = entries[:limit]
    return TimelinePage(entries=page, next_cursor=page[-1].cursor if len(entries) > limit else None)
