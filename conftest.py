"""Project-wide test personas: an admin and a consultant of one agency, and an admin of another."""

import os

import pytest

from agency.tests.factories import AgencyFactory, UserFactory
from travault.permissions import Role

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def agency(db):
    return AgencyFactory(name="Bluewave Travel")


@pytest.fixture
def admin_user(agency):
    return UserFactory(agency=agency, role=Role.ADMIN, email="admin@bluewave.example")


@pytest.fixture
def consultant(agency):
    return UserFactory(agency=agency, role=Role.CONSULTANT, email="consultant@bluewave.example")


@pytest.fixture
def other_agency(db):
    return AgencyFactory(name="Rival Journeys")


@pytest.fixture
def outsider(other_agency):
    return UserFactory(agency=other_agency, role=Role.ADMIN, email="admin@rival.example")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def consultant_client(client, consultant):
    client.force_login(consultant)
    return client


@pytest.fixture
def outsider_client(client, outsider):
    client.force_login(outsider)
    return client


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": ["--no-sandbox", "--disable-gpu", "--headless=new", "--disable-background-networking"],
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate limits and TOTP replay protection live in the cache: start every test clean."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def screenshot(request, page):
    """Save a full-page screenshot of the current step under test-results/screenshots/."""
    from pathlib import Path

    folder = Path(__file__).resolve().parent / "test-results" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)

    def take(step):
        page.screenshot(path=str(folder / f"{request.node.name}-{step}.png"), full_page=True)

    return take


class SmtpRecorder:
    """aiosmtpd handler: records delivered messages; can refuse a recipient or defer all data."""

    def __init__(self):
        self.messages = []
        self.data_reply = "250 OK"
        self.refused = set()
        self.rcpt_delay = 0.0
        self.port = free_port()
        self.controller = None

    def up(self):
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def down(self):
        if self.controller is not None:
            self.controller.stop(no_assert=True)
            self.controller = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        import asyncio

        await asyncio.sleep(self.rcpt_delay)
        if address in self.refused:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_reply.startswith("250"):
            self.messages.append(envelope)
        return self.data_reply


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    """A real SMTP server on localhost; ``.down()`` takes it down and ``.up()`` brings it back."""
    recorder = SmtpRecorder()
    recorder.up()
    yield recorder
    recorder.down()


@pytest.fixture
def smtp_mailer(settings, smtp_server):
    """Route the default mailer to the local SMTP server."""
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": smtp_server.port, "use_tls": False, "timeout": 5},
        }
    }
    return smtp_server
