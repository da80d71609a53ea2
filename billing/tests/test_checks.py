from billing.checks import stripe_settings_check


def test_it_accepts_billing_off(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_PRICE_ID = ""

    assert stripe_settings_check(None) == []


def test_it_accepts_complete_stripe_settings(billing_on):
    assert stripe_settings_check(None) == []


def test_it_reports_a_missing_price_or_webhook_secret(billing_on):
    billing_on.STRIPE_PRICE_ID = ""
    billing_on.STRIPE_WEBHOOK_SECRET = ""

    assert [error.id for error in stripe_settings_check(None)] == ["billing.E001", "billing.E002"]
