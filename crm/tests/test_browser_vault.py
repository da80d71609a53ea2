"""A sales user fills a new company from its website, adds a contact, client notes and a fee,
then drags the company's card to Qualified on the pipeline board and finds it there after a reload,
and moves it on with the card's stage select, as a keyboard user would."""

import json
from pathlib import Path

import pytest
import responses

from agency.tests.factories import TEST_PASSWORD, UserFactory
from crm.diffbot import ANALYZE_URL
from crm.models import Company
from travault.permissions import Role

RECORDED = json.loads((Path(__file__).parent / "data" / "diffbot_analyze_organization.json").read_text())


@pytest.fixture
def diffbot(settings):
    settings.DIFFBOT_TOKEN = "browser-test-token"
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.add_passthru("http://localhost")
        mock.add_passthru("http://127.0.0.1")
        mock.get(ANALYZE_URL, json=RECORDED)
        yield mock


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_builds_a_company_and_moves_it_on_the_board(live_server, page, screenshot, agency, diffbot):
    user = UserFactory(agency=agency, role=Role.SALES, email="sam@bluewave.example", first_name="Sam")
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/dashboard/")

    page.get_by_role("link", name="The Vault").first.click()
    screenshot("01-empty-vault")
    page.get_by_role("link", name="Add company").first.click()
    page.fill("#id_website", "https://northwind.example")
    page.get_by_role("button", name="Fill from website").click()
    page.get_by_text("Please review before saving").wait_for()
    assert page.input_value("#id_name") == "Northwind Traders Ltd"
    assert page.input_value("#id_city") == "Bristol"
    page.select_option("#id_owner", label="Sam " + user.last_name)
    page.fill("#id_expected_annual_spend", "50000")
    screenshot("02-company-form-filled")
    page.get_by_role("button", name="Add company").click()
    page.get_by_role("heading", name="Northwind Traders Ltd").wait_for()
    screenshot("03-company-details")
    company = Company.objects.get(name="Northwind Traders Ltd")
    assert company.agency == agency

    page.get_by_role("link", name="Contacts").click()
    page.get_by_role("link", name="Add contact").click()
    page.fill("#id_first_name", "Ada")
    page.fill("#id_last_name", "Lovelace")
    page.fill("#id_email", "ada@northwind.example")
    page.check("#id_is_booker")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("cell", name="Ada Lovelace").wait_for()
    screenshot("04-contacts")

    page.get_by_role("link", name="Client Notes & Fees").click()
    page.get_by_role("link", name="Add notes").click()
    page.fill("#id_account_number", "NW-0042")
    page.fill("#id_travel_policy", "Economy under six hours; business above.")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Economy under six hours; business above.").wait_for()
    page.get_by_role("link", name="Add fee").click()
    page.select_option("#id_service", "hotel")
    page.fill("#id_online_fee", "5")
    page.fill("#id_offline_fee", "15")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("cell", name="Hotel").wait_for()
    screenshot("05-client-notes-and-fees")

    page.goto(f"{live_server.url}/vault/pipeline/")
    card = page.locator(".pipeline-card", has_text="Northwind Traders Ltd")
    target = page.locator('.pipeline-cards[data-stage="qualified"]')
    assert page.locator('.pipeline-cards[data-stage="lead"] .pipeline-card').count() == 1
    screenshot("06-board-before")
    card_box = card.locator("a").bounding_box()
    target_box = target.bounding_box()
    with page.expect_response(lambda r: "/stage/" in r.url and r.request.method == "POST") as moved:
        page.mouse.move(card_box["x"] + card_box["width"] + 4, card_box["y"] + 4)
        page.mouse.down()
        page.mouse.move(target_box["x"] + 40, target_box["y"] + 20, steps=20)
        page.mouse.move(target_box["x"] + 50, target_box["y"] + 30, steps=5)
        page.mouse.up()
    assert moved.value.ok
    page.reload()
    page.locator('.pipeline-cards[data-stage="qualified"] .pipeline-card', has_text="Northwind Traders Ltd").wait_for()
    assert page.locator('.pipeline-cards[data-stage="lead"] .pipeline-card').count() == 0
    assert page.locator('section[data-stage="qualified"] .column-count').inner_text() == "1"
    screenshot("07-board-after-reload")
    company.refresh_from_db()
    assert company.stage == Company.Stage.QUALIFIED

    page.select_option(f"#stage-{company.uuid}", "in_discussion")
    with page.expect_response(lambda r: "/stage/" in r.url and r.request.method == "POST") as moved:
        page.get_by_role("button", name="Move").click()
    assert moved.value.ok
    page.locator('.pipeline-cards[data-stage="in_discussion"] .pipeline-card', has_text="Northwind").wait_for()
    assert page.locator('section[data-stage="qualified"] .column-count').inner_text() == "0"
    company.refresh_from_db()
    assert company.stage == Company.Stage.IN_DISCUSSION

    page.get_by_role("link", name="Company list").click()
    page.get_by_role("cell", name="In discussion").wait_for()
    screenshot("08-company-list")
