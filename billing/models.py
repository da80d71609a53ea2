"""Our mirror of each agency's Stripe subscription, written only by webhook events.

Payment enforcement and the billing page read these rows and never call Stripe per request.
"""

from django.db import models
from django.db.models import Q

from travault.tenancy import TenantModel

from .pricing import money_format


class Subscription(TenantModel):
    """One row per agency: its Stripe customer and the last known state of its subscription."""

    class Status(models.TextChoices):
        NONE = "", "Not subscribed"
        INCOMPLETE = "incomplete", "Incomplete"
        INCOMPLETE_EXPIRED = "incomplete_expired", "Incomplete (expired)"
        TRIALING = "trialing", "Trialing"
        ACTIVE = "active", "Active"
        PAST_DUE = "past_due", "Past due"
        CANCELED = "canceled", "Canceled"
        UNPAID = "unpaid", "Unpaid"
        PAUSED = "paused", "Paused"

    stripe_customer_id = models.CharField(max_length=255, blank=True)
    stripe_subscription_id = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=20, choices=Status, blank=True, default=Status.NONE)
    quantity = models.PositiveIntegerField(default=0)
    current_period_end = models.DateTimeField(null=True, blank=True)
    card_brand = models.CharField(max_length=30, blank=True)
    card_last4 = models.CharField(max_length=4, blank=True)
    past_due_since = models.DateTimeField(null=True, blank=True)
    last_event_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(TenantModel.Meta):
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(fields=["agency"], name="billing_subscription_one_per_agency"),
            models.UniqueConstraint(
                fields=["stripe_customer_id"],
                condition=~Q(stripe_customer_id=""),
                name="billing_subscription_customer_unique",
            ),
        ]

    def __str__(self):
        return f"{self.agency_id}: {self.get_status_display()}"


class Invoice(TenantModel):
    """A Stripe invoice of the agency, recorded from ``invoice.*`` events."""

    stripe_invoice_id = models.CharField(max_length=255, unique=True)
    number = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=30)
    amount_due = models.BigIntegerField(default=0)
    amount_paid = models.BigIntegerField(default=0)
    currency = models.CharField(max_length=3)
    hosted_invoice_url = models.URLField(max_length=1000, blank=True)
    issued_at = models.DateTimeField()
    last_event_at = models.DateTimeField()

    class Meta(TenantModel.Meta):
        ordering = ["-issued_at", "-pk"]
        indexes = [models.Index(fields=["agency", "-issued_at"], name="billing_invoice_agency_idx")]

    def __str__(self):
        return self.number or self.stripe_invoice_id

    @property
    def amount_display(self) -> str:
        return money_format(self.amount_paid or self.amount_due, self.currency)


class ProcessedEvent(models.Model):
    """A Stripe event id already applied: written in the same transaction as its effect."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    processed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.event_id
