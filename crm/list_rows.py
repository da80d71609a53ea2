"""The company and contact lists' rows: what each cell shows, worked out once per page and filled
into the list's row template, rendered once per page."""

from django.utils import timezone
from django.utils.safestring import SafeString

from travault.display import Dates, HtmlList, ago, full_name, row_template_variants, urls_for

from .models import Company, Stage

# The columns a row shows: each list reads only these, as named rows.
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
CONTACT_ROW_TEMPLATE = "crm/_contact_row.html"
# What a row of the contact row template prints.
CONTACT_ROW_VALUES = ("name", "job_title", "company_url", "company", "email", "phone", "mobile", "tags")
# The flags a contact row shows as badges, in their order.
_CONTACT_TAGS = tuple(
    (flag, SafeString(f'<span class="badge text-bg-{color}">{label}</span>'))
    for flag, color, label in (
        ("is_primary", "primary", "Primary"),
        ("is_booker", "info", "Booker"),
        ("is_traveller", "secondary", "Traveller"),
        ("is_vip", "warning", "VIP"),
    )
)
# The columns the user sorts each list by: sort key and header.
COMPANY_COLUMNS = (
    ("name", "Company"),
    ("type", "Type"),
    ("stage", "Stage"),
    ("owner", "Owner"),
    ("city", "City"),
    ("activity", "Last activity"),
)
CONTACT_COLUMNS = (("name", "Name"), ("company", "Company"), ("email", "Email"))
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


def company_rows(companies) -> HtmlList:
    """The list's rows for ``companies``, named rows of COMPANY_ROW_FIELDS."""
    url = urls_for("crm:company-detail", "company")
    row = row_template_variants(COMPANY_ROW_TEMPLATE, COMPANY_ROW_VALUES)
    now = timezone.now()
    dates = Dates()
    rows = HtmlList()
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
                owner_name=full_name(company.owner__first_name, company.owner__last_name) or "—",
                city=company.city or "—",
                last_activity=ago(active, now) if active else "",
                last_activity_at=dates.date_and_time(dates.local(active)) if active else "",
            )
        )
    return rows


def _numbers(contact) -> str:
    """Which of its phone numbers a contact has: "both", "phone", "mobile" or none ("")."""
    if contact.phone and contact.mobile:
        return "both"
    return "phone" if contact.phone else "mobile" if contact.mobile else ""


def contact_rows(contacts) -> HtmlList:
    """The list's rows for ``contacts``, named rows of CONTACT_ROW_FIELDS."""
    url = urls_for("crm:company-contacts", "company")
    row = row_template_variants(CONTACT_ROW_TEMPLATE, CONTACT_ROW_VALUES)
    rows = HtmlList()
    for contact in contacts:
        rows.append(
            row(has_job_title=bool(contact.job_title), has_email=bool(contact.email), numbers=_numbers(contact))(
                name=full_name(contact.first_name, contact.last_name),
                job_title=contact.job_title,
                company_url=url(contact.company__uuid),
                company=contact.company__name,
                email=contact.email,
                phone=contact.phone,
                mobile=contact.mobile,
                tags=SafeString(" ".join(badge for flag, badge in _CONTACT_TAGS if getattr(contact, flag))),
            )
        )
    return rows
