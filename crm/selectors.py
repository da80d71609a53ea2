"""Reads of the Vault. Other apps read companies and contacts only through these functions."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Count, F, Q, QuerySet, Sum

from travault.permissions import Role

from .models import Company, CompanyLink, CompanyNotes, Contact, Stage, SupplierTerms, TransactionFee

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


def company_get(*, agency, uuid) -> Company | None:
    """One company of ``agency`` by its public id, or None (missing and foreign look the same)."""
    return Company.objects.for_agency(agency).select_related("owner").filter(uuid=uuid).first()


def company_choices(*, agency) -> QuerySet:
    """The companies of ``agency`` to offer in a select, by name."""
    return Company.objects.for_agency(agency).only("id", "uuid", "name", "company_type").order_by("name")


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
    """Companies linked to or from ``company``, within its agency, by name: the union of two
    look-ups through the link indexes (one OR across both joins reads every company of the agency)."""
    links = CompanyLink.objects.filter(agency_id=company.agency_id)
    companies = Company.objects.for_agency(company.agency_id)
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
    first name, last name, email or company name; ``flag`` keeps primary contacts, bookers,
    travellers or VIPs."""
    contacts = Contact.objects.for_agency(agency).select_related("company")
    for word in search.split():
        contacts = contacts.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
            | Q(company__name__icontains=word)
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


@dataclass
class PipelineColumn:
    stage: str
    label: str
    companies: list[Company] = field(default_factory=list)
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
    columns = {stage.value: PipelineColumn(stage=stage.value, label=stage.label) for stage in Stage}
    companies = Company.objects.for_agency(agency)
    totals = companies.order_by().values("stage").annotate(count=Count("pk"), spend=Sum("expected_annual_spend"))
    for row in totals:
        column = columns[row["stage"]]
        column.count, column.total_spend = row["count"], row["spend"] or Decimal(0)
    firsts = [
        companies.filter(stage=stage).select_related("owner").order_by("name", "pk")[:PIPELINE_CARDS]
        for stage, column in columns.items()
        if column.count
    ]
    if firsts:
        for company in sorted(firsts[0].union(*firsts[1:], all=True), key=lambda company: (company.name, company.pk)):
            columns[company.stage].companies.append(company)
    return list(columns.values())


def enrichment_cache_key(*, agency_id: int, lookup: str) -> str:
    return f"crm:enrichment:{agency_id}:{lookup}"


def company_enrichment_get(*, agency_id: int, lookup: str) -> dict | None:
    """The state of a website look-up started by ``agency_id``: pending, done with fields, or failed."""
    return cache.get(enrichment_cache_key(agency_id=agency_id, lookup=lookup))
