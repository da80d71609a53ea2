"""The company and contact lists' rows: what each cell shows, worked out once per page. A company
row is filled into its row template, rendered once per page."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.safestring import SafeString

from travault.display import Dates, ago, row_template_variants, urls_for

from .models import Company, Contact, Stage

# The columns a row shows: each list reads only these, the company list as named rows.
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
COMPANY_ROW_TEMPLATE = "crm/_company_row.html"
# What a row of the company row template prints.
COMPANY_ROW_VALUES = (
    "url",
    "name",
    "email",
    "type_label",
    "stage",
    "stage_label",
    "owner_name",
    "city",
    "last_activity",
    "last_activity_at",
)
_TYPE_LABELS = dict(Company.Type.choices)
_STAGE_LABELS = dict(Stage.choices)


def company_rows(companies) -> list[SafeString]:
    """The list's rows for ``companies``, named rows of COMPANY_ROW_FIELDS."""
    url = urls_for("crm:company-detail", "company")
    row = row_template_variants(COMPANY_ROW_TEMPLATE, COMPANY_ROW_VALUES)
    now = timezone.now()
    dates = Dates()
    rows = []
    for company in companies:
        active = company.last_activity_at
        rows.append(
            row(has_email=bool(company.email), has_activity=active is not None)(
                url=url(company.uuid),
                name=company.name,
                email=company.email,
                type_label=_TYPE_LABELS.get(company.company_type, company.company_type),
                stage=company.stage,
                stage_label=_STAGE_LABELS.get(company.stage, company.stage),
                owner_name=f"{company.owner__first_name or ''} {company.owner__last_name or ''}".strip() or "—",
                city=company.city or "—",
                last_activity=ago(active, now) if active else "",
                last_activity_at=dates.date_and_time(dates.local(active)) if active else "",
            )
        )
    return rows


@dataclass(frozen=True)
class ContactRow:
    contact: Contact
    company_url: str


def contact_rows(contacts) -> list[ContactRow]:
    url = urls_for("crm:company-contacts", "company")
    return [ContactRow(contact=contact, company_url=url(contact.company.uuid)) for contact in contacts]
