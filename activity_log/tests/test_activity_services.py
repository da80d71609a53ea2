from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from activity_log import services
from activity_log.models import Activity, ActivityColleague, ActivityContact, Kind, Outcome, Reminder
from agency.tests.factories import UserFactory
from crm.tests.factories import ContactFactory

from .factories import ActivityFactory

pytestmark = pytest.mark.django_db


def call(**overrides):
    return {
        "kind": Kind.CALL,
        "subject": "Renewal call",
        "occurred_at": timezone.now() - timedelta(hours=1),
        "outcome": Outcome.CONNECTED,
        "duration_minutes": 20,
        **overrides,
    }


def test_it_logs_an_activity_with_attendees_in_the_company_agency(company, contact, consultant, admin_user):
    activity = services.activity_create(
        company=company, author=consultant, data=call(), contacts=[contact], colleagues=[admin_user]
    )

    assert (activity.agency, activity.company, activity.author) == (company.agency, company, consultant)
    assert list(activity.contacts.all()) == [contact]
    assert list(activity.colleagues.all()) == [admin_user]
    assert {row.agency_id for row in ActivityContact.objects.all()} == {company.agency_id}
    assert {row.agency_id for row in ActivityColleague.objects.all()} == {company.agency_id}


def test_it_sets_last_activity_to_the_latest_occurred_at(company, consultant):
    older = timezone.now() - timedelta(days=3)
    newer = timezone.now() - timedelta(days=1)

    services.activity_create(company=company, author=consultant, data=call(occurred_at=newer))
    services.activity_create(company=company, author=consultant, data=call(occurred_at=older))

    company.refresh_from_db()
    assert company.last_activity_at == newer


def test_it_recomputes_last_activity_on_update_and_delete(company, consultant):
    first = services.activity_create(company=company, author=consultant, data=call(occurred_at=timezone.now()))
    earlier = timezone.now() - timedelta(days=5)
    second = services.activity_create(company=company, author=consultant, data=call(occurred_at=earlier))

    services.activity_update(activity=first, data={"occurred_at": timezone.now() - timedelta(days=10)})
    company.refresh_from_db()
    assert company.last_activity_at == earlier

    services.activity_delete(activity=second)
    company.refresh_from_db()
    assert company.last_activity_at == first.occurred_at

    services.activity_delete(activity=first)
    company.refresh_from_db()
    assert company.last_activity_at is None


def test_it_sets_last_activity_in_the_same_transaction(company, consultant):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.activity_create(company=company, author=consultant, data=call())
        raise RuntimeError("the request failed")

    company.refresh_from_db()
    assert company.last_activity_at is None
    assert not Activity.objects.exists()


def test_it_adds_a_follow_up_reminder_assigned_to_the_author_by_default(company, consultant):
    due = timezone.now() + timedelta(days=2)

    activity = services.activity_create(
        company=company, author=consultant, data=call(), reminder={"due_at": due, "message": "Send the rates"}
    )

    reminder = Reminder.objects.get()
    assert (reminder.activity, reminder.company, reminder.assignee, reminder.created_by) == (
        activity,
        company,
        consultant,
        consultant,
    )
    assert (reminder.due_at, reminder.message, reminder.agency) == (due, "Send the rates", company.agency)


@pytest.mark.parametrize(
    "data",
    [
        {"outcome": Outcome.SENT},
        {"kind": Kind.EMAIL, "duration_minutes": 10, "outcome": Outcome.SENT},
        {"duration_minutes": 0},
        {"duration_minutes": 24 * 60 + 1},
        {"location_type": "online"},
    ],
)
def test_it_refuses_invalid_activities_and_saves_nothing(company, consultant, data):
    with pytest.raises(ValidationError):
        services.activity_create(company=company, author=consultant, data=call(**data))

    assert not Activity.objects.exists()
    company.refresh_from_db()
    assert company.last_activity_at is None


@pytest.mark.parametrize(
    ("kind", "outcome", "duration", "location_type"),
    [
        ("call", "sent", None, ""),
        ("email", "connected", None, ""),
        ("meeting", "bounced", None, ""),
        ("email", "sent", 10, ""),
        ("call", "busy", 0, ""),
        ("call", "busy", None, "online"),
        ("meeting", "completed", None, "moon"),
    ],
)
def test_the_database_refuses_what_the_form_would(company, consultant, kind, outcome, duration, location_type):
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.create(
            agency=company.agency,
            company=company,
            author=consultant,
            kind=kind,
            subject="x",
            occurred_at=timezone.now(),
            outcome=outcome,
            duration_minutes=duration,
            location_type=location_type,
        )


def test_it_refuses_attendees_of_another_company_or_agency(company, consultant, agency, outsider):
    other_company_contact = ContactFactory(company__agency=agency)

    with pytest.raises(ValidationError):
        services.activity_create(company=company, author=consultant, data=call(), contacts=[other_company_contact])
    with pytest.raises(ValidationError):
        services.activity_create(company=company, author=consultant, data=call(), colleagues=[outsider])

    assert not Activity.objects.exists()


def test_it_refuses_a_reminder_in_the_past_and_saves_nothing(company, consultant):
    with pytest.raises(ValidationError):
        services.activity_create(
            company=company,
            author=consultant,
            data=call(),
            reminder={"due_at": timezone.now() - timedelta(minutes=1), "message": "Too late"},
        )

    assert not Activity.objects.exists()
    assert not Reminder.objects.exists()


def test_it_replaces_attendees_on_update(company, consultant, contact, admin_user):
    activity = ActivityFactory(company=company, author=consultant)
    services.activity_update(activity=activity, data={}, contacts=[contact], colleagues=[admin_user])
    other = ContactFactory(company=company)

    services.activity_update(activity=activity, data={"subject": "Renamed"}, contacts=[other], colleagues=[])

    activity.refresh_from_db()
    assert activity.subject == "Renamed"
    assert list(activity.contacts.all()) == [other]
    assert list(activity.colleagues.all()) == []


def test_it_deletes_the_follow_ups_with_the_activity(company, consultant):
    activity = services.activity_create(
        company=company,
        author=consultant,
        data=call(),
        reminder={"due_at": timezone.now() + timedelta(days=1), "message": "Follow up"},
    )

    services.activity_delete(activity=activity)

    assert not Reminder.objects.exists()


def test_it_refuses_an_inactive_or_foreign_assignee(company, consultant, outsider, agency):
    inactive = UserFactory(agency=agency, is_active=False)
    due = timezone.now() + timedelta(days=1)

    for assignee in (inactive, outsider):
        with pytest.raises(ValidationError):
            services.reminder_create(company=company, created_by=consultant, due_at=due, message="x", assignee=assignee)

    assert not Reminder.objects.exists()
