import threading
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connections, transaction
from django.utils import timezone

from activity_log import services
from activity_log.models import Reminder
from activity_log.tasks import reminders_send_due_task
from agency.tests.factories import UserFactory
from travault.models import OutboundEmail

from .factories import ActivityFactory, ReminderFactory


@pytest.fixture
def due_reminder(company, consultant):
    reminder = ReminderFactory(company=company, assignee=consultant, message="Send the hotel rates")
    Reminder.objects.filter(pk=reminder.pk).update(due_at=timezone.now() - timedelta(minutes=1))
    reminder.refresh_from_db()
    return reminder


@pytest.mark.django_db
def test_it_emails_a_due_reminder_to_its_assignee_once(
    due_reminder, consultant, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send_due() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send_due() == 0

    due_reminder.refresh_from_db()
    assert due_reminder.notified_at is not None
    assert [message.to for message in mailoutbox] == [[consultant.email]]
    assert "Send the hotel rates" in mailoutbox[0].subject
    assert "Acme Pharma" in mailoutbox[0].body
    assert "/activity/reminders/" in mailoutbox[0].body
    assert OutboundEmail.objects.get().agency == due_reminder.agency


@pytest.mark.django_db
def test_it_skips_reminders_not_due_done_or_of_inactive_users(company, consultant, agency, mailoutbox):
    ReminderFactory(company=company, assignee=consultant)
    done = ReminderFactory(company=company, assignee=consultant)
    inactive = ReminderFactory(company=company, assignee=UserFactory(agency=agency, is_active=False))
    Reminder.objects.filter(pk__in=[done.pk, inactive.pk]).update(due_at=timezone.now() - timedelta(hours=1))
    Reminder.objects.filter(pk=done.pk).update(done_at=timezone.now())

    assert services.reminders_send_due() == 0
    assert not OutboundEmail.objects.exists()


@pytest.mark.django_db
def test_it_marks_notified_in_the_same_transaction_as_the_outbox_row(due_reminder):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.reminders_send_due()
        raise RuntimeError("the worker died")

    due_reminder.refresh_from_db()
    assert due_reminder.notified_at is None
    assert not OutboundEmail.objects.exists()


@pytest.mark.django_db
def test_it_writes_the_due_time_in_the_agency_timezone(
    company, consultant, agency, mailoutbox, django_capture_on_commit_callbacks
):
    agency.timezone = "America/New_York"
    agency.save()
    activity = ActivityFactory(company=company, author=consultant, subject="Quarterly review")
    nine_in_new_york = datetime(2030, 1, 15, 9, 0, tzinfo=ZoneInfo("America/New_York"))
    ReminderFactory(company=company, activity=activity, assignee=consultant, due_at=nine_in_new_york)

    assert services.reminders_send_due(now=nine_in_new_york - timedelta(seconds=1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send_due(now=datetime(2030, 1, 15, 14, 0, tzinfo=ZoneInfo("UTC"))) == 1

    assert "Tuesday 15 January 2030, 09:00 EST" in mailoutbox[0].body
    assert "Quarterly review" in mailoutbox[0].body


@pytest.mark.django_db
def test_the_beat_task_sends_due_reminders(due_reminder, mailoutbox, django_capture_on_commit_callbacks, settings):
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send_due_task.delay().get() == 1

    assert len(mailoutbox) == 1
    schedule = settings.CELERY_BEAT_SCHEDULE["reminders-send-due"]
    assert schedule["task"] == reminders_send_due_task.name


@pytest.mark.django_db(transaction=True)
def test_a_second_connection_skips_the_rows_a_first_one_is_sending(company, consultant):
    """Worker A holds the claim on the reminder; worker B, on its own connection, must not send it too."""
    reminder = ReminderFactory(company=company, assignee=consultant)
    Reminder.objects.filter(pk=reminder.pk).update(due_at=timezone.now() - timedelta(minutes=1))
    claimed, release, results = threading.Event(), threading.Event(), {}

    def worker_a():
        try:
            with transaction.atomic():
                results["a"] = services.reminders_send_due()
                claimed.set()
                release.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=worker_a)
    thread.start()
    assert claimed.wait(10)
    started = time.monotonic()
    results["b"] = services.reminders_send_due()
    waited = time.monotonic() - started
    release.set()
    thread.join(10)
    results["after"] = services.reminders_send_due()

    assert results == {"a": 1, "b": 0, "after": 0}
    assert waited < 2, "worker B waited for worker A's lock instead of skipping the row"
    assert OutboundEmail.objects.count() == 1
