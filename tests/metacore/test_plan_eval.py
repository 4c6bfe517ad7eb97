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
                           "--dkt-cache", "", "--bench-students", "200", "--json", str(out)],
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
