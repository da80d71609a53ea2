from django.contrib import admin
from django.urls import include, path

from travault.health import healthz
from travault.outbox_views import outbox_list, outbox_retry

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("settings/email/", outbox_list, name="outbox-list"),
    path("settings/email/<uuid:uuid>/retry/", outbox_retry, name="outbox-retry"),
    path("accounts/", include("allauth.urls")),
    path("billing/", include("billing.urls")),
    path("agent-support/", include("agent_support.urls")),
    path("", include("agency.urls")),
    path("vault/", include("crm.urls")),
    path("activity/", include("activity_log.urls")),
    path("tickets/", include("ticketing.urls")),
    path("", include("dashboard.urls")),
]

handler400 = "travault.errors.bad_request"
handler403 = "travault.errors.permission_denied"
handler404 = "travault.errors.page_not_found"
handler500 = "travault.errors.server_error"
