from django.conf import settings
from django.core.checks import Error, register


@register()
def stripe_settings_check(app_configs, **kwargs):
    """With billing on, the price and the webhook secret must be set too."""
    if not settings.STRIPE_SECRET_KEY:
        return []
    return [
        Error(f"{name} must be set when STRIPE_SECRET_KEY is.", id=f"billing.E00{number}")
        for number, name in enumerate(["STRIPE_PRICE_ID", "STRIPE_WEBHOOK_SECRET"], start=1)
        if not getattr(settings, name)
    ]
