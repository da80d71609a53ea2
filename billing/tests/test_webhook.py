import json
import time

import pytest
from django.urls import reverse

from billing.models import Invoice, ProcessedEvent, Subscription
from billing.tests.conftest import deliver, signed_headers, stripe_event, subscription_object
from billing.tests.factories import InvoiceFactory, SubscriptionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("billing_on")]

URL = reverse("billing:webhook")


@pytest.fixture
def mirror(agency):
    return SubscriptionFactory(
        agency=agency, stripe_customer_id="cus_blue", stripe_subscription_id="", status="", last_event_at=None
    )


def invoice_object(*, customer="cus_blue", invoice_id="in_1", status="paid", amount=1800):
    return {
        "id": invoice_id,
        "object": "invoice",
        "customer": customer,
        "number": "TV-0001",
        "status": status,
        "amount_due": amount,
        "amount_paid": amount if status == "paid" else 0,
        "currency": "gbp",
        "hosted_invoice_url": f"https://invoice.stripe.com/i/{invoice_id}",
        "created": int(time.time()) - 60,
    }


def snapshot():
    return (
        list(Subscription.objects.order_by("pk").values()),
        list(Invoice.objects.order_by("pk").values()),
        ProcessedEvent.objects.count(),
    )


def test_it_refuses_a_missing_signature(client, mirror):
    before = snapshot()
    event = stripe_event("customer.subscription.created", subscription_object(customer="cus_blue"))

    response = client.post(URL, json.dumps(event), content_type="application/json")

    assert response.status_code == 400
    assert snapshot() == before


def test_it_refuses_a_forged_signature(client, mirror):
    before = snapshot()
    event = stripe_event("customer.subscription.created", subscription_object(customer="cus_blue"))

    response = deliver(client, event, secret="whsec_forged")

    assert response.status_code == 400
    assert snapshot() == before


def test_it_refuses_a_signature_of_another_body(client, mirror):
    signed = json.dumps(stripe_event("invoice.paid", invoice_object()))
    tampered = json.dumps(stripe_event("invoice.paid", invoice_object(amount=1)))

    response = client.post(URL, tampered, content_type="application/json", **signed_headers(signed))

    assert response.status_code == 400
    assert not Invoice.objects.exists()


@pytest.mark.parametrize("body", ["{not json", "[1, 2]", '{"id": "evt_1"}', '{"id": 3, "type": "invoice.paid"}'])
def test_it_refuses_malformed_payloads_with_400(client, mirror, body):
    before = snapshot()

    response = client.post(URL, body, content_type="application/json", **signed_headers(body))

    assert response.status_code == 400
    assert snapshot() == before


def test_it_refuses_an_unreadable_event_without_a_partial_write(client, mirror):
    obj = subscription_object(customer="cus_blue", status="exploded")
    before = snapshot()

    response = deliver(client, stripe_event("customer.subscription.updated", obj, event_id="evt_bad"))

    assert response.status_code == 400
    assert snapshot() == before
    assert not ProcessedEvent.objects.filter(event_id="evt_bad").exists()


def test_it_refuses_every_delivery_without_a_webhook_secret(client, mirror, settings, caplog):
    settings.STRIPE_WEBHOOK_SECRET = ""
    before = snapshot()

    response = deliver(client, stripe_event("invoice.paid", invoice_object()), secret="")

    assert response.status_code == 400
    assert snapshot() == before
    assert "STRIPE_WEBHOOK_SECRET is not set" in caplog.text


@pytest.mark.parametrize(
    ("event_type", "obj"),
    [
        ("customer.subscription.updated", {**subscription_object(customer="cus_blue"), "items": "many"}),
        (
            "customer.subscription.updated",
            {**subscription_object(customer="cus_blue"), "items": {"data": [{"quantity": "x"}]}},
        ),
        ("customer.subscription.updated", {**subscription_object(customer="cus_blue"), "id": None}),
        ("invoice.paid", {**invoice_object(), "created": "yesterday"}),
        ("invoice.paid", {**invoice_object(), "amount_paid": {"value": 1}}),
        ("invoice.paid", {**invoice_object(), "hosted_invoice_url": "javascript:alert(1)"}),
    ],
)
def test_it_answers_400_to_signed_but_unreadable_objects_and_writes_nothing(client, mirror, event_type, obj):
    before = snapshot()

    response = deliver(client, stripe_event(event_type, obj))

    assert response.status_code == 400
    assert snapshot() == before


def test_it_answers_405_to_get(client):
    assert client.get(URL).status_code == 405


def test_it_answers_404_when_billing_is_off(client, settings):
    settings.STRIPE_SECRET_KEY = ""
    event = json.dumps(stripe_event("invoice.paid", invoice_object()))

    assert client.post(URL, event, content_type="application/json", **signed_headers(event)).status_code == 404


def test_it_ignores_an_unknown_event_type(client, mirror, caplog):
    before = snapshot()

    response = deliver(client, stripe_event("customer.tax_id.created", {"id": "txi_1", "customer": "cus_blue"}))

    assert response.status_code == 200
    assert snapshot() == before
    assert "unhandled type customer.tax_id.created" in caplog.text


def test_it_ignores_an_event_for_an_unknown_customer(client, mirror, caplog):
    subscriptions_before, invoices_before, _ = snapshot()

    first = deliver(client, stripe_event("customer.subscription.created", subscription_object(customer="cus_nobody")))
    second = deliver(client, stripe_event("invoice.paid", invoice_object(customer="cus_nobody")))

    assert (first.status_code, second.status_code) == (200, 200)
    assert snapshot()[:2] == (subscriptions_before, invoices_before)
    assert "unknown customer" in caplog.text


def test_it_links_the_subscription_on_checkout_completed(client, mirror):
    session = {
        "id": "cs_1",
        "object": "checkout.session",
        "mode": "subscription",
        "customer": "cus_blue",
        "subscription": "sub_live1",
        "client_reference_id": str(mirror.agency.uuid),
        "payment_status": "paid",
    }

    response = deliver(client, stripe_event("checkout.session.completed", session))

    mirror.refresh_from_db()
    assert response.status_code == 200
    assert mirror.stripe_subscription_id == "sub_live1"
    assert mirror.status == ""


def test_it_reads_expanded_customer_and_subscription_objects(client, mirror):
    session = {
        "mode": "subscription",
        "customer": {"id": "cus_blue"},
        "subscription": {"id": "sub_x", "object": "subscription"},
    }

    deliver(client, stripe_event("checkout.session.completed", session))

    mirror.refresh_from_db()
    assert mirror.stripe_subscription_id == "sub_x"


def test_it_finds_the_agency_by_reference_when_the_customer_is_new(client, agency):
    session = {
        "mode": "subscription",
        "customer": "cus_new",
        "subscription": "sub_new",
        "client_reference_id": str(agency.uuid),
    }

    deliver(client, stripe_event("checkout.session.completed", session))

    mirror = Subscription.objects.get(agency=agency)
    assert (mirror.stripe_customer_id, mirror.stripe_subscription_id) == ("cus_new", "sub_new")


def test_it_mirrors_a_new_subscription(client, mirror):
    period_end = int(time.time()) + 30 * 86400

    response = deliver(
        client,
        stripe_event(
            "customer.subscription.created", subscription_object(customer="cus_blue", quantity=3, period_end=period_end)
        ),
    )

    mirror.refresh_from_db()
    assert response.status_code == 200
    assert (mirror.status, mirror.quantity, mirror.stripe_subscription_id) == ("active", 3, "sub_live1")
    assert int(mirror.current_period_end.timestamp()) == period_end
    assert mirror.past_due_since is None


def test_it_applies_a_redelivered_event_once(client, mirror):
    event = stripe_event("invoice.paid", invoice_object(), event_id="evt_once")

    first = deliver(client, event)
    second = deliver(client, event)

    assert (first.status_code, second.status_code) == (200, 200)
    assert second.text == "duplicate"
    assert Invoice.objects.count() == 1
    assert ProcessedEvent.objects.filter(event_id="evt_once").count() == 1


def test_it_ignores_a_replay_of_an_old_event_after_a_newer_one(client, mirror):
    now = int(time.time())
    canceled = stripe_event(
        "customer.subscription.deleted", subscription_object(customer="cus_blue", status="canceled"), created=now - 100
    )
    renewed = stripe_event(
        "customer.subscription.updated", subscription_object(customer="cus_blue", status="active"), created=now
    )

    deliver(client, canceled)
    deliver(client, renewed)
    deliver(client, canceled)

    mirror.refresh_from_db()
    assert mirror.status == "active"


def test_it_keeps_the_newest_state_when_events_arrive_out_of_order(client, mirror):
    now = int(time.time())
    created = stripe_event(
        "customer.subscription.created",
        subscription_object(customer="cus_blue", status="incomplete", quantity=1),
        created=now - 5,
    )
    updated = stripe_event(
        "customer.subscription.updated",
        subscription_object(customer="cus_blue", status="active", quantity=2),
        created=now,
    )

    deliver(client, updated)
    response = deliver(client, created)

    mirror.refresh_from_db()
    assert response.text == "stale"
    assert (mirror.status, mirror.quantity) == ("active", 2)


def test_it_never_lets_the_creation_event_undo_an_update_of_the_same_second(client, mirror):
    now = int(time.time())
    updated = stripe_event(
        "customer.subscription.updated", subscription_object(customer="cus_blue", status="active"), created=now
    )
    created = stripe_event(
        "customer.subscription.created", subscription_object(customer="cus_blue", status="incomplete"), created=now
    )

    deliver(client, updated)
    deliver(client, created)

    mirror.refresh_from_db()
    assert mirror.status == "active"


def test_it_applies_updates_of_the_same_second_in_arrival_order(client, mirror):
    now = int(time.time())
    for status in ["incomplete", "active"]:
        deliver(
            client,
            stripe_event(
                "customer.subscription.updated", subscription_object(customer="cus_blue", status=status), created=now
            ),
        )

    mirror.refresh_from_db()
    assert mirror.status == "active"


def test_it_marks_the_subscription_canceled_on_deleted(client, mirror):
    mirror.stripe_subscription_id = "sub_live1"
    mirror.status = "active"
    mirror.save()

    deliver(
        client,
        stripe_event("customer.subscription.deleted", subscription_object(customer="cus_blue", status="canceled")),
    )

    mirror.refresh_from_db()
    assert mirror.status == "canceled"


def test_it_ignores_the_cancellation_of_an_older_subscription(client, mirror):
    mirror.stripe_subscription_id = "sub_current"
    mirror.status = "active"
    mirror.save()

    deliver(
        client,
        stripe_event(
            "customer.subscription.deleted",
            subscription_object(customer="cus_blue", sub_id="sub_old", status="canceled"),
        ),
    )

    mirror.refresh_from_db()
    assert (mirror.stripe_subscription_id, mirror.status) == ("sub_current", "active")


def test_it_starts_the_grace_period_at_the_first_past_due_event(client, mirror):
    now = int(time.time())
    deliver(
        client,
        stripe_event(
            "customer.subscription.updated",
            subscription_object(customer="cus_blue", status="past_due"),
            created=now - 50,
        ),
    )
    deliver(
        client,
        stripe_event(
            "customer.subscription.updated", subscription_object(customer="cus_blue", status="past_due"), created=now
        ),
    )
    mirror.refresh_from_db()
    assert int(mirror.past_due_since.timestamp()) == now - 50

    deliver(
        client,
        stripe_event(
            "customer.subscription.updated", subscription_object(customer="cus_blue", status="active"), created=now + 1
        ),
    )
    mirror.refresh_from_db()
    assert mirror.past_due_since is None


def test_it_records_paid_and_failed_invoices(client, mirror):
    deliver(client, stripe_event("invoice.payment_failed", invoice_object(invoice_id="in_2", status="open")))
    deliver(client, stripe_event("invoice.paid", invoice_object(invoice_id="in_1")))

    paid = Invoice.objects.get(stripe_invoice_id="in_1")
    failed = Invoice.objects.get(stripe_invoice_id="in_2")
    assert paid.agency == mirror.agency
    assert (paid.status, paid.amount_paid, paid.currency, paid.number) == ("paid", 1800, "gbp", "TV-0001")
    assert paid.hosted_invoice_url == "https://invoice.stripe.com/i/in_1"
    assert (failed.status, failed.amount_paid) == ("open", 0)


def test_it_keeps_an_invoice_paid_when_an_older_failure_arrives_late(client, mirror):
    now = int(time.time())
    deliver(client, stripe_event("invoice.paid", invoice_object(), created=now))
    deliver(client, stripe_event("invoice.payment_failed", invoice_object(status="open"), created=now - 3600))

    assert Invoice.objects.get(stripe_invoice_id="in_1").status == "paid"


def test_it_never_moves_an_invoice_to_another_agency(client, mirror, other_agency):
    InvoiceFactory(agency=other_agency, stripe_invoice_id="in_1", status="open")

    deliver(client, stripe_event("invoice.paid", invoice_object()))

    assert Invoice.objects.get(stripe_invoice_id="in_1").agency == other_agency


def test_it_saves_the_card_brand_and_last_four_digits(client, mirror):
    card = {
        "id": "pm_1",
        "object": "payment_method",
        "customer": "cus_blue",
        "card": {"brand": "visa", "last4": "4242"},
    }

    deliver(client, stripe_event("payment_method.attached", card))

    mirror.refresh_from_db()
    assert (mirror.card_brand, mirror.card_last4) == ("visa", "4242")
