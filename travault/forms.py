from django.forms.renderers import TemplatesSetting
from django.utils.html import format_html, format_html_join

SELECT_TEMPLATE = "django/forms/widgets/select.html"


class BootstrapFormRenderer(TemplatesSetting):
    """Renders every form with the project's Bootstrap field layout. Selects are written here
    rather than by a template: a page such as the pipeline board or a filter bar renders hundreds
    of options, and a template costs tens of microseconds for each."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"

    def render(self, template_name, context, request=None):
        if template_name == SELECT_TEMPLATE:
            return select_html(context["widget"])
        return super().render(template_name, context, request=request)


def attrs_html(attrs: dict) -> str:
    """Attributes as the widget templates write them: ``class`` left to the caller, False ones
    left out, True ones bare."""
    return format_html_join(
        "",
        " {}{}",
        (
            (name, "" if value is True else format_html('="{}"', value))
            for name, value in attrs.items()
            if name != "class" and value is not False
        ),
    )


def select_html(widget: dict) -> str:
    """A select with Bootstrap's class, its options and option groups."""
    groups = []
    for group_name, options, _index in widget["optgroups"]:
        rows = format_html_join(
            "",
            '\n  <option value="{}"{}>{}</option>',
            ((option["value"], attrs_html(option["attrs"]), option["label"]) for option in options),
        )
        if group_name:
            rows = format_html('\n  <optgroup label="{}">{}\n  </optgroup>', group_name, rows)
        groups.append((rows,))
    extra_class = widget["attrs"].get("class")
    return format_html(
        '<select name="{}" class="{}"{}>{}\n</select>',
        widget["name"],
        f"form-select {extra_class}" if extra_class else "form-select",
        attrs_html(widget["attrs"]),
        format_html_join("", "{}", groups),
    )
