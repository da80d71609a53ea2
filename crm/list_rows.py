"""The company list's rows: what each cell shows, worked out once per page so that the template
only prints it."""

from dataclasses import dataclass

from django.utils import timezone

from travault.display import ago, stamp, urls_for

from .models import Company, Stage

# The columns a row shows: the list reads only these.
ROW_FIELDS = (
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
