import dataclasses

import numpy as np
import pytest

from metacore.data import from_sequences, row_positions
from metacore.lab.baselines import BKT, DKT, PFA, ItemPrior, SkillPrior
from tests.metacore.synthetic import with_items


def bkt_students(n_students, length, params, seed, n_skills=1):
    """Sequences drawn from BKT with params = (p_init, p_learn, p_guess, p_slip), skills cycling 1..n_skills."""
    init, learn, guess, slip = params
    rng = np.random.default_rng(seed)
    seqs = []
    for _ in range(n_students):
        known = rng.random(n_skills + 1) < init
        skills, correct = [], []
        for t in range(length):
            s = 1 + t % n_skills
            p = (1 - slip) if known[s] else guess
            skills.append(s)
            correct.append(int(rng.random() < p))
            known[s] = known[s] or rng.random() < learn
        seqs.append((skills, correct))
    return from_sequences(seqs, n_skills=n_skills)


@pytest.fixture(scope="module")
def small():
    train = bkt_students(40, 12, (0.3, 0.2, 0.2, 0.1), seed=0, n_skills=3)
    test = bkt_students(6, 10, (0.3, 0.2, 0.2, 0.1), seed=1, n_skills=3)
    return train, test


MODELS = [SkillPrior, ItemPrior, PFA, BKT, lambda: DKT(hidden=8, emb=4, epochs=2, batch_size=8, window=5)]


@pytest.mark.parametrize("make", MODELS, ids=["prior", "item_prior", "pfa", "bkt", "dkt"])
def test_it_follows_the_tracer_protocol(make, small):
    train, test = small
    model = make().fit(train, test)
    assert isinstance(model.name, str)
    p = model.predict_next(test)
    assert p.shape == (test.n_interactions,) and np.all((p > 0) & (p < 1))
    # causal: changing answer r of a student leaves the predictions up to r alone
    flipped = dataclasses.replace(test, correct=test.correct.copy())
    flipped.correct[test.offsets[1] + 4] = 1 - flipped.correct[test.offsets[1] + 4]
    q = model.predict_next(flipped)
    np.testing.assert_allclose(q[: test.offsets[1] + 5], p[: test.offsets[1] + 5], rtol=1e-5)
    # forecast: NaN for the first k rows, then independent of the answers after k
    f = model.forecast(test, 3)
    early = row_positions(test) < 3
    assert np.isnan(f[early]).all() and np.all((f[~early] > 0) & (f[~early] < 1))
    hidden = dataclasses.replace(test, correct=np.where(early, test.correct, 1 - test.correct))
    np.testing.assert_allclose(model.forecast(hidden, 3), f, rtol=1e-5)


def test_it_smooths_the_skill_rate_and_falls_back_to_the_global_rate():
    train = from_sequences([([1, 1, 1, 1, 2], [1, 1, 1, 0, 0])], n_skills=3)
    model = SkillPrior().fit(train)
    test = from_sequences([([1, 2, 3], [0, 0, 0])], n_skills=3)
    np.testing.assert_allclose(model.predict_next(test), [4 / 6, 1 / 3, 3 / 5])
    np.testing.assert_allclose(model.forecast(test, 1), [np.nan, 1 / 3, 3 / 5])


def test_it_rates_each_item_shrunk_to_its_skill_and_falls_back_to_the_skill_rate():
    train = with_items(from_sequences([([1, 1, 1, 1, 2], [1, 1, 1, 0, 0])], n_skills=3), [10, 10, 10, 11, 20])
    model = ItemPrior(strength=2.0).fit(train)
    skill_1 = 4 / 6  # SkillPrior of skill 1: (3 + 1) / (4 + 2)
    test = with_items(from_sequences([([1, 1, 1, 3], [0, 0, 0, 0])], n_skills=3), [10, 11, 12, 30])
    expected = [(3 + 2 * skill_1) / (3 + 2), (0 + 2 * skill_1) / (1 + 2), skill_1, 3 / 5]  # 3 / 5: the global rate
    np.testing.assert_allclose(model.predict_next(test), expected)
    np.testing.assert_allclose(model.forecast(test, 2), [np.nan, np.nan] + expected[2:])


def test_it_is_the_skill_prior_where_a_set_has_no_item_ids():
    train = from_sequences([([1, 1, 2], [1, 0, 0])], n_skills=2)
    model = ItemPrior(strength=2.0).fit(train)
    np.testing.assert_allclose(model.predict_next(train), [(1 + 1) / 4, (1 + 1) / 4, (0 + 1) / 3])


def test_it_learns_that_successes_raise_pfa_predictions():
    train = bkt_students(200, 15, (0.1, 0.3, 0.1, 0.1), seed=2)
    for counts in ("log", "raw"):
        model = PFA(counts=counts).fit(train)
        beta, gamma, rho = model.weights[1]
        assert gamma > 0 and gamma > rho
    test = from_sequences([([1] * 4, [1, 1, 1, 1]), ([1] * 4, [0, 0, 0, 0])], n_skills=1)
    p = model.predict_next(test)
    assert p[0] == p[4]  # same history (none) -> same prediction
    assert np.all(np.diff(p[:4]) > 0) and p[3] > p[7]
    f = model.forecast(test, 2)
    assert f[2] == f[3]  # counts frozen after k responses


def test_it_recovers_bkt_parameters_from_simulated_students():
    truth = (0.3, 0.15, 0.2, 0.1)
    data = bkt_students(600, 25, truth, seed=3)
    model = BKT(pseudo=0.0).fit(data)
    found = [model.theta[p][1] for p in ("p_init", "p_learn", "p_guess", "p_slip")]
    np.testing.assert_allclose(found, truth, atol=0.05)


def test_it_propagates_bkt_knowledge_without_answers_in_forecasts():
    model = BKT().fit(bkt_students(100, 10, (0.2, 0.3, 0.2, 0.1), seed=4))
    test = from_sequences([([1] * 6, [1, 1, 0, 0, 0, 0])], n_skills=1)
    f = model.forecast(test, 2)
    assert np.isnan(f[:2]).all() and np.all(np.diff(f[2:]) > 0)  # only learning after k


def test_it_runs_dkt_over_the_whole_history_without_resets():
    train = bkt_students(20, 12, (0.3, 0.2, 0.2, 0.1), seed=5, n_skills=2)
    model = DKT(hidden=8, emb=4, epochs=1, window=4, seed=0).fit(train)
    test = bkt_students(1, 40, (0.3, 0.2, 0.2, 0.1), seed=6, n_skills=2)
    p = model.predict_next(test)
    flipped = dataclasses.replace(test, correct=test.correct.copy())
    flipped.correct[1] = 1 - flipped.correct[1]
    assert np.abs(model.predict_next(flipped)[8:12] - p[8:12]).min() > 0  # no reset at the training window (4)
    again = DKT(hidden=8, emb=4, epochs=1, window=4, seed=0).fit(train)
    np.testing.assert_array_equal(again.predict_next(test), p)  # seeded


def test_it_learns_easy_and_hard_skills_with_dkt():
    seqs = [([1, 2] * 8, [1, 0] * 8)] * 24
    data = from_sequences(seqs, n_skills=2)
    model = DKT(hidden=8, emb=4, epochs=15, lr=0.05, batch_size=8, seed=0).fit(data)
    p = model.predict_next(data)
    assert p[data.skills == 1].min() > 0.8 and p[data.skills == 2].max() < 0.2
