"""Reads of the ticket desk. Other apps (the company timeline, the dashboard) read tickets only here."""

import re
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db.models import BigIntegerField, Case, CharField, Count, F, IntegerField, Q, QuerySet, Value, When, Window
from django.db.models.functions import TruncWeek
from django.utils import timezone

from crm.selectors import company_ids_named
from travault.compiled_reads import AGENCY, COMPANY, CompiledRead
from travault.lookups import AnyOf

from .models import Priority, Status, Ticket, TicketAction, TicketSubject

NUMBER_QUERY = re.compile(r"^#?\s*(\d{1,9})$")
STATES = ("open", "closed", "all")

_PRIORITY_RANK = Case(
    *(When(priority=value, then=Value(rank)) for rank, value in enumerate(Priority.values)),
    output_field=IntegerField(),
)
_STATUS_RANK = Case(
    *(When(status=value, then=Value(rank)) for rank, value in enumerate(Status.values)),
    output_field=IntegerField(),
)

TICKET_SORTS = {
    "number": ("number",),
    "-number": ("-number",),
    "subject": ("subject__name", "-number"),
    "-subject": ("-subject__name", "-number"),
    "company": ("company__name", "-number"),
    "-company": ("-company__name", "-number"),
    "status": ("status_rank", "-number"),
    "-status": ("-status_rank", "-number"),
    "priority": ("priority_rank", "-number"),
    "-priority": ("-priority_rank", "-number"),
    "assignee": ("assignee__first_name", "assignee__last_name", "-number"),
    "-assignee": ("-assignee__first_name", "-assignee__last_name", "-number"),
    "opened": ("created_at", "number"),
    "-opened": ("-created_at", "-number"),
}


def assignee_choices(*, agency) -> QuerySet:
    """The active users of ``agency`` a ticket can be assigned to, by name."""
    return (
        get_user_model().objects.for_agency(agency).filter(is_active=True).order_by("first_name", "last_name", "email")
    )


def subject_choices(*, agency) -> QuerySet:
    return TicketSubject.objects.for_agency(agency).order_by("name")


ASSIGNEE_CHOICE_ROWS = CompiledRead(
    lambda: assignee_choices(agency=AGENCY).values_list("uuid", "first_name", "last_name", "email", named=True)
)
SUBJECT_CHOICE_ROWS = CompiledRead(lambda: subject_choices(agency=AGENCY).values_list("uuid", "name", named=True))


def assignee_choice_rows(*, agency) -> list:
    """The public id and name columns of ``assignee_choices``, in its order, for a filter's select."""
    return ASSIGNEE_CHOICE_ROWS.rows(agency=agency.pk)


def subject_choice_rows(*, agency) -> list:
    """The public id and name of each of ``subject_choices``, in its order, for a filter's select."""
    return SUBJECT_CHOICE_ROWS.rows(agency=agency.pk)


def subject_list(*, agency) -> QuerySet:
    """The agency's subjects with how many tickets use each."""
    return subject_choices(agency=agency).annotate(ticket_count=Count("tickets"))


def subject_find(*, agency, name: str) -> TicketSubject | None:
    """The agency's subject called ``name``, whatever its case and spacing."""
    return TicketSubject.objects.for_agency(agency).filter(name__iexact=" ".join(name.split())).first()


def ticket_detail_queryset() -> QuerySet:
    return Ticket.objects.select_related("subject", "company", "contact", "owner", "assignee")


# The board's filters whose values a compiled page binds (``listing_shape``), and the ones that
# shape its SQL.
TICKET_BOARD_PARAMS = {
    "category_type": CharField(),
    "priority": CharField(),
    "assignee": BigIntegerField(),
    "company": BigIntegerField(),
    "subject": BigIntegerField(),
}
TICKET_BOARD_SHAPE = ("state", "sort")


def ticket_board(
    *,
    agency,
    state: str = "open",
    category_type: str = "",
    priority: str = "",
    assignee=None,
    company=None,
    subject=None,
    search: str = "",
    sort: str = "-number",
) -> QuerySet:
    """The tickets of ``agency`` shown on the board: open ones by default, filtered, searched
    (a number with or without '#', or text of the subject, company or description) and sorted."""
    tickets = Ticket.objects.for_agency(agency).select_related("subject", "company", "assignee")
    if state == "open":
        tickets = tickets.exclude(status=Status.CLOSED)
    elif state == "closed":
        tickets = tickets.filter(status=Status.CLOSED)
    if category_type:
        tickets = tickets.filter(category_type=category_type)
    if priority:
        tickets = tickets.filter(priority=priority)
    if assignee is not None:
        tickets = tickets.filter(assignee=assignee)
    if company is not None:
        tickets = tickets.filter(company=company)
    if subject is not None:
        tickets = tickets.filter(subject=subject)
    search = search.strip()
    if search:
        tickets = tickets.filter(pk__in=_ticket_ids_matching(agency=agency, search=search))
    order = TICKET_SORTS.get(sort, TICKET_SORTS["-number"])
    if any(key.lstrip("-") == "priority_rank" for key in order):
        tickets = tickets.annotate(priority_rank=_PRIORITY_RANK)
    if any(key.lstrip("-") == "status_rank" for key in order):
        tickets = tickets.annotate(status_rank=_STATUS_RANK)
    return tickets.order_by(*order)


def _ticket_ids_matching(*, agency, search: str) -> QuerySet:
    """The ids of the tickets of ``agency`` whose number is ``search`` (with or without '#') or whose
    description, subject or company contains it: one indexed branch per kind of match, so the cost
    follows the number of matches rather than the number of tickets."""
    tickets = Ticket.objects.for_agency(agency).order_by()
    subject_ids = TicketSubject.objects.for_agency(agency).filter(name__icontains=search).order_by().values("pk")
    branches = [
        tickets.filter(AnyOf(F("subject_id"), subject_ids)).values("pk"),
        tickets.filter(AnyOf(F("company_id"), company_ids_named(agency=agency, search=search))).values("pk"),
    ]
    number = NUMBER_QUERY.match(search)
    if number:
        branches.append(tickets.filter(number=int(number.group(1))).values("pk"))
    return tickets.filter(description__icontains=search).values("pk").union(*branches, all=True)


def ticket_search(*, agency, query: str) -> QuerySet:
    """The board's search over all the tickets of ``agency``, open or closed, newest first, each row
    annotated with ``match_count``, the number of matches, so a capped slice still tells how many."""
    if not query.strip():
        return Ticket.objects.none()
    return ticket_board(agency=agency, state="all", search=query).annotate(match_count=Window(Count("pk")))


def ticket_timeline(*, ticket: Ticket, newest_first: bool = False) -> QuerySet:
    """The ticket's actions with their authors, oldest first unless ``newest_first``."""
    order = ("-created_at", "-pk") if newest_first else ("created_at", "pk")
    return (
        TicketAction.objects.filter(agency_id=ticket.agency_id, ticket=ticket).select_related("author").order_by(*order)
    )


def company_ticket_queryset(*, agency, company):
    """The company's tickets with what a list row shows, unordered (a timeline pages through it)."""
    return Ticket.objects.for_agency(agency).filter(company=company).select_related("subject", "assignee")


def timeline_ticket_rows() -> QuerySet:
    """The tickets of a company (``AGENCY`` and ``COMPANY``, the ids of a compiled read),
    unordered, as named rows of what a company timeline shows of each: its number, time, category,
    status, priority and description, its subject's name and its assignee's name and email (None
    when unassigned)."""
    return (
        Ticket.objects.for_agency(AGENCY)
        .filter(company_id=COMPANY)
        .values_list(
            "pk",
            "uuid",
            "number",
            "created_at",
            "category",
            "status",
            "priority",
            "description",
            "subject__name",
            "assignee_id",
            "assignee__first_name",
            "assignee__last_name",
            "assignee__email",
            named=True,
        )
    )


def company_tickets(*, agency, company, before: datetime | None = None, limit: int = 20) -> list[Ticket]:
    """The company's tickets, newest first, opened before ``before`` if given."""
    tickets = company_ticket_queryset(agency=agency, company=company)
    if before is not None:
        tickets = tickets.filter(created_at__lt=before)
    return list(tickets.order_by("-created_at", "-number")[:limit])


def open_tickets_for(user, *, limit: int = 10) -> list[Ticket]:
    """The user's open tickets: assigned to them, or owned by them and assigned to nobody; most
    urgent first, then newest."""
    if user is None or not user.is_authenticated or user.agency_id is None:
        return []
    return list(
        Ticket.objects.for_agency(user.agency_id)
        .exclude(status=Status.CLOSED)
        .filter(Q(assignee=user) | Q(owner=user, assignee=None))
        .select_related("subject", "company")
        .annotate(priority_rank=_PRIORITY_RANK)
        .order_by("-priority_rank", "-created_at")[:limit]
    )


@dataclass(frozen=True)
class WeekCount:
    week: date
    opened: int
    closed: int


def tickets_opened_closed_per_week(*, agency, weeks: int = 12) -> list[WeekCount]:
    """Tickets opened and closed in each of the last ``weeks`` weeks (Monday to Sunday in the
    agency's timezone), oldest week first, including the current one."""
    zone = zoneinfo.ZoneInfo(agency.timezone)
    today = timezone.now().astimezone(zone).date()
    first = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    start = datetime.combine(first, datetime.min.time(), tzinfo=zone)
    tickets = Ticket.objects.for_agency(agency)

    def per_week(field):
        rows = (
            tickets.filter(**{f"{field}__gte": start})
            .annotate(week=TruncWeek(field, tzinfo=zone))
            .values("week")
            .annotate(count=Count("*"))  # of rows, not of a column: the agency index alone answers it
        )
        return {row["week"].date() if isinstance(row["week"], datetime) else row["week"]: row["count"] for row in rows}

    opened, closed = per_week("created_at"), per_week("closed_at")
    days = [first + timedelta(weeks=n) for n in range(weeks)]
    return [WeekCount(week=day, opened=opened.get(day, 0), closed=closed.get(day, 0)) for day in days]
