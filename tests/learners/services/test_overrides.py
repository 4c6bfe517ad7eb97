"""A teacher's changes to a student's plan: logged with who and why, re-applied on top of every new plan."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from learners.models import PlanOverride, PlanReason, Skill, StudyPlan
from learners.services import overrides
from tests.fixtures import ClassroomFactory, UserFactory, current_plan, practise

pytestmark = pytest.mark.django_db


def test_it_keeps_a_teachers_overrides_through_every_regeneration(trained, django_capture_on_commit_callbacks):
    teacher = UserFactory(username="teach")
    skills = list(Skill.objects.order_by("pk"))
    planned = [i.skill_id for i in current_plan(trained[0]).items.all()]
    dropped = planned[0]
    overrides.plan_override_add(student=trained[0], action="remove", skill=Skill.objects.get(pk=dropped),
                                reason="done in class", author=teacher)
    overrides.plan_override_add(student=trained[0], action="pin", skill=skills[-1], position=0,
                                reason="test on Friday", author=teacher)
    practise(trained[:1], skills[0], capture=django_capture_on_commit_callbacks)
    items = list(current_plan(trained[0]).items.filter(done=False).order_by("position"))
    assert (items[0].skill_id, items[0].pinned) == (skills[-1].pk, True)
    assert dropped not in [i.skill_id for i in items] or dropped == skills[-1].pk
    log = list(PlanOverride.objects.filter(student=trained[0]).values_list("action", "reason", "author__username"))
    assert log == [("remove", "done in class", "teach"), ("pin", "test on Friday", "teach")]


def test_it_withdraws_an_override_and_keeps_it_in_the_log(trained):
    skill = Skill.objects.order_by("pk").last()
    override = overrides.plan_override_add(student=trained[0], action="pin", skill=skill, position=0, reason="r",
                                           author=UserFactory())
    overrides.plan_override_withdraw(override=override)
    override.refresh_from_db()
    assert override.active is False and override.withdrawn_at is not None
    assert not current_plan(trained[0]).items.filter(pinned=True).exists()


@pytest.mark.parametrize("kwargs, field", [({"reason": "  "}, "reason"), ({"action": "swap"}, "action"),
                                           ({"position": -1}, "position")])
def test_it_refuses_an_override_without_a_reason_or_with_a_bad_action(trained, kwargs, field):
    args = {"student": trained[0], "action": "pin", "skill": Skill.objects.first(), "reason": "why",
            "author": UserFactory()} | kwargs
    with pytest.raises(ValidationError) as error:
        overrides.plan_override_add(**args)
    assert field in error.value.message_dict and not PlanOverride.objects.exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanOverride.objects.create(student=trained[0], action="pin", skill=Skill.objects.first(), reason="",
                                    author=UserFactory())


def test_a_teachers_add_comes_once_a_session_and_not_again_today_once_practised(
        trained, django_capture_on_commit_callbacks):
    *course, skill = Skill.objects.order_by("pk")
    student, classroom = trained[0], ClassroomFactory()
    classroom.skills.set(course)  # `skill` is not a goal: only the teacher puts it in the plan
    classroom.students.add(student)
    StudyPlan.objects.update(created_at=timezone.now() - dt.timedelta(days=1))  # no session of today to keep
    overrides.plan_override_add(student=student, action="add", skill=skill, reason="test on Friday",
                                author=UserFactory(), position=0)
    items = current_plan(student).items
    assert [(i.session, i.position % 10) for i in items.filter(skill=skill)] == [(0, 0), (1, 0), (2, 0)]
    assert set(items.filter(skill=skill).values_list("reason", flat=True)) == {PlanReason.TEACHER}
    practise([student], skill, capture=django_capture_on_commit_callbacks)  # the plan is regenerated after it
    items = current_plan(student).items
    assert [(i.session, i.done) for i in items.filter(skill=skill)] == [(0, True), (1, False), (2, False)]


def test_it_refuses_teacher_placements_that_would_fill_more_than_a_session(trained):
    skills = list(Skill.objects.order_by("pk"))
    overrides.plan_override_add(student=trained[0], action="add", skill=skills[0], reason="r", author=UserFactory(),
                                per_session=6)
    with pytest.raises(ValidationError):
        overrides.plan_override_add(student=trained[0], action="pin", skill=skills[1], reason="r",
                                    author=UserFactory(username="t2"), per_session=5)
    assert PlanOverride.objects.filter(student=trained[0]).count() == 1
