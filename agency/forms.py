from allauth.account.forms import SignupForm
from django import forms
from django.contrib.auth import password_validation
from django.db import transaction
from django.forms.models import ModelChoiceIterator

from travault.forms import ModelChoiceField
from travault.permissions import Role

from .models import Agency, User, user_display_name
from .services import AGENCY_PROFILE_FIELDS
from .validators import company_reg_number_validator, phone_validator, vat_number_validator

ADDRESS_MAX_LINES = 6


def clean_address_text(value):
    lines = [line.strip() for line in value.strip().splitlines() if line.strip()]
    if len(lines) > ADDRESS_MAX_LINES:
        raise forms.ValidationError(f"Use at most {ADDRESS_MAX_LINES} lines for the address.")
    return "\n".join(lines)


class AgencyFieldsMixin:
    """Validation shared by sign-up and the agency profile: formats and uniqueness."""

    agency_instance = None

    def _unique(self, field, value, label):
        others = Agency.objects.filter(**{field: value})
        if self.agency_instance is not None:
            others = others.exclude(pk=self.agency_instance.pk)
        if others.exists():
            raise forms.ValidationError(f"An agency with this {label} is already registered.")
        return value

    def clean_vat_number(self):
        value = self.cleaned_data["vat_number"].replace(" ", "")
        vat_number_validator(value)
        return self._unique("vat_number", value, "VAT number")

    def clean_company_reg_number(self):
        value = self.cleaned_data["company_reg_number"].replace(" ", "").upper()
        company_reg_number_validator(value)
        return self._unique("company_reg_number", value, "company registration number")

    def clean_address(self):
        return clean_address_text(self.cleaned_data["address"])


class AgencySignupForm(AgencyFieldsMixin, SignupForm):
    """Registers an agency and its first admin in one transaction."""

    first_name = forms.CharField(max_length=150, label="Your first name")
    last_name = forms.CharField(max_length=150, label="Your last name")
    agency_name = forms.CharField(max_length=255, label="Agency name")
    address = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=500)
    phone = forms.CharField(max_length=20, validators=[phone_validator], label="Agency phone")
    agency_email = forms.EmailField(
        required=False, label="Agency email", help_text="Leave blank to use your own email address."
    )
    website = forms.URLField(required=False, assume_scheme="https")
    vat_number = forms.CharField(max_length=11, label="VAT number", help_text="9 digits.")
    company_reg_number = forms.CharField(
        max_length=10,
        label="Company registration number",
        help_text="8 digits, or 2 letters and 6 digits (e.g. SC123456).",
    )
    employees = forms.ChoiceField(choices=Agency.Employees.choices)
    business_focus = forms.ChoiceField(choices=Agency.BusinessFocus.choices)

    field_order = [
        "agency_name",
        "address",
        "phone",
        "agency_email",
        "website",
        "vat_number",
        "company_reg_number",
        "employees",
        "business_focus",
        "first_name",
        "last_name",
        "email",
        "password1",
        "password2",
    ]

    def agency_fields(self):
        data = self.cleaned_data
        return {
            "name": data["agency_name"],
            "address": data["address"],
            "phone": data["phone"],
            "email": data["agency_email"] or data["email"],
            "website": data["website"],
            "vat_number": data["vat_number"],
            "company_reg_number": data["company_reg_number"],
            "employees": data["employees"],
            "business_focus": data["business_focus"],
            "contact_name": f"{data['first_name']} {data['last_name']}",
        }

    def save(self, request):
        with transaction.atomic():
            return super().save(request)


class AgencyProfileForm(AgencyFieldsMixin, forms.ModelForm):
    """The agency's own fields, validated as at sign-up."""

    vat_number = forms.CharField(max_length=11, label="VAT number", help_text="9 digits.")
    company_reg_number = forms.CharField(
        max_length=10,
        label="Company registration number",
        help_text="8 digits, or 2 letters and 6 digits (e.g. SC123456).",
    )

    class Meta:
        model = Agency
        fields = AGENCY_PROFILE_FIELDS
        widgets = {"address": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency_instance = self.instance


class InvitationForm(forms.Form):
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    email = forms.EmailField()
    role = forms.ChoiceField(choices=Role.choices, initial=Role.CONSULTANT)


class UserEditForm(forms.Form):
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    role = forms.ChoiceField(choices=Role.choices)


class ProfileForm(forms.Form):
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)


class AcceptInvitationForm(forms.Form):
    password1 = forms.CharField(
        label="Password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label="Password (again)", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "The two passwords do not match.")
        elif password1:
            invitee = User(
                email=self.invitation.email, first_name=self.invitation.first_name, last_name=self.invitation.last_name
            )
            try:
                password_validation.validate_password(password1, invitee)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


def user_choice_labels(rows):
    """``(value, name)`` for rows of a user's value, first and last names and email, as a select
    offers users."""
    for value, first_name, last_name, email in rows:
        yield (value, user_display_name(first_name, last_name, email))


class UserChoices(ModelChoiceIterator):
    """Users listed by name from the four columns the label needs (the value, the first and last
    names, the email), read from the field's queryset or its ``choice_rows``: a select of a hundred
    users would otherwise build a hundred model instances."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        columns = (self.field.to_field_name or "pk", "first_name", "last_name", "email")
        rows = self.field.choice_rows() if self.field.choice_rows is not None else self.queryset.values_list(*columns)
        yield from user_choice_labels(rows)


class UserChoiceField(ModelChoiceField):
    """A choice of one user of the agency, labelled with their name."""

    iterator = UserChoices
