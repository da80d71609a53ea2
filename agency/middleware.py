from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.shortcuts import redirect

ENROLMENT_URL_NAME = "mfa_activate_totp"
EXEMPT_URL_NAMES = {"account_reauthenticate", "mfa_reauthenticate", "account_logout", "healthz"}


class RequireTwoFactorMiddleware:
    """When the agency requires 2FA, a user without an authenticator app is taken to enrolment
    before any other page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        agency = getattr(request, "agency", None)
        if agency is None or not agency.require_2fa:
            return None
        url_name = request.resolver_match.url_name
        if url_name in EXEMPT_URL_NAMES:
            return None
        if Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists():
            return None
        if url_name != ENROLMENT_URL_NAME:
            return redirect(ENROLMENT_URL_NAME)
        if request.method == "GET":
            messages.warning(
                request, "Your agency requires two-factor authentication. Set up an authenticator app to continue."
            )
        return None
