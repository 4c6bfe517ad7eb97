"""Every write of the domain: keyword-only, typed, each one transaction."""
from __future__ import annotations

import datetime as dt
import math
import uuid
from typing import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from learners import refresh_queue
from learners.models import (
    Attempt, AttemptSource, Classroom, Enrollment, Exercise, PracticeSkip, School, Skill, Student, Teacher,
)

STUDENT_GROUP = "Student"
TEACHER_GROUP = "Teacher"


def _user_create(*, username: str, password: str | None, first_name: str, last_name: str, group: str):
    user = get_user_model().objects.create_user(
        username=username, password=password, first_name=first_name, last_name=last_name
    )
    user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


@transaction.atomic
def teacher_create(
    *, username: str, password: str | None = None, first_name: str = "", last_name: str = "",
    school: School | None = None,
) -> Teacher:
    user = _user_create(username=username, password=password, first_name=first_name, last_name=last_name,
                        group=TEACHER_GROUP)
    return Teacher.objects.create(user=user, school=school)


@transaction.atomic
def student_create(
    *, external_id: str | None = None, username: str | None = None, password: str | None = None,
    display_name: str = "", school: School | None = None,
) -> Student:
    """A student with a login (username), without one (external_id), or both."""
    if not username and not external_id:
        raise ValidationError("a student needs a username or an external id")
    user = None
    if username:
        first, _, last = display_name.partition(" ")
        user = _user_create(username=username, password=password, first_name=first, last_name=last,
                            group=STUDENT_GROUP)
    return Student.objects.create(user=user, external_id=external_id or None, display_name=display_name,
                                  school=school)


@transaction.atomic
def classroom_create(
    *, school: School, name: str, teachers: Iterable[Teacher] = (), students: Iterable[Student] = (),
    skills: Iterable[Skill] = (),
) -> Classroom:
    classroom = Classroom.objects.create(school=school, name=name)
    classroom.teachers.set(teachers)
    classroom.skills.set(skills)
    enroll_students(classroom=classroom, students=students)
    return classroom


@transaction.atomic
def enroll_students(*, classroom: Classroom, students: Iterable[Student]) -> int:
    """Add students to a classroom; those already in it are left as they are. Returns how many were added."""
    rows = [Enrollment(classroom=classroom, student=s) for s in students]
    before = classroom.enrollments.count()
    Enrollment.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return classroom.enrollments.count() - before


def _attempt_score(correct: bool | None, score: float | None) -> tuple[bool, float]:
    if correct is None and score is None:
        raise ValidationError({"correct": "give correct or score"})
    if score is None:
        return bool(correct), 1.0 if correct else 0.0
    score = float(score)
    if math.isnan(score) or not 0.0 <= score <= 1.0:
        raise ValidationError({"score": f"score {score} is outside [0, 1]"})
    if correct is None:
        correct = score == 1.0
    if correct and score != 1.0:
        raise ValidationError({"score": "a correct attempt has score 1"})
    return bool(correct), score


def attempt_record(
    *, student: Student, skill: Skill | None = None, exercise: Exercise | None = None,
    correct: bool | None = None, score: float | None = None, submitted_at: dt.datetime | None = None,
    duration_seconds: float | None = None, hints_used: int = 0, source: str = AttemptSource.WEB,
    idempotency_key: str | None = None,
) -> tuple[Attempt, bool]:
    """Store one attempt, once: returns (attempt, created). A repeated idempotency key returns the stored one."""
    if skill is None:
        if exercise is None:
            raise ValidationError({"skill": "give a skill or an exercise"})
        skill = exercise.skill
    if exercise is not None and exercise.skill_id != skill.pk:
        raise ValidationError({"exercise": "the exercise belongs to another skill"})
    correct, score = _attempt_score(correct, score)
    if duration_seconds is not None and duration_seconds < 0:
        raise ValidationError({"duration_seconds": "duration cannot be negative"})
    if hints_used < 0:
        raise ValidationError({"hints_used": "hints used cannot be negative"})
    key = idempotency_key or uuid.uuid4().hex
    existing = Attempt.objects.filter(idempotency_key=key).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                student=student, skill=skill, exercise=exercise, correct=correct, score=score,
                submitted_at=submitted_at or timezone.now(), duration_seconds=duration_seconds,
                hints_used=hints_used, source=source, idempotency_key=key,
            )
    except IntegrityError:
        # The same key was stored concurrently: that one wins.
        existing = Attempt.objects.filter(idempotency_key=key).first()
        if existing is None:
            raise
        return existing, False
    transaction.on_commit(lambda: refresh_queue.enqueue([student.pk]), robust=True)
    return attempt, True


def practice_skip_record(*, student: Student, skill: Skill) -> PracticeSkip:
    """The student skips a skill in practice for the rest of the day."""
    return PracticeSkip.objects.create(student=student, skill=skill)
