"""Seat sync: a seat change enqueues, on commit, one idempotent task that sets the Stripe quantity."""

import uuid

import pytest
import requests
from django.urls import reverse
from kombu.exceptions import OperationalError

from agency.seats import seat_count, seats_changed
from agency.tests.factories import TEST_PASSWORD, UserFactory
from billing.models import Subscription
from billing.stripe_api import stripe_client
from billing.tasks import seat_sync, seat_sync_all, seat_sync_enqueue
from billing.tests.conftest import PRICE_ID, STRIPE_API, form_params
from billing.tests.factories import SubscriptionFactory
from travault.permissions import Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("billing_on")]

SUBSCRIPTION_URL = f"{STRIPE_API}/v1/subscriptions/sub_blue"


def set_active(user, active: bool) -> None:
    """What the user deactivate/reactivate services do: change the flag, then report the seat change."""
    user.is_active = active
    user.save(update_fields=["is_active"])
    seats_changed(user.agency)


def remote_subscription(quantity):
    return {
        "id": "sub_blue",
        "object": "subscription",
        "status": "active",
        "items": {
            "object": "list",
            "data": [{"id": "si_blue", "object": "subscription_item", "quantity": quantity, "price": {"id": PRICE_ID}}],
        },
    }


@pytest.fixture
def mirror(admin_user):
    return SubscriptionFactory(agency=admin_user.agency, stripe_subscription_id="sub_blue", quantity=1)


def updates(mock):
    return [call for call in mock.calls if call.request.method == "POST"]


def test_it_is_registered_as_a_seat_change_handler(settings):
    assert "billing.tasks.seat_sync_enqueue" in settings.SEAT_CHANGE_HANDLERS


def test_it_enqueues_only_when_the_change_commits(mirror, stripe_http, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        seats_changed(mirror.agency)

    assert len(callbacks) == 1
    assert len(stripe_http.calls) == 0


def test_it_sets_the_quantity_to_the_seat_count(mirror, stripe_http, django_capture_on_commit_callbacks):
    stripe_http.get(SUBSCRIPTION_URL, json=remote_subscription(1))
    stripe_http.post(SUBSCRIPTION_URL, json=remote_subscription(2))
    consultant = UserFactory(agency=mirror.agency, role=Role.CONSULTANT, is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        set_active(consultant, True)

    [update] = updates(stripe_http)
    assert form_params(update) == {"items[0][id]": ["si_blue"], "items[0][quantity]": ["2"]}
    assert update.request.headers["Stripe-Version"] == "2026-10-28.endive"
    mirror.refresh_from_db()
    assert mirror.quantity == 2


def test_it_lowers_the_quantity_when_a_user_is_deactivated(mirror, stripe_http, django_capture_on_commit_callbacks):
    consultant = UserFactory(agency=mirror.agency, role=Role.CONSULTANT)
    stripe_http.get(SUBSCRIPTION_URL, json=remote_subscription(2))
    stripe_http.post(SUBSCRIPTION_URL, json=remote_subscription(1))

    with django_capture_on_commit_callbacks(execute=True):
        set_active(consultant, False)

    assert form_params(updates(stripe_http)[0])["items[0][quantity]"] == ["1"]


def test_it_changes_nothing_when_stripe_already_has_the_seat_count(mirror, stripe_http):
    stripe_http.get(SUBSCRIPTION_URL, json=remote_subscription(1))

    assert seat_sync.delay(mirror.agency_id).get() == 1
    assert seat_sync.delay(mirror.agency_id).get() == 1

    assert updates(stripe_http) == []


@pytest.mark.parametrize(
    "failure",
    [
        {"status": 500, "json": {"error": {"message": "try again"}}},
        {"status": 429, "json": {"error": {"message": "slow down"}}},
        {"body": requests.ConnectionError("connection reset")},
    ],
)
def test_it_retries_when_stripe_fails(mirror, stripe_http, failure):
    stripe_http.get(SUBSCRIPTION_URL, **failure)
    stripe_http.get(SUBSCRIPTION_URL, json=remote_subscription(3))
    stripe_http.post(SUBSCRIPTION_URL, json=remote_subscription(1))

    result = seat_sync.apply(args=[mirror.agency_id], throw=False)

    assert result.successful()
    assert [call.request.method for call in stripe_http.calls] == ["GET", "GET", "POST"]


def test_it_backs_off_between_retries_and_gives_up_eventually():
    assert seat_sync.retry_backoff == 5
    assert seat_sync.retry_backoff_max == 600
    assert seat_sync.max_retries == 8
    assert seat_sync.acks_late


def test_it_skips_an_agency_without_a_live_subscription(admin_user, stripe_http):
    SubscriptionFactory(agency=admin_user.agency, status="canceled")

    assert seat_sync.delay(admin_user.agency_id).get() is None
    assert len(stripe_http.calls) == 0


def test_it_enqueues_nothing_when_billing_is_off(mirror, stripe_http, settings, django_capture_on_commit_callbacks):
    settings.STRIPE_SECRET_KEY = ""

    with django_capture_on_commit_callbacks(execute=True):
        seats_changed(mirror.agency)

    assert len(stripe_http.calls) == 0


def test_it_never_calls_stripe_on_login_or_other_saves(
    mirror, admin_user, client, stripe_http, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_login"), {"login": admin_user.email, "password": TEST_PASSWORD})
        admin_user.first_name = "Renamed"
        admin_user.save()

    assert response.status_code == 302
    assert len(stripe_http.calls) == 0


@pytest.fixture
def localstripe(localstripe_url, settings):
    settings.STRIPE_API_BASE = localstripe_url
    settings.STRIPE_PRICE_ID = f"price_seat_{uuid.uuid4().hex[:8]}"
    client = stripe_client()
    client.v1.plans.create(
        params={
            "id": settings.STRIPE_PRICE_ID,
            "amount": 900,
            "currency": "gbp",
            "interval": "month",
            "product": {"name": "Travault seat"},
        }
    )
    return client


def test_it_syncs_seats_against_localstripe(admin_user, localstripe, settings, django_capture_on_commit_callbacks):
    agency = admin_user.agency
    customer = localstripe.v1.customers.create(params={"name": agency.name, "email": admin_user.email})
    card = localstripe.v1.payment_methods.create(
        params={"type": "card", "card": {"number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123"}}
    )
    localstripe.v1.payment_methods.attach(card.id, params={"customer": customer.id})
    localstripe.v1.customers.update(customer.id, params={"invoice_settings": {"default_payment_method": card.id}})
    remote = localstripe.v1.subscriptions.create(
        params={"customer": customer.id, "items": [{"plan": settings.STRIPE_PRICE_ID, "quantity": 1}]}
    )
    SubscriptionFactory(agency=agency, stripe_customer_id=customer.id, stripe_subscription_id=remote.id)
    colleagues = UserFactory.create_batch(2, agency=agency, role=Role.CONSULTANT, is_active=False)

    def remote_item():
        return localstripe.v1.subscriptions.retrieve(remote.id)["items"].data[0]

    with django_capture_on_commit_callbacks(execute=True):
        for colleague in colleagues:
            set_active(colleague, True)
    assert remote_item().quantity == seat_count(agency) == 3

    with django_capture_on_commit_callbacks(execute=True):
        set_active(colleagues[0], False)
    synced = remote_item()
    assert synced.quantity == 2

    seat_sync.delay(agency.id)
    assert remote_item().id == synced.id
    assert Subscription.objects.get(agency=agency).quantity == 2


def test_it_schedules_a_periodic_sync_of_every_live_subscription(mirror, other_agency, stripe_http):
    from travault.celery import app

    SubscriptionFactory(agency=other_agency, status="canceled")
    stripe_http.get(SUBSCRIPTION_URL, json=remote_subscription(1))

    assert app.conf.beat_schedule["billing-seat-sync"]["task"] == "billing.tasks.seat_sync_all"
    assert seat_sync_all.delay().get() == 1
    assert [call.request.url for call in stripe_http.calls] == [SUBSCRIPTION_URL]


def test_it_logs_and_lets_the_request_finish_when_the_broker_is_down(mirror, monkeypatch, caplog):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379")

    monkeypatch.setattr(seat_sync, "delay", broker_down)

    seat_sync_enqueue(mirror.agency_id)

    assert "could not be queued" in caplog.text
