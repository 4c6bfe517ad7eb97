"""The fault scenarios of `manage.py faultcheck` (portal/faults.py), for real: Celery workers in processes of their
own SIGKILLed mid-refresh and mid-retraining, a redis-server stopped under the site, PostgreSQL dropping every
connection. On PostgreSQL and Redis (CI); the real PostgreSQL restart is faultcheck's alone."""
import os
from dataclasses import asdict

import pytest
import redis
from django.db import connections

from learners import registry
from learners.models import Attempt, ModelVersion, RefreshRequest, StudentModel, TrainingRun
from portal import faults
from tests.fixtures import require_postgresql, tiny_config, trained_students

REDIS_URL = os.getenv("REDIS_URL", "redis://127.0.0.1:6379/15")
BROKER_KEYS = ("default", "gpu", "unacked", "unacked_index", "learners:refresh:scheduled")


@pytest.fixture
def site(settings, tmp_path):
    """24 students and an active version, committed (the workers read them), tasks on Redis's queues."""
    require_postgresql()
    settings.METACORE_TRAIN = asdict(tiny_config(epochs=2))
    students = trained_students(settings, tmp_path / "media", 24)
    queues = redis.Redis.from_url(REDIS_URL)
    queues.delete(*BROKER_KEYS)  # no other test's message for these workers
    with faults.broker(REDIS_URL):
        yield students
    queues.delete(*BROKER_KEYS)  # nor a killed worker's, re-delivered hours later


pytestmark = pytest.mark.django_db(transaction=True)


def test_it_refreshes_the_students_whose_refresh_was_killed_with_its_worker(site, tmp_path):
    report = faults.worker_killed_during_refresh(log_dir=tmp_path, n_students=12)
    assert report["killed_while_claimed"] and report["recovered"], report
    assert report["lost_attempts"] == 0 and report["recovery_seconds"] < 30
    assert not Attempt.objects.filter(idempotency_key__startswith=faults.FAULT_KEY).exists()  # cleaned up


def test_it_fails_a_retraining_killed_with_its_worker_and_retrains_after(site, tmp_path):
    active = registry.active_version()
    report = faults.worker_killed_during_retrain(log_dir=tmp_path, retrain_within=120)
    assert report["killed_while_training"] and report["run_stage"] == "interrupted", report
    assert report["active_version_and_models_untouched"] and not report["candidate_rows_left"]
    assert report["later_retrain"] == "succeeded" and report["recovered"] and report["recovery_seconds"] < 30
    killed = TrainingRun.objects.order_by("pk")[1]  # the first made the active version, the second was killed
    assert killed.status == "failed" and killed.version.status == "failed" and "worker stopped" in killed.error
    assert ModelVersion.objects.filter(status="active").count() == 1 and active.pk != killed.version_id


def test_it_keeps_every_answer_while_redis_is_down_and_refreshes_them_after(site, tmp_path):
    report = faults.redis_down(log_dir=tmp_path, n_students=8)
    assert report["lost_attempts"] == 0 and report["refreshes_queued_in_db"] == 8, report
    assert report["mean_answer_seconds_while_down"] < 1 and report["recovered"]
    assert not RefreshRequest.objects.exists()


def test_it_loses_no_acknowledged_attempt_when_the_database_drops_every_connection(site):
    def drop_connections():  # what a PostgreSQL restart does to the site's connections
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                           "WHERE datname = current_database() AND pid <> pg_backend_pid()")
        connections["default"].close()

    before = StudentModel.objects.count()
    report = faults.postgres_restart(restart=drop_connections, n_attempts=40)
    assert report["lost_attempts"] == 0 and report["recovered"], report
    assert report["attempts_acknowledged"] + report["attempts_refused"] == 40
    assert StudentModel.objects.count() == before
