"""Settings come from the environment; each case runs in a fresh interpreter."""
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k" * 20 + "7Qz!p9@Lm#2vX$8nB&4sD*6fG(1hJ)3w"
PRODUCTION = {"DEBUG": "0", "SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "school.example.org"}


def clean_env(**overrides):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER", "DEBUG", "SECRET_KEY",
                        "ALLOWED_HOSTS")}
    env.update(DJANGO_SETTINGS_MODULE="portal.settings", **overrides)
    return env


def read_settings(names, **env):
    code = ("import json, django; from django.conf import settings; django.setup(); "
            f"print(json.dumps({{n: str(getattr(settings, n)) for n in {names!r}}}))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean_env(**env), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_it_defaults_to_sqlite_an_embedded_broker_and_debug(tmp_path):
    found = read_settings(["DATABASES", "CELERY_BROKER_URL", "CELERY_BROKER_TRANSPORT_OPTIONS",
                           "CELERY_TASK_ALWAYS_EAGER", "DEBUG", "MEDIA_ROOT"], VAR_DIR=str(tmp_path))
    assert "sqlite3" in found["DATABASES"] and str(tmp_path / "db.sqlite3") in found["DATABASES"]
    assert "'timeout': 30" in found["DATABASES"] and "journal_mode=WAL" in found["DATABASES"]
    assert found["CELERY_BROKER_URL"] == "filesystem://" and found["CELERY_TASK_ALWAYS_EAGER"] == "False"
    assert f"'data_folder_in': '{tmp_path / 'broker' / 'queue'}'" in found["CELERY_BROKER_TRANSPORT_OPTIONS"]
    assert all((tmp_path / "broker" / folder).is_dir() for folder in ("queue", "processed", "control"))
    assert found["DEBUG"] == "True"
    assert found["MEDIA_ROOT"] == str(tmp_path / "media")


def test_it_reads_the_database_broker_and_hosts_from_the_environment():
    found = read_settings(
        ["DATABASES", "CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER", "ALLOWED_HOSTS", "STATIC_ROOT", "DEBUG"],
        DATABASE_URL="postgres://app:secret@db.internal:6543/portal", CELERY_BROKER_URL="redis://cache:6379/0",
        STATIC_ROOT="/srv/static", **PRODUCTION,
    )
    assert "'ENGINE': 'django.db.backends.postgresql'" in found["DATABASES"]
    assert "'NAME': 'portal'" in found["DATABASES"] and "'PORT': 6543" in found["DATABASES"]
    assert found["CELERY_BROKER_URL"] == "redis://cache:6379/0" and found["CELERY_TASK_ALWAYS_EAGER"] == "False"
    assert found["ALLOWED_HOSTS"] == "['school.example.org']" and found["STATIC_ROOT"] == "/srv/static"
    assert found["DEBUG"] == "False"


def test_it_runs_tasks_in_process_when_told(tmp_path):
    found = read_settings(["CELERY_TASK_ALWAYS_EAGER"], VAR_DIR=str(tmp_path), CELERY_TASK_ALWAYS_EAGER="1")
    assert found["CELERY_TASK_ALWAYS_EAGER"] == "True"


def test_it_trusts_the_proxy_header_only_when_told_and_spares_the_health_check():
    plain = read_settings(["SECURE_PROXY_SSL_HEADER", "SECURE_REDIRECT_EXEMPT"], **PRODUCTION)
    assert plain == {"SECURE_PROXY_SSL_HEADER": "None", "SECURE_REDIRECT_EXEMPT": "['^healthz$']"}
    proxied = read_settings(["SECURE_PROXY_SSL_HEADER"], TRUST_X_FORWARDED_PROTO="1", **PRODUCTION)
    assert proxied["SECURE_PROXY_SSL_HEADER"] == "('HTTP_X_FORWARDED_PROTO', 'https')"


def test_it_refuses_to_start_without_a_secret_in_production():
    done = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, capture_output=True, text=True,
                          env=clean_env(DEBUG="0"))
    assert done.returncode != 0 and "SECRET_KEY must be set when DEBUG is off" in done.stderr


def test_it_refuses_a_boolean_it_cannot_read():
    done = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, capture_output=True, text=True,
                          env=clean_env(DEBUG="maybe"))
    assert done.returncode != 0 and "DEBUG='maybe' is not a boolean" in done.stderr


def test_it_passes_the_deployment_checklist_with_production_settings(tmp_path):
    done = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT,
                          capture_output=True, text=True, env=clean_env(VAR_DIR=str(tmp_path), **PRODUCTION))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout


def test_it_prints_mail_unless_an_smtp_server_is_given():
    names = ["EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_USE_TLS", "DEFAULT_FROM_EMAIL"]
    assert read_settings(names[:1], EMAIL_HOST="")["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    smtp = read_settings(names, EMAIL_HOST="smtp.example.org", EMAIL_PORT="2525", EMAIL_HOST_USER="portal",
                         EMAIL_USE_TLS="0", DEFAULT_FROM_EMAIL="portal@example.org")
    assert smtp == {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": "smtp.example.org",
                    "EMAIL_PORT": "2525", "EMAIL_HOST_USER": "portal", "EMAIL_USE_TLS": "False",
                    "DEFAULT_FROM_EMAIL": "portal@example.org"}


def test_it_reads_sign_in_and_practice_limits_from_the_environment():
    found = read_settings(["AXES_FAILURE_LIMIT", "AXES_COOLOFF_TIME", "TRUST_X_FORWARDED_FOR",
                           "PRACTICE_KEY_MAX_AGE_SECONDS", "PRACTICE_ANSWERS_PER_MINUTE"],
                          LOGIN_FAILURE_LIMIT="3", LOGIN_COOLOFF_MINUTES="60", TRUST_X_FORWARDED_FOR="1",
                          PRACTICE_KEY_MAX_AGE_SECONDS="600", PRACTICE_ANSWERS_PER_MINUTE="10")
    assert found == {"AXES_FAILURE_LIMIT": "3", "AXES_COOLOFF_TIME": "1:00:00", "TRUST_X_FORWARDED_FOR": "True",
                     "PRACTICE_KEY_MAX_AGE_SECONDS": "600", "PRACTICE_ANSWERS_PER_MINUTE": "10"}
    assert read_settings(["TRUST_X_FORWARDED_FOR"]) == {"TRUST_X_FORWARDED_FOR": "False"}


def admin_address(**env) -> subprocess.CompletedProcess:
    """Where the admin is served, and whether /admin/ still leads anywhere, with these environment variables."""
    code = ("import django; django.setup(); from django.urls import Resolver404, resolve, reverse\n"
            "try:\n    resolve('/admin/'); found = 'found'\nexcept Resolver404:\n    found = 'not found'\n"
            "print(reverse('admin:index'), found)")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean_env(**env), capture_output=True, text=True)


def test_it_serves_the_admin_at_the_path_the_environment_gives():
    assert admin_address().stdout.split(maxsplit=1) == ["/admin/", "found\n"]
    assert admin_address(ADMIN_PATH="/backstage-7q/").stdout.split(maxsplit=1) == ["/backstage-7q/", "not found\n"]
    refused = admin_address(ADMIN_PATH="/")
    assert refused.returncode != 0 and "ADMIN_PATH must name a path" in refused.stderr
