"""The navigation bar's links: the main sections and the user menu, their URLs reversed once per
process instead of a dozen ``{% url %}`` tags on every page."""

from dataclasses import dataclass
from functools import cache

from django.urls import get_script_prefix, reverse

LINKS = {
    "home": "dashboard:home",
    "landing": "dashboard:landing",
    "search": "dashboard:search",
    "profile": "agency:profile",
    "users": "agency:user-list",
    "agency": "agency:agency-profile",
    "reminders": "activity_log:my-reminders",
    "outbox": "outbox-list",
    "billing": "billing:home",
    "logout": "account_logout",
    "login": "account_login",
    "signup": "account_signup",
}


@dataclass(frozen=True)
class Section:
    label: str
    icon: str
    url_name: str
    # The view name or URL namespace of the pages that belong to the section.
    owns: str


SECTIONS = (
    Section("Dashboard", "bi-speedometer2", "dashboard:home", "dashboard:home"),
    Section("The Vault", "bi-buildings", "crm:company-list", "crm"),
    Section("Tickets", "bi-life-preserver", "ticketing:ticket-board", "ticketing"),
    Section("Agent Support", "bi-journal-bookmark", "agent_support:supplier-list", "agent_support"),
)


@dataclass(frozen=True)
class SectionLink:
    label: str
    icon: str
    url: str
    current: bool


@cache
def _urls(script_prefix: str) -> tuple[dict[str, str], tuple[str, ...]]:
    """The links' and the sections' URLs under ``script_prefix`` (which ``reverse`` reads itself)."""
    return {key: reverse(name) for key, name in LINKS.items()}, tuple(reverse(s.url_name) for s in SECTIONS)


def context(request) -> dict:
    """The ``nav`` URLs by key, and the ``nav_sections``, the one the page belongs to current."""
    links, section_urls = _urls(get_script_prefix())
    match = request.resolver_match
    here = (match.view_name, match.namespace) if match else ()
    sections = [
        SectionLink(section.label, section.icon, url, section.owns in here)
        for section, url in zip(SECTIONS, section_urls, strict=True)
    ]
    return {"nav": links, "nav_sections": sections}
