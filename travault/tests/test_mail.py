"""The outbox: written with the change that caused it, delivered once, retried, never lost."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from travault import mail
from travault.models import OutboundEmail
from travault.tasks import outbox_sweep_task

from .workers import enqueueing_to

pytestmark = pytest.mark.django_db


def queue(agency=None, to=("ana@example.com",)):
    return mail.outbox_add(
        to=list(to),
        subject="Your reminder",
        body_text="Call Acme back.",
        body_html="<p>Call Acme back.</p>",
        agency_id=agency.pk if agency else None,
    )


def test_it_writes_nothing_and_sends_nothing_when_the_change_rolls_back(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        queue()
        raise RuntimeError("the change failed")

    assert not OutboundEmail.objects.exists()
    assert mailoutbox == []


def test_it_delivers_once_the_change_commits(agency, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue(agency)

    email.refresh_from_db()
    assert (email.status, email.attempts, email.agency) == (OutboundEmail.Status.SENT, 1, agency)
    assert email.sent_at is not None
    assert [m.to for m in mailoutbox] == [["ana@example.com"]]
    assert mailoutbox[0].alternatives[0][0] == "<p>Call Acme back.</p>"


def test_it_renders_the_templates_of_an_email(mailoutbox, django_capture_on_commit_callbacks, tmp_path, settings):
    folder = tmp_path / "emails"
    folder.mkdir()
    (folder / "greeting_subject.txt").write_text("Hello\n{{ name }}\n")
    (folder / "greeting_body.txt").write_text("Dear {{ name }},")
    (folder / "greeting_body.html").write_text("<p>Dear {{ name }},</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]

    with django_capture_on_commit_callbacks(execute=True):
        mail.email_send(to=["ana@example.com"], template="greeting", context={"name": "<Ana>"})

    assert mailoutbox[0].subject == "Hello <Ana>"
    assert mailoutbox[0].body == "Dear <Ana>,"
    assert mailoutbox[0].alternatives[0][0] == "<p>Dear &lt;Ana&gt;,</p>"


def test_it_claims_a_row_for_one_worker_only(mailoutbox):
    email = queue()

    assert mail.outbox_claim(email.pk) is True
    assert mail.outbox_claim(email.pk) is False
    assert mail.outbox_deliver(email.pk).outcome == "skipped"
    assert mailoutbox == []


def test_it_never_sends_a_sent_row_twice(mailoutbox):
    email = queue()

    assert mail.outbox_deliver(email.pk).outcome == "sent"
    assert mail.outbox_deliver(email.pk).outcome == "skipped"
    assert len(mailoutbox) == 1


def test_it_takes_over_a_row_whose_worker_died(mailoutbox):
    email = queue()
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=OutboundEmail.Status.SENDING, claimed_until=timezone.now() - timedelta(seconds=1), attempts=1
    )

    assert mail.outbox_deliver(email.pk).outcome == "sent"
    email.refresh_from_db()
    assert (email.status, email.attempts, len(mailoutbox)) == (OutboundEmail.Status.SENT, 2, 1)


def test_it_backs_off_when_the_smtp_server_defers(smtp_mailer):
    smtp_mailer.data_reply = "451 4.3.0 Try again later"
    email = queue()

    delivery = mail.outbox_deliver(email.pk)

    email.refresh_from_db()
    assert delivery == mail.Delivery("retry", retry_in=60)
    assert (email.status, email.attempts) == (OutboundEmail.Status.PENDING, 1)
    assert "SMTPDataError" in email.last_error
    assert timedelta(seconds=55) < email.next_attempt_at - timezone.now() <= timedelta(seconds=60)
    assert smtp_mailer.messages == []


def test_it_doubles_the_wait_up_to_an_hour():
    assert [mail.backoff_seconds(n) for n in (1, 2, 3, 7, 8)] == [60, 120, 240, 3600, 3600]


def test_it_retries_while_the_smtp_server_is_down_then_delivers(smtp_mailer):
    email = queue()
    smtp_mailer.down()

    assert mail.outbox_deliver(email.pk).outcome == "retry"
    smtp_mailer.up()
    OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())

    assert mail.outbox_deliver(email.pk).outcome == "sent"
    assert [message.rcpt_tos for message in smtp_mailer.messages] == [["ana@example.com"]]


def test_it_marks_a_refused_recipient_failed_at_once(smtp_mailer):
    smtp_mailer.refused.add("ana@example.com")
    email = queue()

    assert mail.outbox_deliver(email.pk).outcome == "failed"

    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.FAILED
    assert "SMTPRecipientsRefused" in email.last_error
    assert mail.outbox_due_ids() == []


def test_it_gives_up_after_the_last_attempt(smtp_mailer):
    smtp_mailer.data_reply = "451 4.3.0 Try again later"
    email = queue()
    OutboundEmail.objects.filter(pk=email.pk).update(attempts=mail.MAX_ATTEMPTS - 1)

    assert mail.outbox_deliver(email.pk).outcome == "failed"
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboundEmail.Status.FAILED, mail.MAX_ATTEMPTS)


def test_it_sweeps_only_what_is_due(mailoutbox):
    now = timezone.now()
    due = queue(to=["due@example.com"])
    stale = queue(to=["stale@example.com"])
    OutboundEmail.objects.filter(pk=stale.pk).update(status="sending", claimed_until=now - timedelta(minutes=1))
    later = queue(to=["later@example.com"])
    OutboundEmail.objects.filter(pk=later.pk).update(next_attempt_at=now + timedelta(minutes=5))
    busy = queue(to=["busy@example.com"])
    OutboundEmail.objects.filter(pk=busy.pk).update(status="sending", claimed_until=now + timedelta(minutes=5))
    queue(to=["done@example.com"]).__class__.objects.filter(to=["done@example.com"]).update(status="sent")
    queue(to=["failed@example.com"]).__class__.objects.filter(to=["failed@example.com"]).update(status="failed")

    assert sorted(mail.outbox_due_ids()) == sorted([due.pk, stale.pk])
    assert outbox_sweep_task.delay().get() == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["due@example.com", "stale@example.com"]


def test_it_retries_a_failed_email_from_a_fresh_count(mailoutbox, django_capture_on_commit_callbacks):
    email = queue()
    OutboundEmail.objects.filter(pk=email.pk).update(status="failed", attempts=mail.MAX_ATTEMPTS)
    email.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        mail.outbox_retry(email=email)

    email.refresh_from_db()
    assert (email.status, email.attempts, len(mailoutbox)) == (OutboundEmail.Status.SENT, 1, 1)


def test_it_keeps_the_row_pending_when_the_broker_is_unreachable(caplog):
    email = queue()
    with enqueueing_to("redis://127.0.0.1:1/0"):
        started = timezone.now()
        mail.outbox_enqueue(email.pk)
        elapsed = timezone.now() - started

    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.PENDING
    assert mail.outbox_due_ids() == [email.pk]
    assert "the outbox sweep will deliver it" in caplog.text
    assert elapsed < timedelta(seconds=10)


def test_it_schedules_every_periodic_job_by_a_registered_task(settings):
    from travault.celery import app

    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert "travault.tasks.outbox_sweep_task" in scheduled
    assert scheduled <= set(app.tasks)


def test_it_sends_allauths_email_through_the_outbox(client, consultant, django_capture_on_commit_callbacks, mailoutbox):
    from django.urls import reverse

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": consultant.email})

    email = OutboundEmail.objects.get()
    assert (email.to, email.agency_id, email.status) == ([consultant.email], consultant.agency_id, "sent")
    assert "/accounts/password/reset/key/" in email.body_text
    assert mailoutbox[0].body == email.body_text
