"""Attempts: stored once per idempotency key, with a score and a skill that agree."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from learners.models import Attempt
from learners.services import attempts
from tests.fixtures import ExerciseFactory, SkillFactory, StudentFactory

pytestmark = pytest.mark.django_db


def test_it_records_an_attempt_once_per_idempotency_key():
    student, skill = StudentFactory(), SkillFactory()
    first, created = attempts.attempt_record(student=student, skill=skill, correct=True, idempotency_key="k1")
    again, created_again = attempts.attempt_record(student=student, skill=skill, correct=False, idempotency_key="k1")
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk and again.correct is True
    assert Attempt.objects.count() == 1


def test_it_derives_score_from_correct_and_correct_from_score():
    student, skill = StudentFactory(), SkillFactory()
    wrong, _ = attempts.attempt_record(student=student, skill=skill, correct=False)
    partial, _ = attempts.attempt_record(student=student, skill=skill, score=0.25)
    full, _ = attempts.attempt_record(student=student, skill=skill, score=1.0)
    assert (wrong.score, partial.correct, full.correct) == (0.0, False, True)


@pytest.mark.parametrize("kwargs, field", [
    ({}, "correct"),
    ({"score": 1.2}, "score"),
    ({"score": float("nan")}, "score"),
    ({"correct": True, "score": 0.5}, "score"),
    ({"correct": True, "duration_seconds": -3}, "duration_seconds"),
    ({"correct": True, "hints_used": -1}, "hints_used"),
])
def test_it_refuses_bad_attempts_naming_the_field(kwargs, field):
    with pytest.raises(ValidationError) as error:
        attempts.attempt_record(student=StudentFactory(), skill=SkillFactory(), **kwargs)
    assert field in error.value.message_dict
    assert Attempt.objects.count() == 0


def test_it_takes_the_skill_from_the_exercise_and_refuses_a_mismatch():
    exercise = ExerciseFactory()
    attempt, _ = attempts.attempt_record(student=StudentFactory(), exercise=exercise, correct=True,
                                         submitted_at=dt.datetime(2026, 1, 5, tzinfo=dt.timezone.utc))
    assert attempt.skill == exercise.skill
    with pytest.raises(ValidationError):
        attempts.attempt_record(student=StudentFactory(), exercise=exercise, skill=SkillFactory(), correct=True)


def test_it_keeps_the_answer_text_bounded_and_without_nul_bytes():
    attempt, _ = attempts.attempt_record(student=StudentFactory(), skill=SkillFactory(), correct=False,
                                         answer_text="1\x00" + "9" * 500)
    attempt.refresh_from_db()
    assert attempt.answer_text == "1" + "9" * (attempts.ANSWER_TEXT_CHARS - 1)
