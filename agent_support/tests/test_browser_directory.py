"""A consultant looks a supplier up in a real browser: the directory lists every entry collapsed, an
entry's contacts and booking processes load the first time it is opened (by mouse or keyboard), and
a search that finds one supplier shows it open at once."""

import pytest

from agency.tests.browser import log_in
from agency.tests.factories import UserFactory
from agent_support.models import SupplierType
from travault.permissions import Role

from .factories import BookingProcessFactory, SupplierFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_loads_an_entry_when_it_is_opened(live_server, page, screenshot, agency):
    consultant = UserFactory(agency=agency, role=Role.CONSULTANT)
    harbour = SupplierFactory(
        agency=agency, name="Harbour Hotels", supplier_type=SupplierType.ACCOMMODATION, notes="Ask for the TMC rate."
    )
    BookingProcessFactory(
        supplier=harbour,
        title="Group booking",
        order=0,
        body="Fill in the group form at https://groups.harbour.example/form\nAllow two working days.",
        with_pdf=True,
    )
    BookingProcessFactory(supplier=harbour, title="Amend a booking", order=1, body="Call the reservations desk.")
    skyline = SupplierFactory(agency=agency, name="Skyline Air", supplier_type=SupplierType.AIR)
    BookingProcessFactory(supplier=skyline, title="Name change", body="Email the agency desk before check-in.")
    SupplierFactory(agency=agency, name="Eurostar", supplier_type=SupplierType.RAIL)
    SupplierFactory(agency=agency, name="City Cabs", supplier_type=SupplierType.GROUND_TRANSPORTATION)
    errors = []
    page.emulate_media(reduced_motion="reduce")
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    details = []
    page.on("request", lambda request: details.append(request.url) if "/details/" in request.url else None)
    log_in(page, live_server, consultant.email)

    page.get_by_role("link", name="Agent Support").click()
    page.wait_for_url("**/agent-support/")
    harbour_button = page.get_by_role("button", name="Harbour Hotels")
    harbour_body = page.locator(f"#supplier-{harbour.uuid}-body")
    assert harbour_button.get_attribute("aria-expanded") == "false"
    assert "2 booking processes" in harbour_button.inner_text()
    assert harbour_body.get_by_text("Group booking").count() == 0
    assert details == []

    harbour_button.click()
    harbour_body.get_by_role("heading", name="1. Group booking").wait_for()
    assert harbour_button.get_attribute("aria-expanded") == "true"
    assert harbour_body.get_by_role("link", name="https://groups.harbour.example/form").is_visible()
    assert harbour_body.get_by_role("link", name="process.pdf").is_visible()
    assert harbour_body.get_by_text("Ask for the TMC rate.").is_visible()
    assert harbour_body.get_by_role("link", name="Edit Harbour Hotels").is_visible()
    assert len(details) == 1
    screenshot("01-opened")

    skyline_button = page.get_by_role("button", name="Skyline Air")
    skyline_button.focus()
    page.keyboard.press("Space")
    page.locator(f"#supplier-{skyline.uuid}-body").get_by_role("heading", name="1. Name change").wait_for()
    assert skyline_button.get_attribute("aria-expanded") == "true"
    page.wait_for_function(
        "id => !document.getElementById(id).classList.contains('show')", arg=f"supplier-{harbour.uuid}-body"
    )
    assert harbour_button.get_attribute("aria-expanded") == "false"

    harbour_button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "id => document.getElementById(id).classList.contains('show')", arg=f"supplier-{harbour.uuid}-body"
    )
    assert harbour_body.get_by_role("heading", name="2. Amend a booking").is_visible()
    assert len(details) == 2, "an entry is loaded once"

    page.fill("#supplier-search", "harbour")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/agent-support/?q=harbour**")
    assert page.get_by_role("button", name="Harbour Hotels").get_attribute("aria-expanded") == "true"
    assert page.locator(f"#supplier-{harbour.uuid}-body").get_by_role("heading", name="1. Group booking").is_visible()
    assert len(details) == 2, "a single match is shown without a further request"
    screenshot("02-single-match")
    assert errors == []
