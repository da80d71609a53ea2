from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse

from travault.display import full_name
from travault.tenancy import TenantModel

NON_NEGATIVE = [MinValueValidator(0)]


class Industry(models.TextChoices):
    AGRICULTURE = "agriculture", "Agriculture"
    MINING = "mining", "Mining"
    OIL_GAS = "oil_gas_extraction", "Oil & gas extraction"
    PHARMACEUTICALS = "pharmaceuticals", "Pharmaceuticals"
    BIOTECHNOLOGY = "biotechnology", "Biotechnology"
    MANUFACTURING = "manufacturing", "Manufacturing"
    CONSTRUCTION = "construction", "Construction"
    WHOLESALE_TRADE = "wholesale_trade", "Wholesale trade"
    RETAIL_TRADE = "retail_trade", "Retail trade"
    TRANSPORTATION = "transportation", "Transportation"
    WAREHOUSING = "warehousing", "Warehousing"
    INFORMATION = "information", "Information"
    FINANCE = "finance", "Finance"
    INSURANCE = "insurance", "Insurance"
    REAL_ESTATE = "real_estate", "Real estate"
    RENTAL_LEASING = "rental_leasing", "Rental & leasing"
    PROFESSIONAL_SERVICES = "professional_services", "Professional services"
    SCIENTIFIC_SERVICES = "scientific_services", "Scientific services"
    TECHNICAL_SERVICES = "technical_services", "Technical services"
    MANAGEMENT_COMPANIES = "management_companies", "Management of companies"
    ADMINISTRATIVE_SUPPORT = "administrative_support", "Administrative support"
    WASTE_MANAGEMENT = "waste_management", "Waste management"
    EDUCATIONAL_SERVICES = "educational_services", "Educational services"
    HEALTH_CARE = "health_care", "Health care"
    SOCIAL_ASSISTANCE = "social_assistance", "Social assistance"
    ARTS = "arts", "Arts"
    ENTERTAINMENT = "entertainment", "Entertainment"
    RECREATION = "recreation", "Recreation"
    ACCOMMODATION = "accommodation", "Accommodation"
    FOOD_SERVICES = "food_services", "Food services"
    OTHER_SERVICES = "other_services", "Other services"
    PUBLIC_ADMINISTRATION = "public_administration", "Public administration"
    TELECOMMUNICATIONS = "telecommunications", "Telecommunications"
    HOSPITALITY = "hospitality", "Hospitality"
    LEGAL_SERVICES = "legal_services", "Legal services"
    MEDIA_BROADCASTING = "media_broadcasting", "Media & broadcasting"
    ENERGY = "energy", "Energy"
    RENEWABLE_ENERGY = "renewable_energy", "Renewable energy"
    AUTOMOTIVE = "automotive", "Automotive"
    AEROSPACE = "aerospace", "Aerospace"
    DEFENCE = "defence", "Defence"
    TOURISM = "tourism", "Tourism"


class CompanyType(models.TextChoices):
    PROSPECT = "prospect", "Prospect"
    CLIENT = "client", "Client"
    FORMER_CLIENT = "former_client", "Former client"
    SUPPLIER = "supplier", "Supplier"
    OTHER = "other", "Other"


class ClientType(models.TextChoices):
    TRAVEL = "travel", "Travel"
    MEETINGS_EVENTS = "meetings_events", "Meetings & events"


class Stage(models.TextChoices):
    LEAD = "lead", "Lead"
    QUALIFIED = "qualified", "Qualified"
    IN_DISCUSSION = "in_discussion", "In discussion"
    ACCOUNT_FORM_SENT = "account_form_sent", "Account form sent"
    CLOSED_WON = "closed_won", "Closed - won"
    CLOSED_LOST = "closed_lost", "Closed - lost"
    NEW_CLIENT = "new_client", "New client"
    TRADING = "trading", "Trading"
    ON_HOLD = "on_hold", "On hold"
    NO_LONGER_TRADING = "no_longer_trading", "No longer trading"


class Company(TenantModel):
    Type = CompanyType
    ClientType = ClientType
    Stage = Stage

    name = models.CharField(max_length=255)
    company_type = models.CharField("company type", max_length=20, choices=Type, default=Type.PROSPECT)
    client_type = models.CharField("client type", max_length=20, choices=ClientType, default=ClientType.TRAVEL)
    stage = models.CharField("pipeline stage", max_length=20, choices=Stage, default=Stage.LEAD)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    industry = models.CharField(max_length=40, choices=Industry, blank=True)
    street = models.CharField(max_length=255, blank=True)
    city = models.CharField(max_length=100, blank=True)
    region = models.CharField("region / county / state", max_length=100, blank=True)
    postcode = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=100, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    linkedin = models.URLField("LinkedIn page", blank=True)
    description = models.TextField(blank=True)
    ops_team = models.CharField("ops team", max_length=255, blank=True)
    expected_annual_spend = models.DecimalField(
        "expected annual travel spend",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )
    expected_close_date = models.DateField("expected close date", null=True, blank=True)
    linked_companies = models.ManyToManyField(
        "self",
        through="CompanyLink",
        through_fields=("from_company", "to_company"),
        symmetrical=False,
        blank=True,
        related_name="linked_from",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_activity_at = models.DateTimeField("last activity", null=True, blank=True)

    class Meta:
        verbose_name_plural = "companies"
        ordering = ["name"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(expected_annual_spend__gte=0), name="crm_company_spend_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(company_type__in=CompanyType.values), name="crm_company_type_valid"
            ),
            models.CheckConstraint(condition=models.Q(stage__in=Stage.values), name="crm_company_stage_valid"),
        ]
        indexes = [
            models.Index(fields=["agency", "name", "id"], name="crm_company_agency_name_idx"),
            models.Index(fields=["agency", "company_type", "name"], name="crm_company_agency_type_idx"),
            models.Index(fields=["agency", "stage", "name"], name="crm_company_agency_stage_idx"),
            # The pipeline's count and spend per stage, read from the index alone.
            models.Index(fields=["agency", "stage", "expected_annual_spend"], name="crm_company_agency_spend_idx"),
            models.Index(fields=["agency", "owner", "name"], name="crm_company_agency_owner_idx"),
            models.Index(fields=["agency", "industry", "name"], name="crm_company_agency_ind_idx"),
            models.Index(fields=["agency", "city"], name="crm_company_agency_city_idx"),
            models.Index(fields=["agency", "email"], name="crm_company_agency_email_idx"),
            models.Index(fields=["agency", "created_at"], name="crm_company_agency_created_idx"),
            models.Index(fields=["agency", "last_activity_at"], name="crm_company_agency_last_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("crm:company-detail", kwargs={"company": self.uuid})

    @property
    def is_supplier(self):
        return self.company_type == self.Type.SUPPLIER

    @property
    def address_lines(self):
        return [line for line in (self.street, self.city, self.region, self.postcode, self.country) if line]


class CompanyLink(TenantModel):
    """A company linked to another of the same agency (group companies, parent and subsidiaries)."""

    from_company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    to_company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(fields=["agency", "from_company", "to_company"], name="crm_companylink_unique"),
            models.CheckConstraint(
                condition=~models.Q(from_company=models.F("to_company")), name="crm_companylink_not_self"
            ),
        ]
        indexes = [models.Index(fields=["agency", "to_company"], name="crm_companylink_agency_to_idx")]


class Contact(TenantModel):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="contacts")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    job_title = models.CharField(max_length=150, blank=True)
    department = models.CharField(max_length=150, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    mobile = models.CharField(max_length=40, blank=True)
    is_primary = models.BooleanField("primary contact", default=False)
    is_booker = models.BooleanField("travel booker", default=False)
    is_traveller = models.BooleanField("traveller", default=False)
    is_vip = models.BooleanField("VIP", default=False)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_primary", "last_name", "first_name"]
        constraints = [*TenantModel.Meta.constraints]
        indexes = [
            models.Index(fields=["agency", "company", "last_name"], name="crm_contact_agency_company_idx"),
            models.Index(fields=["agency", "email"], name="crm_contact_agency_email_idx"),
            models.Index(fields=["agency", "last_name", "first_name", "id"], name="crm_contact_agency_name_idx"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return full_name(self.first_name, self.last_name)


class CompanyNotes(TenantModel):
    """The client operations sheet: one per company."""

    company = models.OneToOneField(Company, on_delete=models.CASCADE, related_name="notes")
    account_number = models.CharField(max_length=50, blank=True)
    fop_limit = models.CharField("FOP / credit limit", max_length=100, blank=True)
    invoice_references = models.TextField(blank=True)
    corporate_hotel_rates = models.TextField(blank=True)
    corporate_airline_fares = models.TextField(blank=True)
    memberships = models.TextField(blank=True)
    travel_policy = models.TextField(blank=True)
    flight_notes = models.TextField(blank=True)
    accommodation_notes = models.TextField(blank=True)
    car_hire_notes = models.TextField(blank=True)
    transfer_notes = models.TextField(blank=True)
    rail_notes = models.TextField(blank=True)
    other_notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "company notes"
        constraints = [*TenantModel.Meta.constraints]
        indexes = [models.Index(fields=["agency", "company"], name="crm_notes_agency_company_idx")]

    def __str__(self):
        return f"Client notes of {self.company_id}"


class TransactionFee(TenantModel):
    class Service(models.TextChoices):
        DOMESTIC_FLIGHT = "domestic_flight", "Domestic flight"
        INTERNATIONAL_FLIGHT = "international_flight", "International flight"
        HOTEL = "hotel", "Hotel"
        CAR_HIRE = "car_hire", "Car hire"
        RAIL = "rail", "Rail"
        TRANSFER = "transfer", "Transfer"
        OTHER = "other", "Other"

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="fees")
    service = models.CharField(max_length=30, choices=Service)
    label = models.CharField(max_length=100, blank=True, help_text="Name the service when it is Other.")
    online_fee = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True, validators=NON_NEGATIVE)
    offline_fee = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True, validators=NON_NEGATIVE)

    class Meta:
        ordering = ["service", "label"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(online_fee__gte=0), name="crm_transactionfee_online_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(offline_fee__gte=0), name="crm_transactionfee_offline_not_negative"
            ),
            models.CheckConstraint(
                condition=~models.Q(service="other") | ~models.Q(label=""), name="crm_transactionfee_other_has_label"
            ),
        ]
        indexes = [models.Index(fields=["agency", "company", "service"], name="crm_fee_agency_company_idx")]

    def __str__(self):
        return self.service_name

    @property
    def service_name(self):
        return self.label if self.service == self.Service.OTHER else self.get_service_display()


class SupplierTerms(TenantModel):
    """Contract terms with a supplier company: one per company."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", "Weekly"
        FORTNIGHTLY = "fortnightly", "Fortnightly"
        MONTHLY = "monthly", "Monthly"
        PER_BOOKING = "per_booking", "Per booking"

    class FormOfPayment(models.TextChoices):
        BSP_ARC = "bsp_arc", "BSP / ARC"
        CREDIT_CARD = "credit_card", "Credit card"
        VIRTUAL_CARD = "virtual_card", "Virtual card"
        BANK_TRANSFER = "bank_transfer", "Bank transfer"
        INVOICE = "invoice", "Invoice"
        OTHER = "other", "Other"

    company = models.OneToOneField(Company, on_delete=models.CASCADE, related_name="supplier_terms")
    payment_terms_days = models.PositiveSmallIntegerField("payment terms (days)", null=True, blank=True)
    payment_frequency = models.CharField(max_length=20, choices=Frequency, blank=True)
    credit_line = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True, validators=NON_NEGATIVE)
    form_of_payment = models.CharField(max_length=20, choices=FormOfPayment, blank=True)
    contract_start = models.DateField("contract start", null=True, blank=True)
    contract_end = models.DateField("contract end", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "supplier terms"
        constraints = [
            *TenantModel.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(credit_line__gte=0), name="crm_supplierterms_credit_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(contract_end__gte=models.F("contract_start")),
                name="crm_supplierterms_end_after_start",
                violation_error_message="The contract cannot end before it starts.",
            ),
        ]
        indexes = [models.Index(fields=["agency", "company"], name="crm_terms_agency_company_idx")]

    def __str__(self):
        return f"Supplier terms of {self.company_id}"


class CsvImport(TenantModel):
    """One upload of a CSV file of companies or contacts: its rows, the column mapping, the
    validation report and, once run, what was written."""

    class Kind(models.TextChoices):
        COMPANIES = "companies", "Companies"
        CONTACTS = "contacts", "Contacts"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the column mapping"
        CHECKING = "checking", "Checking the rows"
        VALIDATED = "validated", "Checked"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Failed, nothing imported"

    class OnDuplicate(models.TextChoices):
        SKIP = "skip", "Skip them (keep what is in the Vault)"
        UPDATE = "update", "Update them with the file's values"

    kind = models.CharField(max_length=20, choices=Kind)
    file_name = models.CharField(max_length=255)
    encoding = models.CharField(max_length=20, default="utf-8")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # When its check or its import was last queued.
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.PENDING)
    on_duplicate = models.CharField(max_length=10, choices=OnDuplicate, default=OnDuplicate.SKIP)
    headers = models.JSONField(default=list)
    rows = models.JSONField(default=list)
    mapping = models.JSONField(default=list, blank=True)
    report = models.JSONField(default=dict, blank=True)
    total_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField("created", default=0)
    updated_count = models.PositiveIntegerField("updated", default=0)
    skipped_count = models.PositiveIntegerField("skipped", default=0)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(kind__in=["companies", "contacts"]), name="crm_csvimport_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "checking", "validated", "running", "done", "failed"]),
                name="crm_csvimport_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["agency", "created_at"], name="crm_import_agency_created_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} import {self.file_name}"

    def get_absolute_url(self):
        return reverse("crm:import-detail", kwargs={"csv_import": self.uuid})

    @property
    def is_working(self):
        """A task is checking or importing the rows."""
        return self.status in {self.Status.CHECKING, self.Status.RUNNING}
