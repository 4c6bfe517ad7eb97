"""Fault scenarios (issue 16, "It holds"): a real Celery worker killed mid-work, Redis gone, PostgreSQL restarted.

Each scenario makes its fault happen for real on the configured database and broker, waits for the system to
recover by itself, and reports {"scenario", "lost_attempts", "recovered", "recovery_seconds", ...}. They write
(attempts marked with FAULT_KEY, a retraining) and the worker they start serves the broker's queues: run them on a
staging copy, never on the live site. `manage.py faultcheck` runs them; the tests run them on the test database.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, transaction

from learners import registry
from learners.models import Attempt, RefreshRequest, RunStatus, Skill, Student, StudentModel, TrainingRun
from learners.services import attempts, student_models, training

FAULT_KEY = "faultcheck-"  # idempotency keys of the attempts a scenario writes (deleted after)
READY_SECONDS = 60
POLL_SECONDS = 0.1
SWEEP_SECONDS = 5  # how often the Redis scenario sends the sweep (beat sends it every minute)


def wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(POLL_SECONDS)
    return False


def database_url() -> str:
    """This process's database as a DATABASE_URL (the test database when the tests run a scenario)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{host}:{port}/{db['NAME']}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Worker:
    """A real Celery worker in its own process group, on both queues, one task at a time (the solo pool: the
    process that SIGKILL hits is the one running the task)."""

    def __init__(self, name: str, log_dir: Path, **env: str):
        self.name = f"{name}@{socket.gethostname()}"
        self.log = log_dir / f"{name}.log"
        self.env = os.environ | {
            "DATABASE_URL": database_url(), "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "CELERY_TASK_ALWAYS_EAGER": "0", "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "METACORE_TRAIN": json.dumps(settings.METACORE_TRAIN),
        } | env
        self.process: subprocess.Popen | None = None

    def start(self, **env: str) -> "Worker":
        """Start (again, under the same node name) and wait until it takes tasks."""
        self.log.write_text("")
        command = [sys.executable, "-m", "celery", "-A", "portal", "worker", "-Q", "default,gpu", "--pool", "solo",
                   "-n", self.name, "--without-mingle", "--without-gossip", "--loglevel", "INFO"]
        with self.log.open("a") as out:
            self.process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=self.env | env, stdout=out,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        if not wait_for(lambda: " ready." in self.log.read_text() or self.process.poll() is not None, READY_SECONDS):
            raise RuntimeError(f"worker {self.name} did not start: {self.log.read_text()[-2000:]}")
        if self.process.poll() is not None:
            raise RuntimeError(f"worker {self.name} exited: {self.log.read_text()[-2000:]}")
        return self

    def kill(self) -> float:
        """SIGKILL, no warning (as the OOM killer or a lost machine): returns the moment it happened."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        return time.monotonic()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


@contextmanager
def started_worker(name: str, log_dir: Path, **env: str):
    worker = Worker(name, log_dir, **env)
    try:
        yield worker.start()
    finally:
        worker.stop()


@contextmanager
def student_locked(student_id: int):
    """Another session holds this student's row lock (a refresh that reaches it waits) until the block ends."""
    locked, release = threading.Event(), threading.Event()

    def hold():
        try:
            with transaction.atomic():
                Student.objects.select_for_update(no_key=True).filter(pk=student_id).exists()  # as a refresh does
                locked.set()
                release.wait(120)
        finally:
            connection.close()

    holder = threading.Thread(target=hold, daemon=True)
    holder.start()
    locked.wait(30)
    try:
        yield
    finally:
        release.set()
        holder.join()


def _practised(students: list[Student], skill: Skill) -> list[str]:
    """One right answer each (the idempotency keys of those acknowledged)."""
    keys = []
    for student in students:
        key = f"{FAULT_KEY}{uuid.uuid4().hex}"
        attempts.attempt_record(student=student, skill=skill, correct=True, idempotency_key=key)
        keys.append(key)
    return keys


def _lost(keys: list[str]) -> int:
    return len(keys) - Attempt.objects.filter(idempotency_key__in=keys).count()


def _modelled_students(count: int):
    version = registry.active_version()
    if version is None:
        raise RuntimeError("no active model version: retrain first")
    rows = StudentModel.objects.filter(version=version).select_related("student").order_by("student_id")[:count]
    return version, [row.student for row in rows], Skill.objects.get(pk=version.skill_vocabulary[0])


def _models_fingerprint(version) -> list[tuple]:
    return list(StudentModel.objects.filter(version=version).order_by("pk").values_list("pk", "updated_at",
                                                                                        "n_attempts"))


def _refreshed(version, expected: dict[int, int]) -> bool:
    counts = dict(StudentModel.objects.filter(version=version, student_id__in=expected)
                  .values_list("student_id", "n_attempts"))
    return counts == expected and not RefreshRequest.objects.filter(student_id__in=expected).exists()


def clean_up(keys: list[str], students: list[Student]) -> None:
    """The scenario's attempts go, and those students' models are made again without them."""
    Attempt.objects.filter(idempotency_key__in=keys).delete()
    student_models.student_models_refresh(student_ids=[s.pk for s in students])
    RefreshRequest.objects.filter(student_id__in=[s.pk for s in students]).delete()


def worker_killed_during_refresh(*, log_dir: Path, n_students: int = 20, recover_within: float = 60) -> dict:
    """Students answer, a worker claims their refresh and is SIGKILLed in the middle of it (it waits on one
    student's row lock); it starts again and must refresh them all."""
    version, students, skill = _modelled_students(n_students)
    expected = dict(StudentModel.objects.filter(version=version, student__in=students)
                    .values_list("student_id", "n_attempts"))
    expected = {s: n + 1 for s, n in expected.items()}
    keys: list[str] = []
    with started_worker("faultcheck-refresh", log_dir) as worker:
        with student_locked(students[0].pk):
            with transaction.atomic():  # one commit: one refresh task claims them all
                keys = _practised(students, skill)
            claimed = wait_for(lambda: RefreshRequest.objects.filter(
                student_id__in=expected, claimed_by__startswith=f"{worker.name}/").count() == len(expected), 30)
            killed_at = worker.kill()
        worker.start()
        recovered = wait_for(lambda: _refreshed(version, expected), recover_within)
        seconds = time.monotonic() - killed_at
    report = {"scenario": "worker_killed_during_refresh", "lost_attempts": _lost(keys), "recovered": recovered,
              "recovery_seconds": round(seconds, 2) if recovered else None, "attempts": len(keys),
              "killed_while_claimed": claimed}
    clean_up(keys, students)
    return report


def worker_killed_during_retrain(*, log_dir: Path, recover_within: float = 60, retrain_within: float = 600) -> dict:
    """A retraining is SIGKILLed with its worker mid-training; the restarted worker must fail the run at once,
    the active version and every student's model must be as they were, and a new retraining must succeed."""
    active = registry.active_version()
    before = _models_fingerprint(active)
    endless = json.dumps(settings.METACORE_TRAIN | {"epochs": 100000, "patience": 100000, "max_seconds": 3600})
    with started_worker("faultcheck-retrain", log_dir, METACORE_TRAIN=endless) as worker:
        run = training.retrain_request()
        training_now = wait_for(lambda: TrainingRun.objects.filter(pk=run.pk, epoch__gte=1).exists(), 300)
        killed_at = worker.kill()
        worker.start(METACORE_TRAIN=json.dumps(settings.METACORE_TRAIN))
        failed = wait_for(lambda: TrainingRun.objects.filter(pk=run.pk, status=RunStatus.FAILED).exists(),
                          recover_within)
        seconds = time.monotonic() - killed_at
        run.refresh_from_db()
        untouched = registry.active_version() == active and _models_fingerprint(active) == before
        candidate_left = run.version is not None and StudentModel.objects.filter(version=run.version).exists()
        started = time.monotonic()
        later = training.retrain_request()
        finished = wait_for(lambda: TrainingRun.objects.filter(
            pk=later.pk, status__in=[RunStatus.SUCCEEDED, RunStatus.FAILED]).exists(), retrain_within)
        later.refresh_from_db()
    succeeded = finished and later.status == RunStatus.SUCCEEDED
    return {"scenario": "worker_killed_during_retrain", "lost_attempts": 0,
            "recovered": failed and untouched and not candidate_left and succeeded,
            "recovery_seconds": round(seconds, 2) if failed else None, "killed_while_training": training_now,
            "run_stage": run.stage, "active_version_and_models_untouched": untouched,
            "candidate_rows_left": candidate_left, "later_retrain": later.status,
            "later_retrain_seconds": round(time.monotonic() - started, 1)}


class PrivateRedis:
    """A redis-server of our own on a free port (stopping it disturbs no one else), persistent (append-only
    file) and stopped with SIGTERM, as a production broker is restarted."""

    def __init__(self, log_dir: Path):
        self.port, self.log = free_port(), log_dir / "redis.log"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "PrivateRedis":
        self.process = subprocess.Popen(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save",
                                         "", "--appendonly", "yes", "--appendfsync", "always", "--dir",
                                         str(self.log.parent)], stdout=self.log.open("a"),
                                        stderr=subprocess.STDOUT, start_new_session=True)
        if not wait_for(self._answers, 10):
            raise RuntimeError(f"redis-server did not start: {self.log.read_text()[-1000:]}")
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as probe:
                probe.sendall(b"PING\r\n")
                return probe.recv(16).startswith(b"+PONG")
        except OSError:
            return False


@contextmanager
def broker(url: str):
    """This process queues its tasks on `url` (and the workers it starts use it)."""
    from learners import refresh_queue
    from portal.celery import app

    saved = (settings.CELERY_BROKER_URL, settings.CELERY_TASK_ALWAYS_EAGER, app.conf.broker_url,
             app.conf.task_always_eager)
    saved_env = os.environ.get("CELERY_BROKER_URL")
    os.environ["CELERY_BROKER_URL"] = url  # Celery reads it before its own setting
    settings.CELERY_BROKER_URL, settings.CELERY_TASK_ALWAYS_EAGER = url, False
    app.conf.update(broker_url=url, task_always_eager=False)
    _forget_broker_connections(app)
    refresh_queue._redis.cache_clear()
    try:
        yield
    finally:
        settings.CELERY_BROKER_URL, settings.CELERY_TASK_ALWAYS_EAGER = saved[:2]
        app.conf.update(broker_url=saved[2], task_always_eager=saved[3])
        if saved_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = saved_env
        _forget_broker_connections(app)
        refresh_queue._redis.cache_clear()


def _forget_broker_connections(app) -> None:
    app.close()
    app._pool = None
    app.amqp._producer_pool = None


def redis_down(*, log_dir: Path, n_students: int = 10, recover_within: float = 90) -> dict:
    """Redis stops while students answer: every answer must be stored and acknowledged at once, and their
    refreshes must happen once Redis is back (the sweep: beat sends it every minute; here it is sent as beat
    would, as soon as Redis answers again, and the report says so)."""
    from learners.tasks import recover

    version, students, skill = _modelled_students(n_students)
    expected = {s: n + 1 for s, n in StudentModel.objects.filter(version=version, student__in=students)
                .values_list("student_id", "n_attempts")}
    redis = PrivateRedis(log_dir).start()
    keys: list[str] = []
    try:
        with broker(redis.url), started_worker("faultcheck-redis", log_dir, CELERY_BROKER_URL=redis.url):
            redis.stop()
            started = time.monotonic()
            keys = _practised(students, skill)
            mean_answer = (time.monotonic() - started) / len(students)
            queued = RefreshRequest.objects.filter(student_id__in=expected).count()
            redis.start()
            back_at = time.monotonic()
            recovered, sweeps = _swept_until(lambda: _refreshed(version, expected), recover, recover_within)
            seconds = time.monotonic() - back_at
    finally:
        redis.stop()
    report = {"scenario": "redis_down", "lost_attempts": _lost(keys), "recovered": recovered, "sweeps_sent": sweeps,
              "recovery_seconds": round(seconds, 2) if recovered else None, "attempts": len(keys),
              "mean_answer_seconds_while_down": round(mean_answer, 3), "refreshes_queued_in_db": queued,
              "recovery_measured_from": f"Redis back; the sweep sent every {SWEEP_SECONDS} s as beat would "
                                        "(beat: every 60 s)"}
    clean_up(keys, students)
    return report


def _swept_until(condition: Callable[[], bool], sweep, seconds: float) -> tuple[bool, int]:
    """Send the sweep every SWEEP_SECONDS (as beat does every minute) until `condition`: (met, sweeps sent).
    A Redis restarted empty has lost the queues' bindings until the worker declares them again: a sweep sent
    before that is dropped, and the next one does the work."""
    deadline, next_sweep, sent = time.monotonic() + seconds, 0.0, 0
    while time.monotonic() < deadline:
        if condition():
            return True, sent
        if time.monotonic() >= next_sweep:
            next_sweep = time.monotonic() + SWEEP_SECONDS
            try:
                sweep.apply_async(retry=False)
                sent += 1
            except Exception:  # Redis not answering yet
                pass
        time.sleep(POLL_SECONDS)
    return False, sent


def postgres_restart(*, restart: Callable[[], None], load: Callable[[Callable[[], None]], dict] | None = None,
                     n_attempts: int = 200) -> dict:
    """PostgreSQL restarts while attempts are written. `load` (the load harness: a callable that runs the site
    under load and calls the restart it is given during the run, returning its figures) drives it through HTTP
    when given; without it, this process writes attempts one by one as a request would (closing an unusable
    connection before each, as Django does at each request's start) and times when writes succeed again."""
    if load is not None:
        return {"scenario": "postgres_restart"} | load(restart)
    version, students, skill = _modelled_students(1)
    acknowledged, failures, first_failure, back = [], 0, None, None
    restarter = threading.Thread(target=restart)
    for i in range(n_attempts):
        if i == 10:
            restarter.start()
        close_old_connections()
        key = f"{FAULT_KEY}{uuid.uuid4().hex}"
        try:
            attempts.attempt_record(student=students[0], skill=skill, correct=True, idempotency_key=key)
        except DatabaseError:
            failures += 1
            first_failure = first_failure or time.monotonic()
            time.sleep(0.2)
            continue
        acknowledged.append(key)
        if first_failure and back is None:
            back = time.monotonic()
        time.sleep(0.05)
    restarter.join()
    close_old_connections()
    lost = _lost(acknowledged)
    clean_up(acknowledged, students)
    return {"scenario": "postgres_restart", "lost_attempts": lost, "recovered": back is not None or not failures,
            "recovery_seconds": round(back - first_failure, 2) if back and first_failure else 0.0,
            "attempts_acknowledged": len(acknowledged), "attempts_refused": failures,
            "driven_by": "attempt writes in this process (no load harness given)"}


# The hook for the load harness (branch ops): a callable that runs the site under load, calls the restart it is
# given during the run and returns its figures ({"lost_attempts", "recovered", "recovery_seconds", ...}).
LOAD_HARNESS: Callable[[Callable[[], None]], dict] | None = None


def pg_ctl_restart(version: str | None = None) -> Callable[[], None]:
    """Restart the local PostgreSQL cluster (faultcheck only: other sessions share the server)."""
    version = version or sorted(os.listdir("/etc/postgresql"), key=lambda v: [int(p) for p in v.split(".")])[-1]

    def restart() -> None:
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True)

    return restart


def http_load(users: int = 20, seconds: float = 45.0) -> Callable[[Callable[[], None]], dict]:
    """The load test's students (portal.loadsim) as the harness: they practise over HTTP through the restart."""
    from learners.services.loadworld import load_world_prepare
    from portal import loadsim

    def run(restart: Callable[[], None]) -> dict:
        usernames = load_world_prepare(users=users, password=loadsim.LOAD_PASSWORD)
        log_dir = tempfile.mkdtemp(prefix="faultcheck-load-")
        return loadsim.restart_under_load(restart, usernames=usernames, password=loadsim.LOAD_PASSWORD,
                                          log_dir=log_dir, seconds=seconds) | {"logs_load": log_dir}

    return run


def postgres_restarted(*, log_dir: Path, pg_version: str | None = None) -> dict:
    """The real server restarted (pg_ctlcluster) while simulated students practise over HTTP (on PostgreSQL and
    Redis; elsewhere, attempt writes in this process)."""
    over_http = connection.vendor == "postgresql" and settings.CELERY_BROKER_URL.startswith("redis")
    load = LOAD_HARNESS or (http_load() if over_http else None)
    return postgres_restart(restart=pg_ctl_restart(pg_version), load=load)


SCENARIOS = {
    "refresh": worker_killed_during_refresh,
    "retrain": worker_killed_during_retrain,
    "redis": redis_down,
    "postgres": postgres_restarted,
}


def run_scenarios(names: list[str], *, pg_version: str | None = None) -> list[dict]:
    """Each named scenario in turn (logs of the workers and Redis in a temporary folder, named in each report)."""
    log_dir = Path(tempfile.mkdtemp(prefix="faultcheck-"))
    reports = []
    for name in names:
        extra = {"pg_version": pg_version} if name == "postgres" else {}
        reports.append(SCENARIOS[name](log_dir=log_dir, **extra) | {"logs": str(log_dir)})
    return reports
