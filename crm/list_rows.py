"""The company and contact lists' rows: what each cell shows, worked out once per page so that the
template only prints it."""

from dataclasses import dataclass

from django.utils import timezone

from travault.display import ago, stamp, urls_for

from .models import Company, Contact, Stage

# The columns a row shows: each list reads only these.
COMPANY_ROW_FIELDS = (
    "uuid",
    "name",
    "email",
    "company_type",
    "stage",
    "city",
    "last_activity_at",
    "owner__first_name",
    "owner__last_name",
)
CONTACT_ROW_FIELDS = (
    "first_name",
    "last_name",
    "job_title",
    "email",
    "phone",
    "mobile",
    "is_primary",
    "is_booker",
    "is_traveller",
    "is_vip",
    "company__uuid",
    "company__name",
)
_TYPE_LABELS = dict(Company.Type.choices)
_STAGE_LABELS = dict(Stage.choices)


@dataclass(frozen=True)
class CompanyRow:
    company: Company
    url: str
    type_label: str
    stage_label: str
    owner_name: str
    last_activity: str
    last_activity_at: str


def company_rows(companies) -> list[CompanyRow]:
    url = urls_for("crm:company-detail", "company")
    now = timezone.now()
    return [
        CompanyRow(
            company=company,
            url=url(company.uuid),
            type_label=_TYPE_LABELS.get(company.company_type, company.company_type),
            stage_label=_STAGE_LABELS.get(company.stage, company.stage),
            owner_name=company.owner.get_full_name() if company.owner else "",
            last_activity=ago(company.last_activity_at, now) if company.last_activity_at else "",
            last_activity_at=stamp(company.last_activity_at) if company.last_activity_at else "",
        )
        for company in companies
    ]


@dataclass(frozen=True)
class ContactRow:
    contact: Contact
    company_url: str


def contact_rows(contacts) -> list[ContactRow]:
    url = urls_for("crm:company-contacts", "company")
    return [ContactRow(contact=contact, company_url=url(contact.company.uuid)) for contact in contacts]
