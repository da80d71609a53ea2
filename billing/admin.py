from django.contrib import admin

from .models import Invoice, ProcessedEvent, Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["agency", "status", "quantity", "current_period_end", "last_event_at"]
    list_filter = ["status"]
    search_fields = ["agency__name", "stripe_customer_id", "stripe_subscription_id"]
    readonly_fields = [field.name for field in Subscription._meta.fields]


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):
    list_display = ["agency", "number", "status", "amount_paid", "currency", "issued_at"]
    list_filter = ["status"]
    readonly_fields = [field.name for field in Invoice._meta.fields]


@admin.register(ProcessedEvent)
class ProcessedEventAdmin(admin.ModelAdmin):
    list_display = ["event_id", "type", "processed_at"]
    search_fields = ["event_id"]
    readonly_fields = [field.name for field in ProcessedEvent._meta.fields]
