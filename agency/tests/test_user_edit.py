import pytest
from django.urls import reverse

from agency.models import AuditEntry
from agency.tests.factories import UserFactory
from travault.permissions import Role

pytestmark = pytest.mark.django_db


def url(user):
    return reverse("agency:user-edit", kwargs={"user": user.uuid})


def test_it_requires_login(client, consultant):
    assert client.get(url(consultant)).url.startswith(reverse("account_login"))


def test_it_answers_404_for_a_user_of_another_agency(admin_client, outsider):
    assert admin_client.get(url(outsider)).status_code == 404
    data = {"first_name": "A", "last_name": "B", "role": "consultant"}
    assert admin_client.post(url(outsider), data).status_code == 404
    outsider.refresh_from_db()
    assert outsider.role == Role.ADMIN
    assert outsider.first_name != "A"


def test_it_is_forbidden_to_a_consultant(consultant_client, admin_user):
    response = consultant_client.post(url(admin_user), {"first_name": "A", "last_name": "B", "role": "consultant"})

    assert response.status_code == 403
    admin_user.refresh_from_db()
    assert admin_user.role == Role.ADMIN


def test_it_edits_name_and_role(admin_client, consultant):
    assert admin_client.get(url(consultant)).status_code == 200

    response = admin_client.post(url(consultant), {"first_name": "Cleo", "last_name": "Sales", "role": "sales"})

    assert response.url == reverse("agency:user-list")
    consultant.refresh_from_db()
    assert (consultant.get_full_name(), consultant.role) == ("Cleo Sales", Role.SALES)
    assert AuditEntry.objects.get().action == "role_change"


def test_it_refuses_to_demote_the_last_admin_and_saves_nothing(admin_client, admin_user):
    response = admin_client.post(url(admin_user), {"first_name": "Renamed", "last_name": "X", "role": "manager"})

    assert response.status_code == 200
    assert "last active admin" in response.text
    admin_user.refresh_from_db()
    assert (admin_user.role, admin_user.first_name) == (Role.ADMIN, admin_user.first_name)
    assert admin_user.first_name != "Renamed"
    assert not AuditEntry.objects.exists()


def test_it_refuses_an_unknown_role(admin_client, agency):
    member = UserFactory(agency=agency)

    response = admin_client.post(url(member), {"first_name": "A", "last_name": "B", "role": "superuser"})

    assert response.status_code == 200
    assert response.context["form"].errors["role"]
    member.refresh_from_db()
    assert member.role == Role.CONSULTANT


def test_it_runs_a_fixed_number_of_queries(admin_client, consultant, django_assert_num_queries):
    with django_assert_num_queries(4):
        assert admin_client.get(url(consultant)).status_code == 200
