"""Ticket numbers taken from parallel transactions (each thread has its own database connection)."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, transaction

from agency.tests.factories import AgencyFactory, UserFactory
from crm.tests.factories import CompanyFactory
from ticketing import services
from ticketing.models import Ticket

from .factories import TicketSubjectFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _setup():
    agency = AgencyFactory()
    owner = UserFactory(agency=agency)
    data = {
        "category_type": "client",
        "category": "query",
        "company": CompanyFactory(agency=agency, company_type="client"),
        "subject": TicketSubjectFactory(agency=agency),
        "description": "Parallel ticket",
        "priority": "low",
    }
    return agency, owner, data


def _in_own_connection(function):
    def run(*args):
        try:
            return function(*args)
        finally:
            connection.close()

    return run


def test_it_gives_parallel_openings_distinct_consecutive_numbers():
    agency, owner, data = _setup()
    workers = 8
    barrier = threading.Barrier(workers)

    @_in_own_connection
    def open_one(_):
        barrier.wait(timeout=10)
        return services.ticket_open(agency=agency, owner=owner, data=data).number

    with ThreadPoolExecutor(max_workers=workers) as pool:
        numbers = list(pool.map(open_one, range(workers)))

    assert sorted(numbers) == list(range(1, workers + 1))
    stored = Ticket.objects.filter(agency=agency).order_by("number").values_list("number", flat=True)
    assert list(stored) == list(range(1, workers + 1))


def test_a_second_opening_waits_for_the_first_to_commit_or_roll_back():
    agency, owner, data = _setup()
    services.ticket_open(agency=agency, owner=owner, data=data)
    taken = threading.Event()
    events = []

    @_in_own_connection
    def first():
        with transaction.atomic():
            number = services.ticket_number_allocate(agency=agency)
            taken.set()
            time.sleep(0.5)
            events.append(("first rolls back", number))
            transaction.set_rollback(True)

    @_in_own_connection
    def second():
        taken.wait(timeout=10)
        number = services.ticket_open(agency=agency, owner=owner, data=data).number
        events.append(("second opened", number))

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)

    assert events == [("first rolls back", 2), ("second opened", 2)]
