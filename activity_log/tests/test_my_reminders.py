from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from activity_log.models import Reminder

from .factories import ActivityFactory, ReminderFactory

pytestmark = pytest.mark.django_db

URL = reverse("activity_log:my-reminders")


def test_it_requires_login(client):
    assert client.get(URL).status_code == 302


def test_it_refuses_post(consultant_client):
    assert consultant_client.post(URL).status_code == 405


def test_it_lists_my_open_reminders_earliest_first(consultant_client, company, consultant, admin_user):
    later = ReminderFactory(company=company, assignee=consultant, message="Later one")
    overdue = ReminderFactory(company=company, assignee=consultant, message="Overdue one")
    Reminder.objects.filter(pk=overdue.pk).update(due_at=timezone.now() - timedelta(days=1))
    ReminderFactory(company=company, assignee=admin_user, message="Not mine")
    done = ReminderFactory(company=company, assignee=consultant, message="Already done")
    Reminder.objects.filter(pk=done.pk).update(done_at=timezone.now())

    response = consultant_client.get(URL)

    assert [r.message for r in response.context["reminders"]] == ["Overdue one", "Later one"]
    assert "Overdue" in response.text
    assert reverse("activity_log:reminder-done", kwargs={"reminder": later.uuid}) in response.text


def test_it_shows_an_empty_state(consultant_client):
    assert "Nothing to follow up" in consultant_client.get(URL).text


@pytest.mark.parametrize("count", [1, 20])
def test_it_runs_a_fixed_number_of_queries(consultant_client, company, consultant, count, django_assert_num_queries):
    for _ in range(count):
        ReminderFactory(company=company, assignee=consultant, activity=ActivityFactory(company=company))

    # session, user and agency; the reminders with their companies and activities
    with django_assert_num_queries(4):
        response = consultant_client.get(URL)

    assert len(response.context["reminders"]) == count
