import pytest
from django.urls import reverse

from agency.tests.factories import UserFactory
from billing.models import Subscription
from billing.tests.conftest import PRICE_ID, STRIPE_API, form_params
from billing.tests.factories import SubscriptionFactory
from travault.permissions import Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("billing_on")]

URL = reverse("billing:checkout")
SESSION_URL = "https://checkout.stripe.com/c/pay/cs_test_1"


@pytest.fixture
def stripe_checkout(stripe_http):
    stripe_http.post(f"{STRIPE_API}/v1/customers", json={"id": "cus_new", "object": "customer"})
    stripe_http.post(
        f"{STRIPE_API}/v1/checkout/sessions", json={"id": "cs_test_1", "object": "checkout.session", "url": SESSION_URL}
    )
    return stripe_http


def calls_to(mock, path):
    return [call for call in mock.calls if call.request.url.startswith(f"{STRIPE_API}{path}")]


def test_it_requires_login(client):
    assert client.post(URL).url.startswith(reverse("account_login"))


def test_it_answers_405_to_get(admin_client):
    assert admin_client.get(URL).status_code == 405


def test_it_forbids_other_roles(consultant_client, stripe_http):
    assert consultant_client.post(URL).status_code == 403
    assert len(stripe_http.calls) == 0


def test_it_answers_404_when_billing_is_off(admin_client, settings):
    settings.STRIPE_SECRET_KEY = ""

    assert admin_client.post(URL).status_code == 404


def test_it_creates_one_customer_and_a_subscription_checkout_for_every_seat(admin_client, admin_user, stripe_checkout):
    agency = admin_user.agency
    UserFactory(agency=agency, role=Role.CONSULTANT)
    UserFactory(agency=agency, role=Role.CONSULTANT, is_active=False)

    response = admin_client.post(URL)

    assert response.status_code == 303
    assert response.url == SESSION_URL
    customer = form_params(calls_to(stripe_checkout, "/v1/customers")[0])
    assert customer["name"] == [agency.name]
    assert customer["email"] == [admin_user.email]
    assert customer["metadata[agency_uuid]"] == [str(agency.uuid)]
    assert calls_to(stripe_checkout, "/v1/customers")[0].request.headers["Idempotency-Key"] == f"customer-{agency.uuid}"
    session_call = calls_to(stripe_checkout, "/v1/checkout/sessions")[0]
    session = form_params(session_call)
    assert session["mode"] == ["subscription"]
    assert session["customer"] == ["cus_new"]
    assert session["client_reference_id"] == [str(agency.uuid)]
    assert session["line_items[0][price]"] == [PRICE_ID]
    assert session["line_items[0][quantity]"] == ["2"]
    assert session["success_url"] == ["http://testserver/billing/activating/"]
    assert session["cancel_url"] == ["http://testserver/billing/"]
    assert session_call.request.headers["Stripe-Version"] == "2026-10-28.endive"
    assert Subscription.objects.get(agency=agency).stripe_customer_id == "cus_new"


def test_it_reuses_the_agency_s_customer(admin_client, admin_user, stripe_checkout):
    admin_client.post(URL)
    admin_client.post(URL)

    assert len(calls_to(stripe_checkout, "/v1/customers")) == 1
    assert len(calls_to(stripe_checkout, "/v1/checkout/sessions")) == 2
    assert form_params(calls_to(stripe_checkout, "/v1/checkout/sessions")[1])["customer"] == ["cus_new"]
    assert Subscription.objects.filter(agency=admin_user.agency).count() == 1


def test_it_refuses_a_second_subscription(admin_client, admin_user, stripe_http, seat_price):
    SubscriptionFactory(agency=admin_user.agency, status="active")

    response = admin_client.post(URL, follow=True)

    assert response.redirect_chain == [(reverse("billing:home"), 302)]
    assert "already has a subscription" in response.text
    assert len(stripe_http.calls) == 0


def test_it_explains_when_stripe_is_unreachable(admin_client, admin_user, stripe_http, seat_price):
    SubscriptionFactory(agency=admin_user.agency, status="", stripe_subscription_id="")

    response = admin_client.post(URL, follow=True)

    assert response.redirect_chain == [(reverse("billing:home"), 302)]
    assert "Stripe could not be reached" in response.text
