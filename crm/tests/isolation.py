"""Objects of agency A for every Vault route that takes an id (see travault/tests/isolation.py)."""

from crm.models import Company

from .factories import CompanyFactory, ContactFactory, CsvImportFactory, TransactionFeeFactory


def _company(agency):
    return {"company": CompanyFactory(agency=agency).uuid}


def _supplier(agency):
    return {"company": CompanyFactory(agency=agency, company_type=Company.Type.SUPPLIER).uuid}


def _csv_import(agency):
    return {"csv_import": CsvImportFactory(agency=agency).uuid}


def _checked_csv_import(agency):
    return {"csv_import": CsvImportFactory(agency=agency, validated=True).uuid}


ROUTES = {
    "crm:company-detail": _company,
    "crm:company-contacts": _company,
    "crm:company-notes": _company,
    "crm:company-supplier-terms": _supplier,
    "crm:company-edit": _company,
    "crm:company-delete": _company,
    "crm:company-move": _company,
    "crm:contact-create": _company,
    "crm:company-notes-edit": _company,
    "crm:company-notes-clear": _company,
    "crm:fee-create": _company,
    "crm:supplier-terms-edit": _supplier,
    "crm:contact-edit": lambda agency: {"contact": ContactFactory(company__agency=agency).uuid},
    "crm:contact-delete": lambda agency: {"contact": ContactFactory(company__agency=agency).uuid},
    "crm:fee-edit": lambda agency: {"fee": TransactionFeeFactory(company__agency=agency).uuid},
    "crm:fee-delete": lambda agency: {"fee": TransactionFeeFactory(company__agency=agency).uuid},
    "crm:import-detail": _checked_csv_import,
    "crm:import-mapping": _csv_import,
    "crm:import-run": _checked_csv_import,
    "crm:import-status": _checked_csv_import,
}
