from django.contrib import messages
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import content_disposition_header, urlencode
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from storages.backends.s3 import S3Storage

from travault.htmx import is_htmx
from travault.permissions import permission_required
from travault.tenancy import get_for_agency_or_404

from . import selectors, services
from .forms import BookingProcessFormSet, SupplierForm
from .list_rows import supplier_rows
from .models import BookingProcess, Supplier, SupplierType

PAGE_SIZE = 50
DETAILS_TEMPLATE = "agent_support/_supplier_details.html"


@require_GET
@permission_required("view_suppliers")
def supplier_list(request):
    search = request.GET.get("q", "").strip()[:100]
    supplier_type = request.GET.get("type", "")
    if supplier_type not in SupplierType.values:
        supplier_type = ""
    suppliers = selectors.supplier_list(agency=request.agency, search=search, supplier_type=supplier_type)
    page = Paginator(suppliers, PAGE_SIZE).get_page(request.GET.get("page"))
    # Entries are listed collapsed, each loading its details when first opened; the only match of
    # a search (as the global search links here) is shown open with its details.
    suppliers = list(page.object_list)
    open_body = _details_html(request, suppliers[0]) if page.paginator.count == 1 else None
    return render(
        request,
        "agent_support/supplier_list.html",
        {
            "page": page,
            "rows": supplier_rows(suppliers, open_body=open_body),
            "search": search,
            "supplier_type": supplier_type,
            "types": SupplierType.choices,
        },
    )


def _details_context(supplier) -> dict:
    return {"supplier": supplier, "processes": selectors.supplier_processes(supplier=supplier)}


def _details_html(request, supplier) -> SafeString:
    return SafeString(render_to_string(DETAILS_TEMPLATE, _details_context(supplier), request=request))


@require_GET
@permission_required("view_suppliers")
def supplier_details(request, uuid):
    """One entry's contacts and booking processes: the body of its directory item when htmx asks
    (on its first opening), a page of its own otherwise."""
    supplier = get_for_agency_or_404(Supplier, request, uuid=uuid)
    template = DETAILS_TEMPLATE if is_htmx(request) else "agent_support/supplier_detail.html"
    response = render(request, template, _details_context(supplier))
    patch_vary_headers(response, ["HX-Request"])
    return response


def _supplier_form_page(request, *, supplier):
    """Add (``supplier`` unsaved) or edit an entry with its booking processes in one form."""
    form = SupplierForm(request.POST or None, instance=supplier)
    formset = BookingProcessFormSet(
        request.POST or None,
        request.FILES or None,
        instance=supplier,
        queryset=selectors.supplier_processes(supplier=supplier) if supplier.pk else BookingProcess.objects.none(),
        prefix="processes",
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        processes, removed = formset.submitted()
        if supplier.pk:
            services.supplier_update(supplier=supplier, data=form.to_data(), processes=processes, removed=removed)
            messages.success(request, f"{supplier.name} was updated.")
        else:
            supplier = services.supplier_create(agency=request.agency, data=form.to_data(), processes=processes)
            messages.success(request, f"{supplier.name} was added to the directory.")
        return redirect(f"{reverse('agent_support:supplier-list')}?{urlencode({'q': supplier.name})}")
    return render(request, "agent_support/supplier_form.html", {"form": form, "formset": formset, "supplier": supplier})


@require_http_methods(["GET", "POST"])
@permission_required("edit_suppliers")
def supplier_create(request):
    return _supplier_form_page(request, supplier=Supplier(agency=request.agency))


@require_http_methods(["GET", "POST"])
@permission_required("edit_suppliers")
def supplier_update(request, uuid):
    supplier = get_for_agency_or_404(Supplier.objects.select_related("agency"), request, uuid=uuid)
    return _supplier_form_page(request, supplier=supplier)


@require_POST
@permission_required("delete_suppliers")
def supplier_delete(request, uuid):
    supplier = get_for_agency_or_404(Supplier, request, uuid=uuid)
    services.supplier_delete(supplier=supplier)
    messages.success(request, f"{supplier.name} was deleted.")
    return redirect("agent_support:supplier-list")


@require_GET
@permission_required("view_suppliers")
def process_pdf(request, uuid):
    """The process's PDF, to the agency's users only: streamed from local storage, or a redirect to
    a short-lived signed URL of the private bucket."""
    process = get_for_agency_or_404(BookingProcess, request, uuid=uuid)
    if not process.pdf:
        raise Http404("This booking process has no PDF.")
    filename = process.pdf_name or "booking-process.pdf"
    if isinstance(default_storage, S3Storage):
        disposition = content_disposition_header(as_attachment=True, filename=filename)
        return HttpResponseRedirect(
            default_storage.url(
                process.pdf.name,
                parameters={"ResponseContentDisposition": disposition, "ResponseContentType": "application/pdf"},
            )
        )
    try:
        stored = default_storage.open(process.pdf.name)
    except FileNotFoundError as exc:
        raise Http404("The PDF of this booking process is missing.") from exc
    return FileResponse(stored, as_attachment=True, filename=filename, content_type="application/pdf")
