"""What the health check reports: the database, the broker, the Celery workers' heartbeats and the age of the
active model; a part that is down makes the whole answer 503, so a load balancer or a monitor can act on the
status code alone. Every part is one cheap read: the workers are not asked, their heartbeats are read."""
from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from kombu import Connection

from learners import registry
from learners.selectors.workers import worker_heartbeat_ages

BROKER_TIMEOUT_SECONDS = 2  # a broker that does not answer within this is reported down


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return "down"
    return "up"


def broker_status() -> str:
    """'up' or 'down'; 'in-process' when tasks run in the web process (CELERY_TASK_ALWAYS_EAGER)."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process"
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=BROKER_TIMEOUT_SECONDS) as broker:
            broker.ensure_connection(max_retries=0)  # one try, no waiting between retries
    except Exception:  # kombu raises the transport's own errors (redis, OSError, ...): all mean "down"
        return "down"
    return "up"


def workers_status() -> tuple[str, dict[str, float]]:
    """('up', ages) when some worker's heartbeat is fresher than WORKER_HEARTBEAT_STALE_SECONDS, else ('down',
    ages); ('in-process', {}) when tasks run in the web process. Ages: seconds since each worker's heartbeat."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process", {}
    ages = worker_heartbeat_ages()
    fresh = any(age <= settings.WORKER_HEARTBEAT_STALE_SECONDS for age in ages.values())
    return ("up" if fresh else "down"), ages


def active_model_age_seconds() -> float | None:
    version = registry.active_version()
    if version is None or version.activated_at is None:
        return None
    return round((timezone.now() - version.activated_at).total_seconds(), 1)


def health_report() -> dict:
    database, broker = database_status(), broker_status()
    worker, workers = workers_status() if database == "up" else ("unknown", {})
    down = "down" in (database, broker, worker)
    return {"status": "down" if down else "ok", "database": database, "broker": broker, "worker": worker,
            "workers": workers, "active_model_age_seconds": active_model_age_seconds() if database == "up" else None}
