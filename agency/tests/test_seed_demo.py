import pytest
from django.core.management import call_command
from django.urls import reverse

from agency.management.commands.seed_demo import DEMO_PASSWORD, DEMO_USERS
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
