"""PostgreSQL connections bind their parameters on the server, prepare a query they run often,
and plan every run of it for its own parameters; the planner keeps larger statistics of a column
whose values are very unevenly spread."""

import pytest
from django.conf import settings
from django.db import connection

from agency.tests.factories import AgencyFactory
from crm.models import Company

pytestmark = pytest.mark.django_db


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


def test_it_prepares_a_query_a_connection_runs_often():
    agency = AgencyFactory()
    runs = settings.DATABASES["default"]["OPTIONS"]["prepare_threshold"] + 1

    for name in [f"Company {n}" for n in range(runs)]:
        list(Company.objects.for_agency(agency).filter(city="Prepared City", name=name))

    assert [statement for statement in prepared_statements() if "Prepared City" in statement] == []
    assert any('"crm_company"."city" = $' in statement for statement in prepared_statements())


def test_it_plans_each_run_for_its_own_agency():
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == "force_custom_plan"


def test_it_keeps_larger_statistics_of_the_companies_activities_belong_to():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstattarget FROM pg_attribute "
            "WHERE attrelid = 'activity_log_activity'::regclass AND attname = 'company_id'"
        )
        assert cursor.fetchone()[0] == 1000
