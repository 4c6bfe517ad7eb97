"""Invariants hold in the database itself, not only in Python; and what a plan stores of its forecast."""
import pytest
from django.db import IntegrityError, transaction

from learners.models import Attempt, Student, mean_goal_forecast
from tests.fixtures import (
    AttemptFactory, ClassroomFactory, ExerciseFactory, SchoolFactory, SkillFactory, StudentFactory, UserFactory,
)

pytestmark = pytest.mark.django_db


def refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_it_refuses_a_score_outside_the_unit_interval():
    refused(lambda: AttemptFactory(score=1.5, correct=False))
    refused(lambda: AttemptFactory(score=-0.1, correct=False))


def test_it_refuses_a_correct_attempt_without_full_score():
    refused(lambda: AttemptFactory(score=0.5, correct=True))


def test_it_stores_a_partial_score():
    attempt = AttemptFactory(score=0.5, correct=False)
    assert Attempt.objects.get(pk=attempt.pk).score == 0.5


def test_it_refuses_a_repeated_idempotency_key():
    AttemptFactory(idempotency_key="same")
    refused(lambda: AttemptFactory(idempotency_key="same"))


def test_it_refuses_a_negative_duration_and_a_blank_key():
    refused(lambda: AttemptFactory(duration_seconds=-1))
    refused(lambda: AttemptFactory(idempotency_key=""))


def test_it_refuses_a_student_with_neither_login_nor_external_id():
    refused(lambda: Student.objects.create(external_id=None, user=None))
    assert Student.objects.create(user=UserFactory(), external_id=None).pk


def test_it_refuses_duplicate_external_ids():
    StudentFactory(external_id="s-1")
    refused(lambda: StudentFactory(external_id="s-1"))


def test_it_refuses_two_classrooms_of_one_name_in_a_school():
    school = SchoolFactory()
    ClassroomFactory(school=school, name="7A")
    refused(lambda: ClassroomFactory(school=school, name="7A"))
    assert ClassroomFactory(name="7A").pk  # another school may


def test_it_refuses_enrolling_a_student_twice():
    classroom, student = ClassroomFactory(), StudentFactory()
    classroom.students.add(student)
    refused(lambda: classroom.enrollments.create(student=student))


def test_it_refuses_duplicate_skill_codes_and_exercise_ids():
    SkillFactory(code="fractions")
    refused(lambda: SkillFactory(code="fractions"))
    ExerciseFactory(source="bank", external_id="q1")
    refused(lambda: ExerciseFactory(source="bank", external_id="q1"))
    assert ExerciseFactory(source="other", external_id="q1").pk


def test_it_refuses_a_schools_duplicate_or_self_prerequisite_link():
    from learners.models import SchoolPrerequisite

    school, basic, advanced = SchoolFactory(), SkillFactory(), SkillFactory()
    SchoolPrerequisite.objects.create(school=school, skill=advanced, prerequisite=basic)
    refused(lambda: SchoolPrerequisite.objects.create(school=school, skill=advanced, prerequisite=basic))
    refused(lambda: SchoolPrerequisite.objects.create(school=school, skill=basic, prerequisite=basic))
    assert SchoolPrerequisite.objects.create(school=SchoolFactory(), skill=advanced, prerequisite=basic).pk


def test_it_protects_skills_with_attempts_and_keeps_attempts_of_deleted_exercises():
    attempt = AttemptFactory(exercise=None)
    exercise = ExerciseFactory(skill=attempt.skill)
    Attempt.objects.filter(pk=attempt.pk).update(exercise=exercise)
    exercise.delete()
    assert Attempt.objects.get(pk=attempt.pk).exercise is None
    refused(lambda: attempt.skill.delete())


def test_it_indexes_a_students_attempts_in_time_order():
    names = {index.name for index in Attempt._meta.indexes}
    assert "attempt_student_time" in names


def test_it_keeps_the_login_of_a_student_from_being_deleted():
    from django.db.models import ProtectedError

    user = UserFactory()
    Student.objects.create(user=user, external_id=None)
    with pytest.raises(ProtectedError):
        user.delete()


def test_it_means_a_forecast_over_its_goal_skills_or_over_every_skill_without_one():
    forecast = {"1": 0.2, "2": 0.6, "3": 1.0}
    assert mean_goal_forecast(forecast, [1, 2]) == pytest.approx(0.4)
    assert mean_goal_forecast(forecast, [9]) == pytest.approx(0.6)  # no goal is forecast: every skill
    assert mean_goal_forecast({}, [1]) is None
