"""A consultant's morning in a real browser: the dashboard with both charts drawn, a reminder done
from it, then "/" to search from the top bar and a result opened."""

from datetime import timedelta

import pytest
from django.utils import timezone

from activity_log.tests.factories import ActivityFactory, ReminderFactory
from agency.tests.browser import log_in
from agency.tests.factories import UserFactory
from crm.tests.factories import CompanyFactory
from ticketing.tests.factories import TicketFactory
from travault.permissions import Role


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_shows_the_dashboard_and_searches_from_the_top_bar(live_server, page, screenshot, agency):
    consultant = UserFactory(agency=agency, role=Role.CONSULTANT, first_name="Casey", last_name="Consultant")
    company = CompanyFactory(agency=agency, name="Northwind Engineering", stage="trading", expected_annual_spend=420000)
    CompanyFactory(agency=agency, name="Atlas Biotech", stage="qualified", expected_annual_spend=260000)
    TicketFactory(company=company, assignee=consultant, priority="urgent", subject__name="Lost luggage")
    TicketFactory(company=company, status="closed", closed_at=timezone.now())
    overdue = timezone.now() - timedelta(hours=1)
    ReminderFactory(company=company, assignee=consultant, due_at=overdue, message="Call back")
    ActivityFactory(company=company, subject="Quarterly check-in")
    errors = []
    page.emulate_media(reduced_motion="reduce")
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    log_in(page, live_server, consultant.email)

    page.wait_for_function("() => window.Chart && document.querySelectorAll('canvas[data-chart]').length === 2")
    drawn = page.evaluate(
        "() => [...document.querySelectorAll('canvas[data-chart]')].map(c => {"
        "  const chart = Chart.getChart(c); return chart ? chart.data.datasets.length : 0; })"
    )
    assert drawn == [2, 2]
    assert page.locator("#dash-tickets").get_by_text("Lost luggage").is_visible()
    assert page.locator("#dash-activity").get_by_text("Quarterly check-in").is_visible()
    screenshot("01-dashboard")

    page.locator("#dash-reminders").get_by_role("button", name="Done").click()
    page.wait_for_selector("#dash-reminders >> text=Done: Call back")

    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("/")
    assert page.evaluate("() => document.activeElement.id") == "global-search"
    page.keyboard.type("northwind")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=northwind")
    assert page.locator("#results-companies").get_by_role("link", name="Northwind Engineering").is_visible()
    assert page.locator("#results-tickets").get_by_text("Lost luggage").is_visible()
    screenshot("02-search")

    page.locator("#search-page-q").click()
    page.keyboard.press("/")
    assert page.input_value("#search-page-q") == "northwind/"

    page.locator("#results-companies").get_by_role("link", name="Northwind Engineering").click()
    page.wait_for_url(f"**/vault/{company.uuid}/")
    assert page.get_by_role("heading", name="Northwind Engineering").is_visible()
    assert errors == []
