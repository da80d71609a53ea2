from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from activity_log.models import Activity, Reminder
from agency.tests.factories import UserFactory
from crm.tests.factories import ContactFactory

pytestmark = pytest.mark.django_db

FUTURE = (timezone.now() + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M")


def url(company):
    return reverse("activity_log:activity-create", kwargs={"company": company.uuid})


def meeting(**overrides):
    return {
        "kind": "meeting",
        "subject": "Quarterly review",
        "occurred_at": "2026-11-20T10:30",
        "outcome": "completed",
        "duration_minutes": "45",
        "location_type": "in_person",
        "place": "Acme HQ, Leeds",
        "details": "Agreed <new> hotel programme.\nSend rates.",
        **overrides,
    }


def test_it_requires_login(client, company):
    response = client.get(url(company))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_it_answers_404_to_another_agency(outsider_client, company):
    assert outsider_client.get(url(company)).status_code == 404
    assert outsider_client.post(url(company), meeting()).status_code == 404
    assert not Activity.objects.exists()


def test_it_refuses_other_methods(consultant_client, company):
    assert consultant_client.put(url(company)).status_code == 405


def test_it_offers_the_company_contacts_and_agency_colleagues_only(consultant_client, company, contact, outsider):
    ContactFactory(company__agency=company.agency, first_name="Other", last_name="Company")

    response = consultant_client.get(url(company), {"kind": "email"})

    form = response.context["form"]
    assert list(form.fields["contacts"].queryset) == [contact]
    assert outsider not in form.fields["colleagues"].queryset
    assert form.initial["kind"] == "email"
    assert 'data-kind="connected"' not in response.text
    assert 'value="connected" data-kind="call"' in response.text
    assert "activity_log/activity_form.js" in response.text


def test_it_logs_a_meeting_with_attendees_and_a_follow_up(consultant_client, company, contact, consultant, admin_user):
    response = consultant_client.post(
        url(company),
        meeting(
            contacts=[contact.pk],
            colleagues=[admin_user.pk],
            remind_at=FUTURE,
            reminder_message="Send the hotel rates",
        ),
    )

    assert response.status_code == 302
    assert response.url == reverse("activity_log:company-timeline", kwargs={"company": company.uuid})
    activity = Activity.objects.get()
    assert (activity.kind, activity.outcome, activity.duration_minutes) == ("meeting", "completed", 45)
    assert (activity.location_type, activity.place, activity.author) == ("in_person", "Acme HQ, Leeds", consultant)
    assert list(activity.contacts.all()) == [contact]
    assert list(activity.colleagues.all()) == [admin_user]
    reminder = Reminder.objects.get()
    assert (reminder.activity, reminder.assignee, reminder.message) == (activity, consultant, "Send the hotel rates")
    company.refresh_from_db()
    assert company.last_activity_at == activity.occurred_at


def test_it_reads_times_in_the_agency_timezone(consultant_client, company, agency):
    agency.timezone = "America/New_York"
    agency.save()

    consultant_client.post(
        url(company), meeting(occurred_at="2030-01-14T09:00", remind_at="2030-01-15T09:00", reminder_message="Call")
    )

    assert Activity.objects.get().occurred_at == datetime(2030, 1, 14, 14, 0, tzinfo=UTC)
    assert Reminder.objects.get().due_at == datetime(2030, 1, 15, 14, 0, tzinfo=UTC)


def test_it_assigns_the_reminder_to_a_colleague(consultant_client, company, admin_user):
    consultant_client.post(
        url(company), meeting(remind_at=FUTURE, reminder_message="Visit", reminder_assignee=admin_user.pk)
    )

    assert Reminder.objects.get().assignee == admin_user


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "call", "outcome": "sent"}, "outcome"),
        ({"kind": "email", "outcome": "connected"}, "outcome"),
        ({"outcome": "no_answer"}, "outcome"),
        ({"kind": "email", "outcome": "sent", "location_type": "", "place": ""}, "duration_minutes"),
        ({"kind": "call", "outcome": "busy", "duration_minutes": ""}, "location_type"),
        ({"duration_minutes": "0"}, "duration_minutes"),
        ({"duration_minutes": "1441"}, "duration_minutes"),
        ({"duration_minutes": "-5"}, "duration_minutes"),
        ({"remind_at": "2020-01-01T09:00", "reminder_message": "Too late"}, "remind_at"),
        ({"remind_at": FUTURE}, "reminder_message"),
        ({"reminder_message": "When?"}, "remind_at"),
        ({"occurred_at": "yesterday"}, "occurred_at"),
        ({"kind": "fax"}, "kind"),
    ],
)
def test_it_shows_a_form_error_and_saves_nothing(consultant_client, company, data, field):
    response = consultant_client.post(url(company), meeting(**data))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Activity.objects.exists()
    assert not Reminder.objects.exists()


def test_it_refuses_attendees_of_another_company_or_agency(consultant_client, company, outsider, agency):
    other_contact = ContactFactory(company__agency=agency)
    foreign_contact = ContactFactory()
    inactive = UserFactory(agency=agency, is_active=False)

    for data in (
        {"contacts": [other_contact.pk]},
        {"contacts": [foreign_contact.pk]},
        {"colleagues": [outsider.pk]},
        {"colleagues": [inactive.pk]},
        {"remind_at": FUTURE, "reminder_message": "x", "reminder_assignee": outsider.pk},
    ):
        response = consultant_client.post(url(company), meeting(**data))
        assert response.status_code == 200
        assert response.context["form"].errors

    assert not Activity.objects.exists()
    assert not Reminder.objects.exists()
