"""python manage.py bench_pipeline --json OUT: retraining time and attempt-to-refreshed-model latency.

Runs on the configured database (PostgreSQL with the demo data: `seed_demo` first) and broker
(`CELERY_BROKER_URL`, Redis): a full retraining in this process, timed from start to active version
(with how long reading the attempts took), then attempts recorded one by one through the service
while a real worker (started here) refreshes the students' models (students already queued, e.g. by an
import that ran with no worker, are refreshed first and counted apart); those attempts are deleted at the
end (the new model version stays: run it on a staging copy). Baselines in the same run:
reading the attempts through the ORM, and refreshing one student in-process without the queue.
"""
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import numpy as np
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from learners import engine, registry
from learners.services import attempts, refreshes, student_models, training
from learners.models import Attempt, ModelStatus, Skill, StudentModel, TrainingRun
from portal.celery import app


BENCH_KEY = "bench-pipeline-"  # the attempts this benchmark records (deleted at the end)


def _orm_read_seconds() -> float:
    started = time.perf_counter()
    rows = list(Attempt.objects.order_by("student_id", "submitted_at", "id").values_list("student_id", "skill_id",
                                                                                         "score"))
    np.array(rows)
    return time.perf_counter() - started


def _percentile(values, q) -> float:
    return float(np.percentile(np.asarray(values), q)) if values else float("nan")


class Command(BaseCommand):
    help = "Measure full retraining and the attempt-to-refreshed-model latency with a real worker."

    def add_arguments(self, parser):
        parser.add_argument("--json", dest="json_path", required=True, help="where to write the figures")
        parser.add_argument("--attempts", type=int, default=40, help="attempts recorded for the latency figure")
        parser.add_argument("--skip-retrain", action="store_true", help="only the refresh latency")

    def handle(self, *args, json_path, attempts, skip_retrain, **options):
        if not Attempt.objects.exists():
            raise CommandError("no attempts: run `python manage.py seed_demo` first")
        if settings.CELERY_TASK_ALWAYS_EAGER:
            raise CommandError("needs a broker for the latency figure: set CELERY_BROKER_URL (e.g. redis://...)")
        figures = {"database": connection.vendor, "attempts_in_db": Attempt.objects.count(),
                   "cpu_threads": os.cpu_count()}
        if not skip_retrain:
            figures |= self.retrain()
        figures |= self.refresh_latency(attempts)
        Path(json_path).parent.mkdir(parents=True, exist_ok=True)
        Path(json_path).write_text(json.dumps(figures, indent=2) + "\n")
        for key, value in figures.items():
            self.stdout.write(f"{key:34} {value}")

    def retrain(self) -> dict:
        started = time.perf_counter()
        engine.read_attempts()
        read_seconds = time.perf_counter() - started
        run = TrainingRun.objects.create()
        started = time.perf_counter()
        version = training.model_retrain(run=run)
        return {
            "retrain_seconds": round(time.perf_counter() - started, 1),
            "retrain_status": version.status,
            "retrain_valid_auc": round(version.metrics["valid_auc"], 4),
            "retrain_epochs": len(version.metrics.get("history") or []),
            "retrain_db_read_seconds": round(version.metrics["read_seconds"], 3),
            "db_read_seconds_standalone": round(read_seconds, 3),
            "baseline_db_read_orm_seconds": round(_orm_read_seconds(), 3),
        }

    def refresh_latency(self, count: int) -> dict:
        version = registry.active_version()
        if version is None or version.status != ModelStatus.ACTIVE:
            raise CommandError("no active model version: retrain first")
        rows = list(StudentModel.objects.filter(version=version).select_related("student", "student__user")
                    .order_by("?")[:count])
        skill = Skill.objects.get(pk=version.skill_vocabulary[0])
        backlog = refreshes.refresh_requests_take_all()  # queued before (e.g. by an import with no worker): not this figure
        if backlog:
            student_models.student_models_refresh(student_ids=backlog)
        baseline = []
        for row in rows[:10]:
            started = time.perf_counter()
            student_models.student_models_refresh(student_ids=[row.student_id])
            baseline.append(time.perf_counter() - started)
        worker = self.start_worker()
        try:
            latencies = [self.one_refresh(version, row, skill) for row in rows]
        finally:
            worker.terminate()
            worker.wait(timeout=30)
            Attempt.objects.filter(idempotency_key__startswith=BENCH_KEY).delete()  # leave the data as it was
            student_models.student_models_refresh(student_ids=[row.student_id for row in rows])
        return {
            "refresh_samples": len(latencies),
            "refresh_backlog_drained_first": len(backlog),
            "refresh_p50_seconds": round(_percentile(latencies, 50), 3),
            "refresh_p95_seconds": round(_percentile(latencies, 95), 3),
            "baseline_inprocess_refresh_p50_seconds": round(_percentile(baseline, 50), 3),
        }

    def start_worker(self) -> subprocess.Popen:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "portal", "worker", "-Q", "default", "-c", "1", "-l", "warning",
             "-n", f"bench-{os.getpid()}@%h"],
            env=os.environ | {"CELERY_BROKER_URL": settings.CELERY_BROKER_URL}, cwd=settings.BASE_DIR,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if app.control.ping(timeout=1.0):
                return worker
        worker.terminate()
        raise CommandError("the worker did not start within 60 s")

    def one_refresh(self, version, row, skill) -> float:
        before = row.n_attempts
        attempts.attempt_record(student=row.student, skill=skill, correct=True, source="api",
                                idempotency_key=f"{BENCH_KEY}{uuid.uuid4().hex}")
        committed = time.perf_counter()
        while time.perf_counter() - committed < 30:
            n = StudentModel.objects.filter(version=version, student_id=row.student_id).values_list(
                "n_attempts", flat=True).first()
            if n and n > before:
                return time.perf_counter() - committed
            time.sleep(0.02)
        return float("inf")
