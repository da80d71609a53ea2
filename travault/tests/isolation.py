"""Machinery of the tenant-isolation test: every URL pattern that takes an argument is either
mapped to a builder of agency A's objects (``<app>/tests/isolation.py``: ``ROUTES``) or exempt
here with a reason. An unmapped pattern fails the suite."""

import importlib
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.forms.models import model_to_dict
from django.urls import URLPattern, URLResolver, get_resolver

PROJECT_APPS = ["travault", "agency", "billing", "crm", "activity_log", "ticketing", "agent_support", "dashboard"]

# Third-party routes with arguments that address no tenant object.
EXEMPT_NAMESPACES = {"admin": "Django admin: platform staff only, no agency."}
EXEMPT_ROUTES = {
    "account_confirm_email": "allauth: the argument is a signed verification key, not an object id.",
    "account_reset_password_from_key": "allauth: the arguments are a signed reset token, not an object id.",
}


def _failed_email(agency):
    from travault.models import OutboundEmail

    email = OutboundEmail.objects.create(
        agency=agency, to=["someone@example.com"], subject="Hello", body_text="Hi", status=OutboundEmail.Status.FAILED
    )
    return {"uuid": email.uuid}


# The project package's own routes (the outbox page); each app lists its own in <app>/tests/isolation.py.
ROUTES = {"outbox-retry": _failed_email}


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    takes_arguments: bool


def iter_routes(patterns, namespace="", prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from iter_routes(entry.url_patterns, ns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            full = prefix + str(entry.pattern)
            name = f"{namespace}{entry.name}" if entry.name else f"{namespace}<unnamed {full}>"
            takes_arguments = bool(entry.pattern.regex.groupindex) or "<" in full or "(?P" in full
            yield Route(name=name, pattern=full, takes_arguments=takes_arguments)


def is_exempt(route):
    namespace = route.name.split(":", 1)[0] if ":" in route.name else ""
    return namespace in EXEMPT_NAMESPACES or route.name in EXEMPT_ROUTES


def collect_route_builders():
    builders = {}
    for app in PROJECT_APPS:
        try:
            module = importlib.import_module(f"{app}.tests.isolation")
        except ModuleNotFoundError as exc:
            if exc.name not in {f"{app}.tests", f"{app}.tests.isolation"}:
                raise
            continue
        duplicated = builders.keys() & module.ROUTES.keys()
        if duplicated:
            raise AssertionError(f"Routes mapped twice: {sorted(duplicated)}")
        builders.update(module.ROUTES)
    return builders


def unmapped_routes(patterns, builders):
    """Routes taking an argument that have no builder and no exemption."""
    return sorted(
        route.name
        for route in iter_routes(patterns)
        if route.takes_arguments and not is_exempt(route) and route.name not in builders
    )


def assert_every_route_mapped(patterns, builders):
    missing = unmapped_routes(patterns, builders)
    assert not missing, (
        "These URL patterns take an object id but the isolation test has no fixture for them; "
        f"add them to ROUTES in <app>/tests/isolation.py: {missing}"
    )


def project_patterns():
    return get_resolver(settings.ROOT_URLCONF).url_patterns


def tenant_models():
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS and any(f.name == "agency" for f in model._meta.concrete_fields)
    ]


def agency_snapshot(agency):
    """Every field of every row that belongs to ``agency``, to prove a request changed nothing."""
    snapshot = {"agency": model_to_dict(type(agency).objects.get(pk=agency.pk))}
    for model in tenant_models():
        rows = model._default_manager.filter(agency=agency).order_by("pk")
        snapshot[model._meta.label] = [
            {f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields} for row in rows
        ]
    return snapshot
