"""Writes of the supplier directory. PDFs reach storage only here, after the forms validated them:
a failed write deletes what it stored, and files replaced or removed are deleted once the
transaction commits."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.text import get_valid_filename

from agency.models import Agency

from .models import BookingProcess, Supplier, normalise_name


@dataclass(frozen=True)
class SupplierData:
    supplier_type: str
    name: str
    agent_websites: list[str] = field(default_factory=list)
    phone_numbers: list[str] = field(default_factory=list)
    group_email: str = ""
    general_email: str = ""
    account_manager_name: str = ""
    account_manager_phone: str = ""
    account_manager_email: str = ""
    notes: str = ""


@dataclass(frozen=True)
class ProcessData:
    """One booking process as submitted: ``process`` is the row it updates (None for a new one);
    ``pdf`` a new, already validated upload; ``remove_pdf`` drops the current PDF."""

    title: str
    body: str = ""
    process: BookingProcess | None = None
    pdf: File | None = None
    remove_pdf: bool = False


class _FileLedger:
    """Files stored during a write (deleted if it fails) and files it makes obsolete (deleted on commit)."""

    def __init__(self):
        self.stored: list[str] = []
        self.obsolete: list[str] = []

    def store(self, process: BookingProcess, upload: File) -> None:
        process.pdf.save(upload.name or "process.pdf", upload, save=False)
        process.pdf_name = get_valid_filename(upload.name or "process.pdf")[-150:]
        self.stored.append(process.pdf.name)

    def discard(self, name: str) -> None:
        if name:
            self.obsolete.append(name)

    def delete_stored(self) -> None:
        _delete_files(self.stored)

    def delete_obsolete_on_commit(self) -> None:
        names = list(self.obsolete)
        if names:
            transaction.on_commit(lambda: _delete_files(names))


def _delete_files(names: Sequence[str]) -> None:
    for name in names:
        default_storage.delete(name)


def _apply_supplier_data(supplier: Supplier, data: SupplierData) -> None:
    for name, value in vars(data).items():
        setattr(supplier, name, value)
    supplier.name_key = normalise_name(data.name)
    supplier.full_clean(exclude=["agency"])
    supplier.save()


def _write_processes(
    *, supplier: Supplier, processes: Sequence[ProcessData], removed: Sequence[BookingProcess], ledger: _FileLedger
) -> None:
    for process in removed:
        ledger.discard(process.pdf.name)
        process.delete()
    for position, item in enumerate(processes):
        process = item.process or BookingProcess(agency=supplier.agency, supplier=supplier)
        if process.supplier_id != supplier.pk:
            raise ValueError("A booking process can only be written through its own supplier.")
        process.title = item.title
        process.body = item.body
        process.order = position
        if item.pdf is not None or item.remove_pdf:
            ledger.discard(process.pdf.name)
            process.pdf = ""
            process.pdf_name = ""
        if item.pdf is not None:
            ledger.store(process, item.pdf)
        process.full_clean(exclude=["agency", "supplier"])
        process.save()


def _write(
    *, supplier: Supplier, data: SupplierData, processes: Sequence[ProcessData], removed: Sequence[BookingProcess]
) -> Supplier:
    ledger = _FileLedger()
    try:
        with transaction.atomic():
            _apply_supplier_data(supplier, data)
            _write_processes(supplier=supplier, processes=processes, removed=removed, ledger=ledger)
            ledger.delete_obsolete_on_commit()
    except Exception:
        ledger.delete_stored()
        raise
    return supplier


def supplier_create(*, agency: Agency, data: SupplierData, processes: Sequence[ProcessData] = ()) -> Supplier:
    """A new directory entry with its booking processes, in the given order."""
    return _write(supplier=Supplier(agency=agency), data=data, processes=processes, removed=())


def supplier_update(
    *,
    supplier: Supplier,
    data: SupplierData,
    processes: Sequence[ProcessData] = (),
    removed: Sequence[BookingProcess] = (),
) -> Supplier:
    """Rewrite an entry: ``processes`` are kept and added in this order, ``removed`` are deleted."""
    return _write(supplier=supplier, data=data, processes=processes, removed=removed)


@transaction.atomic
def supplier_delete(*, supplier: Supplier) -> None:
    """Delete the entry, its booking processes and, once committed, their PDFs."""
    names = [name for name in supplier.processes.values_list("pdf", flat=True) if name]
    supplier.delete()
    transaction.on_commit(lambda: _delete_files(names))
