import pytest
from django.urls import reverse

from agency.tests.factories import UserFactory
from crm.tests.factories import ContactFactory

from .factories import ActivityFactory, ReminderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(company, consultant):
    return ActivityFactory(
        company=company,
        author=consultant,
        kind="meeting",
        outcome="completed",
        location_type="online",
        place="https://meet.example/abc",
        details='<img src=x onerror="alert(1)">\nSecond line',
    )


def url(activity):
    return reverse("activity_log:activity-detail", kwargs={"activity": activity.uuid})


def test_it_requires_login(client, activity):
    assert client.get(url(activity)).status_code == 302


def test_it_answers_404_to_another_agency(outsider_client, activity):
    assert outsider_client.get(url(activity)).status_code == 404


def test_it_refuses_post(consultant_client, activity):
    assert consultant_client.post(url(activity)).status_code == 405


def test_it_shows_the_activity_with_escaped_details(consultant_client, activity):
    response = consultant_client.get(url(activity))

    assert response.status_code == 200
    assert "Online · https://meet.example/abc" in response.text
    assert "<img src=x" not in response.text
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;<br>Second line" in response.text


def test_it_shows_edit_and_delete_to_the_author_only_among_consultants(client, activity, consultant, agency):
    client.force_login(consultant)
    assert reverse("activity_log:activity-edit", kwargs={"activity": activity.uuid}) in client.get(url(activity)).text

    client.force_login(UserFactory(agency=agency))
    assert (
        reverse("activity_log:activity-edit", kwargs={"activity": activity.uuid}) not in client.get(url(activity)).text
    )


@pytest.mark.parametrize("count", [1, 10])
def test_it_runs_a_fixed_number_of_queries(consultant_client, activity, count, django_assert_num_queries):
    activity.contacts.set(
        ContactFactory.create_batch(count, company=activity.company), through_defaults={"agency_id": activity.agency_id}
    )
    activity.colleagues.set(
        UserFactory.create_batch(count, agency=activity.agency), through_defaults={"agency_id": activity.agency_id}
    )
    ReminderFactory.create_batch(count, company=activity.company, activity=activity)

    # session, user and agency; the activity; its contacts, colleagues and reminders
    with django_assert_num_queries(7):
        response = consultant_client.get(url(activity))

    assert response.status_code == 200
