"""Every email the project sends goes through ``email_send``: it renders
``templates/emails/<template>_subject.txt``, ``_body.txt`` and ``_body.html`` and hands the message
over for delivery once the current transaction commits."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string


def email_render(*, template: str, context: dict) -> tuple[str, str, str]:
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    body = render_to_string(f"emails/{template}_body.txt", context)
    html = render_to_string(f"emails/{template}_body.html", context)
    return subject, body, html


def email_send(*, to: list[str], template: str, context: dict, agency_id: int | None = None) -> None:
    subject, body, html = email_render(template=template, context=context)
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    message.attach_alternative(html, "text/html")
    transaction.on_commit(message.send)
