"""The dashboard and the global search: compositions of other apps' selectors. This app owns no data."""

from dataclasses import dataclass

from django.utils.dateformat import format as date_format

from activity_log import selectors as activity_selectors
from agent_support import selectors as supplier_selectors
from crm import selectors as crm_selectors
from ticketing import selectors as ticket_selectors

BLOCK_SIZE = 10
RESULTS_PER_GROUP = 10
QUERY_MAX_LENGTH = 100


@dataclass(frozen=True)
class Dashboard:
    open_tickets: list
    reminders: list
    pipeline: list
    ticket_weeks: list
    recent_activities: list

    @property
    def pipeline_chart(self) -> dict | None:
        """What the pipeline chart draws, or None when the Vault is empty."""
        if not any(stage.count for stage in self.pipeline):
            return None
        return {
            "labels": [stage.label for stage in self.pipeline],
            "counts": [stage.count for stage in self.pipeline],
            "spend": [float(stage.spend) for stage in self.pipeline],
        }

    @property
    def ticket_chart(self) -> dict | None:
        """What the tickets-per-week chart draws, or None when no ticket moved in those weeks."""
        if not any(week.opened or week.closed for week in self.ticket_weeks):
            return None
        return {
            "labels": [date_format(week.week, "j M") for week in self.ticket_weeks],
            "opened": [week.opened for week in self.ticket_weeks],
            "closed": [week.closed for week in self.ticket_weeks],
        }


def dashboard_for(user) -> Dashboard:
    """Everything the user's dashboard shows, in a fixed number of queries."""
    agency = user.agency
    return Dashboard(
        open_tickets=ticket_selectors.open_tickets_for(user, limit=BLOCK_SIZE),
        reminders=activity_selectors.reminders_due_for(user, limit=BLOCK_SIZE),
        pipeline=crm_selectors.pipeline_summary(agency=agency),
        ticket_weeks=ticket_selectors.tickets_opened_closed_per_week(agency=agency, weeks=12),
        recent_activities=activity_selectors.recent_activities(agency, limit=BLOCK_SIZE),
    )


def search_query_clean(raw: str) -> str:
    """The query as searched: printable characters only, whitespace collapsed, at most 100 characters."""
    printable = "".join(char if char.isprintable() else " " for char in raw)
    return " ".join(printable.split())[:QUERY_MAX_LENGTH].strip()


@dataclass(frozen=True)
class ResultGroup:
    name: str
    results: list
    total: int

    @property
    def has_more(self) -> bool:
        return self.total > len(self.results)


def _group(name, queryset) -> ResultGroup:
    results = list(queryset[:RESULTS_PER_GROUP])
    return ResultGroup(name=name, results=results, total=results[0].match_count if results else 0)


def global_search(*, agency, query: str) -> list[ResultGroup]:
    """Companies, contacts, tickets and suppliers of ``agency`` matching ``query``: the first few of
    each group and how many there are, one query per group."""
    return [
        _group("companies", crm_selectors.company_search(agency=agency, query=query)),
        _group("contacts", crm_selectors.contact_search(agency=agency, query=query)),
        _group("tickets", ticket_selectors.ticket_search(agency=agency, query=query)),
        _group("suppliers", supplier_selectors.supplier_search(agency=agency, query=query)),
    ]
