from django.db.models import Count, Prefetch, QuerySet, Window

from agency.models import Agency

from .models import BookingProcess, Supplier, normalise_name


def supplier_list(*, agency: Agency, search: str = "", supplier_type: str = "") -> QuerySet[Supplier]:
    """The agency's directory, by name, with each entry's booking processes in order.

    ``search`` matches the name ignoring case, accents and punctuation ("easy-jet" finds "EasyJet")."""
    suppliers = Supplier.objects.for_agency(agency).prefetch_related(
        Prefetch("processes", queryset=BookingProcess.objects.for_agency(agency).order_by("order", "id"))
    )
    key = normalise_name(search)
    if key:
        suppliers = suppliers.filter(name_key__contains=key)
    if supplier_type:
        suppliers = suppliers.filter(supplier_type=supplier_type)
    return suppliers.order_by("name_key", "id")


def supplier_processes(*, supplier: Supplier) -> QuerySet[BookingProcess]:
    return BookingProcess.objects.for_agency(supplier.agency_id).filter(supplier=supplier).order_by("order", "id")


def supplier_search(*, agency: Agency, query: str) -> QuerySet[Supplier]:
    """Directory entries of ``agency`` whose name matches ``query`` as the directory's search does, by
    name, each annotated with ``match_count``, the number of matches."""
    key = normalise_name(query)
    if not key:
        return Supplier.objects.none()
    return (
        Supplier.objects.for_agency(agency)
        .filter(name_key__contains=key)
        .annotate(match_count=Window(Count("pk")))
        .order_by("name_key", "id")
    )
