import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from agency.models import User
from agency.tests.factories import UserFactory
from travault.permissions import PERMISSIONS, Role, has_permission, permission_required
from travault.tenancy import TenancyMiddleware, get_for_agency_or_404, scoped

pytestmark = pytest.mark.django_db


def request_for(user):
    request = RequestFactory().get("/")
    request.user = user
    TenancyMiddleware(lambda r: HttpResponse())(request)
    return request


def test_it_puts_the_users_agency_on_the_request(consultant):
    assert request_for(consultant).agency == consultant.agency


def test_it_works_in_the_agencys_timezone(consultant):
    from django.utils import timezone

    consultant.agency.timezone = "Asia/Singapore"
    request = RequestFactory().get("/")
    request.user = consultant
    seen = []
    TenancyMiddleware(lambda r: seen.append(timezone.get_current_timezone_name()) or HttpResponse())(request)

    assert seen == ["Asia/Singapore"]
    assert timezone.get_current_timezone_name() == "Europe/London"


def test_it_gives_anonymous_requests_no_agency():
    from django.contrib.auth.models import AnonymousUser

    assert request_for(AnonymousUser()).agency is None


def test_it_finds_an_object_of_the_requests_agency(consultant, admin_user):
    assert get_for_agency_or_404(User, request_for(consultant), uuid=admin_user.uuid) == admin_user


def test_it_answers_404_for_another_agencys_object_and_a_missing_one(consultant, outsider):
    request = request_for(consultant)

    with pytest.raises(Http404) as foreign:
        get_for_agency_or_404(User, request, uuid=outsider.uuid)
    with pytest.raises(Http404) as missing:
        get_for_agency_or_404(User, request, uuid="00000000-0000-0000-0000-000000000000")

    assert str(foreign.value) == str(missing.value)


def test_it_answers_404_for_a_malformed_id(consultant):
    with pytest.raises(Http404):
        get_for_agency_or_404(User, request_for(consultant), uuid="not-a-uuid")


def test_it_scopes_querysets_and_gives_nothing_without_an_agency(consultant, outsider):
    platform_staff = UserFactory(agency=None, is_staff=True)

    assert set(scoped(User, request_for(consultant))) == {consultant}
    assert list(scoped(User.objects.all(), request_for(platform_staff))) == []


@pytest.mark.parametrize("role", list(Role))
def test_it_grants_permissions_from_the_one_table(role, agency):
    user = UserFactory(agency=agency, role=role)

    for permission, roles in PERMISSIONS.items():
        assert has_permission(user, permission) is (role in roles)


def test_it_forbids_a_role_without_the_permission(consultant, admin_user):
    view = permission_required("manage_users")(lambda request: HttpResponse("ok"))

    assert view(request_for(admin_user)).status_code == 200
    with pytest.raises(PermissionDenied):
        view(request_for(consultant))


def test_it_sends_anonymous_users_to_login():
    from django.contrib.auth.models import AnonymousUser

    view = permission_required("view_crm")(lambda request: HttpResponse("ok"))
    response = view(request_for(AnonymousUser()))

    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_it_refuses_an_unknown_permission_name():
    with pytest.raises(KeyError):
        permission_required("launch_rockets")
