"""The company timeline's rows show what the per-entry templates showed: the same dates as the
``date`` filter in the agency's time zone, the same cut texts, labels and links."""

from datetime import UTC, datetime, timedelta

import pytest
from django.template.defaultfilters import linebreaksbr, truncatechars
from django.urls import reverse
from django.utils import timezone

from activity_log.models import Activity
from activity_log.timeline import timeline_page
from activity_log.timeline_rows import _text, timeline_rows
from agency.tests.factories import UserFactory
from crm.tests.factories import ContactFactory
from ticketing.models import Ticket
from ticketing.tests.factories import TicketFactory, TicketSubjectFactory

from .factories import ActivityFactory, ReminderFactory


def rows_of(company, user):
    return timeline_rows(timeline_page(company=company).entries, company=company, user=user)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Short.",
        "Line one\nline two\r\nline three <b>&</b>",
        "x" * 300,
        "x" * 301,
        "é" * 299 + "e\u0301",
        "e\u0301" * 200,
        "A long email. " * 30,
        "<script>alert(1)</script>\n" * 20,
    ],
)
@pytest.mark.parametrize("length", [200, 300])
def test_its_texts_are_cut_and_broken_as_the_filters_did(text, length):
    assert _text(text, length) == (linebreaksbr(truncatechars(text, length)) if text else "")


@pytest.mark.django_db
def test_an_activity_row_shows_its_facts_attendees_and_reminders(company, consultant):
    author = UserFactory(agency=company.agency, first_name="Sam", last_name="Ray")
    nameless = UserFactory(agency=company.agency, first_name="", last_name="", email="kim@bluewave.example")
    activity = ActivityFactory(
        company=company,
        author=author,
        kind=Activity.Kind.MEETING,
        outcome=Activity.Outcome.NO_SHOW,
        duration_minutes=45,
        location_type=Activity.LocationType.ONLINE,
        subject="Kick-off",
        occurred_at=datetime(2026, 7, 4, 8, 5, tzinfo=UTC),
        details="Agenda:\n<b>fares</b>",
    )
    activity.contacts.set(
        [
            ContactFactory(company=company, first_name="Omar", last_name="Booker"),
            ContactFactory(company=company, first_name="Ann", last_name="Adeyemi"),
        ],
        through_defaults={"agency_id": company.agency_id},
    )
    activity.colleagues.set([author, nameless], through_defaults={"agency_id": company.agency_id})
    ReminderFactory(
        company=company, activity=activity, assignee=author, message="Send the deck", due_at=activity.occurred_at
    )
    ReminderFactory(
        company=company,
        activity=activity,
        assignee=author,
        message="Book the room",
        due_at=activity.occurred_at - timedelta(days=1),
        done_at=activity.occurred_at,
    )

    with timezone.override("Europe/London"):
        (row,) = rows_of(company, consultant).entries

    assert (row.kind, row.icon) == ("meeting", "bi-people")
    assert row.url == reverse("activity_log:activity-detail", kwargs={"activity": activity.uuid})
    assert (row.title, row.at, row.at_text) == ("Kick-off", "2026-07-04T09:05:00+01:00", "Sat 4 Jul 2026, 09:05")
    assert (row.label, row.badge, row.facts) == ("Meeting", "No-show", " · 45 min · Online · by Sam Ray")
    assert row.attendees == "Ann Adeyemi, Omar Booker, kim@bluewave.example, Sam Ray"
    assert row.text == "Agenda:<br>&lt;b&gt;fares&lt;/b&gt;"
    assert [(reminder.message, reminder.done, reminder.due) for reminder in row.reminders] == [
        ("Book the room", True, "Fri 3 Jul, 09:05"),
        ("Send the deck", False, "Sat 4 Jul, 09:05"),
    ]


@pytest.mark.django_db
def test_an_email_row_has_no_duration_location_attendees_text_or_reminders(company, consultant):
    ActivityFactory(company=company, kind=Activity.Kind.EMAIL, outcome=Activity.Outcome.SENT, duration_minutes=None)

    (row,) = rows_of(company, consultant).entries

    assert (row.kind, row.icon, row.label, row.badge) == ("email", "bi-envelope", "Email", "Sent")
    assert row.facts.startswith(" · by ")
    assert (row.attendees, row.text, row.reminders) == ("", "", ())


@pytest.mark.django_db
def test_a_ticket_row_shows_its_category_status_priority_and_assignee(company, consultant):
    assignee = UserFactory(agency=company.agency, first_name="Sam", last_name="Ray")
    subject = TicketSubjectFactory(agency=company.agency, name="Lost <luggage>")
    assigned = TicketFactory(company=company, subject=subject, assignee=assignee, priority=Ticket.Priority.HIGH)
    unassigned = TicketFactory(
        company=company,
        subject=subject,
        category=Ticket.Category.COMPLAINT,
        description="Overcharged. " * 20,
    )
    Ticket.objects.filter(pk=assigned.pk).update(created_at=datetime(2026, 7, 4, 8, 5, tzinfo=UTC))
    Ticket.objects.filter(pk=unassigned.pk).update(created_at=datetime(2026, 7, 3, 8, 5, tzinfo=UTC))

    with timezone.override("Asia/Tokyo"):
        first, second = rows_of(company, consultant).entries

    assert (first.kind, first.icon) == ("ticket", "bi-life-preserver")
    assert first.url == reverse("ticketing:ticket-detail", kwargs={"number": assigned.number})
    assert first.title == f"Ticket #{assigned.number} · Lost <luggage>"
    assert (first.at, first.at_text) == ("2026-07-04T17:05:00+09:00", "Sat 4 Jul 2026, 17:05")
    assert (first.label, first.badge, first.facts) == ("Query", "Open", " · High priority · assigned to Sam Ray")
    assert (second.label, second.facts) == ("Complaint", " · Medium priority")
    assert second.text == truncatechars(unassigned.description, 200)


@pytest.mark.django_db
def test_the_side_panel_has_the_open_reminders_with_done_for_those_the_user_may_close(
    company, consultant, manager_user
):
    now = timezone.now()
    mine = ReminderFactory(company=company, assignee=consultant, message="Mine", due_at=now - timedelta(hours=1))
    set_by_me = ReminderFactory(company=company, assignee=manager_user, created_by=consultant, message="Set by me")
    theirs = ReminderFactory(company=company, assignee=manager_user, message="Theirs", due_at=now + timedelta(days=2))
    ReminderFactory(company=company, assignee=consultant, message="Done", done_at=now)

    def done_url(reminder):
        return reverse("activity_log:reminder-done", kwargs={"reminder": reminder.uuid})

    as_consultant = rows_of(company, consultant).reminders
    as_manager = rows_of(company, manager_user).reminders

    assert [(row.message, row.overdue, row.done_url) for row in as_consultant] == [
        ("Mine", True, done_url(mine)),
        ("Set by me", False, done_url(set_by_me)),
        ("Theirs", False, ""),
    ]
    assert [row.done_url for row in as_manager] == [done_url(mine), done_url(set_by_me), done_url(theirs)]
    assert (as_consultant[0].uuid, as_consultant[0].assignee) == (str(mine.uuid), consultant.get_full_name())


@pytest.mark.django_db
def test_attendees_are_the_contacts_then_the_colleagues_each_once_in_their_order(company):
    from activity_log.selectors import attendee_names

    contacts = [
        ContactFactory(company=company, first_name=first, last_name=last)
        for first, last in [("Zoe", "Adams"), ("Amy", "Young"), ("Bob", "Adams")]
    ]
    colleagues = [
        UserFactory(agency=company.agency, first_name=first, last_name=last, email=f"{first or 'x'}@bluewave.example")
        for first, last in [("Yan", "Li"), ("", ""), ("Ada", "Stone")]
    ]
    both, only_contacts, only_colleagues, nobody = (ActivityFactory(company=company) for _ in range(4))
    for activity, (attending_contacts, attending_colleagues) in {
        both: (contacts, colleagues),
        only_contacts: (contacts[1:], []),
        only_colleagues: ([], colleagues[:1]),
    }.items():
        activity.contacts.set(attending_contacts, through_defaults={"agency_id": company.agency_id})
        activity.colleagues.set(attending_colleagues, through_defaults={"agency_id": company.agency_id})

    names = attendee_names([both, only_contacts, only_colleagues, nobody])

    assert names == {
        both.pk: ["Bob Adams", "Zoe Adams", "Amy Young", "x@bluewave.example", "Ada Stone", "Yan Li"],
        only_contacts.pk: ["Bob Adams", "Amy Young"],
        only_colleagues.pk: ["Yan Li"],
    }
    assert attendee_names([]) == {}
