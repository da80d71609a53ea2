from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agency.forms import user_choice_labels
from crm import selectors as crm_selectors
from crm.models import Company, Contact
from travault.compiled_reads import listing_shape
from travault.csv_export import csv_download
from travault.forms import options_html
from travault.pagination import CappedCountPaginator
from travault.permissions import permission_required
from travault.redirects import next_url
from travault.sort_headers import sort_headers
from travault.tenancy import get_for_agency_or_404

from . import selectors, services
from .forms import (
    ActionForm,
    BoardFilterForm,
    CloseForm,
    QuickChangeForm,
    SubjectDeleteForm,
    SubjectForm,
    TicketEditForm,
    TicketForm,
)
from .list_rows import COLUMNS, ROW_FIELDS, ticket_rows
from .models import TicketAction, TicketSubject

CSV_COLUMNS = [
    ("Number", "reference"),
    ("Type", "get_category_type_display"),
    ("Category", "get_category_display"),
    ("Subject", "subject"),
    ("Company", "company"),
    ("Status", "get_status_display"),
    ("Priority", "get_priority_display"),
    ("Assignee", "assignee"),
    ("Opened", "created_at"),
    ("Closed", "closed_at"),
    ("Description", "description"),
]


def _ticket(request, number):
    return get_for_agency_or_404(selectors.ticket_detail_queryset(), request, number=number)


def _action(request, ticket, uuid):
    return get_for_agency_or_404(TicketAction.objects.select_related("ticket"), request, ticket=ticket, uuid=uuid)


def _back(request) -> dict:
    """Where the detail page's back link goes: the board (with its filters) or the company page."""
    board = reverse("ticketing:ticket-board")
    url = next_url(request)
    if not url or url.startswith(board):
        return {"back_url": url or board, "back_label": "Back to tickets"}
    return {"back_url": url, "back_label": "Back"}


def _to_ticket(request, ticket):
    back = next_url(request)
    url = ticket.get_absolute_url()
    return redirect(f"{url}?{urlencode({'next': back})}" if back else url)


def _add_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@permission_required("work_tickets")
@require_GET
def ticket_board(request):
    form = BoardFilterForm(request.GET or None, agency=request.agency)
    filters = form.filters()
    tickets = selectors.ticket_board(agency=request.agency, **filters)
    shape = listing_shape(
        selectors.ticket_board,
        agency=request.agency,
        params=selectors.TICKET_BOARD_PARAMS,
        shape=selectors.TICKET_BOARD_SHAPE,
        **filters,
    )
    page = CappedCountPaginator.page_for(tickets, request.GET, fields=ROW_FIELDS, shape=shape)
    filtered = any(value for key, value in filters.items() if key not in {"state", "sort"})
    context = {
        "form": form,
        "page": page,
        "state": filters["state"],
        "sort_headers": sort_headers(request.GET, filters["sort"], COLUMNS),
        "filtered": filtered,
        "rows": ticket_rows(page.object_list, back_to=request.get_full_path()),
    }
    return render(request, "ticketing/ticket_board.html", context)


@permission_required("work_tickets")
@require_GET
def ticket_export(request):
    filters = BoardFilterForm(request.GET or None, agency=request.agency).filters()
    return csv_download("tickets", CSV_COLUMNS, selectors.ticket_board(agency=request.agency, **filters))


@permission_required("work_tickets")
@require_http_methods(["GET", "POST"])
def ticket_create(request):
    initial = {}
    company_id = request.GET.get("company")
    if company_id:
        company = get_for_agency_or_404(Company, request, uuid=company_id)
        initial = {"company": company.uuid, "category": "supplier_query" if company.is_supplier else "query"}
    form = TicketForm(request.POST if request.method == "POST" else None, agency=request.agency, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            ticket = services.ticket_open(agency=request.agency, owner=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"Ticket {ticket.reference} was opened.")
            return _to_ticket(request, ticket)
    context = {
        "form": form,
        "subjects": selectors.subject_choices(agency=request.agency),
        "next_url": next_url(request),
    }
    return render(request, "ticketing/ticket_form.html", context)


@permission_required("work_tickets")
@require_GET
def company_options(request):
    """The companies whose name contains what was typed in a ticket form's company search, as
    options of its company select."""
    name = request.GET.get("company_search", "")[:100].strip()
    companies = crm_selectors.company_pick_list(agency=request.agency, name=name)
    return render(request, "ticketing/_company_options.html", {"companies": companies, "searched": bool(name)})


@permission_required("work_tickets")
@require_GET
def contact_options(request):
    """The contacts of the chosen company, as options of the ticket form's contact select."""
    contacts = Contact.objects.none()
    company_id = request.GET.get("company")
    if company_id:
        company = get_for_agency_or_404(Company, request, uuid=company_id)
        contacts = (
            Contact.objects.for_agency(request.agency).filter(company=company).order_by("last_name", "first_name")
        )
    return render(request, "ticketing/_contact_options.html", {"contacts": contacts})


@permission_required("work_tickets")
@require_GET
def ticket_detail(request, number):
    ticket = _ticket(request, number)
    newest_first = request.GET.get("order") == "newest"
    context = {
        "ticket": ticket,
        "actions": selectors.ticket_timeline(ticket=ticket, newest_first=newest_first),
        "newest_first": newest_first,
        "next_url": next_url(request),
        **_back(request),
        "action_form": ActionForm(),
        "close_form": CloseForm(),
        **({} if ticket.is_closed else _quick_change_options(request, ticket)),
    }
    return render(request, "ticketing/ticket_detail.html", context)


def _quick_change_options(request, ticket) -> dict:
    """The options of the header's status, priority and assignee pickers (an open ticket's), the
    ticket's own chosen."""
    assignees = selectors.assignee_choice_rows(agency=request.agency)
    return {
        "status_options": options_html(QuickChangeForm.base_fields["status"].choices, ticket.status),
        "priority_options": options_html(QuickChangeForm.base_fields["priority"].choices, ticket.priority),
        "assignee_options": options_html(
            [("", "Unassigned"), *user_choice_labels(assignees)],
            ticket.assignee.uuid if ticket.assignee_id else "",
        ),
    }


@permission_required("work_tickets")
@require_POST
def ticket_update(request, number):
    ticket = _ticket(request, number)
    form = QuickChangeForm(request.POST, agency=request.agency)
    if not form.is_valid():
        return HttpResponseBadRequest("Choose a status, priority or assignee from the lists.")
    try:
        lines = services.ticket_change(ticket=ticket, actor=request.user, changes=form.changes())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if lines:
            messages.success(request, "; ".join(lines) + ".")
    return _to_ticket(request, ticket)


@permission_required("work_tickets")
@require_http_methods(["GET", "POST"])
def ticket_edit(request, number):
    ticket = _ticket(request, number)
    if ticket.is_closed:
        messages.error(request, "This ticket is closed: reopen it before changing it.")
        return _to_ticket(request, ticket)
    form = TicketEditForm(request.POST if request.method == "POST" else None, ticket=ticket)
    if request.method == "POST" and form.is_valid():
        try:
            services.ticket_edit(ticket=ticket, actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"Ticket {ticket.reference} was saved.")
            return _to_ticket(request, ticket)
    context = {
        "form": form,
        "ticket": ticket,
        "subjects": selectors.subject_choices(agency=request.agency),
        "next_url": next_url(request),
    }
    return render(request, "ticketing/ticket_form.html", context)


@permission_required("work_tickets")
@require_POST
def ticket_close(request, number):
    ticket = _ticket(request, number)
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Write the outcome before closing the ticket.")
        return _to_ticket(request, ticket)
    try:
        services.ticket_close(ticket=ticket, actor=request.user, outcome=form.cleaned_data["outcome"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Ticket {ticket.reference} was closed.")
    return _to_ticket(request, ticket)


@permission_required("reopen_tickets")
@require_POST
def ticket_reopen(request, number):
    ticket = _ticket(request, number)
    try:
        services.ticket_reopen(ticket=ticket, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Ticket {ticket.reference} was reopened.")
    return _to_ticket(request, ticket)


@permission_required("delete_tickets")
@require_http_methods(["GET", "POST"])
def ticket_delete(request, number):
    ticket = _ticket(request, number)
    if request.method == "POST":
        services.ticket_delete(ticket=ticket)
        messages.success(request, f"Ticket {ticket.reference} was deleted.")
        return redirect(next_url(request) or "ticketing:ticket-board")
    context = {"ticket": ticket, "next_url": next_url(request), "action_count": ticket.actions.count()}
    return render(request, "ticketing/ticket_confirm_delete.html", context)


@permission_required("work_tickets")
@require_POST
def action_add(request, number):
    ticket = _ticket(request, number)
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the kind of entry and write its details.")
        return _to_ticket(request, ticket)
    try:
        services.action_add(ticket=ticket, author=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Your entry was added to the timeline.")
    return _to_ticket(request, ticket)


@permission_required("work_tickets", object_rule="the author, or manage_any_ticket_action")
@require_http_methods(["GET", "POST"])
def action_edit(request, number, action):
    ticket = _ticket(request, number)
    action = _action(request, ticket, action)
    initial = {"kind": action.kind, "details": action.details}
    form = ActionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_edit(action=action, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "The entry was saved.")
        return _to_ticket(request, ticket)
    context = {"form": form, "ticket": ticket, "action": action, "next_url": next_url(request)}
    return render(request, "ticketing/action_form.html", context)


@permission_required("work_tickets", object_rule="the author, or manage_any_ticket_action")
@require_POST
def action_delete(request, number, action):
    ticket = _ticket(request, number)
    action = _action(request, ticket, action)
    try:
        services.action_delete(action=action, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "The entry was deleted.")
    return _to_ticket(request, ticket)


@permission_required("manage_subjects")
@require_http_methods(["GET", "POST"])
def subject_list(request):
    form = SubjectForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            subject = services.subject_add(agency=request.agency, name=form.cleaned_data["name"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"“{subject.name}” was added.")
            return redirect("ticketing:subject-list")
    context = {"form": form, "subjects": selectors.subject_list(agency=request.agency)}
    return render(request, "ticketing/subject_list.html", context, status=400 if form.errors else 200)


@permission_required("manage_subjects")
@require_POST
def subject_rename(request, subject):
    subject = get_for_agency_or_404(TicketSubject, request, uuid=subject)
    form = SubjectForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Enter the new name of the subject.")
        old = subject.name
        services.subject_rename(subject=subject, name=form.cleaned_data["name"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"“{old}” was renamed “{subject.name}”.")
    return redirect("ticketing:subject-list")


@permission_required("manage_subjects")
@require_http_methods(["GET", "POST"])
def subject_delete(request, subject):
    subject = get_for_agency_or_404(selectors.subject_list(agency=request.agency), request, uuid=subject)
    form = SubjectDeleteForm(request.POST if request.method == "POST" else None, subject=subject)
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.subject_delete(
                subject=subject, actor=request.user, merge_into=form.cleaned_data["merge_into"]
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            merged = f" and its {moved} ticket{'s' if moved != 1 else ''} moved" if moved else ""
            messages.success(request, f"“{subject.name}” was deleted{merged}.")
            return redirect("ticketing:subject-list")
    context = {"form": form, "subject": subject}
    return render(request, "ticketing/subject_confirm_delete.html", context, status=400 if form.errors else 200)
