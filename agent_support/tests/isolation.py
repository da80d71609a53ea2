"""Agent Support routes for the tenant-isolation test: each builds an object of ``agency``."""

from agent_support.tests.factories import BookingProcessFactory, SupplierFactory


def _process_with_pdf(agency):
    process = BookingProcessFactory(supplier=SupplierFactory(agency=agency), with_pdf=True)
    return {"uuid": process.uuid}


ROUTES = {
    "agent_support:supplier-details": lambda agency: {"uuid": SupplierFactory(agency=agency).uuid},
    "agent_support:supplier-update": lambda agency: {"uuid": SupplierFactory(agency=agency).uuid},
    "agent_support:supplier-delete": lambda agency: {"uuid": SupplierFactory(agency=agency).uuid},
    "agent_support:process-pdf": _process_with_pdf,
}
