"""Ticket emails go through the outbox: a row per email written with the change, sent on commit."""

import pytest
from django.conf import settings

from ticketing import services
from travault.models import OutboundEmail

pytestmark = pytest.mark.django_db


def test_it_mails_a_new_assignee_with_a_link(
    ticket, admin_user, manager_user, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_change(ticket=ticket, actor=admin_user, changes={"assignee": manager_user})

    assert [m.to for m in mailoutbox] == [[manager_user.email]]
    message = mailoutbox[0]
    assert message.subject == f"Ticket #{ticket.number} was assigned to you: Refund"
    html = message.alternatives[0].content
    assert f'href="{settings.SITE_URL}/tickets/{ticket.number}/"' in html
    assert f"{settings.SITE_URL}/tickets/{ticket.number}/" in message.body


def test_it_writes_the_outbox_row_in_the_same_transaction(ticket, consultant):
    services.action_add(ticket=ticket, author=consultant, kind="update", details="<b>Chased</b> the hotel")

    email = OutboundEmail.objects.get()
    assert email.agency_id == ticket.agency_id
    assert email.to == [ticket.owner.email]
    assert "<b>Chased</b>" in email.body_text
    assert "&lt;b&gt;Chased&lt;/b&gt;" in email.body_html


def test_a_refused_change_writes_no_email(ticket, admin_user):
    services.ticket_close(ticket=ticket, actor=admin_user, outcome="Done")
    OutboundEmail.objects.all().delete()

    with pytest.raises(services.TicketClosedError):
        services.action_add(ticket=ticket, author=admin_user, kind="update", details="Late")

    assert not OutboundEmail.objects.exists()


def test_inactive_users_are_not_mailed(ticket, admin_user, consultant):
    consultant.is_active = False
    consultant.save(update_fields=["is_active"])

    services.ticket_change(ticket=ticket, actor=admin_user, changes={"status": "in_progress"})

    assert not OutboundEmail.objects.exists()


def test_an_action_email_reaches_a_real_smtp_server(
    ticket, consultant, admin_user, smtp_mailer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.action_add(ticket=ticket, author=consultant, kind="response", details="Refund approved.")

    assert [envelope.rcpt_tos for envelope in smtp_mailer.messages] == [[admin_user.email]]
    assert b"Refund approved." in smtp_mailer.messages[0].content
    assert OutboundEmail.objects.get().status == OutboundEmail.Status.SENT
