"""The periodic clean-up of imports: an import that lost its task can be started again, an upload
left unfinished expires, and a finished import no longer keeps the file's rows."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from crm import services
from crm.models import Company, CsvImport
from crm.tasks import csv_import_sweep_task

from .factories import CsvImportFactory

pytestmark = pytest.mark.django_db

Status = CsvImport.Status


def _aged(csv_import, **ago):
    """Move ``csv_import``'s timestamps back by ``ago`` (``created``/``started`` to timedelta)."""
    now = timezone.now()
    CsvImport.objects.filter(pk=csv_import.pk).update(
        **{f"{field}_at": now - age for field, age in ago.items()},
    )
    return csv_import


def _status(csv_import):
    csv_import.refresh_from_db()
    return csv_import.status


def test_an_import_that_lost_its_task_goes_back_to_where_it_was(agency, other_agency):
    stuck = timedelta(minutes=settings.CSV_IMPORT_STUCK_MINUTES + 1)
    checking = _aged(CsvImportFactory(agency=agency, status=Status.CHECKING), started=stuck)
    running = _aged(CsvImportFactory(agency=other_agency, validated=True, status=Status.RUNNING), started=stuck)
    busy = _aged(CsvImportFactory(agency=agency, validated=True, status=Status.RUNNING), started=timedelta(minutes=30))

    assert services.csv_import_sweep() == {"put_back": 2, "expired": 0}

    assert _status(checking) == Status.PENDING
    assert _status(running) == Status.VALIDATED
    assert running.rows == [["Imported One Ltd", "York"], ["Imported Two Ltd", "Bath"]]
    assert _status(busy) == Status.RUNNING


def test_an_import_put_back_can_be_started_again(agency, django_capture_on_commit_callbacks):
    running = _aged(
        CsvImportFactory(agency=agency, validated=True, status=Status.RUNNING),
        started=timedelta(minutes=settings.CSV_IMPORT_STUCK_MINUTES + 1),
    )
    services.csv_import_sweep()
    running.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        assert services.csv_import_start(csv_import=running)

    assert _status(running) == Status.DONE
    assert set(Company.objects.for_agency(agency).values_list("name", flat=True)) == {
        "Imported One Ltd",
        "Imported Two Ltd",
    }


def test_an_upload_left_unfinished_expires_and_its_rows_go(agency):
    old = timedelta(days=settings.CSV_IMPORT_KEEP_DAYS, hours=1)
    pending = _aged(CsvImportFactory(agency=agency), created=old)
    checked = _aged(CsvImportFactory(agency=agency, validated=True), created=old)
    recent = _aged(CsvImportFactory(agency=agency), created=timedelta(days=2))
    done = _aged(CsvImportFactory(agency=agency, status=Status.DONE, rows=[]), created=old)

    assert services.csv_import_sweep() == {"put_back": 0, "expired": 2}

    for expired in (pending, checked):
        assert _status(expired) == Status.FAILED
        assert expired.rows == []
        assert expired.finished_at is not None
        assert "expired" in expired.report["errors"][0]["message"]
    assert _status(recent) == Status.PENDING
    assert recent.rows
    assert _status(done) == Status.DONE


def test_the_sweep_runs_every_ten_minutes_through_its_task(agency):
    _aged(CsvImportFactory(agency=agency), created=timedelta(days=settings.CSV_IMPORT_KEEP_DAYS + 1))

    assert settings.CELERY_BEAT_SCHEDULE["csv-import-sweep"] == {
        "task": "crm.tasks.csv_import_sweep_task",
        "schedule": 600.0,
    }
    assert csv_import_sweep_task.delay().get() == {"put_back": 0, "expired": 1}
