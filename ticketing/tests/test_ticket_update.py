import pytest
from django.urls import reverse

from ticketing import services
from ticketing.models import Ticket, TicketAction

pytestmark = pytest.mark.django_db


def url(ticket):
    return reverse("ticketing:ticket-update", kwargs={"number": ticket.number})


def snapshot(ticket):
    return Ticket.objects.filter(pk=ticket.pk).values().get(), TicketAction.objects.count()


def test_it_requires_login(client, ticket):
    assert client.post(url(ticket), {"status": "in_progress"}).status_code == 302


def test_it_refuses_get(consultant_client, ticket):
    assert consultant_client.get(url(ticket)).status_code == 405


def test_it_answers_404_to_an_outsider(outsider_client, ticket):
    before = snapshot(ticket)

    assert outsider_client.post(url(ticket), {"status": "in_progress"}).status_code == 404
    assert snapshot(ticket) == before


def test_it_changes_the_status(consultant_client, ticket):
    response = consultant_client.post(url(ticket), {"status": "in_progress"})

    assert response.status_code == 302
    assert response.url == ticket.get_absolute_url()
    ticket.refresh_from_db()
    assert ticket.status == "in_progress"
    assert ticket.actions.get().details == "Status changed from Open to In progress"


def test_it_changes_priority_and_assignee_by_htmx(consultant_client, ticket, manager_user):
    response = consultant_client.post(
        url(ticket), {"priority": "urgent", "next": "/tickets/"}, headers={"HX-Request": "true"}, follow=True
    )

    assert response.status_code == 200
    assert 'id="ticket-page"' in response.text
    assert "Priority changed from Medium to Urgent" in response.text
    consultant_client.post(url(ticket), {"assignee": str(manager_user.uuid)})
    consultant_client.post(url(ticket), {"assignee": ""})
    ticket.refresh_from_db()
    assert (ticket.priority, ticket.assignee) == ("urgent", None)
    assert ticket.actions.count() == 3


@pytest.mark.parametrize(
    "data", [{"status": "closed"}, {"status": "dev"}, {"priority": "extreme"}, {"priority": ""}, {}]
)
def test_it_refuses_values_outside_the_choices(consultant_client, ticket, data):
    before = snapshot(ticket)

    assert consultant_client.post(url(ticket), data).status_code == 400
    assert snapshot(ticket) == before


def test_it_refuses_an_assignee_of_another_agency(consultant_client, ticket, outsider):
    before = snapshot(ticket)

    assert consultant_client.post(url(ticket), {"assignee": str(outsider.uuid)}).status_code == 400
    assert snapshot(ticket) == before


def test_it_refuses_changing_a_closed_ticket_with_a_message(consultant_client, ticket, admin_user):
    services.ticket_close(ticket=ticket, actor=admin_user, outcome="Done")
    before = snapshot(ticket)

    response = consultant_client.post(url(ticket), {"priority": "low"}, follow=True)

    assert "This ticket is closed" in response.text
    assert snapshot(ticket) == before
