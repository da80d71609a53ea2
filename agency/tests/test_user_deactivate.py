import pytest
from django.urls import reverse

from agency import services
from agency.models import AuditEntry
from agency.tests.factories import TEST_PASSWORD, UserFactory
from travault.permissions import Role

pytestmark = pytest.mark.django_db


def url(name, user):
    return reverse(name, kwargs={"user": user.uuid})


@pytest.mark.parametrize("name", ["agency:user-deactivate", "agency:user-reactivate"])
def test_it_requires_login(client, consultant, name):
    assert client.post(url(name, consultant)).url.startswith(reverse("account_login"))


@pytest.mark.parametrize("name", ["agency:user-deactivate", "agency:user-reactivate"])
def test_it_refuses_get(admin_client, consultant, name):
    assert admin_client.get(url(name, consultant)).status_code == 405


@pytest.mark.parametrize("name", ["agency:user-deactivate", "agency:user-reactivate"])
def test_it_is_forbidden_to_a_consultant(consultant_client, agency, name):
    member = UserFactory(agency=agency, is_active=name == "agency:user-deactivate")

    assert consultant_client.post(url(name, member)).status_code == 403

    member.refresh_from_db()
    assert member.is_active == (name == "agency:user-deactivate")
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("name", ["agency:user-deactivate", "agency:user-reactivate"])
def test_it_answers_404_for_a_user_of_another_agency(admin_client, outsider, name):
    assert admin_client.post(url(name, outsider)).status_code == 404
    outsider.refresh_from_db()
    assert outsider.is_active


def test_it_deactivates_a_user_who_then_cannot_log_in(admin_client, client, consultant):
    response = admin_client.post(url("agency:user-deactivate", consultant), follow=True)

    assert "can no longer log in" in response.text
    consultant.refresh_from_db()
    assert not consultant.is_active
    admin_client.post(reverse("account_logout"))
    login = client.post(reverse("account_login"), {"login": consultant.email, "password": TEST_PASSWORD})
    assert "_auth_user_id" not in client.session
    assert login.url == reverse("account_inactive")


def test_it_ends_the_session_of_a_deactivated_user(admin_user, consultant, client):
    client.force_login(consultant)

    services.user_deactivate(user=consultant, actor=admin_user)

    response = client.get(reverse("dashboard:home"))
    assert response.url.startswith(reverse("account_login"))


def test_it_reactivates(admin_client, agency):
    member = UserFactory(agency=agency, is_active=False)

    admin_client.post(url("agency:user-reactivate", member))

    member.refresh_from_db()
    assert member.is_active
    assert AuditEntry.objects.get().action == "reactivate"


def test_it_refuses_self_deactivation(admin_client, admin_user, agency):
    UserFactory(agency=agency, role=Role.ADMIN)

    response = admin_client.post(url("agency:user-deactivate", admin_user), follow=True)

    assert "cannot deactivate yourself" in response.text
    admin_user.refresh_from_db()
    assert admin_user.is_active
    assert not AuditEntry.objects.exists()
