import pytest

SEAT_CHANGES = []


def record_seat_change(agency_id):
    SEAT_CHANGES.append(agency_id)


@pytest.fixture
def seat_changes(settings):
    """The agency ids passed to seat-change handlers, once their transaction commits."""
    settings.SEAT_CHANGE_HANDLERS = ["agency.tests.conftest.record_seat_change"]
    SEAT_CHANGES.clear()
    yield SEAT_CHANGES
    SEAT_CHANGES.clear()
