"""Factories of the ticket desk: every row is created in its ticket's (or company's) agency, and
ticket numbers come from the agency's counter as in production."""

import factory
from django.db import transaction

from agency.tests.factories import AgencyFactory, UserFactory
from crm.tests.factories import CompanyFactory
from ticketing.models import Ticket, TicketAction, TicketSubject
from ticketing.services import ticket_number_allocate


class TicketSubjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TicketSubject

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Subject {n:03d}")


class TicketFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ticket

    company = factory.SubFactory(CompanyFactory, company_type="client")
    agency = factory.SelfAttribute("company.agency")
    category_type = Ticket.CategoryType.CLIENT
    category = Ticket.Category.QUERY
    subject = factory.SubFactory(TicketSubjectFactory, agency=factory.SelfAttribute("..agency"))
    description = factory.Sequence(lambda n: f"The traveller needs help with booking {n}.")
    owner = factory.SubFactory(UserFactory, agency=factory.SelfAttribute("..agency"))
    assignee = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with transaction.atomic():
            if "number" not in kwargs:
                kwargs["number"] = ticket_number_allocate(agency=kwargs["agency"])
            return super()._create(model_class, *args, **kwargs)


class TicketActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TicketAction

    ticket = factory.SubFactory(TicketFactory)
    agency = factory.SelfAttribute("ticket.agency")
    kind = TicketAction.Kind.ACTION_TAKEN
    details = "Called the airline and rebooked the flight."
    author = factory.SelfAttribute("ticket.owner")
