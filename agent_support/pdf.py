"""PDF uploads are judged by their bytes, never by their name or declared content type."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

HEADER = re.compile(rb"^%PDF-[12]\.[0-9]")
TRAILER = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
CROSS_REFERENCE = re.compile(rb"^\s*(xref|\d+\s+\d+\s+obj)")
TAIL_BYTES = 2048


def _read_at(file, offset, size):
    file.seek(offset)
    return file.read(size)


def validate_pdf(file):
    """A real PDF of at most ``AGENT_SUPPORT_PDF_MAX_BYTES``: the ``%PDF-`` header, then a trailer
    whose ``startxref`` offset lands on a cross-reference table or stream inside the file."""
    limit = settings.AGENT_SUPPORT_PDF_MAX_BYTES
    if file.size > limit:
        raise ValidationError(f"The PDF is larger than {filesizeformat(limit)}.", code="too_large")
    try:
        if not HEADER.match(_read_at(file, 0, 8)):
            raise ValidationError("This file is not a PDF.", code="not_pdf")
        trailer = TRAILER.search(_read_at(file, max(file.size - TAIL_BYTES, 0), TAIL_BYTES))
        offset = int(trailer.group(1)) if trailer else file.size
        if offset >= file.size or not CROSS_REFERENCE.match(_read_at(file, offset, 64)):
            raise ValidationError("This PDF is damaged or incomplete.", code="damaged_pdf")
    finally:
        file.seek(0)
