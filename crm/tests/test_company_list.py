from datetime import UTC, datetime
from unittest.mock import patch

import pytest
from django.urls import reverse

from crm.models import Company
from travault.tests.csv_download import read_csv

from .factories import CompanyFactory

pytestmark = pytest.mark.django_db

URL = reverse("crm:company-list")


def names(response):
    return [company.name for company in response.context["page"].object_list]


def test_it_requires_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_it_lists_only_the_agency_companies(consultant_client, company, foreign_company):
    response = consultant_client.get(URL)

    assert response.status_code == 200
    assert names(response) == ["Acme Pharma"]
    assert "Rival Corp" not in response.text


def test_it_refuses_post(consultant_client):
    assert consultant_client.post(URL).status_code == 405


def test_it_shows_owner_stage_and_last_activity_columns(consultant_client, company, admin_user):
    Company.objects.filter(pk=company.pk).update(last_activity_at=datetime(2026, 3, 2, 9, 30, tzinfo=UTC))

    with patch("django.utils.timezone.now", return_value=datetime(2026, 3, 5, 12, 0, tzinfo=UTC)):
        response = consultant_client.get(URL)

    assert admin_user.get_full_name() in response.text
    assert '<span class="badge rounded-pill stage-badge stage-lead">Lead</span>' in response.text
    assert f'<a class="fw-semibold" href="{company.get_absolute_url()}">Acme Pharma</a>' in response.text
    assert "Last activity" in response.text
    assert '<span title="2 Mar 2026, 09:30">3 days ago</span>' in response.text


def test_a_company_without_email_owner_city_or_activity_shows_dashes(consultant_client, agency, sales_user):
    sales_user.first_name = sales_user.last_name = ""
    sales_user.save()
    CompanyFactory(agency=agency, name="Bare Ltd", email="", city="", owner=sales_user, last_activity_at=None)

    html = consultant_client.get(URL).text

    row = html.split("Bare Ltd</a>", 1)[1].split("</tr>", 1)[0]
    assert "text-body-secondary" not in row.split("</td>", 1)[0]
    assert row.count("<td>—</td>") == 3


def test_it_escapes_every_value_of_a_row(consultant_client, agency, sales_user):
    sales_user.first_name, sales_user.last_name = "<b>Bo</b>", "{0}"
    sales_user.save()
    CompanyFactory(agency=agency, name="<i>A</i> & {name}", email="x@{url}.example", city="<York>", owner=sales_user)

    html = consultant_client.get(URL).text

    assert "&lt;i&gt;A&lt;/i&gt; &amp; {name}</a>" in html
    assert '<div class="small text-body-secondary">x@{url}.example</div>' in html
    assert "<td>&lt;b&gt;Bo&lt;/b&gt; {0}</td>" in html
    assert "<td>&lt;York&gt;</td>" in html
    assert "<i>A</i>" not in html


def test_it_shows_an_empty_state(admin_client):
    response = admin_client.get(URL)

    assert "Your Vault is empty" in response.text
    assert reverse("crm:company-create") in response.text


def test_it_hides_add_from_consultants(consultant_client):
    assert reverse("crm:company-create") not in consultant_client.get(URL).text


@pytest.mark.parametrize("query", ["acme", "LEEDS", "info"])
def test_it_searches_name_email_and_city(consultant_client, agency, company, query):
    CompanyFactory(agency=agency, name="Other Ltd", email="hello@other.example", city="York")
    company.email = "info@acme.example"
    company.save()

    assert names(consultant_client.get(URL, {"q": query})) == ["Acme Pharma"]


def test_it_filters_by_type_stage_owner_and_industry(consultant_client, agency, company, sales_user):
    match = CompanyFactory(
        agency=agency,
        name="Match",
        company_type=Company.Type.CLIENT,
        stage=Company.Stage.TRADING,
        owner=sales_user,
        industry="finance",
    )
    CompanyFactory(agency=agency, name="Wrong stage", company_type="client", stage="lead", owner=sales_user)

    response = consultant_client.get(
        URL, {"company_type": "client", "stage": "trading", "owner": str(sales_user.uuid), "industry": "finance"}
    )

    assert names(response) == [match.name]
    assert "No company matches" not in response.text


def test_it_ignores_a_filter_outside_the_choices(consultant_client, company):
    response = consultant_client.get(URL, {"stage": "bogus", "owner": "not-a-uuid"})

    assert response.status_code == 200
    assert names(response) == ["Acme Pharma"]
    assert "were not valid" in response.text


def test_it_does_not_filter_by_an_owner_of_another_agency(consultant_client, company, outsider):
    response = consultant_client.get(URL, {"owner": str(outsider.uuid)})

    assert names(response) == ["Acme Pharma"]


@pytest.mark.parametrize(("sort", "expected"), [("name", ["A", "B", "C"]), ("-name", ["C", "B", "A"])])
def test_it_sorts_by_a_column(consultant_client, agency, sort, expected):
    for name in ["B", "C", "A"]:
        CompanyFactory(agency=agency, name=name)

    assert names(consultant_client.get(URL, {"sort": sort})) == expected


def test_it_sorts_by_last_activity_newest_first(consultant_client, agency):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    CompanyFactory(agency=agency, name="Old", last_activity_at=now - timedelta(days=9))
    CompanyFactory(agency=agency, name="New", last_activity_at=now)
    CompanyFactory(agency=agency, name="Never", last_activity_at=None)

    assert names(consultant_client.get(URL, {"sort": "-activity"})) == ["New", "Old", "Never"]
    assert names(consultant_client.get(URL, {"sort": "activity"})) == ["Never", "Old", "New"]


def test_it_does_not_call_sorting_a_search(consultant_client, company):
    response = consultant_client.get(URL, {"sort": "-name"})

    assert response.context["filtered"] is False
    assert "Clear search and filters" not in response.text


def test_it_paginates(consultant_client, agency):
    CompanyFactory.create_batch(30, agency=agency)

    first = consultant_client.get(URL)
    second = consultant_client.get(URL, {"page": 2})

    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 5
    assert "Page 1 of 2" in first.text


def test_it_shows_as_many_rows_a_page_as_the_user_picks(consultant_client, agency):
    CompanyFactory.create_batch(120, agency=agency)

    response = consultant_client.get(URL, {"per_page": 100, "sort": "-name"})

    assert len(response.context["page"].object_list) == 100
    assert "Page 1 of 2" in response.text
    assert '<a class="page-link" href="?per_page=100&amp;sort=-name&amp;page=2">Next</a>' in response.text
    assert '<li class="page-item active" aria-current="true"><span class="page-link">100</span></li>' in response.text
    assert '<a class="page-link" href="?per_page=50&amp;sort=-name">50</a>' in response.text
    assert '<a class="page-link" href="?sort=-name">25</a>' in response.text
    assert '<input type="hidden" name="per_page" value="100">' in response.text


@pytest.mark.parametrize("size", ["1000", "10", "abc", ""])
def test_it_shows_25_rows_for_a_page_size_it_does_not_offer(consultant_client, agency, size):
    CompanyFactory.create_batch(30, agency=agency)

    response = consultant_client.get(URL, {"per_page": size})

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 25
    assert 'name="per_page"' not in response.text


def test_it_offers_no_page_size_for_a_list_that_fits_on_the_smallest_page(consultant_client, agency):
    CompanyFactory.create_batch(25, agency=agency)

    assert "Rows per page" not in consultant_client.get(URL).text


def test_a_long_list_shows_a_capped_count(settings, consultant_client, agency):
    settings.LIST_COUNT_CAP = 30
    CompanyFactory.create_batch(40, agency=agency)

    first = consultant_client.get(URL)
    second = consultant_client.get(URL, {"page": 2})

    assert "30+ companies" in first.text
    assert "Page 1 of 2+" in first.text
    assert "40 companies" in second.text
    assert "Page 2 of 2" in second.text
    assert len(second.context["page"].object_list) == 15


@pytest.mark.parametrize("rows", [1, 100])
def test_it_runs_a_fixed_number_of_queries(
    consultant_client, agency, sales_user, admin_user, rows, django_assert_num_queries
):
    CompanyFactory.create_batch(rows, agency=agency, owner=sales_user)
    CompanyFactory.create_batch(rows, agency=agency, owner=admin_user)

    # session, user, agency, owner choices, the page of companies with their owners and their count
    with django_assert_num_queries(5):
        response = consultant_client.get(URL, {"q": "company", "per_page": 100})

    assert len(response.context["rows"]) == min(2 * rows, 100)


def test_it_exports_the_filtered_list_as_csv(consultant_client, agency, company, foreign_company):
    CompanyFactory(agency=agency, name="Skipped", stage="trading")

    response = consultant_client.get(reverse("crm:company-export"), {"stage": "lead"})

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][:4] == ["Name", "Type", "Client type", "Stage"]
    assert [row[0] for row in rows[1:]] == ["Acme Pharma"]
    assert rows[1][3] == "Lead"


def test_it_neutralises_formulas_in_the_export(consultant_client, agency):
    CompanyFactory(agency=agency, name='=HYPERLINK("http://evil")', phone="+44 (0)20 7946 0000")
    CompanyFactory(agency=agency, name="Zeta", phone="+SUM(A1:A9)")

    rows = read_csv(consultant_client.get(reverse("crm:company-export")))

    assert rows[1][0] == '\'=HYPERLINK("http://evil")'
    assert rows[1][7] == "+44 (0)20 7946 0000"
    assert rows[2][7] == "'+SUM(A1:A9)"


def test_it_requires_login_for_the_export(client):
    assert client.get(reverse("crm:company-export")).status_code == 302


def test_it_has_agency_led_trigram_indexes_for_the_search():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'crm_company'")
        definitions = dict(cursor.fetchall())

    for column in ["name", "email", "city"]:
        definition = definitions[f"crm_company_{column}_trgm_idx"]
        assert f"USING gin (agency_id, upper(({column})::text) gin_trgm_ops)" in definition
