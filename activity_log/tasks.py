from celery import shared_task

from . import services


@shared_task(acks_late=True)
def reminders_send_due_task() -> int:
    """Email the reminders that have fallen due; a second run at once sends none of them again."""
    return services.reminders_send_due()
