import re

import pytest
from django.urls import reverse

from agency.tests.factories import UserFactory
from ticketing import services

from .factories import TicketActionFactory

pytestmark = pytest.mark.django_db


def url(ticket):
    return reverse("ticketing:ticket-detail", kwargs={"number": ticket.number})


def test_it_requires_login(client, ticket):
    assert client.get(url(ticket)).status_code == 302


def test_it_answers_404_to_an_outsider(outsider_client, ticket):
    assert outsider_client.get(url(ticket)).status_code == 404


def test_it_answers_404_to_a_missing_number(consultant_client, ticket):
    assert consultant_client.get(reverse("ticketing:ticket-detail", kwargs={"number": 999})).status_code == 404


def test_it_refuses_post(consultant_client, ticket):
    assert consultant_client.post(url(ticket)).status_code == 405


def test_it_shows_the_ticket_and_its_controls(consultant_client, ticket, consultant):
    response = consultant_client.get(url(ticket))

    assert response.status_code == 200
    for text in [f"#{ticket.number}", "Refund", "Acme Pharma", "Refund the cancelled Paris trip.", "Add entry"]:
        assert text in response.text
    assert reverse("ticketing:ticket-update", kwargs={"number": ticket.number}) in response.text
    assert reverse("ticketing:ticket-close", kwargs={"number": ticket.number}) in response.text
    assert 'hx-post="' in response.text
    assert reverse("ticketing:ticket-delete", kwargs={"number": ticket.number}) not in response.text


def test_its_pickers_offer_the_agency_s_assignees_and_choose_the_ticket_s_values(
    consultant_client, ticket, agency, other_agency
):
    assignee = UserFactory(agency=agency, first_name="Rosa", last_name="Diaz & Co")
    UserFactory(agency=agency, first_name="Gina", last_name="Linetti")
    UserFactory(agency=other_agency, first_name="Adrian", last_name="Pimento")
    ticket.assignee, ticket.status, ticket.priority = assignee, "in_progress", "high"
    ticket.save()

    page = consultant_client.get(url(ticket)).text

    assignees = re.search(r'<select[^>]*id="quick-assignee".*?</select>', page, re.S).group(0)
    assert f'<option value="{assignee.uuid}" selected>Rosa Diaz &amp; Co</option>' in assignees
    assert "Gina Linetti" in assignees and "Pimento" not in assignees
    assert assignees.count(" selected") == 1
    assert '<option value="in_progress" selected>' in page
    assert '<option value="high" selected>' in page


def test_it_orders_the_timeline_both_ways(consultant_client, ticket, consultant):
    first = TicketActionFactory(ticket=ticket, details="First step")
    second = TicketActionFactory(ticket=ticket, details="Second step")

    oldest = consultant_client.get(url(ticket))
    newest = consultant_client.get(url(ticket), {"order": "newest"})

    assert list(oldest.context["actions"]) == [first, second]
    assert list(newest.context["actions"]) == [second, first]
    assert oldest.text.index("First step") < oldest.text.index("Second step")


def test_a_closed_ticket_is_read_only(consultant_client, ticket, admin_user):
    TicketActionFactory(ticket=ticket, author=admin_user)
    services.ticket_close(ticket=ticket, actor=admin_user, outcome="Refunded in full.")

    response = consultant_client.get(url(ticket))

    assert "closed and read-only" in response.text
    assert "Refunded in full." in response.text
    for route in ["ticket-update", "ticket-close", "ticket-edit", "action-add", "ticket-reopen"]:
        assert reverse(f"ticketing:{route}", kwargs={"number": ticket.number}) not in response.text, route
    assert "/edit/" not in response.text


def test_admins_see_reopen_and_delete(admin_client, ticket, admin_user):
    services.ticket_close(ticket=ticket, actor=admin_user, outcome="Done")

    response = admin_client.get(url(ticket))

    assert reverse("ticketing:ticket-reopen", kwargs={"number": ticket.number}) in response.text
    assert reverse("ticketing:ticket-delete", kwargs={"number": ticket.number}) in response.text


def test_the_back_link_returns_to_a_local_page_only(consultant_client, ticket):
    company_url = ticket.company.get_absolute_url()

    assert consultant_client.get(url(ticket), {"next": company_url}).context["back_url"] == company_url
    board = consultant_client.get(url(ticket), {"next": "/tickets/?state=all"}).context
    assert (board["back_url"], board["back_label"]) == ("/tickets/?state=all", "Back to tickets")
    for evil in ["https://evil.example/", "//evil.example", "javascript:alert(1)"]:
        assert consultant_client.get(url(ticket), {"next": evil}).context["back_url"] == "/tickets/"


@pytest.mark.parametrize("rows", [1, 50])
def test_it_runs_a_fixed_number_of_queries(consultant_client, ticket, agency, rows, django_assert_num_queries):
    for _ in range(rows):
        TicketActionFactory(ticket=ticket, author=UserFactory(agency=agency))

    # session, user, agency, the ticket with its relations, the timeline with authors, the assignees
    with django_assert_num_queries(6):
        response = consultant_client.get(url(ticket))

    assert response.status_code == 200
    assert len(response.context["actions"]) == rows
    services.ticket_close(ticket=ticket, actor=ticket.owner, outcome="Refunded.")
    # A closed ticket has no pickers, so no assignees to read.
    with django_assert_num_queries(5):
        response = consultant_client.get(url(ticket))

    assert response.status_code == 200
    assert 'id="quick-assignee"' not in response.text
