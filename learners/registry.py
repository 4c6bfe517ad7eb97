"""The model versions: which one is active, its loaded engine, and the switch that activates one.

Rows a version makes (student models, neighbours, cohorts) are keyed by it, so a new version is prepared
beside the active one and made active here, in one transaction (`services.versions` and
`services.training` prepare it first).
"""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from learners import engine
from learners.models import AuditAction, ModelStatus, ModelVersion
from learners.services.audit import audit_record

ACTIVATABLE = (ModelStatus.CANDIDATE, ModelStatus.ACTIVE, ModelStatus.REJECTED)
HEAVY_FIELDS = ("metrics", "heldout_students")  # read only while training: left out of the active version's row


def active_version() -> ModelVersion | None:
    """The active version (its HEAVY_FIELDS are read on first use)."""
    return ModelVersion.objects.filter(status=ModelStatus.ACTIVE).defer(*HEAVY_FIELDS).first()


def version_engine(version: ModelVersion) -> engine.Engine:
    """The version's network and vocabulary, loaded once per process."""
    return engine.load_engine(version.checkpoint.name, tuple(version.skill_vocabulary),
                              version.created_at.isoformat())


def check_activatable(version: ModelVersion) -> None:
    if version.status not in ACTIVATABLE:
        raise ValueError(f"{version} cannot be activated: it is {version.get_status_display()}")


def version_activate(*, version: ModelVersion, reason: str = "", actor=None) -> ModelVersion:
    """Make `version` the active one, in one transaction (audited: `actor`, None for the system); its student
    models must be prepared already."""
    check_activatable(version)
    with transaction.atomic():
        previous = list(ModelVersion.objects.select_for_update().filter(status=ModelStatus.ACTIVE)
                        .exclude(pk=version.pk).values_list("pk", flat=True))
        ModelVersion.objects.filter(pk__in=previous).update(status=ModelStatus.CANDIDATE)
        version.status, version.activated_at = ModelStatus.ACTIVE, timezone.now()
        version.reason = reason or version.reason
        version.save(update_fields=["status", "activated_at", "reason"])
        audit_record(actor=actor, action=AuditAction.MODEL_ACTIVATE, target=version, reason=reason,
                     details={"previous": previous[0] if previous else None})
    return version
