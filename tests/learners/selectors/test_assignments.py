"""Whom assigned work is for, how far each student is with it, and what their plans must make room for."""
import datetime as dt

import pytest
from django.utils import timezone

from learners.models import Assignment, Enrollment
from learners.selectors import assignments as selected
from learners.services import attempts
from tests.fixtures import ClassroomFactory, ExerciseFactory, SkillFactory, StudentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def room():
    classroom = ClassroomFactory()
    for student in StudentFactory.create_batch(3):
        Enrollment.objects.create(classroom=classroom, student=student)
    return classroom


def work(room, days: int, students=(), **fields) -> Assignment:
    assignment = Assignment.objects.create(classroom=room, skill=fields.pop("skill", None) or SkillFactory(),
                                           due_on=timezone.localdate() + dt.timedelta(days=days),
                                           created_by=UserFactory(), **fields)
    assignment.students.set(students)
    return assignment


def test_it_is_for_the_whole_class_or_the_group_and_only_while_they_are_in_the_classroom(room):
    a, b, c = room.students.order_by("pk")
    whole, group = work(room, 2), work(room, 2, students=[a, b])
    Enrollment.objects.filter(classroom=room, student=b).delete()
    assert selected.targets([whole, group]) == {whole.pk: [a.pk, c.pk], group.pk: [a.pk]}


def test_each_student_stands_done_in_progress_not_started_or_overdue(room):
    a, b, c = room.students.order_by("pk")
    open_work, late = work(room, 3, items=2), work(room, -1, items=1)
    ExerciseFactory(skill=open_work.skill)
    for student, times in ((a, 2), (b, 1)):
        for _ in range(times):
            attempts.attempt_record(student=student, skill=open_work.skill, correct=False)
    stand = selected.standings([open_work, late], [a.pk, b.pk, c.pk])
    assert [stand[open_work.pk, s.pk].status for s in (a, b, c)] == ["done", "in_progress", "not_started"]
    assert [stand[late.pk, s.pk].status for s in (a, b, c)] == ["overdue"] * 3
    assert (stand[open_work.pk, b.pk].answered, stand[open_work.pk, b.pk].required) == (1, 2)


def test_answers_from_before_it_was_set_do_not_count(room):
    student = room.students.first()
    skill = SkillFactory()
    attempts.attempt_record(student=student, skill=skill, correct=True,
                            submitted_at=timezone.now() - dt.timedelta(days=1))
    assignment = work(room, 1, skill=skill, items=1)
    assert selected.standings([assignment], [student.pk])[assignment.pk, student.pk].status == "not_started"


def test_plans_get_the_earliest_due_first_with_the_days_left_and_whether_it_comes_first(room):
    student = room.students.first()
    later, soon, late = work(room, 6, items=4), work(room, 1, items=3), work(room, -3, items=2)
    archived = work(room, 1)
    Assignment.objects.filter(pk=archived.pk).update(archived_at=timezone.now())
    planned = selected.plan_work([student.pk])[student.pk]
    assert [w["assignment"] for w in planned] == [late.pk, soon.pk, later.pk]
    by_id = {w["assignment"]: w for w in planned}
    assert archived.pk not in by_id
    assert (by_id[late.pk]["days_left"], by_id[late.pk]["first"], by_id[late.pk]["remaining"]) == (1, True, 2)
    assert (by_id[soon.pk]["days_left"], by_id[soon.pk]["first"]) == (2, True)
    assert (by_id[later.pk]["days_left"], by_id[later.pk]["first"], by_id[later.pk]["remaining"]) == (7, False, 4)
