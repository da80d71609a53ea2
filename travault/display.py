"""Formatting for pages that show many rows. Django's ``reverse``, ``timesince`` and localised date
formats cost tens of microseconds a call, which a list of 100 rows pays several hundred times."""

import functools
import html
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dates import MONTHS_3, WEEKDAYS_ABBR
from django.utils.html import escape
from django.utils.safestring import SafeString

_PLACEHOLDER = uuid.UUID(int=0)
_MARK = "\ue000"  # a private-use character: no template text or escaping produces it
_WHOLE = Decimal(1)
NUMBER_PLACEHOLDER = 987654321
_UNITS = (
    (365 * 86400, "year"),
    (30 * 86400, "month"),
    (7 * 86400, "week"),
    (86400, "day"),
    (3600, "hour"),
    (60, "minute"),
)


def urls_for(name: str, kwarg: str, placeholder: uuid.UUID | int = _PLACEHOLDER) -> Callable[[object], str]:
    """``reverse(name, kwargs={kwarg: value})`` for a route taking one UUID (or, given an integer
    placeholder, one number): one reverse for a whole list, then a substitution per row."""
    prefix, _marker, suffix = reverse(name, kwargs={kwarg: placeholder}).partition(str(placeholder))
    return lambda value: f"{prefix}{value}{suffix}"


def full_name(first_name: str | None, last_name: str | None) -> str:
    """A person's first and last names as a page shows them; either may be blank or missing."""
    return f"{first_name or ''} {last_name or ''}".strip()


def ago(moment: datetime, now: datetime) -> str:
    """How long before ``now`` ``moment`` was, in its largest whole unit: "3 days ago"."""
    seconds = (now - moment).total_seconds()
    for size, unit in _UNITS:
        if seconds >= size:
            count = int(seconds // size)
            return f"{count} {unit}{'' if count == 1 else 's'} ago"
    return "just now"


@functools.cache
def _day_and_month_names(language: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The abbreviated day names (Monday first) and month names (from index 1) in ``language``,
    escaped, as the ``date`` filter prints them; translated once per language and process."""
    with translation.override(language):
        days = tuple(escape(str(WEEKDAYS_ABBR[day])) for day in range(7))
        months = ("", *(escape(str(MONTHS_3[month]).title()) for month in range(1, 13)))
    return days, months


class Dates:
    """The ``date`` filter's "c" (ISO 8601), "j M Y, H:i", "D j M Y, H:i" and "D j M, H:i" in the
    current time zone and language, for a page that prints many dates: the time zone is looked up
    once per page, the day and month names translated and escaped once per language."""

    def __init__(self):
        self.zone = timezone.get_current_timezone()
        self.days, self.months = _day_and_month_names(translation.get_language())

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    def iso(self, local: datetime) -> SafeString:
        return SafeString(local.isoformat())

    def date_and_time(self, local: datetime) -> SafeString:
        """ "j M Y, H:i": "24 Mar 2026, 10:00"."""
        return SafeString(f"{local.day} {self.months[local.month]} {local.year:04}, {local.hour:02}:{local.minute:02}")

    def day_and_time(self, local: datetime) -> SafeString:
        """ "D j M, H:i": "Tue 24 Mar, 10:00"."""
        return SafeString(
            f"{self.days[local.weekday()]} {local.day} {self.months[local.month]}, {local.hour:02}:{local.minute:02}"
        )

    def stamp(self, local: datetime) -> SafeString:
        """ "D j M Y, H:i": "Tue 24 Mar 2026, 10:00"."""
        return SafeString(f"{self.days[local.weekday()]} {self.date_and_time(local)}")


def whole_amount(amount: Decimal) -> str:
    """``amount`` rounded half up to a whole number, thousands grouped: "1,639,000", as
    ``floatformat:"0g"`` prints it in English."""
    return f"{int(amount.quantize(_WHOLE, ROUND_HALF_UP)):,}"


def html_text(value) -> str:
    """``value`` as a template prints it: safe HTML as it is, anything else escaped. Django's
    ``conditional_escape`` gives the same text but checks each call for lazy strings, which adds up
    over the hundreds of values of a select or a list."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


class HtmlList(list):
    """Pieces of HTML that a template prints as one, ``{{ pieces }}``, rather than in a loop (a few
    microseconds a piece, which a board of 200 cards pays 200 times); a piece that is not safe HTML
    is escaped, as the loop would."""

    def __html__(self) -> SafeString:
        return SafeString("".join(map(html_text, self)))

    __str__ = __html__


def row_template(template_name: str, fields: Iterable[str], context: dict | None = None) -> Callable[..., SafeString]:
    """``template_name`` rendered once for a whole list, then filled in per row: a format call per row
    instead of a template render, for a list whose rows are many and alike.

    The template reads each row value as ``row.<field>`` and must print it as it is, with no filter
    and no ``{% if %}`` on it (it renders a marker in its place); what is the same for every row
    comes from ``context``. The filler takes the row's values by field name and escapes them as the
    template would, unless they are already safe HTML."""
    markers = {field: f"{_MARK}{field}{_MARK}" for field in fields}
    pattern = render_to_string(template_name, {**(context or {}), "row": markers})
    pattern = pattern.replace("{", "{{").replace("}", "}}")
    for field, marker in markers.items():
        pattern = pattern.replace(marker, f"{{{field}}}")
    if _MARK in pattern:
        raise ImproperlyConfigured(f"{template_name} must print each row value as it is, without a filter.")

    def fill(**values) -> SafeString:
        return SafeString(pattern.format_map({field: html_text(value) for field, value in values.items()}))

    return fill


def row_template_variants(
    template_name: str, fields: Iterable[str], context: dict | None = None
) -> Callable[..., Callable[..., SafeString]]:
    """``row_template`` for rows whose markup differs by a few flags (a line shown or not, a link or
    a plain label): the template reads each flag as a context variable and may test it with
    ``{% if %}``. ``variant(**flags)`` gives the filler for those flags, the template being rendered
    the first time a row needs them."""
    fillers = {}

    def variant(**flags) -> Callable[..., SafeString]:
        key = tuple(sorted(flags.items()))
        if key not in fillers:
            fillers[key] = row_template(template_name, fields, {**(context or {}), **flags})
        return fillers[key]

    return variant
