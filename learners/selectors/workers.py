"""Celery workers' heartbeats, as the health check reports them."""
from django.utils import timezone

from learners.models import WorkerHeartbeat


def worker_heartbeat_ages() -> dict[str, float]:
    """Seconds since each worker's last heartbeat, by host name."""
    now = timezone.now()
    return {hostname: round((now - beat_at).total_seconds(), 1)
            for hostname, beat_at in WorkerHeartbeat.objects.order_by("hostname").values_list("hostname", "beat_at")}
