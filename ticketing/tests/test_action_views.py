import pytest
from django.urls import reverse

from ticketing import services
from ticketing.models import TicketAction

from .factories import TicketActionFactory

pytestmark = pytest.mark.django_db


def add_url(ticket):
    return reverse("ticketing:action-add", kwargs={"number": ticket.number})


def action_url(name, action):
    return reverse(f"ticketing:{name}", kwargs={"number": action.ticket.number, "action": action.uuid})


def test_add_requires_login(client, ticket):
    assert client.post(add_url(ticket), {"kind": "update", "details": "x"}).status_code == 302
    assert not TicketAction.objects.exists()


def test_add_refuses_get(consultant_client, ticket):
    assert consultant_client.get(add_url(ticket)).status_code == 405


def test_it_adds_an_action(consultant_client, ticket, consultant):
    response = consultant_client.post(add_url(ticket), {"kind": "response", "details": "Hotel refunded."})

    assert response.url == ticket.get_absolute_url()
    action = TicketAction.objects.get()
    assert (action.kind, action.details, action.author) == ("response", "Hotel refunded.", consultant)


@pytest.mark.parametrize("data", [{"kind": "system", "details": "Fake"}, {"kind": "update", "details": ""}, {}])
def test_it_refuses_bad_actions(consultant_client, ticket, data):
    response = consultant_client.post(add_url(ticket), data, follow=True)

    assert "Choose the kind of entry" in response.text
    assert not TicketAction.objects.exists()


def test_it_refuses_adding_to_a_closed_ticket(consultant_client, ticket, admin_user):
    services.ticket_close(ticket=ticket, actor=admin_user, outcome="Done")

    response = consultant_client.post(add_url(ticket), {"kind": "update", "details": "More"}, follow=True)

    assert "This ticket is closed" in response.text
    assert ticket.actions.count() == 2


def test_the_author_edits_an_action(consultant_client, ticket, consultant):
    action = TicketActionFactory(ticket=ticket, author=consultant)
    assert consultant_client.get(action_url("action-edit", action)).status_code == 200

    response = consultant_client.post(action_url("action-edit", action), {"kind": "update", "details": "Fixed"})

    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.kind, action.details) == ("update", "Fixed")


def test_edit_with_bad_input_shows_the_form(consultant_client, ticket, consultant):
    action = TicketActionFactory(ticket=ticket, author=consultant)

    response = consultant_client.post(action_url("action-edit", action), {"kind": "system", "details": ""})

    assert response.status_code == 200
    assert response.context["form"].errors
    action.refresh_from_db()
    assert action.kind == "action_taken"


def test_a_consultant_cannot_edit_or_delete_someone_else_s_action(consultant_client, ticket, admin_user):
    action = TicketActionFactory(ticket=ticket, author=admin_user)

    assert (
        consultant_client.post(action_url("action-edit", action), {"kind": "update", "details": "x"}).status_code == 403
    )
    assert consultant_client.post(action_url("action-delete", action)).status_code == 403
    action.refresh_from_db()
    assert action.details == "Called the airline and rebooked the flight."


def test_delete_requires_post(consultant_client, ticket, consultant):
    action = TicketActionFactory(ticket=ticket, author=consultant)

    assert consultant_client.get(action_url("action-delete", action)).status_code == 405


def test_the_author_deletes_an_action(consultant_client, ticket, consultant):
    action = TicketActionFactory(ticket=ticket, author=consultant)

    consultant_client.post(action_url("action-delete", action))

    assert not TicketAction.objects.filter(pk=action.pk).exists()


def test_an_action_of_another_ticket_is_404(consultant_client, ticket, agency, consultant):
    other = TicketActionFactory(ticket__company=ticket.company, author=consultant)
    url = reverse("ticketing:action-edit", kwargs={"number": ticket.number, "action": other.uuid})

    assert consultant_client.get(url).status_code == 404


def test_editing_on_a_closed_ticket_is_refused(consultant_client, ticket, consultant, admin_user):
    action = TicketActionFactory(ticket=ticket, author=consultant)
    services.ticket_close(ticket=ticket, actor=admin_user, outcome="Done")

    response = consultant_client.post(
        action_url("action-edit", action), {"kind": "update", "details": "x"}, follow=True
    )
    consultant_client.post(action_url("action-delete", action))

    assert "This ticket is closed" in response.text
    action.refresh_from_db()
    assert action.details == "Called the airline and rebooked the flight."
