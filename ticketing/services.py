"""Writes of the ticket desk. Every function is keyword-only and atomic; every change of a ticket's
fields writes a system action in the same transaction, and notifications go through the outbox."""

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from crm.models import Company, Contact
from travault.mail import email_send
from travault.permissions import has_permission

from .models import CATEGORIES_BY_TYPE, Status, Ticket, TicketAction, TicketCounter, TicketSubject

CHANGEABLE_FIELDS = (
    "category_type",
    "category",
    "company",
    "contact",
    "subject",
    "description",
    "priority",
    "status",
    "assignee",
)
QUIET_FIELDS = {"description"}
USER_ACTION_KINDS = (TicketAction.Kind.ACTION_TAKEN, TicketAction.Kind.UPDATE, TicketAction.Kind.RESPONSE)
FIELD_LABELS = {
    "category_type": "Type",
    "category": "Category",
    "company": "Company",
    "contact": "Contact",
    "subject": "Subject",
    "description": "Description",
    "priority": "Priority",
    "status": "Status",
    "assignee": "Assignee",
}
EMPTY_LABELS = {"assignee": "Unassigned", "contact": "No contact", "company": "No company"}


class TicketClosedError(ValidationError):
    def __init__(self):
        super().__init__("This ticket is closed: reopen it before changing it.", code="closed")


def category_type_for(category: str) -> str | None:
    for kind, categories in CATEGORIES_BY_TYPE.items():
        if category in categories:
            return kind.value
    return None


def _check_references(*, agency, values: Mapping[str, Any], users=("owner", "assignee")) -> None:
    """Every object a ticket points to belongs to ``agency`` and fits the ticket's type; the
    ``users`` being set are active users of ``agency``."""
    errors = {}
    category_type = values.get("category_type")
    category = values.get("category")
    if category_type_for(category or "") != category_type:
        errors["category"] = "Choose a category of the ticket's type."
    if values.get("priority") not in Ticket.Priority.values:
        errors["priority"] = "Choose a priority from the list."
    if values.get("status") not in Ticket.Status.values:
        errors["status"] = "Choose a status from the list."
    subject = values.get("subject")
    if not isinstance(subject, TicketSubject) or subject.agency_id != agency.pk:
        errors["subject"] = "Choose a subject of your agency."
    company = values.get("company")
    if company is not None and (not isinstance(company, Company) or company.agency_id != agency.pk):
        errors["company"] = "Choose a company of your agency."
    elif company is None and category_type != Ticket.CategoryType.INTERNAL:
        errors["company"] = "Choose the client or supplier this ticket is about."
    elif company is not None and category_type == Ticket.CategoryType.SUPPLIER and not company.is_supplier:
        errors["company"] = "A supplier ticket is about a supplier company."
    elif company is not None and category_type == Ticket.CategoryType.CLIENT and company.is_supplier:
        errors["company"] = "A client ticket is about a client company, not a supplier."
    contact = values.get("contact")
    if contact is not None and (
        not isinstance(contact, Contact) or company is None or contact.company_id != company.pk
    ):
        errors["contact"] = "Choose a contact of the ticket's company."
    for role in users:
        user = values.get(role)
        if user is not None and (user.agency_id != agency.pk or not user.is_active):
            errors[role] = "Choose an active user of your agency."
    if errors:
        raise ValidationError(errors)


def ticket_number_allocate(*, agency) -> int:
    """The agency's next ticket number. The counter row stays locked until the caller commits, so
    parallel openings queue on it; a rolled-back opening gives its number back."""
    counter, _ = TicketCounter.objects.select_for_update().get_or_create(agency=agency)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def _lock(ticket: Ticket) -> Ticket:
    """Reload ``ticket`` locked for this transaction, refusing a closed one."""
    current = Ticket.objects.select_for_update(of=("self",)).select_related("owner", "assignee").get(pk=ticket.pk)
    if current.is_closed:
        raise TicketClosedError
    return current


def _display(ticket: Ticket, name: str) -> str:
    field = Ticket._meta.get_field(name)
    if field.is_relation:
        value = getattr(ticket, name)
        return EMPTY_LABELS.get(name, "None") if value is None else str(value)
    if field.choices:
        return getattr(ticket, f"get_{name}_display")()
    return str(getattr(ticket, name))


def _system_action(*, ticket: Ticket, actor, details: str) -> TicketAction:
    return TicketAction.objects.create(
        agency_id=ticket.agency_id, ticket=ticket, kind=TicketAction.Kind.SYSTEM, details=details, author=actor
    )


def ticket_url(ticket: Ticket) -> str:
    return f"{settings.SITE_URL}{ticket.get_absolute_url()}"


def _notify(*, ticket: Ticket, actor, recipients, template: str, **context) -> None:
    emails = []
    for user in recipients:
        if user is None or not user.is_active or not user.email or (actor is not None and user.pk == actor.pk):
            continue
        if user.email not in emails:
            emails.append(user.email)
    if emails:
        email_send(
            to=emails,
            template=template,
            context={"ticket": ticket, "actor": actor, "url": ticket_url(ticket), **context},
            agency_id=ticket.agency_id,
        )


@transaction.atomic
def ticket_open(*, agency, owner, data: Mapping[str, Any]) -> Ticket:
    """Open a ticket owned by ``owner`` with the next number of ``agency``; the assignee is told
    (or, with no assignee, the owner gets the new ticket's number)."""
    values = {name: data.get(name) for name in CHANGEABLE_FIELDS if name != "status"}
    if values["subject"] is None and data.get("subject_name"):
        values["subject"] = subject_add(agency=agency, name=data["subject_name"])
    values["contact"] = values["contact"] or None
    values["priority"] = values["priority"] or Ticket.Priority.MEDIUM
    values["status"] = Status.OPEN
    values["owner"] = owner
    _check_references(agency=agency, values=values)
    if not (values["description"] or "").strip():
        raise ValidationError({"description": "Describe the problem or request."})
    ticket = Ticket.objects.create(agency=agency, number=ticket_number_allocate(agency=agency), **values)
    _system_action(ticket=ticket, actor=owner, details="Ticket opened")
    recipients = [ticket.assignee] if ticket.assignee and ticket.assignee.pk != owner.pk else [ticket.owner]
    _notify(ticket=ticket, actor=None, recipients=recipients, template="ticket_created")
    return ticket


@transaction.atomic
def ticket_change(*, ticket: Ticket, actor, changes: Mapping[str, Any]) -> list[str]:
    """Change some of the ticket's fields; each change is written as "X changed from a to b".
    Closing goes through ``ticket_close``. Returns the lines written."""
    unknown = set(changes) - set(CHANGEABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not changeable: {sorted(unknown)}")
    current = _lock(ticket)
    if changes.get("status") == Status.CLOSED:
        raise ValidationError({"status": "Close the ticket with an outcome."})
    values = {name: getattr(current, name) for name in CHANGEABLE_FIELDS}
    values.update(changes)
    if "contact" in changes and not changes["contact"]:
        values["contact"] = None
    contact, company = values["contact"], values["company"]
    if "contact" not in changes and contact is not None and (company is None or contact.company_id != company.pk):
        values["contact"] = None
    if "assignee" in changes and not changes["assignee"]:
        values["assignee"] = None
    _check_references(agency=current.agency, values=values, users=("assignee",) if "assignee" in changes else ())
    lines = []
    for name in CHANGEABLE_FIELDS:
        if getattr(current, name) == values[name]:
            continue
        before = _display(current, name)
        setattr(current, name, values[name])
        if name in QUIET_FIELDS:
            lines.append(f"{FIELD_LABELS[name]} changed")
        else:
            lines.append(f"{FIELD_LABELS[name]} changed from {before} to {_display(current, name)}")
    if not lines:
        return []
    current.save()
    for line in lines:
        _system_action(ticket=current, actor=actor, details=line)
    for name in CHANGEABLE_FIELDS:
        setattr(ticket, name, getattr(current, name))
    ticket.updated_at = current.updated_at
    if "status" in changes and any(line.startswith("Status ") for line in lines):
        _status_notify(ticket=current, actor=actor)
    if values["assignee"] is not None and any(line.startswith("Assignee ") for line in lines):
        _notify(ticket=current, actor=actor, recipients=[current.assignee], template="ticket_assigned")
    return lines


@transaction.atomic
def ticket_edit(*, ticket: Ticket, actor, data: Mapping[str, Any]) -> list[str]:
    """The full edit: like ``ticket_change``, adding the subject to the agency's list if it is new."""
    changes = {name: data[name] for name in CHANGEABLE_FIELDS if name in data}
    if changes.get("subject") is None and data.get("subject_name"):
        if ticket.is_closed:
            raise TicketClosedError
        changes["subject"] = subject_add(agency=ticket.agency, name=data["subject_name"])
    return ticket_change(ticket=ticket, actor=actor, changes=changes)


def _status_notify(*, ticket: Ticket, actor) -> None:
    _notify(
        ticket=ticket,
        actor=actor,
        recipients=[ticket.owner, ticket.assignee],
        template="ticket_status_changed",
    )


@transaction.atomic
def ticket_close(*, ticket: Ticket, actor, outcome: str) -> Ticket:
    """Close the ticket with its ``outcome``; it is read-only until reopened."""
    if not outcome.strip():
        raise ValidationError({"outcome": "Write the outcome before closing the ticket."})
    current = _lock(ticket)
    before = current.get_status_display()
    current.status = Status.CLOSED
    current.closed_at = timezone.now()
    current.save()
    TicketAction.objects.create(
        agency_id=current.agency_id,
        ticket=current,
        kind=TicketAction.Kind.OUTCOME,
        details=outcome.strip(),
        author=actor,
    )
    _system_action(ticket=current, actor=actor, details=f"Status changed from {before} to Closed")
    ticket.status, ticket.closed_at, ticket.updated_at = current.status, current.closed_at, current.updated_at
    _status_notify(ticket=current, actor=actor)
    return current


@transaction.atomic
def ticket_reopen(*, ticket: Ticket, actor) -> Ticket:
    current = Ticket.objects.select_for_update(of=("self",)).select_related("owner", "assignee").get(pk=ticket.pk)
    if not current.is_closed:
        raise ValidationError("This ticket is already open.", code="open")
    current.status = Status.OPEN
    current.closed_at = None
    current.save()
    _system_action(ticket=current, actor=actor, details="Status changed from Closed to Open (ticket reopened)")
    ticket.status, ticket.closed_at, ticket.updated_at = current.status, None, current.updated_at
    _status_notify(ticket=current, actor=actor)
    return current


@transaction.atomic
def ticket_delete(*, ticket: Ticket) -> None:
    """Delete the ticket and its timeline. Its number is never given out again."""
    ticket.delete()


def _check_action(*, kind: str, details: str) -> None:
    if kind not in USER_ACTION_KINDS:
        raise ValidationError({"kind": "Choose what kind of entry this is."})
    if not details.strip():
        raise ValidationError({"details": "Write the details."})


def _may_edit(action: TicketAction, actor) -> bool:
    return action.author_id == actor.pk or has_permission(actor, "manage_any_ticket_action")


@transaction.atomic
def action_add(*, ticket: Ticket, author, kind: str, details: str) -> TicketAction:
    """Add an entry to the ticket's timeline and tell its owner and assignee."""
    _check_action(kind=kind, details=details)
    current = _lock(ticket)
    action = TicketAction.objects.create(
        agency_id=current.agency_id, ticket=current, kind=kind, details=details.strip(), author=author
    )
    Ticket.objects.filter(pk=current.pk).update(updated_at=action.created_at)
    _notify(
        ticket=current,
        actor=author,
        recipients=[current.owner, current.assignee],
        template="ticket_action_added",
        action=action,
    )
    return action


@transaction.atomic
def action_edit(*, action: TicketAction, actor, kind: str, details: str) -> TicketAction:
    _check_action(kind=kind, details=details)
    _lock(action.ticket)
    if action.kind not in USER_ACTION_KINDS:
        raise ValidationError("Outcomes and system entries cannot be edited.")
    if not _may_edit(action, actor):
        raise PermissionDenied
    action.kind = kind
    action.details = details.strip()
    action.edited_at = timezone.now()
    action.save(update_fields=["kind", "details", "edited_at", "updated_at"])
    return action


@transaction.atomic
def action_delete(*, action: TicketAction, actor) -> None:
    _lock(action.ticket)
    if action.kind not in USER_ACTION_KINDS:
        raise ValidationError("Outcomes and system entries cannot be deleted.")
    if not _may_edit(action, actor):
        raise PermissionDenied
    action.delete()
    _system_action(ticket=action.ticket, actor=actor, details=f"{action.get_kind_display()} deleted")


def _check_subject_name(*, agency, name: str, exclude: TicketSubject | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Enter a subject."})
    if len(name) > TicketSubject._meta.get_field("name").max_length:
        raise ValidationError({"name": "Keep the subject under 100 characters."})
    clash = TicketSubject.objects.for_agency(agency).filter(name__iexact=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        raise ValidationError({"name": f"There is already a subject called “{name}”."})
    return name


@transaction.atomic
def subject_add(*, agency, name: str) -> TicketSubject:
    name = _check_subject_name(agency=agency, name=name)
    try:
        with transaction.atomic():
            return TicketSubject.objects.create(agency=agency, name=name)
    except IntegrityError as exc:
        raise ValidationError({"name": f"There is already a subject called “{name}”."}) from exc


@transaction.atomic
def subject_rename(*, subject: TicketSubject, name: str) -> TicketSubject:
    subject.name = _check_subject_name(agency=subject.agency, name=name, exclude=subject)
    try:
        with transaction.atomic():
            subject.save(update_fields=["name"])
    except IntegrityError as exc:
        raise ValidationError({"name": f"There is already a subject called “{subject.name}”."}) from exc
    return subject


@transaction.atomic
def subject_delete(*, subject: TicketSubject, actor, merge_into: TicketSubject | None = None) -> int:
    """Delete ``subject``; its tickets move to ``merge_into`` (required when it is in use), each with
    a system action. Returns the number of tickets moved."""
    tickets = list(Ticket.objects.select_for_update().filter(agency_id=subject.agency_id, subject=subject))
    if tickets and merge_into is None:
        raise ValidationError({"merge_into": "This subject is in use: choose one to merge its tickets into."})
    if merge_into is not None and (merge_into.agency_id != subject.agency_id or merge_into.pk == subject.pk):
        raise ValidationError({"merge_into": "Choose another subject of your agency."})
    if tickets:
        Ticket.objects.filter(pk__in=[t.pk for t in tickets]).update(subject=merge_into, updated_at=timezone.now())
        TicketAction.objects.bulk_create(
            TicketAction(
                agency_id=subject.agency_id,
                ticket=ticket,
                kind=TicketAction.Kind.SYSTEM,
                details=f"Subject changed from {subject.name} to {merge_into.name}",
                author=actor,
            )
            for ticket in tickets
        )
    subject.delete()
    return len(tickets)
