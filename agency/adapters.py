from allauth.account.adapter import DefaultAccountAdapter

from .forms import AgencySignupForm
from .services import agency_register_admin


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        if isinstance(form, AgencySignupForm):
            agency_register_admin(user=user, agency_fields=form.agency_fields())
        return super().save_user(request, user, form, commit=commit)
