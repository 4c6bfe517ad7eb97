from types import SimpleNamespace

import numpy as np

from metacore.lab.plan_eval.ceilings import (SimulatorPosteriorCeiling, _resample, ceiling_generative_lookahead,
                                             ceilings)
from metacore.lab.plan_eval.harness import run_simulator
from metacore.lab.plan_eval.policies import round_robin
from metacore.lab.plan_eval.setups import generative_setup
from metacore.lab.simulators import GenerativeConfig, GenerativeSimulator, mean_on_goals
from metacore.planner import PlanConfig


def test_its_simulator_ceilings_are_never_below_round_robin_for_any_student():
    population = generative_setup(30, seed=0, calibration_students=50, steps=10, transfer=False)
    sim = population.sim
    extra = ceilings(sim, 8)
    privileged = ("ceiling_simulator_lookahead", "ceiling_simulator_sequence")
    assert set(extra) == {"ceiling_ours_true_state", "ceiling_simulator_posterior", *privileged}
    out = run_simulator(population, 8, 0, PlanConfig(), policies=("round_robin", "ours"), extra=extra)
    assert out["ours_vs_best_other"]["best_other"] == "round_robin"  # a ceiling is never ours' rival
    ends = {}  # student by student: the same students, each policy from the start
    for name in ("round_robin", *privileged):
        assert name == "round_robin" or out[name]["gain"] > out["round_robin"]["gain"]
        sim.reset()
        ctx = SimpleNamespace(goals=sim.goals, candidates=np.ones_like(sim.goals), t=0)
        for t in range(8):
            ctx.t = t
            k = round_robin(sim.goals, t) if name == "round_robin" else extra[name](ctx)
            sim.step(k, np.zeros(sim.n_students))
        ends[name] = mean_on_goals(sim.p_correct(), sim.goals)
    for name in privileged:
        gained = ends[name] - ends["round_robin"]
        assert np.all(gained >= -1e-12) and np.any(gained > 1e-6), name
    assert ends["ceiling_simulator_sequence"].mean() >= ends["ceiling_simulator_lookahead"].mean()


def test_its_posterior_ceiling_is_the_lookahead_when_every_student_is_alike():
    alike = GenerativeConfig(ability_sd=0.0, skill_sd=0.0, learn_sd=0.0, stability_sd=0.0,
                             growth_sd=0.0)  # the prior is the truth
    sim = GenerativeSimulator(12, seed=0, config=alike)
    posterior = SimulatorPosteriorCeiling(sim, 6, particles=5, draws=3)
    lookahead = ceiling_generative_lookahead(sim, 6)
    ctx = SimpleNamespace(goals=sim.goals, candidates=np.ones_like(sim.goals), t=0, prev=None, prev_y=None)
    for t in range(6):
        ctx.t = t
        k = posterior(ctx)
        np.testing.assert_array_equal(k, lookahead(ctx))
        ctx.prev, ctx.prev_y = k, sim.step(k, np.full(12, 0.5))


def test_its_resampling_keeps_each_draws_share_of_the_weight():
    log_w = np.log(np.array([[0.5, 0.25, 0.25, 1e-300], [1e-300, 1e-300, 1.0, 1e-300]]))
    picks = _resample(log_w, 4, seed=0)
    assert [list(np.bincount(r, minlength=4)) for r in picks] == [[2, 1, 1, 0], [0, 0, 4, 0]]


def test_its_posterior_ceiling_learns_each_student_from_the_answers():
    B, K, steps = 40, 300, 30
    sim = GenerativeSimulator(B, seed=2)
    policy = SimulatorPosteriorCeiling(sim, steps + 1, particles=K, draws=2)
    ctx = SimpleNamespace(goals=sim.goals, candidates=sim.goals, t=0, prev=None, prev_y=None)
    rng = np.random.default_rng(0)
    for t in range(steps + 1):  # the call at `steps` weighs the particles by all `steps` answers
        ctx.t = t
        k = policy(ctx)
        truth = sim.p_correct()
        ctx.prev, ctx.prev_y = k, sim.step(k, rng.random(B))
    w = np.exp(policy.log_w - policy.log_w.max(1, keepdims=True))
    p = policy.twin.p_correct().reshape(B, K, -1)  # (B, K, S) each particle's P now
    posterior = (w[:, :, None] * p).sum(1) / w.sum(1)[:, None]
    error = np.abs(posterior - truth)[sim.goals].mean()
    prior_error = np.abs(p.mean(1) - truth)[sim.goals].mean()
    assert error < 0.6 * prior_error
