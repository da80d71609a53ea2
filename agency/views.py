import copy

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from travault.permissions import permission_required
from travault.tenancy import get_for_agency_or_404

from . import selectors, services
from .forms import AcceptInvitationForm, AgencyProfileForm, InvitationForm, ProfileForm, UserEditForm
from .models import Invitation, User

LOGIN_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def _act_and_return_to_users(request, service, success, **kwargs):
    """Run a user-management service for the signed-in admin, report the outcome, back to the users page."""
    try:
        service(actor=request.user, **kwargs)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect("agency:user-list")


@permission_required("manage_users")
def user_list(request):
    users = Paginator(selectors.user_list(agency=request.agency), 50).get_page(request.GET.get("page"))
    audit = Paginator(selectors.audit_list(agency=request.agency), 25).get_page(request.GET.get("audit_page"))
    return render(
        request,
        "agency/user_list.html",
        {
            "users": users,
            "invitations": list(selectors.invitation_pending_list(agency=request.agency)),
            "audit": audit,
        },
    )


@permission_required("manage_users")
def invitation_create(request):
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(agency=request.agency, invited_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Invitation sent to {invitation.email}.")
            return redirect("agency:user-list")
    return render(request, "agency/invitation_form.html", {"form": form})


@permission_required("manage_users")
@require_POST
def invitation_resend(request, invitation):
    invitation = get_for_agency_or_404(Invitation, request, uuid=invitation)
    success = f"A new invitation link was sent to {invitation.email}."
    return _act_and_return_to_users(request, services.invitation_resend, success, invitation=invitation)


@permission_required("manage_users")
@require_POST
def invitation_revoke(request, invitation):
    invitation = get_for_agency_or_404(Invitation, request, uuid=invitation)
    success = f"The invitation to {invitation.email} was revoked."
    return _act_and_return_to_users(request, services.invitation_revoke, success, invitation=invitation)


INVALID_INVITATION_REASONS = {
    "unknown": "This invitation link is not valid. Check that you opened the whole link from the email.",
    "accepted": "This invitation has already been used. Log in with your email address and password.",
    "revoked": "This invitation was withdrawn. Ask your agency's admin to invite you again.",
    "expired": "This invitation has expired. Ask your agency's admin to send you a new one.",
    "email_taken": "An account already uses this email address. Log in, or ask your agency's admin for help.",
    "signed_in": "You are already signed in. Log out, then open the invitation link again.",
}


def _invitation_invalid(request, reason):
    status = 404 if reason in {"unknown", "signed_in"} else 410
    return render(
        request, "agency/invitation_invalid.html", {"message": INVALID_INVITATION_REASONS[reason]}, status=status
    )


def invitation_accept(request, token):
    if request.user.is_authenticated:
        return _invitation_invalid(request, "signed_in")
    try:
        invitation = services.invitation_get_by_token(token=token)
    except services.InvitationInvalid as exc:
        return _invitation_invalid(request, exc.reason)
    form = AcceptInvitationForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(token=token, password=form.cleaned_data["password1"])
        except services.InvitationInvalid as exc:
            return _invitation_invalid(request, exc.reason)
        login(request, user, backend=LOGIN_BACKEND)
        messages.success(request, f"Welcome to {invitation.agency.name} on Travault.")
        return redirect("dashboard:home")
    return render(request, "agency/invitation_accept.html", {"form": form, "invitation": invitation})


@permission_required("manage_users")
def user_edit(request, user):
    member = get_for_agency_or_404(User, request, uuid=user)
    initial = {"first_name": member.first_name, "last_name": member.last_name, "role": member.role}
    form = UserEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(user=member, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{member.email} was updated.")
            return redirect("agency:user-list")
    return render(request, "agency/user_edit.html", {"form": form, "member": member})


@permission_required("manage_users")
@require_POST
def user_deactivate(request, user):
    member = get_for_agency_or_404(User, request, uuid=user)
    success = f"{member.email} was deactivated and can no longer log in."
    return _act_and_return_to_users(request, services.user_deactivate, success, user=member)


@permission_required("manage_users")
@require_POST
def user_reactivate(request, user):
    member = get_for_agency_or_404(User, request, uuid=user)
    return _act_and_return_to_users(request, services.user_reactivate, f"{member.email} was reactivated.", user=member)


@login_required
def profile(request):
    form = ProfileForm(
        request.POST or None, initial={"first_name": request.user.first_name, "last_name": request.user.last_name}
    )
    if request.method == "POST" and form.is_valid():
        services.profile_update(user=request.user, **form.cleaned_data)
        messages.success(request, "Your profile was saved.")
        return redirect("agency:profile")
    return render(
        request,
        "agency/profile.html",
        {"form": form, "pending_email": selectors.email_pending_change(user=request.user)},
    )


@permission_required("edit_agency")
def agency_profile(request):
    form = AgencyProfileForm(request.POST or None, instance=copy.copy(request.agency))
    if request.method == "POST" and form.is_valid():
        services.agency_update(agency=request.agency, actor=request.user, **form.cleaned_data)
        messages.success(request, "The agency profile was saved.")
        return redirect("agency:agency-profile")
    return render(request, "agency/agency_profile.html", {"form": form})
