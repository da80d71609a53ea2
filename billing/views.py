import json
import logging

import stripe
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from travault.permissions import permission_required

from . import selectors, services
from .stripe_api import billing_enabled
from .webhooks import BadEvent, event_apply

logger = logging.getLogger(__name__)

STRIPE_UNAVAILABLE = "Stripe could not be reached just now. Nothing was charged; please try again in a minute."


def _see_other(url: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


@require_GET
@permission_required("manage_billing")
def home(request):
    overview = selectors.billing_overview(request.agency) if billing_enabled() else None
    return render(request, "billing/home.html", {"overview": overview})


@require_POST
@permission_required("manage_billing")
def checkout(request):
    if not billing_enabled():
        raise Http404("Billing is off.")
    try:
        url = services.checkout_session_create(
            agency=request.agency,
            email=request.user.email,
            success_url=request.build_absolute_uri(reverse("billing:activating")),
            cancel_url=request.build_absolute_uri(reverse("billing:home")),
        )
    except services.AlreadySubscribed:
        messages.info(request, "Your agency already has a subscription.")
        return redirect("billing:home")
    except stripe.StripeError:
        logger.exception("Checkout session for agency %s failed", request.agency.pk)
        messages.error(request, STRIPE_UNAVAILABLE)
        return redirect("billing:home")
    return _see_other(url)


@require_POST
@permission_required("manage_billing")
def portal(request):
    if not billing_enabled():
        raise Http404("Billing is off.")
    try:
        url = services.portal_session_create(
            agency=request.agency, return_url=request.build_absolute_uri(reverse("billing:home"))
        )
    except services.NoCustomer:
        messages.info(request, "Subscribe first: there is no payment method to manage yet.")
        return redirect("billing:home")
    except stripe.StripeError:
        logger.exception("Portal session for agency %s failed", request.agency.pk)
        messages.error(request, STRIPE_UNAVAILABLE)
        return redirect("billing:home")
    return _see_other(url)


@require_GET
@permission_required("manage_billing")
def activating(request):
    if request.payment_state.allowed:
        return redirect("dashboard:home")
    return render(request, "billing/activating.html")


@require_GET
@permission_required("manage_billing")
def activation_status(request):
    if request.payment_state.allowed:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("dashboard:home")
        return response
    return render(request, "billing/_activating_status.html")


@require_GET
@login_required
def inactive(request):
    if request.payment_state.allowed:
        return redirect("dashboard:home")
    return render(request, "billing/inactive.html", {"admins": selectors.agency_admins(request.agency)})


@csrf_exempt
@require_POST
def webhook(request):
    if not billing_enabled():
        raise Http404("Billing is off.")
    if not settings.STRIPE_WEBHOOK_SECRET:
        logger.error("Stripe webhook refused: STRIPE_WEBHOOK_SECRET is not set")
        return HttpResponseBadRequest("Webhook not configured.")
    try:
        payload = request.body.decode("utf-8")
        stripe.WebhookSignature.verify_header(
            payload,
            request.headers.get("Stripe-Signature", ""),
            settings.STRIPE_WEBHOOK_SECRET,
            stripe.Webhook.DEFAULT_TOLERANCE,
        )
        outcome = event_apply(event=json.loads(payload))
    except stripe.SignatureVerificationError:
        logger.warning("Stripe webhook with a bad or missing signature refused")
        return HttpResponseBadRequest("Bad signature.")
    except (ValueError, BadEvent):
        logger.warning("Stripe webhook with an unreadable payload refused", exc_info=True)
        return HttpResponseBadRequest("Unreadable event.")
    return HttpResponse(outcome)
