"""The per-seat price, read from the Stripe Price and cached; money formatting in its currency."""

import logging
from dataclasses import asdict, dataclass
from decimal import Decimal

import stripe
from django.conf import settings
from django.core.cache import cache

from .stripe_api import stripe_client

logger = logging.getLogger(__name__)

ZERO_DECIMAL_CURRENCIES = frozenset(
    {"bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd"}
)
CURRENCY_SYMBOLS = {"gbp": "£", "eur": "€", "usd": "$"}


@dataclass(frozen=True)
class Price:
    unit_amount: int
    currency: str
    interval: str
    interval_count: int

    def total(self, quantity: int) -> int:
        return self.unit_amount * quantity

    @property
    def interval_label(self) -> str:
        return self.interval if self.interval_count == 1 else f"{self.interval_count} {self.interval}s"


def price_cache_key() -> str:
    return f"billing:price:{settings.STRIPE_PRICE_ID}"


def price_get() -> Price | None:
    """The configured Stripe Price, from the cache or Stripe; None (logged) if Stripe cannot tell us."""
    cached = cache.get(price_cache_key())
    if cached is not None:
        return Price(**cached)
    try:
        remote = stripe_client().v1.prices.retrieve(settings.STRIPE_PRICE_ID)
        price = Price(
            unit_amount=int(remote.unit_amount),
            currency=str(remote.currency).lower(),
            interval=str(remote.recurring.interval),
            interval_count=int(remote.recurring.interval_count),
        )
    except (stripe.StripeError, AttributeError, TypeError, ValueError):
        logger.exception("Could not read the Stripe price %s", settings.STRIPE_PRICE_ID)
        return None
    cache.set(price_cache_key(), asdict(price), settings.BILLING_PRICE_CACHE_SECONDS)
    return price


def money_format(amount: int, currency: str) -> str:
    """An amount in the currency's minor unit, e.g. (1250, "gbp") -> "£12.50"."""
    currency = currency.lower()
    value = f"{amount:,}" if currency in ZERO_DECIMAL_CURRENCIES else f"{Decimal(amount) / 100:,.2f}"
    symbol = CURRENCY_SYMBOLS.get(currency)
    return f"{symbol}{value}" if symbol else f"{value} {currency.upper()}"
