from datetime import UTC, datetime

import pytest
from django.urls import reverse

from agency.tests.factories import UserFactory
from crm.tests.factories import CompanyFactory
from ticketing import services
from ticketing.models import Ticket
from travault.tests.csv_download import read_csv

from .factories import TicketFactory, TicketSubjectFactory

pytestmark = pytest.mark.django_db

URL = reverse("ticketing:ticket-board")


def numbers(response):
    return [ticket.number for ticket in response.context["page"].object_list]


def test_it_requires_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_it_refuses_post(consultant_client):
    assert consultant_client.post(URL).status_code == 405


def test_it_lists_only_the_agency_open_tickets_by_default(consultant_client, ticket, admin_user, other_agency):
    closed = TicketFactory(agency=ticket.agency, company=ticket.company)
    services.ticket_close(ticket=closed, actor=admin_user, outcome="Done")
    TicketFactory(company__agency=other_agency, description="Foreign secret")

    response = consultant_client.get(URL)

    assert response.status_code == 200
    assert numbers(response) == [ticket.number]
    assert "Foreign secret" not in response.text


def test_it_toggles_open_closed_and_all(consultant_client, ticket, admin_user):
    closed = TicketFactory(agency=ticket.agency, company=ticket.company)
    services.ticket_close(ticket=closed, actor=admin_user, outcome="Done")

    assert numbers(consultant_client.get(URL, {"state": "closed"})) == [closed.number]
    assert numbers(consultant_client.get(URL, {"state": "all"})) == [closed.number, ticket.number]
    assert numbers(consultant_client.get(URL, {"state": "bogus"})) == [ticket.number]


def test_it_shows_the_row(consultant_client, ticket, consultant):
    Ticket.objects.filter(pk=ticket.pk).update(created_at=datetime(2026, 7, 4, 8, 5, tzinfo=UTC))
    ticket_url = f"{ticket.get_absolute_url()}?next=/tickets/%3Fpriority%3Dmedium"

    response = consultant_client.get(URL, {"priority": "medium"})

    for text in [
        f'<a class="fw-semibold" href="{ticket_url}">#{ticket.number}</a>',
        f'<a class="link-body-emphasis fw-semibold" href="{ticket_url}">Refund</a>',
        "Client · Query — Refund the cancelled Paris trip.",
        f'<a href="{ticket.company.get_absolute_url()}">Acme Pharma</a>',
        '<span class="badge ticket-status ticket-status-open">Open</span>',
        '<span class="badge ticket-priority ticket-priority-medium">Medium</span>',
        f"<td>{consultant}</td>",
        '<span title="4 Jul 2026, 09:05">4 Jul 2026</span>',
    ]:
        assert text in response.text


def test_it_shortens_a_long_description_and_shows_internal_and_unassigned_tickets(consultant_client, agency):
    TicketFactory(agency=agency, category_type="internal", category="system_error", company=None, description="x" * 120)

    response = consultant_client.get(URL)

    assert f"— {'x' * 89}…</div>" in response.text
    assert '<span class="text-body-secondary">Internal</span>' in response.text
    assert "<td>—</td>" in response.text


def test_it_escapes_every_value_of_a_row(consultant_client, agency):
    company = CompanyFactory(agency=agency, name="<i>A</i> & {company}")
    assignee = UserFactory(agency=agency, first_name="<b>Bo</b>", last_name="{0}")
    TicketFactory(
        agency=agency,
        company=company,
        assignee=assignee,
        subject=TicketSubjectFactory(agency=agency, name="<script>x</script> {url}"),
        description="Fix <img src=x> & {summary}",
    )

    html = consultant_client.get(URL).text

    assert "&lt;script&gt;x&lt;/script&gt; {url}</a>" in html
    assert "— Fix &lt;img src=x&gt; &amp; {summary}</div>" in html
    assert f'<a href="{company.get_absolute_url()}">&lt;i&gt;A&lt;/i&gt; &amp; {{company}}</a>' in html
    assert "<td>&lt;b&gt;Bo&lt;/b&gt; {0}</td>" in html
    assert "<script>x" not in html


def test_it_filters(consultant_client, agency, ticket, supplier, manager_user):
    other_subject = TicketSubjectFactory(agency=agency, name="Visa")
    match = TicketFactory(
        agency=agency,
        company=supplier,
        category_type="supplier",
        category="supplier_error",
        priority="urgent",
        assignee=manager_user,
        subject=other_subject,
    )

    for params in [
        {"category_type": "supplier"},
        {"priority": "urgent"},
        {"assignee": str(manager_user.uuid)},
        {"company": str(supplier.uuid)},
        {"subject": str(other_subject.uuid)},
    ]:
        assert numbers(consultant_client.get(URL, params)) == [match.number], params


def test_it_offers_only_the_chosen_company_in_the_company_filter(consultant_client, ticket, supplier):
    unfiltered = consultant_client.get(URL)
    filtered = consultant_client.get(URL, {"company": str(supplier.uuid)})

    assert 'name="company"' not in unfiltered.text
    assert f'value="{supplier.uuid}" selected' in filtered.text
    assert ">Skyways Air</option>" in filtered.text
    assert ">Acme Pharma</option>" not in filtered.text


def test_it_offers_the_agencys_active_users_by_name_in_the_assignee_filter(consultant_client, agency, outsider):
    named = UserFactory(agency=agency, first_name="Zoe", last_name="Quinn")
    unnamed = UserFactory(agency=agency, first_name="", last_name="", email="desk@bluewave.example")
    UserFactory(agency=agency, first_name="Gone", last_name="Away", is_active=False)

    response = consultant_client.get(URL, {"assignee": str(named.uuid)})

    assert '<option value="">Anyone</option>' in response.text
    assert f'<option value="{named.uuid}" selected>Zoe Quinn</option>' in response.text
    assert f'<option value="{unnamed.uuid}">desk@bluewave.example</option>' in response.text
    assert "Gone Away" not in response.text
    assert str(outsider.uuid) not in response.text


def test_it_ignores_filters_outside_the_choices(consultant_client, ticket, outsider):
    response = consultant_client.get(URL, {"priority": "extreme", "assignee": str(outsider.uuid)})

    assert response.status_code == 200
    assert numbers(response) == [ticket.number]
    assert "Some filters were not valid" in response.text


@pytest.mark.parametrize("query", ["#2", "2", "# 2"])
def test_it_finds_a_ticket_by_number(consultant_client, agency, client_company, query):
    subject = TicketSubjectFactory(agency=agency, name="Lost bags")
    tickets = TicketFactory.create_batch(
        3, agency=agency, company=client_company, subject=subject, description="Lost luggage"
    )

    assert numbers(consultant_client.get(URL, {"q": query})) == [tickets[1].number]


@pytest.mark.parametrize("query", ["paris", "ACME", "refund"])
def test_it_searches_text(consultant_client, agency, ticket, query):
    TicketFactory(agency=agency, company=CompanyFactory(agency=agency, name="Zeta"), description="Nothing")

    assert numbers(consultant_client.get(URL, {"q": query})) == [ticket.number]


def test_it_sorts(consultant_client, agency, client_company):
    low = TicketFactory(agency=agency, company=client_company, priority="low")
    urgent = TicketFactory(agency=agency, company=client_company, priority="urgent")
    high = TicketFactory(agency=agency, company=client_company, priority="high")

    assert numbers(consultant_client.get(URL)) == [high.number, urgent.number, low.number]
    assert numbers(consultant_client.get(URL, {"sort": "priority"})) == [low.number, high.number, urgent.number]
    assert numbers(consultant_client.get(URL, {"sort": "-priority"})) == [urgent.number, high.number, low.number]
    assert numbers(consultant_client.get(URL, {"sort": "number"})) == [low.number, urgent.number, high.number]
    for key in ["subject", "-subject", "company", "status", "-status", "assignee", "opened", "-opened"]:
        assert consultant_client.get(URL, {"sort": key}).status_code == 200


def test_it_paginates(consultant_client, agency, client_company):
    TicketFactory.create_batch(30, agency=agency, company=client_company)

    first = consultant_client.get(URL)
    second = consultant_client.get(URL, {"page": 2})

    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 5
    assert "Page 1 of 2" in first.text


def test_it_keeps_the_page_size_the_user_picked_through_the_state_pages_and_search(
    consultant_client, agency, client_company
):
    TicketFactory.create_batch(60, agency=agency, company=client_company)

    response = consultant_client.get(URL, {"state": "open", "per_page": 50})

    assert len(response.context["rows"]) == 50
    assert '<input type="hidden" name="per_page" value="50">' in response.text
    assert 'href="?state=open&amp;per_page=50&amp;page=2">Next</a>' in response.text
    assert 'href="?state=closed&amp;per_page=50">Closed</a>' in response.text


def test_a_long_board_shows_a_capped_count(settings, consultant_client, agency, client_company):
    settings.LIST_COUNT_CAP = 30
    TicketFactory.create_batch(40, agency=agency, company=client_company)

    first = consultant_client.get(URL)
    second = consultant_client.get(URL, {"page": 2})

    assert "30+ open tickets" in first.text
    assert "Page 1 of 2+" in first.text
    assert "40 open tickets" in second.text
    assert len(second.context["page"].object_list) == 15


@pytest.mark.parametrize("rows", [1, 100])
def test_it_runs_a_fixed_number_of_queries(consultant_client, agency, client_company, rows, django_assert_num_queries):
    assignees = UserFactory.create_batch(2, agency=agency)
    for n in range(rows):
        subject = TicketSubjectFactory(agency=agency)
        TicketFactory(agency=agency, company=CompanyFactory(agency=agency), subject=subject, assignee=assignees[n % 2])

    # session, user, agency, the page of tickets with subject, company and assignee and their
    # count, then the filter choices: assignees, subjects
    with django_assert_num_queries(6):
        response = consultant_client.get(URL, {"q": "booking", "sort": "priority", "per_page": 100})

    assert len(response.context["rows"]) == rows


def test_it_exports_the_filtered_board(consultant_client, agency, ticket, supplier, other_agency):
    TicketFactory(agency=agency, company=supplier, category_type="supplier", category="supplier_query")
    TicketFactory(company__agency=other_agency)

    response = consultant_client.get(reverse("ticketing:ticket-export"), {"category_type": "client"})

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][:6] == ["Number", "Type", "Category", "Subject", "Company", "Status"]
    assert [row[0] for row in rows[1:]] == [f"#{ticket.number}"]
    assert rows[1][4] == "Acme Pharma"


def test_the_export_neutralises_formulas(consultant_client, agency, client_company):
    TicketFactory(agency=agency, company=client_company, description="=HYPERLINK(1)")

    rows = read_csv(consultant_client.get(reverse("ticketing:ticket-export")))

    assert rows[1][-1] == "'=HYPERLINK(1)"


def test_the_export_requires_login(client):
    assert client.get(reverse("ticketing:ticket-export")).status_code == 302
