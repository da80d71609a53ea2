"""Done and snooze: POST only, for the assignee, the creator, admins and managers; htmx gets a fragment."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from activity_log.models import Reminder
from agency.tests.factories import UserFactory
from travault.permissions import Role

from .factories import ReminderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reminder(company, consultant):
    reminder = ReminderFactory(company=company, assignee=consultant, message="Chase the invoice")
    Reminder.objects.filter(pk=reminder.pk).update(due_at=timezone.now() - timedelta(hours=1))
    reminder.refresh_from_db()
    return reminder


def done_url(reminder):
    return reverse("activity_log:reminder-done", kwargs={"reminder": reminder.uuid})


def snooze_url(reminder):
    return reverse("activity_log:reminder-snooze", kwargs={"reminder": reminder.uuid})


@pytest.mark.parametrize("url", [done_url, snooze_url])
def test_it_requires_login(client, reminder, url):
    assert client.post(url(reminder), {"until": "hour"}).status_code == 302


@pytest.mark.parametrize("url", [done_url, snooze_url])
def test_it_answers_404_to_another_agency(outsider_client, reminder, url):
    assert outsider_client.post(url(reminder), {"until": "hour"}).status_code == 404
    reminder.refresh_from_db()
    assert reminder.done_at is None


@pytest.mark.parametrize("url", [done_url, snooze_url])
def test_it_refuses_get(consultant_client, reminder, url):
    assert consultant_client.get(url(reminder)).status_code == 405


@pytest.mark.parametrize("url", [done_url, snooze_url])
def test_it_refuses_a_colleague_who_is_neither_assignee_nor_creator(client, reminder, agency, url):
    client.force_login(UserFactory(agency=agency, role=Role.SALES))

    assert client.post(url(reminder), {"until": "hour"}).status_code == 403
    reminder.refresh_from_db()
    assert reminder.done_at is None


def test_it_marks_done_and_redirects(consultant_client, reminder):
    response = consultant_client.post(done_url(reminder))

    assert response.status_code == 302
    assert response.url == reverse("activity_log:my-reminders")
    reminder.refresh_from_db()
    assert reminder.done_at is not None


def test_a_manager_can_mark_done(client, reminder, agency):
    client.force_login(UserFactory(agency=agency, role=Role.MANAGER))

    assert client.post(done_url(reminder)).status_code == 302
    reminder.refresh_from_db()
    assert reminder.done_at is not None


def test_it_answers_htmx_with_a_fragment(consultant_client, reminder):
    response = consultant_client.post(done_url(reminder), headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert f'id="reminder-{reminder.uuid}"' in response.text
    assert "Done: Chase the invoice" in response.text
    assert "<html" not in response.text


def test_it_snoozes_and_answers_htmx_with_the_updated_row(consultant_client, reminder):
    Reminder.objects.filter(pk=reminder.pk).update(notified_at=timezone.now())

    response = consultant_client.post(snooze_url(reminder), {"until": "hour"}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert f'id="reminder-{reminder.uuid}"' in response.text
    assert "Overdue" not in response.text
    reminder.refresh_from_db()
    assert reminder.due_at > timezone.now() + timedelta(minutes=59)
    assert reminder.notified_at is None


def test_it_snoozes_and_redirects(consultant_client, reminder):
    response = consultant_client.post(snooze_url(reminder), {"until": "tomorrow"})

    assert response.status_code == 302
    reminder.refresh_from_db()
    assert reminder.due_at > timezone.now()


def test_it_refuses_an_unknown_snooze(consultant_client, reminder):
    due = reminder.due_at

    assert consultant_client.post(snooze_url(reminder), {"until": "forever"}).status_code == 400
    reminder.refresh_from_db()
    assert reminder.due_at == due
