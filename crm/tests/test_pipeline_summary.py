from decimal import Decimal

import pytest

from crm import selectors
from crm.models import Stage
from crm.tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def test_it_totals_every_stage_in_pipeline_order(agency, other_agency):
    CompanyFactory(agency=agency, stage=Stage.LEAD, expected_annual_spend=Decimal("100.25"))
    CompanyFactory(agency=agency, stage=Stage.LEAD, expected_annual_spend=None)
    CompanyFactory(agency=agency, stage=Stage.TRADING, expected_annual_spend=Decimal("5000"))
    CompanyFactory(agency=other_agency, stage=Stage.TRADING, expected_annual_spend=Decimal("7777"))

    totals = selectors.pipeline_summary(agency=agency)

    assert [total.stage for total in totals] == list(Stage.values)
    by_stage = {total.stage: (total.label, total.count, total.spend) for total in totals}
    assert by_stage[Stage.LEAD] == ("Lead", 2, Decimal("100.25"))
    assert by_stage[Stage.TRADING] == ("Trading", 1, Decimal("5000"))
    assert by_stage[Stage.QUALIFIED] == ("Qualified", 0, Decimal(0))


@pytest.mark.parametrize("rows", [1, 30])
def test_it_runs_one_aggregate_query(agency, rows, django_assert_num_queries):
    CompanyFactory.create_batch(rows, agency=agency, expected_annual_spend=10)

    with django_assert_num_queries(1):
        totals = selectors.pipeline_summary(agency=agency)

    assert sum(total.count for total in totals) == rows
