from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from activity_log import selectors
from activity_log.models import Reminder
from crm.tests.factories import CompanyFactory

from .factories import ActivityFactory, ReminderFactory

pytestmark = pytest.mark.django_db


def test_it_lists_reminders_due_today_and_overdue_for_the_assignee(company, consultant, admin_user):
    overdue = ReminderFactory(company=company, assignee=consultant)
    today = ReminderFactory(company=company, assignee=consultant)
    tomorrow = ReminderFactory(company=company, assignee=consultant)
    someone_else = ReminderFactory(company=company, assignee=admin_user)
    done = ReminderFactory(company=company, assignee=consultant)
    london = ZoneInfo("Europe/London")
    for reminder, due in [
        (overdue, datetime(2030, 3, 8, 9, 0, tzinfo=london)),
        (today, datetime(2030, 3, 10, 23, 30, tzinfo=london)),
        (tomorrow, datetime(2030, 3, 11, 0, 30, tzinfo=london)),
        (someone_else, datetime(2030, 3, 10, 9, 0, tzinfo=london)),
        (done, datetime(2030, 3, 10, 9, 0, tzinfo=london)),
    ]:
        Reminder.objects.filter(pk=reminder.pk).update(due_at=due)
    Reminder.objects.filter(pk=done.pk).update(done_at=timezone.now())

    now = datetime(2030, 3, 10, 15, 0, tzinfo=london)
    assert selectors.reminders_due_for(consultant, now=now) == [overdue, today]


def test_it_counts_today_in_the_agency_timezone(company, consultant, agency):
    agency.timezone = "Asia/Tokyo"
    agency.save()
    consultant.refresh_from_db()
    tokyo = ZoneInfo("Asia/Tokyo")
    late_tonight = ReminderFactory(company=company, assignee=consultant)
    tomorrow_morning = ReminderFactory(company=company, assignee=consultant)
    Reminder.objects.filter(pk=late_tonight.pk).update(due_at=datetime(2030, 3, 10, 23, 59, tzinfo=tokyo))
    Reminder.objects.filter(pk=tomorrow_morning.pk).update(due_at=datetime(2030, 3, 11, 9, 0, tzinfo=tokyo))

    now = datetime(2030, 3, 10, 20, 0, tzinfo=tokyo)
    assert selectors.reminders_due_for(consultant, now=now) == [late_tonight]


def test_it_lists_recent_activities_of_the_agency_newest_first(agency, company, other_agency):
    old = ActivityFactory(company=company, occurred_at=timezone.now() - timedelta(days=2))
    new = ActivityFactory(company=company, occurred_at=timezone.now())
    ActivityFactory(company=CompanyFactory(agency=other_agency))

    assert selectors.recent_activities(agency, limit=5) == [new, old]
    assert selectors.recent_activities(agency, limit=1) == [new]


def test_recent_activities_run_one_query(agency, company, django_assert_num_queries):
    ActivityFactory.create_batch(3, company=company)

    with django_assert_num_queries(1):
        activities = selectors.recent_activities(agency, limit=10)
        names = [(activity.company.name, activity.author.email) for activity in activities]

    assert len(names) == 3
