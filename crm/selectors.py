"""Reads of the Vault. Other apps read companies and contacts only through these functions."""

import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Lower, RowNumber

from travault.compiled_reads import AGENCY, CompiledRead
from travault.permissions import Role

from .csv_import import Existing
from .models import Company, CompanyLink, CompanyNotes, Contact, CsvImport, Stage, SupplierTerms, TransactionFee

OWNER_ROLES = (Role.ADMIN, Role.MANAGER, Role.SALES)

COMPANY_SORTS = {
    "name": ("name", "pk"),
    "-name": ("-name", "-pk"),
    "type": ("company_type", "name", "pk"),
    "-type": ("-company_type", "-name", "-pk"),
    "stage": ("stage", "name", "pk"),
    "-stage": ("-stage", "-name", "-pk"),
    "owner": ("owner__first_name", "owner__last_name", "name", "pk"),
    "-owner": ("-owner__first_name", "-owner__last_name", "-name", "-pk"),
    "city": ("city", "name", "pk"),
    "-city": ("-city", "-name", "-pk"),
    "activity": (F("last_activity_at").asc(nulls_first=True), "name", "pk"),
    "-activity": (F("last_activity_at").desc(nulls_last=True), "name", "pk"),
    "created": ("created_at", "pk"),
    "-created": ("-created_at", "-pk"),
}


def owner_choices(*, agency, keep: int | None = None) -> QuerySet:
    """Users of ``agency`` who may own a company: active admins, managers and sales users, plus the
    current owner ``keep`` (a user id) so that editing a company does not force a new owner."""
    eligible = Q(is_active=True, role__in=OWNER_ROLES)
    if keep is not None:
        eligible |= Q(pk=keep)
    return get_user_model().objects.for_agency(agency).filter(eligible).order_by("first_name", "last_name", "email")


OWNER_CHOICE_ROWS = CompiledRead(
    lambda: owner_choices(agency=AGENCY).values_list("uuid", "first_name", "last_name", "email", named=True)
)


def owner_choice_rows(*, agency) -> list:
    """The public id and name columns of ``owner_choices``, in its order, for a filter's select."""
    return OWNER_CHOICE_ROWS.rows(agency=agency.pk)


def company_get(*, agency, uuid) -> Company | None:
    """One company of ``agency`` by its public id, or None (missing and foreign look the same)."""
    return Company.objects.for_agency(agency).select_related("owner").filter(uuid=uuid).first()


def company_choices(*, agency) -> QuerySet:
    """The companies of ``agency`` to offer in a select, by name."""
    return Company.objects.for_agency(agency).only("id", "uuid", "name", "company_type").order_by("name")


def company_ids_named(*, agency, search: str) -> QuerySet:
    """The ids of the companies of ``agency`` whose name contains ``search``, as a subquery."""
    return Company.objects.for_agency(agency).filter(name__icontains=search).order_by().values("pk")


# The filters of the lists whose values a compiled page binds (``listing_shape``), and the ones
# that shape their SQL.
COMPANY_LIST_PARAMS = {
    "company_type": CharField(),
    "stage": CharField(),
    "owner": BigIntegerField(),
    "industry": CharField(),
}
COMPANY_LIST_SHAPE = ("sort",)
CONTACT_LIST_PARAMS = {"company_type": CharField()}
CONTACT_LIST_SHAPE = ("sort", "flag")


def company_list(
    *,
    agency,
    search: str = "",
    company_type: str = "",
    stage: str = "",
    owner=None,
    industry: str = "",
    sort: str = "name",
) -> QuerySet:
    """The companies of ``agency`` matching the list's search and filters, in the chosen order."""
    companies = Company.objects.for_agency(agency).select_related("owner")
    if search:
        companies = companies.filter(Q(name__icontains=search) | Q(email__icontains=search) | Q(city__icontains=search))
    if company_type:
        companies = companies.filter(company_type=company_type)
    if stage:
        companies = companies.filter(stage=stage)
    if owner is not None:
        companies = companies.filter(owner=owner)
    if industry:
        companies = companies.filter(industry=industry)
    return companies.order_by(*COMPANY_SORTS.get(sort, COMPANY_SORTS["name"]))


def company_detail_queryset() -> QuerySet:
    """Companies with what every tab of the detail page shows in its header."""
    return Company.objects.select_related("owner")


def linked_company_list(*, company) -> list[Company]:
    """Companies linked to or from ``company``, within its agency, by name, with only what a link to
    them needs: the union of two look-ups through the link indexes (one OR across both joins reads
    every company of the agency)."""
    links = CompanyLink.objects.filter(agency_id=company.agency_id)
    companies = Company.objects.for_agency(company.agency_id).only("uuid", "name")
    linked_to = companies.filter(pk__in=links.filter(from_company=company).values("to_company"))
    linked_from = companies.filter(pk__in=links.filter(to_company=company).values("from_company"))
    return list(linked_to.union(linked_from).order_by("name"))


def contact_list_for_company(*, company) -> QuerySet:
    """The contacts of ``company``: primary contacts first, then by name."""
    return Contact.objects.filter(agency_id=company.agency_id, company=company).order_by(
        "-is_primary", "last_name", "first_name", "pk"
    )


def key_contact_list_for_company(*, company) -> QuerySet:
    """The travel bookers and VIP travellers of ``company``."""
    return contact_list_for_company(company=company).filter(Q(is_booker=True) | Q(is_vip=True))


CONTACT_FLAGS = {
    "primary": "is_primary",
    "booker": "is_booker",
    "traveller": "is_traveller",
    "vip": "is_vip",
}
CONTACT_SORTS = {
    "name": ("last_name", "first_name", "pk"),
    "-name": ("-last_name", "-first_name", "-pk"),
    "company": ("company__name", "last_name", "first_name", "pk"),
    "-company": ("-company__name", "-last_name", "-first_name", "-pk"),
    "email": ("email", "pk"),
    "-email": ("-email", "-pk"),
    "created": ("created_at", "pk"),
    "-created": ("-created_at", "-pk"),
}


def contact_list(*, agency, search: str = "", flag: str = "", company_type: str = "", sort: str = "name") -> QuerySet:
    """The contacts of ``agency`` with their company. Every word of ``search`` must appear in the
    first name, last name or email (each covered by a trigram index); ``flag`` keeps primary
    contacts, bookers, travellers or VIPs."""
    contacts = Contact.objects.for_agency(agency).select_related("company")
    for word in search.split():
        contacts = contacts.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
        )
    if flag in CONTACT_FLAGS:
        contacts = contacts.filter(**{CONTACT_FLAGS[flag]: True})
    if company_type:
        contacts = contacts.filter(company__company_type=company_type)
    return contacts.order_by(*CONTACT_SORTS.get(sort, CONTACT_SORTS["name"]))


def company_notes_get(*, company) -> CompanyNotes | None:
    return CompanyNotes.objects.filter(agency_id=company.agency_id, company=company).first()


def fee_list_for_company(*, company) -> QuerySet:
    return TransactionFee.objects.filter(agency_id=company.agency_id, company=company).order_by(
        "service", "label", "pk"
    )


def supplier_terms_get(*, company) -> SupplierTerms | None:
    return SupplierTerms.objects.filter(agency_id=company.agency_id, company=company).first()


PIPELINE_CARDS = 20


class PipelineCompany(NamedTuple):
    """What a card of the pipeline board shows of a company and its owner."""

    pk: int
    uuid: uuid.UUID
    name: str
    stage: str
    expected_annual_spend: Decimal | None
    owner_first_name: str | None
    owner_last_name: str | None


@dataclass
class PipelineColumn:
    stage: str
    label: str
    companies: list[PipelineCompany] = field(default_factory=list)
    count: int = 0
    total_spend: Decimal = Decimal(0)

    @property
    def more(self) -> int:
        """How many companies of the stage are not shown as cards."""
        return self.count - len(self.companies)

    @property
    def more_spend(self) -> Decimal:
        """The expected spend of the companies of the stage not shown as cards."""
        return self.total_spend - sum(company.expected_annual_spend or 0 for company in self.companies)


def pipeline_board(*, agency) -> list[PipelineColumn]:
    """A column per pipeline stage, in pipeline order, with its count and expected spend over every
    company of the stage, and its first PIPELINE_CARDS companies by name; two queries whatever the size."""
    columns = {
        total.stage: PipelineColumn(stage=total.stage, label=total.label, count=total.count, total_spend=total.spend)
        for total in pipeline_summary(agency=agency)
    }
    stages = [stage for stage, column in columns.items() if column.count]
    if stages:
        first_companies = _first_companies_lateral if connection.vendor == "postgresql" else _first_companies_window
        for company in first_companies(agency_id=agency.pk, stages=stages, limit=PIPELINE_CARDS):
            columns[company.stage].companies.append(company)
    return list(columns.values())


_FIRST_COMPANIES_LATERAL = """
    SELECT c.id, c.uuid, c.name, c.stage, c.expected_annual_spend, u.first_name, u.last_name
    FROM unnest(%s::varchar[]) WITH ORDINALITY AS s (stage, position)
    CROSS JOIN LATERAL (
        SELECT id, uuid, name, stage, expected_annual_spend, owner_id FROM crm_company
        WHERE agency_id = %s AND stage = s.stage ORDER BY name, id LIMIT %s
    ) AS c
    LEFT JOIN agency_user AS u ON u.id = c.owner_id
    ORDER BY s.position, c.name, c.id
"""
_PIPELINE_COLUMNS = ("pk", "uuid", "name", "stage", "expected_annual_spend", "owner__first_name", "owner__last_name")


def _first_companies_window(*, agency_id: int, stages: list[str], limit: int) -> list[PipelineCompany]:
    """The first ``limit`` companies by name of each of ``stages``, stage by stage: every company of
    the agency numbered within its stage, which reads them all (fine for the embedded SQLite)."""
    position = {stage: position for position, stage in enumerate(stages)}
    rows = (
        Company.objects.for_agency(agency_id)
        .filter(stage__in=stages)
        .annotate(place=Window(RowNumber(), partition_by=F("stage"), order_by=(F("name").asc(), F("pk").asc())))
        .filter(place__lte=limit)
        .order_by("name", "pk")
        .values_list(*_PIPELINE_COLUMNS)
    )
    return sorted((PipelineCompany(*row) for row in rows), key=lambda company: position[company.stage])


def _first_companies_lateral(*, agency_id: int, stages: list[str], limit: int) -> list[PipelineCompany]:
    """What ``_first_companies_window`` returns, in one LATERAL join over the stages on PostgreSQL:
    for each stage, its first companies read in order from the agency-stage-name index, and one
    subquery to plan (a union of one query per stage took longer to plan than to run)."""
    with connection.cursor() as cursor:
        cursor.execute(_FIRST_COMPANIES_LATERAL, [stages, agency_id, limit])
        return [PipelineCompany(*row) for row in cursor.fetchall()]


@dataclass(frozen=True)
class StageTotal:
    stage: str
    label: str
    count: int
    spend: Decimal


def pipeline_summary(*, agency) -> list[StageTotal]:
    """How many companies of ``agency`` each pipeline stage holds and their expected annual spend,
    every stage in pipeline order (empty ones as zero), in one aggregate query. It counts rows, not
    ids, so that the agency-stage index, which carries the spend, answers it without reading the table."""
    rows = {
        row["stage"]: row
        for row in Company.objects.for_agency(agency)
        .order_by()
        .values("stage")
        .annotate(count=Count("*"), spend=Sum("expected_annual_spend"))
    }
    return [
        StageTotal(
            stage=stage.value,
            label=stage.label,
            count=rows.get(stage.value, {}).get("count", 0),
            spend=rows.get(stage.value, {}).get("spend") or Decimal(0),
        )
        for stage in Stage
    ]


def _name_match_rank(query: str) -> Case:
    """0 for a name that starts with ``query``, 1 for one that contains it elsewhere, 2 otherwise."""
    return Case(
        When(name__istartswith=query, then=Value(0)),
        When(name__icontains=query, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


def company_search(*, agency, query: str) -> QuerySet:
    """The company list's search (name, email or city), best matches first: names that start with
    ``query``, then other names that contain it, then email or city matches, each by name. Every row
    is annotated with ``match_count``, the number of matches, so a capped slice still tells how many
    there are."""
    return (
        company_list(agency=agency, search=query)
        .annotate(match_rank=_name_match_rank(query), match_count=Window(Count("pk")))
        .order_by("match_rank", "name", "pk")
    )


def company_pick_list(*, agency, name: str, limit: int = 20) -> list[Company]:
    """At most ``limit`` companies of ``agency`` whose name contains ``name``, those that start with
    it first, for a form's company picker."""
    name = name.strip()
    if not name:
        return []
    return list(
        Company.objects.for_agency(agency)
        .filter(name__icontains=name)
        .annotate(match_rank=_name_match_rank(name))
        .only("uuid", "name", "company_type", "city")
        .order_by("match_rank", "name", "pk")[:limit]
    )


def contact_search(*, agency, query: str) -> QuerySet:
    """The contact list's search (every word in the name or email), each row annotated
    with ``match_count`` as in ``company_search``."""
    if not query.split():
        return Contact.objects.none()
    return contact_list(agency=agency, search=query).annotate(match_count=Window(Count("pk")))


def enrichment_cache_key(*, agency_id: int, lookup: str) -> str:
    return f"crm:enrichment:{agency_id}:{lookup}"


def company_enrichment_get(*, agency_id: int, lookup: str) -> dict | None:
    """The state of a website look-up started by ``agency_id``: pending, done with fields, or failed."""
    return cache.get(enrichment_cache_key(agency_id=agency_id, lookup=lookup))


def _keyed(rows) -> dict[str, list[int]]:
    keyed: dict[str, list[int]] = {}
    for key, pk in rows:
        if key:
            keyed.setdefault(key, []).append(pk)
    return keyed


def csv_import_existing(*, agency, kind: str) -> Existing:
    """What an import of ``kind`` for ``agency`` is checked against: companies by lower-cased name,
    contacts by lower-cased email, and the users who may own a company by email and by full name."""
    companies = _keyed(Company.objects.for_agency(agency).values_list(Lower("name"), "pk"))
    if kind == CsvImport.Kind.CONTACTS:
        contacts = _keyed(Contact.objects.for_agency(agency).values_list(Lower("email"), "pk"))
        return Existing(companies=companies, contacts=contacts)
    owners = {}
    for user in owner_choices(agency=agency):
        owners.setdefault(user.get_full_name().lower() or user.email.lower(), user.pk)
        owners[user.email.lower()] = user.pk
    return Existing(companies=companies, owners=owners)


def csv_import_list(*, agency) -> QuerySet:
    """The imports of ``agency``, newest first, without their (large) rows."""
    return (
        CsvImport.objects.for_agency(agency)
        .select_related("uploaded_by")
        .defer("rows", "headers", "report", "mapping")
        .order_by("-created_at", "-pk")
    )


def csv_import_progress_key(*, agency_id: int, import_id: int) -> str:
    return f"crm:csv-import:{agency_id}:{import_id}:progress"


def csv_import_progress(*, csv_import) -> int:
    """How far a running import has got, in percent (the task writes it to the cache as it goes)."""
    if csv_import.status == CsvImport.Status.DONE:
        return 100
    key = csv_import_progress_key(agency_id=csv_import.agency_id, import_id=csv_import.pk)
    return int(cache.get(key) or 0)
