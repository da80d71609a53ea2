import pytest
from django.urls import reverse

from billing.tests.conftest import STRIPE_API, form_params
from billing.tests.factories import SubscriptionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("billing_on")]

URL = reverse("billing:portal")
PORTAL_URL = "https://billing.stripe.com/p/session/test_1"


def test_it_requires_login(client):
    assert client.post(URL).url.startswith(reverse("account_login"))


def test_it_answers_405_to_get(admin_client):
    assert admin_client.get(URL).status_code == 405


def test_it_forbids_other_roles(consultant_client):
    assert consultant_client.post(URL).status_code == 403


def test_it_answers_404_when_billing_is_off(admin_client, settings):
    settings.STRIPE_SECRET_KEY = ""

    assert admin_client.post(URL).status_code == 404


def test_it_opens_a_portal_session_for_the_agency_s_customer(admin_client, admin_user, stripe_http):
    SubscriptionFactory(agency=admin_user.agency, stripe_customer_id="cus_blue")
    SubscriptionFactory(stripe_customer_id="cus_rival")
    stripe_http.post(f"{STRIPE_API}/v1/billing_portal/sessions", json={"id": "bps_1", "url": PORTAL_URL})

    response = admin_client.post(URL)

    assert response.status_code == 303
    assert response.url == PORTAL_URL
    params = form_params(stripe_http.calls[0])
    assert params == {"customer": ["cus_blue"], "return_url": ["http://testserver/billing/"]}


def test_it_asks_to_subscribe_first_without_a_customer(admin_client, stripe_http, seat_price):
    response = admin_client.post(URL, follow=True)

    assert "Subscribe first" in response.text
    assert len(stripe_http.calls) == 0


def test_it_explains_when_stripe_is_unreachable(admin_client, admin_user, stripe_http, seat_price):
    SubscriptionFactory(agency=admin_user.agency)

    response = admin_client.post(URL, follow=True)

    assert response.redirect_chain == [(reverse("billing:home"), 302)]
    assert "Stripe could not be reached" in response.text


def test_it_opens_the_outsider_s_own_customer_never_another_agency_s(
    outsider_client, outsider, admin_user, stripe_http
):
    SubscriptionFactory(agency=admin_user.agency, stripe_customer_id="cus_blue")
    SubscriptionFactory(agency=outsider.agency, stripe_customer_id="cus_rival")
    stripe_http.post(f"{STRIPE_API}/v1/billing_portal/sessions", json={"id": "bps_2", "url": PORTAL_URL})

    outsider_client.post(URL)

    assert form_params(stripe_http.calls[0])["customer"] == ["cus_rival"]
