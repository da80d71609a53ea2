"""In the browser: a company timeline with every kind of entry (calls, emails and meetings with
attendees, details and reminders; tickets assigned or not) shows each as it should, in the agency's
time zone, next to the open reminders."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from activity_log.models import Activity
from activity_log.tests.factories import ActivityFactory, ReminderFactory
from agency.tests.browser import log_in
from agency.tests.factories import AgencyFactory, UserFactory
from crm.tests.factories import CompanyFactory, ContactFactory
from ticketing.models import Ticket
from ticketing.tests.factories import TicketFactory, TicketSubjectFactory
from travault.permissions import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def at(day, hour, minute=0):
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def company():
    agency = AgencyFactory(name="Harbour Lights Travel", timezone="Asia/Tokyo")
    sam = UserFactory(
        agency=agency, role=Role.SALES, email="sam@harbourlights.example", first_name="Sam", last_name="Ray"
    )
    kim = UserFactory(
        agency=agency, role=Role.CONSULTANT, email="kim@harbourlights.example", first_name="", last_name=""
    )
    company = CompanyFactory(agency=agency, name="Acme Pharma", company_type="client", last_activity_at=None)
    jane = ContactFactory(company=company, first_name="Jane", last_name="Booker")
    omar = ContactFactory(company=company, first_name="Omar", last_name="Adeyemi")
    call = ActivityFactory(
        company=company,
        author=sam,
        subject="Renewal check-in",
        occurred_at=at(20, 14, 5),
        duration_minutes=25,
        details="Happy with the service.\nWants <b>rail</b> rates.",
    )
    call.contacts.set([jane, omar], through_defaults={"agency_id": agency.pk})
    call.colleagues.set([kim], through_defaults={"agency_id": agency.pk})
    ReminderFactory(company=company, activity=call, assignee=sam, message="Send the rail rates", due_at=at(24, 1))
    ReminderFactory(
        company=company, activity=call, assignee=sam, message="Call back", due_at=at(21, 9), done_at=at(21, 10)
    )
    ActivityFactory(
        company=company,
        author=kim,
        kind=Activity.Kind.EMAIL,
        outcome=Activity.Outcome.SENT,
        duration_minutes=None,
        subject="Sent the <proposal>",
        occurred_at=at(18, 23, 59),
        details="A long email. " * 30,
    )
    meeting = ActivityFactory(
        company=company,
        author=sam,
        kind=Activity.Kind.MEETING,
        outcome=Activity.Outcome.COMPLETED,
        duration_minutes=60,
        location_type=Activity.LocationType.IN_PERSON,
        place="Acme HQ, Leeds",
        subject="Quarterly business review",
        occurred_at=at(16, 9, 30),
    )
    meeting.colleagues.set([sam, kim], through_defaults={"agency_id": agency.pk})
    subject = TicketSubjectFactory(agency=agency, name="Lost luggage")
    assigned = TicketFactory(
        company=company,
        subject=subject,
        owner=sam,
        assignee=sam,
        priority=Ticket.Priority.HIGH,
        description="Bag lost on the Leeds flight.\nClaim form sent.",
    )
    unassigned = TicketFactory(
        company=company,
        subject=subject,
        owner=kim,
        category_type=Ticket.CategoryType.SUPPLIER,
        category=Ticket.Category.SUPPLIER_ERROR,
        description="Hotel overcharged. " * 15,
    )
    Ticket.objects.filter(pk=assigned.pk).update(created_at=at(19, 12))
    Ticket.objects.filter(pk=unassigned.pk).update(created_at=at(17, 8, 15), status=Ticket.Status.IN_PROGRESS)
    ReminderFactory(company=company, assignee=sam, message="Quote the spring conference", due_at=at(1, 9))
    ReminderFactory(
        company=company, assignee=kim, message="Check the rail contract", due_at=datetime(2040, 1, 2, tzinfo=UTC)
    )
    return company


def test_it_shows_every_kind_of_entry_in_the_agency_time_zone(live_server, page, screenshot, company):
    log_in(page, live_server, "sam@harbourlights.example")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/activity/company/{company.uuid}/")

    entries = page.locator("ol.timeline > li")
    expect(entries).to_have_count(5)
    call = entries.nth(0)
    expect(call.get_by_role("link", name="Renewal check-in")).to_be_visible()
    expect(call.locator("time")).to_have_text("Fri 20 Mar 2026, 23:05")
    expect(call.locator("time")).to_have_attribute("datetime", "2026-03-20T23:05:00+09:00")
    expect(call).to_contain_text("Call · Connected · 25 min · by Sam Ray")
    expect(call).to_contain_text("Omar Adeyemi, Jane Booker, kim@harbourlights.example")
    expect(call).to_contain_text("Wants <b>rail</b> rates.")
    expect(call).to_contain_text("Call back done")
    expect(call).to_contain_text("Send the rail rates · due Tue 24 Mar, 10:00")
    expect(entries.nth(1)).to_contain_text("Ticket #1 · Lost luggage")
    expect(entries.nth(1)).to_contain_text("Query · Open · High priority · assigned to Sam Ray")
    expect(entries.nth(2)).to_contain_text("Sent the <proposal>")
    expect(entries.nth(2)).to_contain_text("Thu 19 Mar 2026, 08:59")
    expect(entries.nth(2)).to_contain_text("A long email. A long email.")
    expect(entries.nth(3)).to_contain_text("Supplier error · In progress · Medium priority")
    expect(entries.nth(4)).to_contain_text("Meeting · Completed · 60 min · In person · by Sam Ray")
    expect(entries.nth(4)).to_contain_text("kim@harbourlights.example, Sam Ray")
    reminders = page.locator("li[id^=reminder-]")
    expect(reminders).to_have_count(3)
    expect(reminders.nth(0)).to_contain_text("Quote the spring conference")
    expect(reminders.nth(0)).to_contain_text("Overdue Due Sun 1 Mar 2026, 18:00 · Sam Ray")
    expect(reminders.nth(2)).to_contain_text("Due Mon 2 Jan 2040, 09:00 · kim@harbourlights.example")
    screenshot("01-timeline")

    entries.nth(1).get_by_role("link").click()
    page.wait_for_url("**/tickets/1/**")
