"""Selects and single inputs are written by the form renderer: Bootstrap's class, every option
with its state, option groups, and the user's text escaped; model choices come in one query."""

import re

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.db import connection
from django.forms.renderers import TemplatesSetting
from django.test.utils import CaptureQueriesContext

from travault.forms import ModelChoiceField, options_html


class TripForm(forms.Form):
    cabin = forms.ChoiceField(
        choices=[
            ("", "Any cabin"),
            ("y", "Economy <Y>"),
            ("Premium", [("w", "Premium economy"), ("j", 'Business "J"')]),
        ],
        initial="j",
    )
    meals = forms.MultipleChoiceField(
        choices=[("veg", "Vegetarian"), ("kosher", "Kosher")],
        initial=["veg", "kosher"],
        widget=forms.SelectMultiple(attrs={"size": 4, "class": "wide", "disabled": True}),
    )


def test_it_writes_a_select_with_its_options_and_groups():
    html = str(TripForm()["cabin"])

    assert html.startswith('<select name="cabin" class="form-select" required id="id_cabin">')
    assert '<option value="">Any cabin</option>' in html
    assert '<option value="y">Economy &lt;Y&gt;</option>' in html
    assert '<optgroup label="Premium">\n  <option value="w">Premium economy</option>' in html
    assert '<option value="j" selected>Business &quot;J&quot;</option>\n  </optgroup>' in html
    assert html.endswith("</select>")


def test_it_keeps_extra_classes_and_bare_boolean_attributes():
    html = str(TripForm()["meals"])

    assert html.startswith(
        '<select name="meals" class="form-select wide" size="4" disabled required id="id_meals" multiple>'
    )
    assert html.count(" selected>") == 2


def test_it_shows_a_bound_forms_choice():
    html = str(TripForm({"cabin": "w"})["cabin"])

    assert '<option value="w" selected>' in html
    assert '<option value="j" selected>' not in html


class TravellerForm(forms.Form):
    name = forms.CharField(max_length=50, widget=forms.TextInput(attrs={"placeholder": 'e.g. "Ann" <CEO>'}))
    email = forms.EmailField(widget=forms.EmailInput(attrs={"class": "form-control-sm", "autofocus": True}))
    seats = forms.IntegerField(min_value=1)
    travels_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    frequent = forms.BooleanField(required=False)
    passport = forms.FileField(required=False)
    sort = forms.CharField(widget=forms.HiddenInput)


def _tidy(field) -> str:
    """The field's HTML without the line breaks a template leaves before a tag's end."""
    return re.sub(r"\s+>", ">", str(field)).strip()


TRAVELLER = {
    "name": 'O\'Brien & "Sons" <b>',
    "email": "ann@example.com",
    "seats": "2",
    "travels_on": "2026-12-01",
    "frequent": "on",
    "sort": "-name",
}


@pytest.mark.parametrize("data", [None, TRAVELLER], ids=["unbound", "bound"])
def test_it_writes_inputs_as_the_input_template_does(data):
    written = TravellerForm(data)
    templated = TravellerForm(data, renderer=TemplatesSetting())

    for name in TravellerForm.base_fields:
        assert _tidy(written[name]) == _tidy(templated[name])


def test_it_escapes_what_the_user_typed_into_an_input():
    html = str(TravellerForm(TRAVELLER)["name"])

    assert html == (
        '<input type="text" name="name" class="form-control" value="O&#x27;Brien &amp; &quot;Sons&quot; &lt;b&gt;"'
        ' placeholder="e.g. &quot;Ann&quot; &lt;CEO&gt;" maxlength="50" required id="id_name">'
    )


def test_it_marks_a_check_box_as_bootstrap_does():
    html = str(TravellerForm(TRAVELLER)["frequent"])

    assert html == '<input type="checkbox" name="frequent" class="form-check-input" id="id_frequent" checked>'


@pytest.mark.django_db
def test_it_reads_model_choices_in_one_plain_query(admin_user):
    class AssigneeForm(forms.Form):
        assignee = ModelChoiceField(queryset=get_user_model().objects.all(), empty_label="Anyone")

    with CaptureQueriesContext(connection) as queries:
        html = str(AssigneeForm()["assignee"])

    assert [query["sql"].split()[0] for query in queries] == ["SELECT"]
    assert '<option value="" selected>Anyone</option>' in html
    assert f'<option value="{admin_user.pk}">{admin_user}</option>' in html


@pytest.mark.django_db
def test_a_field_with_a_label_field_lists_its_choices_from_two_columns(admin_user):
    class AssigneeForm(forms.Form):
        assignee = ModelChoiceField(
            queryset=get_user_model().objects.order_by("pk"), to_field_name="uuid", label_field="email"
        )

    form = AssigneeForm({"assignee": str(admin_user.uuid)})
    assert form.is_valid()
    assert form.cleaned_data["assignee"] == admin_user
    with CaptureQueriesContext(connection) as queries:
        html = str(form["assignee"])

    assert len(queries) == 1
    assert queries[0]["sql"].startswith('SELECT "agency_user"."uuid" AS "uuid", "agency_user"."email" AS "email" FROM')
    assert f'<option value="{admin_user.uuid}" selected>{admin_user.email}</option>' in html


def test_options_mark_the_chosen_value_and_escape_every_value_and_label():
    html = options_html([("", "Anyone"), (7, "Tom & Jerry"), ('a"b', "<b>")], 7)

    assert html == (
        '<option value="">Anyone</option>'
        '<option value="7" selected>Tom &amp; Jerry</option>'
        '<option value="a&quot;b">&lt;b&gt;</option>'
    )
    assert 'value="" selected' in options_html([("", "Anyone"), ("x", "X")], "")
