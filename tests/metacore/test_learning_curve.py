import numpy as np

from metacore.data import from_sequences
from metacore.functional import logit, sigmoid
from metacore.learning_curve import curve_gain, curve_step, fit_learning_curves
from tests.metacore.synthetic import synthetic


def test_it_reads_first_attempts_and_the_slope_of_the_learning_curve():
    data = synthetic(n_students=400, n_skills=3, seed=2, min_len=20, max_len=40)
    p0, g0 = fit_learning_curves(data)
    assert p0.shape == g0.shape == (3,)
    assert np.all((p0 > 0) & (p0 < 1)) and np.all(g0 > 0)  # the synthetic students learn (0.5 log1p(count))


def test_it_finds_an_exact_curve_and_gives_an_unseen_skill_the_all_skill_curve():
    j = np.arange(10)
    rate = sigmoid(-1.0 + 0.8 * np.log1p(j))  # the j-th attempt's success, as a fractional score
    one = (np.ones(10, dtype=np.int64), rate.astype(np.float32))
    p0, g0 = fit_learning_curves(from_sequences([one], n_skills=1), strength=0.0)
    assert np.isclose(p0[0], rate[0], atol=1e-6) and np.isclose(g0[0], 0.8, atol=1e-4)
    _, shrunk = fit_learning_curves(from_sequences([one], n_skills=2), strength=20.0)
    overall = (rate + 1) / 3  # every skill's success on the j-th attempt, one pseudo-response each way
    assert np.isclose(shrunk[1], np.polyfit(np.log1p(j), logit(overall), 1)[0])  # skill 2 is never practised


def test_its_gain_rises_as_far_as_the_curve_from_the_students_count():
    slope, counts = np.array([1.0, 0.5]), np.array([[0, 1], [3, 0]])
    gain = curve_gain(slope, counts)
    assert np.allclose(gain * np.log(2), slope * (np.log1p(counts + 1) - np.log1p(counts)))
    assert np.isclose(gain[0, 0], 1.0) and np.isclose(gain[1, 1], 0.5)
    assert np.allclose(curve_step(slope, counts), gain * np.log(2))
