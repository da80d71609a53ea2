from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from agency.tests.factories import UserFactory
from travault.permissions import Role

from .factories import ActivityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(company, consultant):
    return ActivityFactory(company=company, author=consultant, subject="First call")


def url(activity):
    return reverse("activity_log:activity-edit", kwargs={"activity": activity.uuid})


def data(**overrides):
    return {
        "kind": "call",
        "subject": "Renamed call",
        "occurred_at": (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "outcome": "left_voicemail",
        "duration_minutes": "5",
        **overrides,
    }


def test_it_requires_login(client, activity):
    assert client.get(url(activity)).status_code == 302


def test_it_answers_404_to_another_agency(outsider_client, activity):
    assert outsider_client.post(url(activity), data()).status_code == 404
    activity.refresh_from_db()
    assert activity.subject == "First call"


def test_it_refuses_other_methods(consultant_client, activity):
    assert consultant_client.put(url(activity)).status_code == 405


def test_it_refuses_a_consultant_or_sales_user_who_is_not_the_author(client, activity, agency):
    for role in (Role.CONSULTANT, Role.SALES):
        client.force_login(UserFactory(agency=agency, role=role))
        assert client.get(url(activity)).status_code == 403
        assert client.post(url(activity), data()).status_code == 403

    activity.refresh_from_db()
    assert activity.subject == "First call"


@pytest.mark.parametrize("role", ["author", Role.ADMIN, Role.MANAGER])
def test_it_lets_the_author_admins_and_managers_edit(client, activity, agency, role, company):
    client.force_login(activity.author if role == "author" else UserFactory(agency=agency, role=role))

    response = client.post(url(activity), data())

    assert response.status_code == 302
    assert response.url == activity.get_absolute_url()
    activity.refresh_from_db()
    assert (activity.subject, activity.outcome, activity.duration_minutes) == ("Renamed call", "left_voicemail", 5)
    company.refresh_from_db()
    assert company.last_activity_at == activity.occurred_at


def test_it_does_not_offer_a_new_reminder_when_editing(consultant_client, activity):
    assert "remind_at" not in consultant_client.get(url(activity)).context["form"].fields


def test_it_shows_a_form_error_and_changes_nothing(consultant_client, activity):
    response = consultant_client.post(url(activity), data(outcome="bounced"))

    assert response.status_code == 200
    assert "outcome" in response.context["form"].errors
    activity.refresh_from_db()
    assert (activity.subject, activity.outcome) == ("First call", "connected")


def test_it_keeps_a_colleague_who_has_since_left(consultant_client, activity, agency):
    former = UserFactory(agency=agency, is_active=False)
    activity.colleagues.set([former], through_defaults={"agency_id": agency.pk})

    consultant_client.post(url(activity), data(colleagues=[former.pk]))

    activity.refresh_from_db()
    assert activity.subject == "Renamed call"
    assert list(activity.colleagues.all()) == [former]
