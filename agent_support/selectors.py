from django.db.models import Count, OuterRef, QuerySet, Subquery, Window
from django.db.models.functions import Coalesce

from agency.models import Agency

from .models import BookingProcess, Supplier, normalise_name


def supplier_list(*, agency: Agency, search: str = "", supplier_type: str = "") -> QuerySet[Supplier]:
    """The agency's directory, by name, each entry annotated with ``process_count``, the number of
    its booking processes (the processes themselves are read one entry at a time, by
    ``supplier_processes``).

    ``search`` matches the name ignoring case, accents and punctuation ("easy-jet" finds "EasyJet")."""
    process_count = (
        BookingProcess.objects.for_agency(agency)
        .filter(supplier=OuterRef("pk"))
        .order_by()
        .values("supplier")
        .annotate(count=Count("pk"))
        .values("count")
    )
    suppliers = Supplier.objects.for_agency(agency).annotate(process_count=Coalesce(Subquery(process_count), 0))
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
