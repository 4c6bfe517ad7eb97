import numpy as np
import pytest

from metacore.scoring import accuracy, auc, average_ranks, rmse, scores


def brute_auc(y, p):
    pos, neg = p[y == 1], p[y == 0]
    wins = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return wins / (len(pos) * len(neg))


def test_it_matches_a_brute_force_pair_count_with_ties():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 500).astype(float)
    p = np.round(rng.random(500) * 0.5 + 0.3 * y, 1)  # coarse values: many ties
    assert auc(y, p) == pytest.approx(brute_auc(y, p), abs=1e-12)


def test_it_gives_exact_values_on_small_cases():
    assert auc([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4]) == 1.0
    assert auc([0, 0, 1, 1], [0.4, 0.3, 0.2, 0.1]) == 0.0
    assert auc([0, 1], [0.5, 0.5]) == 0.5
    assert auc([0, 1, 1], [0.2, 0.2, 0.9]) == 0.75
    assert np.isnan(auc([1, 1], [0.1, 0.2]))


def test_it_ignores_nan_predictions():
    assert auc([0, 1, 0, 1], [0.1, 0.9, np.nan, np.nan]) == 1.0
    assert accuracy([0, 1, 1], [0.2, 0.7, np.nan]) == 1.0


def test_it_averages_tied_ranks():
    assert average_ranks(np.array([3.0, 1.0, 3.0, 2.0])).tolist() == [3.5, 1.0, 3.5, 2.0]


def test_it_computes_accuracy_and_rmse():
    y, p = np.array([1, 0, 1, 0]), np.array([0.9, 0.4, 0.2, 0.5])
    assert accuracy(y, p) == 0.5  # 0.5 counts as predicting correct
    assert rmse(y, p) == pytest.approx(np.sqrt((0.01 + 0.16 + 0.64 + 0.25) / 4))
    assert set(scores(y, p)) == {"auc", "acc", "rmse"}
