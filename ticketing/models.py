from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse

from travault.tenancy import TenantModel


class CategoryType(models.TextChoices):
    CLIENT = "client", "Client"
    SUPPLIER = "supplier", "Supplier"
    INTERNAL = "internal", "Internal"


class Category(models.TextChoices):
    COMPLAINT = "complaint", "Complaint"
    QUERY = "query", "Query"
    REQUEST = "request", "Request"
    SUPPLIER_ERROR = "supplier_error", "Supplier error"
    SUPPLIER_QUERY = "supplier_query", "Supplier query"
    PAYMENT_INVOICE = "payment_invoice", "Payment or invoice"
    CONSULTANT_ERROR = "consultant_error", "Consultant error"
    SYSTEM_ERROR = "system_error", "System error"
    SYSTEM_QUERY = "system_query", "System query"
    ENHANCEMENT = "enhancement", "Enhancement"


CATEGORIES_BY_TYPE = {
    CategoryType.CLIENT: (Category.COMPLAINT, Category.QUERY, Category.REQUEST),
    CategoryType.SUPPLIER: (Category.SUPPLIER_ERROR, Category.SUPPLIER_QUERY, Category.PAYMENT_INVOICE),
    CategoryType.INTERNAL: (
        Category.CONSULTANT_ERROR,
        Category.SYSTEM_ERROR,
        Category.SYSTEM_QUERY,
        Category.ENHANCEMENT,
    ),
}


class Priority(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    URGENT = "urgent", "Urgent"


class Status(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    AWAITING_CLIENT = "awaiting_client", "Awaiting client"
    AWAITING_SUPPLIER = "awaiting_supplier", "Awaiting supplier"
    CLOSED = "closed", "Closed"


class TicketSubject(TenantModel):
    """An entry of the agency's managed list of ticket subjects."""

    name = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(F("agency"), Lower("name"), name="ticketing_ticketsubject_name_ci_unique"),
        ]

    def __str__(self):
        return self.name


class TicketCounter(TenantModel):
    """The last ticket number given out in an agency; its row is locked while a number is taken."""

    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(fields=["agency"], name="ticketing_ticketcounter_agency_unique"),
        ]


class Ticket(TenantModel):
    CategoryType = CategoryType
    Category = Category
    Priority = Priority
    Status = Status

    number = models.PositiveIntegerField(editable=False)
    category_type = models.CharField("type", max_length=20, choices=CategoryType, default=CategoryType.CLIENT)
    category = models.CharField(max_length=30, choices=Category)
    company = models.ForeignKey("crm.Company", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey("crm.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    subject = models.ForeignKey(TicketSubject, on_delete=models.PROTECT, related_name="tickets")
    description = models.TextField()
    priority = models.CharField(max_length=20, choices=Priority, default=Priority.MEDIUM)
    status = models.CharField(max_length=20, choices=Status, default=Status.OPEN)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(fields=["agency", "number"], name="ticketing_ticket_agency_number_unique"),
            models.CheckConstraint(
                condition=Q(category_type__in=CategoryType.values), name="ticketing_ticket_category_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(
                    *(Q(category_type=kind, category__in=list(cats)) for kind, cats in CATEGORIES_BY_TYPE.items()),
                    _connector=Q.OR,
                ),
                name="ticketing_ticket_category_fits_type",
            ),
            models.CheckConstraint(
                condition=Q(category_type=CategoryType.INTERNAL) | Q(company__isnull=False),
                name="ticketing_ticket_company_required",
            ),
            models.CheckConstraint(condition=Q(priority__in=Priority.values), name="ticketing_ticket_priority_valid"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="ticketing_ticket_status_valid"),
            models.CheckConstraint(
                condition=Q(status=Status.CLOSED, closed_at__isnull=False)
                | (~Q(status=Status.CLOSED) & Q(closed_at=None)),
                name="ticketing_ticket_closed_at_iff_closed",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "status", "created_at"], name="ticketing_ticket_status_idx"),
            models.Index(fields=["agency", "category_type", "status"], name="ticketing_ticket_type_idx"),
            models.Index(fields=["agency", "priority", "status"], name="ticketing_ticket_priority_idx"),
            models.Index(fields=["agency", "assignee", "status"], name="ticketing_ticket_assignee_idx"),
            models.Index(fields=["agency", "owner", "status"], name="ticketing_ticket_owner_idx"),
            models.Index(fields=["agency", "company", "created_at"], name="ticketing_ticket_company_idx"),
            models.Index(fields=["agency", "subject", "status"], name="ticketing_ticket_subject_idx"),
            models.Index(fields=["agency", "created_at"], name="ticketing_ticket_created_idx"),
            models.Index(fields=["agency", "closed_at"], name="ticketing_ticket_closed_idx"),
            models.Index(fields=["agency", "updated_at"], name="ticketing_ticket_updated_idx"),
        ]

    def __str__(self):
        return f"#{self.number} {self.subject}"

    def get_absolute_url(self):
        return reverse("ticketing:ticket-detail", kwargs={"number": self.number})

    @property
    def is_closed(self):
        return self.status == Status.CLOSED

    @property
    def reference(self):
        return f"#{self.number}"


class ActionKind(models.TextChoices):
    ACTION_TAKEN = "action_taken", "Action taken"
    UPDATE = "update", "Update"
    RESPONSE = "response", "Response"
    OUTCOME = "outcome", "Outcome"
    SYSTEM = "system", "System"


class TicketAction(TenantModel):
    Kind = ActionKind

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(max_length=20, choices=ActionKind)
    details = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.CheckConstraint(condition=Q(kind__in=ActionKind.values), name="ticketing_ticketaction_kind_valid"),
        ]
        indexes = [models.Index(fields=["agency", "ticket", "created_at"], name="ticketing_action_ticket_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} on ticket {self.ticket_id}"

    @property
    def is_system(self):
        return self.kind == self.Kind.SYSTEM
