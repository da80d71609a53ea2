"""In-process timings with Django's test client: the whole middleware stack and the real database
and cache, without a network or a WSGI server in between."""

import json
import statistics
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

EXPLAIN_ROUNDS = 3
SLOWEST_QUERIES = 3


class PageError(Exception):
    pass


def logged_in_client(user) -> Client:
    """A client signed in as ``user`` through a real session row, as the login form would leave it."""
    client = Client(raise_request_exception=True)
    client.force_login(user)
    return client


def cookie_header(client: Client) -> str:
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def fetch(client: Client, page) -> None:
    response = client.get(page.url, secure=True, headers={"HX-Request": "true"} if page.htmx else None)
    if response.status_code != 200:
        raise PageError(f"{page.name} ({page.url}) answered {response.status_code}, not 200.")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


@dataclass(frozen=True)
class DatabaseFloor:
    """A page's queries as PostgreSQL runs them: their summed execution and planning times (ms),
    each the median of a few rounds, and the slowest of them. The pages plan each query for its
    own parameters (``plan_cache_mode=force_custom_plan``), so a page pays the planning too."""

    execution_ms: float
    planning_ms: float
    slowest: list[dict]


def database_floor(queries: list[str]) -> DatabaseFloor:
    """The EXPLAIN ANALYZE figures of the page's SELECTs."""
    selects = [query for query in queries if query.lstrip().upper().startswith(("SELECT", "WITH"))]
    rounds = []
    with connection.cursor() as cursor:
        for _ in range(EXPLAIN_ROUNDS):
            times = []
            for query in selects:
                cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {query}")
                plan = cursor.fetchone()[0]
                plan = json.loads(plan) if isinstance(plan, str) else plan
                times.append((plan[0]["Execution Time"], plan[0]["Planning Time"]))
            rounds.append(times)
    per_query = [
        (statistics.median(run[0] for run in runs), statistics.median(run[1] for run in runs))
        for runs in zip(*rounds, strict=True)
    ]
    slowest = sorted(zip(per_query, selects, strict=True), reverse=True)[:SLOWEST_QUERIES]
    return DatabaseFloor(
        execution_ms=sum(execution for execution, _ in per_query),
        planning_ms=sum(planning for _, planning in per_query),
        slowest=[{"ms": round(ms, 3), "sql": query[:400]} for (ms, _), query in slowest],
    )


def measure(*, client: Client, pages, requests: int, warmup: int) -> list[dict]:
    """Each page's timings, taken in rounds that request every page once, so that the ping floor and
    every page are measured across the same stretch of time: a machine that slows down or speeds
    up during the run moves them alike."""
    for _ in range(warmup):
        for page in pages:
            fetch(client, page)
    timings = {page.name: [] for page in pages}
    for _ in range(requests):
        for page in pages:
            start = time.perf_counter()
            fetch(client, page)
            timings[page.name].append((time.perf_counter() - start) * 1000)
    results = []
    for page in pages:
        with CaptureQueriesContext(connection) as captured:
            fetch(client, page)
        floor = database_floor([query["sql"] for query in captured.captured_queries])
        results.append(
            {
                "page": page.name,
                "url": page.url,
                "kind": page.kind,
                "limit_ms": page.limit_ms,
                "queries": len(captured.captured_queries),
                "median_ms": round(statistics.median(timings[page.name]), 2),
                "p95_ms": round(percentile(timings[page.name], 0.95), 2),
                "db_floor_ms": round(floor.execution_ms, 2),
                "db_planning_ms": round(floor.planning_ms, 2),
                "slowest_queries": floor.slowest,
            }
        )
    return results
