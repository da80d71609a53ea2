"""In-process timings with Django's test client: the whole middleware stack and the real database
and cache, without a network or a WSGI server in between."""

import json
import statistics
import time

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


def database_floor(queries: list[str]) -> tuple[float, list[dict]]:
    """The summed EXPLAIN ANALYZE execution time (ms) of the page's SELECTs, median of a few
    rounds, and its slowest queries."""
    selects = [query for query in queries if query.lstrip().upper().startswith(("SELECT", "WITH"))]
    rounds = []
    with connection.cursor() as cursor:
        for _ in range(EXPLAIN_ROUNDS):
            times = []
            for query in selects:
                cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {query}")
                plan = cursor.fetchone()[0]
                plan = json.loads(plan) if isinstance(plan, str) else plan
                times.append(plan[0]["Execution Time"])
            rounds.append(times)
    per_query = [statistics.median(values) for values in zip(*rounds, strict=True)] if selects else []
    slowest = sorted(zip(per_query, selects, strict=True), reverse=True)[:SLOWEST_QUERIES]
    return sum(per_query), [{"ms": round(ms, 3), "sql": query[:400]} for ms, query in slowest]


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
        floor, slowest = database_floor([query["sql"] for query in captured.captured_queries])
        results.append(
            {
                "page": page.name,
                "url": page.url,
                "kind": page.kind,
                "limit_ms": page.limit_ms,
                "queries": len(captured.captured_queries),
                "median_ms": round(statistics.median(timings[page.name]), 2),
                "p95_ms": round(percentile(timings[page.name], 0.95), 2),
                "db_floor_ms": round(floor, 2),
                "slowest_queries": slowest,
            }
        )
    return results
