"""Workers' heartbeats: a real Celery worker (a subprocess, as `make run` and a deployment start it) shows up in
/healthz while it runs and is forgotten when it stops; the health check only reads the heartbeats."""
from types import SimpleNamespace

import pytest
from django.urls import reverse

from learners.models import WorkerHeartbeat
from portal import heartbeat, loadsim
from tests.learners.test_tasks import wait_for

pytestmark = pytest.mark.django_db(transaction=True)  # the worker, another process, sees what the test wrote


def health(client):
    answer = client.get(reverse("healthz"))
    return answer.status_code, answer.json()


def test_it_reports_a_real_workers_heartbeat_and_forgets_it_when_it_stops(client, settings, redis_url, tmp_path):
    settings.CELERY_TASK_ALWAYS_EAGER, settings.CELERY_BROKER_URL = False, redis_url
    env = loadsim.stack_env(broker_url=redis_url, WORKER_HEARTBEAT_SECONDS="1")
    with loadsim.worker_running(env, name="healthz", log_path=str(tmp_path / "worker.log")):
        status, report = health(client)
        (hostname, age), = report["workers"].items()
        assert status == 200 and report["worker"] == "up" and hostname.startswith("healthz-") and 0 <= age < 5
        first = WorkerHeartbeat.objects.get(hostname=hostname).beat_at
        assert wait_for(lambda: WorkerHeartbeat.objects.get(hostname=hostname).beat_at > first, 10)  # beats again
    status, report = health(client)
    assert (status, report["worker"], report["workers"]) == (503, "down", {})


def test_it_reports_the_worker_of_make_run_on_the_embedded_broker(client, settings, redis_url, tmp_path):
    """`make run`'s worker (manage.py run_local: solo pool, the filesystem broker in VAR_DIR/broker/)."""
    env = loadsim.stack_env(broker_url=redis_url) | {"CELERY_BROKER_URL": "", "VAR_DIR": str(tmp_path)}
    with loadsim.worker_running(env, name="local", log_path=str(tmp_path / "worker.log")):
        assert "filesystem://" in (tmp_path / "worker.log").read_text()
        settings.CELERY_TASK_ALWAYS_EAGER, settings.CELERY_BROKER_URL = False, "filesystem://"
        status, report = health(client)
        assert status == 200 and report["worker"] == "up" and list(report["workers"])[0].startswith("local-")


def test_it_writes_no_heartbeat_after_the_worker_stopped():
    """The beat the timer thread had begun when the worker stopped must not bring the removed row back."""
    worker = SimpleNamespace(hostname="stopping@host")
    heartbeat.beat(worker.hostname)
    assert WorkerHeartbeat.objects.filter(hostname=worker.hostname).exists()
    try:
        heartbeat.stop_beating(worker)
        heartbeat.beat(worker.hostname)
        assert not WorkerHeartbeat.objects.filter(hostname=worker.hostname).exists()
    finally:
        heartbeat._stop.clear()
