from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site

from travault.mail import outbox_add

from .forms import AgencySignupForm
from .services import agency_register_admin


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        if isinstance(form, AgencySignupForm):
            agency_register_admin(user=user, agency_fields=form.agency_fields())
        return super().save_user(request, user, form, commit=commit)

    def send_mail(self, template_prefix, email, context):
        """allauth's emails (verification, password reset, ...) go through the outbox too."""
        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {"request": request, "email": email, "current_site": get_current_site(request)} | context,
        )
        if message.content_subtype == "html":
            text, html = "", message.body
        else:
            alternatives = getattr(message, "alternatives", [])
            text, html = message.body, next((body for body, kind in alternatives if kind == "text/html"), "")
        outbox_add(
            to=message.to,
            subject=message.subject,
            body_text=text,
            body_html=html,
            agency_id=_agency_id(request, context),
        )


def _agency_id(request, context):
    for user in (context.get("user"), getattr(request, "user", None)):
        if user is not None and getattr(user, "agency_id", None):
            return user.agency_id
    return None
