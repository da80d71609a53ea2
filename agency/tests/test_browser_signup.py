"""A newcomer signs up an agency, verifies the email, logs in, enrols TOTP, and logs in again with a code."""

import re
import time

import pyotp
import pytest
from django.core import mail

from agency.models import Agency, User

PASSWORD = "a-long-and-unusual-pass-42"


def fresh_code(secret, used):
    """The current TOTP code, waiting for the next 30-second window if this one was already used."""
    totp = pyotp.TOTP(secret)
    for _ in range(35):
        code = totp.now()
        if code not in used:
            return code
        time.sleep(1)
    raise AssertionError("no fresh TOTP window")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_walks_sign_up_verification_login_and_two_factor(live_server, page, screenshot):
    page.goto(live_server.url)
    screenshot("01-landing")
    page.get_by_role("link", name="Start your agency").first.click()

    page.fill("#id_agency_name", "Harbour Lights Travel")
    page.fill("#id_address", "7 Quay Street\nBristol\nBS1 4DB")
    page.fill("#id_phone", "+44 117 496 0999")
    page.fill("#id_vat_number", "246813579")
    page.fill("#id_company_reg_number", "HL123456")
    page.select_option("#id_employees", "11-50")
    page.select_option("#id_business_focus", "mixed")
    page.fill("#id_first_name", "Hana")
    page.fill("#id_last_name", "Lee")
    page.fill("#id_email", "hana@harbourlights.example")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    screenshot("02-signup-form")
    page.get_by_role("button", name="Create my agency").click()
    page.wait_for_url("**/accounts/confirm-email/")
    screenshot("03-check-your-email")

    user = User.objects.get(email="hana@harbourlights.example")
    assert user.agency == Agency.objects.get(name="Harbour Lights Travel")
    link = re.search(r"(http://\S+/accounts/confirm-email/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    screenshot("04-confirm-email")
    page.get_by_role("button", name="Confirm").click()

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", "hana@harbourlights.example")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/dashboard/")
    screenshot("05-dashboard")

    page.goto(f"{live_server.url}/accounts/2fa/totp/activate/")
    if "/reauthenticate/" in page.url:
        page.fill("input[name=password]", PASSWORD)
        page.get_by_role("button", name="Confirm").click()
        page.wait_for_url("**/2fa/totp/activate/")
    screenshot("06-totp-enrolment")
    secret = page.input_value("#authenticator_secret")
    enrolment_code = pyotp.TOTP(secret).now()
    page.fill("input[name=code]", enrolment_code)
    page.get_by_role("button", name="Activate").click()
    page.wait_for_url("**/2fa/recovery-codes/**")
    screenshot("07-recovery-codes")

    page.locator("nav .dropdown-toggle").click()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", "hana@harbourlights.example")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/2fa/authenticate/")
    page.fill("input[name=code]", "000000")
    page.get_by_role("button", name="Sign In").click()
    assert page.get_by_text("Incorrect code").is_visible()
    screenshot("08-wrong-code")
    page.fill("input[name=code]", fresh_code(secret, {enrolment_code, "000000"}))
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/dashboard/")
    screenshot("09-dashboard-after-2fa")
    assert page.get_by_role("heading", name="Good to see you, Hana").is_visible()
