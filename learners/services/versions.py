"""Going back (or forward) to an earlier version: its student models regenerated from today's attempts, the switch
(`registry.version_activate`), then every plan made again with it."""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from learners import engine as eng
from learners import registry
from learners.models import ModelVersion, Student
from learners.services import plans, student_models
from learners.tasks import activate_version as activate_version_task


def version_rollback_request(*, version: ModelVersion, requested_by) -> None:
    """Queue the activation of an earlier version (it regenerates every student's model and plan)."""
    registry.check_activatable(version)
    reason = f"activated by {requested_by.get_username()}"
    transaction.on_commit(lambda: activate_version_task.delay(version.pk, reason, requested_by.pk))


def version_rollback_to(*, version_id: int, reason: str = "", actor_id: int | None = None) -> ModelVersion:
    """`version_rollback` of the version with this id, by the user with `actor_id` (the activation task's entry)."""
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id is not None else None
    return version_rollback(version=ModelVersion.objects.get(pk=version_id), reason=reason, actor=actor)


def version_rollback(*, version: ModelVersion, reason: str = "", replan: bool = True, actor=None) -> ModelVersion:
    """Activate an earlier version: its student models, neighbours and cohorts regenerated from today's attempts
    first, then the switch, then (`replan`) every student's plan."""
    registry.check_activatable(version)
    student_models.version_prepare(version=version, engine=registry.version_engine(version),
                                   arrays=eng.read_attempts())
    registry.version_activate(version=version, reason=reason, actor=actor)
    if replan:
        plans.plans_regenerate(student_ids=Student.objects.values_list("pk", flat=True), version=version)
    return version
