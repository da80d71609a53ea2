"""Judging the figures against the performance targets, and printing them as tables."""

from activity_log.models import Activity
from crm.models import Company, Contact
from ticketing.models import Status, Ticket

from .pages import FLOOR, MAX_QUERIES, PAGE

FLOOR_FACTOR = 4
HTTP_TARGET_PAGE = "company list"
HTTP_TARGET_RPS = 100


def dataset_summary(agency, *, seed_seconds: float | None) -> dict:
    tickets = Ticket.objects.for_agency(agency)
    return {
        "agency": agency.name,
        "companies": Company.objects.for_agency(agency).count(),
        "contacts": Contact.objects.for_agency(agency).count(),
        "activities": Activity.objects.for_agency(agency).count(),
        "tickets": tickets.count(),
        "open_tickets": tickets.exclude(status=Status.CLOSED).count(),
        "seed_seconds": seed_seconds,
    }


def judge_pages(results: list[dict]) -> list[dict]:
    """Each page's result with its time budget and whether it meets every target: at most
    MAX_QUERIES queries; a list or detail page at most FLOOR_FACTOR x the ping plus its database
    floor and under its limit; search and dashboard under theirs."""
    ping = next(result["median_ms"] for result in results if result["kind"] == FLOOR)
    judged = []
    for result in results:
        budget = result["limit_ms"]
        if result["kind"] == PAGE:
            budget = min(budget, FLOOR_FACTOR * ping + result["db_floor_ms"])
        met = result["queries"] <= MAX_QUERIES and (budget is None or result["median_ms"] <= budget)
        judged.append({**result, "budget_ms": None if budget is None else round(budget, 2), "target_met": met})
    return judged


def judge_http(results: list[dict], *, seconds: int) -> list[dict]:
    judged = []
    for result in results:
        met = result["requests"] > 0 and result["error_count"] == 0
        if result["page"] == HTTP_TARGET_PAGE:
            met = met and result["rps"] >= HTTP_TARGET_RPS
        judged.append({**result, "seconds_requested": seconds, "target_met": met})
    return judged


def _row(cells, widths) -> str:
    return "  ".join(
        str(cell).ljust(width) if i == 0 else str(cell).rjust(width)
        for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
    )


def _table(out, header, rows) -> None:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    out.write(_row(header, widths) + "\n")
    out.write("  ".join("-" * width for width in widths) + "\n")
    for row in rows:
        out.write(_row(row, widths) + "\n")


def _yes(met: bool) -> str:
    return "yes" if met else "NO"


def print_tables(results: dict, *, out) -> None:
    machine = results["machine"]
    data = results["dataset"]
    out.write(
        f"\n{data['agency']}: {data['companies']:,} companies, {data['contacts']:,} contacts, "
        f"{data['activities']:,} activities, {data['tickets']:,} tickets ({data['open_tickets']:,} open). "
        f"Commit {results['commit']}{' (dirty)' if results['dirty'] else ''}, "
        f"load average {machine['before']['loadavg']} -> {machine['after']['loadavg']} "
        f"on {machine['before']['cpus']} CPUs.\n\n"
    )
    _table(
        out,
        ("page", "queries", "median ms", "p95 ms", "db floor ms", "db planning ms", "budget ms", "target met"),
        [
            (
                page["page"], page["queries"], f"{page['median_ms']:.1f}", f"{page['p95_ms']:.1f}",
                f"{page['db_floor_ms']:.1f}", f"{page['db_planning_ms']:.1f}",
                "-" if page["budget_ms"] is None else f"{page['budget_ms']:.1f}",
                _yes(page["target_met"]),
            )
            for page in results["pages"]
        ],
    )  # fmt: skip
    if results["http"]:
        out.write("\n")
        _table(
            out,
            ("over HTTP (8 connections)", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "target met"),
            [
                (
                    row["page"], f"{row['rps']:.1f}", f"{row['p50_ms']:.1f}", f"{row['p95_ms']:.1f}",
                    f"{row['p99_ms']:.1f}", row["error_count"], _yes(row["target_met"]),
                )
                for row in results["http"]
            ],
        )  # fmt: skip
