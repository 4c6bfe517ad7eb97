import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from learners import services
from learners.models import Attempt
from tests.factories import ClassroomFactory, ExerciseFactory, SchoolFactory, SkillFactory, StudentFactory

pytestmark = pytest.mark.django_db


def test_it_records_an_attempt_once_per_idempotency_key():
    student, skill = StudentFactory(), SkillFactory()
    first, created = services.attempt_record(student=student, skill=skill, correct=True, idempotency_key="k1")
    again, created_again = services.attempt_record(student=student, skill=skill, correct=False, idempotency_key="k1")
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk and again.correct is True
    assert Attempt.objects.count() == 1


def test_it_derives_score_from_correct_and_correct_from_score():
    student, skill = StudentFactory(), SkillFactory()
    wrong, _ = services.attempt_record(student=student, skill=skill, correct=False)
    partial, _ = services.attempt_record(student=student, skill=skill, score=0.25)
    full, _ = services.attempt_record(student=student, skill=skill, score=1.0)
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
        services.attempt_record(student=StudentFactory(), skill=SkillFactory(), **kwargs)
    assert field in error.value.message_dict
    assert Attempt.objects.count() == 0


def test_it_takes_the_skill_from_the_exercise_and_refuses_a_mismatch():
    exercise = ExerciseFactory()
    attempt, _ = services.attempt_record(student=StudentFactory(), exercise=exercise, correct=True,
                                         submitted_at=dt.datetime(2026, 1, 5, tzinfo=dt.timezone.utc))
    assert attempt.skill == exercise.skill
    with pytest.raises(ValidationError):
        services.attempt_record(student=StudentFactory(), exercise=exercise, skill=SkillFactory(), correct=True)


def test_it_creates_people_in_their_role_groups():
    school = SchoolFactory()
    teacher = services.teacher_create(username="t1", password="pw-long-enough", school=school)
    student = services.student_create(username="s1", display_name="Ana Li", school=school)
    assert list(teacher.user.groups.values_list("name", flat=True)) == ["Teacher"]
    assert list(student.user.groups.values_list("name", flat=True)) == ["Student"]
    assert (student.user.first_name, student.user.last_name) == ("Ana", "Li")
    with pytest.raises(ValidationError):
        services.student_create(display_name="nobody")


def test_it_enrolls_students_once():
    classroom = ClassroomFactory()
    students = [StudentFactory(), StudentFactory()]
    assert services.enroll_students(classroom=classroom, students=students) == 2
    assert services.enroll_students(classroom=classroom, students=students + [StudentFactory()]) == 1
    assert classroom.students.count() == 3
