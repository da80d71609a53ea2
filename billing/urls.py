from django.urls import path

from . import views

app_name = "billing"

urlpatterns = [
    path("", views.home, name="home"),
    path("checkout/", views.checkout, name="checkout"),
    path("portal/", views.portal, name="portal"),
    path("activating/", views.activating, name="activating"),
    path("activating/status/", views.activation_status, name="activation-status"),
    path("inactive/", views.inactive, name="inactive"),
    path("webhook/", views.webhook, name="webhook"),
]
