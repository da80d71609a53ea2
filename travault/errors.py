"""Styled error pages that never depend on the database or the request user."""

from django.shortcuts import render


def _error(request, status, title, message):
    return render(request, "error.html", {"status": status, "title": title, "message": message}, status=status)


def bad_request(request, exception=None):
    return _error(request, 400, "Bad request", "The request could not be understood. Please go back and try again.")


def permission_denied(request, exception=None):
    return _error(
        request, 403, "Not allowed", "Your role does not allow this. Ask an admin of your agency if you need it."
    )


def page_not_found(request, exception=None):
    return _error(request, 404, "Page not found", "This page does not exist, or it is not part of your agency.")


def server_error(request):
    return _error(
        request,
        500,
        "Something went wrong",
        "We could not complete this request. It has been logged; please try again.",
    )
