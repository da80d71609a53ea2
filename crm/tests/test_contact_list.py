import re

import pytest
from django.urls import reverse

from travault.tests.csv_download import read_csv

from .factories import CompanyFactory, ContactFactory

pytestmark = pytest.mark.django_db

URL = reverse("crm:contact-list")
EXPORT = reverse("crm:contact-export")


def names(response):
    return [f"{contact.first_name} {contact.last_name}" for contact in response.context["page"].object_list]


def row_of(html, name):
    return html.split(f'<span class="fw-semibold">{name}</span>', 1)[1].split("</tr>", 1)[0]


def cells_of(html, name):
    """The contents of the row's cells after the name's."""
    return re.findall(r"<td>(.*?)</td>", row_of(html, name))


@pytest.fixture
def contacts(agency, company, supplier):
    return [
        ContactFactory(company=company, first_name="Jane", last_name="Smith", email="jane@acme.example", is_booker=1),
        ContactFactory(company=company, first_name="Ravi", last_name="Patel", email="ravi@acme.example", is_vip=True),
        ContactFactory(company=supplier, first_name="Tom", last_name="Brown", email="tom@skyways.example"),
    ]


def test_it_lists_the_agency_contacts_with_their_company(consultant_client, contacts, foreign_company):
    ContactFactory(company=foreign_company, first_name="Other", last_name="Agent")

    response = consultant_client.get(URL)

    assert response.status_code == 200
    assert names(response) == ["Tom Brown", "Ravi Patel", "Jane Smith"]
    assert "Acme Pharma" in response.text and "Skyways Air" in response.text
    assert "Other Agent" not in response.text
    assert "3 contacts" in response.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("jane", ["Jane Smith"]),
        ("jane smith", ["Jane Smith"]),
        ("SKYWAYS", ["Tom Brown"]),
        ("acme pharma", []),
        ("acme.example", ["Ravi Patel", "Jane Smith"]),
        ("nobody", []),
    ],
)
def test_it_searches_names_and_email(consultant_client, contacts, query, expected):
    assert names(consultant_client.get(URL, {"q": query})) == expected


def test_it_filters_by_tag_and_company_type(consultant_client, contacts):
    assert names(consultant_client.get(URL, {"flag": "vip"})) == ["Ravi Patel"]
    assert names(consultant_client.get(URL, {"flag": "booker"})) == ["Jane Smith"]
    assert names(consultant_client.get(URL, {"company_type": "supplier"})) == ["Tom Brown"]


def test_it_sorts_by_company(consultant_client, contacts):
    assert names(consultant_client.get(URL, {"sort": "company"})) == ["Ravi Patel", "Jane Smith", "Tom Brown"]
    assert names(consultant_client.get(URL, {"sort": "-company"})) == ["Tom Brown", "Jane Smith", "Ravi Patel"]


def test_it_ignores_an_unknown_filter_value_and_says_so(consultant_client, contacts):
    response = consultant_client.get(URL, {"flag": "<script>", "sort": "password"})

    assert response.status_code == 200
    assert len(names(response)) == 3
    assert "Some filters were not valid" in response.text
    assert "<script>" not in response.text


def test_a_row_shows_the_contact_s_details_numbers_and_tags(consultant_client, company):
    ContactFactory(
        company=company,
        first_name="Jane",
        last_name="Smith",
        job_title="Travel manager",
        email="jane@acme.example",
        phone="+44 20 7946 0000",
        mobile="+44 7700 900000",
        is_primary=True,
        is_vip=True,
    )

    row = row_of(consultant_client.get(URL).text, "Jane Smith")

    assert '<div class="small text-body-secondary">Travel manager</div>' in row
    assert f'<a href="{reverse("crm:company-contacts", args=[company.uuid])}">Acme Pharma</a>' in row
    assert '<a href="mailto:jane@acme.example">jane@acme.example</a>' in row
    assert '<td>+44 20 7946 0000<div class="small">+44 7700 900000</div></td>' in row
    assert (
        '<td><span class="badge text-bg-primary">Primary</span> <span class="badge text-bg-warning">VIP</span></td>'
        in row
    )


@pytest.mark.parametrize(
    ("phone", "mobile", "cell"),
    [
        ("", "", "—"),
        ("0161 000", "", "0161 000"),
        ("", "07700", '<div class="small">07700</div>'),
    ],
)
def test_a_row_without_some_details_shows_dashes(consultant_client, company, phone, mobile, cell):
    ContactFactory(
        company=company, first_name="Bare", last_name="Bones", job_title="", email="", phone=phone, mobile=mobile
    )

    html = consultant_client.get(URL).text

    assert row_of(html, "Bare Bones").startswith("</td>")
    assert cells_of(html, "Bare Bones")[1:] == ["—", cell, ""]


def test_it_escapes_every_value_of_a_row(consultant_client, company):
    company.name = "<b>Acme</b> {company}"
    company.save()
    ContactFactory(
        company=company, first_name="<i>Jo</i>", last_name="{name}", job_title="<u>Boss</u>", email="a&b@x.example"
    )

    html = consultant_client.get(URL).text

    assert "&lt;i&gt;Jo&lt;/i&gt; {name}</span>" in html
    assert '<div class="small text-body-secondary">&lt;u&gt;Boss&lt;/u&gt;</div>' in html
    assert "&lt;b&gt;Acme&lt;/b&gt; {company}</a>" in html
    assert '<a href="mailto:a&amp;b@x.example">a&amp;b@x.example</a>' in html
    assert "<i>Jo</i>" not in html


def test_it_shows_an_empty_state(consultant_client):
    response = consultant_client.get(URL)

    assert "No contacts yet" in response.text


def test_it_says_when_nothing_matches(consultant_client, contacts):
    response = consultant_client.get(URL, {"q": "zzz"})

    assert "No contact matches" in response.text
    assert "Clear search and filters" in response.text


def test_a_long_list_shows_a_capped_count(settings, consultant_client, company):
    settings.LIST_COUNT_CAP = 30
    ContactFactory.create_batch(40, company=company)

    first = consultant_client.get(URL, {"q": "company.example"})
    second = consultant_client.get(URL, {"q": "company.example", "page": 2})

    assert "30+ contacts match your search" in first.text
    assert "Page 1 of 2+" in first.text
    assert "40 contacts match your search" in second.text


@pytest.mark.parametrize("rows", [1, 100])
def test_it_runs_a_fixed_number_of_queries(consultant_client, agency, rows, django_assert_num_queries):
    for company in CompanyFactory.create_batch(rows, agency=agency):
        ContactFactory(company=company)

    # session, user, agency, the page of contacts with their companies and their count
    with django_assert_num_queries(4):
        response = consultant_client.get(URL, {"q": "company", "per_page": 100})

    assert len(response.context["rows"]) == rows


def test_it_exports_the_filtered_contacts(consultant_client, contacts, foreign_company):
    ContactFactory(company=foreign_company, first_name="Other", last_name="Agent")

    response = consultant_client.get(EXPORT, {"q": "acme", "sort": "name"})

    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="contacts-' in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][:3] == ["First name", "Last name", "Company"]
    assert [row[:3] for row in rows[1:]] == [["Ravi", "Patel", "Acme Pharma"], ["Jane", "Smith", "Acme Pharma"]]
    assert rows[2][9] == "Yes" and rows[1][9] == "No"


def test_the_export_neutralises_formulas(consultant_client, company):
    ContactFactory(company=company, first_name="=cmd|' /C calc'!A0", last_name="X", phone="+44 20 7946 0000")

    rows = read_csv(consultant_client.get(EXPORT))

    assert rows[1][0] == "'=cmd|' /C calc'!A0"
    assert rows[1][6] == "+44 20 7946 0000"


def test_the_list_and_export_require_login(client):
    assert client.get(URL).status_code == 302
    assert client.get(EXPORT).status_code == 302


def test_it_has_agency_led_trigram_indexes_for_the_search():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'crm_contact'")
        definitions = dict(cursor.fetchall())

    for column in ["first_name", "last_name", "email"]:
        definition = definitions[f"crm_contact_{column}_trgm_idx"]
        assert f"USING gin (agency_id, upper(({column})::text) gin_trgm_ops)" in definition
