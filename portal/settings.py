"""Settings for the portal, all read from the environment.

Zero-setup defaults: SQLite and an embedded task broker (files) in var/, DEBUG on.
Production: set SECRET_KEY, DEBUG=0, ALLOWED_HOSTS, DATABASE_URL (postgres://...) and
CELERY_BROKER_URL (redis://...).
"""
import datetime as dt
import json
import os
from pathlib import Path

import dj_database_url
import plotly
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

DEV_SECRET_KEY = "dev-only-insecure-key-set-SECRET_KEY-in-production"


def envbool(name: str, default: str = "0") -> bool:
    value = os.getenv(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use 1/0, true/false, yes/no)")


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "1")
SECRET_KEY = os.getenv("SECRET_KEY", DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_celery_beat",
    "django_celery_results",
    "axes",
    "ninja",  # the API's documentation page and its swagger-ui assets, served from our static files
    "learners",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.headers.SecurityHeadersMiddleware",
    "portal.api.body_limit.ApiBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.middleware.PasswordChangeRequiredMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out sign-in into the lockout page
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

VAR_DIR = Path(os.getenv("VAR_DIR", BASE_DIR / "var"))
DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.getenv("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # The site, the worker and beat share the file: WAL lets readers go on while one writes, and a writer waits
    # (up to the timeout) for the lock instead of failing at once.
    DATABASES["default"]["OPTIONS"] = {"timeout": 30, "init_command": "PRAGMA journal_mode=WAL;"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out account or address before the password
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.getenv("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/plotly", Path(plotly.__file__).parent / "package_data"),  # plotly.js of the pinned plotly, no CDN
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Celery: with no CELERY_BROKER_URL, an embedded broker (kombu's filesystem transport, in var/broker/) that
# `make run` starts a worker and beat on; CELERY_TASK_ALWAYS_EAGER=1 runs tasks in the web process instead.
CELERY_BROKER_URL = os.getenv("CELERY_BROKER_URL", "") or "filesystem://"
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER")
BROKER_DIR = VAR_DIR / "broker"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_DEFAULT_QUEUE = "default"  # training tasks go to "gpu" (see learners/tasks.py)
CELERY_TASK_TRACK_STARTED = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # long training tasks: take one at a time
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 4 * 3600}  # > the longest task, or Redis re-delivers it
if CELERY_BROKER_URL.startswith("filesystem://"):
    for folder in ("queue", "processed", "control"):
        (BROKER_DIR / folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS |= {  # one folder both ways: the site and the worker share it
        "data_folder_in": str(BROKER_DIR / "queue"), "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"), "control_folder": str(BROKER_DIR / "control"),
    }

# metacore training settings for retraining jobs, as JSON over metacore.train.TrainConfig's defaults (the
# network's under "net"), e.g. METACORE_TRAIN='{"epochs": 10, "max_seconds": 600, "net": {"hidden": 128}}'.
METACORE_TRAIN = json.loads(os.getenv("METACORE_TRAIN", "{}"))
# A retrained candidate replaces the active version only when its validation AUC on the same held-out students
# is higher by at least this much (a tie keeps the active version: students' numbers do not move for nothing).
MODEL_ACTIVATION_MARGIN = float(os.getenv("MODEL_ACTIVATION_MARGIN", "0.002"))
# Data-parallel training processes (torch DistributedDataParallel, one per GPU on a multi-GPU worker).
METACORE_TRAIN_PROCESSES = int(os.getenv("METACORE_TRAIN_PROCESSES", "1"))

# Sign-in throttling (django-axes), on the site's login and the admin's: after LOGIN_FAILURE_LIMIT failed
# sign-ins, the account, and separately the address, is locked out for LOGIN_COOLOFF_MINUTES; a success resets.
AXES_FAILURE_LIMIT = int(os.getenv("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.getenv("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "portal.signin.locked_out"
AXES_CLIENT_IP_CALLABLE = "portal.signin.client_ip"
AXES_USERNAME_CALLABLE = "portal.signin.client_username"
# The client's address is the right-most X-Forwarded-For entry only behind a proxy that appends it itself
# (otherwise clients could claim any address and escape the lockout); REMOTE_ADDR otherwise.
TRUST_X_FORWARDED_FOR = envbool("TRUST_X_FORWARDED_FOR")

# Password-reset mail: printed on the console unless EMAIL_HOST names an SMTP server.
EMAIL_HOST = os.getenv("EMAIL_HOST", "")
EMAIL_BACKEND = ("django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
                 else "django.core.mail.backends.console.EmailBackend")
EMAIL_PORT = int(os.getenv("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "1")
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "webmaster@localhost")

# The Django admin's address: a path of its own makes it harder to find for those who probe /admin/.
ADMIN_PATH = os.getenv("ADMIN_PATH", "admin/").strip().strip("/") + "/"
if ADMIN_PATH == "/":
    raise ImproperlyConfigured("ADMIN_PATH must name a path, such as backstage/")

# The Practice page: an exercise's signed key is good for this long; a student may send this many answers a
# minute (counted in the cache: use a shared cache when several processes serve the site).
PRACTICE_KEY_MAX_AGE_SECONDS = int(os.getenv("PRACTICE_KEY_MAX_AGE_SECONDS", str(24 * 3600)))
PRACTICE_ANSWERS_PER_MINUTE = int(os.getenv("PRACTICE_ANSWERS_PER_MINUTE", "30"))

# The JSON API (/api/v1/): the largest request body it reads (a batch of 10,000 attempts is about 2-4 MB).
API_MAX_BODY_BYTES = int(os.getenv("API_MAX_BODY_BYTES", str(16 * 1024 * 1024)))

# Production hardening: on whenever DEBUG is off.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "0" if DEBUG else "1")
# Only behind a proxy that sets X-Forwarded-Proto itself (otherwise clients could claim HTTPS).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if envbool("TRUST_X_FORWARDED_PROTO") else None
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # plain-HTTP load-balancer probes
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.getenv("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sent on every response by portal.headers.SecurityHeadersMiddleware. No inline script or handler anywhere
# (scripts are static files; charts' figures are JSON data blocks). Inline styles only because plotly.js adds
# <style> elements of its own when it draws (our templates have none: tests/portal/test_headers.py); data: only
# for the images and fonts of Plotly, KaTeX and the admin.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# Browser features no page uses, refused to every origin.
PERMISSIONS_POLICY = {feature: [] for feature in (
    "accelerometer", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer", "microphone",
    "payment", "usb",
)}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO" if not DEBUG else "WARNING")},
}
