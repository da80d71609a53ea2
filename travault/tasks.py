from celery import shared_task

from . import mail


@shared_task(bind=True, acks_late=True, max_retries=None)
def outbox_deliver_task(self, email_id: int) -> str:
    delivery = mail.outbox_deliver(email_id)
    if delivery.outcome == "retry" and not self.request.is_eager:
        raise self.retry(countdown=delivery.retry_in)
    return delivery.outcome


@shared_task(acks_late=True)
def outbox_sweep_task() -> int:
    """Re-enqueue every email still due: the safety net behind a lost broker message."""
    due = mail.outbox_due_ids()
    for email_id in due:
        outbox_deliver_task.delay(email_id)
    return len(due)
