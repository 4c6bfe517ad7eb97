"""A student's attempts, summed up per skill."""
from __future__ import annotations

from django.db.models import Avg, Count, FloatField, IntegerField, Max
from django.db.models.functions import Cast

from learners.models import Attempt, Student


def student_skill_summary(student: Student) -> list[dict]:
    """Per skill practised: attempts, share correct and the last attempt's time, most practised first."""
    return list(
        Attempt.objects.filter(student=student)
        .values("skill__name")
        .annotate(attempts=Count("id"), last_at=Max("submitted_at"),
                  correct_rate=Avg(Cast("correct", IntegerField()), output_field=FloatField()))
        .order_by("-attempts", "skill__name")
    )


def attempts_per_idempotency_key(keys: list[str]) -> dict[str, int]:
    """How many attempts are stored under each of these idempotency keys (absent: none)."""
    found: dict[str, int] = {}
    for lo in range(0, len(keys), 1000):
        rows = (Attempt.objects.filter(idempotency_key__in=keys[lo:lo + 1000]).values("idempotency_key")
                .annotate(n=Count("id")).values_list("idempotency_key", "n"))
        found |= dict(rows)
    return found
