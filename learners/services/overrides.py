"""A teacher's changes to a student's plan: kept in a log (who, why) and re-applied on top of every new plan."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learners import engine as eng
from learners.models import AuditAction, OverrideAction, PlanOverride, Skill, Student
from learners.services.audit import audit_record
from learners.services.plans import plan_regenerate


@transaction.atomic
def plan_override_add(*, student: Student, action: str, skill: Skill, reason: str, author,
                      position: int | None = None, per_session: int = 1) -> PlanOverride:
    """Log a teacher's change (with who and why) and regenerate the plan with it on top."""
    if action not in OverrideAction.values:
        raise ValidationError({"action": f"unknown action {action!r}"})
    placed = sum(PlanOverride.objects.filter(student=student, active=True, action__in=("add", "pin"))
                 .values_list("per_session", flat=True)) + (per_session if action in ("add", "pin") else 0)
    session = eng.PLAN_DEFAULTS.items_per_session
    if not 1 <= per_session <= 10 or placed > session:
        raise ValidationError({"per_session": _("The teacher's adds and pins may fill a session of %(n)d items at "
                                                "most; withdraw one first.") % {"n": session}})
    if not reason.strip():
        raise ValidationError({"reason": "say why: the reason is kept with the change"})
    if position is not None and position < 0:
        raise ValidationError({"position": "position cannot be negative"})
    override = PlanOverride.objects.create(student=student, action=action, skill=skill, position=position,
                                           per_session=per_session, reason=reason.strip(), author=author)
    audit_record(actor=author, action=AuditAction.OVERRIDE_ADD, target=student, reason=override.reason,
                 details={"override": override.pk} | override.as_dict())
    plan_regenerate(student=student)
    return override


@transaction.atomic
def plan_override_withdraw(*, override: PlanOverride, actor=None) -> None:
    """Stop applying an override (it stays in the log) and regenerate the plan."""
    PlanOverride.objects.filter(pk=override.pk).update(active=False, withdrawn_at=timezone.now())
    audit_record(actor=actor, action=AuditAction.OVERRIDE_WITHDRAW, target=override.student,
                 details={"override": override.pk} | override.as_dict())
    plan_regenerate(student=override.student)
