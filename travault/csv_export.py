"""CSV downloads of a list: streamed row by row, with every cell made safe to open in a spreadsheet."""

import csv
import re
from operator import attrgetter

from django.http import StreamingHttpResponse
from django.utils import timezone

PHONE_OR_NUMBER = re.compile(r"[+-][0-9 ().]+")
FORMULA_STARTS = {"=", "+", "-", "@", "\t", "\r"}
CHUNK_SIZE = 500


def csv_cell(value) -> str:
    """Text a spreadsheet will not run as a formula (a phone number or a signed number stays as it is);
    a flag is Yes or No."""
    value = value() if callable(value) else value
    if isinstance(value, bool):
        return "Yes" if value else "No"
    text = "" if value is None else str(value)
    if text[:1] in FORMULA_STARTS and not PHONE_OR_NUMBER.fullmatch(text):
        return f"'{text}"
    return text


class _Echo:
    def write(self, value):
        return value


def csv_download(name: str, columns, queryset) -> StreamingHttpResponse:
    """``queryset`` as ``<name>-<today>.csv``; ``columns`` are (header, dotted attribute) pairs and
    an attribute that is a method (``get_stage_display``) is called."""
    getters = [attrgetter(attribute) for _, attribute in columns]
    writer = csv.writer(_Echo())

    def rows():
        yield writer.writerow([header for header, _ in columns])
        for row in queryset.iterator(chunk_size=CHUNK_SIZE):
            yield writer.writerow([csv_cell(getter(row)) for getter in getters])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate().isoformat()}.csv"'
    return response
