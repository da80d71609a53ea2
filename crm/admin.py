from django.contrib import admin

from .models import Company, Contact, CsvImport


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "agency", "company_type", "stage", "owner", "created_at"]
    list_filter = ["company_type", "stage"]
    list_select_related = ["agency", "owner"]
    search_fields = ["name", "email"]
    readonly_fields = ["uuid", "agency", "created_at", "updated_at"]
    raw_id_fields = ["owner"]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["first_name", "last_name", "company", "agency", "email"]
    list_select_related = ["agency", "company"]
    search_fields = ["first_name", "last_name", "email"]
    readonly_fields = ["uuid", "agency", "company", "created_at"]


@admin.register(CsvImport)
class CsvImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "kind", "agency", "uploaded_by", "created_at", "status", "total_rows"]
    list_filter = ["kind", "status"]
    list_select_related = ["agency", "uploaded_by"]
    exclude = ["rows"]
    readonly_fields = [
        "uuid",
        "agency",
        "uploaded_by",
        "created_at",
        "started_at",
        "finished_at",
        "report",
        "mapping",
        "headers",
    ]
