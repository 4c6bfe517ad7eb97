import math

import numpy as np
import pytest

from metacore.data import from_sequences
from metacore.online_estimate import OnlineEstimator
from metacore.lab.plan_eval.forgetting import ForgettingConfig, ForgettingEstimator, fit_forgetting, read_history

P0, G0 = np.array([0.5, 0.5]), np.array([0.6, 0.0])


def estimators(**kw):
    """An OnlineEstimator and a ForgettingEstimator of the same two students, each answered right on skill 0 on
    day 2."""
    config = ForgettingConfig(**kw)
    plain = OnlineEstimator(P0, G0 * config.gain_scale, n_students=2)
    forget = ForgettingEstimator(P0, G0, n_students=2, forgetting=config)
    for est in (plain, forget):
        est.update(np.array([0, 0]), np.array([1.0, 1.0]), day=2)
    return plain, forget


def test_it_keeps_nine_tenths_of_what_practice_taught_after_stability_days():
    plain, est = estimators(stability=4.0, growth=0.0, forget_var=0.25, gain_scale=1.5)
    credit = 0.6 * 1.5 * math.log(2)  # the learning curve's credit for the first answer
    assert est.credit[0, 0] == pytest.approx(credit) and est.last_day[0, 0] == 2
    theta, var = est.on(2 + 4.0).faded()
    np.testing.assert_allclose(theta[:, 0], plain.theta[:, 0] - 0.1 * credit)
    np.testing.assert_allclose(var[:, 0], plain.var[:, 0] + 0.25 * 0.1)
    assert theta[0, 1] == plain.theta[0, 1] and var[0, 1] == plain.var[0, 1]  # never practised: nothing fades
    np.testing.assert_allclose(est.on(2).faded()[0], plain.theta)  # the same day: nothing lost yet
    m, g, v = est.on(2 + 4.0).arrays()
    np.testing.assert_allclose(m, theta)
    np.testing.assert_allclose(v, var)
    np.testing.assert_allclose(g, plain.arrays()[1])
    assert est.p()[0, 0] < plain.p()[0, 0]


def test_it_can_fade_the_logit_above_its_anchor_instead():
    plain, est = estimators(stability=4.0, growth=0.0, forget_var=0.0, fades="above")
    learned = plain.theta[0, 0]  # above the prior logit 0
    assert learned > 0 and est.on(6).faded()[0][0, 0] == pytest.approx(0.9 * learned)
    below = ForgettingEstimator(P0[:1], np.zeros(1), n_students=1,
                                forgetting=ForgettingConfig(stability=1.0, growth=0.0, fades="above"))
    below.update(np.array([0]), np.array([0.0]), day=0)
    assert below.theta[0, 0] < 0 and below.on(50).faded()[0][0, 0] == below.theta[0, 0]  # below: kept


def test_its_fading_becomes_lasting_at_the_next_answer():
    plain, est = estimators(stability=4.0, growth=0.0, forget_var=0.0)
    credit = est.credit[0, 0]
    est.update(np.array([0, 0]), np.array([0.0, 0.0]), day=2 + 36.0)  # R = 1 / (1 + 36 / 36) = 0.5
    plain.theta[:, 0] -= 0.5 * credit
    plain.update(np.array([0, 0]), np.array([0.0, 0.0]))
    np.testing.assert_allclose(est.theta, plain.theta)  # updated as the plain one from the faded logit
    assert est.credit[0, 0] == pytest.approx(0.5 * credit + 0.6 * (math.log(3) - math.log(2)))


def test_practice_grows_stability_more_when_likely_right_and_after_a_gap():
    _, est = estimators(stability=3.0, growth=0.2, spacing=5.0)
    assert est.stability[0, 0] == pytest.approx(3.0 * (1 + 0.2 * 0.5))  # P = 0.5 before the first answer
    s1 = est.stability[0, 0]
    twin = ForgettingEstimator(P0, G0, n_students=2, forgetting=est.f)
    twin.__dict__.update({k: v.copy() for k, v in est.__dict__.items() if isinstance(v, np.ndarray)})
    twin.update(np.array([0, 0]), np.array([1.0, 1.0]), day=2)  # the same day: R = 1
    est.update(np.array([0, 0]), np.array([1.0, 1.0]), day=2 + s1)  # R = 0.9
    assert s1 < twin.stability[0, 0] < est.stability[0, 0]


def test_it_fits_the_constants_that_predict_calibration_answers_best():
    rng = np.random.default_rng(0)
    n, steps, days = 300, 12, np.repeat(np.arange(6) * 10, 2)  # one skill, two items every ten days
    learned = np.zeros(n)
    answers = np.zeros((n, steps))
    for t in range(steps):  # students who learn 1 logit an item and forget it all within the ten days
        answers[:, t] = rng.random(n) < 1 / (1 + np.exp(-learned))
        learned = 0.0 if t % 2 else learned + 1.0
    skills = np.zeros((n, steps), dtype=np.int64)
    grid = {"stability": (1000.0, 0.1), "gain_scale": (2.0,)}
    best, ll = fit_forgetting(skills, answers, days, np.array([0.5]), np.array([1.0]), grid=grid)
    assert best.stability == 0.1 and best.gain_scale == 2.0 and ll < 0


def test_it_reads_a_history_in_order_as_one_answer_at_a_time_would():
    history = from_sequences([(np.array([1, 2, 1]), np.array([1, 0, 0])), (np.array([2]), np.array([1]))],
                             n_skills=2)
    batched, single = OnlineEstimator(P0, G0, 2, ability_var=0.3), OnlineEstimator(P0, G0, 2, ability_var=0.3)
    read_history(batched, history)
    for b, (sk, co) in enumerate(history.sequences()):
        for s, y in zip(sk - 1, co):
            single.update(np.array([s]), np.array([float(y)]), np.array([b]))
    np.testing.assert_allclose(batched.theta, single.theta)
    np.testing.assert_allclose(batched.cov, single.cov)
