"""A consultant's day with a ticket, in a real browser: open it with a new subject, work it, close it,
reopen it; then open one from a company page, work it through to closed and reopened, and come
back to the company's timeline."""

import pytest

from agency.tests.browser import log_in
from agency.tests.factories import UserFactory
from crm.tests.factories import CompanyFactory, ContactFactory
from ticketing.models import Ticket
from travault.permissions import Role

from .factories import TicketFactory, TicketSubjectFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_opens_works_closes_and_reopens_a_ticket(live_server, page, screenshot, agency):
    admin = UserFactory(agency=agency, role=Role.ADMIN, first_name="Ava", last_name="Admin")
    colleague = UserFactory(agency=agency, role=Role.CONSULTANT, first_name="Cole", last_name="Agent")
    company = CompanyFactory(agency=agency, name="Acme Pharma", company_type="client")
    ContactFactory(company=company, agency=agency, first_name="Ada", last_name="Booker")
    log_in(page, live_server, admin.email)

    page.goto(f"{live_server.url}/tickets/")
    screenshot("01-empty-board")
    page.get_by_role("link", name="Open a ticket").first.click()
    page.wait_for_url("**/tickets/new/**")
    page.select_option("#id_category", "complaint")
    page.fill("input[name=company_search]", "acme")
    page.wait_for_selector(f"#id_company option[value='{company.uuid}']", state="attached")
    page.select_option("#id_company", str(company.uuid))
    page.wait_for_selector("#id_contact option:has-text('Ada Booker')", state="attached")
    page.select_option("#id_contact", label="Ada Booker · Travel manager")
    page.fill("#id_subject", "Lost luggage")
    page.check("#id_new_subject")
    page.fill("#id_description", "Bag lost on the LHR to JFK flight.")
    page.select_option("#id_priority", "high")
    page.select_option("#id_assignee", str(colleague.uuid))
    screenshot("02-open-form")
    page.get_by_role("button", name="Open ticket").click()
    page.wait_for_url("**/tickets/1/**")
    assert page.get_by_role("heading", name="#1 Lost luggage").is_visible()
    ticket = Ticket.objects.get()
    assert (ticket.subject.name, ticket.contact.first_name, ticket.assignee) == ("Lost luggage", "Ada", colleague)

    page.select_option("#id_kind", "response")
    page.fill("#id_details", "Airline confirmed the bag is in New York.")
    page.get_by_role("button", name="Add entry").click()
    page.wait_for_selector("text=Your entry was added to the timeline.")
    assert page.locator(".ticket-timeline").get_by_text("Airline confirmed the bag is in New York.").is_visible()

    page.select_option("#quick-status", "in_progress")
    page.wait_for_selector(".ticket-timeline >> text=Status changed from Open to In progress")
    screenshot("03-worked")

    page.fill("#id_outcome", "Bag delivered to the hotel.")
    page.get_by_role("button", name="Close with this outcome").click()
    page.wait_for_selector("text=closed and read-only")
    screenshot("04-closed")
    for gone in ["Add entry", "Close with this outcome", "Set"]:
        assert page.get_by_role("button", name=gone).count() == 0, gone
    assert page.get_by_role("link", name="Edit").count() == 0
    assert page.locator("#quick-status").count() == 0

    page.get_by_role("button", name="Reopen").click()
    page.wait_for_selector("text=was reopened")
    assert page.get_by_role("button", name="Add entry").is_visible()
    assert page.locator(".ticket-timeline").get_by_text("Status changed from Closed to Open").is_visible()
    screenshot("05-reopened")

    page.get_by_role("link", name="Back to tickets").click()
    page.wait_for_url("**/tickets/")
    assert page.get_by_role("link", name="#1").is_visible()
    screenshot("06-board")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_opens_a_ticket_from_a_company_page_and_returns_there(live_server, page, screenshot, agency):
    manager = UserFactory(agency=agency, role=Role.MANAGER)
    supplier = CompanyFactory(agency=agency, name="Skyways Air", company_type="supplier")
    log_in(page, live_server, manager.email)
    company_path = supplier.get_absolute_url()

    page.goto(f"{live_server.url}{company_path}")
    page.get_by_role("link", name="Open ticket").click()
    page.wait_for_url("**/tickets/new/**")
    assert page.input_value("#id_company") == str(supplier.uuid)
    page.select_option("#id_category", "payment_invoice")
    page.fill("#id_subject", "Unpaid invoice")
    page.check("#id_new_subject")
    page.fill("#id_description", "Invoice 123 is 60 days overdue.")
    page.get_by_role("button", name="Open ticket").click()
    page.wait_for_url("**/tickets/1/**")
    screenshot("01-supplier-ticket")

    page.select_option("#id_kind", "action_taken")
    page.fill("#id_details", "Chased the supplier's accounts team.")
    page.get_by_role("button", name="Add entry").click()
    page.wait_for_selector("text=Your entry was added to the timeline.")
    page.fill("#id_outcome", "Invoice paid.")
    page.get_by_role("button", name="Close with this outcome").click()
    page.wait_for_selector("text=closed and read-only")
    assert page.get_by_role("button", name="Add entry").count() == 0
    assert page.locator("#quick-status").count() == 0
    screenshot("02-closed")

    page.get_by_role("button", name="Reopen").click()
    page.wait_for_selector("text=was reopened")
    assert page.get_by_role("button", name="Add entry").is_visible()

    page.get_by_role("link", name="Back").first.click()
    page.wait_for_url(f"**{company_path}")
    page.get_by_role("link", name="Activity").click()
    page.wait_for_selector("text=Ticket #1 · Unpaid invoice")
    screenshot("03-company-timeline")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_manager_renames_and_merges_subjects(live_server, page, screenshot, agency):
    manager = UserFactory(agency=agency, role=Role.MANAGER)
    company = CompanyFactory(agency=agency, company_type="client")
    ticket = TicketFactory(agency=agency, company=company, subject=TicketSubjectFactory(agency=agency, name="Refnd"))
    TicketSubjectFactory(agency=agency, name="Visa")
    log_in(page, live_server, manager.email)

    page.goto(f"{live_server.url}/tickets/")
    page.get_by_role("link", name="Subjects").click()
    page.wait_for_url("**/tickets/subjects/")
    page.fill("#id_name", "Name change")
    page.get_by_role("button", name="Add").click()
    page.wait_for_selector("text=“Name change” was added.")
    page.get_by_label("Rename Refnd").get_by_role("textbox").fill("Refund")
    page.get_by_label("Rename Refnd").get_by_role("button", name="Rename").click()
    page.wait_for_selector("text=“Refnd” was renamed “Refund”.")
    screenshot("01-subjects")

    page.get_by_role("link", name="Delete Refund").click()
    page.select_option("#id_merge_into", label="Visa")
    screenshot("02-merge")
    page.get_by_role("button", name="Delete and merge").click()
    page.wait_for_selector("text=and its 1 ticket moved")

    ticket.refresh_from_db()
    assert ticket.subject.name == "Visa"
