"""Writes of the billing app that start on our side: the Stripe customer, Checkout and portal
sessions, and the seat sync. Webhook events are applied in ``webhooks.py``."""

import logging

from django.conf import settings
from django.db import transaction

from agency.seats import seat_count

from .models import Subscription
from .selectors import PAID_STATUSES
from .stripe_api import stripe_client

logger = logging.getLogger(__name__)

SYNCED_STATUSES = frozenset({*PAID_STATUSES, Subscription.Status.PAST_DUE, Subscription.Status.UNPAID})


class AlreadySubscribed(Exception):
    pass


class NoCustomer(Exception):
    pass


@transaction.atomic
def subscription_customer_ensure(*, agency, email: str) -> Subscription:
    """The agency's mirror row with its Stripe customer, created once per agency."""
    subscription, _ = Subscription.objects.select_for_update().get_or_create(agency=agency)
    if not subscription.stripe_customer_id:
        customer = stripe_client().v1.customers.create(
            params={"name": agency.name, "email": email, "metadata": {"agency_uuid": str(agency.uuid)}},
            options={"idempotency_key": f"customer-{agency.uuid}"},
        )
        subscription.stripe_customer_id = customer.id
        subscription.save(update_fields=["stripe_customer_id", "updated_at"])
    return subscription


def checkout_session_create(*, agency, email: str, success_url: str, cancel_url: str) -> str:
    """A Stripe Checkout session in subscription mode for every current seat; returns its URL."""
    subscription = subscription_customer_ensure(agency=agency, email=email)
    if subscription.status in SYNCED_STATUSES:
        raise AlreadySubscribed
    session = stripe_client().v1.checkout.sessions.create(
        params={
            "mode": "subscription",
            "customer": subscription.stripe_customer_id,
            "client_reference_id": str(agency.uuid),
            "line_items": [{"price": settings.STRIPE_PRICE_ID, "quantity": max(seat_count(agency), 1)}],
            "subscription_data": {"metadata": {"agency_uuid": str(agency.uuid)}},
            "success_url": success_url,
            "cancel_url": cancel_url,
        }
    )
    return session.url


def portal_session_create(*, agency, return_url: str) -> str:
    """A Stripe customer-portal session for the agency's customer; returns its URL."""
    subscription = Subscription.objects.filter(agency=agency).exclude(stripe_customer_id="").first()
    if subscription is None:
        raise NoCustomer
    session = stripe_client().v1.billing_portal.sessions.create(
        params={"customer": subscription.stripe_customer_id, "return_url": return_url}
    )
    return session.url


def subscriptions_to_sync() -> list[int]:
    """Ids of the agencies whose live subscription follows their seat count."""
    return list(
        Subscription.objects.filter(status__in=SYNCED_STATUSES)
        .exclude(stripe_subscription_id="")
        .values_list("agency_id", flat=True)
    )


@transaction.atomic
def subscription_seats_sync(*, agency_id: int) -> int | None:
    """Set the Stripe subscription quantity to the agency's seat count; a second run changes nothing.

    The mirror row stays locked while Stripe is updated, so two syncs of one agency run one after
    the other and the last one writes the latest count. Returns the seat count, or None when the
    agency has no live subscription to sync."""
    subscription = (
        Subscription.objects.select_for_update(of=("self",))
        .select_related("agency")
        .filter(agency_id=agency_id, status__in=SYNCED_STATUSES)
        .exclude(stripe_subscription_id="")
        .first()
    )
    if subscription is None:
        return None
    seats = max(seat_count(subscription.agency), 1)
    client = stripe_client()
    remote = client.v1.subscriptions.retrieve(subscription.stripe_subscription_id)
    item = _seat_item(remote["items"].data)
    if item.quantity != seats:
        client.v1.subscriptions.update(
            subscription.stripe_subscription_id, params={"items": [{"id": item.id, "quantity": seats}]}
        )
        logger.info("Seat sync: agency %s from %s to %s seats", agency_id, item.quantity, seats)
    Subscription.objects.filter(pk=subscription.pk).update(quantity=seats)
    return seats


def _seat_item(items):
    for item in items:
        price = getattr(item, "price", None) or getattr(item, "plan", None)
        if price is not None and price.id == settings.STRIPE_PRICE_ID:
            return item
    return items[0]
