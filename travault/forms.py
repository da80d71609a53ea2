from django.forms.renderers import TemplatesSetting


class BootstrapFormRenderer(TemplatesSetting):
    """Renders every form with the project's Bootstrap field layout."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
