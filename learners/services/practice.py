"""What a student chooses on the practice page besides answering."""
from __future__ import annotations

from learners.models import PracticeSkip, Skill, Student


def practice_skip_record(*, student: Student, skill: Skill) -> PracticeSkip:
    """The student skips a skill in practice for the rest of the day."""
    return PracticeSkip.objects.create(student=student, skill=skill)
