import pytest

from agency.tests.factories import UserFactory
from crm.tests.factories import CompanyFactory, ContactFactory
from travault.permissions import Role


@pytest.fixture
def company(agency, admin_user):
    return CompanyFactory(agency=agency, name="Acme Pharma", owner=admin_user, last_activity_at=None)


@pytest.fixture
def contact(company):
    return ContactFactory(company=company, first_name="Jane", last_name="Booker")


@pytest.fixture
def foreign_company(other_agency):
    return CompanyFactory(agency=other_agency, name="Rival Corp")


@pytest.fixture
def manager_user(agency):
    return UserFactory(agency=agency, role=Role.MANAGER, email="manager@bluewave.example")


@pytest.fixture
def sales_user(agency):
    return UserFactory(agency=agency, role=Role.SALES, email="sales@bluewave.example")
