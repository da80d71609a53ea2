from django.conf import settings
from django.core.paginator import Paginator
from django.utils.functional import cached_property

# Counting further than this would overflow PostgreSQL's bigint LIMIT for an absurd ?page=.
MAX_REACH = 2**62


class CappedCountPaginator(Paginator):
    """A paginator that counts a list only as far as it must: the first ``settings.LIST_COUNT_CAP``
    rows, or as far as the page asked for, plus one row to tell whether more follow. A short list
    gets its exact count; a long one shows "1,000+" instead of counting the whole tenant on every
    load, and a deep page costs the rows before it, as its own query already does.

    The user picks how many rows a page shows among ``sizes``; the first is the default. Given
    ``fields``, a page reads only those columns, as named rows: the count still comes from the bare
    list, without the joins the fields need."""

    sizes = (25, 50, 100)

    def __init__(self, object_list, per_page, *, fields: tuple[str, ...] | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.reach = settings.LIST_COUNT_CAP
        self.fields = fields

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
        return super().get_page(number)

    def page(self, number):
        self._reach_to(number)
        return super().page(number)

    def _get_page(self, object_list, number, paginator):
        if self.fields:
            object_list = object_list.values_list(*self.fields, named=True)
        return super()._get_page(object_list, number, paginator)

    def _reach_to(self, number):
        try:
            wanted = int(number)
        except (TypeError, ValueError):
            wanted = 1
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

    def _get_page(self, object_list, number, paginator):
        ids = object_list.values("pk")
        return super()._get_page(self.object_list.filter(pk__in=ids), number, paginator)
