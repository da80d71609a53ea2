import pytest
from django.core.files.storage import default_storage

from agent_support.models import BookingProcess, Supplier, SupplierType
from agent_support.services import (
    ProcessData,
    SupplierData,
    supplier_create,
    supplier_delete,
    supplier_update,
)
from agent_support.tests.factories import BookingProcessFactory, SupplierFactory, pdf_bytes, pdf_upload

pytestmark = pytest.mark.django_db


def data(**overrides):
    return SupplierData(**{"supplier_type": SupplierType.RAIL, "name": "Euro-Star (Groups)", **overrides})


def test_it_creates_a_supplier_with_a_search_key_and_its_processes_in_order(agency, stored_files):
    supplier = supplier_create(
        agency=agency,
        data=data(agent_websites=["https://agents.eurostar.example/"], phone_numbers=["+44 3432 186 186"]),
        processes=[ProcessData(title="Groups", pdf=pdf_upload("Group Guide (v2).pdf")), ProcessData(title="Refunds")],
    )

    supplier.refresh_from_db()
    assert supplier.agency == agency
    assert supplier.name_key == "eurostargroups"
    assert supplier.agent_websites == ["https://agents.eurostar.example/"]
    processes = list(supplier.processes.all())
    assert [(p.title, p.order, p.agency_id) for p in processes] == [("Groups", 0, agency.pk), ("Refunds", 1, agency.pk)]
    assert processes[0].pdf.name.startswith(f"agent_support/{agency.uuid}/")
    assert processes[0].pdf.name.endswith(".pdf")
    assert "Group" not in processes[0].pdf.name
    assert processes[0].pdf_name == "Group_Guide_v2.pdf"
    assert stored_files() == [processes[0].pdf.name]
    assert default_storage.open(processes[0].pdf.name).read() == pdf_bytes()
    assert not processes[1].pdf


def test_it_normalises_accents_case_and_punctuation_in_the_search_key(agency):
    supplier = supplier_create(agency=agency, data=data(name="Hôtels B&B — Côte d'Azur"))

    assert supplier.name_key == "hotelsbbcotedazur"


def test_it_updates_reorders_and_removes_processes(agency, django_capture_on_commit_callbacks, stored_files):
    supplier = SupplierFactory(agency=agency)
    first = BookingProcessFactory(supplier=supplier, title="First", order=0, with_pdf=True)
    second = BookingProcessFactory(supplier=supplier, title="Second", order=1)
    third = BookingProcessFactory(supplier=supplier, title="Third", order=2)
    old_file = first.pdf.name

    with django_capture_on_commit_callbacks(execute=True):
        supplier_update(
            supplier=supplier,
            data=data(name="Renamed"),
            processes=[
                ProcessData(title="Third, now first", process=third),
                ProcessData(title="New"),
                ProcessData(title="Second", process=second),
            ],
            removed=[first],
        )

    assert [(p.title, p.order) for p in supplier.processes.all()] == [
        ("Third, now first", 0),
        ("New", 1),
        ("Second", 2),
    ]
    assert not BookingProcess.objects.filter(pk=first.pk).exists()
    assert not default_storage.exists(old_file)
    assert stored_files() == []
    assert Supplier.objects.get(pk=supplier.pk).name_key == "renamed"


def test_it_replaces_a_pdf_and_deletes_the_old_file_only_on_commit(agency, django_capture_on_commit_callbacks):
    process = BookingProcessFactory(supplier=SupplierFactory(agency=agency), with_pdf=True)
    old_file = process.pdf.name

    with django_capture_on_commit_callbacks() as callbacks:
        supplier_update(
            supplier=process.supplier,
            data=data(),
            processes=[ProcessData(title=process.title, process=process, pdf=pdf_upload("new.pdf", text="New"))],
        )
        assert default_storage.exists(old_file)
    for callback in callbacks:
        callback()

    process.refresh_from_db()
    assert process.pdf.name != old_file
    assert process.pdf_name == "new.pdf"
    assert not default_storage.exists(old_file)
    assert default_storage.exists(process.pdf.name)


def test_it_removes_a_pdf_without_a_replacement(agency, django_capture_on_commit_callbacks, stored_files):
    process = BookingProcessFactory(supplier=SupplierFactory(agency=agency), with_pdf=True)

    with django_capture_on_commit_callbacks(execute=True):
        supplier_update(
            supplier=process.supplier,
            data=data(),
            processes=[ProcessData(title="Kept", process=process, remove_pdf=True)],
        )

    process.refresh_from_db()
    assert not process.pdf
    assert process.pdf_name == ""
    assert stored_files() == []


def test_it_deletes_the_files_it_stored_when_the_write_fails(agency, stored_files):
    too_long = "x" * 201

    with pytest.raises(Exception, match="title"):
        supplier_create(
            agency=agency,
            data=data(),
            processes=[ProcessData(title="Fine", pdf=pdf_upload()), ProcessData(title=too_long)],
        )

    assert not Supplier.objects.exists()
    assert not BookingProcess.objects.exists()
    assert stored_files() == []


def test_it_refuses_to_write_a_process_of_another_supplier(agency):
    supplier = SupplierFactory(agency=agency)
    foreign = BookingProcessFactory(supplier=SupplierFactory(agency=agency), title="Untouched")

    with pytest.raises(ValueError, match="its own supplier"):
        supplier_update(supplier=supplier, data=data(), processes=[ProcessData(title="Hijacked", process=foreign)])

    foreign.refresh_from_db()
    assert foreign.title == "Untouched"


def test_it_deletes_a_supplier_its_processes_and_their_files_on_commit(
    agency, django_capture_on_commit_callbacks, stored_files
):
    supplier = SupplierFactory(agency=agency)
    BookingProcessFactory.create_batch(2, supplier=supplier, with_pdf=True)
    BookingProcessFactory(supplier=supplier)
    kept = BookingProcessFactory(supplier=SupplierFactory(agency=agency), with_pdf=True)

    with django_capture_on_commit_callbacks(execute=True):
        supplier_delete(supplier=supplier)

    assert not Supplier.objects.filter(pk=supplier.pk).exists()
    assert list(BookingProcess.objects.all()) == [kept]
    assert stored_files() == [kept.pdf.name]
