import pytest
from django.core.exceptions import ValidationError

from agency import services
from agency.models import AuditEntry
from agency.tests.factories import UserFactory
from travault.permissions import Role

pytestmark = pytest.mark.django_db


def test_it_changes_a_role_and_audits_before_and_after(agency, admin_user, consultant):
    services.user_update_role(user=consultant, actor=admin_user, role=Role.MANAGER)

    consultant.refresh_from_db()
    assert consultant.role == Role.MANAGER
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.target_user) == ("role_change", admin_user, consultant)
    assert entry.details == {"before": "consultant", "after": "manager"}


def test_it_writes_no_audit_row_when_the_role_is_unchanged(admin_user, consultant):
    services.user_update(user=consultant, actor=admin_user, first_name="Cleo", last_name="Nsult", role=Role.CONSULTANT)

    consultant.refresh_from_db()
    assert consultant.get_full_name() == "Cleo Nsult"
    assert not AuditEntry.objects.exists()


def test_it_refuses_to_demote_the_last_active_admin(admin_user):
    with pytest.raises(ValidationError, match="last active admin"):
        services.user_update(user=admin_user, actor=admin_user, first_name="X", last_name="Y", role=Role.MANAGER)

    admin_user.refresh_from_db()
    assert (admin_user.role, admin_user.first_name) == (Role.ADMIN, admin_user.first_name)
    assert admin_user.first_name != "X"
    assert not AuditEntry.objects.exists()


def test_it_counts_only_active_admins_as_others(agency, admin_user):
    UserFactory(agency=agency, role=Role.ADMIN, is_active=False)

    with pytest.raises(ValidationError):
        services.user_update_role(user=admin_user, actor=admin_user, role=Role.SALES)


def test_it_demotes_an_admin_when_another_is_active(agency, admin_user):
    UserFactory(agency=agency, role=Role.ADMIN)

    services.user_update_role(user=admin_user, actor=admin_user, role=Role.SALES)

    admin_user.refresh_from_db()
    assert admin_user.role == Role.SALES


def test_it_deactivates_and_reactivates_with_audit_and_seat_signals(
    agency, admin_user, consultant, django_capture_on_commit_callbacks, seat_changes
):
    with django_capture_on_commit_callbacks(execute=True):
        services.user_deactivate(user=consultant, actor=admin_user)
    consultant.refresh_from_db()
    assert not consultant.is_active

    with django_capture_on_commit_callbacks(execute=True):
        services.user_reactivate(user=consultant, actor=admin_user)
    consultant.refresh_from_db()
    assert consultant.is_active

    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == ["deactivate", "reactivate"]
    assert seat_changes == [agency.pk, agency.pk]


def test_it_refuses_self_deactivation(agency, admin_user, seat_changes):
    UserFactory(agency=agency, role=Role.ADMIN)

    with pytest.raises(ValidationError, match="yourself"):
        services.user_deactivate(user=admin_user, actor=admin_user)

    admin_user.refresh_from_db()
    assert admin_user.is_active
    assert not AuditEntry.objects.exists()
    assert seat_changes == []


def test_it_refuses_to_deactivate_the_last_active_admin(agency, admin_user):
    other_admin = UserFactory(agency=agency, role=Role.ADMIN)
    services.user_deactivate(user=other_admin, actor=admin_user)
    manager = UserFactory(agency=agency, role=Role.MANAGER)

    with pytest.raises(ValidationError, match="last active admin"):
        services.user_deactivate(user=admin_user, actor=manager)

    admin_user.refresh_from_db()
    assert admin_user.is_active
    assert AuditEntry.objects.count() == 1


def test_it_does_nothing_when_the_status_already_matches(admin_user, consultant):
    services.user_reactivate(user=consultant, actor=admin_user)

    assert not AuditEntry.objects.exists()
