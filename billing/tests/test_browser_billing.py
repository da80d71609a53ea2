"""A new agency's admin is sent to billing, subscribes through (mocked) Checkout, waits on the activation
page until the signed webhook events arrive, then reaches the dashboard; a consultant of an unpaid
agency sees the inactive page."""

import json
import re
import time
from urllib.parse import parse_qs

import pytest
import requests

from agency.tests.browser import log_in
from agency.tests.factories import AgencyFactory, UserFactory
from billing.tests.conftest import STRIPE_API, signed_headers, stripe_event, subscription_object
from billing.tests.factories import SubscriptionFactory
from travault.permissions import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def returns_to(param):
    """A Stripe session whose hosted page sends the browser straight back to our ``param`` URL."""

    def callback(request):
        url = parse_qs(request.body)[param][0]
        return 200, {}, json.dumps({"id": f"sess_{param}", "url": url})

    return callback


def post_event(live_server, event):
    payload = json.dumps(event)
    headers = {"Content-Type": "application/json", "Stripe-Signature": signed_headers(payload)["HTTP_STRIPE_SIGNATURE"]}
    response = requests.post(f"{live_server.url}/billing/webhook/", data=payload, headers=headers, timeout=10)
    assert response.status_code == 200, response.text


def test_it_walks_an_admin_from_billing_through_activation_to_the_dashboard(
    live_server, page, screenshot, billing_on, seat_price, stripe_http
):
    stripe_http.add_passthru(live_server.url)
    stripe_http.post(f"{STRIPE_API}/v1/customers", json={"id": "cus_harbour", "object": "customer"})
    stripe_http.add_callback("POST", f"{STRIPE_API}/v1/checkout/sessions", callback=returns_to("success_url"))
    stripe_http.add_callback("POST", f"{STRIPE_API}/v1/billing_portal/sessions", callback=returns_to("return_url"))
    agency = AgencyFactory(name="Harbour Lights Travel")
    admin = UserFactory(agency=agency, role=Role.ADMIN, email="hana@harbourlights.example", first_name="Hana")
    UserFactory(agency=agency, role=Role.CONSULTANT)

    log_in(page, live_server, admin.email, lands_on=None)
    page.wait_for_url("**/billing/")
    assert page.get_by_role("heading", name="Subscribe to start using Travault").is_visible()
    assert page.get_by_text("£18.00 per month").is_visible()
    screenshot("01-billing-before-subscribing")

    page.get_by_role("button", name="Subscribe for 2 seats").click()
    page.wait_for_url("**/billing/activating/")
    assert page.get_by_role("heading", name="Activating your subscription").is_visible()
    screenshot("02-activating")
    session = parse_qs(stripe_http.calls[-1].request.body)
    assert (session["mode"], session["line_items[0][quantity]"]) == (["subscription"], ["2"])

    page.wait_for_timeout(2500)
    assert "/billing/activating/" in page.url
    now = int(time.time())
    post_event(
        live_server,
        stripe_event(
            "checkout.session.completed",
            {
                "mode": "subscription",
                "customer": "cus_harbour",
                "subscription": "sub_harbour",
                "client_reference_id": str(agency.uuid),
            },
            created=now,
        ),
    )
    post_event(
        live_server,
        stripe_event(
            "payment_method.attached", {"customer": "cus_harbour", "card": {"brand": "mastercard", "last4": "4444"}}
        ),
    )
    post_event(
        live_server,
        stripe_event(
            "invoice.paid",
            {
                "id": "in_harbour1",
                "customer": "cus_harbour",
                "number": "HLT-0001",
                "status": "paid",
                "amount_due": 1800,
                "amount_paid": 1800,
                "currency": "gbp",
                "hosted_invoice_url": "https://invoice.stripe.com/i/harbour1",
                "created": now,
            },
        ),
    )
    post_event(
        live_server,
        stripe_event(
            "customer.subscription.created",
            subscription_object(customer="cus_harbour", sub_id="sub_harbour", quantity=2),
            created=now,
        ),
    )

    page.wait_for_url("**/dashboard/", timeout=10000)
    assert page.get_by_role("heading", name="Good to see you, Hana").is_visible()
    screenshot("03-dashboard")

    page.locator("nav .dropdown-toggle").click()
    page.get_by_role("link", name="Billing").click()
    page.wait_for_url("**/billing/")
    assert page.get_by_text("Mastercard ending 4444").is_visible()
    assert page.get_by_role("link", name=re.compile("View invoice")).get_attribute("href") == (
        "https://invoice.stripe.com/i/harbour1"
    )
    screenshot("04-billing-subscribed")

    with page.expect_navigation():
        page.get_by_role("button", name="Manage payment method or cancel").click()
    assert parse_qs(stripe_http.calls[-1].request.body)["customer"] == ["cus_harbour"]


def test_it_shows_a_consultant_of_an_unpaid_agency_the_inactive_page(live_server, page, screenshot, billing_on):
    agency = AgencyFactory(name="Lapsed Voyages")
    SubscriptionFactory(agency=agency, status="canceled")
    UserFactory(agency=agency, role=Role.ADMIN, first_name="Ada", last_name="Admin")
    consultant = UserFactory(agency=agency, role=Role.CONSULTANT)

    log_in(page, live_server, consultant.email, lands_on=None)
    page.wait_for_url("**/billing/inactive/")
    assert page.get_by_role("heading", name="Your agency's subscription is inactive").is_visible()
    assert page.get_by_role("link", name="Ada Admin").is_visible()
    screenshot("01-inactive")

    page.goto(f"{live_server.url}/dashboard/")
    page.wait_for_url("**/billing/inactive/")
    page.get_by_role("button", name="Log out").last.click()
    page.wait_for_url(f"{live_server.url}/")


def test_it_warns_during_the_past_due_grace_period(live_server, page, screenshot, billing_on):
    from django.utils import timezone

    agency = AgencyFactory(name="Overdue Tours")
    SubscriptionFactory(agency=agency, status="past_due", past_due_since=timezone.now() - timezone.timedelta(days=2))
    consultant = UserFactory(agency=agency, role=Role.CONSULTANT, first_name="Cara")

    log_in(page, live_server, consultant.email, lands_on=None)
    page.wait_for_url("**/dashboard/")
    assert page.get_by_role("alert").get_by_text("last payment failed").is_visible()
    screenshot("01-past-due-banner")
