import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from metacore.plan_eval import POLICIES, OnlineEstimator, bootstrap_gains, normalised_gain, population_priors
from tests.metacore.synthetic import synthetic

ROOT = Path(__file__).resolve().parents[2]


def write_three_line(path, data):
    with open(path, "w") as f:
        for skills, correct in data.sequences():
            f.write(f"{len(skills)}\n{','.join(map(str, skills))}\n{','.join(str(int(c)) for c in correct)}\n")


def test_it_grades_every_policy_on_both_simulators_from_the_command_line(tmp_path):
    train = tmp_path / "train.csv"
    write_three_line(train, synthetic(n_students=60, n_skills=6, seed=0, min_len=10, max_len=30))
    out = tmp_path / "out.json"
    done = subprocess.run([sys.executable, "-m", "metacore.plan_eval", "--students", "20", "--steps", "10",
                           "--seed", "1", "--dkt-train", str(train), "--dkt-epochs", "1", "--dkt-hidden", "8",
                           "--dkt-cache", "", "--bench-students", "200", "--ceilings", "--json", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    doc = json.loads(out.read_text())
    assert doc["plan_ms_one_student"] > 0 and doc["plans_10k_seconds"] > 0
    for sim in ("generative", "dkt"):
        for policy in POLICIES:
            r = doc[sim][policy]
            assert set(r) >= {"gain", "gain_ci95", "in_band"}
            lo, hi = r["gain_ci95"]
            assert lo <= r["gain"] + 1e-9 and r["gain"] <= hi + 1e-9 and 0 <= r["in_band"] <= 1
        assert doc[sim]["random"]["pre"] == doc[sim]["ours"]["pre"]  # the same students for every policy
        assert doc[sim]["ours_vs_best_other"]["best_other"] in POLICIES
        assert {"ceiling_ours_true_state", "ceiling_simulator_lookahead"} <= set(doc[sim]["ceilings"])
        assert not any(k.startswith("ceiling_") for k in doc[sim])  # apart from the graded policies
    assert "gain_ci95" in doc["dkt"]["ceilings"]["ceiling_second_dkt_lookahead"]
    assert doc["dkt"]["params"]["second_dkt"]["seed"] == 1


def test_its_normalised_gain_is_hakes():
    pre, post = np.array([0.2, 0.6]), np.array([0.6, 0.8])
    assert normalised_gain(pre, post) == pytest.approx((0.7 - 0.4) / 0.6)
    boot = bootstrap_gains(pre, {"a": post, "b": pre}, n_boot=50)
    assert boot["a"].shape == (50,) and np.all(boot["b"] == 0.0) and np.all(boot["a"] > 0)


def test_its_estimator_makes_a_laplace_step_and_credits_practice():
    est = OnlineEstimator(np.array([0.5, 0.8]), np.array([0.4, 0.0]), n_students=2, v0=1.0, drift=0.1)
    est.update(np.array([0, 0]), np.array([1.0, 0.0]))
    p = 1 / (1 + math.exp(0))  # theta 0 -> P 0.5
    v = 1 / (1 / 1.0 + p * (1 - p))
    np.testing.assert_allclose(est.theta[:, 0], [v * 0.5 + 0.4 * math.log(2), -v * 0.5 + 0.4 * math.log(2)])
    np.testing.assert_allclose(est.var[:, 0], v + 0.1)
    assert est.theta[0, 1] == pytest.approx(math.log(4))  # untouched: the prior
    m = est.model(0)
    assert m.predict([1])[0] == pytest.approx(est.p()[0, 0])
    # its gain: the population learning curve continued from the one answer already seen
    assert m.gain[0] == pytest.approx(0.4 * (math.log(3) - math.log(2)) / math.log(2))


def test_its_population_priors_read_first_attempts_and_learning_curves():
    data = synthetic(n_students=400, n_skills=3, seed=2, min_len=20, max_len=40)
    p0, g0 = population_priors(data)
    assert p0.shape == g0.shape == (3,)
    assert np.all((p0 > 0) & (p0 < 1)) and np.all(g0 > 0)  # the synthetic students learn (0.5 log1p(count))


def test_it_grades_a_policy_that_reads_the_gym_observation():
    from metacore.plan_eval import PlanConfig, generative_setup, obs_policy, run_simulator

    sim, p0, g0 = generative_setup(8, seed=0, calibration_students=50, steps=10)
    seen = []

    def act(obs):  # always the first goal skill
        seen.append(obs)
        return np.argmax(obs[:, 45:], axis=1)

    out = run_simulator(sim, p0, g0, 4, 0, PlanConfig(), policies=("round_robin",), extra={"first_goal": obs_policy(act)})
    assert set(out) >= {"round_robin", "first_goal"} and len(seen) == 4
    assert seen[0].shape == (8, 60) and seen[0][:, :45].sum() == 0  # nothing observed yet
    last = seen[-1]
    goal = np.argmax(last[:, 45:], axis=1)
    np.testing.assert_array_equal(last[np.arange(8), 30 + goal], 1.0)  # practised one item ago: recency 1
    np.testing.assert_array_equal(last[np.arange(8), goal] + last[np.arange(8), 15 + goal], 3.0)


def test_its_estimator_shares_a_students_ability_across_skills():
    est = OnlineEstimator(np.array([0.5, 0.5, 0.5]), np.zeros(3), n_students=2, v0=1.5, drift=0.0, ability_var=0.6)
    est.update(np.array([0, 0]), np.array([1.0, 0.0]))
    # a right answer on skill 0 raises the estimate of the unseen skills, a wrong one lowers it
    assert est.theta[0, 1] > 0 > est.theta[1, 1] and est.theta[0, 2] == pytest.approx(est.theta[0, 1])
    # the answered skill moves as in the one-skill Laplace step, the others by their covariance share
    v = 1 / (1 / 1.5 + 0.25)
    assert est.theta[0, 0] == pytest.approx(v * 0.5) and est.theta[0, 1] == pytest.approx(0.6 / 1.5 * v * 0.5)
    assert est.var[0, 0] == pytest.approx(v) and np.all(est.var[:, 1:] < 1.5)
    np.testing.assert_allclose(est.cov[0], est.cov[0].T)


def test_its_ability_variance_reads_the_spread_of_first_attempts():
    from metacore.data import from_sequences
    from metacore.plan_eval import ability_variance

    rng = np.random.default_rng(0)
    S, n = 8, 1500
    for sd in (0.0, 1.2):
        a = rng.normal(0, sd, n)
        correct = rng.random((n, S)) < 1 / (1 + np.exp(-a[:, None]))  # every skill at P 0.5 for an average student
        data = from_sequences(((np.arange(1, S + 1), correct[b].astype(np.float32)) for b in range(n)), n_skills=S)
        p0 = correct.mean(0)
        assert ability_variance(data, p0) == pytest.approx(sd ** 2, abs=0.15)


def test_its_weighted_score_is_alosis_score_in_log_odds():
    from metacore.plan_eval import Context, PlanConfig, policy_weighted_score

    # skills: 0 a prerequisite of 1; 2 independent. estimated P 0.3, 0.2 and 0.85
    est = OnlineEstimator(np.array([0.3, 0.2, 0.85]), np.zeros(3), n_students=1, v0=1e-9)
    prereq = np.zeros((3, 3), dtype=bool)
    prereq[0, 1] = True
    ctx = Context(est=est, goals=np.array([[False, True, True]]), candidates=np.ones((1, 3), dtype=bool),
                  prereq=prereq, since=np.full((1, 3), np.inf), succ=np.zeros((1, 3)), fail=np.zeros((1, 3)),
                  prev=np.array([-1]), t=0, rng=np.random.default_rng(0), config=PlanConfig())
    # 1 needs most remediation but its prerequisite is far from mastered: the readiness penalty sends it to 0
    assert policy_weighted_score(ctx)[0] == 0
    ctx.prev = np.array([2])  # continuity (+1 in log-odds units) does not outweigh remediation
    assert policy_weighted_score(ctx)[0] == 0


def test_its_transfer_fit_finds_a_planted_cross_skill_effect():
    from metacore.data import from_sequences
    from metacore.plan_eval import fit_transfer

    # every student alternates skills 1 and 2; a right answer on 1 makes the next answer on 2 likelier
    rng = np.random.default_rng(0)
    seqs = []
    for _ in range(400):
        sk, co, last = [], [], 0.0
        for t in range(20):
            s = 1 + t % 2
            p = 0.5 if s == 1 else (0.8 if last > 0 else 0.3)
            y = float(rng.random() < p)
            sk.append(s)
            co.append(y)
            if s == 1:
                last = y
        seqs.append((np.array(sk), np.array(co, dtype=np.float32)))
    data = from_sequences(seqs, n_skills=2)
    cross = fit_transfer(data, decay=0.3)
    assert cross.shape == (2, 2, 2)
    assert cross[0, 0, 1] - cross[1, 0, 1] > 1.0  # right vs wrong on skill 1 -> skill 2's logit
    assert abs(cross[0, 1, 0] - cross[1, 1, 0]) < 0.5  # nothing planted the other way


def test_its_simulator_ceilings_are_never_below_round_robin_for_any_student():
    from types import SimpleNamespace

    from metacore.plan_eval import PlanConfig, ceilings, generative_setup, goal_mean, round_robin, run_simulator

    sim, p0, g0 = generative_setup(30, seed=0, calibration_students=50, steps=10, transfer=False)
    extra = ceilings(sim, 8)
    privileged = ("ceiling_simulator_lookahead", "ceiling_simulator_sequence")
    assert set(extra) == {"ceiling_ours_true_state", "ceiling_simulator_posterior", *privileged}
    out = run_simulator(sim, p0, g0, 8, 0, PlanConfig(), policies=("round_robin", "ours"), extra=extra)
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
        ends[name] = goal_mean(sim.p_correct(), sim.goals)
    for name in privileged:
        gained = ends[name] - ends["round_robin"]
        assert np.all(gained >= -1e-12) and np.any(gained > 1e-6), name
    assert ends["ceiling_simulator_sequence"].mean() >= ends["ceiling_simulator_lookahead"].mean()


def test_its_posterior_ceiling_is_the_lookahead_when_every_student_is_alike():
    from types import SimpleNamespace

    from metacore.plan_eval import ceiling_generative_lookahead, ceiling_simulator_posterior
    from metacore.simulators import GenerativeConfig, GenerativeSimulator

    alike = GenerativeConfig(ability_sd=0.0, skill_sd=0.0, learn_sd=0.0, forget_sd=0.0)  # the prior is the truth
    sim = GenerativeSimulator(12, seed=0, config=alike)
    posterior, lookahead = ceiling_simulator_posterior(sim, 6, particles=5, draws=3), ceiling_generative_lookahead(sim, 6)
    ctx = SimpleNamespace(goals=sim.goals, candidates=np.ones_like(sim.goals), t=0, prev=None, prev_y=None)
    for t in range(6):
        ctx.t = t
        k = posterior(ctx)
        np.testing.assert_array_equal(k, lookahead(ctx))
        ctx.prev, ctx.prev_y = k, sim.step(k, np.full(12, 0.5))


def test_its_resampling_keeps_each_draws_share_of_the_weight():
    from metacore.plan_eval import _resample

    log_w = np.log(np.array([[0.5, 0.25, 0.25, 1e-300], [1e-300, 1e-300, 1.0, 1e-300]]))
    picks = _resample(log_w, 4, seed=0)
    assert [list(np.bincount(r, minlength=4)) for r in picks] == [[2, 1, 1, 0], [0, 0, 4, 0]]


def test_its_posterior_ceiling_learns_each_student_from_the_answers():
    from types import SimpleNamespace

    from metacore.plan_eval import ceiling_simulator_posterior
    from metacore.simulators import GenerativeSimulator

    B, K, steps = 40, 300, 30
    sim = GenerativeSimulator(B, seed=2)
    policy = ceiling_simulator_posterior(sim, steps + 1, particles=K, draws=2)
    ctx = SimpleNamespace(goals=sim.goals, candidates=sim.goals, t=0, prev=None, prev_y=None)
    rng = np.random.default_rng(0)
    for t in range(steps + 1):  # the call at `steps` weighs the particles by all `steps` answers
        ctx.t = t
        k = policy(ctx)
        truth = sim.p_correct()
        ctx.prev, ctx.prev_y = k, sim.step(k, rng.random(B))
    w = np.exp(policy.posterior["log_w"] - policy.posterior["log_w"].max(1, keepdims=True))
    p = policy.posterior["twin"].p_correct().reshape(B, K, -1)  # (B, K, S) each particle's P now
    posterior = (w[:, :, None] * p).sum(1) / w.sum(1)[:, None]
    error = np.abs(posterior - truth)[sim.goals].mean()
    prior_error = np.abs(p.mean(1) - truth)[sim.goals].mean()
    assert error < 0.6 * prior_error


def test_its_dkt_students_start_from_the_held_out_file_beside_the_training_file(tmp_path):
    from metacore.plan_eval import ASSIST, held_out_beside

    assert held_out_beside(ASSIST).endswith("assist2009/test.csv.gz")  # the shipped copy is gzipped
    train = tmp_path / "train.csv"
    train.write_text("1\n1\n1\n")
    assert held_out_beside(str(train)) == str(train)  # no test file: the training file itself
    (tmp_path / "test.csv").write_text("1\n1\n0\n")
    assert held_out_beside(str(train)) == str(tmp_path / "test.csv")
