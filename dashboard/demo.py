"""Demo work for the demo agency: companies across the pipeline, contacts, client notes and fees,
logged activities with reminders, tickets and supplier directory entries. Written through each
app's services, once (an agency that already has companies is left alone)."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from activity_log import services as activity_services
from agent_support.services import ProcessData, SupplierData, supplier_create
from crm import services as crm_services
from crm.models import Company
from ticketing import services as ticket_services
from travault.permissions import Role

COMPANIES = [
    # name, type, stage, industry, city, expected annual spend, owner role
    ("Northwind Engineering", "client", "trading", "manufacturing", "Bristol", 420000, Role.SALES),
    ("Harbour Legal LLP", "client", "new_client", "legal_services", "London", 180000, Role.SALES),
    ("Atlas Biotech", "prospect", "in_discussion", "biotechnology", "Cambridge", 260000, Role.MANAGER),
    ("Greenfield Energy", "prospect", "qualified", "energy", "Aberdeen", 310000, Role.SALES),
    ("Summit Media Group", "prospect", "lead", "media_broadcasting", "Manchester", 95000, Role.SALES),
    ("Keystone Insurance", "prospect", "account_form_sent", "insurance", "Leeds", 150000, Role.MANAGER),
    ("Orbit Telecom", "former_client", "no_longer_trading", "telecommunications", "Reading", None, Role.MANAGER),
    ("SkyLink Airways", "supplier", "trading", "transportation", "Crawley", None, Role.MANAGER),
]
CONTACT_ROLES = [
    ("Travel Manager", True, True),
    ("Finance Director", False, False),
    ("Executive Assistant", False, True),
]
FIRST_NAMES = [
    "Priya",
    "Tom",
    "Lena",
    "Oliver",
    "Aisha",
    "Marek",
    "Sofia",
    "James",
    "Chloe",
    "Daniel",
    "Hannah",
    "Kwame",
]
LAST_NAMES = [
    "Shah",
    "Hughes",
    "Fischer",
    "Bennett",
    "Khan",
    "Nowak",
    "Rossi",
    "Walker",
    "Evans",
    "Okafor",
    "Reid",
    "Clarke",
]
SUPPLIERS = [
    ("air", "SkyLink Airways", "https://agents.skylink.example", "groups@skylink.example", "Group bookings over 9"),
    (
        "accommodation",
        "Harbourside Hotels",
        "https://trade.harbourside.example",
        "res@harbourside.example",
        "Corporate rate loading",
    ),
    ("rail", "Northern Rail Partners", "https://partners.nrail.example", "agents@nrail.example", "Ticket on departure"),
]


def demo_content_load(*, agency, users) -> bool:
    if Company.objects.for_agency(agency).exists():
        return False
    now = timezone.now()
    companies = [_company(agency, users, row) for row in COMPANIES]
    for index, company in enumerate(companies):
        _contacts(company, index)
    client = companies[0]
    crm_services.company_notes_save(
        company=client,
        data={"account_number": "NW-0042", "travel_policy": "Economy under 6 hours; premium economy above."},
    )
    crm_services.fee_create(
        company=client, data={"service": "international_flight", "online_fee": Decimal("8.50"), "offline_fee": 25}
    )
    _activities(companies, users, now)
    _tickets(agency, companies, users)
    for supplier_type, name, website, email, process in SUPPLIERS:
        supplier_create(
            agency=agency,
            data=SupplierData(
                supplier_type=supplier_type,
                name=name,
                agent_websites=[website],
                general_email=email,
                phone_numbers=["+44 20 7946 0000"],
            ),
            processes=[ProcessData(title=process, body=f"Email {email} with the traveller names and dates.")],
        )
    return True


def _company(agency, users, row):
    name, company_type, stage, industry, city, spend, owner_role = row
    return crm_services.company_create(
        agency=agency,
        data={
            "name": name,
            "company_type": company_type,
            "stage": stage,
            "industry": industry,
            "city": city,
            "country": "United Kingdom",
            "expected_annual_spend": spend,
            "owner": users[owner_role],
            "website": f"https://{name.split()[0].lower()}.example",
        },
    )


def _contacts(company, index):
    domain = f"{company.name.split()[0].lower()}.example"
    for offset, (title, primary, booker) in enumerate(CONTACT_ROLES):
        first = FIRST_NAMES[(index * len(CONTACT_ROLES) + offset) % len(FIRST_NAMES)]
        last = LAST_NAMES[(index * 5 + offset * 7) % len(LAST_NAMES)]
        crm_services.contact_create(
            company=company,
            data={
                "first_name": first,
                "last_name": last,
                "job_title": title,
                "email": f"{first.lower()}.{last.lower()}@{domain}",
                "is_primary": primary,
                "is_booker": booker,
            },
        )


def _activities(companies, users, now):
    sales, consultant = users[Role.SALES], users[Role.CONSULTANT]
    for days, company in enumerate(companies[:6]):
        activity_services.activity_create(
            company=company,
            author=sales,
            data={
                "kind": "call",
                "subject": f"Quarterly check-in with {company.name}",
                "occurred_at": now - timedelta(days=days + 1, hours=2),
                "outcome": "connected",
                "duration_minutes": 20,
                "details": "Discussed upcoming travel and the renewal of the hotel programme.",
            },
            contacts=list(company.contacts.all()[:1]),
        )
    activity_services.activity_create(
        company=companies[2],
        author=sales,
        data={
            "kind": "meeting",
            "subject": "Proposal walkthrough",
            "occurred_at": now - timedelta(hours=3),
            "outcome": "completed",
            "duration_minutes": 60,
            "location_type": "in_person",
            "place": "Atlas Biotech, Cambridge",
        },
        colleagues=[consultant],
        reminder={"due_at": now + timedelta(hours=2), "message": "Send the revised proposal", "assignee": sales},
    )
    activity_services.reminder_create(
        company=companies[0],
        created_by=consultant,
        due_at=now + timedelta(hours=1),
        message="Confirm the Frankfurt group booking",
    )
    activity_services.reminder_create(
        company=companies[4],
        created_by=users[Role.ADMIN],
        due_at=now + timedelta(minutes=30),
        message="Call back about the travel policy review",
    )


def _tickets(agency, companies, users):
    admin, consultant, manager = users[Role.ADMIN], users[Role.CONSULTANT], users[Role.MANAGER]
    rows = [
        ("client", "complaint", companies[0], "Lost luggage on the Munich return", "high", consultant),
        ("client", "request", companies[1], "Visa letter for the New York roadshow", "medium", admin),
        ("supplier", "supplier_error", companies[7], "Wrong fare class ticketed on PNR QX7L2", "urgent", admin),
        ("client", "query", companies[0], "Invoice copy for October", "low", consultant),
    ]
    for category_type, category, company, subject, priority, assignee in rows:
        ticket = ticket_services.ticket_open(
            agency=agency,
            owner=manager,
            data={
                "category_type": category_type,
                "category": category,
                "company": company,
                "contact": None,
                "subject": None,
                "subject_name": subject,
                "description": f"{subject}. Raised by the client's travel manager.",
                "priority": priority,
                "assignee": assignee,
            },
        )
        if category == "query":
            ticket_services.ticket_close(ticket=ticket, actor=consultant, outcome="Invoice copy sent.")
