"""The ticket board's rows: what each cell shows, worked out once per page and filled into the row
template rendered once per page."""

from urllib.parse import quote

from agency.models import user_display_name
from travault.display import NUMBER_PLACEHOLDER, Dates, HtmlList, row_template_variants, urls_for

from .models import Category, CategoryType, Priority, Status

SHORT_DESCRIPTION = 90
# The columns the user sorts the board by: sort key and header.
COLUMNS = (
    ("number", "#"),
    ("subject", "Subject"),
    ("company", "Company"),
    ("status", "Status"),
    ("priority", "Priority"),
    ("assignee", "Assignee"),
    ("opened", "Opened"),
)
ROW_TEMPLATE = "ticketing/_board_row.html"
# The columns a row shows: the board reads only these, as named rows.
ROW_FIELDS = (
    "number",
    "category_type",
    "category",
    "status",
    "priority",
    "description",
    "created_at",
    "subject__name",
    "company__uuid",
    "company__name",
    "assignee__first_name",
    "assignee__last_name",
    "assignee__email",
)
# What a row of the row template prints; the badges' labels are named as the badge partials read
# them from a ticket.
ROW_VALUES = (
    "url",
    "reference",
    "subject",
    "kind",
    "summary",
    "company_url",
    "company",
    "status",
    "get_status_display",
    "priority",
    "get_priority_display",
    "assignee",
    "opened_on",
    "opened_at",
)
_TYPE_LABELS = dict(CategoryType.choices)
_CATEGORY_LABELS = dict(Category.choices)
_STATUS_LABELS = dict(Status.choices)
_PRIORITY_LABELS = dict(Priority.choices)


def _shortened(text: str) -> str:
    """``text`` cut to SHORT_DESCRIPTION characters, an ellipsis included, as ``truncatechars`` does."""
    return text if len(text) <= SHORT_DESCRIPTION else f"{text[: SHORT_DESCRIPTION - 1]}…"


def _assignee(ticket) -> str:
    if ticket.assignee__email is None:
        return "—"
    return user_display_name(ticket.assignee__first_name, ticket.assignee__last_name, ticket.assignee__email)


def ticket_rows(tickets, *, back_to: str) -> HtmlList:
    """The board's rows for ``tickets``, named rows of ROW_FIELDS, each ticket's link bringing the
    user back to ``back_to``."""
    ticket_url = urls_for("ticketing:ticket-detail", "number", NUMBER_PLACEHOLDER)
    company_url = urls_for("crm:company-detail", "company")
    back = f"?next={quote(back_to, safe='/')}"
    row = row_template_variants(ROW_TEMPLATE, ROW_VALUES)
    dates = Dates()
    rows = HtmlList()
    for ticket in tickets:
        opened_at = dates.date_and_time(dates.local(ticket.created_at))
        rows.append(
            row(internal=ticket.company__uuid is None)(
                url=ticket_url(ticket.number) + back,
                reference=f"#{ticket.number}",
                subject=ticket.subject__name,
                kind=f"{_TYPE_LABELS.get(ticket.category_type, '')} · {_CATEGORY_LABELS.get(ticket.category, '')}",
                summary=_shortened(ticket.description),
                company_url=company_url(ticket.company__uuid) if ticket.company__uuid else "",
                company=ticket.company__name or "",
                status=ticket.status,
                get_status_display=_STATUS_LABELS.get(ticket.status, ticket.status),
                priority=ticket.priority,
                get_priority_display=_PRIORITY_LABELS.get(ticket.priority, ticket.priority),
                assignee=_assignee(ticket),
                opened_on=opened_at.rpartition(",")[0],
                opened_at=opened_at,
            )
        )
    return rows
