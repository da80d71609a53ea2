from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "billing"

    def ready(self):
        from . import checks  # noqa: F401 - registers the Stripe settings check
