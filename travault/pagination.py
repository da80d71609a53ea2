from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.db.models import IntegerField, Subquery
from django.utils.functional import cached_property

from travault.compiled_reads import CompiledQueries, ListingShape

# Counting further than this would overflow PostgreSQL's bigint LIMIT for an absurd ?page=.
MAX_REACH = 2**62
# The column that carries the list's count on each row of a page read with its count.
COUNT_COLUMN = "capped_list_count"
# The page queries of the lists given with their shape, compiled: one for each list, order, set of
# filters, page size, page and reach of the count, the oldest dropped past the limit.
PAGES = CompiledQueries(limit=512)


def _whole_number(number) -> int | None:
    try:
        return int(number)
    except (TypeError, ValueError):
        return None


class CappedCount(Subquery):
    """How many rows ``queryset`` holds, counted no further than ``cap``, as a subquery that another
    query carries: it does not depend on the row, so the database counts once per query."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) capped)"

    def __init__(self, queryset, cap: int):
        super().__init__(queryset.order_by().values("pk")[:cap], output_field=IntegerField())


class CappedCountPaginator(Paginator):
    """A paginator that counts a list only as far as it must: the first ``settings.LIST_COUNT_CAP``
    rows, or as far as the page asked for, plus one row to tell whether more follow. A short list
    gets its exact count; a long one shows "1,000+" instead of counting the whole tenant on every
    load, and a deep page costs the rows before it, as its own query already does.

    The user picks how many rows a page shows among ``sizes``; the first is the default. Given
    ``fields``, a page reads only those columns, as named rows: the count still comes from the bare
    list, without the joins the fields need. Given also the list's ``shape`` (a ``ListingShape``),
    that query is compiled once per process and shape, its filters' values bound on each page.

    A page read before the list is counted carries the count in its own query, as a subquery that
    every row repeats: one query for the page and the count. Only a page past the end, which has no
    row to carry it, costs a count of its own."""

    sizes = (25, 50, 100)

    def __init__(
        self,
        object_list,
        per_page,
        *,
        fields: tuple[str, ...] | None = None,
        shape: ListingShape | None = None,
        **kwargs,
    ):
        super().__init__(object_list, per_page, **kwargs)
        self.reach = settings.LIST_COUNT_CAP
        self.fields = fields
        self.shape = shape

    @classmethod
    def page_for(cls, object_list, query, **kwargs):
        """The page of ``object_list`` that the query string ``query`` asks for (``page``), of the
        size it asks for (``per_page``, one of ``sizes``; the default otherwise)."""
        asked = query.get("per_page")
        per_page = next((size for size in cls.sizes if str(size) == asked), cls.sizes[0])
        return cls(object_list, per_page, **kwargs).get_page(query.get("page"))

    @property
    def chosen_size(self) -> int | None:
        """The page size the user chose, for the list's links and forms to keep; None for the default."""
        return None if self.per_page == self.sizes[0] else self.per_page

    def get_page(self, number):
        self._reach_to(number)
        # As Django's get_page: a number that is not a whole number asks for the first page.
        wanted = _whole_number(number)
        page = self._page_and_count(1 if wanted is None else wanted)
        return super().get_page(number) if page is None else page

    def page(self, number):
        self._reach_to(number)
        wanted = _whole_number(number)
        page = None if wanted is None else self._page_and_count(wanted)
        return super().page(number) if page is None else page

    def _page_query(self, object_list, sliced):
        """The query of a page's rows, from the list cut to the page."""
        return sliced

    def _rows(self, query, *extra):
        return query.values_list(*self.fields, *extra, named=True) if self.fields else query

    def _get_page(self, object_list, number, paginator):
        return super()._get_page(self._rows(self._page_query(self.object_list, object_list)), number, paginator)

    def _page_and_count_query(self, object_list, bottom: int, size: int):
        query = self._page_query(object_list, object_list[bottom : bottom + size])
        return self._rows(query.annotate(**{COUNT_COLUMN: CappedCount(object_list, self.reach + 1)}), COUNT_COLUMN)

    def _page_and_count_rows(self, bottom: int, size: int) -> list:
        """The rows of the page of ``size`` rows from ``bottom``, each carrying the list's count:
        for a list given with its ``shape`` and read as ``fields``, a query compiled once per
        process for each shape, page and reach of the count."""
        shape = self.shape
        if shape is None or not self.fields:
            return list(self._page_and_count_query(self.object_list, bottom, size))
        key = (type(self), shape.key, self.fields, bottom, size, self.reach)
        return PAGES.rows(key, lambda: self._page_and_count_query(shape.build(), bottom, size), shape.values)

    def _page_and_count(self, number: int):
        """Page ``number`` and the list's count, read in one query while the list is not counted
        yet; None for a page this cannot answer (one before the first, past the end or out of any
        database's reach), which the paginator then answers as Django's does."""
        bottom = (number - 1) * self.per_page
        if "count" in self.__dict__ or number < 1 or bottom + self.per_page + self.orphans > MAX_REACH:
            return None
        rows = self._page_and_count_rows(bottom, self.per_page + self.orphans)
        if not rows and number > 1:
            return None
        self.__dict__["count"] = getattr(rows[0], COUNT_COLUMN) if rows else 0
        try:
            self.validate_number(number)
        except EmptyPage:
            return None
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return Paginator._get_page(self, rows[: top - bottom], number, self)

    def _reach_to(self, number):
        wanted = _whole_number(number) or 1
        reach = min(max(wanted * self.per_page, settings.LIST_COUNT_CAP), MAX_REACH)
        if reach > self.reach:
            self.reach = reach
            for counted in ("count", "num_pages"):
                self.__dict__.pop(counted, None)

    @cached_property
    def count(self):
        return self.object_list.order_by()[: self.reach + 1].count()

    @property
    def count_is_exact(self):
        return self.count <= self.reach

    @property
    def count_shown(self):
        """The exact count, or the number of rows the list holds at least."""
        return self.count if self.count_is_exact else self.reach

    @property
    def count_label(self):
        return f"{self.count:,}" if self.count_is_exact else f"{self.reach:,}+"

    @property
    def num_pages_label(self):
        """The number of pages, or the number known to exist, "41+", when the count stopped short."""
        return f"{self.num_pages:,}" if self.count_is_exact else f"{self.num_pages:,}+"


class IdsFirstPaginator(CappedCountPaginator):
    """A paginator for deep lists: the page's query picks the page's ids in a subquery, then reads
    only those rows. With an index that covers the order and the id, a deep page skips the rows
    before it in the index alone instead of reading every one of them; still one query per page."""

    def _page_query(self, object_list, sliced):
        return object_list.filter(pk__in=sliced.values("pk"))
