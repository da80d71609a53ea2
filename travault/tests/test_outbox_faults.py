"""Fault tests with real components: a Redis outage and a worker killed mid-delivery lose no email
and send none twice."""

import signal

import pytest
from django.db import transaction
from django.utils import timezone

from conftest import free_port
from travault import mail
from travault.models import OutboundEmail
from travault.tasks import outbox_sweep_task

from .workers import enqueueing_to, start_redis, start_worker, stop, wait_for, worker_env, workers_answering

pytestmark = pytest.mark.django_db(transaction=True)


def queue_email(to):
    with transaction.atomic():
        return mail.outbox_add(to=[to], subject="Your follow-up", body_text="Call Acme back.")


def status_of(email):
    email.refresh_from_db()
    return email.status


@pytest.fixture
def private_redis():
    port = free_port()
    process = start_redis(port)
    holder = {"port": port, "process": process}
    yield holder
    stop(holder["process"])


def test_a_redis_restart_loses_no_email(private_redis, smtp_server):
    broker_url = f"redis://127.0.0.1:{private_redis['port']}/0"
    worker = start_worker(worker_env(smtp_port=smtp_server.port, redis_url=broker_url), name="faults")
    try:
        with enqueueing_to(broker_url):
            assert wait_for(lambda: workers_answering() == 1, timeout=30), "the worker did not start"

            before = queue_email("before@example.com")
            assert wait_for(lambda: status_of(before) == OutboundEmail.Status.SENT)

            stop(private_redis["process"])
            during = queue_email("during@example.com")
            assert status_of(during) == OutboundEmail.Status.PENDING

            private_redis["process"] = start_redis(private_redis["port"])
            assert wait_for(lambda: workers_answering() == 1, timeout=60), "the worker did not reconnect"
            outbox_sweep_task.delay()

            assert wait_for(lambda: status_of(during) == OutboundEmail.Status.SENT, timeout=30)
    finally:
        stop(worker)

    assert sorted(message.rcpt_tos[0] for message in smtp_server.messages) == [
        "before@example.com",
        "during@example.com",
    ]


def test_a_worker_killed_mid_delivery_still_delivers_once(smtp_server):
    import os

    smtp_server.rcpt_delay = 3.0
    env = worker_env(smtp_port=smtp_server.port, OUTBOX_CLAIM_SECONDS="4")
    first = start_worker(env, name="doomed")
    second = None
    try:
        with enqueueing_to(os.environ["REDIS_URL"]) as app:
            app.control.purge()
            assert wait_for(lambda: workers_answering() == 1, timeout=30), "the worker did not start"

            email = queue_email("ana@example.com")
            assert wait_for(lambda: status_of(email) == OutboundEmail.Status.SENDING)
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
            assert status_of(email) == OutboundEmail.Status.SENDING
            assert smtp_server.messages == []

            smtp_server.rcpt_delay = 0.0
            second = start_worker(env, name="survivor")
            assert wait_for(lambda: workers_answering() >= 1, timeout=30), "the second worker did not start"
            assert wait_for(lambda: email.claimed_until < timezone.now() or status_of(email) == "sent", timeout=10)
            outbox_sweep_task.delay()
            outbox_sweep_task.delay()

            assert wait_for(lambda: status_of(email) == OutboundEmail.Status.SENT, timeout=30)
            app.control.purge()
    finally:
        stop(first)
        if second is not None:
            stop(second)

    assert [message.rcpt_tos for message in smtp_server.messages] == [["ana@example.com"]]
    assert email.attempts == 2
