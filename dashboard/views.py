from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from activity_log.forms import SnoozeForm
from travault.permissions import permission_required

from . import selectors


def landing(request):
    if request.user.is_authenticated:
        return redirect("dashboard:home")
    return render(request, "dashboard/landing.html")


@permission_required("view_crm")
@require_GET
def home(request):
    context = {"dashboard": selectors.dashboard_for(request.user), "snooze_form": SnoozeForm()}
    return render(request, "dashboard/home.html", context)


@permission_required("view_crm")
@require_GET
def search(request):
    query = selectors.search_query_clean(request.GET.get("q", ""))
    groups = selectors.global_search(agency=request.agency, query=query) if query else []
    return render(request, "dashboard/search.html", {"query": query, "groups": groups})
