import pytest
from django.core.management import call_command
from django.urls import reverse

from agency.demo import DEMO_PASSWORD, DEMO_USERS
from agency.models import Agency, User

pytestmark = pytest.mark.django_db


def test_it_loads_one_user_per_role_and_is_idempotent(capsys):
    call_command("seed_demo")
    call_command("seed_demo")

    assert Agency.objects.filter(name="Bluewave Business Travel").count() == 1
    assert sorted(User.objects.values_list("role", flat=True)) == sorted(role for *_, role in DEMO_USERS)
    assert "admin@bluewave.example" in capsys.readouterr().out


def test_it_gives_demo_logins_that_reach_the_dashboard(client):
    call_command("seed_demo")

    response = client.post(
        reverse("account_login"), {"login": "consultant@bluewave.example", "password": DEMO_PASSWORD}
    )

    assert response.url == reverse("dashboard:home")
    assert client.get(response.url).status_code == 200


def test_it_loads_work_in_every_area_once(client):
    from activity_log.models import Activity, Reminder
    from agent_support.models import Supplier
    from crm.models import Company, Contact
    from ticketing.models import Ticket

    call_command("seed_demo")
    counts = [model.objects.count() for model in (Company, Contact, Activity, Reminder, Ticket, Supplier)]
    call_command("seed_demo")

    assert [model.objects.count() for model in (Company, Contact, Activity, Reminder, Ticket, Supplier)] == counts
    assert all(counts)
    assert Ticket.objects.filter(status="closed").exists()
    assert Company.objects.exclude(last_activity_at=None).count() >= 6
    client.post(reverse("account_login"), {"login": "sales@bluewave.example", "password": DEMO_PASSWORD})
    company = Company.objects.get(name="Atlas Biotech")
    timeline = client.get(reverse("activity_log:company-timeline", kwargs={"company": company.uuid}))
    assert "Proposal walkthrough" in timeline.text
