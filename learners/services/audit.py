"""The audit log: who did what, when and why, for roster changes, overrides, prerequisite edits, passwords set by
someone else, erasures and exports, API tokens and model activations.

`audit_record` is called by the service that makes the change, inside the transaction of that change: the entry
exists exactly when the change does. Entries are never changed afterwards, but for one thing: erasing a student
(`services.privacy`) replaces the names in the entries about them with their id.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.db import models, transaction

from learners.models import ApiToken, AuditAction, AuditEntry, School

SYSTEM = "system"  # the actor's name when no user acted (a task, a command, a retraining)


@dataclass(frozen=True)
class Target:
    """What an entry is about when it is no single row (a prerequisite link, a row about to be deleted)."""

    type: str
    id: int | str
    label: str = ""


def target_of(obj: models.Model | Target) -> Target:
    """A row as an entry's target: its model's name, its key and its name as shown now."""
    if isinstance(obj, Target):
        return obj
    return Target(type=obj._meta.model_name, id=obj.pk, label=str(obj))


def actor_label(actor) -> str:
    """A user's name, an API token's (`token <prefix> <name>`), or `system`."""
    if isinstance(actor, ApiToken):
        return f"token {actor.prefix} {actor.name}"[:150]
    return actor.get_username() if _is_user(actor) else SYSTEM


def _is_user(actor) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)


@transaction.atomic
def audit_record(*, actor, action: str, target: models.Model | Target, reason: str = "",
                 details: dict | None = None, school: School | None = None) -> AuditEntry:
    """Record that `actor` (a user; None for the system) did `action` to `target`, and why. `school` defaults to
    the target's own school where it has one. Call it inside the transaction of the write it records."""
    if action not in AuditAction.values:
        raise ValueError(f"unknown audit action {action!r}")
    about = target_of(target)
    if school is None and isinstance(target, models.Model):
        school = getattr(target, "school", None)
    user = actor if _is_user(actor) else None
    return AuditEntry.objects.create(
        actor=user, actor_label=actor_label(actor), action=action, target_type=about.type,
        target_id=str(about.id), target_label=about.label[:200], school=school, reason=reason,
        details=details or {},
    )
