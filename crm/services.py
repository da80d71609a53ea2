"""Writes of the Vault. Every function is keyword-only and atomic; callers pass validated data."""

import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Company, CompanyNotes, Contact, SupplierTerms, TransactionFee
from .selectors import enrichment_cache_key

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
