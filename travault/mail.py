"""Every email the project sends goes through the outbox.

``email_send`` renders ``templates/emails/<template>_subject.txt``, ``_body.txt`` and
``_body.html`` and writes an ``OutboundEmail`` row in the caller's transaction; once it commits, a
Celery task delivers the row. Enqueueing is best effort: the row is the durable record and the
beat sweep picks up whatever the broker lost.
"""

import logging
import smtplib
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import timezone

from .models import OutboundEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BACKOFF_BASE_SECONDS = 60
BACKOFF_CAP_SECONDS = 3600
SWEEP_BATCH = 500

PERMANENT_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, UnicodeError)
TRANSIENT_ERRORS = (OSError, smtplib.SMTPException)


@dataclass(frozen=True)
class Delivery:
    outcome: str  # "sent", "skipped", "retry" or "failed"
    retry_in: int = 0


def email_render(*, template: str, context: dict) -> tuple[str, str, str]:
    subject = " ".join(_render_text(f"emails/{template}_subject.txt", context).split())
    body = _render_text(f"emails/{template}_body.txt", context)
    html = render_to_string(f"emails/{template}_body.html", context)
    return subject, body, html


def _render_text(template_name: str, context: dict) -> str:
    """Plain-text parts are not HTML: render them without HTML escaping."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def email_send(*, to: list[str], template: str, context: dict, agency_id: int | None = None) -> OutboundEmail:
    subject, body, html = email_render(template=template, context=context)
    return outbox_add(to=to, subject=subject, body_text=body, body_html=html, agency_id=agency_id)


def outbox_add(
    *, to: list[str], subject: str, body_text: str, body_html: str = "", agency_id: int | None = None
) -> OutboundEmail:
    email = OutboundEmail.objects.create(
        agency_id=agency_id, to=list(to), subject=subject, body_text=body_text, body_html=body_html
    )
    transaction.on_commit(lambda: outbox_enqueue(email.pk))
    return email


def outbox_enqueue(email_id: int) -> None:
    from .tasks import outbox_deliver_task

    try:
        outbox_deliver_task.delay(email_id)
    except Exception:
        logger.warning("Could not enqueue email %s; the outbox sweep will deliver it.", email_id, exc_info=True)


def outbox_claim(email_id: int) -> bool:
    """Take the row for sending; False when it is sent, failed, or held by another live worker."""
    now = timezone.now()
    claimable = Q(status=OutboundEmail.Status.PENDING) | Q(status=OutboundEmail.Status.SENDING, claimed_until__lt=now)
    claimed = (
        OutboundEmail.objects.filter(claimable, pk=email_id).update(
            status=OutboundEmail.Status.SENDING,
            claimed_until=now + timedelta(seconds=settings.OUTBOX_CLAIM_SECONDS),
            attempts=F("attempts") + 1,
        )
        == 1
    )
    return claimed


def backoff_seconds(attempts: int) -> int:
    return min(BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_CAP_SECONDS)


def outbox_deliver(email_id: int) -> Delivery:
    if not outbox_claim(email_id):
        return Delivery("skipped")
    email = OutboundEmail.objects.get(pk=email_id)
    message = EmailMultiAlternatives(email.subject, email.body_text, settings.DEFAULT_FROM_EMAIL, email.to)
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    try:
        message.send()
    except PERMANENT_ERRORS as exc:
        return _mark_failed(email, exc)
    except TRANSIENT_ERRORS as exc:
        if email.attempts >= MAX_ATTEMPTS:
            return _mark_failed(email, exc)
        delay = backoff_seconds(email.attempts)
        _mark(
            email,
            status=OutboundEmail.Status.PENDING,
            last_error=_describe(exc),
            next_attempt_at=timezone.now() + timedelta(seconds=delay),
        )
        logger.warning("Email %s not delivered (attempt %s); retrying in %ss.", email.pk, email.attempts, delay)
        return Delivery("retry", retry_in=delay)
    _mark(email, status=OutboundEmail.Status.SENT, sent_at=timezone.now(), last_error="")
    return Delivery("sent")


def outbox_due_ids(*, limit: int = SWEEP_BATCH) -> list[int]:
    now = timezone.now()
    due = Q(status=OutboundEmail.Status.PENDING, next_attempt_at__lte=now) | Q(
        status=OutboundEmail.Status.SENDING, claimed_until__lt=now
    )
    return list(OutboundEmail.objects.filter(due).order_by("next_attempt_at").values_list("pk", flat=True)[:limit])


@transaction.atomic
def outbox_retry(*, email: OutboundEmail) -> None:
    """Send a failed email again, from a fresh count of attempts."""
    if email.status != OutboundEmail.Status.FAILED:
        return
    _mark(email, status=OutboundEmail.Status.PENDING, attempts=0, next_attempt_at=timezone.now())
    transaction.on_commit(lambda: outbox_enqueue(email.pk))


def _mark_failed(email: OutboundEmail, exc: Exception) -> Delivery:
    _mark(email, status=OutboundEmail.Status.FAILED, last_error=_describe(exc))
    logger.error("Email %s failed permanently after %s attempt(s): %s", email.pk, email.attempts, _describe(exc))
    return Delivery("failed")


def _mark(email: OutboundEmail, **fields) -> None:
    OutboundEmail.objects.filter(pk=email.pk).update(claimed_until=None, **fields)
    for name, value in fields.items():
        setattr(email, name, value)


def _describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:1000]
