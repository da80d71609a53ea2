"""CSV import of companies and contacts: upload, map the columns, read the report, run, follow progress."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from travault.permissions import permission_required
from travault.tenancy import get_for_agency_or_404

from . import selectors, services
from .forms import CsvMappingForm, CsvUploadForm
from .models import CsvImport

PAGE_SIZE = 25
IMPORT_PREVIEW_ROWS = 5
IMPORT_ERRORS_SHOWN = 200


def _csv_import(request, uuid, *, with_rows=False):
    queryset = CsvImport.objects.select_related("uploaded_by")
    return get_for_agency_or_404(queryset if with_rows else queryset.defer("rows"), request, uuid=uuid)


@permission_required("edit_crm")
@require_GET
def import_list(request):
    page = Paginator(selectors.csv_import_list(agency=request.agency), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "crm/import_list.html", {"page": page})


@permission_required("edit_crm")
@require_http_methods(["GET", "POST"])
def import_upload(request, kind):
    form = CsvUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        csv_import = services.csv_import_create(
            agency=request.agency,
            user=request.user,
            kind=kind,
            file_name=request.FILES["file"].name,
            parsed=form.cleaned_data["file"],
        )
        return redirect("crm:import-mapping", csv_import=csv_import.uuid)
    context = {"form": form, "kind": kind, "kind_label": CsvImport.Kind(kind).label.lower()}
    return render(request, "crm/import_upload.html", context)


@permission_required("edit_crm")
@require_http_methods(["GET", "POST"])
def import_mapping(request, csv_import):
    csv_import = _csv_import(request, csv_import, with_rows=True)
    if csv_import.status not in {CsvImport.Status.PENDING, CsvImport.Status.VALIDATED}:
        return redirect(csv_import)
    form = CsvMappingForm(request.POST or None, csv_import=csv_import)
    if request.method == "POST" and form.is_valid():
        services.csv_import_check_start(
            csv_import=csv_import, mapping=form.cleaned_data["mapping"], on_duplicate=form.cleaned_data["on_duplicate"]
        )
        return redirect(csv_import)
    preview = csv_import.rows[:IMPORT_PREVIEW_ROWS]
    columns = [(field, [row[index] for row in preview]) for index, field in enumerate(form.column_fields)]
    return render(request, "crm/import_mapping.html", {"csv_import": csv_import, "form": form, "columns": columns})


@permission_required("edit_crm")
@require_GET
def import_detail(request, csv_import):
    csv_import = _csv_import(request, csv_import)
    if csv_import.status == CsvImport.Status.PENDING:
        return redirect("crm:import-mapping", csv_import=csv_import.uuid)
    errors = csv_import.report.get("errors", [])
    duplicates = csv_import.report.get("duplicates", [])
    context = {
        "csv_import": csv_import,
        "errors": errors[:IMPORT_ERRORS_SHOWN],
        "hidden_errors": max(0, len(errors) - IMPORT_ERRORS_SHOWN),
        "duplicates": duplicates[:IMPORT_ERRORS_SHOWN],
        "duplicate_count": len(duplicates),
        "progress": selectors.csv_import_progress(csv_import=csv_import),
    }
    return render(request, "crm/import_detail.html", context)


@permission_required("edit_crm")
@require_POST
def import_run(request, csv_import):
    csv_import = _csv_import(request, csv_import)
    if not services.csv_import_start(csv_import=csv_import):
        messages.error(request, "This import cannot be started: check the file first, and fix any errors.")
    return redirect(csv_import)


@permission_required("edit_crm")
@require_GET
def import_status(request, csv_import):
    csv_import = _csv_import(request, csv_import)
    context = {"csv_import": csv_import, "progress": selectors.csv_import_progress(csv_import=csv_import)}
    response = render(request, "crm/_import_progress.html", context)
    if not csv_import.is_working:
        # The check or the import has finished: reload the page to show its report.
        response["HX-Refresh"] = "true"
    return response
