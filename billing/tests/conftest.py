"""Billing on (Stripe settings overridden), Stripe's HTTP API mocked with ``responses``, and signed
webhook deliveries built with the stripe library's own signature helper."""

import json
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs

import pytest
import responses
import stripe
from django.urls import reverse

from billing.pricing import price_cache_key

WEBHOOK_SECRET = "whsec_test_secret"
PRICE_ID = "price_seat_test"
STRIPE_API = "https://api.stripe.com"


@pytest.fixture
def billing_on(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_travault"
    settings.STRIPE_PRICE_ID = PRICE_ID
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = ""
    return settings


@pytest.fixture
def stripe_http():
    """Stripe's HTTP API: only registered calls answer; anything else fails like a network error."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def seat_price(billing_on):
    from django.core.cache import cache

    cache.set(price_cache_key(), {"unit_amount": 900, "currency": "gbp", "interval": "month", "interval_count": 1})


def form_params(call) -> dict:
    """The form-encoded parameters the stripe library sent, e.g. {"line_items[0][quantity]": ["2"]}."""
    body = call.request.body
    return parse_qs(body.decode() if isinstance(body, bytes) else body or "")


def stripe_event(event_type, obj, *, event_id=None, created=None):
    return {
        "id": event_id or f"evt_{time.time_ns()}",
        "object": "event",
        "type": event_type,
        "created": created or int(time.time()),
        "api_version": stripe.api_version,
        "livemode": False,
        "data": {"object": obj},
    }


def signed_headers(payload: str, secret: str = WEBHOOK_SECRET) -> dict:
    return {"HTTP_STRIPE_SIGNATURE": stripe.WebhookSignature.generate_signature_header(payload, secret)}


def deliver(client, event, *, secret: str = WEBHOOK_SECRET):
    payload = json.dumps(event)
    return client.post(
        reverse("billing:webhook"), payload, content_type="application/json", **signed_headers(payload, secret)
    )


def subscription_object(*, customer, sub_id="sub_live1", status="active", quantity=1, period_end=None):
    return {
        "id": sub_id,
        "object": "subscription",
        "customer": customer,
        "status": status,
        "items": {
            "object": "list",
            "data": [
                {
                    "id": "si_seat1",
                    "object": "subscription_item",
                    "quantity": quantity,
                    "price": {"id": PRICE_ID, "object": "price"},
                    "current_period_end": period_end or int(time.time()) + 30 * 86400,
                }
            ],
        },
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def localstripe_url():
    """A localstripe server on localhost for this test session (stateful fake of Stripe's API)."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "billing.tests.localstripe_server", str(port)],
        cwd=Path(__file__).resolve().parents[2],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("localstripe did not start") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
