"""Stripe webhook events applied to our mirror.

Each event is applied at most once: its id is stored in the same transaction as its effect. Events
may arrive out of order, so the subscription state only moves forward in Stripe's event time.
"""

import logging
import uuid
from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from agency.models import Agency

from .models import Invoice, ProcessedEvent, Subscription

logger = logging.getLogger(__name__)

TERMINAL_STATUSES = frozenset({Subscription.Status.CANCELED, Subscription.Status.INCOMPLETE_EXPIRED})


class BadEvent(Exception):
    """The payload is signed but not an event we can read: answered with 400, nothing written."""


def _timestamp(value) -> datetime:
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadEvent(f"not a timestamp: {value!r}")
    return datetime.fromtimestamp(value, UTC)


def _optional_timestamp(value) -> datetime | None:
    return None if value is None else _timestamp(value)


def _object_id(value) -> str:
    """A Stripe object id, whether the field holds the id or the expanded object."""
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else ""


def _mirror_for_customer(customer) -> Subscription | None:
    customer_id = _object_id(customer)
    if not customer_id:
        return None
    return Subscription.objects.select_for_update().filter(stripe_customer_id=customer_id).first()


def _agency_by_reference(reference) -> Agency | None:
    try:
        return Agency.objects.filter(uuid=uuid.UUID(str(reference))).first()
    except ValueError:
        return None


def _checkout_completed(obj: dict, at: datetime) -> str:
    """Link the subscription to the agency; its status comes with the subscription's own events."""
    subscription = _mirror_for_customer(obj.get("customer"))
    if subscription is None:
        agency = _agency_by_reference(obj.get("client_reference_id"))
        if agency is None:
            return "unknown customer"
        subscription, _ = Subscription.objects.select_for_update().get_or_create(agency=agency)
        if subscription.stripe_customer_id:
            return "unknown customer"
        subscription.stripe_customer_id = _object_id(obj.get("customer"))
    subscription_id = _object_id(obj.get("subscription"))
    if obj.get("mode") == "subscription" and subscription_id and not subscription.stripe_subscription_id:
        subscription.stripe_subscription_id = subscription_id
    subscription.save()
    return "linked"


def _seat_quantity(obj: dict) -> tuple[int, datetime | None]:
    items = (obj.get("items") or {}).get("data") or []
    quantity = sum(int(item.get("quantity") or 0) for item in items)
    ends = [item["current_period_end"] for item in items if item.get("current_period_end")]
    period_end = ends[0] if ends else obj.get("current_period_end")
    return quantity, _optional_timestamp(period_end)


def _subscription_created(obj: dict, at: datetime) -> str:
    return _subscription_changed(obj, at, created=True)


def _subscription_changed(obj: dict, at: datetime, *, created: bool = False) -> str:
    """Mirror the subscription unless we already hold a later state: event times have one-second
    resolution, so on a tie the creation event (always a subscription's first) never wins."""
    subscription = _mirror_for_customer(obj.get("customer"))
    if subscription is None:
        return "unknown customer"
    status = obj.get("status")
    if status not in Subscription.Status.values or not status:
        raise BadEvent(f"unknown subscription status {status!r}")
    subscription_id = _object_id(obj.get("id"))
    if not subscription_id:
        raise BadEvent("subscription without an id")
    last = subscription.last_event_at
    if last is not None and (
        at < last or (at == last and created and subscription_id == subscription.stripe_subscription_id)
    ):
        return "stale"
    is_other = bool(subscription.stripe_subscription_id) and subscription_id != subscription.stripe_subscription_id
    if is_other and status in TERMINAL_STATUSES:
        return "stale"
    quantity, period_end = _seat_quantity(obj)
    subscription.stripe_subscription_id = subscription_id
    subscription.status = status
    subscription.quantity = quantity
    subscription.current_period_end = period_end
    if status == Subscription.Status.PAST_DUE:
        subscription.past_due_since = subscription.past_due_since or at
    else:
        subscription.past_due_since = None
    subscription.last_event_at = at
    subscription.save()
    return "applied"


def _invoice_changed(obj: dict, at: datetime) -> str:
    subscription = _mirror_for_customer(obj.get("customer"))
    invoice_id = _object_id(obj.get("id"))
    if subscription is None or not invoice_id:
        return "unknown customer"
    invoice = Invoice.objects.select_for_update().filter(stripe_invoice_id=invoice_id).first()
    if invoice is not None and (invoice.agency_id != subscription.agency_id or at < invoice.last_event_at):
        return "stale"
    invoice = invoice or Invoice(agency_id=subscription.agency_id, stripe_invoice_id=invoice_id)
    invoice.number = obj.get("number") or ""
    invoice.status = str(obj.get("status") or "")
    invoice.amount_due = int(obj.get("amount_due") or 0)
    invoice.amount_paid = int(obj.get("amount_paid") or 0)
    invoice.currency = str(obj.get("currency") or "")[:3]
    invoice.hosted_invoice_url = obj.get("hosted_invoice_url") or ""
    invoice.issued_at = _timestamp(obj.get("created"))
    invoice.last_event_at = at
    invoice.full_clean(exclude=["agency"])
    invoice.save()
    return "recorded"


def _payment_method_attached(obj: dict, at: datetime) -> str:
    subscription = _mirror_for_customer(obj.get("customer"))
    card = obj.get("card")
    if subscription is None or not isinstance(card, dict):
        return "unknown customer"
    subscription.card_brand = str(card.get("brand") or "")[:30]
    subscription.card_last4 = str(card.get("last4") or "")[:4]
    subscription.save(update_fields=["card_brand", "card_last4", "updated_at"])
    return "card saved"


HANDLERS = {
    "checkout.session.completed": _checkout_completed,
    "customer.subscription.created": _subscription_created,
    "customer.subscription.updated": _subscription_changed,
    "customer.subscription.deleted": _subscription_changed,
    "invoice.paid": _invoice_changed,
    "invoice.payment_failed": _invoice_changed,
    "payment_method.attached": _payment_method_attached,
}


@transaction.atomic
def event_apply(*, event: dict) -> str:
    """Apply one verified Stripe event; returns what happened, for the log and the tests."""
    try:
        event_id, event_type = event["id"], event["type"]
        obj = event["data"]["object"]
    except (KeyError, TypeError) as exc:
        raise BadEvent("not a Stripe event") from exc
    if not isinstance(event_id, str) or not isinstance(obj, dict):
        raise BadEvent("not a Stripe event")
    handler = HANDLERS.get(event_type)
    if handler is None:
        logger.info("Stripe event %s of unhandled type %s ignored", event_id, event_type)
        return "ignored"
    at = _timestamp(event.get("created"))
    _, created = ProcessedEvent.objects.get_or_create(event_id=event_id, defaults={"type": event_type})
    if not created:
        logger.info("Stripe event %s already processed", event_id)
        return "duplicate"
    try:
        outcome = handler(obj, at)
    except (AttributeError, KeyError, TypeError, ValueError, ValidationError) as exc:
        raise BadEvent(f"unreadable {event_type}") from exc
    logger.info("Stripe event %s (%s): %s", event_id, event_type, outcome)
    return outcome
