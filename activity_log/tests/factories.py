"""Factories of the activity log: every row is created in its company's agency."""

from datetime import timedelta

import factory
from django.utils import timezone

from activity_log.models import Activity, Kind, Outcome, Reminder
from agency.tests.factories import UserFactory
from crm.tests.factories import CompanyFactory


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    company = factory.SubFactory(CompanyFactory)
    agency = factory.SelfAttribute("company.agency")
    author = factory.SubFactory(UserFactory, agency=factory.SelfAttribute("..agency"))
    kind = Kind.CALL
    subject = factory.Sequence(lambda n: f"Account review {n}")
    occurred_at = factory.LazyFunction(timezone.now)
    outcome = Outcome.CONNECTED
    duration_minutes = 15


class ReminderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reminder

    company = factory.SubFactory(CompanyFactory)
    agency = factory.SelfAttribute("company.agency")
    assignee = factory.SubFactory(UserFactory, agency=factory.SelfAttribute("..agency"))
    created_by = factory.SelfAttribute("assignee")
    due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
    message = factory.Sequence(lambda n: f"Send the proposal {n}")
