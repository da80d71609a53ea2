import functools

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from agency.forms import UserChoiceField
from travault.forms import ModelMultipleChoiceField

from . import csv_import as csv_rules
from .models import Company, CompanyNotes, Contact, CsvImport, Industry, Stage, SupplierTerms, TransactionFee
from .selectors import COMPANY_SORTS, CONTACT_SORTS, company_choices, owner_choice_rows, owner_choices


def _blank(choices, label):
    return [("", label), *choices]


class DateInput(forms.DateInput):
    input_type = "date"


class CompanyForm(forms.ModelForm):
    linked_companies = ModelMultipleChoiceField(
        queryset=Company.objects.none(),
        required=False,
        help_text="Group companies, parents or subsidiaries. Hold Ctrl or Cmd to pick several.",
    )

    class Meta:
        model = Company
        fields = [
            "name",
            "website",
            "company_type",
            "client_type",
            "stage",
            "owner",
            "industry",
            "ops_team",
            "expected_annual_spend",
            "expected_close_date",
            "phone",
            "email",
            "linkedin",
            "street",
            "city",
            "region",
            "postcode",
            "country",
            "description",
        ]
        widgets = {
            "expected_close_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "website": forms.URLInput(attrs={"placeholder": "https://www.example.com"}),
        }

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.agency = agency
        self.fields["owner"].queryset = owner_choices(agency=agency, keep=self.instance.owner_id)
        self.fields["expected_annual_spend"].label = f"Expected annual travel spend ({agency.currency})"
        linked = company_choices(agency=agency)
        if self.instance.pk:
            linked = linked.exclude(pk=self.instance.pk)
            self.initial.setdefault("linked_companies", list(self.instance.linked_companies.all()))
        self.fields["linked_companies"].queryset = linked
        self.fields["linked_companies"].widget.attrs["size"] = 6


class ListFilterForm(forms.Form):
    """A list's search box ``q``, its filters and its hidden ``sort``. ``filters()`` gives the valid
    ones as the list selector's arguments; a value outside the choices is dropped (and shown as an
    error)."""

    def filters(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        values = {
            name: self.cleaned_data.get(name) or (None if isinstance(field, forms.ModelChoiceField) else "")
            for name, field in self.fields.items()
        }
        values["search"] = values.pop("q")
        values["sort"] = values.pop("sort") or "name"
        return values


class CompanyFilterForm(ListFilterForm):
    q = forms.CharField(required=False, max_length=100, label="Search")
    company_type = forms.ChoiceField(required=False, choices=_blank(Company.Type.choices, "Any type"), label="Type")
    stage = forms.ChoiceField(required=False, choices=_blank(Stage.choices, "Any stage"))
    owner = UserChoiceField(required=False, queryset=Company.objects.none(), empty_label="Any owner")
    industry = forms.ChoiceField(required=False, choices=_blank(Industry.choices, "Any industry"))
    sort = forms.ChoiceField(required=False, choices=[(key, key) for key in COMPANY_SORTS], widget=forms.HiddenInput)

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owner_choices(agency=agency)
        self.fields["owner"].to_field_name = "uuid"
        self.fields["owner"].choice_rows = functools.partial(owner_choice_rows, agency=agency)


class ContactFilterForm(ListFilterForm):
    FLAGS = [
        ("", "Anyone"),
        ("primary", "Primary contacts"),
        ("booker", "Travel bookers"),
        ("traveller", "Travellers"),
        ("vip", "VIPs"),
    ]

    q = forms.CharField(required=False, max_length=100, label="Search")
    flag = forms.ChoiceField(required=False, choices=FLAGS, label="Who")
    company_type = forms.ChoiceField(
        required=False, choices=_blank(Company.Type.choices, "Any company type"), label="Company type"
    )
    sort = forms.ChoiceField(required=False, choices=[(key, key) for key in CONTACT_SORTS], widget=forms.HiddenInput)


class StageForm(forms.Form):
    stage = forms.ChoiceField(choices=Stage.choices)


class EnrichmentForm(forms.Form):
    website = forms.URLField(max_length=200, assume_scheme="https")


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = [
            "first_name",
            "last_name",
            "job_title",
            "department",
            "email",
            "phone",
            "mobile",
            "is_primary",
            "is_booker",
            "is_traveller",
            "is_vip",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, company, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.agency_id = company.agency_id
        self.instance.company = company


class CompanyNotesForm(forms.ModelForm):
    class Meta:
        model = CompanyNotes
        fields = [
            "account_number",
            "fop_limit",
            "invoice_references",
            "corporate_hotel_rates",
            "corporate_airline_fares",
            "memberships",
            "travel_policy",
            "flight_notes",
            "accommodation_notes",
            "car_hire_notes",
            "transfer_notes",
            "rail_notes",
            "other_notes",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3}) for name in fields if name not in {"account_number", "fop_limit"}
        }

    def __init__(self, *args, company, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.agency_id = company.agency_id
        self.instance.company = company


class TransactionFeeForm(forms.ModelForm):
    class Meta:
        model = TransactionFee
        fields = ["service", "label", "online_fee", "offline_fee"]

    def __init__(self, *args, company, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.agency_id = company.agency_id
        self.instance.company = company
        for name in ("online_fee", "offline_fee"):
            self.fields[name].widget.attrs["min"] = "0"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("service") == TransactionFee.Service.OTHER and not cleaned.get("label"):
            self.add_error("label", "Name the service.")
        elif cleaned.get("service") != TransactionFee.Service.OTHER:
            cleaned["label"] = ""
        return cleaned


class SupplierTermsForm(forms.ModelForm):
    class Meta:
        model = SupplierTerms
        fields = [
            "payment_terms_days",
            "payment_frequency",
            "credit_line",
            "form_of_payment",
            "contract_start",
            "contract_end",
        ]
        widgets = {"contract_start": DateInput(), "contract_end": DateInput()}

    def __init__(self, *args, company, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.agency_id = company.agency_id
        self.instance.company = company
        self.fields["credit_line"].widget.attrs["min"] = "0"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("contract_start"), cleaned.get("contract_end")
        if start and end and end < start:
            self.add_error("contract_end", "The contract cannot end before it starts.")
        return cleaned


class CsvUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
        help_text="A .csv file with a header row, of at most 10 MB.",
    )

    def clean_file(self):
        """The parsed file. Its size is checked before it is read: a large upload waits in a temporary
        file on disk, never in memory."""
        upload = self.cleaned_data["file"]
        limit = settings.CSV_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"This file is {filesizeformat(upload.size)}; the largest file you can import is "
                f"{filesizeformat(limit)}. Split it into several files."
            )
        try:
            return csv_rules.read_csv(upload.read())
        except csv_rules.CsvFileError as exc:
            raise forms.ValidationError(str(exc)) from None


class CsvMappingForm(forms.Form):
    """A field (or "ignore") for each column of the file, and what to do with duplicates."""

    on_duplicate = forms.ChoiceField(
        label="Rows that match a record already in the Vault",
        choices=CsvImport.OnDuplicate.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, csv_import: CsvImport, **kwargs):
        super().__init__(*args, **kwargs)
        self.csv_import = csv_import
        choices = [(csv_rules.IGNORE, "— ignore this column —")] + [
            (spec.name, f"{spec.label}{' *' if spec.required else ''}")
            for spec in csv_rules.IMPORT_FIELDS[csv_import.kind]
        ]
        self.initial.setdefault("on_duplicate", csv_import.on_duplicate)
        for index, header in enumerate(csv_import.headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header, choices=choices, required=False, initial=csv_import.mapping[index]
            )

    @property
    def column_fields(self):
        return [self[f"column_{index}"] for index in range(len(self.csv_import.headers))]

    def clean(self):
        cleaned = super().clean()
        mapping = [cleaned.get(f"column_{index}", "") for index in range(len(self.csv_import.headers))]
        for error in csv_rules.mapping_errors(self.csv_import.kind, mapping):
            self.add_error(None, error)
        cleaned["mapping"] = mapping
        return cleaned
