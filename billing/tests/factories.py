import factory
from django.utils import timezone

from agency.tests.factories import AgencyFactory
from billing.models import Invoice, Subscription


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscription

    agency = factory.SubFactory(AgencyFactory)
    stripe_customer_id = factory.Sequence(lambda n: f"cus_test{n}")
    stripe_subscription_id = factory.Sequence(lambda n: f"sub_test{n}")
    status = Subscription.Status.ACTIVE
    quantity = 1
    current_period_end = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(days=20))
    last_event_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(days=10))


class InvoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invoice

    agency = factory.SubFactory(AgencyFactory)
    stripe_invoice_id = factory.Sequence(lambda n: f"in_test{n}")
    number = factory.Sequence(lambda n: f"TV-{n:04d}")
    status = "paid"
    amount_due = 2700
    amount_paid = 2700
    currency = "gbp"
    hosted_invoice_url = factory.Sequence(lambda n: f"https://invoice.stripe.com/i/test{n}")
    issued_at = factory.LazyFunction(timezone.now)
    last_event_at = factory.LazyFunction(timezone.now)
