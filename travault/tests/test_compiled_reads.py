import pytest
from django.db.models import CharField

from crm.models import Company
from crm.tests.factories import CompanyFactory
from travault.compiled_reads import AGENCY, CompiledQueries, CompiledRead, Param, param_list, param_values

pytestmark = pytest.mark.django_db


def _companies_named(count):
    return (
        Company.objects.for_agency(AGENCY)
        .filter(name__in=param_list("name", count, CharField()))
        .order_by("name")
        .values_list("uuid", "name", "created_at", named=True)
    )


def _expected(agency, names):
    return list(
        Company.objects.for_agency(agency)
        .filter(name__in=names)
        .order_by("name")
        .values_list("uuid", "name", "created_at", named=True)
    )


def test_each_run_answers_its_own_values_as_the_queryset_would(agency, other_agency):
    for name in ("Alpha Travel", "Beta Tours", "Gamma Trips"):
        CompanyFactory(agency=agency, name=name)
    CompanyFactory(agency=other_agency, name="Alpha Travel")
    read = CompiledRead(_companies_named)
    runs = (
        (agency, ["Gamma Trips", "Alpha Travel"], ["Alpha Travel", "Gamma Trips"]),
        (agency, ["Beta Tours", "Nobody"], ["Beta Tours"]),
        (other_agency, ["Alpha Travel", "Beta Tours"], ["Alpha Travel"]),
    )

    for tenant, names, found in runs:
        rows = read.rows(len(names), agency=tenant.pk, **param_values("name", names))

        assert rows == _expected(tenant, names)
        assert [row.name for row in rows] == found


def test_it_builds_and_compiles_each_shape_once(agency, django_assert_num_queries):
    CompanyFactory(agency=agency, name="Alpha Travel")
    built = []

    def build(count):
        built.append(count)
        return _companies_named(count)

    read = CompiledRead(build)
    with django_assert_num_queries(4):
        for names in (["Alpha Travel"], ["Beta Tours"], ["Alpha Travel", "Beta Tours"], ["Nobody", "Alpha Travel"]):
            assert [row.name for row in read.rows(len(names), agency=agency.pk, **param_values("name", names))] == (
                ["Alpha Travel"] if "Alpha Travel" in names else []
            )

    assert built == [1, 2]


def test_a_value_left_out_is_refused_rather_than_read_as_anything(agency):
    read = CompiledRead(lambda: Company.objects.for_agency(AGENCY).values_list("name", named=True))

    with pytest.raises(KeyError):
        read.rows()


def test_it_reads_named_columns_only(agency):
    read = CompiledRead(lambda: Company.objects.filter(agency_id=Param("agency", CharField())))

    with pytest.raises(TypeError, match="values_list"):
        read.rows(agency=agency.pk)


def test_a_bounded_set_of_reads_drops_the_oldest_first(agency, django_assert_num_queries):
    CompanyFactory(agency=agency, name="Alpha Travel")
    compiled = CompiledQueries(limit=2)
    built = []

    def read(count, names):
        def build():
            built.append(count)
            return _companies_named(count)

        return [row.name for row in compiled.rows(count, build, {"agency": agency.pk, **param_values("name", names)})]

    assert read(1, ["Alpha Travel"]) == ["Alpha Travel"]
    assert read(2, ["Alpha Travel", "x"]) == ["Alpha Travel"]
    assert read(1, ["Beta Tours"]) == []
    assert read(3, ["x", "y", "Alpha Travel"]) == ["Alpha Travel"]
    assert read(2, ["y", "z"]) == []
    assert read(1, ["Alpha Travel"]) == ["Alpha Travel"]

    assert (built, len(compiled)) == ([1, 2, 3, 1], 2)
