"""The project's URLs plus ``/bench/ping``: a view that does nothing, behind the full middleware stack."""

from django.http import HttpResponse
from django.urls import path

from travault import urls


def ping(request):
    return HttpResponse("pong", content_type="text/plain")


urlpatterns = [path("bench/ping", ping, name="bench-ping"), *urls.urlpatterns]
handler400 = urls.handler400
handler403 = urls.handler403
handler404 = urls.handler404
handler500 = urls.handler500
