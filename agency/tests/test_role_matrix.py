"""Every role against every view of the project that declares a permission: 403 where the
PERMISSIONS table forbids it, an answer other than 403 (and never a 500) where it allows it.

Views are found through the URL resolver (``@permission_required`` marks them with
``required_permission``), and arguments come from the isolation test's ROUTES builders, so a view
added by any app is walked without touching this file."""

import pytest
from django.urls import URLPattern, URLResolver, reverse

from agency.tests.factories import UserFactory
from travault.permissions import PERMISSIONS, Role
from travault.tests.isolation import collect_route_builders, project_patterns

BUILDERS = collect_route_builders()


def protected_routes(patterns, namespace=""):
    """(route name, permission, takes arguments, per-object rule) of every view that declares a permission."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from protected_routes(
                entry.url_patterns, f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            )
        elif isinstance(entry, URLPattern):
            permission = getattr(entry.callback, "required_permission", None)
            if permission is not None:
                yield (
                    f"{namespace}{entry.name}",
                    permission,
                    bool(entry.pattern.regex.groupindex),
                    entry.callback.object_rule,
                )


ROUTES = sorted(protected_routes(project_patterns()))
CASES = [(name, permission, role) for name, permission, _, _ in ROUTES for role in Role]


def test_it_finds_the_protected_views():
    names = {name for name, *_ in ROUTES}

    assert {"agency:user-list", "agency:user-deactivate", "agency:agency-profile"} <= names
    assert "agency:profile" not in names


def test_it_has_arguments_for_every_protected_view_that_takes_them():
    missing = [name for name, _, takes_arguments, _ in ROUTES if takes_arguments and name not in BUILDERS]

    assert not missing, f"Add these routes to ROUTES in <app>/tests/isolation.py: {missing}"


@pytest.mark.django_db
@pytest.mark.parametrize(("route_name", "permission", "role"), CASES)
def test_it_enforces_the_permission_matrix(client, agency, admin_user, route_name, permission, role):
    takes_arguments, object_rule = next((args, rule) for name, _, args, rule in ROUTES if name == route_name)
    url = reverse(route_name, kwargs=BUILDERS[route_name](agency) if takes_arguments else None)
    user = admin_user if role == Role.ADMIN else UserFactory(agency=agency, role=role)
    client.force_login(user)

    get = client.get(url).status_code
    post = client.post(url).status_code

    if role not in PERMISSIONS[permission]:
        assert {get, post} <= {403, 405} and 403 in {get, post}, (route_name, role, get, post)
    elif object_rule:
        # Another user's object: the role passes, then the per-object rule may still refuse.
        assert get in {200, 204, 302, 403, 405} and post < 500, (route_name, role, get, post)
    else:
        assert get in {200, 204, 302, 405}, (route_name, role, get)
        assert post != 403, (route_name, role, post)
        assert post < 500, (route_name, role, post)
