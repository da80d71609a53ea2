import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from agency.tests.factories import UserFactory
from crm.tests.factories import CompanyFactory, ContactFactory
from ticketing import services
from ticketing.models import Ticket, TicketAction, TicketSubject

from .factories import TicketFactory, TicketSubjectFactory

pytestmark = pytest.mark.django_db


def open_data(**overrides):
    return {
        "category_type": "client",
        "category": "complaint",
        "priority": "high",
        "description": "The hotel was overbooked.",
        **overrides,
    }


def state(ticket):
    return Ticket.objects.filter(pk=ticket.pk).values().get(), TicketAction.objects.filter(ticket=ticket).count()


def test_it_opens_tickets_with_consecutive_numbers_per_agency(
    agency, other_agency, admin_user, client_company, subject
):
    foreign_owner = UserFactory(agency=other_agency)
    foreign = services.ticket_open(
        agency=other_agency,
        owner=foreign_owner,
        data=open_data(company=CompanyFactory(agency=other_agency), subject=TicketSubjectFactory(agency=other_agency)),
    )
    first = services.ticket_open(
        agency=agency, owner=admin_user, data=open_data(company=client_company, subject=subject)
    )
    second = services.ticket_open(
        agency=agency, owner=admin_user, data=open_data(company=client_company, subject=subject)
    )

    assert (foreign.number, first.number, second.number) == (1, 1, 2)
    assert first.status == Ticket.Status.OPEN
    assert first.owner == admin_user
    assert first.actions.get().details == "Ticket opened"


def test_it_adds_a_new_subject_while_opening(agency, admin_user, client_company):
    ticket = services.ticket_open(
        agency=agency, owner=admin_user, data=open_data(company=client_company, subject=None, subject_name="Lost bag")
    )

    assert ticket.subject.name == "Lost bag"
    assert ticket.subject.agency == agency


def test_it_mails_the_assignee_on_creation(
    agency, admin_user, consultant, client_company, subject, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = services.ticket_open(
            agency=agency,
            owner=admin_user,
            data=open_data(company=client_company, subject=subject, assignee=consultant),
        )

    assert [m.to for m in mailoutbox] == [[consultant.email]]
    assert f"#{ticket.number}" in mailoutbox[0].subject
    assert f"/tickets/{ticket.number}/" in mailoutbox[0].body


def test_it_mails_the_owner_when_nobody_is_assigned(
    agency, admin_user, client_company, subject, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_open(agency=agency, owner=admin_user, data=open_data(company=client_company, subject=subject))

    assert [m.to for m in mailoutbox] == [[admin_user.email]]


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"category": "supplier_error"}, "category"),
        ({"category": "nonsense"}, "category"),
        ({"priority": "extreme"}, "priority"),
        ({"company": None}, "company"),
    ],
)
def test_it_refuses_bad_values_and_writes_nothing(agency, admin_user, client_company, subject, overrides, field):
    data = open_data(**{"company": client_company, "subject": subject, **overrides})

    with pytest.raises(ValidationError) as error:
        services.ticket_open(agency=agency, owner=admin_user, data=data)

    assert field in error.value.error_dict
    assert not Ticket.objects.exists()
    assert not TicketSubject.objects.exclude(pk=subject.pk).exists()


def test_it_refuses_objects_of_another_agency(agency, other_agency, admin_user, client_company, subject):
    cases = [
        ("assignee", {"assignee": UserFactory(agency=other_agency)}),
        ("subject", {"subject": TicketSubjectFactory(agency=other_agency)}),
        ("company", {"company": CompanyFactory(agency=other_agency, company_type="client")}),
        ("contact", {"contact": ContactFactory(company=CompanyFactory(agency=agency))}),
    ]
    for field, override in cases:
        data = open_data(**{"company": client_company, "subject": subject, **override})
        with pytest.raises(ValidationError) as error:
            services.ticket_open(agency=agency, owner=admin_user, data=data)
        assert field in error.value.error_dict
    assert not Ticket.objects.exists()


def test_it_requires_a_supplier_for_a_supplier_ticket(agency, admin_user, client_company, supplier, subject):
    with pytest.raises(ValidationError):
        services.ticket_open(
            agency=agency,
            owner=admin_user,
            data=open_data(
                category_type="supplier", category="supplier_error", company=client_company, subject=subject
            ),
        )
    ticket = services.ticket_open(
        agency=agency,
        owner=admin_user,
        data=open_data(category_type="supplier", category="payment_invoice", company=supplier, subject=subject),
    )
    assert ticket.company == supplier


def test_it_allows_internal_tickets_without_a_company(agency, admin_user, subject):
    ticket = services.ticket_open(
        agency=agency,
        owner=admin_user,
        data=open_data(category_type="internal", category="system_error", company=None, subject=subject),
    )

    assert ticket.company is None


def test_the_database_refuses_a_category_of_another_type(ticket):
    with pytest.raises(IntegrityError), transaction.atomic():
        Ticket.objects.filter(pk=ticket.pk).update(category="supplier_error")


def test_the_database_refuses_a_client_ticket_without_a_company(ticket):
    with pytest.raises(IntegrityError), transaction.atomic():
        Ticket.objects.filter(pk=ticket.pk).update(company=None)


def test_the_database_refuses_a_closed_ticket_without_a_closing_time(ticket):
    with pytest.raises(IntegrityError), transaction.atomic():
        Ticket.objects.filter(pk=ticket.pk).update(status="closed")


def test_the_database_refuses_a_duplicate_number(ticket):
    with pytest.raises(IntegrityError), transaction.atomic():
        TicketFactory(agency=ticket.agency, company=ticket.company, number=ticket.number)


def test_it_writes_a_system_action_for_every_change(ticket, admin_user, consultant, manager_user):
    lines = services.ticket_change(
        ticket=ticket,
        actor=admin_user,
        changes={"status": "in_progress", "priority": "urgent", "assignee": manager_user},
    )

    assert lines == [
        "Priority changed from Medium to Urgent",
        "Status changed from Open to In progress",
        f"Assignee changed from {consultant} to {manager_user}",
    ]
    system = list(ticket.actions.filter(kind="system").values_list("details", "author"))
    assert system == [(line, admin_user.pk) for line in lines]
    ticket.refresh_from_db()
    assert (ticket.status, ticket.priority, ticket.assignee) == ("in_progress", "urgent", manager_user)


def test_it_writes_nothing_when_nothing_changes(ticket, admin_user):
    assert services.ticket_change(ticket=ticket, actor=admin_user, changes={"status": "open"}) == []
    assert not ticket.actions.exists()


def test_it_unassigns(ticket, admin_user):
    services.ticket_change(ticket=ticket, actor=admin_user, changes={"assignee": None})

    ticket.refresh_from_db()
    assert ticket.assignee is None
    assert ticket.actions.get().details.endswith("to Unassigned")


def test_it_drops_a_contact_of_the_old_company(ticket, admin_user, contact, agency):
    Ticket.objects.filter(pk=ticket.pk).update(contact=contact)
    ticket.refresh_from_db()
    other = CompanyFactory(agency=agency, company_type="client")

    services.ticket_change(ticket=ticket, actor=admin_user, changes={"company": other})

    ticket.refresh_from_db()
    assert (ticket.company, ticket.contact) == (other, None)


def test_it_refuses_closing_through_a_change(ticket, admin_user):
    before = state(ticket)

    with pytest.raises(ValidationError):
        services.ticket_change(ticket=ticket, actor=admin_user, changes={"status": "closed"})

    assert state(ticket) == before


def test_it_refuses_a_status_outside_the_choices(ticket, admin_user):
    before = state(ticket)

    with pytest.raises(ValidationError):
        services.ticket_change(ticket=ticket, actor=admin_user, changes={"status": "dev"})

    assert state(ticket) == before


def test_it_refuses_an_assignee_of_another_agency(ticket, admin_user, outsider):
    before = state(ticket)

    with pytest.raises(ValidationError):
        services.ticket_change(ticket=ticket, actor=admin_user, changes={"assignee": outsider})

    assert state(ticket) == before


def test_it_mails_owner_and_assignee_but_not_the_actor_on_status_change(
    ticket, admin_user, consultant, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_change(ticket=ticket, actor=consultant, changes={"status": "awaiting_client"})

    assert [m.to for m in mailoutbox] == [[admin_user.email]]
    assert "Awaiting client" in mailoutbox[0].subject
    assert f"/tickets/{ticket.number}/" in mailoutbox[0].body


def test_it_closes_with_an_outcome_and_refuses_changes_after(
    ticket, admin_user, consultant, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_close(ticket=ticket, actor=admin_user, outcome="Refunded in full.")

    ticket.refresh_from_db()
    assert ticket.is_closed and ticket.closed_at is not None
    assert list(ticket.actions.values_list("kind", "details")) == [
        ("outcome", "Refunded in full."),
        ("system", "Status changed from Open to Closed"),
    ]
    assert [m.to for m in mailoutbox] == [[consultant.email]]
    before = state(ticket)
    refusals = [
        lambda: services.ticket_change(ticket=ticket, actor=admin_user, changes={"priority": "low"}),
        lambda: services.ticket_close(ticket=ticket, actor=admin_user, outcome="Again"),
        lambda: services.action_add(ticket=ticket, author=admin_user, kind="update", details="More"),
        lambda: services.ticket_edit(ticket=ticket, actor=admin_user, data={"subject": None, "subject_name": "New"}),
    ]
    for refusal in refusals:
        with pytest.raises(services.TicketClosedError):
            refusal()
    assert state(ticket) == before
    assert not TicketSubject.objects.filter(name="New").exists()


def test_it_refuses_closing_without_an_outcome(ticket, admin_user):
    with pytest.raises(ValidationError):
        services.ticket_close(ticket=ticket, actor=admin_user, outcome="  ")

    ticket.refresh_from_db()
    assert not ticket.is_closed


def test_it_reopens(ticket, admin_user):
    services.ticket_close(ticket=ticket, actor=admin_user, outcome="Done")

    services.ticket_reopen(ticket=ticket, actor=admin_user)

    ticket.refresh_from_db()
    assert (ticket.status, ticket.closed_at) == ("open", None)
    assert ticket.actions.last().details == "Status changed from Closed to Open (ticket reopened)"
    with pytest.raises(ValidationError):
        services.ticket_reopen(ticket=ticket, actor=admin_user)


def test_it_deletes_a_ticket_and_never_reuses_its_number(ticket, admin_user, client_company, subject):
    services.action_add(ticket=ticket, author=admin_user, kind="update", details="Note")
    number = ticket.number

    services.ticket_delete(ticket=ticket)

    assert not Ticket.objects.exists() and not TicketAction.objects.exists()
    again = services.ticket_open(
        agency=ticket.agency, owner=admin_user, data=open_data(company=client_company, subject=subject)
    )
    assert again.number == number + 1


def test_a_failed_opening_leaves_no_gap(agency, admin_user, client_company, subject):
    with pytest.raises(ValidationError):
        services.ticket_open(
            agency=agency, owner=admin_user, data=open_data(company=client_company, subject=subject, description="")
        )

    ticket = services.ticket_open(
        agency=agency, owner=admin_user, data=open_data(company=client_company, subject=subject)
    )

    assert ticket.number == 1
