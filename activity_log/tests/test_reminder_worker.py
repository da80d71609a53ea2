"""End to end: two real Celery workers on Redis run the reminder sweep at once; the reminder reaches
the real SMTP server exactly once."""

import os
import time

import pytest
from django.utils import timezone

from activity_log.models import Reminder
from activity_log.tasks import reminders_send_due_task
from travault.models import OutboundEmail
from travault.tests.workers import enqueueing_to, start_worker, stop, wait_for, worker_env, workers_answering

from .factories import ReminderFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_workers(smtp_server):
    if not os.environ.get("REDIS_URL"):
        pytest.fail("The worker tests need REDIS_URL (make test sets it).")
    with enqueueing_to(os.environ["REDIS_URL"]) as app:
        app.control.purge()
        env = worker_env(smtp_port=smtp_server.port)
        workers = [start_worker(env, name=f"reminders{n}") for n in (1, 2)]
        try:
            assert wait_for(lambda: workers_answering() == 2, timeout=30), "the two Celery workers did not start"
            yield workers
        finally:
            for worker in workers:
                stop(worker)
            app.control.purge()


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
