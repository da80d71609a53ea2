import pytest
from django.db.models import F, Q

from crm.tests.factories import CompanyFactory
from ticketing.models import Ticket
from ticketing.tests.factories import TicketFactory
from travault.lookups import AnyOf

pytestmark = pytest.mark.django_db


def test_it_keeps_the_rows_whose_column_is_in_the_subquery(agency):
    acme = CompanyFactory(agency=agency, name="Acme")
    other = CompanyFactory(agency=agency, name="Other")
    wanted = TicketFactory(company=acme)
    TicketFactory(company=other)
    ids = type(acme).objects.filter(name="Acme").values("pk")

    tickets = Ticket.objects.filter(Q(AnyOf(F("company_id"), ids)) | Q(description="nothing like this"))

    assert list(tickets) == [wanted]
    assert "= ANY(ARRAY(SELECT" in str(tickets.query)
