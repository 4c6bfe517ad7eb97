"""The Celery app, as in Celery's guide for Django: configuration from settings (CELERY_*)."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

from portal import heartbeat  # noqa: E402,F401  (the worker's heartbeat, on its ready and shutdown signals)
