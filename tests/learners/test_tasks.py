"""A real Celery worker: on the real Redis broker and PostgreSQL (retraining and per-student refreshes), and on
the embedded filesystem broker and SQLite that `make run` uses."""
import os
import time
from contextlib import contextmanager
from dataclasses import asdict

import pytest
from celery.contrib.testing.worker import start_worker
from django_celery_results.models import TaskResult

from learners import refresh_queue
from learners.models import ModelStatus, ModelVersion, Skill, StudentModel, StudentNeighbour, TrainingRun
from learners.services import attempts, training
from portal.celery import app
from tests.fixtures import require_postgresql, seed_attempts, tiny_config

REDIS_URL = os.getenv("REDIS_URL", "redis://127.0.0.1:6379/15")


def wait_for(condition, seconds=60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def forget_connections():
    """Producers made earlier in the session point at the old broker URL: drop them."""
    app.close()
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def worker_on(settings, broker_url: str, transport_options: dict | None = None):
    """A real worker (in a thread) on both queues of this broker, tasks no longer eager; put back after."""
    settings.CELERY_BROKER_URL, settings.CELERY_TASK_ALWAYS_EAGER = broker_url, False
    refresh_queue._redis.cache_clear()
    original = {name: app.conf[name] for name in ("broker_url", "broker_transport_options", "task_always_eager")}
    app.conf.update(broker_url=broker_url, broker_transport_options=transport_options or original[
        "broker_transport_options"], task_always_eager=False)
    forget_connections()
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, queues=["default", "gpu"],
                          shutdown_timeout=30):
            yield
    finally:
        app.conf.update(**original)
        forget_connections()
        refresh_queue._redis.cache_clear()


@pytest.fixture
def worker(settings, tmp_path):
    require_postgresql()
    settings.MEDIA_ROOT = tmp_path
    settings.METACORE_TRAIN = asdict(tiny_config(epochs=3))
    with worker_on(settings, REDIS_URL):
        refresh_queue._redis().delete(refresh_queue.SCHEDULED_KEY)
        yield


@pytest.fixture
def local_worker(settings, tmp_path):
    """A worker on the embedded broker `make run` uses (kombu's filesystem transport): no server needed."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.METACORE_TRAIN = asdict(tiny_config(epochs=2))
    folders = {name: tmp_path / "broker" / name for name in ("queue", "processed", "control")}
    for folder in folders.values():
        folder.mkdir(parents=True)
    with worker_on(settings, "filesystem://", {
        "data_folder_in": str(folders["queue"]), "data_folder_out": str(folders["queue"]),
        "processed_folder": str(folders["processed"]), "control_folder": str(folders["control"]),
    }):
        yield folders["queue"]


@pytest.mark.django_db(transaction=True)
def test_it_retrains_on_a_real_worker_over_the_embedded_broker(local_worker):
    seed_attempts(n_students=12)
    run = training.retrain_request()
    with pytest.raises(training.TrainingInProgress):  # the worker has it: no second one meanwhile
        training.retrain_request()
    assert wait_for(lambda: TrainingRun.objects.get(pk=run.pk).status in ("succeeded", "failed"), 120)
    run.refresh_from_db()
    assert run.status == "succeeded", run.error
    assert run.task_id and run.epoch >= 1 and run.version.status == ModelStatus.ACTIVE
    assert StudentModel.objects.filter(version=run.version).count() == 12
    assert wait_for(lambda: TaskResult.objects.filter(task_id=run.task_id, status="SUCCESS").exists(), 10)
    assert TaskResult.objects.get(task_id=run.task_id).worker  # stored by the worker, not run in this process
    assert not list(local_worker.iterdir())  # the message was taken off the queue
    assert training.active_training_run() is None  # once it ended, another may start


@pytest.mark.django_db(transaction=True)
def test_it_retrains_and_refreshes_student_models_on_a_real_worker(worker):
    students = seed_attempts(n_students=24)
    run = training.retrain_request()
    assert wait_for(lambda: ModelVersion.objects.filter(status=ModelStatus.ACTIVE).exists(), 120), list(TrainingRun.objects.values("status", "error", "task_id"))
    version = ModelVersion.objects.get(status=ModelStatus.ACTIVE)
    run.refresh_from_db()
    assert run.task_id and run.epoch >= 1 and version.metrics["valid_auc"] > 0
    assert StudentModel.objects.filter(version=version).count() == 24
    assert StudentNeighbour.objects.filter(version=version, student=students[0]).count() == 10

    skill = Skill.objects.first()
    for student in students[:3]:
        for _ in range(2):
            attempts.attempt_record(student=student, skill=skill, correct=True)

    def refreshed():
        counts = StudentModel.objects.filter(version=version, student__in=students[:3]).values_list(
            "n_attempts", flat=True)
        return sorted(counts) == [26, 26, 26]

    assert wait_for(refreshed, 30)
    assert TrainingRun.objects.get(pk=run.pk).status == "succeeded"
