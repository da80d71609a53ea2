from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory

from agency.validators import phone_validator

from .models import BookingProcess, Supplier, SupplierType
from .pdf import validate_pdf
from .services import ProcessData, SupplierData

MAX_PROCESSES = 20


class LineListField(forms.Field):
    """A list of values typed one per line, each checked by ``item_field``."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, *, item_field, max_items=10, **kwargs):
        self.item_field = item_field
        self.max_items = max_items
        super().__init__(required=False, **kwargs)

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list | tuple) else value

    def clean(self, value):
        lines = [line.strip() for line in (value or "").splitlines() if line.strip()]
        if len(lines) > self.max_items:
            raise ValidationError(f"Enter at most {self.max_items}, one per line.", code="max_items")
        cleaned, errors = [], []
        for number, line in enumerate(lines, start=1):
            try:
                cleaned.append(self.item_field.clean(line))
            except ValidationError as error:
                errors.extend(f"Line {number} ({line[:60]}): {message}" for message in error.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


class SupplierForm(forms.ModelForm):
    supplier_type = forms.ChoiceField(label="Type", choices=[("", "Choose a type"), *SupplierType.choices])
    agent_websites = LineListField(
        item_field=forms.URLField(max_length=500, assume_scheme="https"),
        help_text="One address per line; they open in a new tab.",
    )
    phone_numbers = LineListField(
        item_field=forms.CharField(max_length=20, validators=[phone_validator]), help_text="One number per line."
    )
    account_manager_phone = forms.CharField(
        label="Account manager phone", max_length=20, required=False, validators=[phone_validator]
    )

    class Meta:
        model = Supplier
        fields = [
            "supplier_type",
            "name",
            "agent_websites",
            "phone_numbers",
            "group_email",
            "general_email",
            "account_manager_name",
            "account_manager_phone",
            "account_manager_email",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def to_data(self) -> SupplierData:
        return SupplierData(**{name: self.cleaned_data[name] for name in self.Meta.fields})


class BookingProcessForm(forms.ModelForm):
    order = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput(attrs={"data-process-order": ""}))
    pdf_file = forms.FileField(
        label="PDF",
        required=False,
        validators=[validate_pdf],
        widget=forms.FileInput(attrs={"accept": "application/pdf"}),
        help_text="A PDF of at most 10 MB.",
    )
    remove_pdf = forms.BooleanField(label="Remove the current PDF", required=False)

    class Meta:
        model = BookingProcess
        fields = ["title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}
        labels = {"body": "How to book"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["order"].initial = self.instance.order

    def has_changed(self):
        """A row added in the browser and left empty is ignored, whatever position it was given."""
        return any(name != "order" for name in self.changed_data)

    def to_data(self) -> ProcessData:
        return ProcessData(
            title=self.cleaned_data["title"],
            body=self.cleaned_data["body"],
            process=self.instance if self.instance.pk else None,
            pdf=self.cleaned_data["pdf_file"],
            remove_pdf=self.cleaned_data["remove_pdf"],
        )


class BaseBookingProcessFormSet(forms.BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["id"].queryset = self.get_queryset()
        form.fields["DELETE"].widget.attrs.update({"class": "btn-check", "autocomplete": "off"})

    def submitted(self) -> tuple[list[ProcessData], list[BookingProcess]]:
        """The processes to keep or add, in the order the user gave them, and the ones removed."""
        kept, removed = [], []
        for index, form in enumerate(self.forms):
            if self.can_delete and self._should_delete_form(form):
                if form.instance.pk:
                    removed.append(form.instance)
            elif form.cleaned_data:
                order = form.cleaned_data["order"]
                kept.append(((order if order is not None else MAX_PROCESSES + index, index), form.to_data()))
        return [data for _, data in sorted(kept, key=lambda pair: pair[0])], removed


BookingProcessFormSet = inlineformset_factory(
    Supplier,
    BookingProcess,
    form=BookingProcessForm,
    formset=BaseBookingProcessFormSet,
    extra=0,
    can_delete=True,
    max_num=MAX_PROCESSES,
    validate_max=True,
    absolute_max=MAX_PROCESSES,
)
