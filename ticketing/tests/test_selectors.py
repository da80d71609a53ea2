from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from agency.tests.factories import UserFactory
from crm.tests.factories import CompanyFactory
from ticketing import selectors, services
from ticketing.models import Ticket

from .factories import TicketFactory

pytestmark = pytest.mark.django_db


def test_company_tickets_are_newest_first_and_page_by_time(agency, client_company, other_agency):
    tickets = [TicketFactory(agency=agency, company=client_company) for _ in range(4)]
    now = timezone.now()
    for age, ticket in enumerate(reversed(tickets)):
        Ticket.objects.filter(pk=ticket.pk).update(created_at=now - timedelta(days=age))
    TicketFactory(agency=agency, company=CompanyFactory(agency=agency))
    TicketFactory(company__agency=other_agency)

    first = selectors.company_tickets(agency=agency, company=client_company, limit=2)
    rest = selectors.company_tickets(agency=agency, company=client_company, before=first[-1].created_at, limit=5)

    assert [t.number for t in first] == [tickets[3].number, tickets[2].number]
    assert [t.number for t in rest] == [tickets[1].number, tickets[0].number]
    assert selectors.company_tickets(agency=other_agency, company=client_company) == []


def test_open_tickets_for_a_user(agency, client_company, admin_user, consultant):
    mine = TicketFactory(agency=agency, company=client_company, assignee=consultant, priority="low")
    urgent = TicketFactory(agency=agency, company=client_company, assignee=consultant, priority="urgent")
    owned_unassigned = TicketFactory(agency=agency, company=client_company, owner=consultant)
    TicketFactory(agency=agency, company=client_company, owner=consultant, assignee=admin_user)
    closed = TicketFactory(agency=agency, company=client_company, assignee=consultant)
    services.ticket_close(ticket=closed, actor=admin_user, outcome="Done")

    assert selectors.open_tickets_for(consultant) == [urgent, owned_unassigned, mine]
    assert selectors.open_tickets_for(UserFactory(agency=agency)) == []


def test_tickets_opened_and_closed_per_week(agency, client_company, admin_user):
    now = timezone.now()
    old = TicketFactory(agency=agency, company=client_company)
    Ticket.objects.filter(pk=old.pk).update(created_at=now - timedelta(weeks=3))
    TicketFactory(agency=agency, company=client_company)
    done = TicketFactory(agency=agency, company=client_company)
    services.ticket_close(ticket=done, actor=admin_user, outcome="Done")
    ancient = TicketFactory(agency=agency, company=client_company)
    Ticket.objects.filter(pk=ancient.pk).update(created_at=now - timedelta(weeks=30))

    weeks = selectors.tickets_opened_closed_per_week(agency=agency, weeks=12)

    assert len(weeks) == 12
    today = timezone.now().astimezone(ZoneInfo(agency.timezone)).date()
    assert weeks[-1].week == today - timedelta(days=today.weekday())
    assert weeks[-1].week.weekday() == 0
    assert (weeks[-1].opened, weeks[-1].closed) == (2, 1)
    assert weeks[-4].opened == 1
    assert sum(w.opened for w in weeks) == 3


def test_a_week_starts_on_monday_at_midnight_in_the_agencys_timezone(agency, client_company):
    agency.timezone = "America/New_York"
    agency.save(update_fields=["timezone"])
    zone = ZoneInfo(agency.timezone)
    today = timezone.now().astimezone(zone).date()
    monday = today - timedelta(days=today.weekday() + 7 * 5)
    # Five hours apart in UTC on the same Monday, but a Sunday night and a Monday morning in New York.
    sunday_night = datetime.combine(monday, time(0, 30), tzinfo=zone) - timedelta(hours=1)
    monday_morning = datetime.combine(monday, time(0, 30), tzinfo=zone)
    for created_at in (sunday_night, monday_morning, monday_morning + timedelta(days=6, hours=23)):
        ticket = TicketFactory(agency=agency, company=client_company)
        Ticket.objects.filter(pk=ticket.pk).update(created_at=created_at)

    weeks = selectors.tickets_opened_closed_per_week(agency=agency, weeks=12)

    assert [(week.week, week.opened) for week in weeks[-7:-4]] == [
        (monday - timedelta(weeks=1), 1),
        (monday, 2),
        (monday + timedelta(weeks=1), 0),
    ]
