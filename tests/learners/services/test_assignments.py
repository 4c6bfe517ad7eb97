"""Work a teacher assigns with a due date: who may set it, what is refused, and how the targeted students' plans
make room for it until it is done."""
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from learners.models import Assignment, PlanReason, Skill
from learners.selectors import assignments as selected
from learners.services import assignments, attempts
from tests.fixtures import ExerciseFactory, SkillFactory, UserFactory, current_plan, practise

pytestmark = pytest.mark.django_db


def in_days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def assigned_items(student, assignment=None) -> list:
    items = current_plan(student).items.filter(reason=PlanReason.ASSIGNED, done=False).order_by("position")
    return list(items if assignment is None else items.filter(assignment=assignment))


def assign(school, capture, **fields) -> Assignment:
    """An assignment set by the classroom's teacher, its plans regenerated as on commit."""
    values = {"classroom": school.mine, "skill": Skill.objects.order_by("pk").last(), "due_on": in_days(2),
              "by": school.teacher.user} | fields
    with capture(execute=True):
        return assignments.assignment_create(**values)


def test_it_schedules_assigned_work_before_the_due_date_in_the_groups_plans_only(school,
                                                                                django_capture_on_commit_callbacks):
    group = school.mine_students[:2]
    work = assign(school, django_capture_on_commit_callbacks, students=group, items=6, due_on=in_days(2))
    for student in group:
        items = assigned_items(student, work)
        assert len(items) == 6 and {i.skill_id for i in items} == {work.skill_id}
        assert [sum(i.session == n for i in items) for n in range(3)] == [2, 2, 2]  # spread over the 3 days left
    for student in school.mine_students[2:] + school.their_students:
        assert not assigned_items(student)


def test_work_due_soon_comes_first_and_all_of_it_before_the_date(school, django_capture_on_commit_callbacks):
    work = assign(school, django_capture_on_commit_callbacks, items=4, due_on=in_days(0))
    for student in school.mine_students:
        items = list(current_plan(student).items.order_by("position"))
        assert [(i.skill_id, i.assignment_id, i.session) for i in items[:4]] == [(work.skill_id, work.pk, 0)] * 4
        assert not any(i.assignment_id for i in items[4:])


def test_done_work_leaves_the_plan_and_counts_as_done(school, django_capture_on_commit_callbacks):
    learner = school.learner
    work = assign(school, django_capture_on_commit_callbacks, students=[learner], items=2, due_on=in_days(5))
    assert assigned_items(learner)
    practise([learner], work.skill, capture=django_capture_on_commit_callbacks)
    assert selected.standings([work], [learner.pk])[work.pk, learner.pk].status == "in_progress"
    practise([learner], work.skill, capture=django_capture_on_commit_callbacks)
    assert not assigned_items(learner)
    assert selected.standings([work], [learner.pk])[work.pk, learner.pk].status == "done"


def test_a_mastery_target_keeps_the_work_planned_until_it_is_reached(school, django_capture_on_commit_callbacks):
    learner = school.learner
    work = assign(school, django_capture_on_commit_callbacks, students=[learner], items=1, mastery=0.99)
    practise([learner], work.skill, capture=django_capture_on_commit_callbacks)
    standing = selected.standings([work], [learner.pk])[work.pk, learner.pk]
    assert standing.answered == 1 and standing.chance < 0.99 and standing.status == "in_progress"
    assert len(assigned_items(learner)) == selected.MASTERY_PRACTICE


def test_archived_work_leaves_the_plans(school, django_capture_on_commit_callbacks):
    work = assign(school, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        assignments.assignment_archive(assignment=work, by=school.teacher.user)
    assert all(not assigned_items(s) for s in school.mine_students)
    assert Assignment.objects.get(pk=work.pk).archived


def test_an_edit_replans_the_students_it_concerned_before_and_after(school, django_capture_on_commit_callbacks):
    first, second = school.mine_students[:2]
    work = assign(school, django_capture_on_commit_callbacks, students=[first])
    with django_capture_on_commit_callbacks(execute=True):
        assignments.assignment_update(assignment=work, by=school.teacher.user, skill=work.skill, due_on=work.due_on,
                                      students=[second], items=3)
    assert not assigned_items(first) and len(assigned_items(second)) == 3


def test_listed_exercises_are_given_in_order_and_each_counts_once(school, django_capture_on_commit_callbacks):
    learner, skill = school.learner, Skill.objects.order_by("pk").last()
    listed = [ExerciseFactory(skill=skill, classroom=school.mine) for _ in range(3)]
    work = assign(school, django_capture_on_commit_callbacks, students=[learner], exercises=listed, items=9)
    assert work.items == 3
    assert [i.exercise_id for i in assigned_items(learner)] == [e.pk for e in listed]
    with django_capture_on_commit_callbacks(execute=True):
        for exercise in (listed[0], listed[0]):
            attempts.attempt_record(student=learner, exercise=exercise, correct=True)
    standing = selected.standings([work], [learner.pk])[work.pk, learner.pk]
    assert (standing.answered, standing.left_exercises) == (1, [listed[1].pk, listed[2].pk])
    assert [i.exercise_id for i in assigned_items(learner)] == [listed[1].pk, listed[2].pk]


def test_it_refuses_what_cannot_be_done_and_says_why(school):
    outsider, foreign = school.their_students[0], ExerciseFactory(skill=Skill.objects.order_by("pk").first(),
                                                                  classroom=school.theirs)
    with pytest.raises(ValidationError) as refused:
        assignments.assignment_create(classroom=school.mine, skill=Skill.objects.order_by("pk").first(),
                                      due_on=in_days(-1), by=school.teacher.user, students=[outsider],
                                      exercises=[foreign], mastery=1.5)
    errors = refused.value.message_dict
    assert set(errors) == {"due_on", "students", "exercises", "mastery"}
    assert "in the past" in errors["due_on"][0] and str(outsider) in errors["students"][0]
    assert f"#{foreign.pk}" in errors["exercises"][0]
    with pytest.raises(ValidationError) as refused:
        assignments.assignment_create(classroom=school.mine, skill=SkillFactory(name="Knitting"), due_on=in_days(1),
                                      by=school.teacher.user, items=0)
    assert set(refused.value.message_dict) == {"skill", "items"}
    assert "Knitting is not a skill of Class 7A's course" in refused.value.message_dict["skill"][0]
    assert not Assignment.objects.exists()


def test_only_the_classrooms_teachers_or_staff_may_set_change_or_archive_it(school,
                                                                            django_capture_on_commit_callbacks):
    skill = Skill.objects.order_by("pk").first()
    with pytest.raises(PermissionDenied):
        assignments.assignment_create(classroom=school.mine, skill=skill, due_on=in_days(1),
                                      by=school.other_teacher.user)
    staff = UserFactory(username="boss", is_staff=True)
    work = assign(school, django_capture_on_commit_callbacks, by=staff)
    for change in (lambda: assignments.assignment_archive(assignment=work, by=school.other_teacher.user),
                   lambda: assignments.assignment_update(assignment=work, by=school.other_teacher.user, skill=skill,
                                                         due_on=in_days(3), students=[])):
        with pytest.raises(PermissionDenied):
            change()
    assert not Assignment.objects.get(pk=work.pk).archived


def test_an_overdue_assignment_may_be_edited_without_moving_its_date_and_says_overdue(
        school, django_capture_on_commit_callbacks):
    work = assign(school, django_capture_on_commit_callbacks, due_on=in_days(1))
    Assignment.objects.filter(pk=work.pk).update(due_on=in_days(-2))
    work.refresh_from_db()
    assignments.assignment_update(assignment=work, by=school.teacher.user, skill=work.skill, due_on=work.due_on,
                                  students=[], items=2, note="see me")
    row = selected.assignment_detail(work)
    assert row.counts == {"done": 0, "in_progress": 0, "not_started": 0, "overdue": len(school.mine_students)}
    with pytest.raises(ValidationError):
        assignments.assignment_update(assignment=work, by=school.teacher.user, skill=work.skill,
                                      due_on=in_days(-1), students=[])
