import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from activity_log.timeline import Cursor, Entry, activity_entries, timeline_page

from .factories import ActivityFactory

pytestmark = pytest.mark.django_db


def test_it_pages_newest_first_without_gaps_or_repeats(company):
    now = timezone.now()
    activities = [ActivityFactory(company=company, occurred_at=now - timedelta(hours=n)) for n in range(7)]
    same_time = ActivityFactory.create_batch(3, company=company, occurred_at=now - timedelta(hours=3))
    seen, cursor = [], None
    while True:
        page = timeline_page(company=company, before=cursor, limit=3)
        seen.extend(entry.obj for entry in page.entries)
        cursor = page.next_cursor
        if cursor is None:
            break

    assert len(seen) == len({a.uuid for a in seen}) == 10
    assert {a.uuid for a in seen} == {a.uuid for a in activities + same_time}
    assert [a.occurred_at for a in seen] == sorted((a.occurred_at for a in seen), reverse=True)


def test_it_shows_only_the_company_activities(company, agency):
    ActivityFactory(company__agency=agency)
    mine = ActivityFactory(company=company)

    assert [entry.obj.uuid for entry in timeline_page(company=company).entries] == [mine.uuid]


def test_it_merges_every_source_in_one_order(company):
    now = timezone.now()
    activity = ActivityFactory(company=company, occurred_at=now - timedelta(hours=1))

    def ticket_entries(*, company, before, limit):
        tickets = [
            Entry(Cursor(now, "ticket", uuid.UUID(int=1)), "newest ticket"),
            Entry(Cursor(now - timedelta(hours=2), "ticket", uuid.UUID(int=2)), "oldest ticket"),
        ]
        return [entry for entry in tickets if before is None or entry.cursor < before][:limit]

    sources = (activity_entries, ticket_entries)
    first = timeline_page(company=company, limit=2, sources=sources)
    second = timeline_page(company=company, before=first.next_cursor, limit=2, sources=sources)

    assert [entry.obj for entry in first.entries[:1]] == ["newest ticket"]
    assert first.entries[1].obj.uuid == activity.uuid
    assert [entry.obj for entry in second.entries] == ["oldest ticket"]
    assert second.next_cursor is None


def test_a_cursor_breaks_ties_between_sources(company):
    at = timezone.now()
    activity = ActivityFactory(company=company, occurred_at=at)

    def uuids(source_of_cursor, key=0):
        cursor = Cursor(at, source_of_cursor, uuid.UUID(int=key))
        return [entry.obj.uuid for entry in activity_entries(company=company, before=cursor, limit=5)]

    assert uuids("a-source-before") == []
    assert uuids("z-source-after") == [activity.uuid]
    assert uuids("activity") == []
    assert uuids("activity", 2**128 - 1) == [activity.uuid]


def test_each_run_of_the_compiled_page_reads_its_own_company_and_cursor(company, agency):
    now = timezone.now()
    older = [ActivityFactory(company=company, occurred_at=now - timedelta(days=n)) for n in (1, 2)]
    ActivityFactory(company=company, occurred_at=now + timedelta(days=1))
    neighbour = ActivityFactory(company__agency=agency, occurred_at=now - timedelta(days=1))

    def uuids(company, cursor):
        return [entry.obj.uuid for entry in activity_entries(company=company, before=cursor, limit=5)]

    assert uuids(company, Cursor(now, "activity", uuid.UUID(int=0))) == [a.uuid for a in older]
    assert uuids(company, Cursor(now - timedelta(hours=36), "activity", uuid.UUID(int=0))) == [older[1].uuid]
    assert uuids(neighbour.company, Cursor(now, "activity", uuid.UUID(int=0))) == [neighbour.uuid]


@pytest.mark.parametrize(
    "text", [None, "", "garbage", "2030-01-01T00:00:00~activity~not-a-uuid", "2030-01-01~x~" + str(uuid.uuid4())]
)
def test_it_ignores_a_malformed_cursor(text):
    assert Cursor.decode(text) is None


def test_a_cursor_survives_the_round_trip():
    cursor = Cursor(timezone.now(), "activity", uuid.uuid4())

    assert Cursor.decode(cursor.encode()) == cursor
