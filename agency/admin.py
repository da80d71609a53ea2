from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Agency, User


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
