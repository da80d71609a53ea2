from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Agency, AuditEntry, Invitation, User


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "vat_number", "company_reg_number", "business_focus", "created_at"]
    search_fields = ["name", "email", "vat_number", "company_reg_number"]
    readonly_fields = ["uuid", "created_at", "updated_at"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "agency", "role", "is_active"]
    list_filter = ["role", "is_active", "is_staff"]
    list_select_related = ["agency"]
    search_fields = ["email", "first_name", "last_name"]
    readonly_fields = ["uuid", "last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["uuid", "email", "password"]}),
        ("Person", {"fields": ["first_name", "last_name"]}),
        ("Agency", {"fields": ["agency", "role"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "first_name", "last_name", "password1", "password2"]})
    ]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "agency", "role", "sent_at", "expires_at", "accepted_at", "revoked_at"]
    list_select_related = ["agency"]
    search_fields = ["email", "agency__name"]
    exclude = ["token_hash"]
    readonly_fields = ["uuid", "agency", "invited_by", "user", "created_at", "sent_at", "expires_at"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "agency", "actor", "action", "target_email"]
    list_filter = ["action"]
    list_select_related = ["agency", "actor"]
    search_fields = ["target_email", "agency__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
