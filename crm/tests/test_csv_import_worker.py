"""End to end: a real Celery worker on Redis checks then imports a large file while the page polls its
progress, and a second delivery of the same task imports nothing more."""

import os
import re

import pytest
from django.urls import reverse

from crm import services
from crm.csv_import import guess_mapping, read_csv
from crm.models import Company, CsvImport
from crm.tasks import csv_import_task
from travault.tests.workers import enqueueing_to, start_worker, stop, wait_for, worker_env, workers_answering

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = 3000
PROGRESS = re.compile(r'<progress class="w-100" max="100" value="(\d+)"')


@pytest.fixture
def worker():
    if not os.environ.get("REDIS_URL"):
        pytest.fail("The worker tests need REDIS_URL (make test sets it).")
    with enqueueing_to(os.environ["REDIS_URL"]) as app:
        app.control.purge()
        process = start_worker(worker_env(smtp_port=25), name="csv-import")
        try:
            assert wait_for(lambda: workers_answering() == 1, timeout=30), "the Celery worker did not start"
            yield process
        finally:
            stop(process)
            app.control.purge()


def _checked_import(agency, user):
    data = "Name,City,Email\n" + "".join(f"Client {n:05d} Ltd,Leeds,travel{n}@client.example\n" for n in range(ROWS))
    csv_import = services.csv_import_create(
        agency=agency, user=user, kind="companies", file_name="big.csv", parsed=read_csv(data.encode())
    )
    mapping = guess_mapping("companies", csv_import.headers)
    assert services.csv_import_check_start(csv_import=csv_import, mapping=mapping, on_duplicate="skip")
    assert wait_for(lambda: _status_of(csv_import) == CsvImport.Status.VALIDATED, timeout=120)
    csv_import.refresh_from_db()
    return csv_import


def _status_of(csv_import):
    return CsvImport.objects.values_list("status", flat=True).get(pk=csv_import.pk)


def _status(client, csv_import):
    return client.get(reverse("crm:import-status", kwargs={"csv_import": csv_import.uuid}))


def test_the_worker_imports_while_the_page_polls_its_progress(worker, agency, admin_user, admin_client):
    csv_import = _checked_import(agency, admin_user)

    assert services.csv_import_start(csv_import=csv_import)
    seen = []

    def finished():
        response = _status(admin_client, csv_import)
        seen.extend(int(value) for value in PROGRESS.findall(response.text))
        return response.has_header("HX-Refresh")

    assert wait_for(finished, timeout=120)
    assert seen == sorted(seen)
    assert all(0 <= value < 100 for value in seen)
    csv_import.refresh_from_db()
    assert (csv_import.status, csv_import.created_count) == (CsvImport.Status.DONE, ROWS)
    assert Company.objects.filter(agency=agency).count() == ROWS

    # Two more deliveries of the same task, then a second import: the single solo worker takes them
    # in order, so once the second import is done the redeliveries have run.
    csv_import_task.delay(agency_id=agency.pk, import_id=csv_import.pk)
    csv_import_task.delay(agency_id=agency.pk, import_id=csv_import.pk)
    sentinel = services.csv_import_create(
        agency=agency, user=admin_user, kind="companies", file_name="one.csv", parsed=read_csv(b"Name\nLast Ltd\n")
    )
    services.csv_import_check_start(csv_import=sentinel, mapping=["name"], on_duplicate="skip")
    assert wait_for(lambda: _status_of(sentinel) == CsvImport.Status.VALIDATED, timeout=60)
    sentinel.refresh_from_db()
    services.csv_import_start(csv_import=sentinel)
    assert wait_for(lambda: _status_of(sentinel) == CsvImport.Status.DONE, timeout=60)
    assert Company.objects.filter(agency=agency).count() == ROWS + 1
