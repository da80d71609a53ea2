import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agency.tests.factories import AgencyFactory
from crm.models import Company
from crm.selectors import COMPANY_LIST_PARAMS, COMPANY_LIST_SHAPE, company_list
from crm.tests.factories import CompanyFactory
from travault.compiled_reads import listing_shape
from travault.pagination import CappedCountPaginator, IdsFirstPaginator

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("per_page", "orphans"), [(3, 0), (3, 1), (4, 2)])
def test_it_gives_the_same_pages_as_django_s_paginator(per_page, orphans):
    agency = AgencyFactory()
    for name in ["Delta", "Alpha", "Echo", "Charlie", "Bravo", "Alpha", "Golf", "Foxtrot"]:
        CompanyFactory(agency=agency, name=name)
    companies = Company.objects.for_agency(agency).order_by("-name", "pk")
    expected = Paginator(companies, per_page, orphans=orphans)
    paginator = IdsFirstPaginator(companies, per_page, orphans=orphans)

    assert paginator.num_pages == expected.num_pages
    for number in expected.page_range:
        assert list(paginator.page(number)) == list(expected.page(number))


@pytest.mark.parametrize("paginator_class", [CappedCountPaginator, IdsFirstPaginator])
@pytest.mark.parametrize(("per_page", "orphans"), [(3, 0), (3, 1), (3, 2), (4, 2)])
def test_a_page_read_before_the_count_is_the_page_django_s_paginator_gives(paginator_class, per_page, orphans):
    agency = AgencyFactory()
    for name in ["Delta", "Alpha", "Echo", "Charlie", "Bravo", "Alpha", "Golf", "Foxtrot"]:
        CompanyFactory(agency=agency, name=name)
    companies = Company.objects.for_agency(agency).order_by("-name", "pk")
    expected = Paginator(companies, per_page, orphans=orphans)

    for number in [*expected.page_range, expected.num_pages + 1]:
        page = paginator_class(companies, per_page, orphans=orphans).get_page(number)
        assert (page.number, list(page)) == (min(number, expected.num_pages), list(expected.get_page(number)))
        assert page.paginator.count == expected.count


@pytest.mark.parametrize("paginator_class", [CappedCountPaginator, IdsFirstPaginator])
def test_it_reads_a_page_and_the_count_in_one_query(paginator_class, django_assert_num_queries):
    agency = AgencyFactory()
    for name in ["Delta", "Alpha", "Echo", "Charlie", "Bravo"]:
        CompanyFactory(agency=agency, name=name)
    companies = Company.objects.for_agency(agency).order_by("name", "pk")

    with django_assert_num_queries(1):
        page = paginator_class(companies, 2, fields=("name",)).get_page(2)
        assert [row.name for row in page] == ["Charlie", "Delta"]
        assert (page.paginator.count_label, page.paginator.num_pages_label, page.has_next()) == ("5", "3", True)


def test_an_empty_list_has_one_empty_page_in_one_query(django_assert_num_queries):
    companies = Company.objects.for_agency(AgencyFactory()).order_by("name", "pk")

    with django_assert_num_queries(1):
        page = IdsFirstPaginator(companies, 25).get_page(1)
        assert (list(page), page.paginator.count_label, page.has_next()) == ([], "0", False)


def test_it_reads_a_page_in_one_query(django_assert_num_queries):
    agency = AgencyFactory()
    CompanyFactory.create_batch(5, agency=agency)
    paginator = IdsFirstPaginator(Company.objects.for_agency(agency).order_by("name", "pk"), 2)
    assert paginator.count == 5

    with django_assert_num_queries(1):
        assert len(paginator.page(2).object_list) == 2


@pytest.fixture
def ten_companies():
    agency = AgencyFactory()
    CompanyFactory.create_batch(10, agency=agency)
    return Company.objects.for_agency(agency).order_by("name", "pk")


def test_a_short_list_gets_its_exact_count(ten_companies):
    page = CappedCountPaginator(ten_companies, 3).get_page(1)

    assert page.paginator.count_label == "10"
    assert page.paginator.count_shown == 10
    assert page.paginator.num_pages_label == "4"


def test_a_long_list_is_counted_only_up_to_the_cap(settings, ten_companies):
    settings.LIST_COUNT_CAP = 4
    page = CappedCountPaginator(ten_companies, 2).get_page(1)

    assert page.paginator.count_label == "4+"
    assert page.paginator.count_shown == 4
    assert page.paginator.num_pages_label == "3+"
    assert page.has_next()


def test_a_deep_page_counts_as_far_as_itself_and_one_row_more(settings, ten_companies):
    settings.LIST_COUNT_CAP = 4
    paginator = IdsFirstPaginator(ten_companies, 2)

    page = paginator.get_page(4)

    assert [company.pk for company in page] == [company.pk for company in ten_companies[6:8]]
    assert (paginator.count_label, paginator.num_pages_label) == ("8+", "5+")
    assert page.has_next()


def test_the_last_page_finds_the_exact_count(settings, ten_companies):
    settings.LIST_COUNT_CAP = 4
    paginator = IdsFirstPaginator(ten_companies, 2)

    page = paginator.get_page(5)

    assert [company.pk for company in page] == [company.pk for company in ten_companies[8:]]
    assert (paginator.count_label, paginator.num_pages_label) == ("10", "5")
    assert not page.has_next()


@pytest.mark.parametrize(
    ("number", "expected", "rows"),
    [("50", 4, 1), ("9" * 40, 4, 1), ("-3", 2, 3), ("two", 1, 3), ("", 1, 3), (None, 1, 3)],
)
def test_an_out_of_range_or_bad_page_falls_back_to_a_page_that_was_counted(
    settings, ten_companies, number, expected, rows
):
    settings.LIST_COUNT_CAP = 4
    page = IdsFirstPaginator(ten_companies, 3).get_page(number)

    assert (page.number, len(page)) == (expected, rows)


def test_the_count_query_stops_after_the_cap(settings, ten_companies):
    settings.LIST_COUNT_CAP = 4
    paginator = CappedCountPaginator(ten_companies, 2)

    with CaptureQueriesContext(connection) as queries:
        paginator.get_page(1)

    assert paginator.count == 5
    assert "LIMIT 5" in queries[0]["sql"]


def test_the_capped_count_groups_thousands():
    agency = AgencyFactory()
    Company.objects.bulk_create(CompanyFactory.build_batch(1001, agency=agency))
    page = CappedCountPaginator(Company.objects.for_agency(agency).order_by("pk"), 25).get_page(1)

    assert (page.paginator.count_label, page.paginator.num_pages_label) == ("1,000+", "41+")


class SmallPages(CappedCountPaginator):
    sizes = (3, 5)


@pytest.mark.parametrize(
    ("query", "rows", "chosen"),
    [
        ({"per_page": "5"}, 5, 5),
        ({"per_page": "3"}, 3, None),
        ({"per_page": "4"}, 3, None),
        ({"per_page": "5.0"}, 3, None),
        ({"per_page": "5", "page": "2"}, 5, 5),
        ({}, 3, None),
    ],
)
def test_a_page_has_the_size_the_query_picks_among_those_offered(ten_companies, query, rows, chosen):
    page = SmallPages.page_for(ten_companies, query)

    assert len(page) == rows
    assert page.number == int(query.get("page", 1))
    assert page.paginator.chosen_size == chosen


def _shaped(agency, **filters):
    return listing_shape(
        company_list,
        agency=agency,
        params=COMPANY_LIST_PARAMS,
        shape=COMPANY_LIST_SHAPE,
        **{"search": "", "stage": "", "owner": None, "sort": "name", **filters},
    )


@pytest.mark.parametrize("paginator_class", [CappedCountPaginator, IdsFirstPaginator])
def test_a_list_given_its_shape_pages_each_agency_and_filter_as_its_queryset_does(paginator_class, settings):
    settings.LIST_COUNT_CAP = 3
    agencies = AgencyFactory(), AgencyFactory()
    for agency in agencies:
        for index, stage in enumerate(["lead", "trading", "lead", "lead", "trading", "lead"]):
            CompanyFactory(agency=agency, name=f"{agency.name} {index}", stage=stage)
    runs = [(agency, stage, number) for agency in agencies for stage in ("", "lead") for number in (1, 2, 3)]

    for agency, stage, number in runs:
        companies = company_list(agency=agency, stage=stage)
        expected = paginator_class(companies, 2, fields=("name",)).get_page(number)
        with CaptureQueriesContext(connection) as queries:
            page = paginator_class(companies, 2, fields=("name",), shape=_shaped(agency, stage=stage)).get_page(number)

        assert [row.name for row in page] == [row.name for row in expected]
        assert (page.number, page.paginator.count_label, page.has_next()) == (
            expected.number,
            expected.paginator.count_label,
            expected.has_next(),
        )
        if expected.number == number:
            assert len(queries) == 1


def test_a_list_s_shape_keys_its_order_and_filters_and_binds_their_values(agency, admin_user):
    plain, by_stage, by_other_stage = _shaped(agency), _shaped(agency, stage="lead"), _shaped(agency, stage="trading")
    by_owner = _shaped(agency, stage="lead", owner=admin_user)

    assert plain.key != by_stage.key == by_other_stage.key != by_owner.key
    assert _shaped(agency, sort="-name").key != plain.key
    assert (by_stage.values, by_owner.values) == (
        {"agency": agency.pk, "stage": "lead"},
        {"agency": agency.pk, "stage": "lead", "owner": admin_user.pk},
    )


def test_a_searched_list_has_no_shape_and_is_compiled_per_request(agency):
    assert _shaped(agency, search="harbour") is None
