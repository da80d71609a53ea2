import pytest

from travault.csv_export import csv_cell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("@cmd", "'@cmd"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("\tcell", "'\tcell"),
        ("+44 (0)20 7946 0000", "+44 (0)20 7946 0000"),
        ("-12.50", "-12.50"),
        ("Plain text", "Plain text"),
        (None, ""),
        (True, "Yes"),
        (False, "No"),
        (42, "42"),
    ],
)
def test_a_cell_never_runs_as_a_formula(value, expected):
    assert csv_cell(value) == expected


def test_a_method_is_called_for_its_value():
    assert csv_cell(lambda: "=1+1") == "'=1+1"
