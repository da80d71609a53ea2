from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from activity_log.models import Reminder

pytestmark = pytest.mark.django_db

FUTURE = (timezone.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")


def url(company):
    return reverse("activity_log:reminder-create", kwargs={"company": company.uuid})


def test_it_requires_login(client, company):
    assert client.get(url(company)).status_code == 302


def test_it_answers_404_to_another_agency(outsider_client, company, outsider):
    response = outsider_client.post(url(company), {"due_at": FUTURE, "message": "x", "assignee": outsider.pk})

    assert response.status_code == 404
    assert not Reminder.objects.exists()


def test_it_refuses_other_methods(consultant_client, company):
    assert consultant_client.put(url(company)).status_code == 405


def test_it_defaults_the_assignee_to_the_current_user(consultant_client, company, consultant):
    assert consultant_client.get(url(company)).context["form"].initial["assignee"] == consultant.pk


def test_it_sets_a_standalone_reminder(consultant_client, company, consultant, admin_user):
    response = consultant_client.post(url(company), {"due_at": FUTURE, "message": "Renewal", "assignee": admin_user.pk})

    assert response.status_code == 302
    reminder = Reminder.objects.get()
    assert (reminder.company, reminder.activity, reminder.assignee, reminder.created_by) == (
        company,
        None,
        admin_user,
        consultant,
    )


def test_it_reads_nine_oclock_in_the_agency_timezone(consultant_client, company, consultant, agency):
    agency.timezone = "America/New_York"
    agency.save()

    consultant_client.post(url(company), {"due_at": "2030-01-15T09:00", "message": "x", "assignee": consultant.pk})

    assert Reminder.objects.get().due_at == datetime(2030, 1, 15, 14, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"due_at": "2020-05-01T09:00"}, "due_at"),
        ({"due_at": "soon"}, "due_at"),
        ({"message": ""}, "message"),
        ({"assignee": ""}, "assignee"),
    ],
)
def test_it_shows_a_form_error_and_saves_nothing(consultant_client, company, consultant, data, field):
    response = consultant_client.post(
        url(company), {"due_at": FUTURE, "message": "x", "assignee": consultant.pk, **data}
    )

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Reminder.objects.exists()


def test_it_refuses_an_assignee_of_another_agency(consultant_client, company, outsider):
    response = consultant_client.post(url(company), {"due_at": FUTURE, "message": "x", "assignee": outsider.pk})

    assert "assignee" in response.context["form"].errors
    assert not Reminder.objects.exists()
