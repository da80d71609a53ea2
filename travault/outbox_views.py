"""The agency admin's view of its outgoing email: what is waiting, what failed and why, and a retry."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import mail
from .models import OutboundEmail
from .permissions import permission_required
from .tenancy import get_for_agency_or_404, scoped

STATUS_FILTERS = {
    "attention": [OutboundEmail.Status.FAILED, OutboundEmail.Status.PENDING, OutboundEmail.Status.SENDING],
    "failed": [OutboundEmail.Status.FAILED],
    "sent": [OutboundEmail.Status.SENT],
}


@permission_required("manage_users")
def outbox_list(request):
    status = request.GET.get("status", "attention")
    emails = scoped(OutboundEmail, request).filter(status__in=STATUS_FILTERS.get(status, STATUS_FILTERS["attention"]))
    page = Paginator(emails.only("uuid", "to", "subject", "status", "attempts", "last_error", "created_at"), 50)
    return render(
        request,
        "outbox/list.html",
        {"page": page.get_page(request.GET.get("page")), "status": status if status in STATUS_FILTERS else "attention"},
    )


@require_POST
@permission_required("manage_users")
def outbox_retry(request, uuid):
    email = get_for_agency_or_404(OutboundEmail, request, uuid=uuid)
    if email.status == OutboundEmail.Status.FAILED:
        mail.outbox_retry(email=email)
        messages.success(request, f"“{email.subject}” will be sent again.")
    else:
        messages.info(request, "That email has not failed; nothing to retry.")
    return redirect("outbox-list")
