"""Settings for the election back office, read from the environment.

Every variable is listed in `.env.example`. Without `DATABASE_URL` the app runs on a
SQLite file, so a fresh checkout starts with one command.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str = "False") -> bool:
    return os.getenv(name, default).lower() in ("1", "true", "yes", "on")


def envlist(name: str, default: str = "") -> list[str]:
    return [
        item.strip() for item in os.getenv(name, default).split(",") if item.strip()
    ]


SECRET_KEY = os.getenv("SECRET_KEY", "dev-only-not-secret-change-me")
DEBUG = envbool("DEBUG", "False")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.getenv("CONN_MAX_AGE", "60")),
    )
}
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
    "importers",
    "demo",  # load_demo: the demo election through every stage (README's map)
    "import_export",
    "django_tables2",
    "django_tasks",
    "django_tasks_db",
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
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
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

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "/admin/login/"

# Vietnamese everywhere a person reads: dd/mm/yyyy, "." groups thousands.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["config.formats"]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = False

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", BASE_DIR / "media"))
# Uploads and printed documents naming voters (electionadmin/storage.py): never served
# by the web server, only through pages that check the user.
PRIVATE_MEDIA_ROOT = Path(os.getenv("PRIVATE_MEDIA_ROOT", BASE_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Largest voter list the admin accepts, in MB (a city's CSV is several hundred MB;
# zipped, a fifth of that). The web server's own body limit must allow it too.
VOTER_IMPORT_MAX_MB = int(os.getenv("VOTER_IMPORT_MAX_MB", "1024"))

# Long work (imports, batch printing) runs as a task. The database backend needs
# nothing more; TASKS_BACKEND=rq spreads the work over machines through Redis.
if os.getenv("TASKS_BACKEND", "database") == "rq":
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    RQ_QUEUES = {"default": {"URL": os.getenv("REDIS_URL", "redis://127.0.0.1:6379/0")}}
    INSTALLED_APPS.append("django_rq")
elif os.getenv("TASKS_BACKEND") == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# How often each process re-reads the state of an election's published results for
# the pages it answers from the cache (electionadmin/publishing/fast.py); 0: always.
PUBLIC_RESULTS_STATE_SECONDS = float(os.getenv("PUBLIC_RESULTS_STATE_SECONDS", "1"))
# The cache counts the public voter look-up's tries per client (10 in 10 minutes):
# with several server processes set CACHE_URL=redis://host:6379/1 so they share it.
if os.getenv("CACHE_URL", "").startswith("redis"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.getenv("CACHE_URL"),
        }
    }
# Behind a proxy, the request header holding the client's address (e.g.
# HTTP_X_REAL_IP); its last address is used. Empty: REMOTE_ADDR.
CLIENT_IP_HEADER = os.getenv("CLIENT_IP_HEADER", "")
# A training install whose election is past: keep the voter look-up open anyway.
VOTER_LOOKUP_ALWAYS_OPEN = envbool("VOTER_LOOKUP_ALWAYS_OPEN")

WAGTAIL_SITE_NAME = "Hệ thống quản lý bầu cử"
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

if envbool("TESTING"):
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Private files follow the MEDIA_ROOT a test points at its temporary folder.
    PRIVATE_MEDIA_ROOT = os.getenv("PRIVATE_MEDIA_ROOT") or None
