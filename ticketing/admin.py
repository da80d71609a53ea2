from django.contrib import admin

from .models import Ticket, TicketAction, TicketSubject


@admin.register(TicketSubject)
class TicketSubjectAdmin(admin.ModelAdmin):
    list_display = ["name", "agency"]
    list_filter = ["agency"]
    search_fields = ["name"]


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    list_display = ["number", "agency", "subject", "status", "priority", "created_at"]
    list_filter = ["agency", "status", "priority", "category_type"]
    raw_id_fields = ["company", "contact", "subject", "owner", "assignee"]


@admin.register(TicketAction)
class TicketActionAdmin(admin.ModelAdmin):
    list_display = ["ticket", "kind", "author", "created_at"]
    list_filter = ["agency", "kind"]
    raw_id_fields = ["ticket", "author"]
