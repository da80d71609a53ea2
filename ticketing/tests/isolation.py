"""Objects of agency A for every ticket route that takes an argument (see travault/tests/isolation.py).
Ticket routes take the per-agency number."""

from .factories import TicketActionFactory, TicketFactory, TicketSubjectFactory


def _ticket(agency):
    return {"number": TicketFactory(agency=agency, company__agency=agency).number}


def _action(agency):
    action = TicketActionFactory(ticket__company__agency=agency)
    return {"number": action.ticket.number, "action": action.uuid}


def _subject(agency):
    return {"subject": TicketSubjectFactory(agency=agency).uuid}


ROUTES = {
    "ticketing:ticket-detail": _ticket,
    "ticketing:ticket-update": _ticket,
    "ticketing:ticket-edit": _ticket,
    "ticketing:ticket-close": _ticket,
    "ticketing:ticket-reopen": _ticket,
    "ticketing:ticket-delete": _ticket,
    "ticketing:action-add": _ticket,
    "ticketing:action-edit": _action,
    "ticketing:action-delete": _action,
    "ticketing:subject-rename": _subject,
    "ticketing:subject-delete": _subject,
}
