"""Factories of the Vault: every child row is created in its parent company's agency."""

import factory
from django.utils import timezone

from agency.tests.factories import AgencyFactory
from crm.models import Company, CompanyNotes, Contact, CsvImport, SupplierTerms, TransactionFee


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Company {n:03d} Ltd")
    company_type = Company.Type.PROSPECT
    stage = Company.Stage.LEAD
    city = "London"
    country = "United Kingdom"
    email = factory.Sequence(lambda n: f"info{n}@company.example")
    owner = None
    last_activity_at = factory.LazyFunction(timezone.now)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    company = factory.SubFactory(CompanyFactory)
    agency = factory.SelfAttribute("company.agency")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    job_title = "Travel manager"
    email = factory.Sequence(lambda n: f"contact{n}@company.example")


class CompanyNotesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompanyNotes

    company = factory.SubFactory(CompanyFactory)
    agency = factory.SelfAttribute("company.agency")
    account_number = factory.Sequence(lambda n: f"ACC{n:05d}")
    travel_policy = "Economy under six hours."


class TransactionFeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TransactionFee

    company = factory.SubFactory(CompanyFactory)
    agency = factory.SelfAttribute("company.agency")
    service = TransactionFee.Service.HOTEL
    online_fee = "5.00"
    offline_fee = "15.00"


class SupplierTermsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupplierTerms

    company = factory.SubFactory(CompanyFactory, company_type=Company.Type.SUPPLIER)
    agency = factory.SelfAttribute("company.agency")
    payment_terms_days = 30
    payment_frequency = SupplierTerms.Frequency.MONTHLY
    form_of_payment = SupplierTerms.FormOfPayment.BANK_TRANSFER


class CsvImportFactory(factory.django.DjangoModelFactory):
    """An uploaded file of two companies, waiting for its mapping (or checked, with ``validated=True``)."""

    class Meta:
        model = CsvImport

    class Params:
        validated = factory.Trait(
            status=CsvImport.Status.VALIDATED,
            report={"total": 2, "valid": 2, "error_rows": 0, "errors": [], "duplicates": []},
        )

    agency = factory.SubFactory(AgencyFactory)
    kind = CsvImport.Kind.COMPANIES
    file_name = "companies.csv"
    headers = ["Name", "City"]
    rows = [["Imported One Ltd", "York"], ["Imported Two Ltd", "Bath"]]
    mapping = ["name", "city"]
    total_rows = 2
