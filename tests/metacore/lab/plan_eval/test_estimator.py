import math

import numpy as np
import pytest

from metacore.lab.plan_eval.estimator import OnlineEstimator


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
