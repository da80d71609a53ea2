"""In the browser: log activities with follow-up reminders, see them on the company timeline, get
the reminder by email when it falls due, and mark it done."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from activity_log.models import Activity, Reminder
from activity_log.services import reminders_send_due
from agency.tests.browser import log_in
from agency.tests.factories import AgencyFactory, UserFactory
from crm.tests.factories import CompanyFactory, ContactFactory
from travault.permissions import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The company list's "last activity" for an activity logged moments ago.
RECENTLY = re.compile(r"^(just now|\d+ minutes? ago)$")


@pytest.fixture
def company():
    agency = AgencyFactory(name="Harbour Lights Travel")
    UserFactory(agency=agency, role=Role.SALES, email="sam@harbourlights.example", first_name="Sam", last_name="Ray")
    company = CompanyFactory(agency=agency, name="Acme Pharma", last_activity_at=None)
    ContactFactory(company=company, first_name="Jane", last_name="Booker")
    return company


def in_two_days():
    return (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")


def test_it_logs_a_call_with_a_reminder_and_marks_it_done(live_server, page, screenshot, company):
    log_in(page, live_server, "sam@harbourlights.example")
    page.goto(f"{live_server.url}/activity/company/{company.uuid}/")
    page.get_by_role("link", name="Log call").click()

    page.wait_for_url("**/log/?kind=call")
    expect(page.locator("#id_duration_minutes")).to_be_visible()
    expect(page.locator("#id_place")).to_be_hidden()
    expect(page.locator("#id_outcome option[value=sent]")).to_be_disabled()
    page.select_option("#id_kind", "email")
    expect(page.locator("#id_duration_minutes")).to_be_hidden()
    expect(page.locator("#id_outcome option[value=sent]")).to_be_enabled()
    page.select_option("#id_kind", "call")
    page.fill("#id_subject", "Renewal check-in")
    page.select_option("#id_outcome", "connected")
    page.fill("#id_duration_minutes", "25")
    page.get_by_label("Jane Booker").check()
    page.fill("#id_details", "Happy with the service.\nWants <b>rail</b> rates.")
    page.fill("#id_remind_at", in_two_days())
    page.fill("#id_reminder_message", "Send the rail rates")
    screenshot("01-log-call")
    page.get_by_role("button", name="Log activity").click()
    page.wait_for_url(f"**/activity/company/{company.uuid}/")

    expect(page.get_by_text("The call was logged on Acme Pharma.")).to_be_visible()
    expect(page.get_by_role("link", name="Renewal check-in")).to_be_visible()
    expect(page.get_by_text("Send the rail rates").first).to_be_visible()
    screenshot("02-timeline")

    page.locator("nav .dropdown-toggle").click()
    page.get_by_role("link", name="My reminders").click()
    page.wait_for_url("**/activity/reminders/")
    screenshot("03-my-reminders")
    page.get_by_role("button", name="Done").click()
    page.get_by_text("Done: Send the rail rates").wait_for()
    screenshot("04-reminder-done")

    assert Reminder.objects.get().done_at is not None


def test_it_logs_a_meeting_whose_reminder_is_emailed_and_shows_the_last_activity(
    live_server, page, screenshot, company, mailoutbox
):
    log_in(page, live_server, "sam@harbourlights.example")
    page.goto(f"{live_server.url}/vault/")
    assert page.get_by_role("row", name="Acme Pharma").get_by_text(RECENTLY).count() == 0

    page.goto(f"{live_server.url}/activity/company/{company.uuid}/log/?kind=meeting")
    page.fill("#id_subject", "Quarterly business review")
    page.select_option("#id_outcome", "completed")
    page.fill("#id_duration_minutes", "60")
    page.select_option("#id_location_type", "in_person")
    page.fill("#id_place", "Acme HQ, Leeds")
    page.select_option("#id_colleagues", label="Sam Ray")
    page.fill("#id_remind_at", in_two_days())
    page.fill("#id_reminder_message", "Send the QBR minutes")
    screenshot("01-log-meeting")
    page.get_by_role("button", name="Log activity").click()
    page.wait_for_url(f"**/activity/company/{company.uuid}/")
    page.get_by_role("link", name="Quarterly business review").click()
    expect(page.get_by_text("In person · Acme HQ, Leeds")).to_be_visible()
    screenshot("02-meeting-detail")

    Reminder.objects.update(due_at=timezone.now() - timedelta(minutes=1))
    assert reminders_send_due() == 1
    assert [message.to for message in mailoutbox] == [["sam@harbourlights.example"]]
    assert "Send the QBR minutes" in mailoutbox[0].subject
    assert reminders_send_due() == 0

    page.goto(f"{live_server.url}/vault/")
    row = page.get_by_role("row", name="Acme Pharma")
    expect(row.get_by_text(RECENTLY)).to_be_visible()
    screenshot("03-company-list")
    company.refresh_from_db()
    assert company.last_activity_at == Activity.objects.get().occurred_at
