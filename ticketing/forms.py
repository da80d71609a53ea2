import functools

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html

from agency.forms import UserChoiceField
from crm.models import Company, Contact
from travault.forms import ModelChoiceField

from . import selectors
from .models import CATEGORIES_BY_TYPE, CategoryType, Priority, Status, Ticket, TicketAction, TicketSubject
from .services import USER_ACTION_KINDS, category_type_for

CATEGORY_CHOICES = [
    ("", "Choose a category"),
    *[(kind.label, [(c.value, c.label) for c in categories]) for kind, categories in CATEGORIES_BY_TYPE.items()],
]
User = get_user_model()
OPEN_STATUSES = [(value, label) for value, label in Status.choices if value != Status.CLOSED]


def _blank(choices, label):
    return [("", label), *choices]


class SubjectField(forms.CharField):
    """A subject typed or picked from the agency's list (an HTML datalist)."""

    def __init__(self, **kwargs):
        super().__init__(max_length=100, **kwargs)
        self.widget.attrs.update({"list": "subject-options", "autocomplete": "off"})


class CompanyPicker(forms.Select):
    """A select offering only the chosen company, under a search box that fills it with the
    agency's companies whose name matches what is typed: an agency has too many to list them all."""

    def render(self, name, value, attrs=None, renderer=None):
        select = super().render(name, value, attrs, renderer)
        return format_html(
            '<input type="search" class="form-control mb-2" name="{}_search" aria-label="Search your companies"'
            ' placeholder="Type a company name to search…" autocomplete="off" maxlength="100" hx-get="{}"'
            ' hx-trigger="input changed delay:250ms, search" hx-target="#{}" hx-sync="this:replace">{}',
            name,
            reverse("ticketing:company-options"),
            (attrs or {}).get("id", f"id_{name}"),
            select,
        )


class TicketForm(forms.Form):
    category = forms.ChoiceField(choices=CATEGORY_CHOICES)
    company = ModelChoiceField(
        queryset=Company.objects.none(),
        required=False,
        to_field_name="uuid",
        widget=CompanyPicker,
        help_text="The client or supplier the ticket is about (optional for internal tickets).",
    )
    contact = ModelChoiceField(
        queryset=Contact.objects.none(), required=False, to_field_name="uuid", empty_label="No contact"
    )
    subject = SubjectField(help_text="Start typing to pick one of your subjects.")
    new_subject = forms.BooleanField(required=False, label="This is a new subject: add it to the list")
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), max_length=10000)
    priority = forms.ChoiceField(choices=Priority.choices, initial=Priority.MEDIUM)
    assignee = UserChoiceField(
        queryset=User.objects.none(), required=False, to_field_name="uuid", empty_label="Unassigned"
    )

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency
        # Any company of the agency is valid, but only the chosen one is offered; the search box
        # above the select offers the others.
        self.fields["company"].queryset = Company.objects.for_agency(agency)
        self.fields["company"].widget.attrs.update(
            {"hx-get": reverse("ticketing:contact-options"), "hx-target": "#id_contact", "hx-trigger": "change"}
        )
        self.fields["assignee"].queryset = selectors.assignee_choices(agency=agency)
        company = self._chosen_company()
        self.fields["company"].widget.choices = [("", "No company")] + (
            [(company.uuid, company.name)] if company else []
        )
        self.fields["contact"].queryset = (
            Contact.objects.for_agency(agency).filter(company=company).order_by("last_name", "first_name")
            if company is not None
            else Contact.objects.none()
        )

    def _chosen_company(self):
        value = self.data.get(self.add_prefix("company")) if self.is_bound else self.initial.get("company")
        if not value:
            return None
        try:
            return Company.objects.for_agency(self.agency).filter(uuid=value).first()
        except ValidationError:
            return None

    def clean(self):
        data = super().clean()
        data["category_type"] = category_type_for(data.get("category", ""))
        name = data.get("subject")
        if name:
            subject = selectors.subject_find(agency=self.agency, name=name)
            if subject is None and not data.get("new_subject"):
                self.add_error(
                    "subject",
                    f"“{name}” is not one of your subjects: pick one from the list, or tick the box to add it.",
                )
            data["subject"] = subject
            data["subject_name"] = name
        company = data.get("company")
        if data["category_type"] == CategoryType.SUPPLIER and company is not None and not company.is_supplier:
            self.add_error("company", "A supplier ticket is about a supplier company.")
        if data["category_type"] == CategoryType.CLIENT and company is not None and company.is_supplier:
            self.add_error("company", "A client ticket is about a client company, not a supplier.")
        if data["category_type"] in (CategoryType.CLIENT, CategoryType.SUPPLIER) and company is None:
            self.add_error("company", "Choose the client or supplier this ticket is about.")
        return data


class TicketEditForm(TicketForm):
    """The full edit of an open ticket: its classification, company, subject and description."""

    def __init__(self, *args, ticket: Ticket, **kwargs):
        initial = {
            "category": ticket.category,
            "company": ticket.company.uuid if ticket.company else None,
            "contact": ticket.contact.uuid if ticket.contact else None,
            "subject": ticket.subject.name,
            "description": ticket.description,
            "priority": ticket.priority,
            "assignee": ticket.assignee.uuid if ticket.assignee else None,
        }
        super().__init__(*args, agency=ticket.agency, initial=initial, **kwargs)


class QuickChangeForm(forms.Form):
    """One of status, priority or assignee, changed from the ticket's header."""

    status = forms.ChoiceField(choices=OPEN_STATUSES, required=False)
    priority = forms.ChoiceField(choices=Priority.choices, required=False)
    assignee = UserChoiceField(queryset=User.objects.none(), required=False, to_field_name="uuid")

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = selectors.assignee_choices(agency=agency)

    def changes(self) -> dict:
        """The fields present in the request (an empty assignee means unassign)."""
        return {name: self.cleaned_data[name] for name in self.fields if name in self.data}

    def clean(self):
        data = super().clean()
        if not any(name in self.data for name in self.fields):
            raise ValidationError("Nothing to change.")
        for name in ("status", "priority"):
            if name in self.data and not data.get(name):
                self.add_error(name, "Choose a value from the list.")
        return data


class CloseForm(forms.Form):
    outcome = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=10000)


class ActionForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[(kind.value, kind.label) for kind in USER_ACTION_KINDS], initial=TicketAction.Kind.ACTION_TAKEN
    )
    details = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=10000)


class SubjectForm(forms.Form):
    name = forms.CharField(max_length=100, label="Subject")


class SubjectDeleteForm(forms.Form):
    merge_into = ModelChoiceField(
        queryset=TicketSubject.objects.none(),
        required=False,
        to_field_name="uuid",
        empty_label="Choose a subject",
        label="Move its tickets to",
    )

    def __init__(self, *args, subject, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["merge_into"].queryset = selectors.subject_choices(agency=subject.agency).exclude(pk=subject.pk)


class BoardFilterForm(forms.Form):
    state = forms.ChoiceField(
        required=False, choices=[("open", "Open"), ("closed", "Closed"), ("all", "All")], widget=forms.HiddenInput
    )
    q = forms.CharField(required=False, max_length=100, label="Search")
    category_type = forms.ChoiceField(required=False, choices=_blank(CategoryType.choices, "Any type"), label="Type")
    priority = forms.ChoiceField(required=False, choices=_blank(Priority.choices, "Any priority"))
    assignee = UserChoiceField(required=False, queryset=User.objects.none(), to_field_name="uuid", empty_label="Anyone")
    company = ModelChoiceField(
        required=False, queryset=Company.objects.none(), to_field_name="uuid", empty_label="Any company"
    )
    subject = ModelChoiceField(
        required=False,
        queryset=TicketSubject.objects.none(),
        to_field_name="uuid",
        label_field="name",
        empty_label="Any subject",
    )
    sort = forms.ChoiceField(
        required=False, choices=[(key, key) for key in selectors.TICKET_SORTS], widget=forms.HiddenInput
    )

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = selectors.assignee_choices(agency=agency)
        self.fields["assignee"].choice_rows = functools.partial(selectors.assignee_choice_rows, agency=agency)
        # Any company of the agency is a valid filter, but only the chosen one is offered: an agency
        # has thousands of companies, and the search box finds tickets by company name.
        self.fields["company"].queryset = Company.objects.for_agency(agency).only("uuid", "name").order_by("name")
        self.fields["company"].widget.choices = [("", "Any company")]
        self.fields["subject"].queryset = selectors.subject_choices(agency=agency)
        self.fields["subject"].choice_rows = functools.partial(selectors.subject_choice_rows, agency=agency)

    def filters(self) -> dict:
        """The valid filters; a value outside the choices is dropped (and shown as an error)."""
        if not self.is_bound:
            return {"state": "open", "sort": "-number"}
        self.is_valid()
        data = self.cleaned_data
        if data.get("company") is not None:
            self.fields["company"].widget.choices = [("", "Any company"), (data["company"].uuid, data["company"].name)]
        return {
            "state": data.get("state") or "open",
            "search": data.get("q", ""),
            "category_type": data.get("category_type", ""),
            "priority": data.get("priority", ""),
            "assignee": data.get("assignee"),
            "company": data.get("company"),
            "subject": data.get("subject"),
            "sort": data.get("sort") or "-number",
        }
