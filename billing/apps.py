from django.apps import AppConfig

SEAT_SYNC_INTERVAL_SECONDS = 6 * 3600


class BillingConfig(AppConfig):
    name = "billing"

    def ready(self):
        from travault.celery import app

        from . import checks  # noqa: F401 - registers the Stripe settings check

        app.conf.beat_schedule.setdefault(
            "billing-seat-sync", {"task": "billing.tasks.seat_sync_all", "schedule": SEAT_SYNC_INTERVAL_SECONDS}
        )
