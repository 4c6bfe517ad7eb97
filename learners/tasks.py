"""Celery tasks: thin, each calls one service. Training goes to the `gpu` queue, the rest to `default`.

The services queue these tasks, so this module imports no service when it loads: each task imports its
service when it runs (as HackSoft's styleguide does, the one import direction that keeps the two apart).
"""
from celery import shared_task
from django.db import InterfaceError, OperationalError

TRANSIENT = (OperationalError, InterfaceError)


@shared_task(bind=True, queue="gpu", acks_late=True, reject_on_worker_lost=True, soft_time_limit=3 * 3600,
             time_limit=3 * 3600 + 300, autoretry_for=TRANSIENT, retry_backoff=30, max_retries=3)
def retrain(self, run_id: int | None = None):
    """Retrain the meta-model; a re-delivered task finds its run again by task id."""
    from learners.services import training

    run = training.training_run_for_task(run_id=run_id, task_id=self.request.id)
    version = training.model_retrain(run=run)
    return {"run": run.pk, "version": version.pk if version else None, "status": version.status if version else None}


@shared_task(bind=True, queue="default", acks_late=True, reject_on_worker_lost=True, soft_time_limit=600,
             time_limit=660, autoretry_for=TRANSIENT, retry_backoff=2, max_retries=5)
def refresh_student_models(self, student_ids: list[int] | None = None):
    """Regenerate the given students' models, and those of every student queued since (one batch).
    The queued ids stay claimed by this task until it succeeds; a failure puts them back."""
    from learners import refresh_queue
    from learners.services import student_models

    with refresh_queue.claimed(self.request.id, student_ids or []) as ids:
        return student_models.student_models_refresh(student_ids=ids)


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


@shared_task(queue="default", acks_late=True, soft_time_limit=3600, time_limit=3700, autoretry_for=TRANSIENT,
             retry_backoff=10, max_retries=3)
def import_attempt_upload(upload_id: int):
    """Import an attempts file uploaded in the browser and checked."""
    from learners.services import attempt_uploads
    from learners.models import AttemptUpload

    return attempt_uploads.attempt_upload_import(upload=AttemptUpload.objects.get(pk=upload_id)).status
