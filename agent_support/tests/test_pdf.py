import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from agent_support.pdf import validate_pdf
from agent_support.tests.factories import pdf_bytes


def upload(data, name="process.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_it_accepts_a_real_pdf_and_rewinds_it():
    file = upload(pdf_bytes())

    validate_pdf(file)

    assert file.read(5) == b"%PDF-"


def test_it_accepts_a_pdf_whose_cross_reference_is_a_stream():
    body = b"%PDF-1.7\n1 0 obj\n<< /Type /XRef /Size 1 >>\nstream\n\nendstream\nendobj\n"
    validate_pdf(upload(body + b"startxref\n9\n%%EOF\n"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<!doctype html><html><script>alert(1)</script></html>", "This file is not a PDF."),
        (b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "This file is not a PDF."),
        (b"", "This file is not a PDF."),
        (b"%PDF-1.4\nnothing else here", "This PDF is damaged or incomplete."),
        (pdf_bytes()[:-40], "This PDF is damaged or incomplete."),
        (b"%PDF-1.4\n" + b"x" * 100 + b"\nstartxref\n999999\n%%EOF\n", "This PDF is damaged or incomplete."),
        (b"%PDF-1.4\n" + b"x" * 100 + b"\nstartxref\n20\n%%EOF\n", "This PDF is damaged or incomplete."),
    ],
    ids=["html", "executable", "empty", "no-trailer", "truncated", "offset-outside", "offset-not-xref"],
)
def test_it_refuses_what_is_not_a_whole_pdf(data, message):
    with pytest.raises(ValidationError) as error:
        validate_pdf(upload(data))

    assert error.value.messages == [message]


def test_it_refuses_a_pdf_over_the_size_limit(settings):
    settings.AGENT_SUPPORT_PDF_MAX_BYTES = 1024
    padded = pdf_bytes().replace(b"%PDF-1.4\n", b"%PDF-1.4\n%" + b"x" * 1100 + b"\n", 1)

    with pytest.raises(ValidationError) as error:
        validate_pdf(upload(padded))

    assert error.value.messages == ["The PDF is larger than 1.0\xa0KB."]


def test_it_allows_ten_megabytes():
    from django.conf import settings

    assert settings.AGENT_SUPPORT_PDF_MAX_BYTES == 10 * 1024 * 1024
