"""Settings for Buurtpreventie: one module, driven by environment variables.

Every variable is listed in `.env.example`. Development (`make run`) sets DEBUG=True and
uses SQLite with tasks run in-process; production sets DEBUG=False and must provide
SECRET_KEY and ALLOWED_HOSTS, or the process refuses to start.
"""

import re
from email.utils import parseaddr
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env file fills in what the environment leaves unset; ENV_FILE points elsewhere.
_env_file = Path(env.str("ENV_FILE", default=str(BASE_DIR / ".env")))
if _env_file.is_file():
    environ.Env.read_env(_env_file, overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not DEBUG:
    missing = [
        name
        for name, value in (("SECRET_KEY", SECRET_KEY), ("ALLOWED_HOSTS", ALLOWED_HOSTS))
        if not value
    ]
    if missing:
        raise ImproperlyConfigured(
            f"DEBUG is off, so {' and '.join(missing)} must be set in the environment."
        )
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long.")
elif not SECRET_KEY:
    # Development only: a fixed key is fine when DEBUG is on and nothing is public.
    SECRET_KEY = "django-insecure-development-key-only-used-when-debug-is-on"  # noqa: S105
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["localhost", "127.0.0.1", "[::1]"]

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The site's own address, in front of every link in e-mails, calendar files and sign-up sheets
# (the address a request came in on is not known there). `make run` sets it to where it serves.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
if urlsplit(SITE_URL).scheme not in ("http", "https") or not urlsplit(SITE_URL).netloc:
    raise ImproperlyConfigured(
        f"SITE_URL must be an http(s) address such as https://buurtpreventie.example.org,"
        f" not {SITE_URL!r}."
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "django_htmx",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "notifications",
    "privacy",
    "teams",
    "signalen",
    "trainingen",
]
# The benchmark's commands (`make bench`) are a development tool: installed when DEBUG is on
# (or BENCHMARK_APP says so), not in production.
if env.bool("BENCHMARK_APP", default=DEBUG):
    INSTALLED_APPS.append("benchmark")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After the static files, which need no access line; before everything that logs.
    "buurtpreventie.logs.RequestIdMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "teams.middleware.PrivatePagesMiddleware",
    "teams.middleware.RolesMiddleware",
    "teams.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "teams.middleware.SessionLifetimeMiddleware",
    "teams.middleware.RequireTwoFactorMiddleware",
]

ROOT_URLCONF = "buurtpreventie.urls"
WSGI_APPLICATION = "buurtpreventie.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "buurtpreventie.context_processors.navigation",
                "notifications.context_processors.inbox",
            ],
            # Available in every template without {% load %}: the `shortdate` filter.
            "builtins": ["teams.templatetags.dates"],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    # Recover from a PostgreSQL restart without restarting the app.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache and Celery broker; without it everything runs in-process ------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "buurtpreventie.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The in-memory broker names a host, or kombu warns about a missing one on every send.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Europe/Amsterdam"
CELERY_TASK_IGNORE_RESULT = True
# Acknowledge after the task ran; a task whose worker died goes back to the queue.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Workers log through LOGGING above (JSON, with the request's id), not Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # A task taken by a worker that died goes back to the queue after this long. Deliveries
    # never wait for it (the workers' own sweep queues a lost message again within a minute)
    # and nothing is queued with a countdown, so it only needs to exceed the longest task.
    "visibility_timeout": 30 * 60,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
# A request never waits long for a broker that is down: the outbox row is saved and the
# sweep queues it later.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}

# --- Notifications --------------------------------------------------------------------------
NOTIFICATION_MAX_ATTEMPTS = env.int("NOTIFICATION_MAX_ATTEMPTS", default=8)
NOTIFICATION_RETRY_MAX_DELAY = 3600  # seconds, between attempts the mail server refused
# Every worker sweeps the outbox this often (seconds), without beat: it queues what is due
# (a retry, a message written while Redis was down) and reconciles interrupted sends.
NOTIFICATION_SWEEP_INTERVAL = env.float("NOTIFICATION_SWEEP_INTERVAL", default=15.0)
# A message queued this many seconds ago and still pending is queued again (its queue
# message was lost: Redis restarted, or its worker was killed).
NOTIFICATION_SWEEP_AFTER = env.int("NOTIFICATION_SWEEP_AFTER", default=30)
# A send interrupted this many seconds ago whose worker is gone is sent again (same
# Message-ID); on PostgreSQL "gone" is certain (its lock is free), elsewhere it is assumed
# after the task's hard time limit.
NOTIFICATION_RECONCILE_AFTER = env.int("NOTIFICATION_RECONCILE_AFTER", default=15)
# While the mail server is unreachable, one delivery tries it this often (seconds) and the
# others wait; when it answers, they all go.
NOTIFICATION_PROBE_INTERVAL = env.int("NOTIFICATION_PROBE_INTERVAL", default=20)
# Webhooks may go to http:// and to addresses in this machine's own network: only for tests
# and a local demo (docs/webhooks.md). In production every address must be public https.
WEBHOOK_ALLOW_LOCAL_ADDRESSES = env.bool("WEBHOOK_ALLOW_LOCAL_ADDRESSES", default=False)
# Beat is reported missing in /healthz when it has not been seen for this long (seconds).
BEAT_HEARTBEAT_INTERVAL = env.float("BEAT_HEARTBEAT_INTERVAL", default=30.0)
# Only one beat sends tasks (buurtpreventie/beat.py): another takes over within this many
# seconds of it dying.
BEAT_LOCK_SECONDS = env.float("BEAT_LOCK_SECONDS", default=30.0)
CELERY_BEAT_SCHEDULER = "buurtpreventie.beat:SingleBeatScheduler"
BEAT_MISSING_AFTER = 3 * BEAT_HEARTBEAT_INTERVAL

# --- Web Push -------------------------------------------------------------------------------
# A third channel beside e-mail and the inbox, for what cannot wait. Off unless all three VAPID
# values are set (`python manage.py vapid_keys` makes a pair). The public key is the browser's
# applicationServerKey: base64url of the uncompressed P-256 point; the private key is base64url
# of the raw 32-byte number; the subject is a mailto: or https: address the push services can
# contact.
VAPID_PUBLIC_KEY = env.str("VAPID_PUBLIC_KEY", default="")
VAPID_PRIVATE_KEY = env.str("VAPID_PRIVATE_KEY", default="")
VAPID_SUBJECT = env.str("VAPID_SUBJECT", default="")


def _check_vapid(public: str, private: str, subject: str) -> None:
    """Refuse a half or a wrong configuration now, not at the first push hours later."""
    if not any((public, private, subject)):
        return
    if not all((public, private, subject)):
        raise ImproperlyConfigured(
            "Web Push needs VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT, or none of them."
        )
    import base64

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    def decode(value: str) -> bytes:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))

    try:
        number = decode(private)
        if len(number) != 32:
            raise ValueError("not 32 bytes")
        key = ec.derive_private_key(int.from_bytes(number, "big"), ec.SECP256R1())
        derived = key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
    except ValueError as error:
        raise ImproperlyConfigured(
            f"VAPID_PRIVATE_KEY is not a base64url P-256 private key: {error}"
        ) from None
    if decode(public) != derived:
        raise ImproperlyConfigured("VAPID_PUBLIC_KEY does not belong to VAPID_PRIVATE_KEY.")
    if not subject.startswith(("mailto:", "https://")):
        raise ImproperlyConfigured("VAPID_SUBJECT must be a mailto: or https:// address.")


_check_vapid(VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY, VAPID_SUBJECT)
# Subscriptions are accepted only for these push services (a * stands for one or more
# subdomains), so nobody can make the worker post to an address of their choosing.
PUSH_SERVICE_ORIGINS = env.list(
    "PUSH_SERVICE_ORIGINS",
    default=[
        "https://fcm.googleapis.com",  # Chrome, Edge on Android, Samsung Internet, Opera
        "https://updates.push.services.mozilla.com",  # Firefox
        "https://*.push.apple.com",  # Safari
        "https://*.notify.windows.com",  # Edge on Windows
    ],
)
# How long a push service keeps a message for a device that is off; after that it is stale.
PUSH_TTL = env.int("PUSH_TTL", default=12 * 3600)
PUSH_TIMEOUT = 10  # seconds for one request to a push service

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "teams.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "teams.backends.RegionalAdministratorBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

ACCOUNT_ADAPTER = "teams.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_REAUTHENTICATION_REQUIRED = True
# Sensitive changes (password, two-factor) ask for the password or the authenticator again;
# not for a code by e-mail, which only proves access to the mailbox.
ACCOUNT_REAUTHENTICATION_METHODS = ("password", "mfa")
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Buurtpreventie] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if not DEBUG else "http"


def _user_rate(name: str, default: str) -> str:
    """A rate limit per person in allauth's notation ("10/10m/user": ten in ten minutes;
    several separated by commas), or empty for none."""
    value = env.str(name, default=default).replace(" ", "")
    if value and not all(re.fullmatch(r"\d+/\d*[smhd]/user", part) for part in value.split(",")):
        raise ImproperlyConfigured(f"{name} must look like 10/10m/user, not {value!r}.")
    return value


# Five failed logins per account in five minutes, ten per client address per minute (the
# client's address behind the proxy: TRUSTED_PROXY_COUNT below).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/300s/key",
    "reset_password": "20/m/ip,5/m/key",
    # Not allauth's: the report form (signalen/limits.py). Reports saved per person, and posts
    # with photos per person (each post's photos cost up to a second of CPU to decode).
    "signal_report": _user_rate("SIGNAL_REPORT_RATE_LIMIT", "10/10m/user"),
    "signal_photos": _user_rate("SIGNAL_PHOTO_RATE_LIMIT", "10/h/user"),
    # Not allauth's: "Doe mee" posts per address (teams/views/joining.py), against spam.
    "team_join": env.str("TEAM_JOIN_RATE_LIMIT", default="10/h/ip"),
}


def _trusted_proxy(count: str, header: str) -> tuple[int, str | None]:
    """Where the client's address comes from behind the TLS proxy: the X-Forwarded-For entry
    that the outermost of our own proxies appended (TRUSTED_PROXY_COUNT proxies), or a header
    that the proxy sets and clients cannot (TRUSTED_CLIENT_IP_HEADER). Without either, the
    connection's own address, and forwarded headers are ignored."""
    try:
        proxies = int(count or 0)
    except ValueError:
        proxies = -1
    if proxies < 0:
        raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT must be 0 or more, not {count!r}.")
    if header and proxies:
        raise ImproperlyConfigured("Set TRUSTED_PROXY_COUNT or TRUSTED_CLIENT_IP_HEADER, not both.")
    if header.lower() == "x-forwarded-for":
        raise ImproperlyConfigured(
            "X-Forwarded-For is a list that clients can write to: set TRUSTED_PROXY_COUNT instead."
        )
    if header and not re.fullmatch(r"[A-Za-z0-9-]+", header):
        raise ImproperlyConfigured(f"TRUSTED_CLIENT_IP_HEADER is not a header name: {header!r}.")
    return proxies, header or None


# allauth's rate limits and session list and the project's access log all read the client's
# address through allauth's adapter (privacy.http.client_ip), so they agree on it.
ALLAUTH_TRUSTED_PROXY_COUNT, ALLAUTH_TRUSTED_CLIENT_IP_HEADER = _trusted_proxy(
    env.str("TRUSTED_PROXY_COUNT", default=""),
    env.str("TRUSTED_CLIENT_IP_HEADER", default="").strip(),
)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Buurtpreventie"
# Partner users and administrators must set up TOTP before they can use the site.
MFA_REQUIRED = env.bool("MFA_REQUIRED", default=True)
# TOTP secrets and recovery-code seeds are stored encrypted (teams.adapters.MFAAdapter) with a
# key from the environment, so a copy of the database alone gives nobody the codes.
MFA_ADAPTER = "teams.adapters.MFAAdapter"


def _mfa_encryption_keys(keys: list[str], *, debug: bool, secret_key: str) -> list[str]:
    """Fernet keys, newest first: the first encrypts, every one decrypts (a key is replaced
    by putting the new one in front and keeping the old one until nothing uses it). Required
    in production; in development derived from SECRET_KEY, so `make run` needs none."""
    if not keys:
        if not debug:
            raise ImproperlyConfigured(
                "DEBUG is off, so MFA_ENCRYPTION_KEY must be set in the environment "
                "(make one with: python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())')."
            )
        import base64
        import hashlib

        digest = hashlib.sha256(f"mfa-encryption:{secret_key}".encode()).digest()
        return [base64.urlsafe_b64encode(digest).decode()]
    from cryptography.fernet import Fernet

    for key in keys:
        try:
            Fernet(key)
        except ValueError:
            raise ImproperlyConfigured(
                "MFA_ENCRYPTION_KEY must be Fernet keys (32 bytes, url-safe base64), "
                "separated by commas."
            ) from None
    return keys


MFA_ENCRYPTION_KEYS = _mfa_encryption_keys(
    env.list("MFA_ENCRYPTION_KEY", default=[]), debug=DEBUG, secret_key=SECRET_KEY
)

INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=7)

# Partner users and administrators (care signals, the whole region) are signed out after this
# many minutes without a request; everyone is signed out this many hours after logging in,
# however active (teams.middleware.SessionLifetimeMiddleware).
SESSION_IDLE_TIMEOUT_MINUTES = env.int("SESSION_IDLE_TIMEOUT_MINUTES", default=30)
SESSION_LIFETIME_HOURS = env.int("SESSION_LIFETIME_HOURS", default=14 * 24)
if SESSION_IDLE_TIMEOUT_MINUTES < 1 or SESSION_LIFETIME_HOURS < 1:
    raise ImproperlyConfigured(
        "SESSION_IDLE_TIMEOUT_MINUTES and SESSION_LIFETIME_HOURS must be at least 1."
    )
SESSION_COOKIE_AGE = SESSION_LIFETIME_HOURS * 3600
# Sessions are kept in PostgreSQL and read from the cache: one query less on every request.
# Ending a session (logging out, `privacy.services.sessions_end`) goes through the engine and
# removes both; with Redis down the database answers.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


# --- Signals --------------------------------------------------------------------------------
def _web_address(name: str) -> str:
    """An http(s) address from the environment, or empty; anything else stops the start."""
    value = env.str(name, default="").strip()
    parts = urlsplit(value)
    if value and (parts.scheme not in ("http", "https") or not parts.netloc):
        raise ImproperlyConfigured(f"{name} must be an http(s) address, not {value!r}.")
    return value


def _tile_origin(url: str, origin: str) -> str:
    """Where the tiles come from, for the Content Security Policy: MAP_TILE_ORIGIN when set
    (a server with several hosts), else the tile URL's own; nothing without tiles."""
    if not url:
        return ""
    if origin:
        return origin.rstrip("/")
    parts = urlsplit(url)
    # Leaflet's {s} stands for a subdomain (a.tile..., b.tile...).
    return f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"


# Maps work without a tile server (outlines of the neighbourhoods on a plain background). In
# production use PDOK's BRT-Achtergrondkaart, the Dutch government's base map:
#   MAP_TILE_URL=https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png
#   MAP_TILE_ATTRIBUTION=Kaartgegevens © Kadaster
MAP_TILE_URL = _web_address("MAP_TILE_URL")
MAP_TILE_ATTRIBUTION = env.str("MAP_TILE_ATTRIBUTION", default="")
# Allowed as an image source only when MAP_TILE_URL is set; by default its own origin.
MAP_TILE_ORIGIN = _tile_origin(MAP_TILE_URL, env.str("MAP_TILE_ORIGIN", default=""))
# "Use my location" and the street suggestions ask PDOK Locatieserver, the national geocoder
# (https://api.pdok.nl/bzk/locatieserver/search/v3_1), when this is set; always from the
# server, never from the browser. Without it, or when it does not answer within
# PDOK_TIMEOUT seconds, they use the neighbourhoods' street lists.
PDOK_LOCATIESERVER_URL = _web_address("PDOK_LOCATIESERVER_URL").rstrip("/")
PDOK_TIMEOUT = env.float("PDOK_TIMEOUT", default=2.0)
if not 0 < PDOK_TIMEOUT <= 30:
    raise ImproperlyConfigured("PDOK_TIMEOUT must be between 0 and 30 seconds.")

# --- Roster and patrol logs -----------------------------------------------------------------
# Members sign up and withdraw until this many hours before a shift starts.
SHIFT_SIGNUP_CUTOFF_HOURS = env.int("SHIFT_SIGNUP_CUTOFF_HOURS", default=2)
# Participants can correct a patrol log for this many days; then it is locked.
PATROL_LOG_EDIT_DAYS = env.int("PATROL_LOG_EDIT_DAYS", default=7)

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Manifest storage gives hashed names that can be cached for a year. The test suite's live
# server serves files from the finders, which know no hashed names, so tests use plain storage.
_static_backend = (
    "django.contrib.staticfiles.storage.StaticFilesStorage"
    if env.str("STATIC_STORAGE", default="manifest") == "plain"
    else "whitenoise.storage.CompressedManifestStaticFilesStorage"
)
# Uploaded files (photos, training material) are served only through views that check who
# asks, never from a public address. On one server they live under MEDIA_ROOT; when several
# servers share them, in a private bucket of any S3-compatible store (django-storages), named
# by S3_BUCKET (docs/operations.md). Without S3_ACCESS_KEY_ID boto3 finds its credentials
# itself (AWS_* variables, an instance role).
S3_BUCKET = env.str("S3_BUCKET", default="")
_default_storage: dict[str, Any] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if S3_BUCKET:
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("S3_PREFIX", default=""),
            "default_acl": None,  # the bucket's own: private, with public access blocked
            "file_overwrite": False,  # a second file of the same name gets a name of its own
        },
    }
STORAGES = {"default": _default_storage, "staticfiles": {"BACKEND": _static_backend}}
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
# STARTTLS unless switched off (a mail server on the same machine); EMAIL_USE_SSL for
# implicit TLS on port 465 instead.
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=not EMAIL_USE_SSL)
# Seconds a mail server may stay silent on a connection, a read or a write before the attempt
# fails and is retried later (without it, a server that accepts and never answers holds a
# worker and the row it locked for ever).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
# One delivery may take this long in all (seconds) before Celery stops it: a soft limit the
# attempt can record as failed, then a hard one that ends the worker process.
NOTIFICATION_DELIVERY_SOFT_LIMIT = 3 * EMAIL_TIMEOUT
NOTIFICATION_DELIVERY_HARD_LIMIT = NOTIFICATION_DELIVERY_SOFT_LIMIT + 30
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(BASE_DIR / "sent-mail"))
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Buurtpreventie <noreply@buurtpreventie.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The envelope sender of every e-mail: where bounces go (the Return-Path).
EMAIL_BOUNCE_ADDRESS = env.str(
    "EMAIL_BOUNCE_ADDRESS", default=parseaddr(DEFAULT_FROM_EMAIL)[1] or "noreply@localhost"
)

# --- Forms ----------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # The TLS proxy in front of gunicorn tells us the original scheme.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# A strict, nonce-based policy: no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *filter(None, [MAP_TILE_ORIGIN])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Logging --------------------------------------------------------------------------------
# /metrics for Prometheus answers a request with `Authorization: Bearer <METRICS_TOKEN>`;
# without a token it does not exist (buurtpreventie/metrics.py).
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")

# Errors of web and worker to Sentry or a Sentry-compatible service (GlitchTip) when set.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from buurtpreventie.errors import init as _errors_init

    _errors_init(
        SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        release=env.str("SENTRY_RELEASE", default=""),
    )

# One JSON object a line with the request's or task's id (buurtpreventie/logs.py) for a log
# collector; LOG_FORMAT=text for people reading a terminal (the default with DEBUG on).
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT is json or text, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "buurtpreventie.logs.JsonFormatter"},
        "text": {
            "()": "buurtpreventie.logs.TextFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        },
    },
    "filters": {"route_not_path": {"()": "buurtpreventie.logs.RouteNotPath"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["route_not_path"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Every request's line, at INFO: ACCESS_LOG=False leaves it to the proxy (and the
        # demo to runserver's own).
        "buurtpreventie.access": {
            "level": "INFO" if env.bool("ACCESS_LOG", default=not DEBUG) else "WARNING"
        },
    },
}

# The partners' API (/api/v1/, docs/api.md): keys of organisations only, JSON only, a rate
# limit per key, its OpenAPI schema made from the code.
API_RATE_LIMIT = env("API_RATE_LIMIT", default="600/minute")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["teams.api_auth.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["teams.api_auth.ApiKeyThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api_key": API_RATE_LIMIT},
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Buurtpreventie API",
    "DESCRIPTION": (
        "For a partner organisation's own system: read the organisation's signals and move "
        "them, as its users do on screen. Authenticate with a key of the organisation "
        "(`Authorization: Bearer bp_…`), made on the organisation's page. See docs/api.md."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "signalen.api.error_responses",
    ],
}
