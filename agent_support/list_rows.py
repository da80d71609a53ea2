"""The supplier directory's rows: what each entry's header shows, worked out once per page so that
the template only prints it."""

from dataclasses import dataclass

from travault.display import urls_for

from .models import Supplier, SupplierType

_TYPE_LABELS = dict(SupplierType.choices)


@dataclass(frozen=True)
class SupplierRow:
    supplier: Supplier
    name: str
    dom_id: str
    details_url: str
    type_label: str
    processes_label: str


def supplier_rows(suppliers) -> list[SupplierRow]:
    """Rows for ``suppliers``, each annotated with ``process_count`` (``selectors.supplier_list``)."""
    details_url = urls_for("agent_support:supplier-details", "uuid")
    rows = []
    for supplier in suppliers:
        count = supplier.process_count
        rows.append(
            SupplierRow(
                supplier=supplier,
                name=supplier.name,
                dom_id=f"supplier-{supplier.uuid}",
                details_url=details_url(supplier.uuid),
                type_label=_TYPE_LABELS.get(supplier.supplier_type, supplier.supplier_type),
                processes_label=f"{count} booking process{'' if count == 1 else 'es'}",
            )
        )
    return rows
