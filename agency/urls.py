from django.urls import path

from . import views

app_name = "agency"

urlpatterns = [
    path("users/", views.user_list, name="user-list"),
    path("users/invite/", views.invitation_create, name="invitation-create"),
    path("users/<uuid:user>/edit/", views.user_edit, name="user-edit"),
    path("users/<uuid:user>/deactivate/", views.user_deactivate, name="user-deactivate"),
    path("users/<uuid:user>/reactivate/", views.user_reactivate, name="user-reactivate"),
    path("invitations/<uuid:invitation>/resend/", views.invitation_resend, name="invitation-resend"),
    path("invitations/<uuid:invitation>/revoke/", views.invitation_revoke, name="invitation-revoke"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("profile/", views.profile, name="profile"),
    path("agency/", views.agency_profile, name="agency-profile"),
]
