"""What a day's snapshot keeps: the goal skills' P(success) now, their mean, and the mean over practised skills."""
import math

import pytest

from learners.engine import ExplicitModel
from learners.services.snapshots import snapshot_values


def _model() -> ExplicitModel:
    # logits 0 and log 3 with no uncertainty: P = 0.5 and 0.75 exactly; skill 30 is not in the vocabulary
    return ExplicitModel(mastery=[0.0, math.log(3), 0.0], gain=[0.0] * 3, variance=[0.0] * 3,
                         skill_vocabulary=[10, 20, 40])


def test_it_keeps_the_goal_skills_p_and_their_mean_and_the_practised_mean():
    values = snapshot_values(_model(), goals=[20, 10, 30], practised={10, 40, 99})
    assert values["goal_p"] == {"20": pytest.approx(0.75), "10": pytest.approx(0.5)}
    assert values["goal_mean"] == pytest.approx(0.625)
    assert values["practised_mean"] == pytest.approx(0.5)


def test_it_keeps_no_mean_without_goal_or_practised_skills_it_knows():
    values = snapshot_values(_model(), goals=[30], practised=set())
    assert values == {"goal_p": {}, "goal_mean": None, "practised_mean": None}
