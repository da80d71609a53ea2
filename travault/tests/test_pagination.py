import pytest
from django.core.paginator import Paginator

from agency.tests.factories import AgencyFactory
from crm.models import Company
from crm.tests.factories import CompanyFactory
from travault.pagination import IdsFirstPaginator

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


def test_it_reads_a_page_in_one_query(django_assert_num_queries):
    agency = AgencyFactory()
    CompanyFactory.create_batch(5, agency=agency)
    paginator = IdsFirstPaginator(Company.objects.for_agency(agency).order_by("name", "pk"), 2)
    assert paginator.count == 5

    with django_assert_num_queries(1):
        assert len(paginator.page(2).object_list) == 2
