import pytest
from django.urls import reverse

from agency.tests.factories import UserFactory
from billing.tests.conftest import deliver, stripe_event, subscription_object
from billing.tests.factories import SubscriptionFactory
from travault.permissions import Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("billing_on")]

PAGE = reverse("billing:activating")
STATUS = reverse("billing:activation-status")
INACTIVE = reverse("billing:inactive")


@pytest.fixture
def pending(admin_user):
    return SubscriptionFactory(
        agency=admin_user.agency,
        stripe_customer_id="cus_blue",
        stripe_subscription_id="",
        status="",
        last_event_at=None,
    )


def test_it_requires_login(client):
    assert client.get(PAGE).url.startswith(reverse("account_login"))
    assert client.get(STATUS).url.startswith(reverse("account_login"))


def test_it_answers_405_to_post(admin_client, pending):
    assert admin_client.post(PAGE).status_code == 405
    assert admin_client.post(STATUS).status_code == 405


def test_it_forbids_other_roles(consultant_client, pending):
    assert consultant_client.get(PAGE).status_code == 403
    assert consultant_client.get(STATUS).status_code == 403


def test_it_polls_until_the_webhook_confirms_then_opens_the_dashboard(admin_client, pending, client):
    page = admin_client.get(PAGE)
    assert page.status_code == 200
    assert "Activating your subscription" in page.text
    assert f'hx-get="{STATUS}"' in page.text
    assert 'hx-trigger="every 2s"' in page.text

    waiting = admin_client.get(STATUS, headers={"HX-Request": "true"})
    assert waiting.status_code == 200
    assert "HX-Redirect" not in waiting.headers
    assert 'id="activation-status"' in waiting.text

    deliver(client, stripe_event("customer.subscription.created", subscription_object(customer="cus_blue")))

    confirmed = admin_client.get(STATUS, headers={"HX-Request": "true"})
    assert confirmed.headers["HX-Redirect"] == reverse("dashboard:home")
    assert admin_client.get(PAGE).url == reverse("dashboard:home")


def test_it_keeps_waiting_on_an_incomplete_subscription(admin_client, pending, client):
    deliver(
        client,
        stripe_event("customer.subscription.created", subscription_object(customer="cus_blue", status="incomplete")),
    )

    assert "HX-Redirect" not in admin_client.get(STATUS).headers


def test_it_lists_the_agency_s_admins_on_the_inactive_page(client, agency, pending, admin_user, other_agency):
    UserFactory(agency=other_agency, role=Role.ADMIN, first_name="Rival", last_name="Boss")
    UserFactory(agency=agency, role=Role.ADMIN, first_name="Gone", last_name="Away", is_active=False)
    client.force_login(UserFactory(agency=agency, role=Role.SALES))

    response = client.get(INACTIVE)

    assert response.status_code == 200
    assert admin_user.get_full_name() in response.text
    assert f"mailto:{admin_user.email}" in response.text
    assert "Rival Boss" not in response.text
    assert "Gone Away" not in response.text
    assert reverse("account_logout") in response.text


def test_it_requires_login_for_the_inactive_page(client):
    assert client.get(INACTIVE).url.startswith(reverse("account_login"))


def test_it_answers_405_to_post_on_the_inactive_page(consultant_client, pending):
    assert consultant_client.post(INACTIVE).status_code == 405
