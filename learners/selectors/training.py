"""Model versions and training runs, as the staff pages show them."""
from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from learners.models import ModelVersion, TrainingRun


def model_versions(limit: int = 50) -> QuerySet[ModelVersion]:
    return ModelVersion.objects.order_by("-created_at")[:limit]


def training_runs(limit: int = 20) -> QuerySet[TrainingRun]:
    return TrainingRun.objects.select_related("version", "requested_by").order_by("-queued_at")[:limit]


def stage_labels() -> dict[str, str]:
    """The words for a training run's stage (`learners.services.training` writes the codes)."""
    return {"reading": _("reading the attempts"), "training": _("training"), "evaluating": _("evaluating"),
            "rejected": _("not activated"), "regenerating": _("regenerating student models"),
            "planning": _("making study plans"), "done": _("done")}


def training_run_summary(run: TrainingRun) -> dict:
    last = run.history[-1] if run.history else {}
    return {
        "id": run.pk, "status": run.status, "status_label": run.get_status_display(), "stage": run.stage,
        "stage_label": stage_labels().get(run.stage, run.stage),
        "epoch": run.epoch, "epochs_total": run.epochs_total, "percent": run.percent,
        "loss": last.get("loss"), "valid_auc": last.get("valid_auc"),
        "version": run.version_id, "error": run.error.strip().splitlines()[-1] if run.error.strip() else "",
    }
