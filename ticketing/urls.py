from django.urls import path

from . import views

app_name = "ticketing"

urlpatterns = [
    path("", views.ticket_board, name="ticket-board"),
    path("export.csv", views.ticket_export, name="ticket-export"),
    path("new/", views.ticket_create, name="ticket-create"),
    path("new/companies/", views.company_options, name="company-options"),
    path("new/contacts/", views.contact_options, name="contact-options"),
    path("subjects/", views.subject_list, name="subject-list"),
    path("subjects/<uuid:subject>/rename/", views.subject_rename, name="subject-rename"),
    path("subjects/<uuid:subject>/delete/", views.subject_delete, name="subject-delete"),
    path("<int:number>/", views.ticket_detail, name="ticket-detail"),
    path("<int:number>/change/", views.ticket_update, name="ticket-update"),
    path("<int:number>/edit/", views.ticket_edit, name="ticket-edit"),
    path("<int:number>/close/", views.ticket_close, name="ticket-close"),
    path("<int:number>/reopen/", views.ticket_reopen, name="ticket-reopen"),
    path("<int:number>/delete/", views.ticket_delete, name="ticket-delete"),
    path("<int:number>/actions/", views.action_add, name="action-add"),
    path("<int:number>/actions/<uuid:action>/edit/", views.action_edit, name="action-edit"),
    path("<int:number>/actions/<uuid:action>/delete/", views.action_delete, name="action-delete"),
]
