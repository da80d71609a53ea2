"""An admin invites a consultant; the consultant opens the emailed link, sets a password and reaches the
dashboard without any payment prompt, and cannot open Manage users; the admin then deactivates them."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from agency.models import User
from agency.tests.browser import log_in
from agency.tests.factories import AgencyFactory, UserFactory
from travault.permissions import Role

PASSWORD = "a-long-and-unusual-pass-42"


def log_out(page):
    page.locator("nav .dropdown-toggle").click()
    page.get_by_role("button", name="Log out").click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_invites_a_consultant_who_joins_and_is_later_deactivated(live_server, page, screenshot):
    agency = AgencyFactory(name="Harbour Lights Travel")
    UserFactory(agency=agency, role=Role.ADMIN, email="hana@harbourlights.example", first_name="Hana")

    log_in(page, live_server, "hana@harbourlights.example")
    page.locator("nav .dropdown-toggle").click()
    screenshot("01-account-menu")
    page.get_by_role("link", name="Users").click()
    page.get_by_role("link", name="Invite a user").click()
    page.fill("#id_first_name", "Omar")
    page.fill("#id_last_name", "Reyes")
    page.fill("#id_email", "omar@harbourlights.example")
    page.select_option("#id_role", "consultant")
    screenshot("02-invite-form")
    page.get_by_role("button", name="Send invitation").click()
    page.wait_for_url("**/users/")
    assert page.get_by_text("Invitation sent to omar@harbourlights.example").is_visible()
    screenshot("03-users-with-pending-invitation")
    log_out(page)

    (message,) = mail.outbox
    link = re.search(r"(http://\S+/invitation/\S+/)", message.body).group(1)
    page.goto(live_server.url + urlsplit(link).path)
    screenshot("04-accept-invitation")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.get_by_role("button", name="Set password and log in").click()
    page.wait_for_url("**/dashboard/")
    assert page.get_by_role("heading", name="Good to see you, Omar").is_visible()
    assert "pay" not in page.content().lower()
    screenshot("05-consultant-dashboard")

    page.locator("nav .dropdown-toggle").click()
    assert page.get_by_role("link", name="Profile").is_visible()
    assert page.get_by_role("link", name="Users").count() == 0
    page.get_by_role("link", name="Profile").click()
    page.wait_for_url("**/profile/")
    screenshot("06-profile")
    page.get_by_role("link", name="Change email").click()
    page.wait_for_url("**/accounts/email/")
    screenshot("07-change-email")
    response = page.goto(f"{live_server.url}/users/")
    assert response.status == 403
    screenshot("08-consultant-cannot-manage-users")
    page.goto(f"{live_server.url}/dashboard/")
    log_out(page)

    log_in(page, live_server, "hana@harbourlights.example")
    page.goto(f"{live_server.url}/users/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("row", name=re.compile("Omar Reyes")).get_by_role("button", name="Deactivate").click()
    page.wait_for_url("**/users/")
    assert page.get_by_text("can no longer log in").is_visible()
    screenshot("09-consultant-deactivated")
    assert not User.objects.get(email="omar@harbourlights.example").is_active
    page.locator("nav .dropdown-toggle").click()
    page.get_by_role("link", name="Agency").click()
    page.wait_for_url("**/agency/")
    screenshot("10-agency-profile")
    log_out(page)

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", "omar@harbourlights.example")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/accounts/inactive/")
    screenshot("11-deactivated-login")
