import re

import pytest
from django.test import Client
from django.test.utils import override_script_prefix
from django.urls import reverse

pytestmark = pytest.mark.django_db

SECTIONS = {
    "Dashboard": reverse("dashboard:home"),
    "The Vault": reverse("crm:company-list"),
    "Tickets": reverse("ticketing:ticket-board"),
    "Agent Support": reverse("agent_support:supplier-list"),
}
CURRENT = re.compile(r'class="nav-link active" aria-current="page" href="[^"]*"><i class="bi [\w-]+ me-1"></i>([^<]+)')


def page_for(user, url):
    client = Client()
    client.force_login(user)
    return client.get(url).text


def current_sections(html):
    main_bar = html.split('<ul class="navbar-nav me-auto">', 1)[1].split("</ul>", 1)[0]
    return CURRENT.findall(main_bar)


@pytest.mark.parametrize(
    ("url", "section"),
    [
        (reverse("dashboard:home"), "Dashboard"),
        (reverse("crm:contact-list"), "The Vault"),
        (reverse("crm:pipeline-board"), "The Vault"),
        (reverse("ticketing:ticket-board"), "Tickets"),
        (reverse("agent_support:supplier-list"), "Agent Support"),
        (reverse("agency:profile"), None),
        (reverse("dashboard:search"), None),
    ],
)
def test_the_page_s_section_and_only_it_is_current(consultant_client, url, section):
    html = consultant_client.get(url).text

    assert current_sections(html) == ([section] if section else [])
    for label, href in SECTIONS.items():
        assert f'href="{href}"><i class="bi' in html, label


def test_the_user_menu_links_follow_the_role(admin_user, consultant):
    admin_page, consultant_page = (page_for(user, reverse("dashboard:home")) for user in (admin_user, consultant))

    for name in ("agency:user-list", "agency:agency-profile", "outbox-list", "billing:home"):
        assert f'href="{reverse(name)}"' in admin_page
        assert f'href="{reverse(name)}"' not in consultant_page
    for name in ("agency:profile", "activity_log:my-reminders", "dashboard:search", "account_logout"):
        assert reverse(name) in consultant_page


def test_links_carry_the_deployment_s_path(consultant_client):
    companies, search = reverse("crm:company-list"), reverse("dashboard:search")

    with override_script_prefix("/travault/"):
        html = consultant_client.get(companies).text

    assert f'href="/travault{companies}"><i class="bi' in html
    assert f'action="/travault{search}"' in html
    assert f'href="{companies}"' not in html


def test_a_visitor_sees_log_in_and_sign_up(client):
    html = client.get(reverse("account_login")).text

    assert f'href="{reverse("account_signup")}"' in html
    assert f'href="{reverse("dashboard:landing")}"' in html
    assert reverse("crm:company-list") not in html
