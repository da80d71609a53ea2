import pytest

from agency.tests.factories import UserFactory
from crm.models import Company
from crm.tests.factories import CompanyFactory, ContactFactory
from travault.permissions import Role

from .factories import TicketFactory, TicketSubjectFactory


@pytest.fixture
def manager_user(agency):
    return UserFactory(agency=agency, role=Role.MANAGER, email="manager@bluewave.example", first_name="Mia")


@pytest.fixture
def manager_client(client, manager_user):
    client.force_login(manager_user)
    return client


@pytest.fixture
def client_company(agency):
    return CompanyFactory(agency=agency, name="Acme Pharma", company_type=Company.Type.CLIENT)


@pytest.fixture
def supplier(agency):
    return CompanyFactory(agency=agency, name="Skyways Air", company_type=Company.Type.SUPPLIER)


@pytest.fixture
def contact(client_company):
    return ContactFactory(company=client_company, first_name="Ada", last_name="Booker")


@pytest.fixture
def subject(agency):
    return TicketSubjectFactory(agency=agency, name="Refund")


@pytest.fixture
def ticket(agency, client_company, subject, admin_user, consultant):
    return TicketFactory(
        agency=agency,
        company=client_company,
        subject=subject,
        owner=admin_user,
        assignee=consultant,
        description="Refund the cancelled Paris trip.",
    )
