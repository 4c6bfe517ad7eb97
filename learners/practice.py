"""Reads of the practice page: which plan item comes next, and which exercise to show for it."""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from learners.models import Attempt, AttemptSource, Exercise, PlanItem, Student, StudyPlan

RECENT_EXERCISES = 20  # an exercise among a student's last this-many attempts is not shown again if avoidable


@dataclass(frozen=True)
class NextItem:
    plan: StudyPlan | None
    item: PlanItem | None  # None: no plan, or every item of it done
    position: int  # of the item in the plan (0-based)
    total: int  # items in the plan


def attempts_since(student: Student, plan: StudyPlan) -> int:
    """Attempts made on this site since the plan was made: the plan's items done so far."""
    return Attempt.objects.filter(student=student, source=AttemptSource.WEB, created_at__gte=plan.created_at).count()


def answered_today(student: Student) -> int:
    """Exercises the student answered on this site since local midnight."""
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return Attempt.objects.filter(student=student, source=AttemptSource.WEB, submitted_at__gte=midnight).count()


def next_item(student: Student, plan: StudyPlan | None, *, skipped: int = 0) -> NextItem:
    """The item of the student's current `plan` at position (attempts made since it was made + items skipped)."""
    if plan is None:
        return NextItem(None, None, 0, 0)
    total = plan.items.count()
    position = attempts_since(student, plan) + skipped
    item = plan.items.select_related("skill", "exercise").filter(position__gte=position).order_by("position").first()
    return NextItem(plan, item, item.position if item else position, total)


def answerable_exercises(skill_id: int) -> QuerySet[Exercise]:
    """Exercises of a skill that carry an answer to check against (imported ones may not)."""
    return Exercise.objects.filter(skill_id=skill_id).exclude(answer="").exclude(
        Q(answer_kind="choice") & Q(choices=[])).order_by("pk")


def _recent_exercise_ids(student: Student) -> list[int]:
    return list(Attempt.objects.filter(student=student, exercise__isnull=False)
                .order_by("-submitted_at", "-pk").values_list("exercise_id", flat=True)[:RECENT_EXERCISES])


def exercise_for_item(student: Student, item: PlanItem) -> Exercise | None:
    """The item's own exercise unless the student answered it lately, else a bank exercise of the item's
    skill that they have not answered lately (rotating), else any; None when the skill has none."""
    bank = answerable_exercises(item.skill_id)
    recent = _recent_exercise_ids(student)
    if item.exercise_id and item.exercise_id not in recent and bank.filter(pk=item.exercise_id).exists():
        return item.exercise
    fresh = list(bank.exclude(pk__in=recent).values_list("pk", flat=True))
    if fresh:
        done = Attempt.objects.filter(student=student, skill_id=item.skill_id).count()
        return bank.get(pk=fresh[done % len(fresh)])
    return (item.exercise if item.exercise_id and bank.filter(pk=item.exercise_id).exists() else bank.first())


def student_plan_item(student: Student, item_id) -> PlanItem | None:
    """A plan item of one of the student's plans (the plan may have been replaced since the page was shown)."""
    if not str(item_id).isdigit():
        return None
    return PlanItem.objects.select_related("skill", "plan").filter(pk=int(item_id), plan__student=student).first()


def item_exercise(item: PlanItem, exercise_id) -> Exercise | None:
    """An answerable exercise of the item's skill, or None."""
    if not str(exercise_id).isdigit():
        return None
    return answerable_exercises(item.skill_id).filter(pk=int(exercise_id)).first()
