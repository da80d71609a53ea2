import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ticketing import services
from ticketing.models import TicketSubject

from .factories import TicketFactory, TicketSubjectFactory

pytestmark = pytest.mark.django_db


def test_it_adds_subjects_unique_per_agency_whatever_the_case(agency, other_agency, subject):
    services.subject_add(agency=other_agency, name="Refund")

    with pytest.raises(ValidationError):
        services.subject_add(agency=agency, name="  rEFUND ")

    assert services.subject_add(agency=agency, name="  Name   change ").name == "Name change"


def test_the_database_refuses_a_duplicate_name_in_another_case(agency, subject):
    with pytest.raises(IntegrityError), transaction.atomic():
        TicketSubject.objects.create(agency=agency, name="REFUND")


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_it_refuses_empty_or_long_names(agency, name):
    with pytest.raises(ValidationError):
        services.subject_add(agency=agency, name=name)

    assert not TicketSubject.objects.exists()


def test_it_renames(agency, subject):
    other = TicketSubjectFactory(agency=agency, name="Visa")

    services.subject_rename(subject=subject, name="Refunds")
    assert TicketSubject.objects.get(pk=subject.pk).name == "Refunds"
    services.subject_rename(subject=subject, name="refunds")
    with pytest.raises(ValidationError):
        services.subject_rename(subject=subject, name="VISA")

    assert TicketSubject.objects.get(pk=subject.pk).name == "refunds"
    assert TicketSubject.objects.get(pk=other.pk).name == "Visa"


def test_it_deletes_an_unused_subject(agency, admin_user):
    unused = TicketSubjectFactory(agency=agency)

    assert services.subject_delete(subject=unused, actor=admin_user) == 0
    assert not TicketSubject.objects.filter(pk=unused.pk).exists()


def test_it_refuses_deleting_a_used_subject_without_a_merge(ticket, subject, admin_user):
    with pytest.raises(ValidationError):
        services.subject_delete(subject=subject, actor=admin_user)

    ticket.refresh_from_db()
    assert ticket.subject == subject


def test_it_merges_tickets_into_another_subject(ticket, subject, admin_user, agency):
    target = TicketSubjectFactory(agency=agency, name="Refunds and credits")
    closed = TicketFactory(agency=agency, company=ticket.company, subject=subject)
    services.ticket_close(ticket=closed, actor=admin_user, outcome="Done")

    moved = services.subject_delete(subject=subject, actor=admin_user, merge_into=target)

    assert moved == 2
    assert not TicketSubject.objects.filter(pk=subject.pk).exists()
    for each in (ticket, closed):
        each.refresh_from_db()
        assert each.subject == target
        assert each.actions.last().details == "Subject changed from Refund to Refunds and credits"


def test_it_refuses_merging_into_a_subject_of_another_agency_or_itself(ticket, subject, admin_user, other_agency):
    for target in (TicketSubjectFactory(agency=other_agency), subject):
        with pytest.raises(ValidationError):
            services.subject_delete(subject=subject, actor=admin_user, merge_into=target)

    ticket.refresh_from_db()
    assert ticket.subject == subject
