from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from agency.seats import seat_count
from travault.permissions import Role

from .models import Invoice, Subscription
from .pricing import Price, money_format, price_get
from .stripe_api import billing_enabled

PAID_STATUSES = frozenset({Subscription.Status.ACTIVE, Subscription.Status.TRIALING})
INVOICES_SHOWN = 24


@dataclass(frozen=True)
class PaymentState:
    """What enforcement and the banners need to know, read from our mirror only."""

    billing_on: bool
    allowed: bool
    grace_ends: datetime | None = None

    @property
    def past_due_warning(self) -> bool:
        return self.grace_ends is not None


BILLING_OFF = PaymentState(billing_on=False, allowed=True)


def subscription_get(agency) -> Subscription | None:
    return Subscription.objects.filter(agency=agency).first()


def payment_state_of(subscription: Subscription | None, *, now: datetime | None = None) -> PaymentState:
    if not billing_enabled():
        return BILLING_OFF
    status = subscription.status if subscription is not None else Subscription.Status.NONE
    if status in PAID_STATUSES:
        return PaymentState(billing_on=True, allowed=True)
    if status == Subscription.Status.PAST_DUE and subscription.past_due_since is not None:
        grace_ends = subscription.past_due_since + timedelta(days=settings.BILLING_PAST_DUE_GRACE_DAYS)
        if (now or timezone.now()) < grace_ends:
            return PaymentState(billing_on=True, allowed=True, grace_ends=grace_ends)
    return PaymentState(billing_on=True, allowed=False)


def payment_state(agency) -> PaymentState:
    if not billing_enabled():
        return BILLING_OFF
    return payment_state_of(subscription_get(agency))


def agency_admins(agency) -> list:
    return list(agency.users.filter(role=Role.ADMIN, is_active=True).order_by("first_name", "last_name"))


def invoice_list(agency) -> list[Invoice]:
    return list(Invoice.objects.for_agency(agency)[:INVOICES_SHOWN])


@dataclass(frozen=True)
class BillingOverview:
    subscription: Subscription | None
    state: PaymentState
    seats: int
    price: Price | None
    invoices: list[Invoice]

    @property
    def price_per_seat(self) -> str | None:
        return money_format(self.price.unit_amount, self.price.currency) if self.price else None

    @property
    def total(self) -> str | None:
        return money_format(self.price.total(self.seats), self.price.currency) if self.price else None

    @property
    def subscribed(self) -> bool:
        return self.subscription is not None and self.subscription.status not in {
            Subscription.Status.NONE,
            Subscription.Status.CANCELED,
            Subscription.Status.INCOMPLETE_EXPIRED,
        }

    @property
    def has_customer(self) -> bool:
        return self.subscription is not None and bool(self.subscription.stripe_customer_id)


def billing_overview(agency) -> BillingOverview:
    subscription = subscription_get(agency)
    return BillingOverview(
        subscription=subscription,
        state=payment_state_of(subscription),
        seats=seat_count(agency),
        price=price_get(),
        invoices=invoice_list(agency),
    )
