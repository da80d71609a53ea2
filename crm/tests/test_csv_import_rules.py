"""The pure part of the CSV import: reading a file, guessing the mapping, checking rows."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from crm import csv_import
from crm.csv_import import CsvFileError, Existing, guess_mapping, mapping_errors, read_csv, validate_rows

SAMPLES = Path(__file__).resolve().parent.parent / "static" / "crm" / "samples"


def test_it_reads_a_header_and_rows():
    parsed = read_csv(b"Name,City\r\nAcme Ltd, Leeds \r\n\r\nBeta plc,York\r\n")

    assert parsed.headers == ["Name", "City"]
    assert parsed.rows == [["Acme Ltd", "Leeds"], ["Beta plc", "York"]]
    assert parsed.encoding == "UTF-8"


def test_it_drops_a_byte_order_mark_and_reads_semicolons():
    parsed = read_csv("\ufeffName;City\nZürich Reisen AG;Zürich\n".encode())

    assert parsed.headers == ["Name", "City"]
    assert parsed.rows == [["Zürich Reisen AG", "Zürich"]]


def test_it_falls_back_to_windows_1252():
    parsed = read_csv("Name,City\nCafé Voyages,Orléans\n".encode("cp1252"))

    assert parsed.rows == [["Café Voyages", "Orléans"]]
    assert parsed.encoding == "Windows-1252"


def test_it_pads_short_rows_and_names_extra_columns():
    parsed = read_csv(b"Name,City\nAcme\nBeta,York,extra\n")

    assert parsed.headers == ["Name", "City", "Column 3"]
    assert parsed.rows == [["Acme", "", ""], ["Beta", "York", "extra"]]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"  \r\n\r\n", "The file is empty."),
        (b"Name,City\r\n", "header row but no data rows"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a CSV file"),
        (b"PK\x03\x04\x14\x00\x06\x00", "not a CSV file"),
        (b"Name\n\x81\x8d\x8f\x90\x9d\n", "characters could not be read"),
        (b'Name\n"' + b"a" * 200_000 + b'"\n', "not valid CSV: field larger than field limit"),
    ],
)
def test_it_refuses_what_is_not_a_csv_table(data, message):
    with pytest.raises(CsvFileError, match=message):
        read_csv(data)


def test_it_guesses_the_mapping_from_headers():
    headers = ["Company Name", "TYPE", "Pipeline stage", "E-mail", "Zip", "Created", "City", "city"]

    assert guess_mapping("companies", headers) == ["name", "company_type", "stage", "email", "postcode", "", "city", ""]


def test_it_guesses_contact_columns():
    headers = ["Forename", "Surname", "Company", "Job title", "Mobile phone", "VIP"]

    assert guess_mapping("contacts", headers) == ["first_name", "last_name", "company", "job_title", "mobile", "is_vip"]


def test_it_maps_every_column_of_the_shipped_samples():
    for kind in ("companies", "contacts"):
        parsed = read_csv((SAMPLES / f"{kind}.csv").read_bytes())
        assert "" not in guess_mapping(kind, parsed.headers), kind
        assert 10 <= len(parsed.rows) <= 20


def test_it_reports_missing_required_and_doubled_fields():
    assert mapping_errors("companies", ["", "city"]) == ["Choose the column that holds the name."]
    assert mapping_errors("contacts", ["first_name", "email", "email"]) == [
        "Email is chosen for more than one column.",
        "Choose the column that holds the last name.",
        "Choose the column that holds the company.",
    ]
    assert mapping_errors("companies", ["name", "password"]) == ["“password” is not a field of an import."]


def _check(kind, headers, rows, existing=None):
    return validate_rows(kind, headers, rows, guess_mapping(kind, headers), existing or Existing())


def test_it_accepts_choice_labels_and_values_in_any_case():
    report = _check(
        "companies",
        ["Name", "Type", "Stage", "Industry", "Client type"],
        [
            ["Acme", "CLIENT", "closed - won", "oil & gas extraction", "meetings_events"],
            ["Beta", "supplier", "Closed_Lost", "", ""],
        ],
    )

    assert report.errors == []
    assert report.valid_rows[0]["values"] == {
        "name": "Acme",
        "company_type": "client",
        "stage": "closed_won",
        "industry": "oil_gas_extraction",
        "client_type": "meetings_events",
    }
    assert report.valid_rows[1]["values"] == {"name": "Beta", "company_type": "supplier", "stage": "closed_lost"}


def test_it_cleans_numbers_dates_and_urls():
    report = _check(
        "companies",
        ["Name", "Expected annual spend", "Expected close date", "Website"],
        [["Acme", "£25,000.5", "31/03/2027", "acme.example"]],
    )

    assert report.valid_rows[0]["values"] == {
        "name": "Acme",
        "expected_annual_spend": Decimal("25000.50"),
        "expected_close_date": date(2027, 3, 31),
        "website": "https://acme.example",
    }


def test_it_reports_bad_values_by_row_and_column():
    report = _check(
        "companies",
        ["Name", "Email", "Stage", "Expected annual spend", "Expected close date"],
        [
            ["Good Ltd", "info@good.example", "Lead", "1000", "2027-01-01"],
            ["", "not-an-email", "Somewhere", "lots", "31/02/2027"],
            ["Negative Ltd", "", "", "-5", ""],
        ],
    )

    assert [(e["row"], e["column"]) for e in report.errors] == [
        (3, "Name"),
        (3, "Email"),
        (3, "Stage"),
        (3, "Expected annual spend"),
        (3, "Expected close date"),
        (4, "Expected annual spend"),
    ]
    assert "is not one of: Lead, Qualified" in report.errors[2]["message"]
    assert report.as_json() | {"errors": None, "duplicates": None} == {
        "total": 3,
        "valid": 1,
        "error_rows": 2,
        "errors": None,
        "duplicates": None,
    }


def test_it_refuses_a_value_longer_than_the_field():
    report = _check("companies", ["Name", "Postcode"], [["Acme", "X" * 21]])

    assert report.errors == [{"row": 2, "column": "Postcode", "message": "Keep this to 20 characters (it has 21)."}]


def test_it_flags_duplicates_of_the_vault_and_of_the_file():
    existing = Existing(companies={"acme ltd": [7], "twin ltd": [8, 9]})

    report = _check("companies", ["Name"], [["ACME LTD"], ["New Ltd"], ["new ltd"], ["Twin Ltd"]], existing)

    assert report.duplicates == [{"row": 2, "value": "ACME LTD"}]
    assert [row["match"] for row in report.valid_rows] == [7, None]
    assert [(e["row"], e["message"]) for e in report.errors] == [
        (4, "Same name as row 3."),
        (5, "Several records in the Vault have this name."),
    ]


def test_a_row_with_errors_still_counts_for_duplicates_in_the_file():
    report = _check("companies", ["Name", "Email"], [["Acme", "nope"], ["ACME", "info@acme.example"]])

    assert [(e["row"], e["message"]) for e in report.errors] == [
        (2, "Enter a valid email address."),
        (3, "Same name as row 2."),
    ]
    assert report.valid_rows == []


def test_it_matches_contacts_to_companies_by_name():
    existing = Existing(companies={"acme ltd": [7], "twin ltd": [8, 9]}, contacts={"ada@acme.example": [3]})
    headers = ["First name", "Last name", "Company", "Email", "VIP"]
    rows = [
        ["Ada", "Lovelace", "acme ltd", "ADA@acme.example", "yes"],
        ["Bob", "Smith", "Nowhere Ltd", "", "no"],
        ["Cy", "Twin", "Twin Ltd", "cy@twin.example", ""],
        ["Di", "Prince", "Acme Ltd", "di@acme.example", "maybe"],
        ["", "Solo", "Acme Ltd", "not-an-email", ""],
    ]

    report = _check("contacts", headers, rows, existing)

    assert report.valid_rows == [
        {
            "row": 2,
            "values": {
                "first_name": "Ada",
                "last_name": "Lovelace",
                "company": 7,
                "email": "ADA@acme.example",
                "is_vip": True,
            },
            "match": 3,
        }
    ]
    assert [(e["row"], e["column"], e["message"]) for e in report.errors] == [
        (3, "Company", "No company of that name is in the Vault."),
        (4, "Company", "Several companies in the Vault have that name."),
        (5, "VIP", "“maybe” is not yes or no."),
        (6, "First name", "This cell is required."),
        (6, "Email", "Enter a valid email address."),
    ]


def test_it_finds_owners_by_email_or_name():
    existing = Existing(owners={"sam@bluewave.example": 4, "sam stone": 4})
    report = _check(
        "companies", ["Name", "Owner"], [["A", "Sam Stone"], ["B", "SAM@bluewave.example"], ["C", "nobody"]], existing
    )

    assert [row["values"]["owner"] for row in report.valid_rows] == [4, 4]
    assert report.errors[0]["row"] == 4


def test_it_numbers_rows_as_a_spreadsheet_does():
    assert csv_import.row_number(0) == 2
