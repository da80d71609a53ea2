from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import SafeString, mark_safe

from travault.display import html_text

SELECT_TEMPLATE = "django/forms/widgets/select.html"
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{kind}.html"
    for kind in (
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "file",
        "hidden",
        "input",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
)


class BootstrapFormRenderer(TemplatesSetting):
    """Renders every form with the project's Bootstrap field layout. Selects and single inputs are
    written here rather than by a template: a page such as the pipeline board or a filter bar
    renders hundreds of options, and a template costs tens of microseconds for each option and
    most of a millisecond for each input."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"

    def render(self, template_name, context, request=None):
        if template_name == SELECT_TEMPLATE:
            return select_html(context["widget"])
        if template_name in INPUT_TEMPLATES:
            return input_html(context["widget"])
        return super().render(template_name, context, request=request)


def attrs_html(attrs: dict) -> str:
    """Attributes as the widget templates write them: ``class`` left to the caller, False ones
    left out, True ones bare; escaped."""
    return "".join(
        f" {name}" if value is True else f' {name}="{html_text(value)}"'
        for name, value in attrs.items()
        if name != "class" and value is not False
    )


def _option_tag(value, label, extra: str = "") -> str:
    return f'<option value="{html_text(value)}"{extra}>{html_text(label)}</option>'


def _option_html(option: dict) -> str:
    extra = attrs_html(option["attrs"]) if option["attrs"] else ""
    return "\n  " + _option_tag(option["value"], option["label"], extra)


def options_html(choices, selected) -> SafeString:
    """The ``<option>`` elements of ``(value, label)`` ``choices``, the one whose value is
    ``selected`` chosen, every value escaped: for a select a page writes itself."""
    selected = str(selected)
    options = (_option_tag(value, label, " selected" if str(value) == selected else "") for value, label in choices)
    return mark_safe("".join(options))  # noqa: S308 - _option_tag escapes every value


def select_html(widget: dict) -> str:
    """A select with Bootstrap's class, its options and option groups, every value escaped."""
    parts = []
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{html_text(group_name)}">')
        parts.extend(_option_html(option) for option in options)
        if group_name:
            parts.append("\n  </optgroup>")
    extra_class = widget["attrs"].get("class")
    classes = f"form-select {html_text(extra_class)}" if extra_class else "form-select"
    opening = f'<select name="{html_text(widget["name"])}" class="{classes}"{attrs_html(widget["attrs"])}>'
    return mark_safe(opening + "".join(parts) + "\n</select>")  # noqa: S308 - every value above is escaped


def input_html(widget: dict) -> str:
    """A single input with Bootstrap's class (``form-check-input`` for a check box or radio button,
    ``form-control`` otherwise), as ``django/forms/widgets/input.html`` writes it; escaped."""
    base_class = "form-check-input" if widget["type"] in ("checkbox", "radio") else "form-control"
    extra_class = widget["attrs"].get("class")
    classes = f"{base_class} {html_text(extra_class)}" if extra_class else base_class
    value = "" if widget["value"] is None else f' value="{html_text(widget["value"])}"'
    opening = f'<input type="{widget["type"]}" name="{html_text(widget["name"])}" class="{classes}"'
    return mark_safe(f"{opening}{value}{attrs_html(widget['attrs'])}>")  # noqa: S308 - every value above is escaped


class ChoicesInOneQuery(ModelChoiceIterator):
    """A model field's choices read with one plain query. Django's own iterator streams them through
    ``QuerySet.iterator()``, which on PostgreSQL declares a server-side cursor: three round trips to
    list a few dozen users or subjects. A field with a ``label_field`` reads two columns, the value
    and the label, instead of building a model instance per choice; a field given ``choice_rows``
    (a callable answering those two columns, such as a compiled read) takes them from it."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.choice_rows is not None:
            yield from self.field.choice_rows()
            return
        if self.field.label_field:
            yield from self.queryset.values_list(self.field.to_field_name or "pk", self.field.label_field)
            return
        for obj in self.queryset.all():
            yield self.choice(obj)


class ChoicesInOneQueryMixin:
    """``label_field`` names the column that labels a choice; ``choice_rows``, when set, answers the
    choices' columns instead of the field's queryset, which still validates the value submitted."""

    iterator = ChoicesInOneQuery

    def __init__(self, *args, label_field: str | None = None, **kwargs):
        self.label_field = label_field
        self.choice_rows = None
        super().__init__(*args, **kwargs)


class ModelChoiceField(ChoicesInOneQueryMixin, forms.ModelChoiceField):
    pass


class ModelMultipleChoiceField(ChoicesInOneQueryMixin, forms.ModelMultipleChoiceField):
    pass
