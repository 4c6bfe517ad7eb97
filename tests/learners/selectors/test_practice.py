"""Reads of practice that plans use: how long ago each skill was practised, by the calendar, and how often."""
import datetime as dt

import pytest

from learners.selectors.practice import practice_history
from tests.fixtures import START, AttemptFactory, SkillFactory, StudentFactory

pytestmark = pytest.mark.django_db


def test_it_counts_the_attempts_and_days_since_each_skill_and_keeps_every_attempt():
    ana, bo = StudentFactory(), StudentFactory()
    fractions, decimals = SkillFactory(), SkillFactory()
    for student, skill, days_ago in ((ana, fractions, 20), (ana, fractions, 16), (ana, decimals, 1.5),
                                     (bo, decimals, 3)):
        AttemptFactory(student=student, skill=skill, submitted_at=START - dt.timedelta(days=days_ago))
    history = practice_history([ana.pk, bo.pk], now=START)
    assert history.days == {ana.pk: {fractions.pk: 16.0, decimals.pk: 1.5}, bo.pk: {decimals.pk: 3.0}}
    assert history.steps == {ana.pk: {fractions.pk: 1, decimals.pk: 0}, bo.pk: {decimals.pk: 0}}
    assert history.attempts.students.tolist() == [ana.pk] * 3 + [bo.pk]
    assert history.attempts.skills.tolist() == [fractions.pk, fractions.pk, decimals.pk, decimals.pk]  # in time order
    nobody = practice_history([StudentFactory().pk], now=START)
    assert (nobody.steps, nobody.days, len(nobody.attempts)) == ({}, {}, 0)


def test_it_gives_a_plan_item_without_its_exercise_the_one_nearest_the_band_own_ones_first(trained, monkeypatch):
    from learners import registry
    from learners.engine import BAND_MIDDLE
    from learners.models import Attempt, Exercise, Skill
    from learners.selectors.practice import exercise_for_item
    from metacore.functional import logit
    from tests.fixtures import ClassroomFactory, current_plan

    student, skill = trained[0], Skill.objects.order_by("pk").first()
    for n in range(3):
        Exercise.objects.create(skill=skill, prompt=f"What is ${n} + 10$?", answer=str(n + 10), answer_kind="number")
    bank = list(Exercise.objects.filter(skill=skill).order_by("pk").values_list("pk", flat=True))
    item = current_plan(student).items.filter(skill=skill).first()
    item.exercise = None
    done = Attempt.objects.filter(student=student, skill=skill).count()
    assert exercise_for_item(student, item).pk == bank[done % 4]  # no offsets: rotating
    offsets = [0.0, 2.5, -2.5, 0.8]
    engine = registry.version_engine(item.plan.version)
    monkeypatch.setitem(engine.checkpoint, "exercise_offsets", {"ids": bank, "offset": offsets})
    distance = [abs(logit(item.p_success) + off - logit(BAND_MIDDLE)) for off in offsets]
    assert exercise_for_item(student, item).pk == bank[distance.index(min(distance))]
    classroom = ClassroomFactory()  # a classroom's own exercises come first, chosen the same way
    classroom.students.add(student)
    own = [Exercise.objects.create(skill=skill, classroom=classroom, prompt=f"What is ${n} + 20$?",
                                   answer=str(n + 20), answer_kind="number").pk for n in range(3)]
    own_offsets = [-2.0, 2.0, 0.0]
    monkeypatch.setitem(engine.checkpoint, "exercise_offsets", {"ids": own, "offset": own_offsets})
    distance = [abs(logit(item.p_success) + off - logit(BAND_MIDDLE)) for off in own_offsets]
    assert exercise_for_item(student, item).pk == own[distance.index(min(distance))]
