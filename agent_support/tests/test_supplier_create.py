import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agency.tests.factories import UserFactory
from agent_support.models import BookingProcess, Supplier
from agent_support.tests.factories import pdf_bytes, pdf_upload
from agent_support.tests.forms_data import supplier_post
from travault.permissions import Role

pytestmark = pytest.mark.django_db

URL = reverse("agent_support:supplier-create")


def test_it_requires_login(client):
    response = client.post(URL, supplier_post())

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not Supplier.objects.exists()


def test_it_shows_an_empty_form_with_a_row_template(consultant_client):
    response = consultant_client.get(URL)

    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.text
    assert 'id="process-template"' in response.text
    assert "processes-__prefix__-title" in response.text
    assert "js/agent_support_form.js" in response.text
    assert "<script>" not in response.text


def test_it_lets_every_role_add_a_supplier(client, agency):
    for role in Role:
        client.force_login(UserFactory(agency=agency, role=role))
        assert client.post(URL, supplier_post(name=f"Supplier of a {role}")).status_code == 302
    assert Supplier.objects.filter(agency=agency).count() == len(Role)


def test_it_adds_a_supplier_with_processes_in_the_order_given(consultant_client, agency, stored_files):
    response = consultant_client.post(
        URL,
        supplier_post(
            processes=[
                {"title": "Refunds", "body": "Use the refund form.", "order": "1"},
                {"title": "Groups", "body": "Email the desk.", "order": "0", "pdf_file": pdf_upload("groups.pdf")},
                {"title": "", "body": "", "order": "2"},
            ]
        ),
    )

    supplier = Supplier.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("agent_support:supplier-list") + "?q=Skyline+Air"
    assert supplier.agency == agency
    assert supplier.agent_websites == ["https://agents.skyline.example/", "https://www.skyline.example/groups"]
    assert supplier.phone_numbers == ["+44 20 7946 0101", "+44 20 7946 0199"]
    assert [(p.title, p.order, p.pdf_name) for p in supplier.processes.all()] == [
        ("Groups", 0, "groups.pdf"),
        ("Refunds", 1, ""),
    ]
    assert stored_files() == [supplier.processes.get(title="Groups").pdf.name]
    assert "Skyline Air was added to the directory." in consultant_client.get(response.url).text


def test_it_ignores_the_agency_and_ids_smuggled_into_the_post(consultant_client, agency, other_agency):
    consultant_client.post(URL, supplier_post(agency=str(other_agency.pk), agency_id=str(other_agency.pk)))

    assert Supplier.objects.get().agency == agency


@pytest.mark.parametrize(
    ("fields", "field", "error"),
    [
        ({"name": ""}, "name", "This field is required."),
        ({"supplier_type": "spaceship"}, "supplier_type", "Select a valid choice."),
        ({"agent_websites": "https://ok.example/\njavascript:alert(1)"}, "agent_websites", "Line 2"),
        ({"agent_websites": "not a url at all"}, "agent_websites", "Enter a valid URL."),
        ({"group_email": "groups-at-skyline"}, "group_email", "Enter a valid email address."),
        ({"account_manager_email": "sam@"}, "account_manager_email", "Enter a valid email address."),
        ({"phone_numbers": "+44 20\ncall me maybe"}, "phone_numbers", "Line 1"),
    ],
)
def test_it_refuses_bad_supplier_fields_and_stores_nothing(consultant_client, stored_files, fields, field, error):
    response = consultant_client.post(
        URL, supplier_post(processes=[{"title": "Groups", "pdf_file": pdf_upload()}], **fields)
    )

    assert response.status_code == 200
    assert error in " ".join(response.context["form"].errors[field])
    assert not Supplier.objects.exists()
    assert stored_files() == []


@pytest.mark.parametrize(
    ("upload", "error"),
    [
        (SimpleUploadedFile("guide.pdf", b"<!doctype html><p>hi</p>", "application/pdf"), "This file is not a PDF."),
        (SimpleUploadedFile("setup.pdf", b"MZ\x90\x00" + b"\x00" * 512, "application/pdf"), "This file is not a PDF."),
        (SimpleUploadedFile("cut.pdf", pdf_bytes()[:200], "application/pdf"), "This PDF is damaged or incomplete."),
        (
            SimpleUploadedFile("big.pdf", pdf_bytes() + b"%" * (10 * 1024 * 1024), "application/pdf"),
            "The PDF is larger than 10.0\xa0MB.",
        ),
    ],
    ids=["renamed-html", "renamed-executable", "truncated", "over-10-mb"],
)
def test_it_refuses_a_file_that_is_not_an_acceptable_pdf(consultant_client, stored_files, upload, error):
    response = consultant_client.post(
        URL,
        supplier_post(
            processes=[{"title": "Good", "pdf_file": pdf_upload()}, {"title": "Bad", "pdf_file": upload}],
        ),
    )

    assert response.status_code == 200
    assert response.context["formset"].forms[1].errors["pdf_file"] == [error]
    assert "Nothing was saved" in response.text
    assert not Supplier.objects.exists()
    assert not BookingProcess.objects.exists()
    assert stored_files() == []


def test_it_refuses_a_process_without_a_title(consultant_client, stored_files):
    response = consultant_client.post(
        URL, supplier_post(processes=[{"title": "", "body": "Steps", "order": "0", "pdf_file": pdf_upload()}])
    )

    assert response.status_code == 200
    assert response.context["formset"].forms[0].errors["title"] == ["This field is required."]
    assert not Supplier.objects.exists()
    assert stored_files() == []


def test_it_refuses_more_than_twenty_processes(consultant_client):
    response = consultant_client.post(URL, supplier_post(processes=[{"title": f"P{n}"} for n in range(21)]))

    assert response.status_code == 200
    assert response.context["formset"].non_form_errors()
    assert not Supplier.objects.exists()


def test_it_shows_an_error_for_a_tampered_formset(consultant_client):
    data = supplier_post()
    del data["processes-TOTAL_FORMS"]

    response = consultant_client.post(URL, data)

    assert response.status_code == 200
    assert "ManagementForm data is missing" in " ".join(response.context["formset"].non_form_errors())
    assert not Supplier.objects.exists()
