"""Objects of agency A for every activity-log route that takes an id (see travault/tests/isolation.py)."""

from crm.tests.factories import CompanyFactory

from .factories import ActivityFactory, ReminderFactory


def _company(agency):
    return {"company": CompanyFactory(agency=agency).uuid}


def _activity(agency):
    return {"activity": ActivityFactory(company__agency=agency).uuid}


def _reminder(agency):
    return {"reminder": ReminderFactory(company__agency=agency).uuid}


ROUTES = {
    "activity_log:company-timeline": _company,
    "activity_log:activity-create": _company,
    "activity_log:reminder-create": _company,
    "activity_log:activity-detail": _activity,
    "activity_log:activity-edit": _activity,
    "activity_log:activity-delete": _activity,
    "activity_log:reminder-done": _reminder,
    "activity_log:reminder-snooze": _reminder,
}
