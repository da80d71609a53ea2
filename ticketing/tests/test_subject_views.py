import pytest
from django.urls import reverse

from ticketing.models import TicketSubject

from .factories import TicketSubjectFactory

pytestmark = pytest.mark.django_db

URL = reverse("ticketing:subject-list")


def rename_url(subject):
    return reverse("ticketing:subject-rename", kwargs={"subject": subject.uuid})


def delete_url(subject):
    return reverse("ticketing:subject-delete", kwargs={"subject": subject.uuid})


def test_it_requires_login(client):
    assert client.get(URL).status_code == 302


def test_a_consultant_cannot_manage_subjects(consultant_client, subject):
    assert consultant_client.get(URL).status_code == 403
    assert consultant_client.post(URL, {"name": "New"}).status_code == 403
    assert consultant_client.post(rename_url(subject), {"name": "New"}).status_code == 403
    assert consultant_client.post(delete_url(subject)).status_code == 403
    assert list(TicketSubject.objects.values_list("name", flat=True)) == ["Refund"]


def test_it_lists_subjects_with_their_use(manager_client, ticket, other_agency):
    TicketSubjectFactory(agency=other_agency, name="Foreign")

    response = manager_client.get(URL)

    assert response.status_code == 200
    assert "Refund" in response.text and "1 ticket" in response.text
    assert "Foreign" not in response.text


def test_it_adds_a_subject(manager_client, agency):
    response = manager_client.post(URL, {"name": "Visa"})

    assert response.url == URL
    assert TicketSubject.objects.get(agency=agency).name == "Visa"


def test_it_refuses_a_duplicate(manager_client, subject):
    response = manager_client.post(URL, {"name": "REFUND"})

    assert response.status_code == 400
    assert "already a subject" in response.text
    assert TicketSubject.objects.count() == 1


def test_rename_requires_post(manager_client, subject):
    assert manager_client.get(rename_url(subject)).status_code == 405


def test_it_renames(manager_client, subject):
    manager_client.post(rename_url(subject), {"name": "Refunds"})

    subject.refresh_from_db()
    assert subject.name == "Refunds"


def test_it_refuses_an_empty_rename(manager_client, subject):
    response = manager_client.post(rename_url(subject), {"name": ""}, follow=True)

    assert "Enter the new name" in response.text
    subject.refresh_from_db()
    assert subject.name == "Refund"


def test_it_deletes_an_unused_subject_after_confirmation(admin_client, subject):
    assert admin_client.get(delete_url(subject)).status_code == 200

    admin_client.post(delete_url(subject))

    assert not TicketSubject.objects.exists()


def test_it_requires_a_merge_target_for_a_used_subject(admin_client, ticket, subject):
    response = admin_client.post(delete_url(subject))

    assert response.status_code == 400
    assert "choose one to merge" in response.text
    assert TicketSubject.objects.filter(pk=subject.pk).exists()


def test_it_merges_a_used_subject(admin_client, ticket, subject, agency):
    target = TicketSubjectFactory(agency=agency, name="Money back")

    admin_client.post(delete_url(subject), {"merge_into": str(target.uuid)})

    ticket.refresh_from_db()
    assert ticket.subject == target
    assert not TicketSubject.objects.filter(pk=subject.pk).exists()


def test_it_refuses_merging_into_another_agency_subject(admin_client, ticket, subject, other_agency):
    foreign = TicketSubjectFactory(agency=other_agency)

    response = admin_client.post(delete_url(subject), {"merge_into": str(foreign.uuid)})

    assert response.status_code == 400
    ticket.refresh_from_db()
    assert ticket.subject == subject
