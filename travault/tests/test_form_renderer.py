"""Selects are written by the form renderer: Bootstrap's class, every option with its state, option
groups, and the user's text escaped."""

from django import forms


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
