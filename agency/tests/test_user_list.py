import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from agency import services
from agency.tests.factories import UserFactory, invitation_with_token
from travault.permissions import Role

pytestmark = pytest.mark.django_db

URL = reverse("agency:user-list")


def test_it_requires_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_it_is_forbidden_to_a_consultant(consultant_client):
    assert consultant_client.get(URL).status_code == 403


def test_it_lists_only_the_agency_users_with_role_status_login_and_2fa(agency, admin_client, admin_user, outsider):
    enrolled = UserFactory(agency=agency, role=Role.SALES, email="sales@bluewave.example")
    Authenticator.objects.create(user=enrolled, type=Authenticator.Type.TOTP, data={})
    UserFactory(agency=agency, email="gone@bluewave.example", is_active=False)

    response = admin_client.get(URL)

    assert response.status_code == 200
    rows = {member.email: member for member in response.context["users"]}
    assert set(rows) == {admin_user.email, "sales@bluewave.example", "gone@bluewave.example"}
    assert rows["sales@bluewave.example"].has_2fa
    assert not rows[admin_user.email].has_2fa
    assert "Deactivated" in response.text
    assert outsider.email not in response.text


def test_it_shows_pending_invitations_and_the_audit_trail(agency, admin_client, admin_user, other_agency):
    services.invitation_create(
        agency=agency, invited_by=admin_user, email="nia@example.com", first_name="Nia", last_name="P", role="sales"
    )
    revoked, _ = invitation_with_token(agency, email="revoked@example.com")
    services.invitation_revoke(invitation=revoked, actor=admin_user)
    invitation_with_token(other_agency, email="rival-invitee@example.com")

    response = admin_client.get(URL)

    assert [invitation.email for invitation in response.context["invitations"]] == ["nia@example.com"]
    assert [entry.action for entry in response.context["audit"]] == ["invite_revoke", "invite"]
    assert "rival-invitee@example.com" not in response.text


def test_it_runs_a_fixed_number_of_queries(agency, admin_client, admin_user, django_assert_num_queries):
    def populate(n):
        for _ in range(n):
            member = UserFactory(agency=agency)
            Authenticator.objects.create(user=member, type=Authenticator.Type.TOTP, data={})
            invitation_with_token(agency, invited_by=admin_user)
            services.user_deactivate(user=member, actor=admin_user)

    populate(1)
    with django_assert_num_queries(8):
        admin_client.get(URL)
    populate(6)
    with django_assert_num_queries(8):
        admin_client.get(URL)
