"""A sales user imports the shipped sample companies through the mapping screen and finds them in
the Vault, then uploads a file with mistakes and reads the report that stops it."""

from pathlib import Path

import pytest

from agency.tests.factories import TEST_PASSWORD, UserFactory
from crm.models import Company, CsvImport
from travault.permissions import Role

SAMPLES = Path(__file__).resolve().parent.parent / "static" / "crm" / "samples"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_imports_the_sample_companies(live_server, page, screenshot, agency, tmp_path):
    user = UserFactory(agency=agency, role=Role.SALES, email="sam@bluewave.example", first_name="Sam")
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/dashboard/")

    page.get_by_role("link", name="The Vault").first.click()
    page.get_by_role("link", name="Import").first.click()
    page.get_by_role("heading", name="Import companies from a CSV file").wait_for()
    with page.expect_download() as sample:
        page.get_by_role("link", name="companies.csv").click()
    assert Path(sample.value.path()).read_bytes() == (SAMPLES / "companies.csv").read_bytes()
    screenshot("01-upload")

    page.set_input_files("#id_file", str(SAMPLES / "companies.csv"))
    page.get_by_role("button", name="Upload and map columns").click()
    page.get_by_role("heading", name="Map the columns of companies.csv").wait_for()
    assert page.input_value("#id_column_0") == "name"
    assert page.input_value("#id_column_3") == "stage"
    page.select_option("#id_column_6", "")
    page.get_by_text("Skip them").check()
    screenshot("02-mapping")
    page.get_by_role("button", name="Check the rows").click()
    page.get_by_text("Step 3 of 3: every row is valid.").wait_for()
    screenshot("03-report")
    page.get_by_role("button", name="Import 15 rows").click()
    page.get_by_text("Import complete.").wait_for()
    assert page.get_by_text("15 created, 0 updated, 0 skipped.").is_visible()
    screenshot("04-done")

    page.get_by_role("link", name="Open the Vault").click()
    page.get_by_role("link", name="Halden Pharmaceuticals Ltd").wait_for()
    assert page.get_by_role("link", name="Grand Central Hotels").is_visible()
    halden = Company.objects.get(agency=agency, name="Halden Pharmaceuticals Ltd")
    assert (halden.stage, halden.industry, halden.phone) == ("trading", "pharmaceuticals", "")
    screenshot("05-vault")

    broken = tmp_path / "contacts.csv"
    broken.write_text(
        "First name,Last name,Company,Email,VIP\n"
        "Priya,Shah,Halden Pharmaceuticals Ltd,priya.shah@haldenpharma.example,yes\n"
        "Ghost,Writer,Nowhere Holdings,ghost@nowhere,maybe\n"
        ",Nobody,Halden Pharmaceuticals Ltd,PRIYA.SHAH@haldenpharma.example,no\n"
    )
    page.goto(f"{live_server.url}/vault/imports/contacts/")
    page.set_input_files("#id_file", str(broken))
    page.get_by_role("button", name="Upload and map columns").click()
    page.get_by_role("button", name="Check the rows").click()
    page.get_by_role("heading", name="Errors").wait_for()
    assert page.get_by_role("cell", name="No company of that name is in the Vault.").is_visible()
    assert page.locator("form[action$='/run/']").count() == 0
    screenshot("06-report-with-errors")

    page.get_by_role("link", name="Imports").first.click()
    page.get_by_role("link", name="contacts.csv").wait_for()
    screenshot("07-history")
    assert list(CsvImport.objects.values_list("status", flat=True)) == ["validated", "done"]
