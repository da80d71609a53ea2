"""End to end: two real Celery workers on Redis run the reminder sweep at once; the reminder reaches
the real SMTP server exactly once."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from activity_log.models import Reminder
from activity_log.tasks import reminders_send_due_task
from travault.celery import app
from travault.models import OutboundEmail

from .factories import ReminderFactory

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


def wait_for(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def two_workers(smtp_server):
    if not os.environ.get("REDIS_URL"):
        pytest.fail("The worker tests need REDIS_URL (make test sets it).")
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    app.control.purge()
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_server.port),
        "EMAIL_USE_TLS": "0",
    }
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "travault", "worker", "--pool=solo", "-n", f"reminders{n}@%h"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for n in (1, 2)
    ]
    try:
        assert wait_for(lambda: len(app.control.ping(timeout=0.5)) == 2), "the two Celery workers did not start"
        yield workers
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=20)
        app.control.purge()
        app.conf.task_always_eager = previous


def test_a_due_reminder_arrives_once_with_two_workers_sweeping(two_workers, smtp_server, company, consultant):
    reminder = ReminderFactory(company=company, assignee=consultant, message="Confirm the group booking")
    Reminder.objects.filter(pk=reminder.pk).update(due_at=timezone.now())

    for _ in range(6):
        reminders_send_due_task.delay()

    assert wait_for(lambda: OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT).exists())
    time.sleep(2)
    assert [message.rcpt_tos for message in smtp_server.messages] == [[consultant.email]]
    assert b"Confirm the group booking" in smtp_server.messages[0].original_content
    assert OutboundEmail.objects.count() == 1
    reminder.refresh_from_db()
    assert reminder.notified_at is not None
