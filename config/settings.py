"""Settings for the election back office, read from the environment.

Every variable is listed in `.env.example`. Without `DATABASE_URL` the app runs on a
SQLite file, so a fresh checkout starts with one command.
"""

import os
import secrets
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str = "False") -> bool:
    return os.getenv(name, default).lower() in ("1", "true", "yes", "on")


def envlist(name: str, default: str = "") -> list[str]:
    return [
        item.strip() for item in os.getenv(name, default).split(",") if item.strip()
    ]


DEBUG = envbool("DEBUG", "False")
# The demo (./scripts/start): its logins, with their published password and
# second-factor key (demo/users.py), may be made and used with DEBUG off. It changes
# nothing else (a real SECRET_KEY is still needed; HTTPS, cookies and the error
# pages are as set); never on a real site: `check` warns when it meets HTTPS, and
# `check --deploy` whenever it is on (electionadmin/access/checks.py).
DEMO = envbool("DEMO", "False")
# Test runs: scripts/test sets TESTING; pytest run by hand is a test run too.
TESTING = envbool("TESTING") or "pytest" in sys.modules
DEV_SECRET_KEY = "dev-only-not-secret-change-me"


def real_secret_key(key: str) -> bool:
    """What Django's deployment check asks of a key: long, varied, not a default."""
    return (
        len(key) >= 50
        and len(set(key)) >= 5
        and key != DEV_SECRET_KEY
        and not key.startswith("django-insecure-")
    )


SECRET_KEY = os.getenv("SECRET_KEY", "")
if not real_secret_key(SECRET_KEY):
    if DEBUG:
        SECRET_KEY = SECRET_KEY or DEV_SECRET_KEY
    elif TESTING:
        SECRET_KEY = secrets.token_urlsafe(50)  # one per test process
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is missing or weak while DEBUG is off: set SECRET_KEY to a "
            "random value of at least 50 characters (e.g. python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))'), or DEBUG=true for a local demo. "
            "Thiếu SECRET_KEY hoặc SECRET_KEY quá yếu khi DEBUG tắt."
        )
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

# Production behind HTTPS (HTTPS=true): redirect to https, secure cookies, HSTS.
HTTPS = envbool("HTTPS", "False")
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.getenv("HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("HSTS_INCLUDE_SUBDOMAINS", "True")
SECURE_HSTS_PRELOAD = envbool("HSTS_PRELOAD", "True")
if envbool("TRUST_X_FORWARDED_PROTO"):  # only behind a proxy that sets it itself
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy on every page (access/middleware.py). The Django and
# Wagtail admins write inline scripts and styles, hence 'unsafe-inline'; nothing
# is loaded from another site.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "frame-src 'self'",
        "frame-ancestors 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
)

DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.getenv("CONN_MAX_AGE", "60")),
    )
}
# A read replica for the dashboards and the public results (electionadmin/replica.py,
# deploy/README.md). Its connection is read-only; writes always go to "default".
if os.getenv("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.getenv("DATABASE_REPLICA_URL"),
        conn_max_age=int(os.getenv("CONN_MAX_AGE", "60")),
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["electionadmin.replica.ReplicaRouter"]
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (server, task worker) share the file.
    DATABASES["default"]["OPTIONS"] = {"timeout": 30}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The turnout submission path keeps its few statements prepared on PostgreSQL
# (electionadmin/polling/sql.py). False behind PgBouncer in transaction mode < 1.21.
DB_PREPARED_STATEMENTS = envbool("DB_PREPARED_STATEMENTS", "True")

INSTALLED_APPS = [
    "electionadmin.access",
    "electionadmin.audit",
    "electionadmin.setup",
    "electionadmin.printing",
    "electionadmin.voters",
    "electionadmin.results",
    "electionadmin.polling",
    "electionadmin.documents",
    "electionadmin.publishing",
    "electionadmin.workspace",
    "importers",
    "demo",  # load_demo: the demo election through every stage (README's map)
    "import_export",
    "django_tables2",
    "django_tasks",
    "importers.task_app.TaskResultsConfig",  # django_tasks_db, named in Vietnamese
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "django.contrib.sitemaps",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "electionadmin.access.site.ElectionAdminConfig",  # django.contrib.admin
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]
if IS_POSTGRES:
    INSTALLED_APPS.append("django.contrib.postgres")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Every request's client address, for the audit entries written in it.
    "electionadmin.audit.log.ClientAddressMiddleware",
    # A turnout submission with an API token goes straight to its view from here:
    # it reads no cookie, so it needs no session, CSRF or messages (polling/api.py).
    "electionadmin.polling.api.TokenApiMiddleware",
    "electionadmin.access.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "electionadmin.access.middleware.IdleSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Committees and administrators pass a second factor before any screen.
    "electionadmin.access.middleware.SecondFactorMiddleware",
    # Wagtail's report pages only for the city committee and administrators.
    "electionadmin.access.middleware.WagtailReportsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: it answers a locked-out login (axes' signal) with the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "electionadmin.publishing.links.screen_guides",
            ],
        },
    },
]

# Django's validators, with Vietnamese messages (electionadmin/access/passwords.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"electionadmin.access.passwords.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]
PASSWORD_MIN_LENGTH = 12
LOGIN_URL = "/admin/login/"
# Every role lands on its own work (electionadmin/workspace/).
LOGIN_REDIRECT_URL = "/viec-cua-toi/"
# django-axes counts failed logins first (lockout), then the usual check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's, refusing the demo's accounts when DEMO is off (access/backends.py).
    "electionadmin.access.backends.AccountBackend",
]
# Lockout after LOGIN_FAILURE_LIMIT failed logins, for that user name and, apart,
# for that address (an office behind one address shares its count), for
# LOGIN_LOCKOUT_MINUTES; a successful login clears the count.
AXES_FAILURE_LIMIT = int(os.getenv("LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.getenv("LOGIN_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "electionadmin.access.otp.lockout"
AXES_VERBOSE = False
# Its admin is in English: unlock with `manage.py axes_reset_username NAME` (README).
AXES_ENABLE_ADMIN = False
# The client's address: REMOTE_ADDR, or behind a proxy the last address of the
# header CLIENT_IP_HEADER names, as the audit log records it.
AXES_CLIENT_IP_CALLABLE = "electionadmin.audit.log.address_of"
# The committees' and administrators' second factor: a TOTP app (access/otp.py).
OTP_TOTP_ISSUER = "Quản lý bầu cử"
OTP_TOTP_THROTTLE_FACTOR = 1
# A session ends after SESSION_IDLE_MINUTES without a request (give or take a
# minute), and with the browser.
SESSION_COOKIE_AGE = 60 * int(os.getenv("SESSION_IDLE_MINUTES", "30"))
SESSION_REFRESH_SECONDS = 60  # access/middleware.py: IdleSessionMiddleware
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Vietnamese everywhere a person reads: dd/mm/yyyy, "." groups thousands.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
# The project's own Vietnamese for admin strings Wagtail leaves in English.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["config.formats"]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# One time zone, Vietnam's: the account page offers no list of the world's zones
# (their IANA names, "America/Argentina/Buenos_Aires", are English codes).
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]
WAGTAIL_I18N_ENABLED = False

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", BASE_DIR / "static_collected"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", BASE_DIR / "media"))
# Uploads and printed documents naming voters (electionadmin/storage.py): never served
# by the web server, only through pages that check the user.
PRIVATE_MEDIA_ROOT = Path(os.getenv("PRIVATE_MEDIA_ROOT", BASE_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Where `manage.py backup` writes when given no file (README: a schedule).
BACKUP_DIR = Path(os.getenv("BACKUP_DIR", BASE_DIR / "backups"))
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Largest voter list the admin accepts, in MB (a city's CSV is several hundred MB;
# zipped, a fifth of that). The web server's own body limit must allow it too.
VOTER_IMPORT_MAX_MB = int(os.getenv("VOTER_IMPORT_MAX_MB", "1024"))
# What any imported file may hold (importers/limits.py; docs/SECURITY.md).
IMPORT_WORKBOOK_MAX_MB = int(os.getenv("IMPORT_WORKBOOK_MAX_MB", "50"))
VOTER_IMPORT_MAX_UNCOMPRESSED_MB = int(
    os.getenv("VOTER_IMPORT_MAX_UNCOMPRESSED_MB", "8192")
)
IMPORT_MAX_COMPRESSION_RATIO = int(os.getenv("IMPORT_MAX_COMPRESSION_RATIO", "200"))
IMPORT_MAX_ZIP_ENTRIES = int(os.getenv("IMPORT_MAX_ZIP_ENTRIES", "200"))
IMPORT_MAX_ROWS = int(os.getenv("IMPORT_MAX_ROWS", "500000"))
VOTER_IMPORT_MAX_ROWS = int(os.getenv("VOTER_IMPORT_MAX_ROWS", "20000000"))
# A first import of a large CSV is parsed by this many processes (1 or 2;
# importers/voters_parallel.py), from a file of this size on.
VOTER_IMPORT_PROCESSES = int(os.getenv("VOTER_IMPORT_PROCESSES", "2"))
VOTER_IMPORT_PARALLEL_MIN_MB = int(os.getenv("VOTER_IMPORT_PARALLEL_MIN_MB", "16"))
IMPORT_ADMIN_MAX_ROWS = int(os.getenv("IMPORT_ADMIN_MAX_ROWS", "20000"))
IMPORT_MAX_BLANK_ROWS = int(os.getenv("IMPORT_MAX_BLANK_ROWS", "10000"))
IMPORT_MAX_COLUMNS = int(os.getenv("IMPORT_MAX_COLUMNS", "200"))
IMPORT_MAX_CELL_CHARS = int(os.getenv("IMPORT_MAX_CELL_CHARS", "5000"))
# Background jobs (electionadmin/jobs.py). Each kind stops at its time limit, in
# minutes, and ends failed with nothing written; a running job whose heartbeat is
# older than JOB_STALE_MINUTES shows as failed (its worker died).
JOB_TIME_LIMITS = {
    "election": float(os.getenv("JOB_LIMIT_ELECTION_MINUTES", "30")),
    "voters": float(os.getenv("JOB_LIMIT_VOTERS_MINUTES", "120")),
    "turnout": float(os.getenv("JOB_LIMIT_TURNOUT_MINUTES", "10")),
    "print": float(os.getenv("JOB_LIMIT_PRINT_MINUTES", "120")),
}
JOB_STALE_MINUTES = float(os.getenv("JOB_STALE_MINUTES", "5"))

# Long work (imports, batch printing) runs as a task. The database backend needs
# nothing more; TASKS_BACKEND=rq spreads the work over machines through Redis.
# Batch printing runs on the print farm (electionadmin/printing/farm.py): one task
# per voting area on PRINT_QUEUE, files in the shared PRIVATE_MEDIA_ROOT; a part
# whose worker stopped beating for PRINT_PART_STALE_SECONDS is run again, up to
# PRINT_PART_ATTEMPTS times (docs/PRINT_FARM.md).
PRINT_QUEUE = os.getenv("PRINT_QUEUE", "default")
PRINT_PART_STALE_SECONDS = float(os.getenv("PRINT_PART_STALE_SECONDS", "60"))
PRINT_PART_ATTEMPTS = int(os.getenv("PRINT_PART_ATTEMPTS", "3"))
TASK_QUEUES = sorted({"default", PRINT_QUEUE})
if os.getenv("TASKS_BACKEND", "database") == "rq":
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": TASK_QUEUES}}
    # RQ stops a job after its queue's DEFAULT_TIMEOUT (180 s unless set): only a
    # last resort here, after the longest of the jobs' own limits.
    RQ_QUEUES = {
        name: {
            "URL": os.getenv("REDIS_URL", "redis://127.0.0.1:6379/0"),
            "DEFAULT_TIMEOUT": int(max(JOB_TIME_LIMITS.values()) * 60) + 600,
        }
        for name in TASK_QUEUES
    }
    INSTALLED_APPS.append("django_rq")
elif os.getenv("TASKS_BACKEND") == "immediate":
    TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": TASK_QUEUES,
        }
    }
else:
    TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": TASK_QUEUES,
        }
    }

# How often each process re-reads the state of an election's published results for
# the pages it answers from the cache (electionadmin/publishing/fast.py); 0: always.
PUBLIC_RESULTS_STATE_SECONDS = float(os.getenv("PUBLIC_RESULTS_STATE_SECONDS", "1"))
# The cache counts the public voter look-up's tries per client (10 in 10 minutes)
# and the turnout API's submissions per token: with several server processes set
# CACHE_URL=redis://host:6379/1 so they share the counts (else each its own).
if os.getenv("CACHE_URL", "").startswith("redis"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.getenv("CACHE_URL"),
        }
    }
# Turnout API submissions a token may send a minute (electionadmin/polling/api.py).
TURNOUT_API_PER_MINUTE = int(os.getenv("TURNOUT_API_PER_MINUTE", "120"))
# Behind a proxy, the request header holding the client's address (e.g.
# HTTP_X_REAL_IP); its last address is used. Empty: REMOTE_ADDR. The voter
# look-up's count and the login lockout read it.
CLIENT_IP_HEADER = os.getenv("CLIENT_IP_HEADER", "")
# A training install whose election is past: keep the voter look-up open anyway.
VOTER_LOOKUP_ALWAYS_OPEN = envbool("VOTER_LOOKUP_ALWAYS_OPEN")

WAGTAIL_SITE_NAME = "Hệ thống quản lý bầu cử"
# No avatars or update checks from other sites (the CSP allows none).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_BASE_URL = os.getenv("BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "pdf", "txt", "xlsx", "zip"]

IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap4.html"

# The public source data the demo (and bench/) read, with their sources in SOURCES.md.
DEMO_DATA_DIR = BASE_DIR / "demo" / "data"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "WARNING")},
}

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Private files follow the MEDIA_ROOT a test points at its temporary folder.
    PRIVATE_MEDIA_ROOT = os.getenv("PRIVATE_MEDIA_ROOT") or None
