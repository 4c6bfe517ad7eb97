"""Reads of practice that plans use: how long ago each skill was practised, by the calendar."""
import datetime as dt

import pytest

from learners.selectors.practice import since_last_practice
from tests.fixtures import START, AttemptFactory, SkillFactory, StudentFactory

pytestmark = pytest.mark.django_db


def test_it_counts_the_attempts_and_days_since_each_skills_last_practice_per_student():
    ana, bo = StudentFactory(), StudentFactory()
    fractions, decimals = SkillFactory(), SkillFactory()
    for student, skill, days_ago in ((ana, fractions, 20), (ana, fractions, 16), (ana, decimals, 1.5),
                                     (bo, decimals, 3)):
        AttemptFactory(student=student, skill=skill, submitted_at=START - dt.timedelta(days=days_ago))
    steps, days = since_last_practice([ana.pk, bo.pk], now=START)
    assert days == {ana.pk: {fractions.pk: 16.0, decimals.pk: 1.5}, bo.pk: {decimals.pk: 3.0}}
    assert steps == {ana.pk: {fractions.pk: 1, decimals.pk: 0}, bo.pk: {decimals.pk: 0}}
    assert since_last_practice([StudentFactory().pk], now=START) == ({}, {})
