"""Celery workers' heartbeats: each worker says it is alive, by its host name (see portal/heartbeat.py)."""
import datetime as dt

from django.utils import timezone

from learners.models import WorkerHeartbeat

FORGOTTEN_AFTER = dt.timedelta(days=1)  # a worker silent this long is gone: its row is dropped


def worker_heartbeat_record(*, hostname: str) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(hostname=hostname, defaults={"beat_at": now})
    WorkerHeartbeat.objects.filter(beat_at__lt=now - FORGOTTEN_AFTER).delete()


def worker_heartbeat_forget(*, hostname: str) -> None:
    """A worker that stops cleanly is no longer reported."""
    WorkerHeartbeat.objects.filter(hostname=hostname).delete()
