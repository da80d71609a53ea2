"""Writes of the Vault. Every function is keyword-only and atomic; callers pass validated data."""

import logging
import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import csv_import as csv_rules
from .models import Company, CompanyNotes, Contact, CsvImport, SupplierTerms, TransactionFee
from .selectors import csv_import_existing, csv_import_progress_key, enrichment_cache_key

COMPANY_FIELDS = (
    "name",
    "company_type",
    "client_type",
    "stage",
    "owner",
    "industry",
    "street",
    "city",
    "region",
    "postcode",
    "country",
    "phone",
    "email",
    "website",
    "linkedin",
    "description",
    "ops_team",
    "expected_annual_spend",
    "expected_close_date",
)
CONTACT_FIELDS = (
    "first_name",
    "last_name",
    "job_title",
    "department",
    "email",
    "phone",
    "mobile",
    "is_primary",
    "is_booker",
    "is_traveller",
    "is_vip",
    "notes",
)
NOTES_FIELDS = (
    "account_number",
    "fop_limit",
    "invoice_references",
    "corporate_hotel_rates",
    "corporate_airline_fares",
    "memberships",
    "travel_policy",
    "flight_notes",
    "accommodation_notes",
    "car_hire_notes",
    "transfer_notes",
    "rail_notes",
    "other_notes",
)
FEE_FIELDS = ("service", "label", "online_fee", "offline_fee")
TERMS_FIELDS = (
    "payment_terms_days",
    "payment_frequency",
    "credit_line",
    "form_of_payment",
    "contract_start",
    "contract_end",
)

ENRICHMENT_TTL = 600
logger = logging.getLogger(__name__)

IMPORT_BATCH = 500
IMPORT_PROGRESS_TTL = 3600
# What an import that is being worked on goes back to when its task cannot be queued.
WAITING_STATUS = {
    CsvImport.Status.CHECKING: CsvImport.Status.PENDING,
    CsvImport.Status.RUNNING: CsvImport.Status.VALIDATED,
}
IMPORT_EXPIRED = "This upload was never imported and has expired. Please upload the file again."
# Cells whose value is a primary key found while checking the file.
IMPORT_KEYS = {"owner": "owner_id", "company": "company_id"}


def _assign(instance, fields: Iterable[str], data: Mapping[str, Any]) -> None:
    for name in fields:
        if name in data:
            setattr(instance, name, data[name])


def _check_same_agency(agency_id: int, objects: Iterable) -> None:
    for obj in objects:
        if obj is not None and getattr(obj, "agency_id", None) != agency_id:
            raise ValueError("An object of another agency cannot be attached.")


def _set_links(company: Company, linked_companies: Iterable[Company]) -> None:
    linked = [other for other in linked_companies if other.pk != company.pk]
    _check_same_agency(company.agency_id, linked)
    company.linked_companies.set(linked, through_defaults={"agency_id": company.agency_id})


@transaction.atomic
def company_create(*, agency, data: Mapping[str, Any], linked_companies: Iterable[Company] = ()) -> Company:
    company = Company(agency=agency, last_activity_at=timezone.now())
    _assign(company, COMPANY_FIELDS, data)
    _check_same_agency(agency.pk, [company.owner])
    company.full_clean()
    company.save()
    _set_links(company, linked_companies)
    return company


@transaction.atomic
def company_update(*, company: Company, data: Mapping[str, Any], linked_companies: Iterable[Company] = ()) -> Company:
    _assign(company, COMPANY_FIELDS, data)
    _check_same_agency(company.agency_id, [company.owner])
    company.full_clean()
    company.save()
    _set_links(company, linked_companies)
    return company


@transaction.atomic
def company_delete(*, company: Company) -> None:
    company.delete()


@transaction.atomic
def company_move(*, company: Company, stage: str) -> Company:
    """Put ``company`` in pipeline ``stage`` (a value of ``Stage``)."""
    company.stage = stage
    company.full_clean(validate_unique=False, validate_constraints=False)
    company.save(update_fields=["stage", "updated_at"])
    return company


@transaction.atomic
def company_record_activity(*, company: Company, at: datetime) -> None:
    """Move the company's last-activity time forward to ``at`` (never backwards)."""
    Company.objects.filter(pk=company.pk, agency_id=company.agency_id).filter(
        Q(last_activity_at__isnull=True) | Q(last_activity_at__lt=at)
    ).update(last_activity_at=at)


@transaction.atomic
def contact_create(*, company: Company, data: Mapping[str, Any]) -> Contact:
    contact = Contact(agency_id=company.agency_id, company=company)
    _assign(contact, CONTACT_FIELDS, data)
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, data: Mapping[str, Any]) -> Contact:
    _assign(contact, CONTACT_FIELDS, data)
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def contact_delete(*, contact: Contact) -> None:
    contact.delete()


@transaction.atomic
def company_notes_save(*, company: Company, data: Mapping[str, Any]) -> CompanyNotes:
    """Create or replace the client notes of ``company``."""
    notes = CompanyNotes.objects.filter(agency_id=company.agency_id, company=company).first() or CompanyNotes(
        agency_id=company.agency_id, company=company
    )
    _assign(notes, NOTES_FIELDS, data)
    notes.full_clean()
    notes.save()
    return notes


@transaction.atomic
def company_notes_clear(*, company: Company) -> None:
    CompanyNotes.objects.filter(agency_id=company.agency_id, company=company).delete()


@transaction.atomic
def fee_create(*, company: Company, data: Mapping[str, Any]) -> TransactionFee:
    fee = TransactionFee(agency_id=company.agency_id, company=company)
    _assign(fee, FEE_FIELDS, data)
    fee.full_clean()
    fee.save()
    return fee


@transaction.atomic
def fee_update(*, fee: TransactionFee, data: Mapping[str, Any]) -> TransactionFee:
    _assign(fee, FEE_FIELDS, data)
    fee.full_clean()
    fee.save()
    return fee


@transaction.atomic
def fee_delete(*, fee: TransactionFee) -> None:
    fee.delete()


@transaction.atomic
def supplier_terms_save(*, company: Company, data: Mapping[str, Any]) -> SupplierTerms:
    """Create or replace the contract terms of the supplier ``company``."""
    terms = SupplierTerms.objects.filter(agency_id=company.agency_id, company=company).first() or SupplierTerms(
        agency_id=company.agency_id, company=company
    )
    _assign(terms, TERMS_FIELDS, data)
    terms.full_clean()
    terms.save()
    return terms


def company_enrichment_start(*, agency_id: int, website: str) -> str:
    """Queue a Diffbot look-up of ``website`` for ``agency_id``; answer the id to poll its result with."""
    from .tasks import company_enrichment_fetch

    lookup = uuid.uuid4().hex
    cache.set(enrichment_cache_key(agency_id=agency_id, lookup=lookup), {"status": "pending"}, ENRICHMENT_TTL)
    transaction.on_commit(lambda: company_enrichment_fetch.delay(agency_id=agency_id, lookup=lookup, website=website))
    return lookup


# CSV import ---------------------------------------------------------------------------------------


@transaction.atomic
def csv_import_create(*, agency, user, kind: str, file_name: str, parsed: csv_rules.ParsedCsv) -> CsvImport:
    """Keep the rows of an uploaded file, with a first guess of its column mapping."""
    return CsvImport.objects.create(
        agency=agency,
        uploaded_by=user,
        kind=kind,
        file_name=file_name[:255],
        encoding=parsed.encoding,
        headers=parsed.headers,
        rows=parsed.rows,
        mapping=csv_rules.guess_mapping(kind, parsed.headers),
        total_rows=len(parsed.rows),
    )


def _queue(csv_import: CsvImport) -> None:
    """Queue the task that works on ``csv_import`` once the current transaction commits."""
    cache.delete(csv_import_progress_key(agency_id=csv_import.agency_id, import_id=csv_import.pk))
    agency_id, import_id = csv_import.agency_id, csv_import.pk
    transaction.on_commit(lambda: _csv_import_enqueue(agency_id=agency_id, import_id=import_id))


def csv_import_check_start(*, csv_import: CsvImport, mapping: list[str], on_duplicate: str) -> bool:
    """Keep the mapping and queue the check of every row; False if the import is past checking."""
    with transaction.atomic():
        started = (
            CsvImport.objects.filter(
                pk=csv_import.pk,
                agency_id=csv_import.agency_id,
                status__in=[CsvImport.Status.PENDING, CsvImport.Status.VALIDATED],
            ).update(
                mapping=mapping,
                on_duplicate=on_duplicate,
                report={},
                status=CsvImport.Status.CHECKING,
                started_at=timezone.now(),
            )
            == 1
        )
        if started:
            _queue(csv_import)
    return started


def csv_import_start(*, csv_import: CsvImport) -> bool:
    """Queue the import of a checked, error-free file; False if it was not ready or already started."""
    if csv_import.report.get("error_rows"):
        return False
    with transaction.atomic():
        started = (
            CsvImport.objects.filter(
                pk=csv_import.pk, agency_id=csv_import.agency_id, status=CsvImport.Status.VALIDATED
            ).update(status=CsvImport.Status.RUNNING, started_at=timezone.now())
            == 1
        )
        if started:
            _queue(csv_import)
    return started


def _csv_import_enqueue(*, agency_id: int, import_id: int) -> None:
    """Queue the task; if the broker cannot take it, the import goes back to where it was so that the
    user can try again (a request never fails on the broker)."""
    from .tasks import csv_import_task

    try:
        csv_import_task.delay(agency_id=agency_id, import_id=import_id)
    except Exception:
        logger.warning("Could not enqueue CSV import %s; it can be started again.", import_id, exc_info=True)
        for working, before in WAITING_STATUS.items():
            CsvImport.objects.filter(agency_id=agency_id, pk=import_id, status=working).update(status=before)


def _set_progress(csv_import: CsvImport, done: int) -> None:
    key = csv_import_progress_key(agency_id=csv_import.agency_id, import_id=csv_import.pk)
    cache.set(key, min(99, done * 100 // max(csv_import.total_rows, 1)), IMPORT_PROGRESS_TTL)


def _row_values(values: Mapping[str, Any]) -> dict[str, Any]:
    return {IMPORT_KEYS.get(name, name): value for name, value in values.items()}


class RowRejected(Exception):
    def __init__(self, row: int, messages: list[str]):
        super().__init__(row, messages)
        self.row = row
        self.message = " ".join(messages)


def _import_rows(csv_import: CsvImport, valid_rows: list[dict]) -> tuple[int, int, int]:
    """Write the checked rows; (created, updated, skipped). Raises RowRejected on a row the model refuses."""
    model = csv_rules.MODELS[csv_import.kind]
    update = csv_import.on_duplicate == CsvImport.OnDuplicate.UPDATE
    matched = model.objects.for_agency(csv_import.agency_id).in_bulk(
        [row["match"] for row in valid_rows if row["match"]] if update else []
    )
    created, updated, skipped, batch = 0, 0, 0, []
    now = timezone.now()
    for done, row in enumerate(valid_rows, start=1):
        if row["match"] and not update:
            skipped += 1
        else:
            if row["match"]:
                instance = matched[row["match"]]
            else:
                instance = model(agency_id=csv_import.agency_id)
                if model is Company:
                    instance.last_activity_at = now
            for name, value in _row_values(row["values"]).items():
                setattr(instance, name, value)
            try:
                instance.full_clean(exclude=["agency", "owner", "company"], validate_unique=False)
            except ValidationError as exc:
                raise RowRejected(row["row"], exc.messages) from None
            if row["match"]:
                instance.save()
                updated += 1
            else:
                batch.append(instance)
                created += 1
        if len(batch) >= IMPORT_BATCH:
            model.objects.bulk_create(batch)
            batch = []
        if done % IMPORT_BATCH == 0:
            _set_progress(csv_import, done)
    model.objects.bulk_create(batch)
    return created, updated, skipped


def _check(csv_import: CsvImport, *, progress: bool) -> csv_rules.Report:
    existing = csv_import_existing(agency=csv_import.agency_id, kind=csv_import.kind)
    return csv_rules.validate_rows(
        csv_import.kind,
        csv_import.headers,
        csv_import.rows,
        csv_import.mapping,
        existing,
        on_progress=(lambda done: _set_progress(csv_import, done)) if progress else None,
    )


def _locked(*, agency_id: int, import_id: int, status: str) -> CsvImport | None:
    return CsvImport.objects.select_for_update().filter(agency_id=agency_id, pk=import_id, status=status).first()


def csv_import_check(*, agency_id: int, import_id: int) -> CsvImport | None:
    """Check every row of an import being checked against its mapping and the Vault; keep the report.
    Writes nothing else. None if the import is not being checked (already done by another delivery)."""
    with transaction.atomic():
        csv_import = _locked(agency_id=agency_id, import_id=import_id, status=CsvImport.Status.CHECKING)
        if csv_import is None:
            return None
        csv_import.report = _check(csv_import, progress=True).as_json()
        csv_import.status = CsvImport.Status.VALIDATED
        csv_import.save(update_fields=["report", "status"])
    return csv_import


def csv_import_run(*, agency_id: int, import_id: int) -> CsvImport | None:
    """Import every row of a started import in one transaction: all of them or none.

    The import row is locked and must still be running, so a second delivery of the task waits,
    then finds it finished and does nothing. The rows are checked again against the Vault as it is
    now; any error and nothing is written. Either way the file's rows are not kept: the report and
    the counts say what became of them."""
    with transaction.atomic():
        csv_import = _locked(agency_id=agency_id, import_id=import_id, status=CsvImport.Status.RUNNING)
        if csv_import is None:
            return None
        report = _check(csv_import, progress=False)
        csv_import.report = report.as_json()
        if report.errors:
            csv_import.status = CsvImport.Status.FAILED
        else:
            try:
                with transaction.atomic():
                    counts = _import_rows(csv_import, report.valid_rows)
            except RowRejected as exc:
                csv_import.status = CsvImport.Status.FAILED
                csv_import.report["errors"] = [{"row": exc.row, "column": "", "message": exc.message}]
                csv_import.report["error_rows"] = 1
            else:
                csv_import.created_count, csv_import.updated_count, csv_import.skipped_count = counts
                csv_import.status = CsvImport.Status.DONE
        csv_import.finished_at = timezone.now()
        csv_import.rows = []
        csv_import.save(
            update_fields=[
                "report",
                "status",
                "finished_at",
                "rows",
                "created_count",
                "updated_count",
                "skipped_count",
            ]
        )
    return csv_import


def csv_import_process(*, agency_id: int, import_id: int) -> str:
    """Do what an import is waiting for: check its rows, or import them. Answers the new status, or
    "skipped" when there was nothing to do."""
    status = CsvImport.objects.filter(agency_id=agency_id, pk=import_id).values_list("status", flat=True).first()
    work = {CsvImport.Status.CHECKING: csv_import_check, CsvImport.Status.RUNNING: csv_import_run}.get(status)
    csv_import = work(agency_id=agency_id, import_id=import_id) if work else None
    return csv_import.status if csv_import is not None else "skipped"


def _failed(message: str) -> dict[str, Any]:
    """What an import that is given up on becomes: failed, with ``message``, its rows not kept."""
    return {
        "status": CsvImport.Status.FAILED,
        "finished_at": timezone.now(),
        "report": {"errors": [{"row": None, "column": "", "message": message}]},
        "rows": [],
    }


@transaction.atomic
def csv_import_fail(*, agency_id: int, import_id: int, message: str) -> None:
    """Give up on an import whose check or run could not be completed; nothing of it was written."""
    CsvImport.objects.filter(agency_id=agency_id, pk=import_id, status__in=list(WAITING_STATUS)).update(
        **_failed(message)
    )


def csv_import_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """The periodic clean-up of every agency's imports:

    - an import still being checked or imported long after its task was queued lost that task (a
      worker and its message both gone): it goes back to where it was, and the user can start it
      again, as when the broker could not take the task;
    - an upload left unfinished for ``CSV_IMPORT_KEEP_DAYS`` expires, and its rows are not kept.

    Answers how many imports were put back and how many expired."""
    now = now or timezone.now()
    lost = Q(started_at__lt=now - timedelta(minutes=settings.CSV_IMPORT_STUCK_MINUTES)) | Q(started_at__isnull=True)
    put_back = 0
    for working, before in WAITING_STATUS.items():
        put_back += CsvImport.objects.filter(lost, status=working).update(status=before)
    if put_back:
        logger.warning("%s CSV imports had lost their task and can be started again.", put_back)
    expired = CsvImport.objects.filter(
        status__in=list(WAITING_STATUS.values()), created_at__lt=now - timedelta(days=settings.CSV_IMPORT_KEEP_DAYS)
    ).update(**_failed(IMPORT_EXPIRED))
    return {"put_back": put_back, "expired": expired}
