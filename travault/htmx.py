"""Requests that htmx makes for a fragment of a page."""


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"
