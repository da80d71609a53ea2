"""A sortable list's column headers link as the ``{% querystring %}`` tag did and tell how the list
is sorted."""

import pytest
from django.http import QueryDict
from django.template import engines
from django.test import RequestFactory

from travault.sort_headers import sort_headers

COLUMNS = (("name", "Company"), ("city", "City"))


def querystring(query: str, **changes) -> str:
    template = engines["django"].from_string(
        "{% autoescape off %}{% querystring sort=sort page=None %}{% endautoescape %}"
    )
    return template.render(changes, RequestFactory().get(f"/vault/?{query}"))


@pytest.mark.parametrize(
    "query",
    ["", "sort=name", "sort=-city&page=4", "q=caf%C3%A9+%26+bar&stage=lead&stage=won&page=2&sort=city", "page=9"],
)
@pytest.mark.parametrize("sort", ["name", "-name", "city", "-city"])
def test_each_header_links_as_the_querystring_tag_did(query, sort):
    headers = sort_headers(QueryDict(query), sort, COLUMNS)

    for header, (key, _label) in zip(headers, COLUMNS, strict=True):
        assert header.url == querystring(query, sort=f"-{key}" if sort == key else key)


def test_the_sorted_column_says_which_way_and_its_link_reverses_it():
    name, city = sort_headers(QueryDict("q=x&page=3"), "-city", COLUMNS)

    assert (name.label, name.direction, name.url) == ("Company", "", "?q=x&sort=name")
    assert (city.label, city.direction, city.url) == ("City", "descending", "?q=x&sort=city")
    assert sort_headers(QueryDict(""), "city", COLUMNS)[1].url == "?sort=-city"
