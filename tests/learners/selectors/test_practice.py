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
