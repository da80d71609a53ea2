import pytest
from django.urls import reverse

from ticketing import services
from ticketing.models import Ticket, TicketAction

pytestmark = pytest.mark.django_db


def route(name, ticket):
    return reverse(f"ticketing:{name}", kwargs={"number": ticket.number})


def snapshot(ticket):
    return Ticket.objects.filter(pk=ticket.pk).values().get(), TicketAction.objects.count()


@pytest.mark.parametrize("name", ["ticket-close", "ticket-reopen"])
def test_they_require_login(client, ticket, name):
    assert client.post(route(name, ticket)).status_code == 302


@pytest.mark.parametrize("name", ["ticket-close", "ticket-reopen"])
def test_they_refuse_get(admin_client, ticket, name):
    assert admin_client.get(route(name, ticket)).status_code == 405


def test_it_closes_with_an_outcome(consultant_client, ticket):
    response = consultant_client.post(route("ticket-close", ticket), {"outcome": "Refunded.", "next": "/tickets/"})

    assert response.url == f"{ticket.get_absolute_url()}?next=%2Ftickets%2F"
    ticket.refresh_from_db()
    assert ticket.is_closed
    assert ticket.actions.filter(kind="outcome").get().details == "Refunded."


def test_it_refuses_closing_without_an_outcome(consultant_client, ticket):
    before = snapshot(ticket)

    response = consultant_client.post(route("ticket-close", ticket), {"outcome": ""}, follow=True)

    assert "Write the outcome" in response.text
    assert snapshot(ticket) == before


def test_it_refuses_closing_twice(consultant_client, ticket, admin_user):
    services.ticket_close(ticket=ticket, actor=admin_user, outcome="Done")
    before = snapshot(ticket)

    response = consultant_client.post(route("ticket-close", ticket), {"outcome": "Again"}, follow=True)

    assert "This ticket is closed" in response.text
    assert snapshot(ticket) == before


def test_a_consultant_cannot_reopen(consultant_client, ticket, admin_user):
    services.ticket_close(ticket=ticket, actor=admin_user, outcome="Done")

    assert consultant_client.post(route("ticket-reopen", ticket)).status_code == 403
    ticket.refresh_from_db()
    assert ticket.is_closed


def test_a_manager_reopens(manager_client, ticket, admin_user):
    services.ticket_close(ticket=ticket, actor=admin_user, outcome="Done")

    manager_client.post(route("ticket-reopen", ticket))

    ticket.refresh_from_db()
    assert ticket.status == "open"


def test_reopening_an_open_ticket_says_so(admin_client, ticket):
    before = snapshot(ticket)

    response = admin_client.post(route("ticket-reopen", ticket), follow=True)

    assert "already open" in response.text
    assert snapshot(ticket) == before


def test_delete_requires_login(client, ticket):
    assert client.get(route("ticket-delete", ticket)).status_code == 302


def test_delete_requires_the_admin_role(consultant_client, ticket):
    assert consultant_client.get(route("ticket-delete", ticket)).status_code == 403
    assert consultant_client.post(route("ticket-delete", ticket)).status_code == 403
    assert Ticket.objects.filter(pk=ticket.pk).exists()


def test_delete_asks_for_confirmation_then_deletes(admin_client, ticket):
    confirm = admin_client.get(route("ticket-delete", ticket))
    assert confirm.status_code == 200
    assert f"Delete ticket #{ticket.number}?" in confirm.text
    assert Ticket.objects.filter(pk=ticket.pk).exists()

    response = admin_client.post(route("ticket-delete", ticket), {"next": ticket.company.get_absolute_url()})

    assert response.url == ticket.company.get_absolute_url()
    assert not Ticket.objects.filter(pk=ticket.pk).exists()


def test_delete_refuses_put(admin_client, ticket):
    assert admin_client.put(route("ticket-delete", ticket)).status_code == 405


def test_edit_changes_fields_with_system_actions(consultant_client, ticket, agency):
    url = route("ticket-edit", ticket)
    assert consultant_client.get(url).status_code == 200

    response = consultant_client.post(
        url,
        {
            "category": "request",
            "company": str(ticket.company.uuid),
            "subject": "Lost bag",
            "new_subject": "on",
            "description": "Updated description",
            "priority": "medium",
            "assignee": str(ticket.assignee.uuid),
        },
    )

    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.category, ticket.subject.name, ticket.description) == ("request", "Lost bag", "Updated description")
    assert list(ticket.actions.values_list("details", flat=True)) == [
        "Category changed from Query to Request",
        "Subject changed from Refund to Lost bag",
        "Description changed",
    ]


def test_edit_of_a_closed_ticket_is_refused(consultant_client, ticket, admin_user):
    services.ticket_close(ticket=ticket, actor=admin_user, outcome="Done")
    before = snapshot(ticket)

    response = consultant_client.post(route("ticket-edit", ticket), {"description": "Sneaky"}, follow=True)

    assert "This ticket is closed" in response.text
    assert snapshot(ticket) == before
