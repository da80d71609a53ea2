import pytest

from agency.tests.factories import UserFactory
from travault.permissions import Role

from .factories import CompanyFactory


@pytest.fixture
def sales_user(agency):
    return UserFactory(agency=agency, role=Role.SALES, email="sales@bluewave.example")


@pytest.fixture
def manager_user(agency):
    return UserFactory(agency=agency, role=Role.MANAGER, email="manager@bluewave.example")


@pytest.fixture
def sales_client(client, sales_user):
    client.force_login(sales_user)
    return client


@pytest.fixture
def company(agency, admin_user):
    return CompanyFactory(agency=agency, name="Acme Pharma", owner=admin_user, city="Leeds")


@pytest.fixture
def supplier(agency):
    return CompanyFactory(agency=agency, name="Skyways Air", company_type="supplier")


@pytest.fixture
def foreign_company(other_agency):
    return CompanyFactory(agency=other_agency, name="Rival Corp")
