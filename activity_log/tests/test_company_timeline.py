from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from agency.tests.factories import UserFactory
from crm.tests.factories import CompanyFactory, ContactFactory
from ticketing.models import Ticket

from .factories import ActivityFactory, ReminderFactory

pytestmark = pytest.mark.django_db


def url(company):
    return reverse("activity_log:company-timeline", kwargs={"company": company.uuid})


def test_it_requires_login(client, company):
    response = client.get(url(company))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_it_answers_404_to_another_agency(outsider_client, company):
    assert outsider_client.get(url(company)).status_code == 404


def test_it_refuses_post(consultant_client, company):
    assert consultant_client.post(url(company)).status_code == 405


def test_it_shows_activities_newest_first_in_the_company_layout(consultant_client, company):
    ActivityFactory(company=company, subject="Old call", occurred_at=timezone.now() - timedelta(days=3))
    ActivityFactory(company=company, subject="New meeting", kind="meeting", outcome="completed")
    ActivityFactory(company__agency=company.agency, subject="Somebody else's call")

    response = consultant_client.get(url(company))

    assert response.status_code == 200
    assert response.text.index("New meeting") < response.text.index("Old call")
    assert "Somebody else" not in response.text
    assert "Acme Pharma" in response.text
    assert reverse("crm:company-contacts", kwargs={"company": company.uuid}) in response.text
    assert f'aria-current="page" href="{url(company)}"' in response.text
    assert reverse("activity_log:activity-create", kwargs={"company": company.uuid}) + "?kind=call" in response.text


def test_it_escapes_user_text(consultant_client, company, consultant):
    from ticketing.tests.factories import TicketFactory, TicketSubjectFactory

    activity = ActivityFactory(
        company=company,
        subject="<b>bold</b>",
        details="<script>alert(1)</script>\nline two",
        author=UserFactory(agency=company.agency, first_name="<i>Al</i>", last_name=""),
    )
    activity.contacts.set(
        [ContactFactory(company=company, first_name="<u>Jo</u>", last_name="")],
        through_defaults={"agency_id": company.agency_id},
    )
    ReminderFactory(company=company, activity=activity, assignee=consultant, message="<em>call</em>")
    TicketFactory(
        company=company,
        subject=TicketSubjectFactory(agency=company.agency, name="<s>Refund</s>"),
        description="<img src=x>",
    )

    response = consultant_client.get(url(company))

    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>line two" in response.text
    assert "&lt;b&gt;bold&lt;/b&gt;" in response.text
    for markup in ("<i>Al</i>", "<u>Jo</u>", "<em>call</em>", "<s>Refund</s>", "<img src=x>"):
        assert markup not in response.text
    assert "by &lt;i&gt;Al&lt;/i&gt;" in response.text
    assert "&lt;u&gt;Jo&lt;/u&gt;" in response.text
    assert "&lt;em&gt;call&lt;/em&gt; · due" in response.text
    assert "Mark “&lt;em&gt;call&lt;/em&gt;” done" in response.text
    assert "· &lt;s&gt;Refund&lt;/s&gt;</a>" in response.text
    assert "&lt;img src=x&gt;" in response.text


def test_it_shows_each_entrys_attendees_text_and_reminders_only_where_it_has_them(
    consultant_client, company, consultant
):
    meeting = ActivityFactory(
        company=company, kind="meeting", outcome="completed", subject="Kick-off", details="Agenda\nfares"
    )
    meeting.contacts.set(
        [ContactFactory(company=company, first_name="Ann", last_name="Adeyemi")],
        through_defaults={"agency_id": company.agency_id},
    )
    ReminderFactory(company=company, activity=meeting, assignee=consultant, message="Send the deck")
    ReminderFactory(
        company=company, activity=meeting, assignee=consultant, message="Book the room", done_at=timezone.now()
    )
    ActivityFactory(
        company=company,
        kind="email",
        outcome="sent",
        subject="Fare sheet",
        details="",
        duration_minutes=None,
        occurred_at=meeting.occurred_at - timedelta(days=1),
    )

    timeline = consultant_client.get(url(company)).text.split('<ol class="list-group list-group-flush timeline">')[1]
    timeline = timeline.split("</ol>")[0]
    kick_off, fare_sheet = timeline.split('class="list-group-item timeline-entry')[1:]

    assert '<i class="bi bi-people me-1"></i>Ann Adeyemi</div>' in kick_off
    assert '<div class="small mt-1">Agenda<br>fares</div>' in kick_off
    assert "<s>Book the room</s> done</div>" in kick_off
    assert "Send the deck · due " in kick_off
    assert "Fare sheet" in fare_sheet
    for missing in ("bi-people me-1", "bi-alarm", 'class="small mt-1"'):
        assert missing not in fare_sheet


def test_it_pages_older_entries(consultant_client, company):
    now = timezone.now()
    for n in range(27):
        ActivityFactory(company=company, subject=f"Call number {n:02d}", occurred_at=now - timedelta(minutes=n))

    first = consultant_client.get(url(company))
    older = first.context["page"].next_cursor
    second = consultant_client.get(url(company), {"before": older.encode()})

    assert "Call number 24" in first.text and "Call number 25" not in first.text
    assert [entry.obj.subject for entry in second.context["page"].entries] == ["Call number 25", "Call number 26"]
    assert second.context["page"].next_cursor is None


def test_it_shows_the_first_page_for_a_malformed_cursor(consultant_client, company):
    ActivityFactory(company=company, subject="Only call")

    response = consultant_client.get(url(company), {"before": "not-a-cursor"})

    assert response.status_code == 200
    assert "Only call" in response.text


def test_it_shows_open_reminders_with_done_for_those_the_user_may_close(
    consultant_client, company, consultant, admin_user
):
    mine = ReminderFactory(company=company, assignee=consultant, message="Send the contract")
    theirs = ReminderFactory(company=company, assignee=admin_user, message="Book the venue")

    response = consultant_client.get(url(company))

    assert "Send the contract" in response.text and "Book the venue" in response.text
    assert reverse("activity_log:reminder-done", kwargs={"reminder": mine.uuid}) in response.text
    assert reverse("activity_log:reminder-done", kwargs={"reminder": theirs.uuid}) not in response.text


def populate(company, count):
    from ticketing.tests.factories import TicketFactory

    colleagues = UserFactory.create_batch(2, agency=company.agency)
    contacts = ContactFactory.create_batch(2, company=company)
    now = timezone.now()
    for n in range(count):
        activity = ActivityFactory(company=company, occurred_at=now - timedelta(minutes=n))
        activity.contacts.set(contacts, through_defaults={"agency_id": company.agency_id})
        activity.colleagues.set(colleagues, through_defaults={"agency_id": company.agency_id})
        ReminderFactory(company=company, activity=activity, assignee=colleagues[0])
        ReminderFactory(company=company, activity=activity, assignee=colleagues[1], done_at=timezone.now())
        ticket = TicketFactory(company=company, assignee=colleagues[n % 2])
        Ticket.objects.filter(pk=ticket.pk).update(created_at=now - timedelta(minutes=n, seconds=30))


@pytest.mark.parametrize("count", [1, 30])
def test_it_runs_a_fixed_number_of_queries(consultant_client, company, count, django_assert_num_queries):
    populate(company, count)

    # session, user and agency; company; activities; tickets; the open reminders and those of the
    # activities shown; the activities' contacts and colleagues
    with django_assert_num_queries(8):
        response = consultant_client.get(url(company))

    assert response.status_code == 200
    assert len(response.context["page"].entries) == min(2 * count, 25)
    assert {entry.cursor.source for entry in response.context["page"].entries} == {"activity", "ticket"}
    assert response.text.count('class="list-group-item timeline-entry') == min(2 * count, 25)


def test_it_merges_the_companys_tickets_newest_first(consultant_client, company, consultant):
    from ticketing.tests.factories import TicketFactory

    now = timezone.now()
    ActivityFactory(company=company, subject="Intro call", occurred_at=now - timedelta(days=3))
    ticket = TicketFactory(company=company, description="Lost luggage claim")
    Ticket.objects.filter(pk=ticket.pk).update(created_at=now - timedelta(days=1))
    ActivityFactory(company=company, subject="Review meeting", occurred_at=now)
    TicketFactory(company=CompanyFactory(agency=company.agency), description="Another firm's issue")

    response = consultant_client.get(url(company))

    kinds = [entry.cursor.source for entry in response.context["page"].entries]
    assert kinds == ["activity", "ticket", "activity"]
    assert f"Ticket #{ticket.number}" in response.text
    assert "Lost luggage claim" in response.text
    assert "Another firm" not in response.text


def test_it_pages_through_activities_and_tickets_without_gaps(consultant_client, company):
    from ticketing.tests.factories import TicketFactory

    now = timezone.now()
    expected = set()
    for n in range(20):
        expected.add(ActivityFactory(company=company, occurred_at=now - timedelta(hours=n)).uuid)
        ticket = TicketFactory(company=company)
        Ticket.objects.filter(pk=ticket.pk).update(created_at=now - timedelta(hours=n))
        expected.add(ticket.uuid)

    seen, before = [], None
    while True:
        response = consultant_client.get(url(company), {"before": before} if before else {})
        page = response.context["page"]
        seen += [entry.cursor.uuid for entry in page.entries]
        if page.next_cursor is None:
            break
        before = page.next_cursor.encode()

    assert len(seen) == 40
    assert set(seen) == expected
