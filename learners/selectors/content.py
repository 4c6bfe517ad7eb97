"""The exercises a classroom's students can get."""
from __future__ import annotations

from django.db.models import Q, QuerySet

from learners.models import Classroom, Exercise, Skill


def exercise_counts(classroom: Classroom, skill: Skill) -> tuple[int, int]:
    """(the classroom's own exercises, the shared bank's) that its students can get for the skill."""
    exercises = classroom_exercises(classroom, skill)
    return exercises.filter(classroom=classroom).count(), exercises.filter(classroom__isnull=True).count()


def classroom_exercises(classroom: Classroom, skill: Skill) -> QuerySet[Exercise]:
    """What the classroom's students can get for the skill: its own exercises first, then the shared bank's."""
    return Exercise.objects.filter(Q(classroom=classroom) | Q(classroom__isnull=True), skill=skill) \
        .exclude(answer="").order_by("classroom_id", "pk")
