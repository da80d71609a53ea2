"""The supplier directory's entries: what each header shows, worked out once per page and filled
into the entry template, rendered once per page."""

from django.utils.safestring import SafeString

from travault.display import HtmlList, row_template_variants, urls_for

from .models import SupplierType

ENTRY_TEMPLATE = "agent_support/_directory_entry.html"
ENTRY_VALUES = ("dom_id", "name", "type_label", "processes_label", "details_url", "body")
_TYPE_LABELS = dict(SupplierType.choices)


def supplier_rows(suppliers, *, open_body: SafeString | None = None) -> HtmlList:
    """Entries for ``suppliers``, each annotated with ``process_count`` (``selectors.supplier_list``):
    collapsed, or, given the only supplier's ``open_body``, open with it."""
    details_url = urls_for("agent_support:supplier-details", "uuid")
    entry = row_template_variants(ENTRY_TEMPLATE, ENTRY_VALUES)(open=open_body is not None)
    rows = HtmlList()
    for supplier in suppliers:
        count = supplier.process_count
        rows.append(
            entry(
                dom_id=f"supplier-{supplier.uuid}",
                name=supplier.name,
                type_label=_TYPE_LABELS.get(supplier.supplier_type, supplier.supplier_type),
                processes_label=f"{count} booking process{'' if count == 1 else 'es'}",
                details_url=details_url(supplier.uuid),
                body=open_body or "",
            )
        )
    return rows
