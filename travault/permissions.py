"""Roles and the permission matrix: one table in code, enforced on the server in one decorator.

Templates read the same table through the ``can`` context variable, only to hide what a
role cannot use.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Admin"
    MANAGER = "manager", "Manager"
    SALES = "sales", "Sales"
    CONSULTANT = "consultant", "Consultant"


ALL_ROLES = frozenset(Role)
ADMIN_ONLY = frozenset({Role.ADMIN})
ADMIN_MANAGER = frozenset({Role.ADMIN, Role.MANAGER})

PERMISSIONS = {
    "manage_users": ADMIN_ONLY,
    "manage_billing": ADMIN_ONLY,
    "edit_agency": ADMIN_ONLY,
    "view_crm": ALL_ROLES,
    "edit_crm": frozenset({Role.ADMIN, Role.MANAGER, Role.SALES}),
    "delete_crm": ADMIN_MANAGER,
    "log_activity": ALL_ROLES,
    "manage_any_activity": ADMIN_MANAGER,
    "work_tickets": ALL_ROLES,
    "reopen_tickets": ADMIN_MANAGER,
    "delete_tickets": ADMIN_ONLY,
    "manage_subjects": ADMIN_MANAGER,
    "view_suppliers": ALL_ROLES,
    "edit_suppliers": ALL_ROLES,
    "delete_suppliers": ADMIN_MANAGER,
    "manage_any_ticket_action": ADMIN_MANAGER,
}


def has_permission(user, permission):
    if permission not in PERMISSIONS:
        raise KeyError(f"Unknown permission {permission!r}")
    if user is None or not user.is_authenticated or getattr(user, "agency_id", None) is None:
        return False
    return user.role in PERMISSIONS[permission]


def permission_required(permission, *, object_rule=""):
    """Login required, then 403 unless the user's role grants ``permission``.

    ``object_rule`` names a further per-object check the view makes (e.g. "the author, or
    manage_any_activity"), so the role-matrix test knows a 403 may come from it."""
    if permission not in PERMISSIONS:
        raise KeyError(f"Unknown permission {permission!r}")

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_permission(request.user, permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_permission = permission
        wrapped.object_rule = object_rule
        return login_required(wrapped)

    return decorator


class _Can:
    def __init__(self, user):
        self.user = user

    def __getitem__(self, permission):
        return has_permission(self.user, permission)

    def __contains__(self, permission):
        return self[permission]


def context(request):
    return {"can": _Can(getattr(request, "user", None))}
