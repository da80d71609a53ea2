import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_shows_the_landing_page_with_price_and_sign_up(client, settings):
    settings.SEAT_PRICE_DISPLAY = "£11 per user per month"

    response = client.get(reverse("dashboard:landing"))

    assert response.status_code == 200
    assert "£11 per user per month" in response.text
    assert reverse("account_signup") in response.text


def test_it_sends_a_signed_in_user_from_the_landing_page_to_the_dashboard(consultant_client):
    assert consultant_client.get(reverse("dashboard:landing")).url == reverse("dashboard:home")


def test_it_sends_a_strict_content_security_policy_without_inline_script(client):
    policy = client.get(reverse("dashboard:landing")).headers["Content-Security-Policy"]

    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_it_renders_a_styled_404(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.text
    assert "bootstrap.min.css" in response.text


def test_it_renders_the_styled_403_and_500_pages(rf):
    from travault.errors import permission_denied, server_error

    assert b"Not allowed" in permission_denied(rf.get("/")).content
    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content
