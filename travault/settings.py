"""Settings, read from the environment only (see .env.example for every variable)."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

load_dotenv(BASE_DIR / ".env")


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug-mode-000000000000000"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "travault",
    "agency",
    "billing",
    "crm",
    "activity_log",
    "ticketing",
    "agent_support",
    "dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "travault.tenancy.TenancyMiddleware",
    "agency.middleware.RequireTwoFactorMiddleware",
    "billing.middleware.PaymentEnforcementMiddleware",
]

ROOT_URLCONF = "travault.urls"
WSGI_APPLICATION = "travault.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "travault.context_processors.site",
                "travault.navigation.context",
                "travault.permissions.context",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL is set (PostgreSQL through psycopg 3).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'travault.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(exist_ok=True)
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    # Parameters travel apart from the query, and a query a connection has run DB_PREPARE_THRESHOLD
    # times is prepared: PostgreSQL no longer parses it, nor psycopg quotes its values in Python,
    # each time. Empty disables preparing, for a pooler that cannot keep prepared statements.
    _options["server_side_binding"] = True
    _threshold = os.environ.get("DB_PREPARE_THRESHOLD", "5")
    _options["prepare_threshold"] = int(_threshold) if _threshold else None
    # A prepared query is still planned for its own parameters: a plan made once for any agency is
    # made for an average one, and the largest agency holds many times its rows (its company list
    # would scan all of them): on the benchmark dataset a generic plan reads its first page of
    # companies in 7 ms rather than 0.8, and its global search's contacts in 170 ms rather than
    # 0.2, worth far more than the 0.1 to 3 ms of planning each query costs. The pages read a
    # working set held in memory or on SSD, where a random page read costs about what a sequential
    # one does; at PostgreSQL's default of 4 the planner prefers walking all of an agency's rows
    # through the agency index over the trigram search indexes.
    _options["options"] = (
        f"-c plan_cache_mode=force_custom_plan -c random_page_cost={os.environ.get('DB_RANDOM_PAGE_COST', '1.1')}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and Celery broker: Redis when REDIS_URL is set, otherwise in-process.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "travault"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_TIME_LIMIT = 90
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TIMEZONE = "UTC"
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "max_retries": 2}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Never let a request hang on a broker that is down: the outbox row is the durable record.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
# Every periodic job, in one place.
CELERY_BEAT_SCHEDULE = {
    "outbox-sweep": {"task": "travault.tasks.outbox_sweep_task", "schedule": 60.0},
    "reminders-send-due": {"task": "activity_log.tasks.reminders_send_due_task", "schedule": 60.0},
    "billing-seat-sync": {"task": "billing.tasks.seat_sync_all", "schedule": 6 * 3600.0},
    "csv-import-sweep": {"task": "crm.tasks.csv_import_sweep_task", "schedule": 600.0},
}

AUTH_USER_MODEL = "agency.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
FORM_RENDERER = "travault.forms.BootstrapFormRenderer"

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard:home"

# django-allauth: email is the login; verification is mandatory; logout by POST only.
ACCOUNT_ADAPTER = "agency.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "agency.forms.AgencySignupForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Travault] "
# Changing email keeps the old address primary until the new one is confirmed.
ACCOUNT_CHANGE_EMAIL = True
MFA_ADAPTER = "agency.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Travault"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Uploaded files (agent_support PDFs): a private S3 bucket with short-lived signed URLs when
# AWS_STORAGE_BUCKET_NAME is set, otherwise MEDIA_ROOT. Empty keys leave boto3 its own credential chain.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL", "")
AWS_QUERYSTRING_EXPIRE = int(os.environ.get("AWS_QUERYSTRING_EXPIRE", "300"))
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "region_name": os.environ.get("AWS_S3_REGION_NAME", "eu-west-2"),
            "endpoint_url": AWS_S3_ENDPOINT_URL or None,
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            "addressing_style": "path" if AWS_S3_ENDPOINT_URL else None,
            "signature_version": "s3v4",
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": AWS_QUERYSTRING_EXPIRE,
        },
    }
AGENT_SUPPORT_PDF_MAX_BYTES = 10 * 1024 * 1024
# CSV import of companies and contacts (crm): larger uploads are refused before they are read.
CSV_IMPORT_MAX_BYTES = 10 * 1024 * 1024
# An import still being checked or imported this long after its task was queued has lost the task
# (longer than a task with its retries and a redelivery can take); an upload left unfinished this
# many days expires.
CSV_IMPORT_STUCK_MINUTES = 180
CSV_IMPORT_KEEP_DAYS = 30

# Email: SMTP when EMAIL_HOST is set, otherwise the console (embedded default).
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Travault <no-reply@travault.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SMTP_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
# How long a worker holds an outbox row it is sending before another may take it over; longer
# than any SMTP conversation can last.
OUTBOX_CLAIM_SECONDS = int(os.environ.get("OUTBOX_CLAIM_SECONDS", "300"))
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": int(os.environ.get("EMAIL_PORT", "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": SMTP_TIMEOUT,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# Content-Security-Policy: same-origin assets only, no inline script.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Called with an agency id after its active-user count changes (agency.seats).
SEAT_CHANGE_HANDLERS: list[str] = ["billing.tasks.seat_sync_enqueue"]

# Billing (Stripe): off when STRIPE_SECRET_KEY is unset, and then every agency counts as paid.
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_PRICE_ID = os.environ.get("STRIPE_PRICE_ID", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "")
STRIPE_API_VERSION = "2026-10-28.endive"
BILLING_PAST_DUE_GRACE_DAYS = int(os.environ.get("BILLING_PAST_DUE_GRACE_DAYS", "7"))
BILLING_PRICE_CACHE_SECONDS = 3600

# The Vault (crm): Diffbot fills a new company from its website; unset hides the button.
DIFFBOT_TOKEN = os.environ.get("DIFFBOT_TOKEN", "")

# Long lists (companies, contacts, tickets) count their rows this far and then show "1,000+",
# instead of counting the whole agency on every load.
LIST_COUNT_CAP = 1000

# Per-seat price shown on the landing page until billing reads it from Stripe.
SEAT_PRICE_DISPLAY = os.environ.get("SEAT_PRICE_DISPLAY", "£9 per user per month")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}, "urllib3": {"level": "WARNING"}},
}

if urlsplit(SITE_URL).scheme == "https" and not CSRF_TRUSTED_ORIGINS:
    CSRF_TRUSTED_ORIGINS = [SITE_URL]
