"""Payment enforcement reads only the mirror: who is sent where, what is exempt, and no loop for any role."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agency.tests.factories import UserFactory
from billing.tests.factories import SubscriptionFactory
from travault.permissions import Role

pytestmark = pytest.mark.django_db

BILLING = reverse("billing:home")
INACTIVE = reverse("billing:inactive")
DASHBOARD = reverse("dashboard:home")


def unpaid(agency, **fields):
    return SubscriptionFactory(agency=agency, **{"status": "canceled", **fields})


def billing_queries(captured):
    return [query for query in captured if "billing_" in query["sql"]]


def test_it_lets_everyone_in_when_billing_is_off_without_reading_the_mirror(admin_client, admin_user):
    SubscriptionFactory(agency=admin_user.agency, status="canceled")

    with CaptureQueriesContext(connection) as captured:
        response = admin_client.get(DASHBOARD)

    assert response.status_code == 200
    assert "Billing is off on this server" in response.text
    assert billing_queries(captured) == []


def test_it_reads_the_mirror_with_one_query_and_no_stripe_call(billing_on, admin_user, client, stripe_http):
    SubscriptionFactory(agency=admin_user.agency)
    client.force_login(admin_user)

    with CaptureQueriesContext(connection) as captured:
        response = client.get(DASHBOARD)

    assert response.status_code == 200
    assert len(billing_queries(captured)) == 1
    assert len(stripe_http.calls) == 0
    assert "Billing is off" not in response.text


@pytest.mark.parametrize("status", ["", "incomplete", "incomplete_expired", "canceled", "unpaid", "paused"])
def test_it_sends_an_admin_of_an_unpaid_agency_to_billing(billing_on, admin_client, admin_user, status):
    unpaid(admin_user.agency, status=status)

    response = admin_client.get(DASHBOARD)

    assert response.status_code == 302
    assert response.url == BILLING


def test_it_sends_an_admin_without_any_subscription_row_to_billing(billing_on, admin_client):
    assert admin_client.get(DASHBOARD).url == BILLING


@pytest.mark.parametrize("role", [Role.MANAGER, Role.SALES, Role.CONSULTANT])
def test_it_shows_other_roles_the_inactive_page(billing_on, client, agency, role):
    unpaid(agency)
    client.force_login(UserFactory(agency=agency, role=role))

    response = client.get(DASHBOARD, follow=True)

    assert response.redirect_chain == [(INACTIVE, 302)]
    assert "subscription is inactive" in response.text
    assert "ask your admin" in response.text.lower()


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("status", ["", "canceled", "active"])
def test_it_never_loops_for_any_role(billing_on, client, agency, role, status, seat_price):
    SubscriptionFactory(agency=agency, status=status)
    UserFactory(agency=agency, role=Role.ADMIN)
    client.force_login(UserFactory(agency=agency, role=role))

    for url in ["/", DASHBOARD, BILLING, INACTIVE, reverse("billing:activating"), reverse("account_email")]:
        response = client.get(url, follow=True)
        assert len(response.redirect_chain) <= 2, (url, response.redirect_chain)
        assert response.status_code in {200, 403}, (url, response.status_code)


def test_it_exempts_auth_billing_webhook_static_health_and_logout(billing_on, consultant_client, consultant):
    unpaid(consultant.agency)

    assert consultant_client.get("/healthz").status_code == 200
    assert consultant_client.get(reverse("account_email")).status_code == 200
    assert consultant_client.get(INACTIVE).status_code == 200
    assert consultant_client.post(reverse("billing:webhook")).status_code == 400
    assert consultant_client.get("/static/js/travault.js").status_code in {200, 404}
    assert consultant_client.post(reverse("account_logout")).status_code == 302
    assert consultant_client.get(DASHBOARD).url.startswith(reverse("account_login"))


def test_it_blocks_every_other_page(billing_on, consultant_client, consultant):
    unpaid(consultant.agency)

    assert consultant_client.get("/no-such-page/").url == INACTIVE
    assert consultant_client.post(DASHBOARD).url == INACTIVE


def test_it_warns_during_the_past_due_grace_period(billing_on, consultant_client, consultant, settings):
    SubscriptionFactory(
        agency=consultant.agency, status="past_due", past_due_since=timezone.now() - timezone.timedelta(days=6)
    )

    response = consultant_client.get(DASHBOARD)

    assert response.status_code == 200
    assert "last payment failed" in response.text
    assert "unless an admin updates the payment method" in response.text


def test_it_links_an_admin_to_billing_from_the_past_due_banner(billing_on, admin_client, admin_user):
    SubscriptionFactory(agency=admin_user.agency, status="past_due", past_due_since=timezone.now())

    response = admin_client.get(DASHBOARD)

    assert re.search(rf'href="{BILLING}">update the payment method', response.text)


def test_it_blocks_after_the_grace_period(billing_on, consultant_client, consultant):
    SubscriptionFactory(
        agency=consultant.agency,
        status="past_due",
        past_due_since=timezone.now() - timezone.timedelta(days=7, minutes=1),
    )

    assert consultant_client.get(DASHBOARD).url == INACTIVE


def test_it_sends_the_admin_to_billing_after_email_verification(
    billing_on, client, mailoutbox, seat_price, django_capture_on_commit_callbacks
):
    from agency.tests.test_signup import signup_data

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), signup_data())
    key = re.search(r"/accounts/confirm-email/([^/\s]+)/", mailoutbox[0].body).group(1)
    client.post(reverse("account_confirm_email", args=[key]))

    response = client.post(
        reverse("account_login"),
        {"login": "nora@northernlights.example", "password": "a-long-and-unusual-pass-42"},
        follow=True,
    )

    assert response.redirect_chain[-1] == (BILLING, 302)
    assert "Subscribe for 1 seat" in response.text


def test_it_lets_a_paid_agency_in(billing_on, consultant_client, consultant):
    SubscriptionFactory(agency=consultant.agency, status="trialing")

    assert consultant_client.get(DASHBOARD).status_code == 200
    assert consultant_client.get(INACTIVE).url == DASHBOARD
