import pytest
from django.urls import reverse

from agency.tests.factories import UserFactory
from agent_support.tests.factories import BookingProcessFactory, SupplierFactory, pdf_bytes
from travault.permissions import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def process(agency):
    return BookingProcessFactory(supplier=SupplierFactory(agency=agency), with_pdf=True, pdf_name="Group guide.pdf")


def url(process):
    return reverse("agent_support:process-pdf", args=[process.uuid])


def test_it_requires_login(client, process):
    response = client.get(url(process))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_it_refuses_post(consultant_client, process):
    assert consultant_client.post(url(process)).status_code == 405


def test_it_answers_404_to_another_agency(outsider_client, process):
    assert outsider_client.get(url(process)).status_code == 404


def test_it_answers_404_when_the_process_has_no_pdf(consultant_client, agency):
    process = BookingProcessFactory(supplier=SupplierFactory(agency=agency))

    assert consultant_client.get(url(process)).status_code == 404


def test_it_answers_404_when_the_stored_file_is_gone(consultant_client, process):
    from django.core.files.storage import default_storage

    default_storage.delete(process.pdf.name)

    assert consultant_client.get(url(process)).status_code == 404


def test_it_streams_the_pdf_as_a_download_to_every_role(client, agency, process):
    for role in Role:
        client.force_login(UserFactory(agency=agency, role=role))
        response = client.get(url(process))

        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="Group guide.pdf"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == pdf_bytes()
