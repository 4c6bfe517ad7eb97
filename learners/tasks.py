"""Celery tasks: thin, each calls one service. Training goes to the `gpu` queue, the rest to `default`.

The services queue these tasks, so this module imports no service when it loads: each task imports its
service when it runs (as HackSoft's styleguide does, the one import direction that keeps the two apart).
"""
import logging
import os
import socket

from celery import shared_task
from celery.signals import worker_ready
from django.db import InterfaceError, OperationalError

TRANSIENT = (OperationalError, InterfaceError)

log = logging.getLogger(__name__)


def worker_name(request) -> str:
    """The Celery node name running this task; "" when it runs eagerly, in the caller's process."""
    return "" if request.is_eager else request.hostname or ""


def claimer_name(request) -> str:
    """Who holds a refresh claim: "node name/task id" (a restarted node releases its own by the prefix)."""
    return f"{worker_name(request) or f'eager@{socket.gethostname()}:{os.getpid()}'}/{request.id}"


@shared_task(bind=True, queue="gpu", acks_late=True, reject_on_worker_lost=True, soft_time_limit=3 * 3600,
             time_limit=3 * 3600 + 300, autoretry_for=TRANSIENT, retry_backoff=30, max_retries=3)
def retrain(self, run_id: int | None = None):
    """Retrain the meta-model; a re-delivered task finds its run again by task id."""
    from learners.services import training

    run = training.training_run_for_task(run_id=run_id, task_id=self.request.id)
    version = training.model_retrain(run=run, worker=worker_name(self.request))
    return {"run": run.pk, "version": version.pk if version else None, "status": version.status if version else None}


@shared_task(bind=True, queue="default", acks_late=True, reject_on_worker_lost=True, soft_time_limit=600,
             time_limit=660, autoretry_for=TRANSIENT, retry_backoff=2, max_retries=5)
def refresh_student_models(self, student_ids: list[int] | None = None):
    """Regenerate the models of the students queued in the database (`services.refreshes`), a claim at a time;
    when some are left, another task takes over."""
    from learners import refresh_queue
    from learners.services import refreshes

    refresh_queue.awake()
    refreshed, more = refreshes.refresh_requests_process(claimer=claimer_name(self.request),
                                                         student_ids=student_ids or [])
    if more:
        refresh_queue.wake()
    return refreshed


@shared_task(queue="default", soft_time_limit=120, time_limit=150)
def recover():
    """The sweep (every minute, from beat): fail or re-queue the training runs whose worker died, queue again the
    uploads whose import died, and wake a worker for any refresh left queued (e.g. while Redis was down)."""
    from learners.services import recovery

    return recovery.interrupted_work_recover()


@worker_ready.connect
def recover_at_start(sender=None, **kwargs):
    """A (re)started worker first takes up what it left: its training runs, refresh claims and imports."""
    from learners.services import recovery

    try:
        recovery.interrupted_work_recover(worker=sender.hostname)
    except Exception:  # the worker serves anyway; the sweep tries again
        log.exception("recovery at worker start failed")


@shared_task(queue="gpu", acks_late=True, reject_on_worker_lost=True, soft_time_limit=3600, time_limit=3900,
             autoretry_for=TRANSIENT, retry_backoff=10, max_retries=3)
def activate_version(version_id: int, reason: str = "", actor_id: int | None = None):
    """Roll back (or forward) to a version: its student models and every plan are regenerated (`actor_id`: the
    user who asked, for the audit log)."""
    from learners.services import versions

    return versions.version_rollback_to(version_id=version_id, reason=reason, actor_id=actor_id).pk


@shared_task(queue="default", acks_late=True, soft_time_limit=1800, time_limit=1900, autoretry_for=TRANSIENT,
             retry_backoff=10, max_retries=3)
def rebuild_similarity():
    from learners.services import similarity

    return similarity.similarity_rebuild()


@shared_task(queue="default", acks_late=True, soft_time_limit=1800, time_limit=1900, autoretry_for=TRANSIENT,
             retry_backoff=10, max_retries=3)
def suggest_prerequisites():
    """Prerequisite links learned from the data, proposed to staff in the admin."""
    from learners.services import prerequisites

    return prerequisites.prerequisite_suggestions_refresh()


@shared_task(bind=True, queue="default", acks_late=True, soft_time_limit=3600, time_limit=3700,
             autoretry_for=TRANSIENT, retry_backoff=10, max_retries=3)
def import_attempt_upload(self, upload_id: int):
    """Import an attempts file uploaded in the browser and checked (once: an import that died is queued again
    by the recovery, never run twice at once)."""
    from learners.services import attempt_uploads
    from learners.models import AttemptUpload

    upload = AttemptUpload.objects.get(pk=upload_id)
    return attempt_uploads.attempt_upload_import(upload=upload, worker=worker_name(self.request)).status
