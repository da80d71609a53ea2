"""Payment enforcement: reads only our subscription mirror, never Stripe.

Unpaid agencies: admins are sent to the billing page, everyone else to the "subscription inactive"
page. Sign-in and account pages, billing itself (with the webhook), static files and the health
check are exempt, so no role can loop.
"""

from django.conf import settings
from django.shortcuts import redirect

from travault.permissions import has_permission

from .selectors import PaymentState, payment_state
from .stripe_api import billing_enabled

EXEMPT_PREFIXES = ("/accounts/", "/billing/", "/healthz")


def is_exempt(path: str) -> bool:
    return path.startswith((*EXEMPT_PREFIXES, settings.STATIC_URL))


class PaymentEnforcementMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        agency = getattr(request, "agency", None)
        if not billing_enabled() or agency is None:
            request.payment_state = PaymentState(billing_on=billing_enabled(), allowed=True)
            return self.get_response(request)
        request.payment_state = payment_state(agency)
        if request.payment_state.allowed or is_exempt(request.path_info):
            return self.get_response(request)
        if has_permission(request.user, "manage_billing"):
            return redirect("billing:home")
        return redirect("billing:inactive")
