from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from agency.forms import UserChoiceField
from crm.selectors import contact_list_for_company

from .models import KIND_OF_OUTCOME, MAX_DURATION_MINUTES, OUTCOMES_BY_KIND, Activity, Kind, Reminder
from .services import Snooze

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=DATETIME_FORMAT)


class OutcomeSelect(forms.Select):
    """Each option names its kind (``data-kind``) so the page script can offer only the outcomes of the chosen kind."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value in KIND_OF_OUTCOME:
            option["attrs"]["data-kind"] = KIND_OF_OUTCOME[value]
        return option


def colleague_choices(agency, *, keep=()):
    """Active users of ``agency``, plus the users in ``keep`` (attendees who have since left)."""
    users = get_user_model().objects.for_agency(agency)
    return users.filter(Q(is_active=True) | Q(pk__in=[user.pk for user in keep])).order_by("first_name", "last_name")


def _clean_future(value):
    if value is not None and value <= timezone.now():
        raise forms.ValidationError("Choose a time in the future.")
    return value


class ActivityForm(forms.ModelForm):
    """Log or edit an activity; when logging, an optional follow-up reminder can be added."""

    remind_at = forms.DateTimeField(
        label="Follow-up reminder", required=False, widget=DateTimeInput(), help_text="Leave empty for no reminder."
    )
    reminder_message = forms.CharField(label="Reminder message", required=False, max_length=500)
    reminder_assignee = UserChoiceField(
        label="Remind", queryset=get_user_model().objects.none(), required=False, empty_label="Me"
    )

    class Meta:
        model = Activity
        fields = [
            "kind",
            "subject",
            "occurred_at",
            "outcome",
            "duration_minutes",
            "location_type",
            "place",
            "contacts",
            "colleagues",
            "details",
        ]
        widgets = {
            "occurred_at": DateTimeInput(),
            "outcome": OutcomeSelect(),
            "contacts": forms.CheckboxSelectMultiple(),
            "colleagues": forms.SelectMultiple(attrs={"size": 5}),
            "details": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {"colleagues": "Hold Ctrl or Cmd to pick several."}

    def __init__(self, *args, company, with_reminder=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.company = company
        self.instance.agency_id = company.agency_id
        self.instance.company = company
        self.fields["kind"].choices = Kind.choices
        self.fields["kind"].widget.attrs["data-activity-kind"] = ""
        self.fields["outcome"].choices = [("", "---------")] + [
            (kind.label, [(outcome.value, outcome.label) for outcome in outcomes])
            for kind, outcomes in OUTCOMES_BY_KIND.items()
        ]
        self.fields["duration_minutes"].widget.attrs.update({"min": 1, "max": MAX_DURATION_MINUTES})
        self.fields["contacts"].queryset = contact_list_for_company(company=company)
        attending = list(self.instance.colleagues.all()) if self.instance.pk else []
        self.fields["colleagues"].queryset = colleague_choices(company.agency_id, keep=attending)
        if not self.instance.pk:
            self.initial.setdefault("occurred_at", timezone.localtime().replace(second=0, microsecond=0))
        if with_reminder:
            self.fields["reminder_assignee"].queryset = colleague_choices(company.agency_id)
        else:
            for name in ("remind_at", "reminder_message", "reminder_assignee"):
                del self.fields[name]

    def clean_remind_at(self):
        return _clean_future(self.cleaned_data["remind_at"])

    def clean(self):
        data = super().clean()
        kind, outcome = data.get("kind"), data.get("outcome")
        if kind and outcome and KIND_OF_OUTCOME.get(outcome) != kind:
            self.add_error("outcome", f"Choose an outcome of a {Kind(kind).label.lower()}.")
        if kind == Kind.EMAIL and data.get("duration_minutes") is not None:
            self.add_error("duration_minutes", "An email has no duration.")
        if kind and kind != Kind.MEETING:
            if data.get("location_type"):
                self.add_error("location_type", "Only meetings have a location.")
            if data.get("place"):
                self.add_error("place", "Only meetings have a location.")
        if data.get("remind_at") and not data.get("reminder_message"):
            self.add_error("reminder_message", "Say what to follow up.")
        if data.get("reminder_message") and not data.get("remind_at") and "remind_at" not in self.errors:
            self.add_error("remind_at", "Choose when to be reminded.")
        return data

    def reminder(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("remind_at"):
            return None
        return {
            "due_at": data["remind_at"],
            "message": data["reminder_message"],
            "assignee": data.get("reminder_assignee"),
        }

    def activity_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name not in ("contacts", "colleagues")}


class ReminderForm(forms.ModelForm):
    class Meta:
        model = Reminder
        fields = ["due_at", "message", "assignee"]
        widgets = {"due_at": DateTimeInput(), "message": forms.Textarea(attrs={"rows": 3})}
        labels = {"assignee": "Remind"}

    def __init__(self, *args, company, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.agency_id = company.agency_id
        self.instance.company = company
        self.fields["assignee"].queryset = colleague_choices(company.agency_id)
        self.fields["assignee"].empty_label = None
        self.initial.setdefault("assignee", user.pk)
        self.instance.created_by = user

    def clean_due_at(self):
        return _clean_future(self.cleaned_data["due_at"])


class SnoozeForm(forms.Form):
    until = forms.ChoiceField(choices=Snooze.CHOICES)
