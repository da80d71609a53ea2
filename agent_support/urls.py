from django.urls import path

from . import views

app_name = "agent_support"

urlpatterns = [
    path("", views.supplier_list, name="supplier-list"),
    path("new/", views.supplier_create, name="supplier-create"),
    path("<uuid:uuid>/details/", views.supplier_details, name="supplier-details"),
    path("<uuid:uuid>/edit/", views.supplier_update, name="supplier-update"),
    path("<uuid:uuid>/delete/", views.supplier_delete, name="supplier-delete"),
    path("processes/<uuid:uuid>/pdf/", views.process_pdf, name="process-pdf"),
]
