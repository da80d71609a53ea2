import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ticketing import services
from ticketing.models import TicketAction

from .factories import TicketActionFactory

pytestmark = pytest.mark.django_db


def test_it_adds_an_action_and_mails_owner_and_assignee_but_not_the_author(
    ticket, admin_user, consultant, manager_user, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        action = services.action_add(ticket=ticket, author=manager_user, kind="response", details="Client replied.")

    assert (action.agency, action.ticket, action.author, action.kind) == (
        ticket.agency,
        ticket,
        manager_user,
        "response",
    )
    assert [sorted(m.to) for m in mailoutbox] == [sorted([admin_user.email, consultant.email])]
    assert "Client replied." in mailoutbox[0].body
    assert f"/tickets/{ticket.number}/" in mailoutbox[0].body


def test_it_does_not_mail_the_author(ticket, consultant, admin_user, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.action_add(ticket=ticket, author=consultant, kind="update", details="Chasing the hotel.")

    assert [m.to for m in mailoutbox] == [[admin_user.email]]


@pytest.mark.parametrize("kind, details", [("system", "Sneaky"), ("outcome", "Early"), ("update", "   ")])
def test_it_refuses_bad_actions(ticket, admin_user, kind, details):
    with pytest.raises(ValidationError):
        services.action_add(ticket=ticket, author=admin_user, kind=kind, details=details)

    assert not TicketAction.objects.exists()


def test_the_author_edits_and_deletes_an_action(ticket, consultant):
    action = TicketActionFactory(ticket=ticket, author=consultant)

    services.action_edit(action=action, actor=consultant, kind="update", details="Corrected")
    action.refresh_from_db()
    assert (action.kind, action.details) == ("update", "Corrected")
    assert action.edited_at is not None

    services.action_delete(action=action, actor=consultant)
    assert list(ticket.actions.values_list("kind", "details")) == [("system", "Update deleted")]


def test_a_manager_edits_anyone_s_action_but_a_consultant_does_not(ticket, admin_user, consultant, manager_user):
    action = TicketActionFactory(ticket=ticket, author=admin_user)

    with pytest.raises(PermissionDenied):
        services.action_edit(action=action, actor=consultant, kind="update", details="Mine now")
    with pytest.raises(PermissionDenied):
        services.action_delete(action=action, actor=consultant)
    services.action_edit(action=action, actor=manager_user, kind="update", details="Fixed typo")

    action.refresh_from_db()
    assert action.details == "Fixed typo"


def test_it_refuses_editing_outcomes_and_system_entries(ticket, admin_user):
    services.ticket_change(ticket=ticket, actor=admin_user, changes={"priority": "low"})
    system = ticket.actions.get()

    with pytest.raises(ValidationError):
        services.action_edit(action=system, actor=admin_user, kind="update", details="Rewritten history")
    with pytest.raises(ValidationError):
        services.action_delete(action=system, actor=admin_user)
    system.refresh_from_db()
    assert system.details == "Priority changed from Medium to Low"


def test_it_refuses_changing_actions_of_a_closed_ticket(ticket, admin_user):
    action = TicketActionFactory(ticket=ticket, author=admin_user)
    services.ticket_close(ticket=ticket, actor=admin_user, outcome="Done")

    with pytest.raises(services.TicketClosedError):
        services.action_edit(action=action, actor=admin_user, kind="update", details="Changed")
    with pytest.raises(services.TicketClosedError):
        services.action_delete(action=action, actor=admin_user)
    action.refresh_from_db()
    assert action.details == "Called the airline and rebooked the flight."
