from dataclasses import replace

import numpy as np
import pytest

from metacore.lab.plan_eval.harness import bootstrap_gains, normalised_gain, run_simulator
from metacore.lab.plan_eval.policies import obs_policy, round_robin
from metacore.lab.plan_eval.setups import generative_setup
from metacore.planner import PlanConfig


def test_its_normalised_gain_is_hakes():
    pre, post = np.array([0.2, 0.6]), np.array([0.6, 0.8])
    assert normalised_gain(pre, post) == pytest.approx((0.7 - 0.4) / 0.6)
    boot = bootstrap_gains(pre, {"a": post, "b": pre}, n_boot=50)
    assert boot["a"].shape == (50,) and np.all(boot["b"] == 0.0) and np.all(boot["a"] > 0)


def test_it_grades_a_policy_that_reads_the_gym_observation():
    population = generative_setup(8, seed=0, calibration_students=50, steps=10)
    seen = []

    def act(obs):  # always the first goal skill
        seen.append(obs)
        return np.argmax(obs[:, 45:], axis=1)

    out = run_simulator(population, 4, 0, PlanConfig(), policies=("round_robin",),
                        extra={"first_goal": obs_policy(act)})
    assert set(out) >= {"round_robin", "first_goal"} and len(seen) == 4
    assert seen[0].shape == (8, 60) and seen[0][:, :45].sum() == 0  # nothing observed yet
    last = seen[-1]
    goal = np.argmax(last[:, 45:], axis=1)
    np.testing.assert_array_equal(last[np.arange(8), 30 + goal], 1.0)  # practised one item ago: recency 1
    np.testing.assert_array_equal(last[np.arange(8), goal] + last[np.arange(8), 15 + goal], 3.0)


def test_it_gives_the_estimator_and_the_policies_what_the_population_holds():
    population = generative_setup(6, seed=0, calibration_students=50, steps=5)
    assert population.ability_var > 0 and population.cross.shape == (2, 15, 15) and population.history is None
    seen = []

    def spy(ctx):
        seen.append((ctx.est.ability_var, ctx.cross))
        return round_robin(ctx.goals, ctx.t)

    run_simulator(replace(population, ability_var=0.3), 2, 0, PlanConfig(), policies=(), extra={"spy": spy})
    assert len(seen) == 2 and all(v == 0.3 and cross is population.cross for v, cross in seen)
