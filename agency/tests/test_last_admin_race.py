"""Two admins deactivating each other at the same moment leave one active admin: user-management
changes lock the agency row, so the second waits for the first to commit and then sees it."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from agency import services
from agency.tests.factories import AgencyFactory, UserFactory
from travault.permissions import Role


@pytest.mark.django_db(transaction=True)
def test_it_keeps_one_active_admin_when_two_admins_deactivate_each_other_at_once():
    agency = AgencyFactory()
    ada = UserFactory(agency=agency, role=Role.ADMIN)
    bob = UserFactory(agency=agency, role=Role.ADMIN)
    first_done, release = threading.Event(), threading.Event()
    refused = []

    def ada_deactivates_bob():
        try:
            with transaction.atomic():
                services.user_deactivate(user=bob, actor=ada)
                first_done.set()
                release.wait(5)
        finally:
            connection.close()

    def bob_deactivates_ada():
        first_done.wait(5)
        try:
            services.user_deactivate(user=ada, actor=bob)
        except ValidationError as exc:
            refused.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=ada_deactivates_bob), threading.Thread(target=bob_deactivates_ada)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    release.set()
    for thread in threads:
        thread.join(10)

    ada.refresh_from_db()
    bob.refresh_from_db()
    assert (ada.is_active, bob.is_active) == (True, False)
    assert len(refused) == 1
