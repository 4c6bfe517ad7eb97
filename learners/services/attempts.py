"""A student's attempts: stored once each (idempotency key), their refresh queued in the same transaction."""
from __future__ import annotations

import datetime as dt
import math
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from learners import refresh_queue
from learners.models import Attempt, AttemptSource, Exercise, Skill, Student
from learners.services import refreshes

ANSWER_TEXT_CHARS = Attempt._meta.get_field("answer_text").max_length


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
    idempotency_key: str | None = None, answer_text: str = "",
) -> tuple[Attempt, bool]:
    """Store one attempt, once: returns (attempt, created). A repeated idempotency key returns the stored one.
    `answer_text` is what the student wrote, kept up to ANSWER_TEXT_CHARS characters."""
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
                answer_text=answer_text.replace("\x00", "")[:ANSWER_TEXT_CHARS],
            )
            refreshes.refresh_requests_mark(student_ids=[student.pk])
    except IntegrityError:
        # The same key was stored concurrently: that one wins.
        existing = Attempt.objects.filter(idempotency_key=key).first()
        if existing is None:
            raise
        return existing, False
    transaction.on_commit(refresh_queue.wake, robust=True)
    return attempt, True
