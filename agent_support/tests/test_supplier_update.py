import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from agent_support.models import BookingProcess
from agent_support.tests.factories import BookingProcessFactory, SupplierFactory, pdf_upload
from agent_support.tests.forms_data import supplier_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def supplier(agency):
    return SupplierFactory(agency=agency, name="Skyline Air")


@pytest.fixture
def processes(supplier):
    return [
        BookingProcessFactory(supplier=supplier, title="Groups", order=0, with_pdf=True),
        BookingProcessFactory(supplier=supplier, title="Refunds", order=1),
        BookingProcessFactory(supplier=supplier, title="Amendments", order=2, with_pdf=True),
    ]


def url(supplier):
    return reverse("agent_support:supplier-update", args=[supplier.uuid])


def rows(processes, **changes):
    """The rows of the existing processes as the form shows them, with ``changes[index]`` applied."""
    return [
        {"id": str(p.pk), "title": p.title, "body": p.body, "order": str(p.order), **changes.get(f"p{i}", {})}
        for i, p in enumerate(processes)
    ]


def test_it_requires_login(client, supplier):
    response = client.get(url(supplier))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_it_answers_404_to_another_agency(outsider_client, supplier, processes):
    assert outsider_client.get(url(supplier)).status_code == 404
    assert outsider_client.post(url(supplier), supplier_post(name="Hijacked")).status_code == 404
    supplier.refresh_from_db()
    assert supplier.name == "Skyline Air"


def test_it_shows_the_supplier_and_its_processes(consultant_client, supplier, processes):
    response = consultant_client.get(url(supplier))

    assert response.status_code == 200
    assert response.context["form"].initial["name"] == "Skyline Air"
    assert [form.instance.title for form in response.context["formset"]] == ["Groups", "Refunds", "Amendments"]
    assert reverse("agent_support:process-pdf", args=[processes[0].uuid]) in response.text
    assert [form["order"].value() for form in response.context["formset"]] == [0, 1, 2]


def test_it_offers_delete_to_admins_only(client, consultant, admin_user, supplier):
    delete_url = reverse("agent_support:supplier-delete", args=[supplier.uuid])

    client.force_login(consultant)
    assert delete_url not in client.get(url(supplier)).text
    client.force_login(admin_user)
    assert delete_url in client.get(url(supplier)).text


def test_it_reorders_removes_and_adds_processes(
    consultant_client, supplier, processes, django_capture_on_commit_callbacks, stored_files
):
    removed_file = processes[0].pdf.name
    data = supplier_post(
        processes=[
            *rows(processes, p0={"DELETE": "on"}, p1={"order": "2"}, p2={"order": "0"}),
            {"title": "Name changes", "body": "Free until 24h before.", "order": "1"},
        ],
        initial=3,
        name="Skyline Airways",
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = consultant_client.post(url(supplier), data)

    assert response.status_code == 302
    assert [(p.title, p.order) for p in supplier.processes.all()] == [
        ("Amendments", 0),
        ("Name changes", 1),
        ("Refunds", 2),
    ]
    assert not BookingProcess.objects.filter(pk=processes[0].pk).exists()
    assert not default_storage.exists(removed_file)
    assert stored_files() == [processes[2].pdf.name]
    supplier.refresh_from_db()
    assert (supplier.name, supplier.name_key) == ("Skyline Airways", "skylineairways")


def test_it_replaces_and_removes_pdfs(consultant_client, supplier, processes, django_capture_on_commit_callbacks):
    old_files = [processes[0].pdf.name, processes[2].pdf.name]
    data = supplier_post(
        processes=rows(processes, p0={"pdf_file": pdf_upload("new groups.pdf")}, p2={"remove_pdf": "on"}), initial=3
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert consultant_client.post(url(supplier), data).status_code == 302

    groups, _, amendments = supplier.processes.all()
    assert groups.pdf.name not in old_files
    assert groups.pdf_name == "new_groups.pdf"
    assert not amendments.pdf
    assert not any(default_storage.exists(name) for name in old_files)


def test_it_keeps_everything_when_the_form_is_invalid(consultant_client, supplier, processes, stored_files):
    before = stored_files()
    data = supplier_post(
        processes=rows(processes, p0={"pdf_file": pdf_upload()}, p1={"DELETE": "on"}), initial=3, general_email="nope"
    )

    response = consultant_client.post(url(supplier), data)

    assert response.status_code == 200
    assert response.context["form"].errors["general_email"]
    assert supplier.processes.count() == 3
    assert stored_files() == before
    processes[0].refresh_from_db()
    assert default_storage.exists(processes[0].pdf.name)


def test_it_cannot_touch_a_process_of_another_supplier(consultant_client, supplier, agency):
    foreign = BookingProcessFactory(supplier=SupplierFactory(agency=agency), title="Untouched")
    data = supplier_post(processes=[{"id": str(foreign.pk), "title": "Hijacked", "order": "0"}], initial=1)

    response = consultant_client.post(url(supplier), data)

    assert response.status_code == 200
    assert response.context["formset"].forms[0].errors["id"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert BookingProcess.objects.count() == 1
    foreign.refresh_from_db()
    assert foreign.title == "Untouched"
