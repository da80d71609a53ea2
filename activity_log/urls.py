from django.urls import path

from . import views

app_name = "activity_log"

urlpatterns = [
    path("company/<uuid:company>/", views.company_timeline, name="company-timeline"),
    path("company/<uuid:company>/log/", views.activity_create, name="activity-create"),
    path("company/<uuid:company>/reminders/new/", views.reminder_create, name="reminder-create"),
    path("reminders/", views.my_reminders, name="my-reminders"),
    path("reminders/<uuid:reminder>/done/", views.reminder_done, name="reminder-done"),
    path("reminders/<uuid:reminder>/snooze/", views.reminder_snooze, name="reminder-snooze"),
    path("<uuid:activity>/", views.activity_detail, name="activity-detail"),
    path("<uuid:activity>/edit/", views.activity_edit, name="activity-edit"),
    path("<uuid:activity>/delete/", views.activity_delete, name="activity-delete"),
]
