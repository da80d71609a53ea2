"""The column headers of a list the user sorts by clicking them, worked out once per page instead of
a template include and a ``{% querystring %}`` for every column."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.http import QueryDict


@dataclass(frozen=True, slots=True)
class SortHeader:
    """A column's header: its link sorts the list by the column, the other way round when the list
    is sorted by it already; ``direction`` is how the list is sorted by it ("ascending",
    "descending"), empty when it is sorted by another column."""

    label: str
    url: str
    direction: str


def sort_headers(query: QueryDict, sort: str, columns: Iterable[tuple[str, str]]) -> list[SortHeader]:
    """The headers of ``columns`` (sort key, label) of a list sorted by ``sort`` ("-key" for the
    descending order): each link keeps the rest of ``query`` and goes back to the first page, as
    ``{% querystring sort=... page=None %}`` does."""
    params = query.copy()
    params.pop("page", None)
    headers = []
    for key, label in columns:
        direction = "ascending" if sort == key else "descending" if sort == f"-{key}" else ""
        params["sort"] = f"-{key}" if direction == "ascending" else key
        headers.append(SortHeader(label, f"?{params.urlencode()}", direction))
    return headers
