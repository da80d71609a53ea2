import secrets
import unicodedata

from django.db import models

from travault.tenancy import TenantModel


def normalise_name(name: str) -> str:
    """The search key of a name: case-folded, accents and every character but letters and digits dropped."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(char for char in decomposed if char.isalnum())


class SupplierType(models.TextChoices):
    AIR = "air", "Air"
    ACCOMMODATION = "accommodation", "Accommodation"
    GROUND_TRANSPORTATION = "ground_transportation", "Ground transportation"
    RAIL = "rail", "Rail"
    OTHER = "other", "Other"


class Supplier(TenantModel):
    """An entry of the agency's supplier contact directory."""

    supplier_type = models.CharField("type", max_length=32, choices=SupplierType)
    name = models.CharField(max_length=200)
    name_key = models.CharField(
        max_length=200, editable=False, help_text="The name in lower case without punctuation, for search."
    )
    agent_websites = models.JSONField(default=list, blank=True)
    phone_numbers = models.JSONField(default=list, blank=True)
    group_email = models.EmailField(blank=True)
    general_email = models.EmailField(blank=True)
    account_manager_name = models.CharField("account manager", max_length=150, blank=True)
    account_manager_phone = models.CharField("account manager phone", max_length=20, blank=True)
    account_manager_email = models.EmailField("account manager email", blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(TenantModel.Meta):
        ordering = ["name_key", "id"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(supplier_type__in=SupplierType.values), name="agent_support_supplier_type_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "name_key"], name="agent_support_supplier_name"),
            models.Index(fields=["agency", "supplier_type", "name_key"], name="agent_support_supplier_type"),
        ]

    def __str__(self):
        return self.name


def booking_process_pdf_path(instance, filename):
    """``agent_support/<agency uuid>/<random>.pdf``: the uploaded name never reaches the storage key."""
    return f"agent_support/{instance.agency.uuid}/{secrets.token_urlsafe(24)}.pdf"


class BookingProcess(TenantModel):
    """How to book with a supplier: a titled write-up with an optional PDF, in the supplier's order."""

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="processes")
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    pdf = models.FileField("PDF", upload_to=booking_process_pdf_path, max_length=255, blank=True)
    pdf_name = models.CharField("PDF file name", max_length=150, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(TenantModel.Meta):
        ordering = ["order", "id"]
        indexes = [models.Index(fields=["agency", "supplier", "order"], name="agent_support_process_order")]

    def __str__(self):
        return self.title
