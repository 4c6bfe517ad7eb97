"""Model versions and training runs, as the staff pages show them."""
from __future__ import annotations

from django.db.models import QuerySet

from learners.models import ModelVersion, TrainingRun


def model_versions(limit: int = 50) -> QuerySet[ModelVersion]:
    return ModelVersion.objects.order_by("-created_at")[:limit]


def training_runs(limit: int = 20) -> QuerySet[TrainingRun]:
    return TrainingRun.objects.select_related("version", "requested_by").order_by("-queued_at")[:limit]


def training_run_summary(run: TrainingRun) -> dict:
    last = run.history[-1] if run.history else {}
    return {
        "id": run.pk, "status": run.status, "status_label": run.get_status_display(), "stage": run.stage,
        "stage_label": run.get_stage_display(),
        "epoch": run.epoch, "epochs_total": run.epochs_total, "percent": run.percent,
        "loss": last.get("loss"), "valid_auc": last.get("valid_auc"),
        "version": run.version_id, "error": run.error.strip().splitlines()[-1] if run.error.strip() else "",
    }
