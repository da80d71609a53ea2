from django.db import transaction

from travault.permissions import Role

from .models import Agency


def agency_create(
    *,
    name: str,
    address: str,
    phone: str,
    email: str,
    vat_number: str,
    company_reg_number: str,
    employees: str,
    business_focus: str,
    contact_name: str,
    website: str = "",
) -> Agency:
    agency = Agency(
        name=name,
        address=address,
        phone=phone,
        email=email,
        website=website,
        vat_number=vat_number,
        company_reg_number=company_reg_number,
        employees=employees,
        business_focus=business_focus,
        contact_name=contact_name,
    )
    agency.full_clean()
    agency.save()
    return agency


@transaction.atomic
def agency_register_admin(*, user, agency_fields: dict):
    """Create the agency and make ``user`` (unsaved) its first admin; the caller saves the user."""
    user.agency = agency_create(**agency_fields)
    user.role = Role.ADMIN
    return user
