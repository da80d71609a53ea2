"""Checking and running an import: duplicates skipped or updated, all or nothing, a task safe to deliver twice."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from kombu.exceptions import OperationalError

from crm import csv_import as csv_rules
from crm import services
from crm.csv_import import guess_mapping, read_csv
from crm.models import Company, Contact, CsvImport
from crm.selectors import csv_import_progress, csv_import_progress_key
from crm.tasks import csv_import_task

from .factories import ContactFactory, CsvImportFactory

pytestmark = pytest.mark.django_db

COMPANIES = (
    b"Name,Type,Stage,City,Expected annual spend\n"
    b"Acme Pharma,Client,Trading,Sheffield,250000\n"
    b"Northgate Engineering,prospect,lead,Manchester,\n"
    b"Brightwater Energy,Prospect,Qualified,,1000\n"
)


def _upload(agency, user, data=COMPANIES, kind="companies"):
    return services.csv_import_create(agency=agency, user=user, kind=kind, file_name="file.csv", parsed=read_csv(data))


def _checked(agency, user, data=COMPANIES, kind="companies", on_duplicate="skip"):
    """An upload checked as the task does it (the test transaction never runs on-commit callbacks)."""
    csv_import = _upload(agency, user, data, kind)
    mapping = guess_mapping(kind, csv_import.headers)
    assert services.csv_import_check_start(csv_import=csv_import, mapping=mapping, on_duplicate=on_duplicate)
    return services.csv_import_check(agency_id=agency.pk, import_id=csv_import.pk)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Start an import and run the task it queues on commit (eagerly, as in development)."""

    def start(csv_import):
        with django_capture_on_commit_callbacks(execute=True):
            services.csv_import_start(csv_import=csv_import)
        csv_import.refresh_from_db()
        return csv_import

    return start


def test_it_keeps_the_rows_and_a_guessed_mapping(agency, admin_user):
    csv_import = _upload(agency, admin_user)

    assert csv_import.status == CsvImport.Status.PENDING
    assert csv_import.total_rows == 3
    assert csv_import.mapping == ["name", "company_type", "stage", "city", "expected_annual_spend"]
    assert csv_import.uploaded_by == admin_user
    assert Company.objects.count() == 0


def test_it_checks_without_writing(agency, admin_user, company):
    csv_import = _checked(agency, admin_user)

    assert csv_import.status == CsvImport.Status.VALIDATED
    assert csv_import.report == {
        "total": 3,
        "valid": 3,
        "error_rows": 0,
        "errors": [],
        "duplicates": [{"row": 2, "value": "Acme Pharma"}],
    }
    assert Company.objects.count() == 1


def test_it_creates_companies_and_skips_duplicates(agency, admin_user, company, run):
    csv_import = run(_checked(agency, admin_user))

    assert csv_import.status == CsvImport.Status.DONE
    assert (csv_import.created_count, csv_import.updated_count, csv_import.skipped_count) == (2, 0, 1)
    assert csv_import.finished_at is not None
    company.refresh_from_db()
    assert company.city == "Leeds"
    northgate = Company.objects.get(name="Northgate Engineering")
    assert (northgate.agency, northgate.company_type, northgate.stage) == (agency, "prospect", "lead")
    assert northgate.expected_annual_spend is None
    assert northgate.last_activity_at is not None


def test_it_updates_duplicates_when_asked_and_keeps_values_of_blank_cells(agency, admin_user, company, run):
    company.email = "travel@acme.example"
    company.save()

    csv_import = run(_checked(agency, admin_user, on_duplicate="update"))

    assert (csv_import.created_count, csv_import.updated_count, csv_import.skipped_count) == (2, 1, 0)
    company.refresh_from_db()
    assert (company.city, company.stage, company.expected_annual_spend) == ("Sheffield", "trading", Decimal(250000))
    assert company.email == "travel@acme.example"
    assert Company.objects.filter(agency=agency).count() == 3


def test_it_matches_duplicates_only_within_the_agency(agency, admin_user, foreign_company, run):
    data = b"Name,City\nRival Corp,Paris\n"

    csv_import = run(_checked(agency, admin_user, data=data, on_duplicate="update"))

    assert (csv_import.created_count, csv_import.updated_count) == (1, 0)
    foreign_company.refresh_from_db()
    assert foreign_company.city == "London"


def test_it_writes_nothing_when_a_row_is_refused_mid_file(agency, admin_user, monkeypatch, run):
    checked = _checked(agency, admin_user)
    original = Company.full_clean

    def refuse_the_second(self, *args, **kwargs):
        if self.name == "Northgate Engineering":
            raise ValidationError({"name": ["Refused."]})
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Company, "full_clean", refuse_the_second)
    csv_import = run(checked)

    assert csv_import.status == CsvImport.Status.FAILED
    assert csv_import.report["errors"] == [{"row": 3, "column": "", "message": "Refused."}]
    assert Company.objects.count() == 0


def test_it_writes_nothing_when_the_vault_changed_since_the_check(agency, admin_user, company, run):
    data = b"First name,Last name,Company\nAda,Lovelace,Acme Pharma\nBob,Smith,Acme Pharma\n"
    checked = _checked(agency, admin_user, data=data, kind="contacts")
    assert checked.report["error_rows"] == 0
    company.delete()

    csv_import = run(checked)

    assert csv_import.status == CsvImport.Status.FAILED
    assert csv_import.report["error_rows"] == 2
    assert Contact.objects.count() == 0


def test_it_marks_a_crashed_import_failed_and_writes_nothing(agency, admin_user, monkeypatch, run):
    checked = _checked(agency, admin_user)

    def crash(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Company.objects, "bulk_create", crash)
    csv_import = run(checked)

    assert csv_import.status == CsvImport.Status.FAILED
    assert "nothing was written" in csv_import.report["errors"][0]["message"]
    assert Company.objects.count() == 0


def test_a_finished_import_keeps_its_report_but_not_the_file_s_rows(agency, admin_user, company, run):
    contact = b"First name,Last name,Company\nAda,Lovelace,Acme Pharma\n"
    contacts = _checked(agency, admin_user, data=contact, kind="contacts")
    done = run(_checked(agency, admin_user))
    company.delete()
    failed = run(contacts)

    assert (done.status, done.rows, done.created_count, done.skipped_count) == (CsvImport.Status.DONE, [], 2, 1)
    assert (failed.status, failed.rows) == (CsvImport.Status.FAILED, [])
    assert failed.report["errors"]


def test_a_started_check_or_import_records_when_it_was_queued(agency, admin_user, run):
    checked = _checked(agency, admin_user)
    queued_for_check = checked.started_at

    assert queued_for_check is not None
    assert run(checked).started_at > queued_for_check


def test_it_will_not_start_a_file_with_errors_or_start_twice(agency, admin_user, django_capture_on_commit_callbacks):
    bad = _checked(agency, admin_user, data=b"Name,Email\nAcme,nope\n")
    assert services.csv_import_start(csv_import=bad) is False

    good = _checked(agency, admin_user)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert services.csv_import_start(csv_import=good) is True
        assert services.csv_import_start(csv_import=good) is False
    assert len(callbacks) == 1
    assert Company.objects.count() == 3


def test_it_can_be_started_again_when_the_broker_is_down(agency, admin_user, monkeypatch, run):
    def broker_down(**kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6399. Connection refused.")

    monkeypatch.setattr(csv_import_task, "delay", broker_down)
    csv_import = run(_checked(agency, admin_user))

    assert csv_import.status == CsvImport.Status.VALIDATED
    assert Company.objects.count() == 0
    monkeypatch.undo()
    assert run(csv_import).status == CsvImport.Status.DONE


def test_the_check_goes_through_the_task_and_only_once(agency, admin_user, django_capture_on_commit_callbacks):
    csv_import = _upload(agency, admin_user)
    mapping = guess_mapping("companies", csv_import.headers)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.csv_import_check_start(csv_import=csv_import, mapping=mapping, on_duplicate="update")
    csv_import.refresh_from_db()

    assert (csv_import.status, csv_import.on_duplicate, csv_import.report["valid"]) == ("validated", "update", 3)
    assert csv_import_task.delay(agency_id=agency.pk, import_id=csv_import.pk).get() == "skipped"
    assert Company.objects.count() == 0


def test_a_check_cannot_restart_a_started_import(agency, admin_user, run):
    csv_import = run(_checked(agency, admin_user))

    assert not services.csv_import_check_start(csv_import=csv_import, mapping=["name"], on_duplicate="skip")
    csv_import.refresh_from_db()
    assert csv_import.status == CsvImport.Status.DONE


def test_a_second_delivery_of_the_task_imports_nothing(agency, admin_user, run):
    csv_import = run(_checked(agency, admin_user))

    assert csv_import_task.delay(agency_id=agency.pk, import_id=csv_import.pk).get() == "skipped"
    assert Company.objects.count() == 3


def test_the_task_takes_only_an_import_of_the_given_agency(agency, other_agency, admin_user):
    csv_import = _checked(agency, admin_user)
    CsvImport.objects.filter(pk=csv_import.pk).update(status=CsvImport.Status.RUNNING)

    assert csv_import_task.delay(agency_id=other_agency.pk, import_id=csv_import.pk).get() == "skipped"
    assert csv_import_task.delay(agency_id=agency.pk, import_id=csv_import.pk).get() == "done"
    assert Company.objects.filter(agency=agency).count() == 3


def test_it_reports_progress_as_it_goes(agency, admin_user, monkeypatch, run):
    monkeypatch.setattr(services, "IMPORT_BATCH", 2)
    monkeypatch.setattr(csv_rules, "PROGRESS_EVERY", 5)
    rows = "".join(f"Company {n}\n" for n in range(10))
    seen = []
    original = cache.set

    def spy(key, value, *args, **kwargs):
        if key.startswith("crm:csv-import:"):
            seen.append(value)
        return original(key, value, *args, **kwargs)

    monkeypatch.setattr(cache, "set", spy)
    checked = _checked(agency, admin_user, data=f"Name\n{rows}".encode())
    assert seen == [50, 99]
    done = run(checked)

    assert seen == [50, 99, 20, 40, 60, 80, 99]
    assert csv_import_progress(csv_import=done) == 100


def test_progress_is_read_from_the_cache_while_running(agency):
    csv_import = CsvImportFactory(agency=agency, status=CsvImport.Status.RUNNING)
    assert csv_import_progress(csv_import=csv_import) == 0

    cache.set(csv_import_progress_key(agency_id=agency.pk, import_id=csv_import.pk), 42)

    assert csv_import_progress(csv_import=csv_import) == 42


def test_it_imports_contacts_into_their_companies(agency, admin_user, company, run):
    existing = ContactFactory(company=company, email="ada@acme.example", first_name="Ada", job_title="")
    data = (
        b"First name,Last name,Company,Email,Job title,Travel booker\n"
        b"Ada,Lovelace,ACME PHARMA,Ada@Acme.example,Head of Travel,yes\n"
        b"Bob,Smith,Acme Pharma,bob@acme.example,,no\n"
    )

    csv_import = run(_checked(agency, admin_user, data=data, kind="contacts", on_duplicate="update"))

    assert (csv_import.created_count, csv_import.updated_count) == (1, 1)
    existing.refresh_from_db()
    assert (existing.job_title, existing.is_booker) == ("Head of Travel", True)
    bob = Contact.objects.get(email="bob@acme.example")
    assert (bob.agency, bob.company, bob.is_booker) == (agency, company, False)


def test_it_sets_owners_of_the_agency(agency, admin_user, run):
    data = f"Name,Owner\nAcme,{admin_user.email.upper()}\n".encode()

    run(_checked(agency, admin_user, data=data))

    assert Company.objects.get(name="Acme").owner == admin_user


def test_the_factory_import_runs(agency, django_capture_on_commit_callbacks):
    csv_import = CsvImportFactory(agency=agency, validated=True)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.csv_import_start(csv_import=csv_import) is True
    assert sorted(Company.objects.filter(agency=agency).values_list("name", flat=True)) == [
        "Imported One Ltd",
        "Imported Two Ltd",
    ]


def test_companies_of_one_agency_do_not_satisfy_contacts_of_another(agency, admin_user, foreign_company):
    data = b"First name,Last name,Company\nAda,Lovelace,Rival Corp\n"

    csv_import = _checked(agency, admin_user, data=data, kind="contacts")

    assert csv_import.report["errors"][0]["message"] == "No company of that name is in the Vault."
    assert Contact.objects.count() == 0
