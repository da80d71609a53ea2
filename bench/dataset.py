"""The benchmark dataset: 20 agencies, the largest holding 40% of everything; in total (at scale 1)
about 50,000 companies, 200,000 contacts, 1,000,000 activities, 100,000 tickets (20% open), 300 users,
5,000 pending reminders and a few hundred supplier directory entries.

Deterministic: one seeded ``random.Random`` draws every value, UUIDs included; times are offsets from
the start of the loading day (UTC), so reminders stay due in the days after loading. The large
tables are written with PostgreSQL ``COPY`` with ids allocated here (after the table's highest id),
the small ones with ``bulk_create``; the whole load is one transaction, followed by ``VACUUM ANALYZE``.
"""

import random
import time
import uuid
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import cache
from itertools import accumulate

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Count

from activity_log.models import OUTCOMES_BY_KIND, Activity, ActivityContact, Reminder
from agency.models import Agency, User
from agent_support.models import BookingProcess, Supplier, SupplierType, normalise_name
from crm.models import Company, CompanyLink, Contact, Industry
from ticketing.models import CATEGORIES_BY_TYPE, Ticket, TicketAction, TicketCounter, TicketSubject
from travault.permissions import Role

from . import words

AGENCY_COUNT = 20
LARGEST_SHARE = 0.4
OPEN_TICKET_SHARE = 0.2
TOTALS = {
    "users": 300,
    "companies": 50_000,
    "contacts": 200_000,
    "activities": 1_000_000,
    "tickets": 100_000,
    "reminders": 5_000,
    "suppliers": 300,
}
MINIMUMS = {"users": 4, "companies": 4, "suppliers": 1}
BENCH_PASSWORD = "bench-password-travault"  # noqa: S105 - a public benchmark login, never a real account
HISTORY = timedelta(days=3 * 365)
COPY_TABLES = (Company, Contact, Activity, ActivityContact, Ticket, TicketAction, Reminder)
# VACUUM as well as ANALYZE: it sets the visibility map, so index-only scans work as they do on a
# database autovacuum looks after.
TABLES_TO_VACUUM = [
    model._meta.db_table
    for model in (Agency, User, EmailAddress, *COPY_TABLES, CompanyLink, TicketSubject, TicketCounter, Supplier,
                  BookingProcess)
]  # fmt: skip

AGENCY_NAMES = (
    "Globetrotter Business Travel", "Bluewave Travel", "Compass Corporate Travel", "Northern Lights Travel",
    "Silver Wing Journeys", "Meridian TMC", "Redline Travel Management", "Harbour Travel Partners",
    "Skyway Corporate", "Orchard Travel", "Beacon Business Travel", "Atlas Journeys", "Voyager TMC",
    "Kingfisher Travel", "Pathfinder Corporate Travel", "Swift Travel Solutions", "Trailblazer Travel",
    "Latitude Travel Management", "Anchor Travel", "Wayfarer Business Travel",
)  # fmt: skip
STAGES_BY_TYPE = {
    "prospect": (("lead", 40), ("qualified", 25), ("in_discussion", 15), ("account_form_sent", 8),
                 ("closed_won", 4), ("closed_lost", 8)),
    "client": (("new_client", 15), ("trading", 75), ("on_hold", 10)),
    "former_client": (("no_longer_trading", 80), ("closed_lost", 20)),
    "supplier": (("trading", 100),),
    "other": (("lead", 50), ("on_hold", 50)),
}  # fmt: skip
COMPANY_TYPES = (("prospect", 45), ("client", 35), ("former_client", 8), ("supplier", 8), ("other", 4))
KINDS = (("call", 45), ("email", 40), ("meeting", 15))
CATEGORY_TYPES = (("client", 70), ("supplier", 20), ("internal", 10))
PRIORITIES = (("low", 25), ("medium", 45), ("high", 20), ("urgent", 10))
OPEN_STATUSES = (("open", 40), ("in_progress", 30), ("awaiting_client", 15), ("awaiting_supplier", 15))
ROLES = ((Role.MANAGER, 10), (Role.SALES, 35), (Role.CONSULTANT, 55))


class DatasetError(Exception):
    """The database cannot take the dataset (not PostgreSQL, or already holds agencies)."""


def agency_shares(count: int = AGENCY_COUNT) -> list[float]:
    """The share of every table each agency holds: the largest ``LARGEST_SHARE``, the others a
    Zipf-like split of the rest."""
    weights = [1 / rank for rank in range(1, count)]
    rest = sum(weights)
    return [LARGEST_SHARE] + [(1 - LARGEST_SHARE) * weight / rest for weight in weights]


def agency_counts(scale: float) -> list[dict[str, int]]:
    """How many rows of each kind every agency gets at ``scale`` (1.0 is the full dataset)."""
    return [
        {name: max(MINIMUMS.get(name, 0), round(total * scale * share)) for name, total in TOTALS.items()}
        for share in agency_shares()
    ]


@dataclass
class Ids:
    """The next primary key of every table written with COPY: after the highest id already there."""

    next: dict[str, int] = field(default_factory=dict)

    def take(self, model, count: int) -> int:
        table = model._meta.db_table
        first = self.next[table]
        self.next[table] = first + count
        return first


@dataclass
class Load:
    rng: random.Random
    cursor: object
    ids: Ids
    now: datetime
    password: str
    counts: dict[str, int] = field(default_factory=dict)

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def pick(self, weighted):
        values, cumulative = _weights(weighted)
        return values[bisect_left(cumulative, self.rng.random() * cumulative[-1])]

    def ago(self, span: timedelta) -> datetime:
        return self.now - span * self.rng.random()

    def copy(self, model, columns: tuple[str, ...], rows) -> None:
        """Write ``rows`` (tuples in ``columns`` order) into ``model``'s table with COPY."""
        table = model._meta.db_table
        written = 0
        with self.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                written += 1
        self.counts[table] = self.counts.get(table, 0) + written


@cache
def _weights(weighted: tuple) -> tuple[tuple, list[int]]:
    """The values of a ((value, weight), ...) table and their cumulative weights."""
    return tuple(value for value, _ in weighted), list(accumulate(weight for _, weight in weighted))


def check_database(*, reset: bool) -> None:
    if connection.vendor != "postgresql":
        raise DatasetError("The benchmark dataset needs PostgreSQL (set DATABASE_URL).")
    if reset:
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {Agency._meta.db_table} RESTART IDENTITY CASCADE")
    elif Agency.objects.exists():
        raise DatasetError("The database already holds agencies: use an empty database, or --reset.")


def load(*, scale: float = 1.0, seed: int = 10, reset: bool = False, log=None) -> dict[str, int]:
    """Load the dataset at ``scale`` and return the number of rows written per table."""
    check_database(reset=reset)
    started = time.monotonic()
    now = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    with transaction.atomic(), connection.cursor() as cursor:
        state = Load(
            rng=random.Random(seed),
            cursor=cursor.cursor,
            ids=Ids(next={model._meta.db_table: _next_id(cursor, model) for model in COPY_TABLES}),
            now=now,
            password=make_password(BENCH_PASSWORD),
        )
        for number, counts in enumerate(agency_counts(scale)):
            agency_load(state, number=number, counts=counts)
            if log:
                log(f"agency {number + 1}/{AGENCY_COUNT} loaded ({time.monotonic() - started:.0f} s)")
        for model in COPY_TABLES:
            table = model._meta.db_table
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {state.ids.next[table]}, false)")
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {', '.join(TABLES_TO_VACUUM)}")
    if log:
        log(f"loaded, vacuumed and analysed in {time.monotonic() - started:.0f} s")
    return state.counts


def _next_id(cursor, model) -> int:
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {model._meta.db_table}")  # noqa: S608 - a model's table
    return cursor.fetchone()[0]


def _postcode(rng, area: str) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return f"{area}{rng.randrange(1, 30)} {rng.randrange(1, 10)}{rng.choice(letters)}{rng.choice(letters)}"


def _slug(text: str) -> str:
    return "".join(char for char in text.lower() if char.isalnum())


def agency_load(state: Load, *, number: int, counts: dict[str, int]) -> None:
    name = AGENCY_NAMES[number]
    domain = f"{_slug(name)}.example"
    agency = Agency.objects.create(
        uuid=state.uuid(),
        name=name,
        address=f"{number + 1} {words.STREETS[number % len(words.STREETS)]}\nLondon\nEC1A 1AA",
        phone=f"+44 20 7946 {1000 + number:04d}",
        email=f"office@{domain}",
        website=f"https://www.{domain}",
        vat_number=f"{900000000 + number:09d}",
        company_reg_number=f"{90000000 + number:08d}",
        employees=Agency.Employees.LARGE if number == 0 else Agency.Employees.MEDIUM,
        business_focus=Agency.BusinessFocus.CORPORATE,
        contact_name="Alex Morgan",
    )
    users = users_load(state, agency=agency, domain=domain, count=counts["users"])
    owners = [user.pk for user in users if user.role in (Role.ADMIN, Role.MANAGER, Role.SALES)]
    everyone = [user.pk for user in users]
    companies = companies_load(state, agency=agency, owners=owners, counts=counts)
    activities_load(state, agency=agency, companies=companies, authors=everyone)
    subjects = [
        subject.pk
        for subject in TicketSubject.objects.bulk_create(
            TicketSubject(agency=agency, uuid=state.uuid(), name=subject) for subject in words.TICKET_SUBJECTS
        )
    ]
    tickets_load(state, agency=agency, companies=companies, subjects=subjects, users=everyone, count=counts["tickets"])
    reminders_load(state, agency=agency, companies=companies, users=everyone, count=counts["reminders"])
    suppliers_load(state, agency=agency, count=counts["suppliers"])


def users_load(state: Load, *, agency, domain: str, count: int) -> list[User]:
    rng = state.rng
    users = []
    for index in range(count):
        first, last = rng.choice(words.FIRST_NAMES), rng.choice(words.LAST_NAMES)
        role = Role.ADMIN if index == 0 else state.pick(ROLES)
        local = "admin" if index == 0 else f"{_slug(first)}.{_slug(last)}{index}"
        users.append(
            User(
                uuid=state.uuid(),
                email=f"{local}@{domain}",
                first_name=first,
                last_name=last,
                agency=agency,
                role=role,
                password=state.password,
                date_joined=state.ago(HISTORY),
            )
        )
    users = User.objects.bulk_create(users)
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    return users


@dataclass
class Companies:
    """What later tables need of an agency's companies, by position (ids are ``first`` + position)."""

    first: int
    kinds: list[str]
    contacts: list[tuple[int, int]]
    activity_times: list[list[datetime]]
    clients: list[int]
    suppliers: list[int]

    def id(self, position: int) -> int:
        return self.first + position


def companies_load(state: Load, *, agency, owners: list[int], counts: dict[str, int]) -> Companies:
    """Companies, their contacts and their activity times (so ``last_activity_at`` agrees with the
    activities written next); a few companies are linked to a group company."""
    rng = state.rng
    count = counts["companies"]
    kinds = [state.pick(COMPANY_TYPES) for _ in range(count)]
    weights = [min(rng.paretovariate(1.2), 60.0) for _ in range(count)]
    cumulative = list(accumulate(weights))
    activity_times: list[list[datetime]] = [[] for _ in range(count)]
    for position in rng.choices(range(count), cum_weights=cumulative, k=counts["activities"]):
        activity_times[position].append(state.ago(HISTORY))
    for times in activity_times:
        times.sort()
    contacts_per_company = [0] * count
    for position in rng.choices(range(count), k=counts["contacts"]):
        contacts_per_company[position] += 1
    first = state.ids.take(Company, count)
    first_contact = state.ids.take(Contact, counts["contacts"])
    contact_ranges, next_contact = [], first_contact
    for size in contacts_per_company:
        contact_ranges.append((next_contact, size))
        next_contact += size
    industries = Industry.values

    def rows():
        for position, kind in enumerate(kinds):
            name = f"{rng.choice(words.COMPANY_PREFIXES)} {rng.choice(words.COMPANY_CORES)}"
            name = f"{name} {rng.choice(words.COMPANY_SUFFIXES)}".strip()
            if kind == "supplier":
                name = rng.choice(words.SUPPLIER_NAMES)
            slug = _slug(name)
            city, region, area = rng.choice(words.CITIES)
            times = activity_times[position]
            created = (times[0] if times else state.now) - timedelta(days=rng.uniform(1, 400))
            spend = Decimal(rng.randrange(20, 2000) * 1000) if kind in ("prospect", "client") else None
            close = (state.now + timedelta(days=rng.randrange(10, 300))).date() if kind == "prospect" else None
            yield (
                first + position, agency.pk, state.uuid(), name, kind,
                "meetings_events" if rng.random() < 0.1 else "travel", state.pick(STAGES_BY_TYPE[kind]),
                rng.choice(owners) if rng.random() < 0.9 else None, rng.choice(industries),
                f"{rng.randrange(1, 200)} {rng.choice(words.STREETS)}", city, region,
                _postcode(rng, area),
                "United Kingdom", f"+44 {rng.randrange(1000, 9999)} {rng.randrange(100000, 999999)}",
                f"info@{slug}{position}.example", f"https://www.{slug}.example",
                f"https://www.linkedin.com/company/{slug}", "", "", spend, close,
                created, times[-1] if times else created, times[-1] if times else None,
            )  # fmt: skip

    state.copy(
        Company,
        ("id", "agency_id", "uuid", "name", "company_type", "client_type", "stage", "owner_id", "industry", "street",
         "city", "region", "postcode", "country", "phone", "email", "website", "linkedin", "description",
         "ops_team", "expected_annual_spend", "expected_close_date", "created_at", "updated_at", "last_activity_at"),
        rows(),
    )  # fmt: skip
    contacts_copy(state, agency=agency, first=first, ranges=contact_ranges)
    links = {(first + rng.randrange(count), first + rng.randrange(count)) for _ in range(max(1, count // 100))}
    CompanyLink.objects.bulk_create(
        CompanyLink(agency=agency, uuid=state.uuid(), from_company_id=source, to_company_id=target)
        for source, target in sorted(links)
        if source != target
    )
    return Companies(
        first=first,
        kinds=kinds,
        contacts=contact_ranges,
        activity_times=activity_times,
        clients=[position for position, kind in enumerate(kinds) if kind in ("client", "prospect")],
        suppliers=[position for position, kind in enumerate(kinds) if kind == "supplier"],
    )


def contacts_copy(state: Load, *, agency, first: int, ranges: list[tuple[int, int]]) -> None:
    rng = state.rng

    def rows():
        for position, (start, size) in enumerate(ranges):
            for offset in range(size):
                first_name, last_name = rng.choice(words.FIRST_NAMES), rng.choice(words.LAST_NAMES)
                title, department = rng.choice(words.JOB_TITLES)
                booker = title in ("Travel Manager", "Executive Assistant", "PA to the CFO")
                yield (
                    start + offset, agency.pk, state.uuid(), first + position, first_name, last_name, title,
                    department, f"{_slug(first_name)}.{_slug(last_name)}{start + offset}@mail.example",
                    f"+44 20 {rng.randrange(1000, 9999)} {rng.randrange(1000, 9999)}",
                    f"+44 7{rng.randrange(100, 999)} {rng.randrange(100000, 999999)}", offset == 0, booker,
                    rng.random() < 0.6, rng.random() < 0.05, "", state.ago(HISTORY),
                )  # fmt: skip

    state.copy(
        Contact,
        ("id", "agency_id", "uuid", "company_id", "first_name", "last_name", "job_title", "department", "email",
         "phone", "mobile", "is_primary", "is_booker", "is_traveller", "is_vip", "notes", "created_at"),
        rows(),
    )  # fmt: skip


def activities_load(state: Load, *, agency, companies: Companies, authors: list[int]) -> None:
    """Every activity of the agency, in the order they happened; one in seven names a contact."""
    rng = state.rng
    timeline = sorted((at, position) for position, times in enumerate(companies.activity_times) for at in times)
    first = state.ids.take(Activity, len(timeline))
    attendees = []

    def rows():
        for offset, (at, position) in enumerate(timeline):
            kind = state.pick(KINDS)
            timed = kind != "email"
            meeting = kind == "meeting"
            online = meeting and rng.random() < 0.5
            place = ""
            if meeting:
                place = (
                    f"{rng.choice(words.MEETING_LINKS)}{rng.getrandbits(32):08x}"
                    if online
                    else rng.choice(words.PLACES)
                )
            start, size = companies.contacts[position]
            if size and rng.random() < 0.15:
                attendees.append((first + offset, start + rng.randrange(size)))
            logged = at + timedelta(minutes=rng.randrange(1, 240))
            yield (
                first + offset, agency.pk, state.uuid(), companies.id(position), kind,
                rng.choice(words.ACTIVITY_SUBJECTS[kind]), at, rng.choice(OUTCOMES_BY_KIND[kind]).value,
                rng.choice((5, 10, 15, 30, 45, 60, 90)) if timed else None,
                ("online" if online else "in_person") if meeting else "", place, rng.choice(words.ACTIVITY_DETAILS),
                rng.choice(authors), logged, logged,
            )  # fmt: skip

    state.copy(
        Activity,
        ("id", "agency_id", "uuid", "company_id", "kind", "subject", "occurred_at", "outcome", "duration_minutes",
         "location_type", "place", "details", "author_id", "created_at", "updated_at"),
        rows(),
    )  # fmt: skip
    first_attendee = state.ids.take(ActivityContact, len(attendees))
    state.copy(
        ActivityContact,
        ("id", "agency_id", "uuid", "activity_id", "contact_id"),
        (
            (first_attendee + index, agency.pk, state.uuid(), activity, contact)
            for index, (activity, contact) in enumerate(attendees)
        ),
    )


def tickets_load(state: Load, *, agency, companies: Companies, subjects, users, count: int) -> None:
    """Tickets numbered 1..N in the order they were opened (the open ones recent), a few actions
    each, and the agency's ticket counter at N."""
    rng = state.rng
    opened = sorted(
        [(state.ago(timedelta(days=90)), True) for _ in range(round(count * OPEN_TICKET_SHARE))]
        + [(state.ago(HISTORY) - timedelta(days=1), False) for _ in range(count - round(count * OPEN_TICKET_SHARE))]
    )
    first = state.ids.take(Ticket, len(opened))
    actions = []

    def rows():
        for offset, (created, is_open) in enumerate(opened):
            category_type = state.pick(CATEGORY_TYPES)
            pool = companies.suppliers if category_type == "supplier" else companies.clients
            if not pool:
                category_type, pool = "client", companies.clients or [0]
            company = contact = None
            if category_type != "internal":
                position = rng.choice(pool)
                company = companies.id(position)
                start, size = companies.contacts[position]
                if size and rng.random() < 0.5:
                    contact = start + rng.randrange(size)
            closed_at = None if is_open else min(created + timedelta(hours=rng.uniform(1, 480)), state.now)
            status = state.pick(OPEN_STATUSES) if is_open else "closed"
            owner = rng.choice(users)
            ticket = first + offset
            for step in range(rng.randrange(0, 3)):
                kind, details = rng.choice(words.TICKET_ACTIONS)
                actions.append((ticket, kind, details, owner, created + timedelta(hours=step + 1)))
            if closed_at is not None:
                actions.append((ticket, "outcome", rng.choice(words.TICKET_OUTCOMES), owner, closed_at))
            yield (
                ticket, agency.pk, state.uuid(), offset + 1, category_type,
                rng.choice(CATEGORIES_BY_TYPE[category_type]).value, company, contact, rng.choice(subjects),
                rng.choice(words.TICKET_DESCRIPTIONS), state.pick(PRIORITIES), status, owner,
                rng.choice(users) if rng.random() < 0.85 else None, created, closed_at or created, closed_at,
            )  # fmt: skip

    state.copy(
        Ticket,
        ("id", "agency_id", "uuid", "number", "category_type", "category", "company_id", "contact_id", "subject_id",
         "description", "priority", "status", "owner_id", "assignee_id", "created_at", "updated_at", "closed_at"),
        rows(),
    )  # fmt: skip
    first_action = state.ids.take(TicketAction, len(actions))
    state.copy(
        TicketAction,
        ("id", "agency_id", "uuid", "ticket_id", "kind", "details", "author_id", "created_at", "updated_at"),
        (
            (first_action + index, agency.pk, state.uuid(), ticket, kind, details, author, at, at)
            for index, (ticket, kind, details, author, at) in enumerate(actions)
        ),
    )
    TicketCounter.objects.create(agency=agency, uuid=state.uuid(), last_number=len(opened))


def reminders_load(state: Load, *, agency, companies: Companies, users, count: int) -> None:
    """Pending reminders: most due in the next weeks, one in six overdue (and already emailed)."""
    rng = state.rng
    first = state.ids.take(Reminder, count)
    company_count = len(companies.kinds)

    def rows():
        for offset in range(count):
            overdue = rng.random() < 1 / 6
            due = state.ago(timedelta(days=14)) if overdue else state.now + timedelta(days=rng.uniform(1, 60))
            created = due - timedelta(days=rng.uniform(1, 30))
            yield (
                first + offset, agency.pk, state.uuid(), companies.id(rng.randrange(company_count)), None, due,
                rng.choice(words.REMINDER_MESSAGES), rng.choice(users), rng.choice(users), None,
                due + timedelta(minutes=1) if overdue else None, created,
            )  # fmt: skip

    state.copy(
        Reminder,
        ("id", "agency_id", "uuid", "company_id", "activity_id", "due_at", "message", "assignee_id", "created_by_id",
         "done_at", "notified_at", "created_at"),
        rows(),
    )  # fmt: skip


def suppliers_load(state: Load, *, agency, count: int) -> None:
    rng = state.rng
    suppliers = []
    for index in range(count):
        supplier_type = rng.choice(SupplierType.values)
        brand = rng.choice(words.COMPANY_PREFIXES)
        name = f"{brand} {rng.choice(words.SUPPLIER_TYPES_BY_NAME[supplier_type])}"
        if index >= len(words.COMPANY_PREFIXES):
            name = f"{name} {index}"
        slug = _slug(name)
        suppliers.append(
            Supplier(
                agency=agency,
                uuid=state.uuid(),
                supplier_type=supplier_type,
                name=name,
                name_key=normalise_name(name),
                agent_websites=[f"https://agents.{slug}.example"],
                phone_numbers=[f"+44 20 {rng.randrange(1000, 9999)} {rng.randrange(1000, 9999)}"],
                group_email=f"groups@{slug}.example",
                general_email=f"agents@{slug}.example",
                account_manager_name=f"{rng.choice(words.FIRST_NAMES)} {rng.choice(words.LAST_NAMES)}",
                account_manager_email=f"accounts@{slug}.example",
            )
        )
    suppliers = Supplier.objects.bulk_create(suppliers)
    BookingProcess.objects.bulk_create(
        BookingProcess(agency=agency, uuid=state.uuid(), supplier=supplier, title=title, body=body, order=order)
        for supplier in suppliers
        for order, (title, body) in enumerate(words.BOOKING_PROCESSES[: rng.randrange(1, 4)])
    )


def largest_agency() -> Agency | None:
    """The agency holding the most companies: the one the benchmark measures."""
    top = Company.objects.values("agency").annotate(companies=Count("pk")).order_by("-companies", "agency").first()
    return Agency.objects.filter(pk=top["agency"]).first() if top else None
