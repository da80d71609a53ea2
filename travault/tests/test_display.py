"""Row formatting for long lists: links, "3 days ago" and time stamps in the agency's time zone."""

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.template import engines
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

from travault import display
from travault.display import (
    NUMBER_PLACEHOLDER,
    Dates,
    ago,
    row_template,
    row_template_variants,
    urls_for,
    whole_amount,
)

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
MOMENTS = [
    datetime(2026, 1, 1, 0, 0, tzinfo=UTC),
    datetime(2026, 3, 29, 0, 59, 59, 999999, tzinfo=UTC),
    datetime(2026, 3, 29, 1, 0, tzinfo=UTC),
    datetime(2026, 10, 25, 23, 30, 5, 120, tzinfo=UTC),
    datetime(2031, 12, 31, 23, 59, tzinfo=UTC),
]


def test_it_builds_the_same_links_as_reverse():
    company_url = urls_for("crm:company-detail", "company")
    company = uuid.uuid4()

    assert company_url(company) == reverse("crm:company-detail", kwargs={"company": company})


def test_it_builds_links_by_number_as_reverse_does():
    ticket_url = urls_for("ticketing:ticket-detail", "number", NUMBER_PLACEHOLDER)

    assert ticket_url(7) == reverse("ticketing:ticket-detail", kwargs={"number": 7})
    assert ticket_url(1234567890) == reverse("ticketing:ticket-detail", kwargs={"number": 1234567890})


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        (timedelta(seconds=20), "just now"),
        (timedelta(minutes=1), "1 minute ago"),
        (timedelta(minutes=59, seconds=59), "59 minutes ago"),
        (timedelta(hours=5, minutes=30), "5 hours ago"),
        (timedelta(days=1), "1 day ago"),
        (timedelta(days=13), "1 week ago"),
        (timedelta(days=45), "1 month ago"),
        (timedelta(days=800), "2 years ago"),
        (timedelta(days=-2), "just now"),
    ],
)
def test_it_says_how_long_ago_in_the_largest_whole_unit(before, expected):
    assert ago(NOW - before, NOW) == expected


@pytest.mark.parametrize("zone", ["Europe/London", "Asia/Tokyo", "America/St_Johns", "UTC"])
@pytest.mark.parametrize("language", ["en-gb", "de", "fr"])
def test_its_dates_are_the_date_filters_in_the_current_time_zone_and_language(zone, language):
    with timezone.override(zone), translation.override(language):
        dates = Dates()
        for moment in MOMENTS:
            local = dates.local(moment)
            expected = timezone.localtime(moment)
            assert dates.iso(local) == date_filter(expected, "c")
            assert dates.date_and_time(local) == conditional_escape(date_filter(expected, "j M Y, H:i"))
            assert dates.stamp(local) == conditional_escape(date_filter(expected, "D j M Y, H:i"))
            assert dates.day_and_time(local) == conditional_escape(date_filter(expected, "D j M, H:i"))


@pytest.mark.parametrize(
    "amount",
    ["0", "0.00", "0.49", "0.50", "1.5", "2.5", "999.49", "999.50", "1000", "1234567.50", "99999999999999.99"],
)
def test_it_prints_whole_amounts_as_floatformat_does(amount):
    assert whole_amount(Decimal(amount)) == floatformat(Decimal(amount), "0g")


@pytest.fixture
def row_templates(settings):
    """Templates of one row, from memory."""
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [
                    (
                        "django.template.loaders.locmem.Loader",
                        {
                            "row.html": '<p title="{{ row.title }}">{{ greeting }} {{ row.name }} {x} {{ row.html }}',
                            "filtered.html": "<p>{{ row.name|upper }}</p>",
                            "flagged.html": "<p>{{ row.name }}{% if linked %}<a href='{{ row.url }}'>go</a>{% endif %}",
                        },
                    )
                ]
            },
        }
    ]


def test_a_row_template_fills_in_each_row_as_the_template_would_render_it(row_templates):
    row = row_template("row.html", ["title", "name", "html"], {"greeting": "Hello & welcome"})
    values = {"title": 'say "hi"', "name": "<b>Bo</b> {name}", "html": SafeString("<em>ok</em>")}

    filled = row(**values)

    assert isinstance(filled, SafeString)
    assert filled == render_to_string("row.html", {"greeting": "Hello & welcome", "row": values})
    assert filled == '<p title="say &quot;hi&quot;">Hello &amp; welcome &lt;b&gt;Bo&lt;/b&gt; {name} {x} <em>ok</em>'


def test_a_row_template_refuses_a_filter_on_a_row_value(row_templates):
    with pytest.raises(ImproperlyConfigured):
        row_template("filtered.html", ["name"])


def test_row_template_variants_render_each_combination_of_flags_once(row_templates, monkeypatch):
    renders = []
    real = display.render_to_string
    monkeypatch.setattr(display, "render_to_string", lambda *args: renders.append(args[0]) or real(*args))
    row = row_template_variants("flagged.html", ["name", "url"])
    values = {"name": "<Bo>", "url": "/x?a=1&b=2"}

    linked, plain = row(linked=True)(**values), row(linked=False)(**values)
    row(linked=True)(**values)

    assert linked == render_to_string("flagged.html", {"linked": True, "row": values})
    assert linked == "<p>&lt;Bo&gt;<a href='/x?a=1&amp;b=2'>go</a>"
    assert plain == "<p>&lt;Bo&gt;"
    assert renders == ["flagged.html", "flagged.html"]


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ("Ann", "Lee", "Ann Lee"),
        ("Ann", "", "Ann"),
        ("", "Lee", "Lee"),
        ("", "", ""),
        (None, None, ""),
        ("Ann", None, "Ann"),
    ],
)
def test_it_names_a_person_by_the_names_they_gave(first, last, expected):
    assert display.full_name(first, last) == expected


def test_a_list_of_html_prints_as_the_loop_over_it_would():
    pieces = display.HtmlList([SafeString("<li>Alpha &amp; Co</li>"), "<b>not safe</b>", SafeString("<li>Beta</li>")])
    engine = engines["django"]

    printed = engine.from_string("{{ pieces }}").render({"pieces": pieces})

    assert printed == engine.from_string("{% for piece in pieces %}{{ piece }}{% endfor %}").render({"pieces": pieces})
    assert printed == "<li>Alpha &amp; Co</li>&lt;b&gt;not safe&lt;/b&gt;<li>Beta</li>"
    assert len(pieces) == 3
    assert (
        engine.from_string("{% if pieces %}rows{% else %}none{% endif %}").render({"pieces": display.HtmlList()})
        == "none"
    )
