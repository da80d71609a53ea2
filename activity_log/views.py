from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crm.selectors import company_detail_queryset
from travault.htmx import is_htmx
from travault.permissions import permission_required
from travault.redirects import next_url
from travault.tenancy import get_for_agency_or_404

from . import selectors, services
from .forms import ActivityForm, ReminderForm, SnoozeForm
from .models import Kind, Reminder
from .rules import can_complete, can_manage
from .timeline import Cursor, timeline_page
from .timeline_rows import entries_html, timeline_rows


def _company(request, uuid):
    return get_for_agency_or_404(company_detail_queryset(), request, uuid=uuid)


def _activity(request, uuid):
    return get_for_agency_or_404(selectors.activity_detail_queryset(), request, uuid=uuid)


def _reminder(request, uuid):
    reminder = get_for_agency_or_404(
        Reminder.objects.select_related("agency", "company", "activity"), request, uuid=uuid
    )
    if not can_complete(request.user, reminder):
        raise PermissionDenied
    return reminder


def _managed_activity(request, uuid):
    activity = _activity(request, uuid)
    if not can_manage(request.user, activity):
        raise PermissionDenied
    return activity


@permission_required("view_crm")
@require_GET
def company_timeline(request, company):
    company = _company(request, company)
    page = timeline_page(company=company, before=Cursor.decode(request.GET.get("before")))
    rows = timeline_rows(page.entries, company=company, user=request.user)
    context = {
        "company": company,
        "page": page,
        "entries": entries_html(rows.entries),
        "reminders": rows.reminders,
        "tab": "activity",
    }
    return render(request, "activity_log/company_timeline.html", context)


@permission_required("log_activity")
@require_http_methods(["GET", "POST"])
def activity_create(request, company):
    company = _company(request, company)
    initial = {"kind": request.GET.get("kind")} if request.GET.get("kind") in Kind.values else {}
    form = ActivityForm(request.POST or None, company=company, initial=initial)
    if request.method == "POST" and form.is_valid():
        activity = services.activity_create(
            company=company,
            author=request.user,
            data=form.activity_data(),
            contacts=form.cleaned_data["contacts"],
            colleagues=form.cleaned_data["colleagues"],
            reminder=form.reminder(),
        )
        messages.success(request, f"The {activity.get_kind_display().lower()} was logged on {company.name}.")
        return redirect("activity_log:company-timeline", company=company.uuid)
    return render(request, "activity_log/activity_form.html", {"form": form, "company": company})


@permission_required("view_crm")
@require_GET
def activity_detail(request, activity):
    activity = _activity(request, activity)
    context = {"activity": activity, "company": activity.company, "can_manage": can_manage(request.user, activity)}
    return render(request, "activity_log/activity_detail.html", context)


@permission_required("log_activity", object_rule="the author, or manage_any_activity")
@require_http_methods(["GET", "POST"])
def activity_edit(request, activity):
    activity = _managed_activity(request, activity)
    form = ActivityForm(request.POST or None, instance=activity, company=activity.company, with_reminder=False)
    if request.method == "POST" and form.is_valid():
        services.activity_update(
            activity=activity,
            data=form.activity_data(),
            contacts=form.cleaned_data["contacts"],
            colleagues=form.cleaned_data["colleagues"],
        )
        messages.success(request, f"The {activity.get_kind_display().lower()} was saved.")
        return redirect(activity)
    return render(
        request, "activity_log/activity_form.html", {"form": form, "company": activity.company, "activity": activity}
    )


@permission_required("log_activity", object_rule="the author, or manage_any_activity")
@require_http_methods(["GET", "POST"])
def activity_delete(request, activity):
    activity = _managed_activity(request, activity)
    if request.method == "POST":
        services.activity_delete(activity=activity)
        messages.success(request, f"The {activity.get_kind_display().lower()} “{activity.subject}” was deleted.")
        return redirect("activity_log:company-timeline", company=activity.company.uuid)
    return render(request, "activity_log/activity_confirm_delete.html", {"activity": activity})


@permission_required("log_activity")
@require_http_methods(["GET", "POST"])
def reminder_create(request, company):
    company = _company(request, company)
    form = ReminderForm(request.POST or None, company=company, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.reminder_create(company=company, created_by=request.user, **form.cleaned_data)
        messages.success(request, f"The reminder on {company.name} was set.")
        return redirect("activity_log:company-timeline", company=company.uuid)
    return render(request, "activity_log/reminder_form.html", {"form": form, "company": company})


@permission_required("log_activity")
@require_GET
def my_reminders(request):
    context = {"reminders": list(selectors.reminders_open_for(request.user)), "snooze_form": SnoozeForm()}
    return render(request, "activity_log/my_reminders.html", context)


@permission_required("log_activity", object_rule="the assignee or creator, or manage_any_activity")
@require_POST
def reminder_done(request, reminder):
    reminder = _reminder(request, reminder)
    services.reminder_complete(reminder=reminder)
    if is_htmx(request):
        return render(request, "activity_log/_reminder_done.html", {"reminder": reminder})
    messages.success(request, "The reminder was marked done.")
    return redirect(next_url(request) or "activity_log:my-reminders")


@permission_required("log_activity", object_rule="the assignee or creator, or manage_any_activity")
@require_POST
def reminder_snooze(request, reminder):
    reminder = _reminder(request, reminder)
    form = SnoozeForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("Choose when to be reminded again.")
    services.reminder_snooze(reminder=reminder, choice=form.cleaned_data["until"])
    if is_htmx(request):
        context = {"reminder": reminder, "snooze_form": SnoozeForm(), "next": next_url(request)}
        return render(request, "activity_log/_reminder_row.html", context)
    messages.success(request, "The reminder was snoozed.")
    return redirect(next_url(request) or "activity_log:my-reminders")
