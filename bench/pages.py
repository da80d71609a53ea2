"""The pages ``make bench`` measures, resolved against the largest agency of the dataset."""

from dataclasses import dataclass

from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

from activity_log.models import Activity
from agent_support.models import Supplier
from crm.models import Company
from ticketing.models import TicketAction
from travault.permissions import Role

SEARCH_TERM = "harbour"
# The company list is held to its targets at its longest page.
COMPANY_LIST_ROWS = 100

# What a page is held to: ``floor`` is the framework's floor, ``page`` a list or detail page
# (at most 4x the floor plus its database floor, and under PAGE_LIMIT_MS), ``search`` a search or
# the dashboard (under SEARCH_LIMIT_MS).
FLOOR, PAGE, SEARCH = "floor", "page", "search"
PAGE_LIMIT_MS = 30.0
SEARCH_LIMIT_MS = 60.0
MAX_QUERIES = 12


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    kind: str
    htmx: bool = False  # requested as htmx requests it (HX-Request), for a fragment a page loads

    @property
    def limit_ms(self) -> float | None:
        return {PAGE: PAGE_LIMIT_MS, SEARCH: SEARCH_LIMIT_MS}.get(self.kind)


def _url(name: str, query: dict | None = None, **kwargs) -> str:
    url = reverse(name, kwargs=kwargs or None)
    return f"{url}?{urlencode(query)}" if query else url


def _optional(name: str, query: dict | None = None) -> str | None:
    try:
        return _url(name, query)
    except NoReverseMatch:
        return None


def admin_of(agency):
    return agency.users.filter(role=Role.ADMIN, is_active=True).order_by("pk").first()


def pages_for(agency) -> list[Page]:
    """Every page of the benchmark for ``agency``: its busiest company and ticket, the company list
    at 100 rows a page (the first and a deep page) and at the default 25, the details of its
    supplier with the most booking processes (as the directory loads them), and the dashboard's
    global search when the project has one."""
    busiest = (
        Activity.objects.for_agency(agency)
        .values("company")
        .annotate(activities=Count("pk"))
        .order_by("-activities", "company")
        .first()
    )
    company = Company.objects.for_agency(agency).get(pk=busiest["company"])
    ticket = (
        TicketAction.objects.for_agency(agency)
        .values("ticket__number")
        .annotate(actions=Count("pk"))
        .order_by("-actions", "-ticket__number")
        .first()
    )
    supplier = (
        Supplier.objects.for_agency(agency)
        .annotate(processes_count=Count("processes"))
        .order_by("-processes_count", "pk")
        .first()
    )
    deep = max(1, Company.objects.for_agency(agency).count() // COMPANY_LIST_ROWS * 9 // 10)
    pages = [
        Page("ping", "/bench/ping", FLOOR),
        Page("company list", _url("crm:company-list", {"per_page": COMPANY_LIST_ROWS}), PAGE),
        Page(f"company list p{deep}", _url("crm:company-list", {"per_page": COMPANY_LIST_ROWS, "page": deep}), PAGE),
        Page("company list 25 rows", _url("crm:company-list"), PAGE),
        Page("company search", _url("crm:company-list", {"q": SEARCH_TERM}), SEARCH),
        Page("company detail", _url("crm:company-detail", company=company.uuid), PAGE),
        Page("company timeline", _url("activity_log:company-timeline", company=company.uuid), PAGE),
        Page("pipeline board", _url("crm:pipeline-board"), PAGE),
        Page("contact list", _url("crm:contact-list"), PAGE),
        Page("ticket board high", _url("ticketing:ticket-board", {"priority": "high"}), PAGE),
        Page("ticket detail", _url("ticketing:ticket-detail", number=ticket["ticket__number"]), PAGE),
        Page("supplier directory", _url("agent_support:supplier-list"), PAGE),
        Page("supplier details", _url("agent_support:supplier-details", uuid=supplier.uuid), PAGE, htmx=True),
        Page("dashboard", _url("dashboard:home"), SEARCH),
    ]
    search = _optional("dashboard:search", {"q": SEARCH_TERM})
    if search is not None:
        pages.append(Page("global search", search, SEARCH))
    return pages
