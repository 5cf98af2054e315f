"""Pulse settings, read from the environment.

With no variable set Pulse runs embedded: SQLite file, in-process cache, DEBUG on and a
development secret key. Production sets DATABASE_URL, REDIS_URL, SECRET_KEY, DEBUG=0 and
ALLOWED_HOSTS. Every rate-limit number and payload bound can be overridden the same way.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from pulse.hosts import AllowedHosts
from pulse.modules import LABELS

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. Generate one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

# Plus every project's custom domain (pulse/hosts.py): never "*" in production for those.
ALLOWED_HOSTS = AllowedHosts(env_list("ALLOWED_HOSTS", ["*"] if DEBUG else []))
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "corsheaders",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_ratelimit",
    "csp",
    "pulse",
    "projects",
    *LABELS,  # the product modules (pulse/modules.py)
]

MIDDLEWARE = [
    # /healthz and /readyz whatever the Host header (before anything validates it).
    "pulse.health.HealthCheckMiddleware",
    "pulse.api.middleware.ApiErrorMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # A request for a project's custom domain is routed to that project's portal at /.
    "pulse.portal.CustomDomainMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "pulse.api.middleware.RequestSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # The hottest public GETs are answered here, before the session, CSRF and auth layers
    # that they never use (the headers of the middleware above still apply).
    "pulse.api.middleware.PublicReadMiddleware",
    # Pages only (pulse/security.py): a CSP and `private, no-store` on every HTML page.
    "pulse.security.PagesCSPMiddleware",
    "pulse.security.PrivatePagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "projects.middleware.UserTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "pulse.urls"
WSGI_APPLICATION = "pulse.wsgi.application"

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
                "projects.context_processors.signup",
            ],
        },
    },
]

# Database: SQLite file by default; DATABASE_URL for PostgreSQL (psycopg 3).
# Persistent connections matter: a new connection per request costs about 3x throughput.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has no row locks: a transaction that reads then writes (a vote toggle) would
    # deadlock with a concurrent one ("database is locked"). BEGIN IMMEDIATE takes the write
    # lock first, so write transactions queue (up to 5 s, sqlite3's timeout) instead.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE"})
DB_STATEMENT_TIMEOUT_MS = env_int("DB_STATEMENT_TIMEOUT_MS", 3000)
# What the client waits for any one statement or commit before it drops the connection
# (pulse.postgresql): a frozen server acknowledges TCP but never answers, which no server
# or TCP setting bounds. Seconds; 0 = no bound. Default: the statement timeout + 1 s.
_DEFAULT_CLIENT_MS = DB_STATEMENT_TIMEOUT_MS and DB_STATEMENT_TIMEOUT_MS + 1000
PULSE_DB_CLIENT_TIMEOUT = env_int("DB_CLIENT_TIMEOUT_MS", _DEFAULT_CLIENT_MS) / 1000
# After a failed connect or a client timeout, new connections fail at once (503) for this
# many seconds, then one connect probes the server (pulse.postgresql). 0 = off.
PULSE_DB_CIRCUIT_SECONDS = env_int("DB_CIRCUIT_SECONDS", 3)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "pulse.postgresql"  # Django's, with a health check without a round trip
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # Bounds on every connection, so a stuck or unreachable PostgreSQL costs a request
            # a bounded time and the API answers 503 (libpq parameters, passed by psycopg):
            # connect within DB_CONNECT_TIMEOUT s (libpq's minimum is 2);
            "connect_timeout": env_int("DB_CONNECT_TIMEOUT", 2),
            # an idle connection whose peer vanished is found by TCP keepalives (probe after
            # 30 s idle, every 10 s, dead after 3 unanswered);
            "keepalives": 1,
            "keepalives_idle": env_int("DB_KEEPALIVES_IDLE", 30),
            "keepalives_interval": env_int("DB_KEEPALIVES_INTERVAL", 10),
            "keepalives_count": env_int("DB_KEEPALIVES_COUNT", 3),
            # data sent and not acknowledged for DB_TCP_USER_TIMEOUT_MS closes the connection;
            "tcp_user_timeout": env_int("DB_TCP_USER_TIMEOUT_MS", 5000),
            # a statement runs at most DB_STATEMENT_TIMEOUT_MS on the server (0 = no bound,
            # e.g. for a long `migrate`); the client's own bound is PULSE_DB_CLIENT_TIMEOUT.
            "options": f"-c statement_timeout={DB_STATEMENT_TIMEOUT_MS}",
            # Django turns psycopg's prepared statements off (None) unless set here. Its own
            # cursors bind on the client and never prepare; only `pulse.db.run_prepared`
            # binds on the server and asks for it, for the per-visitor hot reads.
            "prepare_threshold": 5,
        }
    )
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME") or None}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (shared by every process), else in-process memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
PULSE_REDIS_CIRCUIT_SECONDS = env_int("REDIS_CIRCUIT_SECONDS", 3)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "pulse.cache.PulseRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "pulse"),
            # A Redis that does not answer within these costs a request this much, once per
            # process per circuit window (pulse.cache): then the cache is skipped (lists are
            # built from the database, rate limits fail open) for REDIS_CIRCUIT_SECONDS.
            "OPTIONS": {
                "socket_connect_timeout": env_int("REDIS_CONNECT_TIMEOUT_MS", 250) / 1000,
                "socket_timeout": env_int("REDIS_SOCKET_TIMEOUT_MS", 250) / 1000,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Who may create a dashboard account: "open" (anyone), "invite" (only through a project
# invitation link) or "closed" (nobody: accounts come from `createsuperuser` or the Admin).
PULSE_SIGNUP = os.environ.get("SIGNUP", "").strip().lower() or ("open" if DEBUG else "invite")
if PULSE_SIGNUP not in ("open", "invite", "closed"):
    raise ImproperlyConfigured("SIGNUP must be open, invite or closed")
# Days a project invitation link stays valid.
PULSE_INVITATION_DAYS = env_int("INVITATION_DAYS", 7)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
# The portal's languages (projects.models.PORTAL_LOCALES) and their translations.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Security headers; cookies are secure whenever DEBUG is off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
if env_bool("SECURE_PROXY_SSL", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HSTS: off by default (a wrong value locks browsers out of plain HTTP for its duration);
# sent only on HTTPS requests (behind a TLS proxy, set SECURE_PROXY_SSL=1 too).
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)

# Content Security Policy of the pages (dashboard, Django Admin, log-in, widget demo) through
# django-csp (pulse/security.py); the API under /api/ gets none. No inline script, style,
# `on*=` handler or `javascript:` URL: the pages' code is static/js/dashboard.js and their
# styles static/css/dashboard.css.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# CORS: permissive on /api/ only, no credentials; the dashboard and admin get no headers.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_HEADERS = ["content-type", "authorization", "x-api-key", "x-pulse-user-id", "x-pulse-user-token"]
CORS_EXPOSE_HEADERS = ["RateLimit", "RateLimit-Policy", "Retry-After", "ETag"]

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["pulse.api.renderers.EnvelopeRenderer"],
    "DEFAULT_PARSER_CLASSES": ["pulse.api.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "EXCEPTION_HANDLER": "pulse.api.exceptions.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DATETIME_FORMAT": "iso-8601",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Pulse API",
    "DESCRIPTION": "Changelog, roadmap, feedback, notifications, announcements and events.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several modules have a `type` (or `status`) enum; name each one so the components do not collide.
    "ENUM_NAME_OVERRIDES": {
        "AnnouncementTypeEnum": "announcements.models.Announcement.Type",
        "NotificationTypeEnum": "notifications.models.Notification.Type",
        "ChangelogEntryTypeEnum": "changelog.models.EntryType",
        "ChangelogEntryStatusEnum": "changelog.models.EntryStatus",
        "FeedbackStatusEnum": "feedback.models.Feedback.Status",
        "IdeaStatusEnum": "feedback.models.IdeaStatus",
        "ModerationEnum": "feedback.models.Moderation",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "pulse.api.schema.wrap_in_envelopes",
        "pulse.api.schema.webhooks_as_extension",
    ],
    # The outbound events (notifications/webhook_schema.py), published as `x-webhooks`.
    "WEBHOOKS": [
        f"notifications.webhook_schema.{name}"
        for name in (
            "CHANGELOG_PUBLISHED",
            "ROADMAP_STATUS_CHANGED",
            "ROADMAP_VOTE",
            "FEEDBACK_CREATED",
            "FEEDBACK_MESSAGE_CREATED",
            "ANNOUNCEMENT_STARTED",
            "PULSE_TEST",
            "IDEA_CREATED",
            "IDEA_STATUS_CHANGED",
            "IDEA_COMMENT_CREATED",
            "IDEA_MERGED",
        )
    ],
}

# Rate limits: (requests, window seconds) per group, as in the public API reference.
PULSE_RATE_LIMITS = {
    "general": (env_int("RATE_LIMIT_GENERAL", 100), env_int("RATE_LIMIT_GENERAL_WINDOW", 60)),
    "feedback": (env_int("RATE_LIMIT_FEEDBACK", 10), env_int("RATE_LIMIT_FEEDBACK_WINDOW", 60)),
    "auth": (env_int("RATE_LIMIT_AUTH", 5), env_int("RATE_LIMIT_AUTH_WINDOW", 60)),
    # Dashboard sign-up attempts per client address (the form's POSTs, valid or not).
    "signup": (env_int("RATE_LIMIT_SIGNUP", 10), env_int("RATE_LIMIT_SIGNUP_WINDOW", 3600)),
}
# A visitor-keyed limit also has a per-IP ceiling, so rotating visitor ids does not lift it.
PULSE_RATE_LIMIT_IP_MULTIPLIER = env_int("RATE_LIMIT_IP_MULTIPLIER", 10)
# IPv6 clients are counted per network of this prefix (a home or a VM gets a whole /64).
PULSE_RATE_LIMIT_IPV6_PREFIX = env_int("RATE_LIMIT_IPV6_PREFIX", 64)
if not 1 <= PULSE_RATE_LIMIT_IPV6_PREFIX <= 128:
    raise ImproperlyConfigured("RATE_LIMIT_IPV6_PREFIX must be between 1 and 128")
PULSE_RATE_LIMITS_ENABLED = env_bool("RATE_LIMITS_ENABLED", True)
# django-ratelimit counts in the default cache and lets a request in when it gets no count.
RATELIMIT_USE_CACHE = "default"
RATELIMIT_FAIL_OPEN = True
# W001 says only "not in django-ratelimit's list": Pulse's backend is Django's RedisCache with
# an atomic incr (pulse.cache; tests/core/test_cache_backend.py), or LocMem when embedded.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
if not REDIS_URL:
    # E003: LocMem counts per process, which is right for the one embedded process; a
    # deployment of several processes sets REDIS_URL and gets the check back.
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")
# How many trusted proxies append to X-Forwarded-For; 0 = use REMOTE_ADDR.
PULSE_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Payload bounds.
PULSE_MAX_REQUEST_BYTES = env_int("MAX_REQUEST_BYTES", 64 * 1024)
PULSE_EVENTS_MAX_REQUEST_BYTES = env_int("EVENTS_MAX_REQUEST_BYTES", 2 * 1024 * 1024)
PULSE_EVENTS_MAX_BATCH = env_int("EVENTS_MAX_BATCH", 1000)
PULSE_EVENT_MAX_PROPERTIES_BYTES = env_int("EVENT_MAX_PROPERTIES_BYTES", 8 * 1024)
PULSE_EVENT_MAX_NAME_LENGTH = env_int("EVENT_MAX_NAME_LENGTH", 200)
# Event clocks: a client `timestamp` further ahead than this or older than that is replaced by
# the receive time, the client's value kept in the `$client_timestamp` property (issue 15).
PULSE_EVENT_MAX_FUTURE_SECONDS = env_int("EVENT_MAX_FUTURE_SECONDS", 24 * 60 * 60)
PULSE_EVENT_MAX_AGE_DAYS = env_int("EVENT_MAX_AGE_DAYS", 365)
DATA_UPLOAD_MAX_MEMORY_SIZE = max(PULSE_EVENTS_MAX_REQUEST_BYTES, 2_621_440)

# The benchmarks' baseline route (bench/run.py turns it on; off everywhere else).
PULSE_BENCH_BASELINE = env_bool("BENCH_BASELINE", False)

# The public portal: its visitor cookie (a UUID, the API's x-pulse-user-id) and page size.
# Signed visitor identity (issue 22, pulse/api/visitors.py): the clock skew tolerated on a
# token's exp/nbf/iat, and how long the previous identity secret still verifies after a rotation.
PULSE_IDENTITY_LEEWAY_SECONDS = env_int("IDENTITY_LEEWAY_SECONDS", 5)
PULSE_IDENTITY_SECRET_OVERLAP_SECONDS = env_int("IDENTITY_SECRET_OVERLAP_SECONDS", 24 * 3600)
PULSE_PORTAL_VISITOR_COOKIE = "pulse_visitor"
PULSE_PORTAL_SIGNED_COOKIE = "pulse_visitor_signed"  # the SSO link's proof (pulse/portal.py)
PULSE_PORTAL_VISITOR_COOKIE_DAYS = env_int("PORTAL_VISITOR_COOKIE_DAYS", 365)
PULSE_PORTAL_PAGE_SIZE = env_int("PORTAL_PAGE_SIZE", 20)

# Public GET caching.
PULSE_PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 30)
PULSE_PUBLIC_CACHE_ENABLED = env_bool("PUBLIC_CACHE_ENABLED", True)  # server-side list cache
# Version in the public cache keys; empty: a digest of the code (pulse.api.caching.payload_version).
PULSE_CACHE_VERSION = os.environ.get("CACHE_VERSION", "")

# Background work (Celery). The broker: CELERY_BROKER_URL (RabbitMQ `amqp://...` or Redis),
# else REDIS_URL, else kombu's filesystem transport in var/celery/ (the embedded default: no
# service, and `make run` starts a worker beside the server). Retries do not depend on the
# broker keeping a delayed message: a delivery's next attempt time is stored on its row and
# the beat's sweeper sends what the broker missed (notifications/outbox.py).
# The filesystem URL names a host ("localhost", which the transport ignores) so kombu does not
# warn "No hostname was supplied" at every connection.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or REDIS_URL or "filesystem://localhost//"
CELERY_FILESYSTEM_DIR = Path(os.environ.get("CELERY_FILESYSTEM_DIR", BASE_DIR / "var" / "celery"))
if CELERY_BROKER_URL.startswith("filesystem://"):
    for sub in ("queue", "processed", "control"):
        (CELERY_FILESYSTEM_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_FILESYSTEM_DIR / "queue"),
        "data_folder_out": str(CELERY_FILESYSTEM_DIR / "queue"),
        "processed_folder": str(CELERY_FILESYSTEM_DIR / "processed"),
        "control_folder": str(CELERY_FILESYSTEM_DIR / "control"),  # exchange bindings (else the cwd)
        "store_processed": False,
    }
else:
    # Redis: a message not acked within this many seconds is given to another worker. Longer
    # than any task's hard time limit, so a slow delivery is not run twice.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)}
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "pulse")
CELERY_TASK_ACKS_LATE = True  # a worker that dies mid-task leaves the message to another
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # one slow receiver does not hold other deliveries back
CELERY_TASK_IGNORE_RESULT = True  # outcomes are stored on the outbox rows, not in a result backend
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_SOFT_TIME_LIMIT", 120)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TIME_LIMIT", 180)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing must not hang a request when the broker is down: the outbox row is committed
# already and the sweeper sends it later.
CELERY_BROKER_CONNECTION_TIMEOUT = env_int("CELERY_BROKER_CONNECTION_TIMEOUT", 1)
CELERY_BROKER_TRANSPORT_OPTIONS.update(
    {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
)
CELERY_TASK_PUBLISH_RETRY = False
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)  # unit tests only
CELERY_BEAT_SCHEDULE = {
    "outbox-sweep": {"task": "notifications.tasks.sweep_outbox", "schedule": env_int("OUTBOX_SWEEP_SECONDS", 30)},
    "changelog-due": {"task": "notifications.tasks.emit_due_events", "schedule": 60},
    "outbox-prune": {"task": "notifications.tasks.prune_outbox", "schedule": 24 * 3600},
    "summaries-sweep": {"task": "changelog.tasks.sweep_summaries", "schedule": env_int("OUTBOX_SWEEP_SECONDS", 30)},
    # Hourly: the digest of the last complete week is made once per project and week (a
    # dedupe key), so a beat that was down on Monday still sends it when it comes back.
    "weekly-digest": {"task": "notifications.tasks.send_weekly_digests", "schedule": 3600},
    "embeddings-sweep": {"task": "feedback.tasks.sweep_embeddings", "schedule": 300},  # feedback/duplicates.py
}

# Outbound delivery (notifications app): webhooks, Slack/Discord, email.
# Attempt delays in seconds after the first, for webhooks and emails (Standard Webhooks' schedule, about 28 hours in
# all); each is spread by +-PULSE_RETRY_JITTER. An endpoint still failing after the last
# attempt and failing for PULSE_WEBHOOK_DISABLE_AFTER seconds is disabled.
PULSE_RETRY_SCHEDULE = [
    int(s) for s in env_list("RETRY_SCHEDULE", ["5", "300", "1800", "7200", "18000", "36000", "36000"])
]
PULSE_RETRY_JITTER = float(os.environ.get("RETRY_JITTER", "0.2"))
PULSE_WEBHOOK_DISABLE_AFTER = env_int("WEBHOOK_DISABLE_AFTER", 24 * 3600)
PULSE_WEBHOOK_CONNECT_TIMEOUT = float(os.environ.get("WEBHOOK_CONNECT_TIMEOUT", "3"))
PULSE_WEBHOOK_READ_TIMEOUT = float(os.environ.get("WEBHOOK_READ_TIMEOUT", "10"))
PULSE_WEBHOOK_MAX_RESPONSE_BYTES = env_int("WEBHOOK_MAX_RESPONSE_BYTES", 64 * 1024)
# Off: a receiver resolving to a loopback, private, link-local or reserved address is refused.
PULSE_WEBHOOK_ALLOW_PRIVATE_NETWORKS = env_bool("WEBHOOK_ALLOW_PRIVATE_NETWORKS", False)
# A broker message older than this is taken as lost: the sweeper sends its row again.
PULSE_OUTBOX_GRACE_SECONDS = env_int("OUTBOX_GRACE_SECONDS", 60)
PULSE_OUTBOX_KEEP_DAYS = env_int("OUTBOX_KEEP_DAYS", 30)
PULSE_FANOUT_BATCH = env_int("FANOUT_BATCH", 1000)  # recipients per email task
# The absolute address of this Pulse, for links in emails (confirm, unsubscribe).
PULSE_PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")

# AI (pulse/ai.py, issue 23): the provider behind `ai_summary` (and similar feedback's vectors).
# "offline" (the default): an extractive summariser, no network. "openai": any server speaking
# the OpenAI API at AI_BASE_URL (Ollama, vLLM, hosted); chosen by default when AI_BASE_URL is
# set. A project can turn AI off in its settings. SECURITY.md says what text is sent.
PULSE_AI_BASE_URL = os.environ.get("AI_BASE_URL", "").strip()
PULSE_AI_PROVIDER = os.environ.get("AI_PROVIDER", "").strip() or ("openai" if PULSE_AI_BASE_URL else "offline")
PULSE_AI_API_KEY = os.environ.get("AI_API_KEY", "")  # sent as a Bearer token; never logged
PULSE_AI_MODEL = os.environ.get("AI_MODEL", "gpt-4o-mini")
PULSE_AI_EMBEDDING_MODEL = os.environ.get("AI_EMBEDDING_MODEL", "")  # empty: AI_MODEL
PULSE_AI_CONNECT_TIMEOUT = float(os.environ.get("AI_CONNECT_TIMEOUT", "5"))
PULSE_AI_READ_TIMEOUT = float(os.environ.get("AI_READ_TIMEOUT", "30"))
PULSE_AI_RETRIES = env_int("AI_RETRIES", 2)  # more attempts after the first (429, 5xx, network errors)
PULSE_AI_BACKOFF = float(os.environ.get("AI_BACKOFF", "0.5"))  # seconds, doubled per retry
PULSE_AI_MAX_INPUT_CHARS = env_int("AI_MAX_INPUT_CHARS", 8000)  # text sent per summary or embedded item
PULSE_AI_MAX_RESPONSE_BYTES = env_int("AI_MAX_RESPONSE_BYTES", 1024 * 1024)
# Similar feedback with embeddings (pulse/embeddings.py): texts per /embeddings request, the
# newest vectors compared per search, and the least cosine similarity shown (depends on the
# model: near-duplicates usually score above 0.8 with common embedding models).
PULSE_AI_EMBED_BATCH = env_int("AI_EMBED_BATCH", 64)
PULSE_AI_SIMILAR_POOL = env_int("AI_SIMILAR_POOL", 2000)
PULSE_AI_SIMILARITY_THRESHOLD = float(os.environ.get("AI_SIMILARITY_THRESHOLD", "0.6"))

# Email: SMTP when EMAIL_HOST is set, else printed on the console (the embedded default);
# EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend keeps them in EMAIL_FILE_PATH.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Pulse <pulse@localhost>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # 4xx responses are the client's business; keep the log for what needs a look.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "INFO" if DEBUG else "WARNING"},
    },
}
