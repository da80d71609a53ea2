from django.urls import path

from . import import_views, views

app_name = "crm"

urlpatterns = [
    path("", views.company_list, name="company-list"),
    path("export.csv", views.company_export, name="company-export"),
    path("new/", views.company_create, name="company-create"),
    path("new/lookup/", views.company_enrich, name="company-enrich"),
    path("new/lookup/result/", views.company_enrich_result, name="company-enrich-result"),
    path("pipeline/", views.pipeline_board, name="pipeline-board"),
    path("contacts/", views.contact_list, name="contact-list"),
    path("contacts/export.csv", views.contact_export, name="contact-export"),
    path("imports/", import_views.import_list, name="import-list"),
    path("imports/companies/", import_views.import_upload, {"kind": "companies"}, name="import-companies"),
    path("imports/contacts/", import_views.import_upload, {"kind": "contacts"}, name="import-contacts"),
    path("imports/<uuid:csv_import>/", import_views.import_detail, name="import-detail"),
    path("imports/<uuid:csv_import>/mapping/", import_views.import_mapping, name="import-mapping"),
    path("imports/<uuid:csv_import>/run/", import_views.import_run, name="import-run"),
    path("imports/<uuid:csv_import>/status/", import_views.import_status, name="import-status"),
    path("<uuid:company>/", views.company_detail, name="company-detail"),
    path("<uuid:company>/contacts/", views.company_contacts, name="company-contacts"),
    path("<uuid:company>/client-notes/", views.company_notes, name="company-notes"),
    path("<uuid:company>/supplier-terms/", views.company_supplier_terms, name="company-supplier-terms"),
    path("<uuid:company>/edit/", views.company_edit, name="company-edit"),
    path("<uuid:company>/delete/", views.company_delete, name="company-delete"),
    path("<uuid:company>/stage/", views.company_move, name="company-move"),
    path("<uuid:company>/contacts/new/", views.contact_create, name="contact-create"),
    path("<uuid:company>/client-notes/edit/", views.company_notes_edit, name="company-notes-edit"),
    path("<uuid:company>/client-notes/clear/", views.company_notes_clear, name="company-notes-clear"),
    path("<uuid:company>/fees/new/", views.fee_create, name="fee-create"),
    path("<uuid:company>/supplier-terms/edit/", views.supplier_terms_edit, name="supplier-terms-edit"),
    path("contacts/<uuid:contact>/edit/", views.contact_edit, name="contact-edit"),
    path("contacts/<uuid:contact>/delete/", views.contact_delete, name="contact-delete"),
    path("fees/<uuid:fee>/edit/", views.fee_edit, name="fee-edit"),
    path("fees/<uuid:fee>/delete/", views.fee_delete, name="fee-delete"),
]
