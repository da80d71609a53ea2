"""The ticket board's rows: what each cell shows, worked out once per page so that the template
only prints it."""

from dataclasses import dataclass
from urllib.parse import quote

from travault.display import NUMBER_PLACEHOLDER, stamp, urls_for

from .models import Category, CategoryType, Priority, Status, Ticket

SHORT_DESCRIPTION = 90
# The columns a row shows: the board reads only these.
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
_TYPE_LABELS = dict(CategoryType.choices)
_CATEGORY_LABELS = dict(Category.choices)
_STATUS_LABELS = dict(Status.choices)
_PRIORITY_LABELS = dict(Priority.choices)


@dataclass(frozen=True)
class TicketRow:
    ticket: Ticket
    url: str
    company_url: str
    kind: str
    summary: str
    status_label: str
    priority_label: str
    assignee: str
    opened_on: str
    opened_at: str


def _shortened(text: str) -> str:
    """``text`` cut to SHORT_DESCRIPTION characters, an ellipsis included, as ``truncatechars`` does."""
    return text if len(text) <= SHORT_DESCRIPTION else f"{text[: SHORT_DESCRIPTION - 1]}…"


def ticket_rows(tickets, *, back_to: str) -> list[TicketRow]:
    """Rows for ``tickets`` (with their subject, company and assignee loaded), each ticket's link
    bringing the user back to ``back_to``."""
    ticket_url = urls_for("ticketing:ticket-detail", "number", NUMBER_PLACEHOLDER)
    company_url = urls_for("crm:company-detail", "company")
    back = f"?next={quote(back_to, safe='/')}"
    rows = []
    for ticket in tickets:
        opened_at = stamp(ticket.created_at)
        rows.append(
            TicketRow(
                ticket=ticket,
                url=ticket_url(ticket.number) + back,
                company_url=company_url(ticket.company.uuid) if ticket.company else "",
                kind=f"{_TYPE_LABELS.get(ticket.category_type, '')} · {_CATEGORY_LABELS.get(ticket.category, '')}",
                summary=_shortened(ticket.description),
                status_label=_STATUS_LABELS.get(ticket.status, ticket.status),
                priority_label=_PRIORITY_LABELS.get(ticket.priority, ticket.priority),
                assignee=str(ticket.assignee) if ticket.assignee else "",
                opened_on=opened_at.rpartition(",")[0],
                opened_at=opened_at,
            )
        )
    return rows
