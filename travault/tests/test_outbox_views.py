import pytest
from django.urls import reverse

from travault.models import OutboundEmail

pytestmark = pytest.mark.django_db
LIST_URL = reverse("outbox-list")


def email_for(agency, status=OutboundEmail.Status.FAILED, subject="Ticket #4 updated"):
    return OutboundEmail.objects.create(
        agency=agency,
        to=["ana@example.com"],
        subject=subject,
        body_text="…",
        status=status,
        attempts=8,
        last_error="SMTPRecipientsRefused: no such mailbox",
    )


def test_it_requires_login(client):
    assert client.get(LIST_URL).url.startswith(reverse("account_login"))


def test_it_is_for_admins_only(consultant_client):
    assert consultant_client.get(LIST_URL).status_code == 403


def test_it_shows_failed_email_with_its_reason_and_only_this_agencys(admin_client, agency, other_agency):
    email_for(agency, subject="Ticket #4 updated")
    email_for(other_agency, subject="Rival secret")
    email_for(agency, status=OutboundEmail.Status.SENT, subject="Delivered long ago")

    response = admin_client.get(LIST_URL)

    assert response.status_code == 200
    assert "Ticket #4 updated" in response.text
    assert "SMTPRecipientsRefused: no such mailbox" in response.text
    assert "Rival secret" not in response.text
    assert "Delivered long ago" not in response.text
    assert "Delivered long ago" in admin_client.get(LIST_URL, {"status": "sent"}).text


def test_it_runs_a_fixed_number_of_queries(admin_client, agency, django_assert_max_num_queries):
    for n in range(30):
        email_for(agency, subject=f"Email {n}")
    with django_assert_max_num_queries(8):
        response = admin_client.get(LIST_URL)
    assert response.text.count("Send again") == 30


def test_it_answers_get_on_retry_with_405(admin_client, agency):
    email = email_for(agency)
    assert admin_client.get(reverse("outbox-retry", args=[email.uuid])).status_code == 405


def test_it_sends_a_failed_email_again(admin_client, agency, mailoutbox, django_capture_on_commit_callbacks):
    email = email_for(agency)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("outbox-retry", args=[email.uuid]))

    assert response.url == LIST_URL
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboundEmail.Status.SENT, 1)
    assert len(mailoutbox) == 1


def test_it_does_not_resend_a_sent_email(admin_client, agency, mailoutbox, django_capture_on_commit_callbacks):
    email = email_for(agency, status=OutboundEmail.Status.SENT)

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("outbox-retry", args=[email.uuid]))

    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert mailoutbox == []
