"""The company timeline's rows: what each entry and each open reminder shows, worked out once per
page so that the template only prints it.

Every entry, whatever its source, is one ``TimelineRow``: an icon, a linked title, a time, a line
of facts around a badge, then optional attendees, text and reminders. Each source has a row
builder in ``ROW_BUILDERS`` that takes all of the page's objects of that source at once: one
reverse for every link, labels from the choices, dates formatted as the ``date`` filter would in
the agency's time zone. The reminders the page shows (the company's open ones in the side panel,
every one of the activities on the page) come in one query, the attendees in another.

Labels, icons and dates hold no user text: they are escaped once (at import, or once per page for
the translated day and month names) and reach the template safe; every user text (subjects,
names, messages) is left to the template's autoescaping, apart from the entries' texts, which
go through ``linebreaksbr`` as the template filter did.
"""

import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from agency.models import user_display_name
from ticketing.models import Category, Priority, Status
from travault.display import NUMBER_PLACEHOLDER, Dates, HtmlList, row_template_variants, urls_for

from . import selectors
from .models import Kind, LocationType, Outcome
from .rules import can_complete
from .timeline import Entry

ACTIVITY_TEXT_LENGTH = 300
TICKET_TEXT_LENGTH = 200
ENTRY_TEMPLATE = "activity_log/_timeline_entry.html"
# What an entry of the entry template prints.
ENTRY_VALUES = (
    "kind",
    "icon",
    "url",
    "title",
    "at",
    "at_text",
    "label",
    "badge",
    "facts",
    "attendees",
    "text",
    "reminders",
)
ENTRY_REMINDER_TEMPLATE = "activity_log/_timeline_entry_reminder.html"
ENTRY_REMINDER_VALUES = ("message", "due")


def _escaped(choices) -> dict[str, SafeString]:
    return {value: escape(label) for value, label in choices}


_KIND_LABELS = _escaped(Kind.choices)
_OUTCOME_LABELS = _escaped(Outcome.choices)
_LOCATION_LABELS = dict(LocationType.choices)
_CATEGORY_LABELS = _escaped(Category.choices)
_STATUS_LABELS = _escaped(Status.choices)
_PRIORITY_LABELS = dict(Priority.choices)
_ICONS = {
    Kind.CALL: SafeString("bi-telephone"),
    Kind.EMAIL: SafeString("bi-envelope"),
    Kind.MEETING: SafeString("bi-people"),
    "ticket": SafeString("bi-life-preserver"),
}
_ICON_KINDS = {kind: SafeString(kind) for kind in _ICONS}


@dataclass(frozen=True, slots=True)
class ActivityReminder:
    message: str
    done: bool
    due: str


@dataclass(frozen=True, slots=True)
class TimelineRow:
    """One entry: ``kind`` names the icon's colour (call, email, meeting or ticket); ``facts``
    follows the badge (" · 25 min · by Sam Ray"); ``text`` is the entry's text, cut, escaped and
    with its line breaks."""

    kind: str
    icon: str
    url: str
    title: str
    at: str
    at_text: str
    label: str
    badge: str
    facts: str
    attendees: str = ""
    text: str = ""
    reminders: tuple[ActivityReminder, ...] = ()


@dataclass(frozen=True, slots=True)
class ReminderRow:
    """One open reminder of the side panel; ``done_url`` is empty when the user may not mark it done."""

    uuid: str
    message: str
    due: str
    overdue: bool
    assignee: str
    done_url: str


@dataclass(frozen=True, slots=True)
class TimelineRows:
    entries: list[TimelineRow]
    reminders: list[ReminderRow]


@dataclass(frozen=True, slots=True)
class Shared:
    """What every row builder of a page uses: the dates, and the reminders of the page's
    activities by activity id."""

    dates: Dates
    activity_reminders: dict[int, list]


def _text(text: str, length: int) -> str:
    """``text|truncatechars:length|linebreaksbr``: Truncator's NFC form, cut with an ellipsis only
    when longer (Truncator's own walk only then), escaped, with a <br> for each line break."""
    if not text:
        return ""
    normal = unicodedata.normalize("NFC", text)
    return linebreaksbr(normal if len(normal) <= length else Truncator(normal).chars(length))


def activity_rows(activities: list, shared: Shared) -> list[TimelineRow]:
    """Rows for ``activities`` (rows of ``selectors.timeline_activity_rows``); their attendees are
    read here, in one query."""
    url = urls_for("activity_log:activity-detail", "activity")
    attendees = selectors.attendee_names(activities)
    dates = shared.dates
    rows = []
    for activity in activities:
        local = dates.local(activity.occurred_at)
        facts = f" · {activity.duration_minutes} min" if activity.duration_minutes else ""
        if activity.location_type:
            facts += f" · {_LOCATION_LABELS.get(activity.location_type, activity.location_type)}"
        author = user_display_name(activity.author__first_name, activity.author__last_name, activity.author__email)
        rows.append(
            TimelineRow(
                kind=_ICON_KINDS[activity.kind],
                icon=_ICONS[activity.kind],
                url=url(activity.uuid),
                title=activity.subject,
                at=dates.iso(local),
                at_text=dates.stamp(local),
                label=_KIND_LABELS.get(activity.kind, activity.kind),
                badge=_OUTCOME_LABELS.get(activity.outcome, activity.outcome),
                facts=f"{facts} · by {author}",
                attendees=", ".join(attendees.get(activity.pk, ())),
                text=_text(activity.details, ACTIVITY_TEXT_LENGTH),
                reminders=tuple(
                    ActivityReminder(
                        reminder.message, reminder.done_at is not None, dates.day_and_time(dates.local(reminder.due_at))
                    )
                    for reminder in shared.activity_reminders.get(activity.pk, ())
                ),
            )
        )
    return rows


def ticket_rows(tickets: list, shared: Shared) -> list[TimelineRow]:
    """Rows for ``tickets`` (rows of ``ticketing.selectors.timeline_ticket_rows``)."""
    url = urls_for("ticketing:ticket-detail", "number", NUMBER_PLACEHOLDER)
    dates = shared.dates
    rows = []
    for ticket in tickets:
        local = dates.local(ticket.created_at)
        facts = f" · {_PRIORITY_LABELS.get(ticket.priority, ticket.priority)} priority"
        if ticket.assignee_id is not None:
            assignee = user_display_name(
                ticket.assignee__first_name, ticket.assignee__last_name, ticket.assignee__email
            )
            facts += f" · assigned to {assignee}"
        rows.append(
            TimelineRow(
                kind=_ICON_KINDS["ticket"],
                icon=_ICONS["ticket"],
                url=url(ticket.number),
                title=f"Ticket #{ticket.number} · {ticket.subject__name}",
                at=dates.iso(local),
                at_text=dates.stamp(local),
                label=_CATEGORY_LABELS.get(ticket.category, ticket.category),
                badge=_STATUS_LABELS.get(ticket.status, ticket.status),
                facts=facts,
                text=_text(ticket.description, TICKET_TEXT_LENGTH),
            )
        )
    return rows


ROW_BUILDERS: dict[str, Callable[[list, Shared], list[TimelineRow]]] = {
    "activity": activity_rows,
    "ticket": ticket_rows,
}


def reminder_rows(reminders: list, *, user, dates: Dates) -> list[ReminderRow]:
    """Rows for the open ``reminders`` (rows of ``selectors.timeline_reminder_list``) of the side
    panel: the user may mark one done when it is theirs (assigned or set) or they may manage any
    activity."""
    if not reminders:
        return []
    now = timezone.now()
    done_url = urls_for("activity_log:reminder-done", "reminder")
    return [
        ReminderRow(
            uuid=str(reminder.uuid),
            message=reminder.message,
            due=dates.stamp(dates.local(reminder.due_at)),
            overdue=reminder.due_at <= now,
            assignee=user_display_name(
                reminder.assignee__first_name, reminder.assignee__last_name, reminder.assignee__email
            ),
            done_url=done_url(reminder.uuid) if can_complete(user, reminder) else "",
        )
        for reminder in reminders
    ]


def entries_html(rows: Iterable[TimelineRow]) -> HtmlList:
    """The timeline's entries for ``rows``, filled into its entry template, rendered once per page
    for each kind of entry (with attendees, a text or reminders, or not)."""
    entry = row_template_variants(ENTRY_TEMPLATE, ENTRY_VALUES)
    reminder = row_template_variants(ENTRY_REMINDER_TEMPLATE, ENTRY_REMINDER_VALUES)
    return HtmlList(
        [
            entry(has_attendees=bool(row.attendees), has_text=bool(row.text), has_reminders=bool(row.reminders))(
                kind=row.kind,
                icon=row.icon,
                url=row.url,
                title=row.title,
                at=row.at,
                at_text=row.at_text,
                label=row.label,
                badge=row.badge,
                facts=row.facts,
                attendees=row.attendees,
                text=row.text,
                reminders=SafeString(
                    "".join(reminder(done=shown.done)(message=shown.message, due=shown.due) for shown in row.reminders)
                ),
            )
            for row in rows
        ]
    )


def timeline_rows(entries: Iterable[Entry], *, company, user) -> TimelineRows:
    """The rows of the page: one per entry, in their order, each source's objects going to its
    row builder together; and one per open reminder of ``company``, for ``user``."""
    entries = list(entries)
    objects = defaultdict(list)
    for entry in entries:
        objects[entry.cursor.source].append(entry.obj)
    reminders = selectors.timeline_reminder_list(company=company, activities=objects.get("activity", ()))
    by_activity = defaultdict(list)
    for reminder in reminders:
        if reminder.activity_id is not None:
            by_activity[reminder.activity_id].append(reminder)
    shared = Shared(dates=Dates(), activity_reminders=by_activity)
    built = {source: iter(ROW_BUILDERS[source](found, shared)) for source, found in objects.items()}
    return TimelineRows(
        entries=[next(built[entry.cursor.source]) for entry in entries],
        reminders=reminder_rows(
            [reminder for reminder in reminders if reminder.done_at is None], user=user, dates=shared.dates
        ),
    )
