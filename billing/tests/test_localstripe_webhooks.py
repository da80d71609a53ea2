"""Webhooks signed and sent by localstripe (an independent fake of Stripe) reach our endpoint and
move the mirror: creation makes the agency paid, cancellation blocks it."""

import time
import uuid

import pytest
import requests

from billing.models import Subscription
from billing.stripe_api import stripe_client
from billing.tests.conftest import WEBHOOK_SECRET
from billing.tests.factories import SubscriptionFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("billing_on")]


def wait_for_status(agency, status, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        mirror = Subscription.objects.get(agency=agency)
        if mirror.status == status:
            return mirror
        time.sleep(0.2)
    raise AssertionError(f"mirror still {mirror.status!r}, expected {status!r}")


def test_it_mirrors_subscription_events_sent_by_localstripe(live_server, localstripe_url, settings, admin_user):
    settings.STRIPE_API_BASE = localstripe_url
    settings.STRIPE_PRICE_ID = f"price_seat_{uuid.uuid4().hex[:8]}"
    hook = f"travault-{uuid.uuid4().hex[:8]}"
    requests.post(
        f"{localstripe_url}/_config/webhooks/{hook}",
        data={
            "url": f"{live_server.url}/billing/webhook/",
            "secret": WEBHOOK_SECRET,
            "events[]": ["customer.subscription.created", "customer.subscription.deleted"],
        },
        timeout=5,
    ).raise_for_status()
    client = stripe_client()
    client.v1.plans.create(
        params={
            "id": settings.STRIPE_PRICE_ID,
            "amount": 900,
            "currency": "gbp",
            "interval": "month",
            "product": {"name": "Seat"},
        }
    )
    customer = client.v1.customers.create(params={"email": admin_user.email})
    card = client.v1.payment_methods.create(
        params={"type": "card", "card": {"number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123"}}
    )
    client.v1.payment_methods.attach(card.id, params={"customer": customer.id})
    client.v1.customers.update(customer.id, params={"invoice_settings": {"default_payment_method": card.id}})
    SubscriptionFactory(
        agency=admin_user.agency,
        stripe_customer_id=customer.id,
        stripe_subscription_id="",
        status="",
        last_event_at=None,
    )

    remote = client.v1.subscriptions.create(
        params={"customer": customer.id, "items": [{"plan": settings.STRIPE_PRICE_ID, "quantity": 1}]}
    )

    mirror = wait_for_status(admin_user.agency, "active")
    assert (mirror.stripe_subscription_id, mirror.quantity) == (remote.id, 1)
    assert mirror.current_period_end is not None

    client.v1.subscriptions.cancel(remote.id)

    wait_for_status(admin_user.agency, "canceled")
