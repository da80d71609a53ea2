from datetime import timedelta

import pytest
import responses
from django.core.cache import cache
from django.utils import timezone

from crm import selectors, services
from crm.diffbot import ANALYZE_URL
from crm.selectors import enrichment_cache_key
from crm.tasks import company_enrichment_fetch

from .factories import CompanyFactory

pytestmark = pytest.mark.django_db


def test_it_refuses_an_owner_of_another_agency(agency, outsider):
    with pytest.raises(ValueError, match="another agency"):
        services.company_create(agency=agency, data={"name": "X", "owner": outsider})

    assert not selectors.company_list(agency=agency).exists()


def test_it_refuses_a_linked_company_of_another_agency(agency, foreign_company):
    with pytest.raises(ValueError, match="another agency"):
        services.company_create(agency=agency, data={"name": "X"}, linked_companies=[foreign_company])

    assert not selectors.company_list(agency=agency).exists()


def test_it_moves_last_activity_forward_only(company):
    later = timezone.now() + timedelta(days=1)

    services.company_record_activity(company=company, at=later)
    services.company_record_activity(company=company, at=later - timedelta(days=5))

    company.refresh_from_db()
    assert company.last_activity_at == later


def test_it_gets_a_company_only_within_its_agency(company, other_agency):
    assert selectors.company_get(agency=company.agency, uuid=company.uuid) == company
    assert selectors.company_get(agency=other_agency, uuid=company.uuid) is None


def test_it_lists_contacts_of_a_company_only(company):
    from .factories import ContactFactory

    mine = ContactFactory(company=company)
    ContactFactory(company=CompanyFactory(agency=company.agency))

    assert list(selectors.contact_list_for_company(company=company)) == [mine]


@responses.activate
def test_it_runs_a_look_up_once(settings, agency):
    settings.DIFFBOT_TOKEN = "t"
    responses.get(ANALYZE_URL, json={"objects": [{"name": "Once Ltd"}]})
    key = enrichment_cache_key(agency_id=agency.pk, lookup="abc")
    cache.set(key, {"status": "pending"})

    company_enrichment_fetch(agency_id=agency.pk, lookup="abc", website="https://once.example")
    company_enrichment_fetch(agency_id=agency.pk, lookup="abc", website="https://once.example")

    assert cache.get(key) == {"status": "done", "fields": {"name": "Once Ltd"}}
    assert len(responses.calls) == 1


def test_it_lists_the_agency_contacts_and_company_choices(company, foreign_company):
    from .factories import ContactFactory

    mine = ContactFactory(company=company)
    ContactFactory(company=foreign_company)

    assert list(selectors.contact_list(agency=company.agency)) == [mine]
    assert list(selectors.company_choices(agency=company.agency)) == [company]
