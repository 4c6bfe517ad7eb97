import numpy as np
import pytest
import torch

from metacore.data import from_sequences
from metacore.encoder import (FEATURES, N_FEATURES, HistoryState, InteractionEncoder, dataset_features,
                              embed_interactions, history_features, prefix_features)

from .synthetic import synthetic, with_times


def test_it_computes_the_history_features_of_a_small_example():
    data = from_sequences([([1, 2, 1, 1, 2], [1, 0, 0, 1, 1])], n_skills=2)
    f = history_features(data.skills, data.correct, data.offsets)
    assert f.shape == (5, N_FEATURES)
    col = {name: f[:, i] for i, name in enumerate(FEATURES)}
    assert np.expm1(col["log_succ"]).round().tolist() == [0, 0, 1, 1, 0]
    assert np.expm1(col["log_fail"]).round().tolist() == [0, 0, 0, 1, 1]
    assert col["seen"].tolist() == [0, 0, 1, 1, 1]
    assert np.expm1(col["log_gap"]).round().tolist() == [0, 0, 2, 1, 3]
    assert col["last_answer"].tolist() == [0, 0, 1, 0, 0]
    assert col["repeat"].tolist() == [0, 0, 0, 1, 0]
    assert np.expm1(col["log_t"]).round().tolist() == [0, 1, 2, 3, 4]
    assert np.allclose(col["share_correct"], [1 / 2, 2 / 3, 2 / 4, 2 / 5, 3 / 6])
    assert np.expm1(col["log_streak_right"]).round().tolist() == [0, 0, 1, 0, 0]
    assert np.expm1(col["log_streak_wrong"]).round().tolist() == [0, 0, 0, 1, 1]
    assert col["log_days_gap"].tolist() == col["log_days_prev"].tolist() == [0] * 5  # no times: none


def test_it_reads_the_days_between_responses_from_their_times():
    data = from_sequences([([1, 2, 1, 1, 2], [1, 0, 0, 1, 1])], n_skills=2)
    data.times = np.array([0.0, 1.0, 3.0, 3.5, 10.0]) * 86400.0
    f = dataset_features(data)
    col = {name: f[:, i] for i, name in enumerate(FEATURES)}
    assert np.allclose(np.expm1(col["log_days_gap"]), [0, 0, 3, 0.5, 9])  # since the last practice of the skill
    assert np.allclose(np.expm1(col["log_days_prev"]), [0, 1, 2, 0.5, 6.5])  # since the previous response
    state = HistoryState.from_prefixes(data, np.array([4]))
    assert state.now[0] == 3.5 * 86400.0
    # as of a response about to be answered on day 12: 8.5 days after the last practice of skill 1, 11 of skill 2
    at_day_12 = state.features(np.array([[1, 2]]), at=12 * 86400.0)[0]
    assert np.allclose(np.expm1(at_day_12[:, 10]), [8.5, 11.0]) and np.allclose(np.expm1(at_day_12[:, 11]), 8.5)


@pytest.mark.parametrize("timed", [False, True])
def test_it_gives_the_same_features_incrementally_and_from_prefixes(timed):
    data = synthetic(n_students=12, seed=3)
    if timed:
        data = with_times(data)
    f = dataset_features(data)
    ks = np.minimum(data.lengths, 5)
    from_prefix = HistoryState.from_prefixes(data, ks)
    for s in range(data.n_students):
        skills, correct = data.student(s)
        lo = data.offsets[s]
        times = data.times[lo:lo + len(skills)] if timed else [None] * len(skills)
        state = HistoryState(1, data.n_skills)
        for t, (sk, c) in enumerate(zip(skills, correct)):
            if t == ks[s]:
                assert np.array_equal(state.all_features()[0], from_prefix.all_features()[s])
                q = skills[t:]
                assert np.allclose(prefix_features(skills, correct, f[lo:lo + len(skills)], t, q, data.n_skills,
                                                   times if timed else None), state.features(q), atol=1e-6)
            assert np.allclose(state.features(np.array([sk]), at=times[t])[0], f[lo + t], atol=1e-6)
            state.update(0, int(sk), float(c), times[t])
        back = HistoryState.from_dict(state.to_dict())
        assert np.array_equal(back.all_features(), state.all_features())


def test_it_embeds_every_interaction():
    torch.manual_seed(0)
    data = synthetic(n_students=5)
    enc = InteractionEncoder(data.n_skills, 8)
    emb = embed_interactions(enc, data)
    assert emb.shape == (data.n_interactions, 8) and emb.dtype == np.float32
    f = history_features(data.skills, data.correct, data.offsets)
    with torch.no_grad():
        direct = enc(torch.as_tensor(data.skills[:3]), torch.as_tensor(data.correct[:3]), torch.as_tensor(f[:3]))
    assert np.allclose(emb[:3], direct.numpy())


def test_it_folds_in_one_response_per_row_as_one_at_a_time():
    data = with_times(synthetic(n_students=5, seed=4, min_len=6))
    one, many = HistoryState(5, data.n_skills), HistoryState(5, data.n_skills)
    rows = np.array([3, 0, 4, 1, 2])
    for t in range(6):
        at = data.offsets[rows] + t
        for r, i in zip(rows, at):
            one.update(int(r), int(data.skills[i]), float(data.correct[i]), float(data.times[i]))
        many.update_rows(rows, data.skills[at], data.correct[at], data.times[at])
    assert np.array_equal(one.all_features(), many.all_features())
    assert np.array_equal(one.carry_keys(), many.carry_keys())
    copy = many.rows_copy(np.array([2, 0]))
    copy.update_rows(np.array([0]), np.array([1]), np.array([1.0]))
    assert np.array_equal(copy.all_features()[1], many.all_features()[0])  # row 0, copied and left alone
    assert copy.t[0] == many.t[2] + 1 and many.t[2] == 6  # the copy's change stays in the copy
