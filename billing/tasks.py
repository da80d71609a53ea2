import logging

import stripe
from celery import shared_task
from kombu.exceptions import OperationalError

from .services import subscription_seats_sync, subscriptions_to_sync
from .stripe_api import billing_enabled

logger = logging.getLogger(__name__)

RETRIED_ERRORS = (stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError)


@shared_task(
    autoretry_for=RETRIED_ERRORS,
    retry_backoff=5,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
    acks_late=True,
)
def seat_sync(agency_id: int) -> int | None:
    return subscription_seats_sync(agency_id=agency_id)


@shared_task(acks_late=True)
def seat_sync_all() -> int:
    """The periodic safety net: queue a seat sync for every live subscription."""
    agency_ids = subscriptions_to_sync()
    for agency_id in agency_ids:
        seat_sync.delay(agency_id)
    return len(agency_ids)


def seat_sync_enqueue(agency_id: int) -> None:
    """A handler of ``agency.seats.seats_changed`` (run on commit): queue one seat sync for the agency."""
    if not billing_enabled():
        return
    try:
        seat_sync.delay(agency_id)
    except OperationalError:
        logger.exception("Seat sync for agency %s could not be queued", agency_id)
