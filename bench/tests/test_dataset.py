"""The benchmark dataset at a tiny scale: skewed towards one agency, consistent across tables, and
the same for the same seed."""

import pytest
from django.db.models import Count, F, Max, OuterRef, Subquery

from activity_log.models import Activity, Reminder
from agency.models import Agency
from bench import dataset
from crm.models import Company, Contact
from ticketing.models import Status, Ticket, TicketCounter

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def largest_share(model) -> float:
    counts = [row["rows"] for row in model.objects.values("agency").annotate(rows=Count("pk")).order_by()]
    return max(counts) / sum(counts)


def test_it_loads_twenty_agencies_the_largest_holding_forty_percent_with_consistent_rows():
    dataset.load(scale=0.002, seed=3)

    assert Agency.objects.count() == dataset.AGENCY_COUNT
    largest = dataset.largest_agency()
    assert Company.objects.filter(agency=largest).count() == round(50_000 * 0.002 * dataset.LARGEST_SHARE)
    for model in (Contact, Activity, Ticket):
        assert largest_share(model) == pytest.approx(dataset.LARGEST_SHARE, abs=0.01), model
    assert largest.users.filter(role="admin").exists()
    for model in (Contact, Activity, Reminder):
        assert not model.objects.exclude(company__agency=F("agency")).exists(), model
    assert not Ticket.objects.filter(company__isnull=False).exclude(company__agency=F("agency")).exists()
    activities = Activity.objects.filter(company=OuterRef("pk")).order_by().values("company")
    latest = Subquery(activities.annotate(at=Max("occurred_at")).values("at")[:1])
    companies = Company.objects.annotate(latest=latest)
    assert not companies.exclude(latest__isnull=True).exclude(last_activity_at=F("latest")).exists()
    assert not companies.filter(latest__isnull=True, last_activity_at__isnull=False).exists()
    for counter in TicketCounter.objects.all():
        tickets = Ticket.objects.filter(agency_id=counter.agency_id)
        numbers = sorted(tickets.values_list("number", flat=True))
        assert numbers == list(range(1, counter.last_number + 1))
        assert tickets.exclude(status=Status.CLOSED).count() == round(len(numbers) * dataset.OPEN_TICKET_SHARE)


def test_it_loads_the_same_rows_for_the_same_seed_and_refuses_a_second_load():
    dataset.load(scale=0.001, seed=3)
    first = list(Company.objects.order_by("pk").values_list("uuid", "name", "stage"))

    with pytest.raises(dataset.DatasetError):
        dataset.load(scale=0.001, seed=3)
    dataset.load(scale=0.001, seed=3, reset=True)

    assert list(Company.objects.order_by("pk").values_list("uuid", "name", "stage")) == first
