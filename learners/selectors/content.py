"""The exercises a classroom's students can get."""
from __future__ import annotations

from django.db.models import Q, QuerySet

from learners.models import Classroom, Exercise, Skill


def classroom_exercises(classroom: Classroom, skill: Skill) -> QuerySet[Exercise]:
    """What the classroom's students can get for the skill: its own exercises first, then the shared bank's."""
    return Exercise.objects.filter(Q(classroom=classroom) | Q(classroom__isnull=True), skill=skill) \
        .exclude(answer="").order_by("classroom_id", "pk")
