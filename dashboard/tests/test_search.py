"""The global search: results grouped by companies, contacts, tickets and suppliers, each group
capped with its count, never another agency's rows, and a friendly answer to any input."""

import pytest
from django.urls import reverse
from django.utils.http import urlencode

from agent_support.tests.factories import SupplierFactory
from crm.tests.factories import CompanyFactory, ContactFactory
from ticketing.tests.factories import TicketFactory, TicketSubjectFactory

pytestmark = pytest.mark.django_db

URL = reverse("dashboard:search")


def groups(response):
    return {group.name: group for group in response.context["groups"]}


def names(group):
    return [str(result) for result in group.results]


@pytest.fixture
def both_agencies(agency, other_agency):
    """The same rows, all matching "harbour", in the agency and in another one."""
    rows = {}
    for owner, prefix in ((agency, "ours"), (other_agency, "theirs")):
        company = CompanyFactory(agency=owner, name=f"Harbour {prefix}", email=f"desk@{prefix}.example")
        rows[prefix] = {
            "company": company,
            "contact": ContactFactory(company=company, first_name="Harbour", last_name=prefix.title()),
            "ticket": TicketFactory(
                company=CompanyFactory(agency=owner, name=f"Client {prefix}"),
                subject=TicketSubjectFactory(agency=owner, name=f"Harbour transfer {prefix}"),
                description="Ferry tickets.",
            ),
            "supplier": SupplierFactory(agency=owner, name=f"Harbour Hotels {prefix}"),
        }
    return rows


def test_it_requires_login(client):
    response = client.get(URL, {"q": "harbour"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_it_refuses_a_post(consultant_client):
    assert consultant_client.post(URL, {"q": "harbour"}).status_code == 405


@pytest.mark.parametrize("query", [None, "", "   ", "\x00\x01"])
def test_it_answers_an_empty_query_without_touching_data(consultant_client, query, django_assert_num_queries):
    params = {} if query is None else {"q": query}

    # session, user, agency
    with django_assert_num_queries(3):
        response = consultant_client.get(URL, params)

    assert response.status_code == 200
    assert "What are you looking for?" in response.text
    assert response.context["groups"] == []


def test_it_groups_the_results_and_links_each_to_its_page(consultant_client, both_agencies):
    ours = both_agencies["ours"]

    response = consultant_client.get(URL, {"q": "harbour"})

    assert response.status_code == 200
    found = groups(response)
    assert list(found) == ["companies", "contacts", "tickets", "suppliers"]
    assert found["companies"].results == [ours["company"]]
    assert found["contacts"].results == [ours["contact"]]
    assert found["tickets"].results == [ours["ticket"]]
    assert found["suppliers"].results == [ours["supplier"]]
    assert ours["company"].get_absolute_url() in response.text
    contacts_url = reverse("crm:company-contacts", kwargs={"company": ours["company"].uuid})
    assert f"{contacts_url}#contact-{ours['contact'].uuid}" in response.text
    assert ours["ticket"].get_absolute_url() in response.text
    supplier_list = reverse("agent_support:supplier-list")
    assert f"{supplier_list}?q=Harbour%20Hotels%20ours#supplier-{ours['supplier'].uuid}" in response.text


def test_it_never_shows_another_agencys_rows_in_any_group(consultant_client, both_agencies):
    theirs = both_agencies["theirs"]

    for query in ["harbour", "theirs", "Harbour Theirs", f"#{theirs['ticket'].number}", "Ferry"]:
        response = consultant_client.get(URL, {"q": query})
        found = groups(response)
        for name, row in [
            ("companies", theirs["company"]),
            ("contacts", theirs["contact"]),
            ("tickets", theirs["ticket"]),
            ("suppliers", theirs["supplier"]),
        ]:
            assert row not in found[name].results, (query, name)
        results = response.text[response.text.index('id="results-companies"') :]
        assert "theirs" not in results.lower(), query


def test_it_counts_the_other_agency_out_of_every_total(consultant_client, both_agencies):
    found = groups(consultant_client.get(URL, {"q": "harbour"}))

    assert {name: group.total for name, group in found.items()} == {
        "companies": 1,
        "contacts": 1,
        "tickets": 1,
        "suppliers": 1,
    }


@pytest.mark.parametrize("query", ["#{n}", "{n}", "# {n}"])
def test_it_finds_a_ticket_by_its_number(consultant_client, agency, other_agency, query):
    company = CompanyFactory(agency=agency, name="Acme")
    seats = TicketSubjectFactory(agency=agency, name="Seats")
    TicketFactory.create_batch(2, company=company, subject=seats, description="Seat request.")
    wanted = TicketFactory(company=company, subject=seats, description="Seat request.")
    TicketFactory.create_batch(3, company__agency=other_agency, description="Seat request.")

    found = groups(consultant_client.get(URL, {"q": query.format(n=wanted.number)}))

    assert found["tickets"].results == [wanted]


def test_it_finds_tickets_by_subject_description_or_company(consultant_client, agency):
    company = CompanyFactory(agency=agency, name="Keystone Insurance")
    by_subject = TicketFactory(company__agency=agency, subject__name="Visa letter", description="Please help.")
    by_description = TicketFactory(company__agency=agency, description="The VISA for India is late.")
    by_company = TicketFactory(company=company, description="Refund.")
    TicketFactory(company__agency=agency, description="Nothing to see.")

    assert groups(consultant_client.get(URL, {"q": "visa"}))["tickets"].results == [by_description, by_subject]
    assert groups(consultant_client.get(URL, {"q": "keystone"}))["tickets"].results == [by_company]


def test_it_finds_companies_by_name_email_or_city_best_matches_first(consultant_client, agency):
    by_city = CompanyFactory(agency=agency, name="Atlas", city="Orbiton", email="b@x.example")
    by_email = CompanyFactory(agency=agency, name="Zed", city="Leeds", email="desk@orbit.example")
    inside_name = CompanyFactory(agency=agency, name="Grand Orbital", city="Leeds", email="c@x.example")
    name_start = CompanyFactory(agency=agency, name="Orbit Telecom", city="Leeds", email="a@x.example")
    CompanyFactory(agency=agency, name="Elsewhere", city="Leeds", email="d@x.example")

    found = groups(consultant_client.get(URL, {"q": "ORBIT"}))

    assert found["companies"].results == [name_start, inside_name, by_city, by_email]
    assert found["companies"].total == 4


def test_it_finds_a_contact_by_full_name_or_email(consultant_client, agency):
    company = CompanyFactory(agency=agency)
    priya = ContactFactory(company=company, first_name="Priya", last_name="Shah", email="ps@n.example")
    ContactFactory(company=company, first_name="Priya", last_name="Patel", email="pp@n.example")

    assert groups(consultant_client.get(URL, {"q": "priya shah"}))["contacts"].results == [priya]
    assert groups(consultant_client.get(URL, {"q": "ps@n"}))["contacts"].results == [priya]


def test_it_finds_a_supplier_whatever_the_punctuation(consultant_client, agency):
    easyjet = SupplierFactory(agency=agency, name="EasyJet")

    assert groups(consultant_client.get(URL, {"q": "easy-jet"}))["suppliers"].results == [easyjet]


def test_it_caps_each_group_and_links_to_the_full_filtered_list(consultant_client, agency):
    for n in range(12):
        company = CompanyFactory(agency=agency, name=f"Nimbus {n:02d}")
        ContactFactory(company=company, first_name="Nimbus", last_name=f"Person {n:02d}")
        TicketFactory(company=company, description="Nimbus booking.")
        SupplierFactory(agency=agency, name=f"Nimbus Air {n:02d}")

    response = consultant_client.get(URL, {"q": "nimbus"})

    for group in response.context["groups"]:
        assert (len(group.results), group.total, group.has_more) == (10, 12, True), group.name
    query = urlencode({"q": "nimbus"})
    assert f'href="{reverse("crm:company-list")}?{query}"' in response.text
    assert f'href="{reverse("crm:contact-list")}?{query}"' in response.text
    assert f'href="{reverse("ticketing:ticket-board")}?state=all&amp;{query}"' in response.text
    assert f'href="{reverse("agent_support:supplier-list")}?{query}"' in response.text
    assert "All 12 companies" in response.text and "All 12 contacts" in response.text


def test_it_says_when_a_group_has_nothing(consultant_client, agency):
    CompanyFactory(agency=agency, name="Lonely Ltd")

    response = consultant_client.get(URL, {"q": "lonely"})

    for name in ("contacts", "tickets", "suppliers"):
        assert f"No {name} match." in response.text
    assert "No companies match." not in response.text


def test_it_truncates_a_very_long_query(consultant_client, agency):
    CompanyFactory(agency=agency, name="Orbit")

    response = consultant_client.get(URL, {"q": "orbit " * 2000})

    assert response.status_code == 200
    assert len(response.context["query"]) <= 100
    assert response.context["query"].startswith("orbit orbit")


@pytest.mark.parametrize("query", ["%", "_", "\\", "'; drop table crm_company; --", "orb\x00it", "<script>", "😀" * 60])
def test_it_answers_odd_input_without_an_error(consultant_client, agency, query):
    CompanyFactory(agency=agency, name="100% Travel")

    response = consultant_client.get(URL, {"q": query})

    assert response.status_code == 200
    assert "<script>" not in response.text.split("</nav>", 1)[1].replace("<script src", "")


def test_it_treats_like_wildcards_literally(consultant_client, agency):
    percent = CompanyFactory(agency=agency, name="100% Travel")
    CompanyFactory(agency=agency, name="Plain Travel")

    assert groups(consultant_client.get(URL, {"q": "%"}))["companies"].results == [percent]


def test_it_escapes_user_text_in_results(consultant_client, agency):
    CompanyFactory(agency=agency, name="<b>Bold</b> Ltd")

    response = consultant_client.get(URL, {"q": "bold"})

    assert "<b>Bold</b>" not in response.text
    assert "&lt;b&gt;Bold&lt;/b&gt; Ltd" in response.text


def test_it_keeps_the_query_in_the_top_bar(consultant_client, agency):
    response = consultant_client.get(URL, {"q": "orbit"})

    assert 'id="global-search" name="q"' in response.text
    assert 'value="orbit"' in response.text


@pytest.mark.parametrize("rows", [1, 25])
def test_it_runs_a_fixed_number_of_queries(consultant_client, agency, rows, django_assert_num_queries):
    for n in range(rows):
        company = CompanyFactory(agency=agency, name=f"Nimbus {n:02d}")
        ContactFactory(company=company, first_name="Nimbus")
        TicketFactory(company=company, description="Nimbus booking.")
        SupplierFactory(agency=agency, name=f"Nimbus Air {n:02d}")

    # session, user, agency; one query per group (the capped rows and their count together)
    with django_assert_num_queries(7):
        response = consultant_client.get(URL, {"q": "nimbus"})

    assert sum(group.total for group in response.context["groups"]) == 4 * rows
