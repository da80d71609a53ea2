import re
from decimal import Decimal
from unittest.mock import patch

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils.html import format_html

from crm import selectors
from crm.models import Company, Stage
from crm.pipeline_cards import board_columns, stage_options

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

    columns = {column.stage: column for column in response.context["columns"]}
    assert list(columns) == list(Stage.values)
    assert [re.search(r'data-name="([^"]*)"', card).group(1) for card in columns["qualified"].cards] == [
        "Alpha",
        "Beta",
    ]
    assert (columns["qualified"].count, columns["qualified"].total) == (2, "3,500")
    assert (columns["trading"].count, columns["trading"].total) == (1, "0")
    assert "Rival Corp" not in response.text
    assert 'GBP <span class="column-total">3,500</span>' in response.text


def card_html(html, name):
    card = html[html.index(f'data-name="{name}"') :]
    return card[: card.index("</li>")]


def test_it_shows_each_cards_links_owner_and_spend(sales_client, agency, sales_user):
    sales_user.first_name, sales_user.last_name = "Sam", "Seller"
    sales_user.save()
    owned = CompanyFactory(agency=agency, name="Alpha", owner=sales_user, expected_annual_spend=Decimal("1234567.50"))
    unowned = CompanyFactory(agency=agency, name="Beta", expected_annual_spend=None)

    html = sales_client.get(BOARD).text

    assert f'data-move-url="{move_url(owned)}" data-spend="1234567.50" data-name="Alpha"' in html
    assert f'href="{owned.get_absolute_url()}">Alpha</a>' in card_html(html, "Alpha")
    assert "Sam Seller · GBP 1,234,568</div>" in card_html(html, "Alpha")
    assert f'<form method="post" action="{move_url(owned)}"' in card_html(html, "Alpha")
    assert f'data-move-url="{move_url(unowned)}" data-spend="0" data-name="Beta"' in html
    assert '<div class="small text-body-secondary">No owner</div>' in card_html(html, "Beta")


def test_each_card_is_the_card_template_rendered_with_its_values(agency, sales_user):
    """The cards are rendered once per board and filled in per card: the same HTML as rendering
    the card template for each card."""
    sales_user.first_name, sales_user.last_name = "Ann & <Bo>", '"Q"'
    sales_user.save()
    company = CompanyFactory(agency=agency, name="<i>A</i> & 'B' {0} {name}", owner=sales_user, stage="trading")
    company.expected_annual_spend = Decimal("1000.50")
    company.save()
    csrf_input = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', "t0k3n")

    for editable in (True, False):
        column = next(column for column in selectors.pipeline_board(agency=agency) if column.companies)
        [card] = board_columns([column], currency="E&R", editable=editable, csrf_input=csrf_input)[0].cards

        expected = render_to_string(
            "crm/_pipeline_card.html",
            {
                "editable": editable,
                "csrf_input": csrf_input,
                "row": {
                    "name": company.name,
                    "uuid": company.uuid,
                    "url": company.get_absolute_url(),
                    "move_url": move_url(company),
                    "spend": "1000.50",
                    "details": 'Ann & <Bo> "Q" · E&R 1,001',
                    "stage_options": stage_options("trading"),
                },
            },
        )
        assert card == expected
        assert ("t0k3n" in card) is editable


def test_it_escapes_company_names_everywhere_on_a_card(sales_client, agency):
    CompanyFactory(agency=agency, name='<b>Bold</b> & "Quoted"')

    html = sales_client.get(BOARD).text

    assert "<b>Bold</b>" not in html
    escaped = "&lt;b&gt;Bold&lt;/b&gt; &amp; &quot;Quoted&quot;"
    assert f'data-name="{escaped}"' in html
    assert f">{escaped}</a>" in html
    assert f"Stage of {escaped}</label>" in html


def test_every_stage_form_carries_a_token_that_moves_the_card(agency, sales_user):
    """The token is rendered once per page and reused by every card's form (no JavaScript)."""
    alpha = CompanyFactory(agency=agency, name="Alpha", stage="lead")
    CompanyFactory(agency=agency, name="Beta", stage="trading")
    client = Client(enforce_csrf_checks=True)
    client.force_login(sales_user)

    html = client.get(BOARD).text

    forms = re.findall(r'<form method="post" action="[^"]+" class="stage-form[^>]*>(<input[^>]+>)', html)
    assert len(forms) == 2
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', forms[0]).group(1)
    assert client.post(move_url(alpha), {"stage": "qualified", "csrfmiddlewaretoken": token}).url == BOARD
    alpha.refresh_from_db()
    assert alpha.stage == "qualified"


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
    assert response.text.count('class="pipeline-card ') == 5 * min(rows, selectors.PIPELINE_CARDS)


def test_it_shows_the_first_cards_of_a_stage_and_counts_the_rest(consultant_client, agency):
    for name in ["Delta", "Alpha", "Echo", "Charlie", "Bravo"]:
        CompanyFactory(agency=agency, name=name, stage="lead", expected_annual_spend=100)

    with patch("crm.selectors.PIPELINE_CARDS", 3):
        response = consultant_client.get(BOARD)
        lead = selectors.pipeline_board(agency=agency)[0]

    assert [c.name for c in lead.companies] == ["Alpha", "Bravo", "Charlie"]
    assert (lead.count, lead.total_spend, lead.more, lead.more_spend) == (5, 500, 2, 200)
    assert f'href="{reverse("crm:company-list")}?stage=lead">2 more in the company list' in response.text
    assert 'data-more-count="2" data-more-spend="200.00"' in response.text


def test_it_picks_the_same_first_cards_on_every_database(agency, other_agency, admin_user):
    """The board reads its cards through one LATERAL join on PostgreSQL and a window function elsewhere."""
    for stage in ("lead", "trading", "on_hold"):
        for name in ["Delta", "Alpha", "Echo", "Charlie", "Bravo", "Bravo"]:
            CompanyFactory(agency=agency, name=name, stage=stage, owner=admin_user if name < "D" else None)
    CompanyFactory(agency=other_agency, name="Aardvark", stage="lead")
    stages = ["trading", "lead", "qualified"]

    window = selectors._first_companies_window(agency_id=agency.pk, stages=stages, limit=4)
    if connection.vendor == "postgresql":
        assert selectors._first_companies_lateral(agency_id=agency.pk, stages=stages, limit=4) == window
    assert [(company.stage, company.name) for company in window] == [
        (stage, name) for stage in ("trading", "lead") for name in ("Alpha", "Bravo", "Bravo", "Charlie")
    ]
    assert (window[0].owner_first_name, window[0].owner_last_name) == (admin_user.first_name, admin_user.last_name)
    assert window[1].pk < window[2].pk


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
    client = Client(enforce_csrf_checks=True)
    client.force_login(sales_user)

    assert client.post(move_url(company), {"stage": "qualified"}).status_code == 403
    company.refresh_from_db()
    assert company.stage == "lead"
