import pytest
from django.urls import reverse
from django.utils import timezone

from agency.tests.factories import UserFactory
from billing.pricing import money_format, price_cache_key, price_get
from billing.tests.conftest import PRICE_ID, STRIPE_API
from billing.tests.factories import InvoiceFactory, SubscriptionFactory
from travault.permissions import Role

pytestmark = pytest.mark.django_db

URL = reverse("billing:home")


def price_json(unit_amount=900, currency="gbp"):
    return {
        "id": PRICE_ID,
        "object": "price",
        "unit_amount": unit_amount,
        "currency": currency,
        "recurring": {"interval": "month", "interval_count": 1},
    }


def test_it_requires_login(client):
    assert client.get(URL).url.startswith(reverse("account_login"))


def test_it_forbids_other_roles(billing_on, client, agency, seat_price):
    SubscriptionFactory(agency=agency)
    for role in [Role.MANAGER, Role.SALES, Role.CONSULTANT]:
        client.force_login(UserFactory(agency=agency, role=role))
        assert client.get(URL).status_code == 403


def test_it_answers_405_to_post(admin_client):
    assert admin_client.post(URL).status_code == 405


def test_it_says_billing_is_off_without_a_stripe_key(admin_client):
    response = admin_client.get(URL)

    assert response.status_code == 200
    assert "Billing is off" in response.text
    assert reverse("billing:checkout") not in response.text


def test_it_shows_seats_price_total_next_invoice_card_and_invoices(billing_on, admin_client, admin_user, seat_price):
    agency = admin_user.agency
    UserFactory(agency=agency, role=Role.CONSULTANT)
    UserFactory(agency=agency, role=Role.SALES)
    UserFactory(agency=agency, role=Role.SALES, is_active=False)
    SubscriptionFactory(
        agency=agency,
        card_brand="visa",
        card_last4="4242",
        current_period_end=timezone.datetime(2026, 12, 24, 12, tzinfo=timezone.UTC),
    )
    InvoiceFactory(
        agency=agency, number="TV-0042", amount_paid=2700, hosted_invoice_url="https://invoice.stripe.com/i/abc"
    )

    response = admin_client.get(URL)

    text = response.text
    assert response.context["overview"].seats == 3
    assert "£9.00 per month" in text
    assert "£27.00 per month" in text
    assert "24 December 2026" in text
    assert "ending 4242" in text
    assert "visa" in text
    assert "TV-0042" in text
    assert 'href="https://invoice.stripe.com/i/abc"' in text
    assert "Manage payment method or cancel" in text
    assert reverse("billing:portal") in text


def test_it_offers_checkout_to_an_agency_without_subscription(billing_on, admin_client, seat_price):
    response = admin_client.get(URL)

    assert "Subscribe for 1 seat" in response.text
    assert reverse("billing:checkout") in response.text
    assert "Manage payment method or cancel" not in response.text


def test_it_shows_only_the_agency_s_own_invoices(billing_on, admin_client, admin_user, other_agency, seat_price):
    SubscriptionFactory(agency=admin_user.agency)
    InvoiceFactory(agency=other_agency, number="RIVAL-1")

    assert "RIVAL-1" not in admin_client.get(URL).text


def test_it_runs_the_same_queries_for_one_or_many_invoices(
    billing_on, admin_client, admin_user, seat_price, django_assert_num_queries
):
    SubscriptionFactory(agency=admin_user.agency)
    InvoiceFactory(agency=admin_user.agency)
    admin_client.get(URL)

    with django_assert_num_queries(7):
        admin_client.get(URL)
    InvoiceFactory.create_batch(10, agency=admin_user.agency)
    with django_assert_num_queries(7):
        response = admin_client.get(URL)
    assert len(response.context["overview"].invoices) == 11


def test_it_reads_the_price_from_stripe_once_and_caches_it(billing_on, stripe_http):
    stripe_http.get(f"{STRIPE_API}/v1/prices/{PRICE_ID}", json=price_json(1250, "eur"))

    first = price_get()
    second = price_get()

    assert (first.unit_amount, first.currency, first.interval) == (1250, "eur", "month")
    assert second == first
    assert len(stripe_http.calls) == 1
    assert stripe_http.calls[0].request.headers["Stripe-Version"] == "2026-10-28.endive"
    assert stripe_http.calls[0].request.headers["Authorization"] == "Bearer sk_test_travault"


def test_it_shows_the_page_when_stripe_cannot_tell_the_price(billing_on, admin_client, stripe_http, caplog):
    from django.core.cache import cache

    cache.delete(price_cache_key())
    stripe_http.get(f"{STRIPE_API}/v1/prices/{PRICE_ID}", status=500, json={"error": {"message": "down"}})

    response = admin_client.get(URL)

    assert response.status_code == 200
    assert "Unavailable just now" in response.text
    assert "Could not read the Stripe price" in caplog.text


@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [
        (900, "gbp", "£9.00"),
        (123456, "eur", "€1,234.56"),
        (5, "usd", "$0.05"),
        (1500, "jpy", "1,500 JPY"),
        (990, "chf", "9.90 CHF"),
    ],
)
def test_it_formats_money_in_the_price_currency(amount, currency, shown):
    assert money_format(amount, currency) == shown


def test_it_shows_an_outsider_only_their_own_agency(billing_on, outsider_client, outsider, admin_user, seat_price):
    SubscriptionFactory(agency=admin_user.agency, card_last4="4242")
    InvoiceFactory(agency=admin_user.agency, number="BLUE-1")
    SubscriptionFactory(agency=outsider.agency, card_last4="1881")

    response = outsider_client.get(URL)

    assert response.status_code == 200
    assert "ending 1881" in response.text
    assert "4242" not in response.text
    assert "BLUE-1" not in response.text
    assert admin_user.agency.name not in response.text
