import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from agency.tests.factories import AgencyFactory
from agent_support.models import BookingProcess, Supplier, SupplierType, normalise_name


def pdf_bytes(text="Booking process"):
    """A small but well-formed one-page PDF: header, objects, cross-reference table and trailer."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pdf_upload(name="process.pdf", text="Booking process", content_type="application/pdf"):
    return SimpleUploadedFile(name, pdf_bytes(text), content_type=content_type)


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supplier

    agency = factory.SubFactory(AgencyFactory)
    supplier_type = SupplierType.AIR
    name = factory.Sequence(lambda n: f"Skyline Air {n}")
    name_key = factory.LazyAttribute(lambda supplier: normalise_name(supplier.name))
    agent_websites = factory.LazyFunction(lambda: ["https://agents.skyline.example/"])
    phone_numbers = factory.LazyFunction(lambda: ["+44 20 7946 0101"])
    group_email = "groups@skyline.example"
    general_email = "hello@skyline.example"
    account_manager_name = "Sam Carter"
    account_manager_phone = "+44 20 7946 0102"
    account_manager_email = "sam.carter@skyline.example"


class BookingProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BookingProcess

    supplier = factory.SubFactory(SupplierFactory)
    agency = factory.SelfAttribute("supplier.agency")
    title = factory.Sequence(lambda n: f"Group booking {n}")
    body = "Email the group desk with names and dates."
    order = factory.Sequence(lambda n: n)

    class Params:
        with_pdf = factory.Trait(
            pdf=factory.django.FileField(filename="process.pdf", data=pdf_bytes()),
            pdf_name="process.pdf",
        )
