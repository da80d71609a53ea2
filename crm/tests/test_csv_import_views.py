"""The import pages: upload, mapping, report, run, progress and history, for the right users only."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from crm.models import Company, Contact, CsvImport
from crm.selectors import csv_import_progress_key

from .factories import CsvImportFactory

pytestmark = pytest.mark.django_db

UPLOAD = reverse("crm:import-companies")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def _file(data, name="companies.csv"):
    return SimpleUploadedFile(name, data, content_type="text/csv")


def _upload(client, data, url=UPLOAD, name="companies.csv"):
    return client.post(url, {"file": _file(data, name)})


def _mapping(csv_import, **overrides):
    data = {f"column_{index}": name for index, name in enumerate(csv_import.mapping)}
    data["on_duplicate"] = "skip"
    return data | overrides


def _url(name, csv_import):
    return reverse(f"crm:{name}", kwargs={"csv_import": csv_import.uuid})


# Upload -------------------------------------------------------------------------------------------


def test_it_requires_login(client):
    response = client.get(UPLOAD)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_it_refuses_consultants(consultant_client):
    assert consultant_client.get(UPLOAD).status_code == 403
    assert consultant_client.post(UPLOAD, {"file": _file(b"Name\nAcme\n")}).status_code == 403
    assert CsvImport.objects.count() == 0


def test_it_shows_the_upload_form_with_sample_files(sales_client):
    response = sales_client.get(UPLOAD)

    assert response.status_code == 200
    assert 'href="/static/crm/samples/companies.csv"' in response.text
    assert 'href="/static/crm/samples/contacts.csv"' in response.text
    assert 'enctype="multipart/form-data"' in response.text


def test_it_stores_the_upload_and_opens_the_mapping(sales_client, sales_user, agency):
    response = _upload(sales_client, b"Name,Town\nAcme Ltd,Leeds\n")

    csv_import = CsvImport.objects.get()
    assert response.status_code == 302
    assert response.url == _url("import-mapping", csv_import)
    assert (csv_import.agency, csv_import.uploaded_by, csv_import.kind) == (agency, sales_user, "companies")
    assert (csv_import.file_name, csv_import.rows, csv_import.mapping) == (
        "companies.csv",
        [["Acme Ltd", "Leeds"]],
        ["name", "city"],
    )


def test_it_takes_contacts_at_their_own_address(sales_client):
    _upload(sales_client, b"First name,Last name,Company\nAda,Lovelace,Acme\n", url=reverse("crm:import-contacts"))

    assert CsvImport.objects.get().kind == "contacts"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (PNG, "logo.png", "This is not a CSV file"),
        (b"\x00\x01\x02\x03binary", "data.csv", "This is not a CSV file"),
        (b"Name\n\x81\x8d\x8f\x90\x9d\n", "companies.csv", "Save it as “CSV UTF-8”"),
        (b"", "empty.csv", "The submitted file is empty."),
        (b"\r\n\r\n", "blank.csv", "The file is empty."),
        (b"Name,City\r\n", "header.csv", "The file has a header row but no data rows."),
    ],
)
def test_it_reports_a_file_it_cannot_read(sales_client, data, name, message):
    response = _upload(sales_client, data, name=name)

    assert response.status_code == 200
    assert message in response.text
    assert CsvImport.objects.count() == 0


def test_it_refuses_a_file_over_the_limit_without_a_server_error(sales_client):
    big = b"Name\n" + b"A" * (50 * 1024 * 1024)

    response = _upload(sales_client, big, name="huge.csv")

    assert response.status_code == 200
    assert "This file is 50.0\xa0MB; the largest file you can import is 10.0\xa0MB." in response.text
    assert CsvImport.objects.count() == 0


def test_it_checks_the_size_before_reading_the_file(sales_client, settings):
    settings.CSV_IMPORT_MAX_BYTES = 10

    response = _upload(sales_client, b"Name\nA rather long company name\n")

    assert "the largest file you can import is 10\xa0bytes" in response.text


def test_it_escapes_values_shown_back(sales_client):
    _upload(sales_client, b'Name,City\n"<script>alert(1)</script>",=HYPERLINK("http://evil")\n')
    response = sales_client.get(_url("import-mapping", CsvImport.objects.get()))

    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


# Mapping ------------------------------------------------------------------------------------------


def test_it_shows_guessed_fields_and_a_preview(sales_client, agency):
    csv_import = CsvImportFactory(agency=agency, headers=["Company", "Town"], mapping=["name", "city"])

    response = sales_client.get(_url("import-mapping", csv_import))

    assert response.status_code == 200
    form = response.context["form"]
    assert [field.value() for field in form.column_fields] == ["name", "city"]
    assert [field.label for field in form.column_fields] == ["Company", "Town"]
    assert "— ignore this column —" in response.text
    assert "Imported One Ltd" in response.text and "Bath" in response.text


def test_it_requires_the_name_column(sales_client, agency):
    csv_import = CsvImportFactory(agency=agency)

    response = sales_client.post(_url("import-mapping", csv_import), _mapping(csv_import, column_0=""))

    assert response.status_code == 200
    assert "Choose the column that holds the name." in response.text
    csv_import.refresh_from_db()
    assert csv_import.status == CsvImport.Status.PENDING


def test_it_requires_the_contact_columns(sales_client, agency):
    csv_import = CsvImportFactory(
        agency=agency,
        kind="contacts",
        headers=["First", "Email"],
        rows=[["Ada", "a@b.example"]],
        mapping=["first_name", "email"],
    )

    response = sales_client.post(_url("import-mapping", csv_import), _mapping(csv_import))

    assert "Choose the column that holds the last name." in response.text
    assert "Choose the column that holds the company." in response.text


def test_it_checks_the_rows_and_shows_the_report(sales_client, agency, django_capture_on_commit_callbacks):
    csv_import = CsvImportFactory(
        agency=agency,
        headers=["Name", "Email", "Stage", "Spend", "Close"],
        rows=[
            ["Good Ltd", "a@good.example", "Lead", "100", "2027-01-01"],
            ["Bad Ltd", "not-an-email", "Nowhere", "lots", "2027-02-30"],
        ],
        mapping=["name", "email", "stage", "expected_annual_spend", "expected_close_date"],
        total_rows=2,
    )

    with django_capture_on_commit_callbacks(execute=True):
        posted = sales_client.post(_url("import-mapping", csv_import), _mapping(csv_import))
    response = sales_client.get(posted.url)

    csv_import.refresh_from_db()
    assert csv_import.status == CsvImport.Status.VALIDATED
    assert posted.url == _url("import-detail", csv_import)
    assert [(e["row"], e["column"]) for e in response.context["errors"]] == [
        (3, "Email"),
        (3, "Stage"),
        (3, "Spend"),
        (3, "Close"),
    ]
    assert "“Nowhere” is not one of" in response.text
    assert "fix the rows below in your file" in response.text
    assert _url("import-run", csv_import) not in response.text
    assert Company.objects.count() == 0


def test_it_lists_duplicates_and_offers_the_import(sales_client, agency, django_capture_on_commit_callbacks):
    Company.objects.create(agency=agency, name="IMPORTED ONE LTD")
    csv_import = CsvImportFactory(agency=agency)

    with django_capture_on_commit_callbacks(execute=True):
        sales_client.post(_url("import-mapping", csv_import), _mapping(csv_import, on_duplicate="update"))
    response = sales_client.get(_url("import-detail", csv_import))

    assert "Row 2: Imported One Ltd" in response.text
    assert "will be updated" in response.text
    assert _url("import-run", csv_import) in response.text


def test_it_sends_a_pending_import_to_its_mapping(sales_client, agency):
    csv_import = CsvImportFactory(agency=agency)

    response = sales_client.get(_url("import-detail", csv_import))

    assert response.status_code == 302
    assert response.url == _url("import-mapping", csv_import)


def test_it_leaves_the_mapping_of_a_finished_import_alone(sales_client, agency):
    csv_import = CsvImportFactory(agency=agency, status=CsvImport.Status.DONE)

    response = sales_client.post(_url("import-mapping", csv_import), _mapping(csv_import))

    assert response.status_code == 302
    csv_import.refresh_from_db()
    assert csv_import.status == CsvImport.Status.DONE


# Run and progress ---------------------------------------------------------------------------------


def test_run_refuses_get(sales_client, agency):
    assert sales_client.get(_url("import-run", CsvImportFactory(agency=agency, validated=True))).status_code == 405


def test_it_imports_everything_and_shows_the_outcome(sales_client, agency, django_capture_on_commit_callbacks):
    csv_import = CsvImportFactory(agency=agency, validated=True)

    with django_capture_on_commit_callbacks(execute=True):
        response = sales_client.post(_url("import-run", csv_import))
    page = sales_client.get(response.url)

    assert response.url == _url("import-detail", csv_import)
    assert "Import complete." in page.text
    assert "2 created, 0 updated, 0 skipped." in page.text
    assert "hx-get" not in page.text
    assert Company.objects.filter(agency=agency).count() == 2


def test_it_will_not_run_a_file_with_errors(sales_client, agency):
    csv_import = CsvImportFactory(
        agency=agency,
        validated=True,
        report={"total": 2, "valid": 1, "error_rows": 1, "errors": [{"row": 2, "column": "Name", "message": "x"}]},
    )

    response = sales_client.post(_url("import-run", csv_import), follow=True)

    assert "This import cannot be started" in response.text
    csv_import.refresh_from_db()
    assert csv_import.status == CsvImport.Status.VALIDATED
    assert Company.objects.count() == 0


def test_the_status_polls_while_running(sales_client, agency):
    csv_import = CsvImportFactory(agency=agency, status=CsvImport.Status.RUNNING)
    cache.set(csv_import_progress_key(agency_id=agency.pk, import_id=csv_import.pk), 40)

    response = sales_client.get(_url("import-status", csv_import))

    assert response.status_code == 200
    assert f'hx-get="{_url("import-status", csv_import)}"' in response.text
    assert '<progress class="w-100" max="100" value="40"' in response.text
    assert "<html" not in response.text
    assert not response.has_header("HX-Refresh")


def test_the_status_stops_polling_and_reloads_the_page_when_done(sales_client, agency):
    csv_import = CsvImportFactory(agency=agency, status=CsvImport.Status.DONE, created_count=2)

    response = sales_client.get(_url("import-status", csv_import))

    assert "hx-get" not in response.text
    assert "2 created" in response.text
    assert response["HX-Refresh"] == "true"


def test_the_page_polls_while_the_rows_are_checked(sales_client, agency):
    csv_import = CsvImportFactory(agency=agency, status=CsvImport.Status.CHECKING)

    page = sales_client.get(_url("import-detail", csv_import))
    status = sales_client.get(_url("import-status", csv_import))

    assert f'hx-get="{_url("import-status", csv_import)}"' in page.text
    assert "Checking 2 rows… 0%" in page.text
    assert "Errors" not in page.text
    assert not status.has_header("HX-Refresh")


def test_the_mapping_queues_the_check(sales_client, agency):
    csv_import = CsvImportFactory(agency=agency)

    response = sales_client.post(_url("import-mapping", csv_import), _mapping(csv_import, on_duplicate="update"))

    assert response.url == _url("import-detail", csv_import)
    csv_import.refresh_from_db()
    assert (csv_import.status, csv_import.on_duplicate) == (CsvImport.Status.CHECKING, "update")
    assert Company.objects.count() == 0


def test_the_report_runs_a_fixed_number_of_queries(sales_client, agency, django_assert_num_queries):
    errors = [{"row": n, "column": "Email", "message": "Enter a valid email address."} for n in range(2, 500)]
    csv_import = CsvImportFactory(
        agency=agency, status=CsvImport.Status.VALIDATED, report={"total": 498, "error_rows": 498, "errors": errors}
    )

    with django_assert_num_queries(4):
        response = sales_client.get(_url("import-detail", csv_import))

    assert len(response.context["errors"]) == 200
    assert "…and 298 more." in response.text


def test_a_failed_import_says_nothing_was_imported(sales_client, agency):
    csv_import = CsvImportFactory(
        agency=agency,
        status=CsvImport.Status.FAILED,
        report={"errors": [{"row": 3, "column": "", "message": "Refused."}], "error_rows": 1},
    )

    response = sales_client.get(_url("import-detail", csv_import))

    assert "Nothing was imported." in response.text
    assert "Refused." in response.text


# History ------------------------------------------------------------------------------------------


def test_the_history_lists_the_agency_imports(
    sales_client, agency, other_agency, admin_user, django_assert_num_queries
):
    CsvImportFactory(agency=agency, uploaded_by=admin_user, file_name="march.csv", status="done", created_count=12)
    CsvImportFactory.create_batch(3, agency=agency, uploaded_by=admin_user)
    CsvImportFactory(agency=other_agency, file_name="rival.csv")

    with django_assert_num_queries(5):
        response = sales_client.get(reverse("crm:import-list"))

    assert response.status_code == 200
    assert "march.csv" in response.text
    assert "rival.csv" not in response.text
    assert admin_user.get_full_name() in response.text
    assert len(response.context["page"].object_list) == 4


def test_the_company_list_links_to_the_imports(sales_client):
    page = sales_client.get(reverse("crm:company-list")).text

    assert reverse("crm:import-companies") in page
    assert reverse("crm:import-contacts") in page
    assert reverse("crm:import-list") in page


def test_the_company_list_hides_the_imports_from_consultants(consultant_client):
    assert reverse("crm:import-companies") not in consultant_client.get(reverse("crm:company-list")).text


def test_outsiders_get_404_on_every_import_page(outsider_client, agency):
    csv_import = CsvImportFactory(agency=agency, validated=True)

    for name in ("import-detail", "import-mapping", "import-status"):
        assert outsider_client.get(_url(name, csv_import)).status_code == 404
    assert outsider_client.post(_url("import-run", csv_import)).status_code == 404
    assert outsider_client.post(_url("import-mapping", csv_import), _mapping(csv_import)).status_code == 404
    csv_import.refresh_from_db()
    assert csv_import.status == CsvImport.Status.VALIDATED
    assert Company.objects.count() == 0


def test_it_imports_the_shipped_samples_end_to_end(sales_client, agency, django_capture_on_commit_callbacks):
    from pathlib import Path

    samples = Path(__file__).resolve().parent.parent / "static" / "crm" / "samples"
    for kind in ("companies", "contacts"):
        data = (samples / f"{kind}.csv").read_bytes()
        _upload(sales_client, data, url=reverse(f"crm:import-{kind}"), name=f"{kind}.csv")
        csv_import = CsvImport.objects.get(kind=kind)
        with django_capture_on_commit_callbacks(execute=True):
            sales_client.post(_url("import-mapping", csv_import), _mapping(csv_import))
        with django_capture_on_commit_callbacks(execute=True):
            sales_client.post(_url("import-run", csv_import))
        csv_import.refresh_from_db()
        assert csv_import.status == CsvImport.Status.DONE, csv_import.report

    assert Company.objects.filter(agency=agency).count() == 15
    assert Contact.objects.filter(agency=agency).count() == 15
