"""Where to send the user back to after an action."""

from django.utils.http import url_has_allowed_host_and_scheme


def next_url(request) -> str:
    """The local page the user came from (``next`` in the form or the query string), or the empty
    string when there is none or it points to another site."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    local = url.startswith("/") and not url.startswith(("//", "/\\"))
    if local and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return ""
