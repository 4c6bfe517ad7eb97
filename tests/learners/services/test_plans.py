"""Study plans in the product: generated from each student's model, versioned, with teacher overrides."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from learners import plans, services
from learners.models import (
    PlanOverride, PlanReason, PrerequisiteSuggestion, Skill, Student, StudyPlan, SuggestionStatus,
)
from metacore.prerequisites import PrerequisiteConfig
from tests.factories import ClassroomFactory, UserFactory
from tests.learners.pipeline_data import trained_students

pytestmark = pytest.mark.django_db


@pytest.fixture
def trained(settings, tmp_path):
    return trained_students(settings, tmp_path, 20)


def current(student):
    return StudyPlan.objects.get(student=student, is_current=True)


def practise(students, skill, times=1, capture=None):
    with capture(execute=True):
        for _ in range(times):
            for student in students:
                services.attempt_record(student=student, skill=skill, correct=True)


def test_it_gives_every_student_a_plan_when_a_version_becomes_active(trained):
    assert StudyPlan.objects.filter(is_current=True).count() == len(trained)
    plan = current(trained[0])
    items = list(plan.items.order_by("position"))
    assert len(items) == 30 and [i.position for i in items] == list(range(30))
    assert {i.session for i in items} == {0, 1, 2}
    assert {i.reason for i in items} <= set(PlanReason.values)
    assert all(0 < i.p_success < 1 for i in items)
    assert set(plan.forecast_with_plan) == set(plan.forecast_without_plan) == {str(s) for s in plan.goal_skills}


def test_it_aims_at_the_classrooms_course_skills(trained):
    skill = Skill.objects.order_by("pk").first()
    classroom = ClassroomFactory()
    classroom.skills.add(skill)
    classroom.students.add(trained[0])
    plan = plans.plan_regenerate(student=trained[0])
    assert plan.goal_skills == [skill.pk] and list(plan.forecast_with_plan) == [str(skill.pk)]


def test_it_makes_a_new_plan_version_as_the_student_practises(trained, django_capture_on_commit_callbacks):
    first = current(trained[0])
    practise(trained[:1], Skill.objects.first(), times=2, capture=django_capture_on_commit_callbacks)
    latest = current(trained[0])
    assert latest.number == first.number + 2
    assert StudyPlan.objects.filter(student=trained[0]).count() == first.number + 2
    assert StudyPlan.objects.get(pk=first.pk).is_current is False


def test_it_keeps_a_teachers_overrides_through_every_regeneration(trained, django_capture_on_commit_callbacks):
    teacher = UserFactory(username="teach")
    skills = list(Skill.objects.order_by("pk"))
    planned = [i.skill_id for i in current(trained[0]).items.all()]
    dropped = planned[0]
    plans.plan_override_add(student=trained[0], action="remove", skill=Skill.objects.get(pk=dropped),
                            reason="done in class", author=teacher)
    plans.plan_override_add(student=trained[0], action="pin", skill=skills[-1], position=0,
                            reason="test on Friday", author=teacher)
    practise(trained[:1], skills[0], capture=django_capture_on_commit_callbacks)
    items = list(current(trained[0]).items.filter(done=False).order_by("position"))
    assert (items[0].skill_id, items[0].pinned) == (skills[-1].pk, True)
    assert dropped not in [i.skill_id for i in items] or dropped == skills[-1].pk
    log = list(PlanOverride.objects.filter(student=trained[0]).values_list("action", "reason", "author__username"))
    assert log == [("remove", "done in class", "teach"), ("pin", "test on Friday", "teach")]


def test_it_withdraws_an_override_and_keeps_it_in_the_log(trained):
    skill = Skill.objects.order_by("pk").last()
    override = plans.plan_override_add(student=trained[0], action="pin", skill=skill, position=0, reason="r",
                                       author=UserFactory())
    plans.plan_override_withdraw(override=override)
    override.refresh_from_db()
    assert override.active is False and override.withdrawn_at is not None
    assert not current(trained[0]).items.filter(pinned=True).exists()


@pytest.mark.parametrize("kwargs, field", [({"reason": "  "}, "reason"), ({"action": "swap"}, "action"),
                                           ({"position": -1}, "position")])
def test_it_refuses_an_override_without_a_reason_or_with_a_bad_action(trained, kwargs, field):
    args = {"student": trained[0], "action": "pin", "skill": Skill.objects.first(), "reason": "why",
            "author": UserFactory()} | kwargs
    with pytest.raises(ValidationError) as error:
        plans.plan_override_add(**args)
    assert field in error.value.message_dict and not PlanOverride.objects.exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanOverride.objects.create(student=trained[0], action="pin", skill=Skill.objects.first(), reason="",
                                    author=UserFactory())


def test_it_plans_from_the_population_prior_for_a_new_student(trained):
    newcomer = Student.objects.create(external_id="new")
    plan = plans.plan_regenerate(student=newcomer)
    assert plan.items.count() == 30 and plan.number == 1


def test_it_reads_prerequisite_links_in_the_right_direction(trained):
    basic, advanced = Skill.objects.order_by("pk")[:2]
    advanced.prerequisites.add(basic)
    assert plans.prerequisite_edges() == [(basic.pk, advanced.pk)]


def test_it_proposes_prerequisites_for_staff_and_applies_only_accepted_ones(trained):
    config = PrerequisiteConfig(min_support=3, min_group=1, top=None)
    assert plans.prerequisite_suggestions_refresh(config=config) > 0
    assert not Skill.prerequisites.through.objects.exists()  # never applied silently
    best = PrerequisiteSuggestion.objects.order_by("-score").first()
    plans.prerequisite_suggestion_decide(suggestion=best, accept=True, user=UserFactory())
    assert plans.prerequisite_edges() == [(best.prerequisite_id, best.dependant_id)]
    plans.prerequisite_suggestions_refresh(config=config)
    assert PrerequisiteSuggestion.objects.get(prerequisite=best.prerequisite, dependant=best.dependant).status == (
        SuggestionStatus.ACCEPTED)


def test_it_aims_at_the_classrooms_goal_skills_when_it_has_some(trained):
    course = list(Skill.objects.order_by("pk"))
    classroom = ClassroomFactory()
    classroom.skills.set(course)
    classroom.goal_skills.set(course[1:2])
    classroom.students.add(trained[0])
    assert plans.plan_regenerate(student=trained[0]).goal_skills == [course[1].pk]


def test_a_teachers_add_comes_once_a_session_and_not_again_today_once_practised(
        trained, django_capture_on_commit_callbacks):
    *course, skill = Skill.objects.order_by("pk")
    student, classroom = trained[0], ClassroomFactory()
    classroom.skills.set(course)  # `skill` is not a goal: only the teacher puts it in the plan
    classroom.students.add(student)
    StudyPlan.objects.update(created_at=timezone.now() - dt.timedelta(days=1))  # no session of today to keep
    plans.plan_override_add(student=student, action="add", skill=skill, reason="test on Friday",
                            author=UserFactory(), position=0)
    items = current(student).items
    assert [(i.session, i.position % 10) for i in items.filter(skill=skill)] == [(0, 0), (1, 0), (2, 0)]
    assert set(items.filter(skill=skill).values_list("reason", flat=True)) == {PlanReason.TEACHER}
    practise([student], skill, capture=django_capture_on_commit_callbacks)  # the plan is regenerated after it
    items = current(student).items
    assert [(i.session, i.done) for i in items.filter(skill=skill)] == [(0, True), (1, False), (2, False)]


def test_it_plans_only_skills_with_exercises_and_lists_other_goals_for_class(trained):
    from learners.models import Exercise

    course = list(Skill.objects.order_by("pk"))
    Exercise.objects.filter(skill=course[0]).delete()
    classroom = ClassroomFactory()
    classroom.skills.set(course)
    classroom.students.add(trained[0])
    plan = plans.plan_regenerate(student=trained[0])
    assert plan.items.exists() and not plan.items.filter(skill=course[0]).exists()
    assert plan.in_class == [course[0].pk]


def test_it_keeps_the_rest_of_todays_session_as_shown_while_the_student_practises(
        trained, django_capture_on_commit_callbacks):
    student = trained[0]
    shown = list(current(student).items.filter(session=0).order_by("position").values_list("skill_id", flat=True))
    for step in range(3):
        practise([student], Skill.objects.get(pk=shown[step]), capture=django_capture_on_commit_callbacks)
    today = list(current(student).items.filter(session=0).order_by("position"))
    assert [i.skill_id for i in today] == shown
    assert [i.done for i in today] == [True] * 3 + [False] * (len(shown) - 3)
    assert current(student).number == 4


def test_it_refuses_teacher_placements_that_would_fill_more_than_a_session(trained):
    skills = list(Skill.objects.order_by("pk"))
    plans.plan_override_add(student=trained[0], action="add", skill=skills[0], reason="r", author=UserFactory(),
                            per_session=6)
    with pytest.raises(ValidationError):
        plans.plan_override_add(student=trained[0], action="pin", skill=skills[1], reason="r",
                                author=UserFactory(username="t2"), per_session=5)
    assert PlanOverride.objects.filter(student=trained[0]).count() == 1
