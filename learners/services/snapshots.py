"""What "mastery over time" showed, kept per student and day (`MasterySnapshot`): the current day follows the
active version and each refresh; a past day keeps the values shown then, whatever version comes later."""
from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from learners import engine as eng
from learners.models import Attempt, MasterySnapshot, ModelVersion, mean_goal_forecast


def today() -> dt.date:
    return timezone.localdate()


def snapshot_values(model: eng.ExplicitModel, goals: list[int], practised: set[int]) -> dict:
    """The figures a day's snapshot keeps, from a student's explicit model."""
    known = set(model.skill_vocabulary)
    goal_pks = [g for g in goals if g in known]
    practised_pks = sorted(practised & known)
    goal_p = {str(k): float(v) for k, v in zip(goal_pks, model.predict(goal_pks).tolist())} if goal_pks else {}
    return {"goal_p": goal_p, "goal_mean": mean_goal_forecast(goal_p, goal_pks),
            "practised_mean": float(model.predict(practised_pks).mean()) if practised_pks else None}


@transaction.atomic
def snapshots_store(*, version: ModelVersion, models: dict[int, dict], practised: dict[int, set[int]],
                    goals: dict[int, list[int]]) -> int:
    """Today's snapshot of each student who has practised (replacing today's earlier one). Returns how many."""
    counts = dict(Attempt.objects.filter(student__in=list(models)).values("student").annotate(n=Count("pk"))
                  .values_list("student", "n"))
    day, rows = today(), []
    for student, parameters in models.items():
        if counts.get(student) and practised.get(student):
            model = eng.ExplicitModel.from_dict(parameters)
            values = snapshot_values(model, goals.get(student, []), practised[student])
            rows.append(MasterySnapshot(student_id=student, day=day, version=version, attempts=counts[student],
                                        **values))
    MasterySnapshot.objects.bulk_create(
        rows, batch_size=1000, update_conflicts=True, unique_fields=["student", "day"],
        update_fields=["version", "attempts", "goal_mean", "practised_mean", "goal_p", "updated_at"])
    return len(rows)


def snapshots_keep(*, student_id: int, version: ModelVersion, days: list[tuple[dt.date, int, dict]]) -> None:
    """Keep past days as they were first shown: (day, attempts by its end, values); days already kept stay."""
    MasterySnapshot.objects.bulk_create(
        [MasterySnapshot(student_id=student_id, day=day, version=version, attempts=attempts, **values)
         for day, attempts, values in days], ignore_conflicts=True)
