"""``make bench``: response times, query counts and database floors of the main pages for the
largest agency of the benchmark dataset, in process and over HTTP, against the performance
targets in bench/report.py.

Run as ``python -m bench.run``. Environment: BENCH_DATABASE_URL (default the travault_bench
database), BENCH_REDIS_URL (default Redis database 12), BENCH_REQUESTS (timed requests per page,
default 30), BENCH_HTTP_SECONDS (wrk run per page, default 30; 0 skips the HTTP part). The dataset
is loaded first when the database holds no agency. Results go to bench/results/<date>-<commit>.json
(<date>-<commit>-2.json for the day's second run of the commit, and so on).
"""

import json
import os
import secrets
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/travault_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/12"
RESULTS = Path(__file__).with_name("results")
WARMUP_REQUESTS = 5
HTTP_PAGES = ("ping", "company list", "ticket board high")


def configure() -> dict:
    """Production settings from the environment, as a deployment would set them, for this run."""
    settings = {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL),
        "CACHE_KEY_PREFIX": "travault-bench",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "testserver,127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "STRIPE_SECRET_KEY": "",
        "DIFFBOT_TOKEN": "",
        "EMAIL_HOST": "",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(settings)
    return {name: settings[name] for name in ("DATABASE_URL", "REDIS_URL", "DEBUG")}


def database_create_if_missing(url: str) -> None:
    try:
        psycopg.connect(url).close()
    except psycopg.OperationalError:
        parts = urlsplit(url)
        with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as server:
            server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(parts.path.lstrip("/"))))


def commit() -> tuple[str, bool]:
    def git(*args):
        return subprocess.run(["git", *args], capture_output=True, text=True, check=True).stdout.strip()

    return git("rev-parse", "--short", "HEAD"), bool(git("status", "--porcelain", "--untracked-files=no"))


def results_path(directory: Path, stem: str) -> Path:
    """``<stem>.json`` in ``directory``, or for a later run of the same commit on the same day
    ``<stem>-2.json``, ``<stem>-3.json``...: every run keeps its file, so runs can be compared."""
    path, run = directory / f"{stem}.json", 1
    while path.exists():
        run += 1
        path = directory / f"{stem}-{run}.json"
    return path


def machine_load() -> dict:
    return {"loadavg": [round(value, 2) for value in os.getloadavg()], "cpus": os.cpu_count()}


def main() -> int:
    env = configure()
    database_create_if_missing(env["DATABASE_URL"])

    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command

    from agency.models import Agency
    from bench import dataset, httpload, inprocess, pages, report

    started = datetime.now(UTC)
    load_before = machine_load()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    seed_seconds = None
    if not Agency.objects.exists():
        seeding = time.monotonic()
        call_command("seed_bench")
        seed_seconds = round(time.monotonic() - seeding, 1)
    cache.clear()
    agency = dataset.largest_agency()
    admin = pages.admin_of(agency)
    measured = pages.pages_for(agency)
    requests = int(os.environ.get("BENCH_REQUESTS", "30"))
    client = inprocess.logged_in_client(admin)
    page_results = inprocess.measure(client=client, pages=measured, requests=requests, warmup=WARMUP_REQUESTS)
    http_seconds = int(os.environ.get("BENCH_HTTP_SECONDS", "30"))
    http_results = []
    if http_seconds > 0:
        http_pages = [page for page in measured if page.name in HTTP_PAGES]
        http_results = httpload.measure(pages=http_pages, cookie=inprocess.cookie_header(client), seconds=http_seconds)
    short, dirty = commit()
    results = {
        "date": started.isoformat(timespec="seconds"),
        "commit": short,
        "dirty": dirty,
        "machine": {"before": load_before, "after": machine_load(), "python": sys.version.split()[0]},
        "settings": {**env, "requests_per_page": requests, "warmup_requests": WARMUP_REQUESTS},
        "dataset": report.dataset_summary(agency, seed_seconds=seed_seconds),
        "pages": report.judge_pages(page_results),
        "http": report.judge_http(http_results, seconds=http_seconds),
    }
    RESULTS.mkdir(exist_ok=True)
    path = results_path(RESULTS, f"{started:%Y-%m-%d}-{short}")
    path.write_text(json.dumps(results, indent=2) + "\n")
    report.print_tables(results, out=sys.stdout)
    sys.stdout.write(f"\nResults written to {path}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
