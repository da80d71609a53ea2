"""The benchmark's database floor and its table: execution and planning are measured apart, only
for the page's reads, and both are printed."""

import io

import pytest

from bench import inprocess, report

pytestmark = pytest.mark.django_db


def test_the_floor_sums_the_reads_execution_and_planning_and_names_the_slowest():
    read = "SELECT id FROM crm_company WHERE name LIKE 'A%' ORDER BY name"
    write = "UPDATE crm_company SET name = name WHERE false"

    floor = inprocess.database_floor([read, "SELECT 1", write])

    assert floor.execution_ms > 0
    assert floor.planning_ms > 0
    assert [query["sql"] for query in floor.slowest] in ([read, "SELECT 1"], ["SELECT 1", read])


def test_the_floor_of_a_page_without_reads_is_zero():
    floor = inprocess.database_floor(["UPDATE crm_company SET name = name WHERE false"])

    assert (floor.execution_ms, floor.planning_ms, floor.slowest) == (0, 0, [])


def test_the_table_prints_the_planning_time_beside_the_floor():
    page = {
        "page": "company list",
        "queries": 5,
        "median_ms": 16.4,
        "p95_ms": 22.5,
        "db_floor_ms": 1.1,
        "db_planning_ms": 0.86,
        "budget_ms": 17.06,
        "target_met": True,
    }
    results = {
        "machine": {"before": {"loadavg": [0.1], "cpus": 2}, "after": {"loadavg": [0.2]}},
        "dataset": {"agency": "A", "companies": 1, "contacts": 1, "activities": 1, "tickets": 1, "open_tickets": 0},
        "commit": "abc1234",
        "dirty": False,
        "pages": [page],
        "http": [],
    }
    out = io.StringIO()

    report.print_tables(results, out=out)

    header, _rule, row = out.getvalue().strip().splitlines()[-3:]
    assert "db floor ms  db planning ms  budget ms" in header
    assert row.split() == ["company", "list", "5", "16.4", "22.5", "1.1", "0.9", "17.1", "yes"]
