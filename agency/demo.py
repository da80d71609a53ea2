"""The demo agency and one user of each role (loaded by ``manage.py seed_demo``)."""

from allauth.account.models import EmailAddress

from agency.models import Agency, User
from travault.permissions import Role

DEMO_PASSWORD = "travault-demo-2026"  # noqa: S105 - a published demo login, printed by the command
DEMO_AGENCY = {
    "name": "Bluewave Business Travel",
    "address": "12 Harbour Street\nBristol\nBS1 4RN",
    "phone": "+44 117 496 0123",
    "email": "hello@bluewave.example",
    "website": "https://bluewave.example",
    "vat_number": "123456789",
    "company_reg_number": "BW123456",
    "employees": Agency.Employees.MEDIUM,
    "business_focus": Agency.BusinessFocus.CORPORATE,
    "contact_name": "Alex Admin",
}
DEMO_USERS = [
    ("admin@bluewave.example", "Alex", "Admin", Role.ADMIN),
    ("manager@bluewave.example", "Morgan", "Manager", Role.MANAGER),
    ("sales@bluewave.example", "Sam", "Sales", Role.SALES),
    ("consultant@bluewave.example", "Casey", "Consultant", Role.CONSULTANT),
]


def demo_agency_load():
    """The demo agency and its users by role, created once and left as they are on later runs."""
    agency, _ = Agency.objects.update_or_create(vat_number=DEMO_AGENCY["vat_number"], defaults=DEMO_AGENCY)
    users = {}
    for email, first_name, last_name, role in DEMO_USERS:
        user, created = User.objects.get_or_create(
            email=email, defaults={"first_name": first_name, "last_name": last_name, "agency": agency, "role": role}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        users[role] = user
    return agency, users
