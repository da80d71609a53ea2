"""The one place that builds a Stripe client: the pinned API version, a short timeout, our own key."""

import stripe
from django.conf import settings

STRIPE_TIMEOUT_SECONDS = 10


def billing_enabled() -> bool:
    return bool(settings.STRIPE_SECRET_KEY)


def stripe_client() -> stripe.StripeClient:
    base_addresses = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        stripe_version=settings.STRIPE_API_VERSION,
        base_addresses=base_addresses,
        max_network_retries=0,
        http_client=stripe.RequestsClient(timeout=STRIPE_TIMEOUT_SECONDS),
    )
