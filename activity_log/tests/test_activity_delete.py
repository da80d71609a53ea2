from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from activity_log.models import Activity, Reminder
from agency.tests.factories import UserFactory
from travault.permissions import Role

from .factories import ActivityFactory, ReminderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(company, consultant):
    return ActivityFactory(company=company, author=consultant, subject="Old call")


def url(activity):
    return reverse("activity_log:activity-delete", kwargs={"activity": activity.uuid})


def test_it_requires_login(client, activity):
    assert client.post(url(activity)).status_code == 302
    assert Activity.objects.exists()


def test_it_answers_404_to_another_agency(outsider_client, activity):
    assert outsider_client.post(url(activity)).status_code == 404
    assert Activity.objects.exists()


def test_it_refuses_other_methods(consultant_client, activity):
    assert consultant_client.put(url(activity)).status_code == 405


def test_it_asks_for_confirmation_on_get(consultant_client, activity):
    response = consultant_client.get(url(activity))

    assert response.status_code == 200
    assert "Old call" in response.text
    assert Activity.objects.exists()


def test_it_refuses_a_consultant_who_is_not_the_author(client, activity, agency):
    client.force_login(UserFactory(agency=agency, role=Role.CONSULTANT))

    assert client.post(url(activity)).status_code == 403
    assert Activity.objects.exists()


@pytest.mark.parametrize("role", ["author", Role.ADMIN, Role.MANAGER])
def test_it_deletes_with_its_reminders_and_recomputes_last_activity(client, activity, agency, company, role):
    earlier = ActivityFactory(company=company, occurred_at=timezone.now() - timedelta(days=9))
    ReminderFactory(company=company, activity=activity)
    client.force_login(activity.author if role == "author" else UserFactory(agency=agency, role=role))

    response = client.post(url(activity))

    assert response.status_code == 302
    assert response.url == reverse("activity_log:company-timeline", kwargs={"company": company.uuid})
    assert list(Activity.objects.all()) == [earlier]
    assert not Reminder.objects.exists()
    company.refresh_from_db()
    assert company.last_activity_at == earlier.occurred_at
