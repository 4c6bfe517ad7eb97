"""Workers' heartbeats: one row per worker, the latest time; a clean stop removes it, a day's silence too."""
import datetime as dt

import pytest
from django.utils import timezone

from learners.models import WorkerHeartbeat
from learners.selectors.workers import worker_heartbeat_ages
from learners.services.workers import worker_heartbeat_forget, worker_heartbeat_record

pytestmark = pytest.mark.django_db


def test_it_keeps_one_heartbeat_per_worker_and_forgets_the_long_silent():
    WorkerHeartbeat.objects.create(hostname="celery@gone", beat_at=timezone.now() - dt.timedelta(days=2))
    WorkerHeartbeat.objects.create(hostname="celery@slow", beat_at=timezone.now() - dt.timedelta(minutes=5))
    worker_heartbeat_record(hostname="celery@a")
    worker_heartbeat_record(hostname="celery@a")
    ages = worker_heartbeat_ages()
    assert list(ages) == ["celery@a", "celery@slow"] and ages["celery@a"] < 5 and 299 < ages["celery@slow"] < 310
    worker_heartbeat_forget(hostname="celery@a")
    assert list(worker_heartbeat_ages()) == ["celery@slow"]
