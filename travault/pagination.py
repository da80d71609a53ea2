from django.core.paginator import Paginator


class IdsFirstPaginator(Paginator):
    """A paginator for deep lists: the page's query picks the page's ids in a subquery, then reads
    only those rows. With an index that covers the order and the id, a deep page skips the rows
    before it in the index alone instead of reading every one of them; still one query per page."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=ids), number, self)
