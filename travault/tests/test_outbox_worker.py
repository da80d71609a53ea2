"""End to end: a real Celery worker on Redis delivers the outbox to a real SMTP server."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.utils import timezone

from travault import mail
from travault.celery import app
from travault.models import OutboundEmail
from travault.tasks import outbox_sweep_task

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


def wait_for(predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def broker():
    """Enqueue for real in this process (the suite runs tasks eagerly elsewhere)."""
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    app.control.purge()
    yield app
    app.control.purge()
    app.conf.task_always_eager = previous


@pytest.fixture
def worker(broker, smtp_server):
    if not os.environ.get("REDIS_URL"):
        pytest.fail("The worker tests need REDIS_URL (make test sets it).")
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_server.port),
        "EMAIL_USE_TLS": "0",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "travault", "worker", "--pool=solo", "--loglevel=WARNING"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_for(lambda: bool(app.control.ping(timeout=0.5))), "the Celery worker did not start"
        yield process
    finally:
        process.terminate()
        process.wait(timeout=20)


def send_reminder():
    with transaction.atomic():
        return mail.outbox_add(to=["ana@example.com"], subject="Call Acme back", body_text="Today at 3pm.")


def status_of(email):
    email.refresh_from_db()
    return email.status


def test_it_delivers_through_the_worker(worker, smtp_server):
    email = send_reminder()

    assert wait_for(lambda: status_of(email) == OutboundEmail.Status.SENT)
    assert [message.rcpt_tos for message in smtp_server.messages] == [["ana@example.com"]]
    assert b"Subject: Call Acme back" in smtp_server.messages[0].original_content


def test_it_loses_nothing_while_smtp_is_down_and_sends_it_once_after(worker, smtp_server):
    smtp_server.down()
    email = send_reminder()
    assert wait_for(lambda: status_of(email) == OutboundEmail.Status.PENDING and email.attempts == 1)
    assert "ConnectionRefusedError" in email.last_error

    smtp_server.up()
    OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
    outbox_sweep_task.delay()
    outbox_sweep_task.delay()

    assert wait_for(lambda: status_of(email) == OutboundEmail.Status.SENT)
    time.sleep(1)
    assert len(smtp_server.messages) == 1
