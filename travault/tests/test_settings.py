"""Settings come from the environment only; production values pass `check --deploy`."""

import json
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "a-production-secret-key-that-is-long-and-random-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "crm.travault.example",
    "DATABASE_URL": "postgres://travault:secret@db.internal:5432/travault",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "EMAIL_HOST": "smtp.travault.example",
    "SITE_URL": "https://crm.travault.example",
}
PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'engine': settings.DATABASES['default']['ENGINE'], "
    "'name': str(settings.DATABASES['default']['NAME']), "
    "'cache': settings.CACHES['default']['BACKEND'], 'eager': settings.CELERY_TASK_ALWAYS_EAGER, "
    "'broker': settings.CELERY_BROKER_URL, 'mailer': settings.MAILERS['default']['BACKEND'], "
    "'static': settings.STORAGES['staticfiles']['BACKEND'], 'hsts': getattr(settings, 'SECURE_HSTS_SECONDS', 0)}))"
)


def run_with(env, *args):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {*PRODUCTION_ENV, "CELERY_TASK_ALWAYS_EAGER", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    clean["DJANGO_SETTINGS_MODULE"] = "travault.settings"
    return subprocess.run(
        [sys.executable, *args], env={**clean, **env}, cwd=BASE_DIR, capture_output=True, text=True, timeout=60
    )


def probe(env):
    result = run_with(env, "-c", PROBE)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_it_defaults_to_sqlite_locmem_eager_tasks_and_console_email():
    values = probe({"DEBUG": "1"})

    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"].endswith("var/travault.sqlite3")
    assert values["cache"].endswith("LocMemCache")
    assert values["eager"] is True
    assert values["mailer"].endswith("console.EmailBackend")


def test_it_uses_postgresql_redis_smtp_and_hardening_in_production():
    values = probe(PRODUCTION_ENV)

    assert values["engine"] == "django.db.backends.postgresql"
    assert values["cache"].endswith("RedisCache")
    assert values["broker"] == "redis://cache.internal:6379/0"
    assert values["eager"] is False
    assert values["mailer"].endswith("smtp.EmailBackend")
    assert values["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert values["hsts"] >= 31536000


def test_it_refuses_to_start_without_a_secret_key_in_production():
    result = run_with({**PRODUCTION_ENV, "SECRET_KEY": ""}, "-c", PROBE)

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_it_passes_the_deployment_checklist():
    result = run_with(PRODUCTION_ENV, "manage.py", "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
