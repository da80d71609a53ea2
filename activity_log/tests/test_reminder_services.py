from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from activity_log import services
from activity_log.models import Reminder
from activity_log.services import Snooze

from .factories import ActivityFactory, ReminderFactory

pytestmark = pytest.mark.django_db


def test_it_creates_a_standalone_reminder_assigned_to_its_creator(company, consultant):
    due = timezone.now() + timedelta(hours=3)

    reminder = services.reminder_create(company=company, created_by=consultant, due_at=due, message="Call back")

    assert (reminder.agency, reminder.company, reminder.activity) == (company.agency, company, None)
    assert (reminder.assignee, reminder.created_by, reminder.due_at) == (consultant, consultant, due)


def test_it_refuses_an_activity_of_another_company(company, consultant, agency):
    activity = ActivityFactory(company__agency=agency)

    with pytest.raises(ValidationError):
        services.reminder_create(
            company=company,
            created_by=consultant,
            activity=activity,
            due_at=timezone.now() + timedelta(days=1),
            message="x",
        )
    assert not Reminder.objects.exists()


def test_it_completes_a_reminder_once(company, consultant):
    reminder = ReminderFactory(company=company, assignee=consultant)

    services.reminder_complete(reminder=reminder)
    first = Reminder.objects.get().done_at
    services.reminder_complete(reminder=Reminder.objects.get())

    assert first is not None
    assert Reminder.objects.get().done_at == first


def test_it_snoozes_and_sends_again_when_due(company, consultant):
    reminder = ReminderFactory(company=company, assignee=consultant)
    Reminder.objects.filter(pk=reminder.pk).update(notified_at=timezone.now(), due_at=timezone.now())
    reminder.refresh_from_db()

    before = timezone.now()
    services.reminder_snooze(reminder=reminder, choice=Snooze.HOUR)

    reminder.refresh_from_db()
    assert reminder.notified_at is None
    assert before + timedelta(minutes=59) < reminder.due_at <= timezone.now() + timedelta(hours=1)


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        (Snooze.TOMORROW, datetime(2030, 1, 16, 9, 0, tzinfo=ZoneInfo("America/New_York"))),
        (Snooze.WEEK, datetime(2030, 1, 22, 9, 0, tzinfo=ZoneInfo("America/New_York"))),
        (Snooze.HOUR, datetime(2030, 1, 16, 4, 30, tzinfo=ZoneInfo("UTC"))),
    ],
)
def test_it_snoozes_to_nine_in_the_agency_timezone(choice, expected):
    # 03:30 UTC on the 16th is still the 15th in New York: tomorrow is the 16th at 09:00 there.
    now = datetime(2030, 1, 16, 3, 30, tzinfo=ZoneInfo("UTC"))

    assert services.snooze_until(choice=choice, now=now, tz=ZoneInfo("America/New_York")) == expected
