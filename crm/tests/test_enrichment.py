import json
import logging
from pathlib import Path

import pytest
import requests
import responses
from django.urls import reverse

from crm.diffbot import ANALYZE_URL

pytestmark = pytest.mark.django_db

TOKEN = "diffbot-secret-token-123"
CREATE = reverse("crm:company-create")
ENRICH = reverse("crm:company-enrich")
RESULT = reverse("crm:company-enrich-result")
RECORDED = json.loads((Path(__file__).parent / "data" / "diffbot_analyze_organization.json").read_text())


@pytest.fixture
def diffbot(settings):
    settings.DIFFBOT_TOKEN = TOKEN
    with responses.RequestsMock() as mock:
        yield mock


def form(**overrides):
    values = {"name": "", "website": "https://northwind.example", "company_type": "prospect", "stage": "lead"}
    values.update(overrides)
    return values


def look_up(client, django_capture_on_commit_callbacks, **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(ENRICH, form(**overrides))
    lookup = started.context["lookup"]
    return client.post(RESULT, {**form(**overrides), "lookup": lookup})


def test_it_hides_the_button_without_a_token(sales_client, settings):
    settings.DIFFBOT_TOKEN = ""

    assert "Fill from website" not in sales_client.get(CREATE).text
    assert sales_client.post(ENRICH, form()).status_code == 404
    assert sales_client.post(RESULT, {"lookup": "x"}).status_code == 404


def test_it_shows_the_button_but_never_the_token(sales_client, diffbot):
    response = sales_client.get(CREATE)

    assert "Fill from website" in response.text
    assert TOKEN not in response.text


def test_it_requires_login(client, diffbot):
    assert client.post(ENRICH, form()).status_code == 302


def test_it_refuses_get(sales_client, diffbot):
    assert sales_client.get(ENRICH).status_code == 405
    assert sales_client.get(RESULT).status_code == 405


def test_it_forbids_consultants(consultant_client, diffbot):
    assert consultant_client.post(ENRICH, form()).status_code == 403


def test_it_fills_the_empty_fields_from_the_website(sales_client, diffbot, django_capture_on_commit_callbacks):
    diffbot.get(ANALYZE_URL, json=RECORDED)

    response = look_up(sales_client, django_capture_on_commit_callbacks, phone="+44 1 234")

    initial = response.context["form"].initial
    assert initial["name"] == "Northwind Traders Ltd"
    assert (initial["street"], initial["city"], initial["region"]) == ("12 Harbour Road", "Bristol", "England")
    assert (initial["postcode"], initial["country"]) == ("BS1 5TT", "United Kingdom")
    assert initial["email"] == "hello@northwind.example"
    assert initial["linkedin"] == "https://www.linkedin.com/company/northwind-traders"
    assert initial["description"].startswith("Northwind Traders imports")
    assert initial["phone"] == "+44 1 234"
    assert "Please review before saving" in response.text
    assert 'value="Northwind Traders Ltd"' in response.text
    call = diffbot.calls[0]
    assert call.request.params == {"url": "https://northwind.example", "token": TOKEN}
    assert call.request.req_kwargs["timeout"] == 10
    assert TOKEN not in response.text


def test_it_answers_pending_until_the_look_up_is_done(sales_client, diffbot):
    started = sales_client.post(ENRICH, form(name="Typed"))

    assert started.status_code == 200
    assert 'name="lookup"' in started.text
    assert 'value="Typed"' in started.text
    polled = sales_client.post(RESULT, {**form(name="Typed"), "lookup": started.context["lookup"]})
    assert "Looking the website up" in polled.text


@pytest.mark.parametrize(
    "stub",
    [
        {"status": 500, "json": {"error": "boom", "token": TOKEN}},
        {"status": 401, "json": {"errorCode": 401, "error": f"Not authorized API token {TOKEN}"}},
        {"body": requests.Timeout(f"timed out {ANALYZE_URL}?token={TOKEN}")},
        {"body": requests.ConnectionError(f"refused {ANALYZE_URL}?token={TOKEN}")},
        {"status": 200, "body": "<html>not json</html>"},
        {"status": 200, "json": {"objects": []}},
    ],
)
def test_it_shows_a_friendly_message_when_diffbot_fails(
    sales_client, diffbot, django_capture_on_commit_callbacks, caplog, stub
):
    diffbot.get(ANALYZE_URL, **stub)

    with caplog.at_level(logging.DEBUG):
        response = look_up(sales_client, django_capture_on_commit_callbacks, name="Kept")

    assert response.status_code == 200
    assert response.context["enrichment_error"]
    assert "by hand" in response.text or "No company details" in response.text
    assert response.context["form"].initial["name"] == "Kept"
    assert TOKEN not in response.text
    assert TOKEN not in caplog.text


def test_it_asks_for_a_website_first(sales_client, diffbot):
    response = sales_client.post(ENRICH, form(website="not a website"))

    assert "Enter the company&#x27;s website address first" in response.text
    assert len(diffbot.calls) == 0


def test_it_404s_on_a_look_up_of_another_agency(client, sales_user, outsider, diffbot):
    client.force_login(sales_user)
    lookup = client.post(ENRICH, form()).context["lookup"]
    client.force_login(outsider)

    assert client.post(RESULT, {**form(), "lookup": lookup}).status_code == 404


def test_it_404s_on_an_unknown_look_up(sales_client, diffbot):
    assert sales_client.post(RESULT, {**form(), "lookup": "nope"}).status_code == 404


def test_it_gives_up_polling_after_a_while(sales_client, diffbot):
    lookup = sales_client.post(ENRICH, form()).context["lookup"]

    polled = sales_client.post(RESULT, {**form(), "lookup": lookup, "attempt": "3"})
    assert polled.context["attempt"] == 4
    response = sales_client.post(RESULT, {**form(), "lookup": lookup, "attempt": "19"})

    assert "taking too long" in response.text
    assert 'name="lookup"' not in response.text


def test_it_treats_a_garbled_attempt_count_as_the_first(sales_client, diffbot):
    lookup = sales_client.post(ENRICH, form()).context["lookup"]

    assert sales_client.post(RESULT, {**form(), "lookup": lookup, "attempt": "x"}).context["attempt"] == 1
