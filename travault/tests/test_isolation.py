"""A user of agency B gets 404 for every object of agency A, by GET and by POST, and nothing of A changes."""

import pytest
from django.urls import path, reverse

from travault.tests.isolation import (
    agency_snapshot,
    assert_every_route_mapped,
    collect_route_builders,
    iter_routes,
    project_patterns,
    unmapped_routes,
)

BUILDERS = collect_route_builders()


def test_it_maps_every_url_pattern_that_takes_an_id():
    assert_every_route_mapped(project_patterns(), BUILDERS)


def test_it_fails_when_a_pattern_is_unmapped():
    def view(request, pk):
        raise AssertionError("never called")

    patterns = [*project_patterns(), path("widgets/<uuid:pk>/", view, name="widget-detail")]

    assert unmapped_routes(patterns, BUILDERS) == ["widget-detail"]
    with pytest.raises(AssertionError, match="widget-detail"):
        assert_every_route_mapped(patterns, BUILDERS)


def test_it_enumerates_nested_namespaces():
    names = {route.name for route in iter_routes(project_patterns())}
    assert {"healthz", "dashboard:home", "account_login", "account_confirm_email"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("route_name", sorted(BUILDERS))
def test_it_answers_404_to_another_agency(route_name, agency, outsider_client):
    url = reverse(route_name, kwargs=BUILDERS[route_name](agency))
    before = agency_snapshot(agency)

    get = outsider_client.get(url)
    post = outsider_client.post(url, data={})

    assert {get.status_code, post.status_code} <= {404, 405}, (route_name, get.status_code, post.status_code)
    assert 404 in {get.status_code, post.status_code}
    assert agency_snapshot(agency) == before
