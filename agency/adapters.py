from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django import forms

from .forms import AgencySignupForm
from .models import Invitation
from .services import agency_register_admin


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        if isinstance(form, AgencySignupForm):
            agency_register_admin(user=user, agency_fields=form.agency_fields())
        return super().save_user(request, user, form, commit=commit)

    def clean_email(self, email):
        """Sign-up and email change refuse an address that is waiting for an invitation to be accepted;
        allauth itself refuses one that an account already uses."""
        email = super().clean_email(email)
        if Invitation.objects.pending().filter(email__iexact=email).exists():
            raise forms.ValidationError("This email address has a pending invitation to Travault.")
        return email


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": "Your agency requires two-factor authentication, so it cannot be turned off.",
    }

    def can_delete_authenticator(self, authenticator):
        agency = authenticator.user.agency
        required = agency is not None and agency.require_2fa
        return not (required and authenticator.type == Authenticator.Type.TOTP)
