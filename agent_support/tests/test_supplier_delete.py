import pytest
from django.urls import reverse

from agency.tests.factories import UserFactory
from agent_support.models import BookingProcess, Supplier
from agent_support.tests.factories import BookingProcessFactory, SupplierFactory
from travault.permissions import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def supplier(agency):
    supplier = SupplierFactory(agency=agency, name="Skyline Air")
    BookingProcessFactory(supplier=supplier, with_pdf=True)
    return supplier


def url(supplier):
    return reverse("agent_support:supplier-delete", args=[supplier.uuid])


def test_it_requires_login(client, supplier):
    response = client.post(url(supplier))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert Supplier.objects.filter(pk=supplier.pk).exists()


def test_it_refuses_get(admin_client, supplier):
    assert admin_client.get(url(supplier)).status_code == 405
    assert Supplier.objects.filter(pk=supplier.pk).exists()


def test_it_answers_404_to_another_agency(outsider_client, supplier):
    assert outsider_client.post(url(supplier)).status_code == 404
    assert Supplier.objects.filter(pk=supplier.pk).exists()


@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.SALES])
def test_it_forbids_roles_other_than_admin_and_manager(client, agency, supplier, role):
    client.force_login(UserFactory(agency=agency, role=role))

    assert client.post(url(supplier)).status_code == 403
    assert Supplier.objects.filter(pk=supplier.pk).exists()


@pytest.mark.parametrize("role", [Role.ADMIN, Role.MANAGER])
def test_it_deletes_the_supplier_its_processes_and_files(
    client, agency, supplier, role, django_capture_on_commit_callbacks, stored_files
):
    client.force_login(UserFactory(agency=agency, role=role))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(supplier))

    assert response.status_code == 302
    assert response.url == reverse("agent_support:supplier-list")
    assert not Supplier.objects.exists()
    assert not BookingProcess.objects.exists()
    assert stored_files() == []
    assert "Skyline Air was deleted." in client.get(response.url).text
