"""The dashboard: each block with its content and its empty state, the reminder round trip, and a
fixed number of queries whatever the agency holds."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from activity_log.models import Reminder
from activity_log.tests.factories import ActivityFactory, ReminderFactory
from agency.tests.factories import UserFactory
from crm.tests.factories import CompanyFactory
from ticketing.models import Ticket
from ticketing.tests.factories import TicketFactory
from travault.permissions import Role

pytestmark = pytest.mark.django_db

URL = reverse("dashboard:home")


def chart_data(response, element_id):
    marker = f'<script id="{element_id}" type="application/json">'
    start = response.text.index(marker) + len(marker)
    return json.loads(response.text[start : response.text.index("</script>", start)])


def test_it_requires_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_it_refuses_a_post(consultant_client):
    assert consultant_client.post(URL).status_code == 405


def test_it_shows_an_empty_state_in_every_block(consultant_client, consultant):
    response = consultant_client.get(URL)

    assert response.status_code == 200
    assert consultant.agency.name in response.text
    for text in [
        "No open tickets assigned to you.",
        "Nothing due today or overdue.",
        "No companies in the Vault yet.",
        "No ticket was opened or closed in the last 12 weeks.",
        "No calls, emails or meetings logged yet.",
    ]:
        assert text in response.text
    assert "<canvas" not in response.text
    assert "chart.umd.min.js" not in response.text


def test_it_links_every_block_to_its_full_list(consultant_client, consultant):
    response = consultant_client.get(URL)

    for url in [
        f"{reverse('ticketing:ticket-board')}?assignee={consultant.uuid.hex}",
        reverse("activity_log:my-reminders"),
        reverse("crm:pipeline-board"),
        f"{reverse('ticketing:ticket-board')}?state=all",
        f"{reverse('crm:company-list')}?sort=-activity",
    ]:
        assert f'href="{url}"' in response.text


def test_it_marks_the_dashboard_active_in_the_top_bar(consultant_client):
    response = consultant_client.get(URL)

    assert f'aria-current="page" href="{URL}"' in response.text


def test_it_lists_my_open_tickets_most_urgent_first(consultant_client, consultant, agency, other_agency):
    low = TicketFactory(company__agency=agency, assignee=consultant, priority="low")
    urgent = TicketFactory(company__agency=agency, assignee=consultant, priority="urgent")
    closed = TicketFactory(company__agency=agency, assignee=consultant, status="closed", closed_at=timezone.now())
    someone_elses = TicketFactory(company__agency=agency, assignee=UserFactory(agency=agency))
    foreign = TicketFactory(company__agency=other_agency)

    tickets = consultant_client.get(URL).context["dashboard"].open_tickets

    assert tickets == [urgent, low]
    assert closed not in tickets and someone_elses not in tickets and foreign not in tickets


def test_it_caps_my_open_tickets_at_ten(consultant_client, consultant, agency):
    company = CompanyFactory(agency=agency)
    for _ in range(12):
        TicketFactory(company=company, assignee=consultant)

    response = consultant_client.get(URL)

    assert len(response.context["dashboard"].open_tickets) == 10
    assert response.text.count('class="badge ticket-priority') == 10


def test_it_shows_my_reminders_due_today_and_overdue_with_done_and_snooze(consultant_client, consultant, agency):
    company = CompanyFactory(agency=agency, name="Northwind")
    overdue = ReminderFactory(company=company, assignee=consultant, due_at=timezone.now() - timedelta(days=2))
    today = ReminderFactory(company=company, assignee=consultant, due_at=timezone.now() - timedelta(minutes=1))
    later = ReminderFactory(company=company, assignee=consultant, due_at=timezone.now() + timedelta(days=3))
    theirs = ReminderFactory(company=company, due_at=timezone.now() - timedelta(days=1))

    response = consultant_client.get(URL)

    assert response.context["dashboard"].reminders == [overdue, today]
    assert later.message not in response.text and theirs.message not in response.text
    for reminder in (overdue, today):
        assert reverse("activity_log:reminder-done", kwargs={"reminder": reminder.uuid}) in response.text
        assert reverse("activity_log:reminder-snooze", kwargs={"reminder": reminder.uuid}) in response.text
    assert response.text.count(f'name="next" value="{URL}"') == 4


def test_it_marks_a_reminder_done_from_the_dashboard_and_comes_back(consultant_client, consultant, agency):
    reminder = ReminderFactory(company__agency=agency, assignee=consultant, due_at=timezone.now())
    done_url = reverse("activity_log:reminder-done", kwargs={"reminder": reminder.uuid})

    response = consultant_client.post(done_url, {"next": URL}, follow=True)

    assert response.redirect_chain == [(URL, 302)]
    assert "The reminder was marked done." in response.text
    assert reminder.message not in response.text
    reminder.refresh_from_db()
    assert reminder.done_at is not None


def test_it_snoozes_a_reminder_from_the_dashboard_and_comes_back(consultant_client, consultant, agency):
    reminder = ReminderFactory(company__agency=agency, assignee=consultant, due_at=timezone.now() - timedelta(hours=1))
    snooze_url = reverse("activity_log:reminder-snooze", kwargs={"reminder": reminder.uuid})

    response = consultant_client.post(snooze_url, {"until": "week", "next": URL}, follow=True)

    assert response.redirect_chain == [(URL, 302)]
    assert "The reminder was snoozed." in response.text
    assert reminder.message not in response.text
    assert Reminder.objects.get(pk=reminder.pk).due_at > timezone.now() + timedelta(days=1)


@pytest.mark.parametrize("evil", ["https://evil.example/", "//evil.example/", "/\\evil.example/"])
def test_it_ignores_a_foreign_next_after_a_reminder_action(consultant_client, consultant, agency, evil):
    reminder = ReminderFactory(company__agency=agency, assignee=consultant, due_at=timezone.now())

    response = consultant_client.post(
        reverse("activity_log:reminder-done", kwargs={"reminder": reminder.uuid}), {"next": evil}
    )

    assert response.url == reverse("activity_log:my-reminders")


def test_it_draws_the_pipeline_by_stage(consultant_client, agency, other_agency):
    CompanyFactory(agency=agency, stage="lead", expected_annual_spend=Decimal("1000.50"))
    CompanyFactory(agency=agency, stage="lead", expected_annual_spend=None)
    CompanyFactory(agency=agency, stage="trading", expected_annual_spend=Decimal("250000"))
    CompanyFactory(agency=other_agency, stage="trading", expected_annual_spend=Decimal("999999"))

    response = consultant_client.get(URL)

    data = chart_data(response, "pipeline-data")
    assert data["labels"][:2] == ["Lead", "Qualified"]
    stages = dict(zip(data["labels"], zip(data["counts"], data["spend"], strict=True), strict=True))
    assert stages["Lead"] == (2, 1000.5)
    assert stages["Trading"] == (1, 250000.0)
    assert stages["Qualified"] == (0, 0.0)
    assert 'data-chart="pipeline"' in response.text
    assert "vendor/chartjs-4.6.1/chart.umd.min.js" in response.text
    assert "js/dashboard_charts.js" in response.text


def test_it_draws_tickets_opened_and_closed_per_week(consultant_client, agency, other_agency):
    company = CompanyFactory(agency=agency)
    old = TicketFactory(company=company)
    Ticket.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(weeks=3))
    TicketFactory(company=company, status="closed", closed_at=timezone.now())
    ancient = TicketFactory(company=company)
    Ticket.objects.filter(pk=ancient.pk).update(created_at=timezone.now() - timedelta(weeks=30))
    TicketFactory(company__agency=other_agency)

    data = chart_data(consultant_client.get(URL), "tickets-data")

    assert len(data["labels"]) == len(data["opened"]) == len(data["closed"]) == 12
    assert sum(data["opened"]) == 2 and data["opened"][-1] == 1
    assert sum(data["closed"]) == 1 and data["closed"][-1] == 1


def test_it_shows_recent_activity_across_the_agency(consultant_client, agency, other_agency):
    author = UserFactory(agency=agency, first_name="Sam", last_name="Sales")
    company = CompanyFactory(agency=agency, name="Atlas Biotech")
    activities = [
        ActivityFactory(company=company, author=author, occurred_at=timezone.now() - timedelta(hours=n))
        for n in range(12)
    ]
    foreign = ActivityFactory(company__agency=other_agency, subject="Rival call")

    response = consultant_client.get(URL)

    assert response.context["dashboard"].recent_activities == activities[:10]
    assert activities[0].subject in response.text and activities[11].subject not in response.text
    assert "Atlas Biotech" in response.text and "Sam Sales" in response.text
    assert foreign.subject not in response.text


def test_it_escapes_user_text(consultant_client, consultant, agency):
    company = CompanyFactory(agency=agency, name="<script>alert(1)</script>", stage="lead")
    TicketFactory(company=company, assignee=consultant)
    ActivityFactory(company=company, subject="<b>bold</b>")

    response = consultant_client.get(URL)

    assert "<script>alert(1)</script>" not in response.text
    assert "<b>bold</b>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


@pytest.mark.parametrize("role", list(Role))
def test_it_shows_the_dashboard_to_every_role(client, agency, role):
    client.force_login(UserFactory(agency=agency, role=role))

    assert client.get(URL).status_code == 200


def populate(agency, user, rows):
    author = UserFactory(agency=agency)
    for n in range(rows):
        company = CompanyFactory(agency=agency, stage=["lead", "trading", "qualified"][n % 3], expected_annual_spend=n)
        TicketFactory(company=company, assignee=user, priority=["low", "urgent"][n % 2])
        TicketFactory(company=company, status="closed", closed_at=timezone.now(), assignee=user)
        ReminderFactory(company=company, assignee=user, due_at=timezone.now() - timedelta(hours=n))
        ActivityFactory(company=company, author=author)


@pytest.mark.parametrize("rows", [1, 25])
def test_it_runs_a_fixed_number_of_queries(consultant_client, consultant, agency, rows, django_assert_num_queries):
    populate(agency, consultant, rows)

    # session, user, agency; my open tickets, my reminders, pipeline totals, tickets opened per
    # week, tickets closed per week, recent activities
    with django_assert_num_queries(9):
        response = consultant_client.get(URL)

    assert response.status_code == 200
    assert "ticket-priority" in response.text and 'data-chart="tickets"' in response.text
