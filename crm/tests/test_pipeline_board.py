from unittest.mock import patch

import pytest
from django.urls import reverse

from crm.models import Company, Stage

from .factories import CompanyFactory

pytestmark = pytest.mark.django_db

BOARD = reverse("crm:pipeline-board")


def move_url(company):
    return reverse("crm:company-move", kwargs={"company": company.uuid})


def test_it_requires_login(client):
    assert client.get(BOARD).url.startswith(reverse("account_login"))


def test_it_shows_a_column_per_stage_with_count_and_total(consultant_client, agency, foreign_company):
    CompanyFactory(agency=agency, name="Alpha", stage="qualified", expected_annual_spend=1000)
    CompanyFactory(agency=agency, name="Beta", stage="qualified", expected_annual_spend=2500)
    CompanyFactory(agency=agency, name="Gamma", stage="trading")

    response = consultant_client.get(BOARD)

    columns = {column.stage: column for column, _stage_options in response.context["columns"]}
    assert list(columns) == list(Stage.values)
    assert [c.name for c in columns["qualified"].companies] == ["Alpha", "Beta"]
    assert (columns["qualified"].count, columns["qualified"].total_spend) == (2, 3500)
    assert (columns["trading"].count, columns["trading"].total_spend) == (1, 0)
    assert "Rival Corp" not in response.text
    assert 'GBP <span class="column-total">3,500</span>' in response.text


def test_it_gives_each_cards_stage_picker_the_cards_stage(sales_client, agency):
    qualified = CompanyFactory(agency=agency, name="Alpha", stage="qualified")
    trading = CompanyFactory(agency=agency, name="Gamma", stage="trading")

    html = sales_client.get(BOARD).text

    for company, label in ((qualified, "Qualified"), (trading, "Trading")):
        picker = html[html.index(f'id="stage-{company.uuid}"') :]
        picker = picker[: picker.index("</select>")]
        assert picker.count(" selected") == 1
        assert f"selected>{label}</option>" in picker
        assert picker.count("<option") == len(Stage.values)


def test_it_gives_the_drag_script_and_stage_forms_to_editors_only(consultant_client, client, sales_user, company):
    consultant_page = consultant_client.get(BOARD).text
    client.force_login(sales_user)
    sales_page = client.get(BOARD).text

    assert "pipeline_board.js" not in consultant_page
    assert move_url(company) not in consultant_page
    assert "pipeline_board.js" in sales_page
    assert "Sortable.min.js" in sales_page
    assert f'action="{move_url(company)}"' in sales_page


@pytest.mark.parametrize("rows", [1, 50])
def test_it_runs_a_fixed_number_of_queries(sales_client, agency, sales_user, rows, django_assert_num_queries):
    for stage in Stage.values[:5]:
        CompanyFactory.create_batch(rows, agency=agency, stage=stage, owner=sales_user)

    # session, user, agency, the count and spend per stage, the first cards of every stage with their owners
    with django_assert_num_queries(5):
        response = sales_client.get(BOARD)

    assert response.status_code == 200


def test_it_shows_the_first_cards_of_a_stage_and_counts_the_rest(consultant_client, agency):
    for name in ["Delta", "Alpha", "Echo", "Charlie", "Bravo"]:
        CompanyFactory(agency=agency, name=name, stage="lead", expected_annual_spend=100)

    with patch("crm.selectors.PIPELINE_CARDS", 3):
        response = consultant_client.get(BOARD)

    lead = next(column for column, _stage_options in response.context["columns"] if column.stage == "lead")
    assert [c.name for c in lead.companies] == ["Alpha", "Bravo", "Charlie"]
    assert (lead.count, lead.total_spend, lead.more, lead.more_spend) == (5, 500, 2, 200)
    assert f'href="{reverse("crm:company-list")}?stage=lead">2 more in the company list' in response.text


def test_it_requires_login_to_move(client, company):
    assert client.post(move_url(company), {"stage": "qualified"}).status_code == 302
    company.refresh_from_db()
    assert company.stage == "lead"


def test_it_refuses_get_on_move(sales_client, company):
    assert sales_client.get(move_url(company)).status_code == 405


def test_it_forbids_consultants_to_move(consultant_client, company):
    assert consultant_client.post(move_url(company), {"stage": "qualified"}).status_code == 403
    company.refresh_from_db()
    assert company.stage == "lead"


def test_it_404s_on_a_company_of_another_agency(sales_client, foreign_company):
    assert sales_client.post(move_url(foreign_company), {"stage": "qualified"}).status_code == 404
    foreign_company.refresh_from_db()
    assert foreign_company.stage == "lead"


def test_it_moves_a_card_for_the_script(sales_client, company):
    response = sales_client.post(move_url(company), {"stage": "qualified"}, headers={"Accept": "application/json"})

    assert response.json() == {"stage": "qualified", "label": "Qualified"}
    company.refresh_from_db()
    assert company.stage == Company.Stage.QUALIFIED


def test_it_moves_a_card_from_the_stage_form(sales_client, company):
    response = sales_client.post(move_url(company), {"stage": "on_hold"})

    assert response.url == BOARD
    company.refresh_from_db()
    assert company.stage == "on_hold"


@pytest.mark.parametrize("accept", ["application/json", "text/html"])
def test_it_refuses_a_stage_outside_the_choices(sales_client, company, accept):
    response = sales_client.post(move_url(company), {"stage": "won-ish"}, headers={"Accept": accept})

    assert response.status_code == 400
    company.refresh_from_db()
    assert company.stage == "lead"


def test_it_refuses_a_move_without_the_csrf_token(company, sales_user):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(sales_user)

    assert client.post(move_url(company), {"stage": "qualified"}).status_code == 403
    company.refresh_from_db()
    assert company.stage == "lead"
