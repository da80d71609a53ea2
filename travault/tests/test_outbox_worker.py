"""End to end: a real Celery worker on Redis delivers the outbox to a real SMTP server."""

import os
import time

import pytest
from django.db import transaction
from django.utils import timezone

from travault import mail
from travault.models import OutboundEmail
from travault.tasks import outbox_sweep_task

from .workers import enqueueing_to, start_worker, stop, wait_for, worker_env, workers_answering

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker(smtp_server):
    if not os.environ.get("REDIS_URL"):
        pytest.fail("The worker tests need REDIS_URL (make test sets it).")
    with enqueueing_to(os.environ["REDIS_URL"]) as app:
        app.control.purge()
        process = start_worker(worker_env(smtp_port=smtp_server.port))
        try:
            assert wait_for(lambda: workers_answering() == 1, timeout=30), "the Celery worker did not start"
            yield process
        finally:
            stop(process)
            app.control.purge()


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
