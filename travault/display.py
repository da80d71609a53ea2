"""Formatting for pages that show many rows. Django's ``reverse``, ``timesince`` and localised date
formats cost tens of microseconds a call, which a list of 100 rows pays several hundred times."""

import uuid
from collections.abc import Callable
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.urls import reverse
from django.utils import timezone

_PLACEHOLDER = uuid.UUID(int=0)
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


def ago(moment: datetime, now: datetime) -> str:
    """How long before ``now`` ``moment`` was, in its largest whole unit: "3 days ago"."""
    seconds = (now - moment).total_seconds()
    for size, unit in _UNITS:
        if seconds >= size:
            count = int(seconds // size)
            return f"{count} {unit}{'' if count == 1 else 's'} ago"
    return "just now"


def stamp(moment: datetime) -> str:
    """``moment`` in the current time zone, as "4 Nov 2026, 09:30"."""
    local = timezone.localtime(moment)
    return f"{local.day} {local:%b %Y, %H:%M}"


def whole_amount(amount: Decimal) -> str:
    """``amount`` rounded half up to a whole number, thousands grouped: "1,639,000", as
    ``floatformat:"0g"`` prints it in English."""
    return f"{int(amount.quantize(_WHOLE, ROUND_HALF_UP)):,}"
