from dataclasses import replace

import numpy as np
import pytest

from metacore.online_estimate import OnlineEstimator
from metacore.generator import NetConfig
from metacore.lab.plan_eval.forgetting import ForgettingConfig, ForgettingEstimator
from metacore.lab.plan_eval.generated import BlendedEstimator, GeneratedEstimator, generator_config
from metacore.lab.plan_eval.harness import bootstrap_gains, estimator_for, normalised_gain, run_simulator
from metacore.lab.plan_eval.policies import POLICY_FUNCS, obs_policy, round_robin
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


def test_it_measures_retention_thirty_calendar_days_after_the_last_item_and_pairs_ours_with_fsrs_and_round_robin():
    population = generative_setup(10, seed=0, calibration_students=50, steps=6, transfer=False)
    sim = population.sim
    out = run_simulator(population, 6, 0, PlanConfig(), policies=("round_robin", "fsrs", "ours"))
    assert out["ours"]["last_day"] == sim.calendar.day_of(5) == 2 and out["ours"]["retention_days"] == 30
    sim.reset()  # round robin again, by hand (learning does not depend on the answers): mean goal P on day 2 + 30
    for t in range(6):
        sim.step(round_robin(sim.goals, t), np.zeros(10))
    want = (sim.p_correct(day=32) * sim.goals).sum(1) / 3
    assert out["round_robin"]["retention"] == pytest.approx(want.mean())
    assert out["round_robin"]["retention"] < out["round_robin"]["post"]  # forgotten in a month
    for name in ("round_robin", "fsrs", "ours"):
        lo, hi = out[name]["retention_ci95"]
        assert lo <= out[name]["retention"] <= hi
    vs = out["ours_retention_vs"]
    assert set(vs) == {"fsrs", "round_robin"}
    assert vs["fsrs"]["paired_diff"] == pytest.approx(out["ours"]["retention"] - out["fsrs"]["retention"])
    lo, hi = vs["round_robin"]["paired_diff_ci95"]
    assert lo <= vs["round_robin"]["paired_diff"] <= hi
    assert out["ours_vs_best_other"]["best_other"] in ("round_robin", "fsrs")


def test_it_tells_the_policies_the_calendar_day_and_the_days_since_each_practice():
    population = generative_setup(4, seed=0, calibration_students=50, steps=5, transfer=False)
    seen = []

    def first_goal(ctx):
        seen.append((ctx.day, ctx.days_since.copy(), ctx.since.copy()))
        return np.argmax(ctx.goals, axis=1)

    run_simulator(population, 12, 0, PlanConfig(), policies=(), extra={"first_goal": first_goal})
    goal = np.argmax(population.sim.goals, axis=1)
    assert [day for day, _, _ in seen] == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 7, 7]  # then the weekend
    days_since, since = seen[-2][1], seen[-2][2]  # item 10, on Monday of week 1: last practised on Friday
    np.testing.assert_array_equal(days_since[np.arange(4), goal], 3.0)
    np.testing.assert_array_equal(since[np.arange(4), goal], 0.0)  # but no item in between
    assert np.isinf(np.delete(days_since[0], goal[0])).all()


def test_its_ours_reads_an_estimate_that_forgets_by_the_calendar_days_and_the_rivals_one_that_does_not():
    population = generative_setup(6, seed=0, calibration_students=50, steps=6, transfer=False)
    assert isinstance(population.forgetting, ForgettingConfig)  # fitted on the calibration students
    seen = []

    def spy(ctx):
        seen.append((type(ctx.est), ctx.est.day, ctx.day, ctx.est.last_day.max()))
        return round_robin(ctx.goals, ctx.t)

    run_simulator(population, 6, 0, PlanConfig(), policies=(), extra={"ours_spy": spy})
    assert [s[0] for s in seen] == [ForgettingEstimator] * 6
    assert [s[1] for s in seen] == [s[2] for s in seen] == [population.sim.calendar.day_of(t) for t in range(6)]
    assert [s[3] for s in seen][1:] == [s[2] for s in seen][:-1]  # the answers came with their days
    assert type(estimator_for("round_robin", population, population.forgetting)) is OnlineEstimator
    assert type(estimator_for("ours", population, None)) is OnlineEstimator


def test_its_generated_policies_read_the_populations_generator_and_are_left_out_without_one():
    plain = generative_setup(5, seed=0, calibration_students=40, steps=4, transfer=False, forgetting=False)
    assert plain.generator is None
    assert set(run_simulator(plain, 2, 0, PlanConfig(), policies=("round_robin", "ours_generated"))) == {"round_robin"}
    config = generator_config(2.0, seed=0)
    config.epochs, config.net = 1, NetConfig(dim=4, hidden=4, head_hidden=4)
    population = generative_setup(5, seed=0, calibration_students=40, steps=4, transfer=False, forgetting=False,
                                  generator=config, generator_students=30)
    seen = []

    def spy(ctx):
        seen.append((ctx.est.generated.state.t.copy(), ctx.est.online.n.sum()))
        return POLICY_FUNCS["ours_generated"](ctx)

    out = run_simulator(population, 4, 0, PlanConfig(), policies=("ours_network",), extra={"ours_generated": spy})
    assert {"ours_network", "ours_generated"} <= set(out) and len(seen) == 4
    # the generator and the online estimate read every answer before the next item
    assert [(int(t.max()), n) for t, n in seen] == [(0, 0), (1, 5), (2, 10), (3, 15)]
    assert isinstance(estimator_for("ours_network", population, None), GeneratedEstimator)
    assert isinstance(estimator_for("ours_generated", population, None), BlendedEstimator)
    assert len(population.neighbour_pool.task) == 30  # the generator's training students
    assert estimator_for("ours_neighbours", population, None).pool is population.neighbour_pool
