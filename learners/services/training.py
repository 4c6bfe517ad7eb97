"""Retraining: train on every attempt, judge the candidate against the active version on the same held-out
students, prepare its rows and activate it when it is not worse (`learners.registry`), then refresh and replan.

A failure at any point leaves the active version and every student's model as they were. A run on a Celery
worker writes a heartbeat every few seconds: a run whose heartbeat stopped (its worker was killed) is taken up by
`interrupted_runs_recover` (the sweep, the worker's restart, the next request) instead of blocking retraining.
"""
from __future__ import annotations

import datetime as dt
import threading
import time
import traceback
from contextlib import contextmanager
from dataclasses import asdict

import numpy as np
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from learners import engine as eng
from learners import registry
from learners.models import (
    Cohort, ModelStatus, ModelVersion, RunStatus, Skill, Student, StudentModel, StudentNeighbour, TrainingRun,
    TrainingStage,
)
from learners.services import plans, student_models
from learners.tasks import retrain as retrain_task

HELDOUT_FRACTION = 0.1
HEARTBEAT_SECONDS = 5
HEARTBEAT_STALE_SECONDS = 60  # a running run silent this long lost its worker
STOPPED = "the worker stopped during this run"


def training_config(**overrides) -> eng.TrainConfig:
    """metacore's defaults, then settings.METACORE_TRAIN, then the overrides; CUDA when present."""
    return eng.config_from_dict({"device": "auto"} | settings.METACORE_TRAIN | overrides)


class TrainingInProgress(ValueError):
    """A retraining was asked for while another is queued or running."""


def _silent_since() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=HEARTBEAT_STALE_SECONDS)


def active_training_run() -> TrainingRun | None:
    """The run queued or running now. Ignored as dead: a running one whose heartbeat stopped, and one (without a
    heartbeat) queued longer ago than the task's time limit."""
    alive_since = timezone.now() - dt.timedelta(seconds=retrain_task.time_limit)
    alive = (Q(status=RunStatus.QUEUED, queued_at__gte=alive_since)
             | Q(status=RunStatus.RUNNING, heartbeat_at__gte=_silent_since())
             | Q(status=RunStatus.RUNNING, heartbeat_at__isnull=True, queued_at__gte=alive_since))
    return TrainingRun.objects.filter(alive).order_by("-pk").first()


@transaction.atomic
def retrain_request(*, requested_by=None) -> TrainingRun:
    """Queue a retraining (staff action, schedule or command); the run shows its progress.
    Refused (TrainingInProgress) while another run is queued or running."""
    interrupted_runs_recover()
    active = active_training_run()
    if active is not None:
        raise TrainingInProgress(_("Training run %(run)s is %(status)s: wait until it ends before starting "
                                   "another.") % {"run": active.pk, "status": active.get_status_display()})
    run = TrainingRun.objects.create(requested_by=requested_by)
    transaction.on_commit(lambda: retrain_task.delay(run_id=run.pk))
    return run


@transaction.atomic
def interrupted_runs_recover(*, worker: str | None = None, every_running: bool = False) -> list[TrainingRun]:
    """Take up the runs a worker left running when it died: those whose heartbeat stopped, those of `worker` (a
    node name that is starting again), or every running one (`every_running`: only when no worker runs, as
    `run_local` knows on its embedded broker). A run whose version was activated already is queued again to
    finish its follow-up; any other is marked failed (stage "interrupted") and its version's rows removed: the
    active version and every student's model stay as they were."""
    dead = Q(heartbeat_at__lt=_silent_since())
    if worker:
        dead |= Q(worker=worker)
    if every_running:
        dead = Q()
    runs = list(TrainingRun.objects.select_for_update(skip_locked=True, of=("self",)).select_related("version")
                .filter(dead, status=RunStatus.RUNNING))
    for run in runs:
        if run.version is not None and run.version.activated_at is not None:
            _run_update(run, status=RunStatus.QUEUED, worker="", heartbeat_at=None)
            transaction.on_commit(lambda run_id=run.pk: retrain_task.delay(run_id=run_id))
        elif run.version is not None:
            _fail(run, run.version, RuntimeError(STOPPED))
            _run_update(run, stage=TrainingStage.INTERRUPTED)
        else:
            _run_update(run, status=RunStatus.FAILED, stage=TrainingStage.INTERRUPTED, error=STOPPED,
                        finished_at=timezone.now())
    return runs


def retrain_here(*, config: eng.TrainConfig | None = None) -> ModelVersion | None:
    """A retraining in this process (an operator's command), recorded as a training run like any other."""
    return model_retrain(run=TrainingRun.objects.create(), config=config)


def training_run_for_task(*, run_id: int | None, task_id: str) -> TrainingRun:
    """The run a task works on: the requested one, or (scheduled task) the one made for its task id."""
    if run_id is None:
        return TrainingRun.objects.get_or_create(task_id=task_id)[0]
    run = TrainingRun.objects.get(pk=run_id)
    if not run.task_id:
        _run_update(run, task_id=task_id)
    return run


def _run_update(run: TrainingRun, **fields) -> None:
    """Progress is written at once, outside any transaction, so pages see it live."""
    for name, value in fields.items():
        setattr(run, name, value)
    TrainingRun.objects.filter(pk=run.pk).update(**fields)


def _heldout(owners: np.ndarray, seed: int, active: ModelVersion | None) -> np.ndarray:
    """Positions (into the dataset's students) held out for validation: the active version's own held-out
    students, so both versions are judged on students neither trained on; else a seeded 10% sample."""
    if active is not None:
        held = np.flatnonzero(np.isin(owners, np.asarray(active.heldout_students, dtype=np.int64)))
        if len(held):
            return held
    order = np.random.default_rng(seed).permutation(len(owners))
    n_held = max(1, int(round(len(owners) * HELDOUT_FRACTION))) if len(owners) > 1 else 0
    return np.sort(order[:n_held])


def _progress(run: TrainingRun):
    def on_epoch(epoch: int, loss: float, valid_auc: float) -> None:
        history = run.history + [{"epoch": epoch + 1, "loss": round(loss, 5), "valid_auc": round(valid_auc, 5)}]
        _run_update(run, epoch=epoch + 1, history=history)

    return on_epoch


def _compare_with_active(candidate: eng.Engine, heldout: eng.AttemptArrays,
                         active: ModelVersion | None) -> tuple[float, float | None]:
    """Both versions' next-response AUC on the same held-out attempts (those on skills both know)."""
    if active is not None:
        active_engine = registry.version_engine(active)
        heldout = heldout.on_skills(set(candidate.vocabulary) & set(active_engine.vocabulary))
    candidate_auc = candidate.next_response_auc(candidate.dataset(heldout)[0])
    if active is None:
        return candidate_auc, None
    return candidate_auc, active_engine.next_response_auc(active_engine.dataset(heldout)[0])


def _rejection(candidate_auc: float, active_auc: float | None, n_held: int) -> str:
    """Why a candidate may not replace the active version ("" when it may)."""
    if not np.isfinite(candidate_auc):
        return f"validation AUC is undefined on the {n_held} held-out students (their answers are all alike)"
    margin = max(0.0, settings.MODEL_ACTIVATION_MARGIN)
    if active_auc is not None and np.isfinite(active_auc) and (candidate_auc < active_auc + margin
                                                               or candidate_auc <= active_auc):
        return (f"validation AUC {candidate_auc:.4f} does not beat the active version's {active_auc:.4f} by "
                f"the margin of {margin:g} on the same {n_held} held-out students: the active version stays")
    return ""


def _erased_while_training(owners: np.ndarray) -> str:
    """Why a candidate trained on a student erased since it read the attempts may not be used ("" if none was)."""
    gone = set(owners.tolist()) - set(Student.objects.values_list("pk", flat=True))
    if not gone:
        return ""
    return (f"{len(gone)} students were erased while it trained on their attempts: the next retraining is made "
            "without them")


def model_retrain(*, run: TrainingRun, config: eng.TrainConfig | None = None,
                  worker: str = "") -> ModelVersion | None:
    """Train, evaluate against the active version, prepare and (if not worse) activate a new version. With
    `worker` (the Celery node running it) the run beats every few seconds while it works.

    Safe to run again for the same run (a retried or re-delivered task): finished work is not redone, a
    version this run already activated is kept and only the follow-up is finished, anything else restarts;
    a run given up as interrupted stays so."""
    if run.status == RunStatus.SUCCEEDED:
        return run.version
    if run.status == RunStatus.FAILED and run.stage == TrainingStage.INTERRUPTED:
        return None
    with _heartbeat(run, worker):
        return _model_retrain(run, config)


@contextmanager
def _heartbeat(run: TrainingRun, worker: str):
    if not worker:
        yield
        return
    _run_update(run, worker=worker, heartbeat_at=timezone.now())
    stop = threading.Event()
    beating = threading.Thread(target=_beat, args=(run.pk, stop), name=f"run-{run.pk}-heartbeat", daemon=True)
    beating.start()
    try:
        yield
    finally:
        stop.set()
        beating.join()


def _beat(run_id: int, stop: threading.Event) -> None:
    """The heartbeat thread, on its own connection (a failed beat reconnects at the next one)."""
    try:
        while not stop.wait(HEARTBEAT_SECONDS):
            try:
                TrainingRun.objects.filter(pk=run_id).update(heartbeat_at=timezone.now())
            except DatabaseError:
                connection.close()
    finally:
        connection.close()


def _model_retrain(run: TrainingRun, config: eng.TrainConfig | None) -> ModelVersion | None:
    if run.version_id:
        version = ModelVersion.objects.get(pk=run.version_id)
        if version.activated_at is not None:
            _after_activation(run, version, since_attempt=version.metrics.get("last_attempt_id", 0))
            return version
        version.delete()
    config = config or training_config()
    started = time.perf_counter()
    version = ModelVersion.objects.create(status=ModelStatus.TRAINING, code_version=eng.CODE_VERSION)
    _run_update(run, status=RunStatus.RUNNING, version=version, started_at=timezone.now(), stage=TrainingStage.READING,
                epoch=0, epochs_total=config.epochs, history=[], error="")
    try:
        return _retrain(run, version, config, started)
    except BaseException as exc:
        _fail(run, version, exc)
        raise


def _retrain(run: TrainingRun, version: ModelVersion, config: eng.TrainConfig, started: float) -> ModelVersion:
    read_started = time.perf_counter()
    last_attempt_id = eng.last_attempt_id()
    arrays = eng.read_attempts(up_to=last_attempt_id)
    vocabulary = list(Skill.objects.order_by("pk").values_list("pk", flat=True))
    data, owners = eng.to_dataset(arrays, vocabulary)
    read_seconds = time.perf_counter() - read_started
    active = registry.active_version()
    held_pos = _heldout(owners, config.seed, active)
    train_pos = np.setdiff1d(np.arange(len(owners)), held_pos)
    _run_update(run, stage=TrainingStage.TRAINING)
    train_data, held_data = data.subset(train_pos), data.subset(held_pos) if len(held_pos) else None
    net, checkpoint = eng.train_network(train_data=train_data, valid_data=held_data, config=config,
                                        processes=settings.METACORE_TRAIN_PROCESSES, on_epoch=_progress(run))
    checkpoint["skill_vocabulary"] = vocabulary
    candidate = eng.engine_from_checkpoint(checkpoint, vocabulary)
    checkpoint["exercise_offsets"] = eng.exercise_offsets_fit(engine=candidate, arrays=arrays.only(owners[train_pos]))
    _run_update(run, stage=TrainingStage.EVALUATING)
    candidate_auc, active_auc = _compare_with_active(candidate, arrays.only(owners[held_pos]), active)
    version.checkpoint.save(f"v{version.pk}.pt", ContentFile(eng.checkpoint_bytes(checkpoint)), save=False)
    version.skill_vocabulary = vocabulary
    version.heldout_students = [int(s) for s in owners[held_pos]]
    version.n_students, version.n_attempts = int(data.n_students), int(data.n_interactions)
    version.device = str(next(net.parameters()).device)
    version.metrics = {
        "valid_auc": candidate_auc, "active_valid_auc": active_auc, "read_seconds": read_seconds,
        "last_attempt_id": last_attempt_id, "best_epoch": checkpoint["metrics"].get("best_epoch"),
        "history": checkpoint["metrics"].get("history"), "config": asdict(config),
        "exercises_rated": len((checkpoint["exercise_offsets"] or {}).get("ids", [])),
    }
    version.train_seconds = time.perf_counter() - started
    version.status = ModelStatus.CANDIDATE
    version.reason = _rejection(candidate_auc, active_auc, len(held_pos)) or _erased_while_training(owners)
    if version.reason:
        version.status = ModelStatus.REJECTED
        version.save()
        _run_update(run, status=RunStatus.SUCCEEDED, stage=TrainingStage.REJECTED, finished_at=timezone.now())
        return version
    version.save()
    _run_update(run, stage=TrainingStage.REGENERATING)
    student_models.version_prepare(version=version, engine=candidate, arrays=arrays)
    with transaction.atomic():  # the sweep skips a run locked here, and gives up none that activates
        if not TrainingRun.objects.select_for_update().filter(pk=run.pk, status=RunStatus.RUNNING).exists():
            raise RuntimeError("this run was given up (its heartbeat stopped) before its version was activated")
        registry.version_activate(version=version,
                                  reason=f"validation AUC {candidate_auc:.4f}"
                                  + (f" against {active_auc:.4f}" if active_auc is not None else " (first version)"))
    _after_activation(run, version, since_attempt=last_attempt_id)
    return version


def _after_activation(run: TrainingRun, version: ModelVersion, since_attempt: int) -> None:
    """Students who practised during training get their models refreshed; every plan is regenerated."""
    _run_update(run, stage=TrainingStage.PLANNING)
    student_models.student_models_refresh(student_ids=eng.students_with_attempts_after(since_attempt), replan=False)
    plans.plans_regenerate(student_ids=Student.objects.values_list("pk", flat=True), version=version)
    _run_update(run, status=RunStatus.SUCCEEDED, stage=TrainingStage.DONE, finished_at=timezone.now(), error="")


def _fail(run: TrainingRun, version: ModelVersion, exc: BaseException) -> None:
    """Undo what the failed run made. A version it already activated stays active (a retry finishes it)."""
    if ModelVersion.objects.filter(pk=version.pk, activated_at__isnull=True).update(
            status=ModelStatus.FAILED, reason=f"{type(exc).__name__}: {exc}"[:2000]):
        StudentModel.objects.filter(version=version).delete()
        StudentNeighbour.objects.filter(version=version).delete()
        Cohort.objects.filter(version=version).delete()
    error = "".join(traceback.format_exception(exc))[-8000:]
    _run_update(run, status=RunStatus.FAILED, error=error, finished_at=timezone.now())
