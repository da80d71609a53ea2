"""Reading, mapping and checking CSV files of companies and contacts: pure functions, no database.

A file goes through three steps before anything is written: ``read_csv`` turns the bytes into a
header and rows (or a ``CsvFileError`` with a message for the user), ``guess_mapping`` proposes a
field for each column, and ``validate_rows`` checks every row against the mapping and against what
the Vault already holds (passed in as plain dictionaries), giving a ``Report``.
"""

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from .models import ClientType, Company, CompanyType, Contact, Industry, Stage

IGNORE = ""
ENCODINGS = (("utf-8-sig", "UTF-8"), ("cp1252", "Windows-1252"))
SNIFF_BYTES = 8192
PROGRESS_EVERY = 500
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %b %Y", "%d %B %Y")
TRUE_WORDS = {"yes", "y", "true", "1", "x", "✓"}
FALSE_WORDS = {"no", "n", "false", "0", "-"}
NOT_A_NUMBER = re.compile(r"[^0-9.\-]")


class CsvFileError(Exception):
    """The file cannot be read as a CSV table; the message is meant for the user."""


@dataclass(frozen=True)
class ParsedCsv:
    headers: list[str]
    rows: list[list[str]]
    encoding: str


@dataclass(frozen=True)
class ImportField:
    name: str
    label: str
    required: bool = False
    choices: tuple = ()
    aliases: tuple = ()


COMPANY_IMPORT_FIELDS = (
    ImportField("name", "Name", required=True, aliases=("company", "company name", "organisation", "organization")),
    ImportField("company_type", "Company type", choices=CompanyType.choices, aliases=("type",)),
    ImportField("client_type", "Client type", choices=ClientType.choices),
    ImportField("stage", "Pipeline stage", choices=Stage.choices, aliases=("stage", "pipeline")),
    ImportField("owner", "Owner (user's email or name)", aliases=("account owner", "owner email")),
    ImportField("industry", "Industry", choices=Industry.choices, aliases=("sector",)),
    ImportField("street", "Street", aliases=("address", "address line 1", "street address")),
    ImportField("city", "City", aliases=("town",)),
    ImportField("region", "Region / county / state", aliases=("region", "county", "state", "province")),
    ImportField("postcode", "Postcode", aliases=("post code", "zip", "zip code", "postal code")),
    ImportField("country", "Country"),
    ImportField("phone", "Phone", aliases=("telephone", "phone number", "tel")),
    ImportField("email", "Email", aliases=("e-mail", "email address")),
    ImportField("website", "Website", aliases=("web", "url", "web site")),
    ImportField("linkedin", "LinkedIn page", aliases=("linkedin", "linkedin url")),
    ImportField("description", "Description", aliases=("notes", "about")),
    ImportField("ops_team", "Ops team"),
    ImportField("expected_annual_spend", "Expected annual travel spend", aliases=("expected annual spend", "spend")),
    ImportField("expected_close_date", "Expected close date", aliases=("close date",)),
)
CONTACT_IMPORT_FIELDS = (
    ImportField("first_name", "First name", required=True, aliases=("forename", "given name", "first")),
    ImportField("last_name", "Last name", required=True, aliases=("surname", "family name", "last")),
    ImportField("company", "Company (name in the Vault)", required=True, aliases=("company", "company name")),
    ImportField("job_title", "Job title", aliases=("title", "position", "role")),
    ImportField("department", "Department"),
    ImportField("email", "Email", aliases=("e-mail", "email address")),
    ImportField("phone", "Phone", aliases=("telephone", "direct line", "tel")),
    ImportField("mobile", "Mobile", aliases=("mobile phone", "cell", "cell phone")),
    ImportField("is_primary", "Primary contact (yes/no)", aliases=("primary", "primary contact")),
    ImportField("is_booker", "Travel booker (yes/no)", aliases=("booker", "travel booker")),
    ImportField("is_traveller", "Traveller (yes/no)", aliases=("traveller", "traveler")),
    ImportField("is_vip", "VIP (yes/no)", aliases=("vip",)),
    ImportField("notes", "Notes"),
)
IMPORT_FIELDS = {"companies": COMPANY_IMPORT_FIELDS, "contacts": CONTACT_IMPORT_FIELDS}
MODELS = {"companies": Company, "contacts": Contact}
# The field whose value identifies a row already in the Vault (case-insensitive).
MATCH_FIELD = {"companies": "name", "contacts": "email"}


def import_fields(kind: str) -> dict[str, ImportField]:
    return {spec.name: spec for spec in IMPORT_FIELDS[kind]}


# Reading -----------------------------------------------------------------------------------------


def _decode(data: bytes) -> tuple[str, str]:
    for codec, label in ENCODINGS:
        try:
            return data.decode(codec), label
        except UnicodeDecodeError:
            continue
    raise CsvFileError(
        "The file's characters could not be read. Save it as “CSV UTF-8” from your spreadsheet and upload it again."
    )


def _dialect(text: str):
    try:
        return csv.Sniffer().sniff(text[:SNIFF_BYTES], delimiters=",;\t|")
    except csv.Error:
        return csv.excel


def read_csv(data: bytes) -> ParsedCsv:
    """The header and the non-blank rows of a CSV file, each row as long as the header."""
    if not data.strip():
        raise CsvFileError("The file is empty.")
    if b"\x00" in data:
        raise CsvFileError("This is not a CSV file: it holds binary data (an image, a spreadsheet or a PDF?).")
    text, encoding = _decode(data)
    try:
        records = [
            [cell.strip() for cell in record]
            for record in csv.reader(io.StringIO(text, newline=""), _dialect(text))
            if any(cell.strip() for cell in record)
        ]
    except csv.Error as exc:
        raise CsvFileError(f"The file is not valid CSV: {exc}.") from None
    if not records:
        raise CsvFileError("The file is empty.")
    headers = [name or f"Column {index}" for index, name in enumerate(records[0], start=1)]
    rows = records[1:]
    if not rows:
        raise CsvFileError("The file has a header row but no data rows.")
    width = max(len(headers), *(len(row) for row in rows))
    headers += [f"Column {index}" for index in range(len(headers) + 1, width + 1)]
    return ParsedCsv(headers=headers, rows=[row + [""] * (width - len(row)) for row in rows], encoding=encoding)


# Mapping -----------------------------------------------------------------------------------------


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def guess_mapping(kind: str, headers: list[str]) -> list[str]:
    """For each column, the field its header names (by field name, label or a common alias), or IGNORE."""
    known = {}
    for spec in IMPORT_FIELDS[kind]:
        for name in (spec.name, spec.label, spec.label.split(" (")[0], *spec.aliases):
            known.setdefault(_key(name), spec.name)
    mapping, taken = [], set()
    for header in headers:
        guess = known.get(_key(header), IGNORE)
        if guess in taken:
            guess = IGNORE
        taken.add(guess)
        mapping.append(guess)
    return mapping


def mapping_errors(kind: str, mapping: list[str]) -> list[str]:
    """What is wrong with a mapping: unknown fields, a field taken twice, a required field missing."""
    fields = import_fields(kind)
    errors = [f"“{name}” is not a field of an import." for name in mapping if name and name not in fields]
    used = [name for name in mapping if name in fields]
    errors += [
        f"{fields[name].label} is chosen for more than one column."
        for name in sorted(set(used))
        if used.count(name) > 1
    ]
    errors += [
        f"Choose the column that holds the {spec.label.split(' (')[0].lower()}."
        for spec in fields.values()
        if spec.required and spec.name not in used
    ]
    return errors


# Checking values ---------------------------------------------------------------------------------


def _choice(choices):
    known = {}
    for stored, label in choices:
        for name in (stored, str(label), stored.replace("_", " ")):
            known.setdefault(name.lower(), stored)
    shown = ", ".join(str(label) for _, label in choices[:12]) + (", …" if len(choices) > 12 else "")

    def clean(value: str) -> str:
        if value.lower() not in known:
            raise ValidationError(f"“{value}” is not one of: {shown}.")
        return known[value.lower()]

    return clean


def _boolean(value: str) -> bool:
    word = value.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValidationError(f"“{value}” is not yes or no.")


def _decimal(model_field):
    step = Decimal(1).scaleb(-model_field.decimal_places)

    def clean(value: str) -> Decimal:
        try:
            number = Decimal(NOT_A_NUMBER.sub("", value.replace(",", "")))
        except InvalidOperation:
            raise ValidationError(f"“{value}” is not a number.") from None
        if not number.is_finite():
            raise ValidationError(f"“{value}” is not a number.")
        if number < 0:
            raise ValidationError("Enter an amount of zero or more.")
        number = number.quantize(step)
        if len(number.as_tuple().digits) > model_field.max_digits:
            raise ValidationError(f"“{value}” is too large.")
        return number

    return clean


def _date(value: str) -> date:
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValidationError(f"“{value}” is not a date (use YYYY-MM-DD or DD/MM/YYYY).")


def _text(max_length):
    def clean(value: str) -> str:
        if len(value) > max_length:
            raise ValidationError(f"Keep this to {max_length} characters (it has {len(value)}).")
        return value

    return clean


def _cleaner(kind: str, spec: ImportField):
    """A function from a non-blank cell to the stored value of ``spec``'s field; raises ValidationError."""
    if spec.choices:
        return _choice(spec.choices)
    model_field = MODELS[kind]._meta.get_field(spec.name)
    if isinstance(model_field, models.BooleanField):
        return _boolean
    if isinstance(model_field, models.DecimalField):
        return _decimal(model_field)
    if isinstance(model_field, models.DateField):
        return _date
    if isinstance(model_field, models.URLField):
        return forms.URLField(max_length=model_field.max_length, assume_scheme="https").clean
    if isinstance(model_field, models.EmailField):
        return forms.EmailField(max_length=model_field.max_length).clean
    return _text(model_field.max_length) if model_field.max_length else str


@cache
def cleaners(kind: str) -> dict:
    """The cleaner of every field of an import of ``kind`` but the looked-up ones (owner, company)."""
    return {spec.name: _cleaner(kind, spec) for spec in IMPORT_FIELDS[kind] if spec.name not in {"owner", "company"}}


def clean_value(kind: str, name: str, value: str, *, owners: dict):
    """The stored value of the non-blank cell ``value`` for field ``name``; raises ValidationError."""
    if name == "company":
        return value
    if name == "owner":
        if value.lower() not in owners:
            raise ValidationError(f"“{value}” is not a user of your agency who can own companies.")
        return owners[value.lower()]
    return cleaners(kind)[name](value)


# Checking rows -----------------------------------------------------------------------------------


@dataclass
class Report:
    """The outcome of checking every row: errors by row and column, and duplicates."""

    total: int = 0
    errors: list[dict] = field(default_factory=list)
    duplicates: list[dict] = field(default_factory=list)
    valid_rows: list[dict] = field(default_factory=list)

    @property
    def error_rows(self) -> int:
        return len({error["row"] for error in self.errors})

    def as_json(self) -> dict:
        return {
            "total": self.total,
            "valid": self.total - self.error_rows,
            "error_rows": self.error_rows,
            "errors": self.errors,
            "duplicates": self.duplicates,
        }


@dataclass(frozen=True)
class Existing:
    """What the Vault already holds, keyed by lower-cased name or email: lists of primary keys."""

    companies: dict = field(default_factory=dict)
    contacts: dict = field(default_factory=dict)
    owners: dict = field(default_factory=dict)


def row_number(index: int) -> int:
    """The line a spreadsheet shows for data row ``index`` (0-based): the header is line 1."""
    return index + 2


def _match(key: str, seen: dict, in_vault: dict, match_field: str) -> tuple[int | None, str]:
    """The record of the Vault a row's ``key`` matches, and a problem: an earlier row of the file with
    the same key, or several records of the Vault."""
    if not key:
        return None, ""
    if key in seen:
        return None, f"Same {match_field} as row {seen[key]}."
    found = in_vault.get(key, [])
    if len(found) > 1:
        return None, f"Several records in the Vault have this {match_field}."
    return (found[0] if found else None), ""


def validate_rows(
    kind: str,
    headers: list[str],
    rows: list[list[str]],
    mapping: list[str],
    existing: Existing,
    on_progress: Callable[[int], None] | None = None,
) -> Report:
    """Check every row. A valid row becomes {"row", "values", "match"}: ``values`` holds the non-blank
    cells only (so a blank cell keeps the default or, on update, the value in the Vault), ``match``
    the primary key of the record already in the Vault the row duplicates, or None. ``on_progress``
    is told the number of rows checked every ``PROGRESS_EVERY`` rows."""
    report = Report(total=len(rows))
    fields = import_fields(kind)
    columns = [(index, name) for index, name in enumerate(mapping) if name]
    match_field = MATCH_FIELD[kind]
    seen = {}
    for index, row in enumerate(rows):
        number = row_number(index)
        values, errors = {}, []
        for column, name in columns:
            if not row[column]:
                if fields[name].required:
                    errors.append({"row": number, "column": headers[column], "message": "This cell is required."})
                continue
            try:
                values[name] = clean_value(kind, name, row[column], owners=existing.owners)
            except ValidationError as exc:
                errors.append({"row": number, "column": headers[column], "message": " ".join(exc.messages)})
        if values.get("company"):
            companies = existing.companies.get(values["company"].lower(), [])
            if len(companies) != 1:
                problem = (
                    "No company of that name is in the Vault."
                    if not companies
                    else "Several companies in the Vault have that name."
                )
                errors.append({"row": number, "column": headers[mapping.index("company")], "message": problem})
            else:
                values["company"] = companies[0]
        key = (values.get(match_field) or "").lower()
        match, problem = _match(
            key, seen, (existing.companies if kind == "companies" else existing.contacts), match_field
        )
        if problem:
            errors.append({"row": number, "column": headers[mapping.index(match_field)], "message": problem})
        if key:
            seen.setdefault(key, number)
        if match and not errors:
            report.duplicates.append({"row": number, "value": values[match_field]})
        report.errors.extend(errors)
        if not errors:
            report.valid_rows.append({"row": number, "values": values, "match": match})
        if on_progress is not None and (index + 1) % PROGRESS_EVERY == 0:
            on_progress(index + 1)
    return report
