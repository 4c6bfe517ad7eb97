import math

import numpy as np
import pytest

from metacore.data import from_sequences
from metacore.learning_curve import fit_learning_curves
from metacore.online_estimate import (OnlineEstimator, ability_variance, blend, estimate_histories,
                                      fit_online_prior, prior_arrays)


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


def test_it_estimates_whole_histories_as_the_online_updates_do_in_batches():
    histories = [(np.array([1, 2, 1]), np.array([1.0, 0.0, 0.5])), (np.array([3]), np.array([0.0])),
                 (np.array([], dtype=np.int64), np.array([])), (np.array([2, 2]), np.array([1.0, 1.0]))]
    data = from_sequences(histories, n_skills=3)
    p0, g0 = np.array([0.4, 0.5, 0.6]), np.array([0.3, 0.0, 0.8])
    m, g, v = estimate_histories(data, p0, g0, ability_var=0.4, max_cells=20)  # two students a batch
    for b, (skills, answers) in enumerate(histories):
        one = OnlineEstimator(p0, g0, 1, ability_var=0.4)
        for s, y in zip(skills, answers):
            one.update(np.array([s - 1]), np.array([y]))
        for got, want in zip((m, g, v), one.arrays()):
            np.testing.assert_allclose(got[b], want[0])


def test_it_blends_mastery_and_variance_with_the_weight_on_the_generated():
    generated, estimate = (np.array([2.0, 0.0]), np.array([0.4, 1.0])), (np.array([0.0, 4.0]), np.array([1.2, 1.0]))
    mastery, variance = blend(generated, estimate, weight=0.25)
    np.testing.assert_allclose(mastery, [0.5, 3.0])
    np.testing.assert_allclose(variance, [1.0, 1.0])


def test_it_fits_the_prior_from_first_attempts_and_the_learning_curve():
    rng = np.random.default_rng(0)
    data = from_sequences(((rng.integers(1, 4, 8), (rng.random(8) < 0.6).astype(float)) for _ in range(40)),
                          n_skills=3)
    prior = fit_online_prior(data)
    p0, g0 = fit_learning_curves(data)
    assert prior == {"first_success": p0.tolist(), "slope": g0.tolist(), "ability_var": ability_variance(data, p0)}
    back = prior_arrays(prior)
    assert np.array_equal(back[0], p0) and np.array_equal(back[1], g0) and back[2] == prior["ability_var"]


def test_its_ability_variance_reads_the_spread_of_first_attempts():
    rng = np.random.default_rng(0)
    S, n = 8, 1500
    for sd in (0.0, 1.2):
        a = rng.normal(0, sd, n)
        correct = rng.random((n, S)) < 1 / (1 + np.exp(-a[:, None]))  # every skill at P 0.5 for an average student
        data = from_sequences(((np.arange(1, S + 1), correct[b].astype(np.float32)) for b in range(n)), n_skills=S)
        p0 = correct.mean(0)
        assert ability_variance(data, p0) == pytest.approx(sd ** 2, abs=0.15)
