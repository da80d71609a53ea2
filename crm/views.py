from django.contrib import messages
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.template.backends.utils import csrf_input
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from travault.compiled_reads import listing_shape
from travault.csv_export import csv_download
from travault.pagination import IdsFirstPaginator
from travault.permissions import has_permission, permission_required
from travault.sort_headers import sort_headers
from travault.tenancy import get_for_agency_or_404

from . import selectors, services
from .diffbot import FIELDS as ENRICHED_FIELDS
from .diffbot import diffbot_enabled
from .forms import (
    CompanyFilterForm,
    CompanyForm,
    CompanyNotesForm,
    ContactFilterForm,
    ContactForm,
    EnrichmentForm,
    StageForm,
    SupplierTermsForm,
    TransactionFeeForm,
)
from .list_rows import (
    COMPANY_COLUMNS,
    COMPANY_ROW_FIELDS,
    CONTACT_COLUMNS,
    CONTACT_ROW_FIELDS,
    company_rows,
    contact_rows,
)
from .models import Contact, TransactionFee
from .pipeline_cards import board_columns

ENRICHMENT_MAX_POLLS = 20
ENRICHMENT_TOO_SLOW = "The website look-up is taking too long. Please fill the form by hand."
CONTACT_CSV_COLUMNS = [
    ("First name", "first_name"),
    ("Last name", "last_name"),
    ("Company", "company.name"),
    ("Job title", "job_title"),
    ("Department", "department"),
    ("Email", "email"),
    ("Phone", "phone"),
    ("Mobile", "mobile"),
    ("Primary contact", "is_primary"),
    ("Travel booker", "is_booker"),
    ("Traveller", "is_traveller"),
    ("VIP", "is_vip"),
    ("Notes", "notes"),
]
CSV_COLUMNS = [
    ("Name", "name"),
    ("Type", "get_company_type_display"),
    ("Client type", "get_client_type_display"),
    ("Stage", "get_stage_display"),
    ("Owner", "owner"),
    ("Industry", "get_industry_display"),
    ("Email", "email"),
    ("Phone", "phone"),
    ("Website", "website"),
    ("Street", "street"),
    ("City", "city"),
    ("Region", "region"),
    ("Postcode", "postcode"),
    ("Country", "country"),
    ("Expected annual spend", "expected_annual_spend"),
    ("Expected close date", "expected_close_date"),
    ("Created", "created_at"),
    ("Last activity", "last_activity_at"),
]


def _company(request, uuid):
    return get_for_agency_or_404(selectors.company_detail_queryset(), request, uuid=uuid)


@permission_required("view_crm")
@require_GET
def company_list(request):
    return _sorted_list(
        request,
        "crm/company_list.html",
        form=CompanyFilterForm(request.GET or None, agency=request.agency),
        listing=selectors.company_list,
        params=selectors.COMPANY_LIST_PARAMS,
        shape=selectors.COMPANY_LIST_SHAPE,
        fields=COMPANY_ROW_FIELDS,
        rows=company_rows,
        columns=COMPANY_COLUMNS,
    )


def _sorted_list(request, template: str, *, form, listing, params, shape, fields, rows, columns):
    """A filtered, sorted and paged list: the page of ``listing`` that ``form``'s filters select,
    read as ``fields`` and shown as ``rows``, under headers that sort it by ``columns``; the
    filters named in ``params`` are bound to its compiled page, those in ``shape`` shape it."""
    filters = form.filters()
    page = IdsFirstPaginator.page_for(
        listing(agency=request.agency, **filters),
        request.GET,
        fields=fields,
        shape=listing_shape(listing, agency=request.agency, params=params, shape=shape, **filters),
    )
    sort = filters.pop("sort", "name")
    context = {
        "form": form,
        "page": page,
        "rows": rows(page.object_list),
        "sort_headers": sort_headers(request.GET, sort, columns),
        "filtered": any(filters.values()),
    }
    return render(request, template, context)


@permission_required("view_crm")
@require_GET
def company_export(request):
    filters = CompanyFilterForm(request.GET or None, agency=request.agency).filters()
    return csv_download("companies", CSV_COLUMNS, selectors.company_list(agency=request.agency, **filters))


@permission_required("view_crm")
@require_GET
def contact_list(request):
    return _sorted_list(
        request,
        "crm/contact_list.html",
        form=ContactFilterForm(request.GET or None),
        listing=selectors.contact_list,
        params=selectors.CONTACT_LIST_PARAMS,
        shape=selectors.CONTACT_LIST_SHAPE,
        fields=CONTACT_ROW_FIELDS,
        rows=contact_rows,
        columns=CONTACT_COLUMNS,
    )


@permission_required("view_crm")
@require_GET
def contact_export(request):
    filters = ContactFilterForm(request.GET or None).filters()
    return csv_download("contacts", CONTACT_CSV_COLUMNS, selectors.contact_list(agency=request.agency, **filters))


@permission_required("edit_crm")
@require_http_methods(["GET", "POST"])
def company_create(request):
    form = CompanyForm(request.POST or None, agency=request.agency)
    if request.method == "POST" and form.is_valid():
        company = services.company_create(
            agency=request.agency, data=form.cleaned_data, linked_companies=form.cleaned_data["linked_companies"]
        )
        messages.success(request, f"{company.name} was added to the Vault.")
        return redirect(company)
    return render(request, "crm/company_form.html", {"form": form, "diffbot_enabled": diffbot_enabled()})


def _form_values(form):
    """What the user has typed so far, as initial values of a fresh (error-free) form."""
    return {name: form[name].data for name in form.fields}


def _enrichment_body(request, form_values, **context):
    form = CompanyForm(initial=form_values, agency=request.agency)
    return render(request, "crm/_company_form_body.html", {"form": form, "diffbot_enabled": True, **context})


@permission_required("edit_crm")
@require_POST
def company_enrich(request):
    if not diffbot_enabled():
        raise Http404("Website look-up is not available.")
    values = _form_values(CompanyForm(request.POST, agency=request.agency))
    lookup_form = EnrichmentForm(request.POST)
    if not lookup_form.is_valid():
        return _enrichment_body(request, values, enrichment_error="Enter the company's website address first.")
    lookup = services.company_enrichment_start(agency_id=request.agency.pk, website=lookup_form.cleaned_data["website"])
    return _enrichment_body(request, values, lookup=lookup)


def _attempt(request):
    try:
        return max(0, int(request.POST.get("attempt", 0)))
    except ValueError:
        return 0


@permission_required("edit_crm")
@require_POST
def company_enrich_result(request):
    if not diffbot_enabled():
        raise Http404("Website look-up is not available.")
    lookup = request.POST.get("lookup", "")
    state = selectors.company_enrichment_get(agency_id=request.agency.pk, lookup=lookup)
    if state is None:
        raise Http404("No such look-up.")
    values = _form_values(CompanyForm(request.POST, agency=request.agency))
    if state["status"] == "pending":
        attempt = _attempt(request) + 1
        if attempt >= ENRICHMENT_MAX_POLLS:
            return _enrichment_body(request, values, enrichment_error=ENRICHMENT_TOO_SLOW)
        return _enrichment_body(request, values, lookup=lookup, attempt=attempt)
    if state["status"] == "failed":
        return _enrichment_body(request, values, enrichment_error=state["message"])
    filled = [name for name in ENRICHED_FIELDS if state["fields"].get(name) and not values.get(name)]
    values.update({name: state["fields"][name] for name in filled})
    return _enrichment_body(request, values, enrichment_filled=[CompanyForm.base_fields[n].label for n in filled])


@permission_required("view_crm")
@require_GET
def company_detail(request, company):
    company = _company(request, company)
    linked = selectors.linked_company_list(company=company)
    return render(request, "crm/company_detail.html", {"company": company, "linked": linked, "tab": "details"})


@permission_required("view_crm")
@require_GET
def company_contacts(request, company):
    company = _company(request, company)
    contacts = selectors.contact_list_for_company(company=company)
    return render(request, "crm/company_contacts.html", {"company": company, "contacts": contacts, "tab": "contacts"})


@permission_required("view_crm")
@require_GET
def company_notes(request, company):
    company = _company(request, company)
    context = {
        "company": company,
        "notes": selectors.company_notes_get(company=company),
        "fees": selectors.fee_list_for_company(company=company),
        "key_contacts": selectors.key_contact_list_for_company(company=company),
        "tab": "notes",
    }
    return render(request, "crm/company_notes.html", context)


@permission_required("view_crm")
@require_GET
def company_supplier_terms(request, company):
    company = _company(request, company)
    if not company.is_supplier:
        raise Http404("Only supplier companies have supplier terms.")
    terms = selectors.supplier_terms_get(company=company)
    return render(request, "crm/company_supplier_terms.html", {"company": company, "terms": terms, "tab": "terms"})


@permission_required("edit_crm")
@require_http_methods(["GET", "POST"])
def company_edit(request, company):
    company = _company(request, company)
    form = CompanyForm(request.POST or None, instance=company, agency=request.agency)
    if request.method == "POST" and form.is_valid():
        services.company_update(
            company=company, data=form.cleaned_data, linked_companies=form.cleaned_data["linked_companies"]
        )
        messages.success(request, f"{company.name} was saved.")
        return redirect(company)
    return render(request, "crm/company_form.html", {"form": form, "company": company})


@permission_required("delete_crm")
@require_http_methods(["GET", "POST"])
def company_delete(request, company):
    company = _company(request, company)
    if request.method == "POST":
        name = company.name
        try:
            services.company_delete(company=company)
        except (ProtectedError, RestrictedError):
            messages.error(request, f"{name} still has records that must be kept, so it cannot be deleted.")
            return redirect(company)
        messages.success(request, f"{name} and everything filed under it were deleted.")
        return redirect("crm:company-list")
    context = {
        "company": company,
        "contact_count": selectors.contact_list_for_company(company=company).count(),
        "fee_count": selectors.fee_list_for_company(company=company).count(),
        "notes": selectors.company_notes_get(company=company),
        "terms": selectors.supplier_terms_get(company=company),
    }
    return render(request, "crm/company_confirm_delete.html", context)


@permission_required("view_crm")
@require_GET
def pipeline_board(request):
    editable = has_permission(request.user, "edit_crm")
    # Every card's stage form carries the page's token, rendered once for all of them.
    columns = board_columns(
        selectors.pipeline_board(agency=request.agency),
        currency=request.agency.currency,
        editable=editable,
        csrf_input=csrf_input(request),
    )
    return render(request, "crm/pipeline_board.html", {"columns": columns, "editable": editable})


@permission_required("edit_crm")
@require_POST
def company_move(request, company):
    company = _company(request, company)
    form = StageForm(request.POST)
    wants_json = "application/json" in request.headers.get("Accept", "")
    if not form.is_valid():
        if wants_json:
            return JsonResponse({"error": "Choose one of the pipeline stages."}, status=400)
        return HttpResponseBadRequest("Choose one of the pipeline stages.")
    services.company_move(company=company, stage=form.cleaned_data["stage"])
    if wants_json:
        return JsonResponse({"stage": company.stage, "label": company.get_stage_display()})
    messages.success(request, f"{company.name} moved to {company.get_stage_display()}.")
    return redirect("crm:pipeline-board")


@permission_required("edit_crm")
@require_http_methods(["GET", "POST"])
def contact_create(request, company):
    company = _company(request, company)
    form = ContactForm(request.POST or None, company=company)
    if request.method == "POST" and form.is_valid():
        contact = services.contact_create(company=company, data=form.cleaned_data)
        messages.success(request, f"{contact.full_name} was added to {company.name}.")
        return redirect("crm:company-contacts", company=company.uuid)
    return render(request, "crm/contact_form.html", {"form": form, "company": company})


def _contact(request, uuid):
    return get_for_agency_or_404(Contact.objects.select_related("company"), request, uuid=uuid)


@permission_required("edit_crm")
@require_http_methods(["GET", "POST"])
def contact_edit(request, contact):
    contact = _contact(request, contact)
    form = ContactForm(request.POST or None, instance=contact, company=contact.company)
    if request.method == "POST" and form.is_valid():
        services.contact_update(contact=contact, data=form.cleaned_data)
        messages.success(request, f"{contact.full_name} was saved.")
        return redirect("crm:company-contacts", company=contact.company.uuid)
    return render(request, "crm/contact_form.html", {"form": form, "company": contact.company, "contact": contact})


@permission_required("delete_crm")
@require_POST
def contact_delete(request, contact):
    contact = _contact(request, contact)
    services.contact_delete(contact=contact)
    messages.success(request, f"{contact.full_name} was deleted.")
    return redirect("crm:company-contacts", company=contact.company.uuid)


@permission_required("edit_crm")
@require_http_methods(["GET", "POST"])
def company_notes_edit(request, company):
    company = _company(request, company)
    notes = selectors.company_notes_get(company=company)
    form = CompanyNotesForm(request.POST or None, instance=notes, company=company)
    if request.method == "POST" and form.is_valid():
        services.company_notes_save(company=company, data=form.cleaned_data)
        messages.success(request, f"Client notes of {company.name} were saved.")
        return redirect("crm:company-notes", company=company.uuid)
    return render(request, "crm/company_notes_form.html", {"form": form, "company": company, "notes": notes})


@permission_required("edit_crm")
@require_POST
def company_notes_clear(request, company):
    company = _company(request, company)
    services.company_notes_clear(company=company)
    messages.success(request, f"Client notes of {company.name} were cleared.")
    return redirect("crm:company-notes", company=company.uuid)


@permission_required("edit_crm")
@require_http_methods(["GET", "POST"])
def fee_create(request, company):
    company = _company(request, company)
    form = TransactionFeeForm(request.POST or None, company=company)
    if request.method == "POST" and form.is_valid():
        fee = services.fee_create(company=company, data=form.cleaned_data)
        messages.success(request, f"The {fee.service_name} fee was added.")
        return redirect("crm:company-notes", company=company.uuid)
    return render(request, "crm/fee_form.html", {"form": form, "company": company})


def _fee(request, uuid):
    return get_for_agency_or_404(TransactionFee.objects.select_related("company"), request, uuid=uuid)


@permission_required("edit_crm")
@require_http_methods(["GET", "POST"])
def fee_edit(request, fee):
    fee = _fee(request, fee)
    form = TransactionFeeForm(request.POST or None, instance=fee, company=fee.company)
    if request.method == "POST" and form.is_valid():
        services.fee_update(fee=fee, data=form.cleaned_data)
        messages.success(request, f"The {fee.service_name} fee was saved.")
        return redirect("crm:company-notes", company=fee.company.uuid)
    return render(request, "crm/fee_form.html", {"form": form, "company": fee.company, "fee": fee})


@permission_required("edit_crm")
@require_POST
def fee_delete(request, fee):
    fee = _fee(request, fee)
    services.fee_delete(fee=fee)
    messages.success(request, f"The {fee.service_name} fee was deleted.")
    return redirect("crm:company-notes", company=fee.company.uuid)


@permission_required("edit_crm")
@require_http_methods(["GET", "POST"])
def supplier_terms_edit(request, company):
    company = _company(request, company)
    if not company.is_supplier:
        raise Http404("Only supplier companies have supplier terms.")
    terms = selectors.supplier_terms_get(company=company)
    form = SupplierTermsForm(request.POST or None, instance=terms, company=company)
    if request.method == "POST" and form.is_valid():
        services.supplier_terms_save(company=company, data=form.cleaned_data)
        messages.success(request, f"Supplier terms of {company.name} were saved.")
        return redirect("crm:company-supplier-terms", company=company.uuid)
    return render(request, "crm/supplier_terms_form.html", {"form": form, "company": company})
