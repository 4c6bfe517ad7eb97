import numpy as np
import pytest

from metacore.metric import (TaskStats, brute_force_distance, cohorts, mean_task_distance, task_distance,
                             task_stats, topk_nearest)


def random_tasks(seed, n_tasks, dim=5, empty=()):
    rng = np.random.default_rng(seed)
    lengths = rng.integers(1, 9, n_tasks)
    lengths[list(empty)] = 0
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    emb = rng.standard_normal((offsets[-1], dim)) + rng.standard_normal((n_tasks, dim)).repeat(lengths, 0)
    return emb, offsets


def test_it_sums_statistics_per_task_with_empty_tasks():
    emb, offsets = random_tasks(0, 6, empty=(0, 3, 5))
    st = task_stats(emb, offsets)
    for i in range(6):
        x = emb[offsets[i]:offsets[i + 1]]
        assert st.count[i] == len(x)
        np.testing.assert_allclose(st.total[i], x.sum(0), atol=1e-12)
        assert st.sqsum[i] == pytest.approx((x ** 2).sum(), abs=1e-12)


def test_it_matches_the_brute_force_double_sum():
    emb, offsets = random_tasks(1, 7)
    st = task_stats(emb, offsets)
    d, m = task_distance(st, st), mean_task_distance(st, st)
    assert d.shape == (7, 7)
    for i in range(7):
        for j in range(7):
            xi, xj = emb[offsets[i]:offsets[i + 1]], emb[offsets[j]:offsets[j + 1]]
            brute = brute_force_distance(xi, xj)
            assert abs(d[i, j] - brute) <= 1e-9 * max(brute, 1e-300)
            assert abs(m[i, j] - brute / (len(xi) * len(xj))) <= 1e-9 * brute / (len(xi) * len(xj))


def test_it_is_zero_between_identical_single_points_and_inf_for_empty_tasks():
    st = task_stats(np.array([[1.0, 2.0], [1.0, 2.0]]), np.array([0, 1, 2, 2]))
    assert task_distance(st, st)[0, 1] == 0.0
    m = mean_task_distance(st, st)
    assert m[0, 1] == 0.0 and np.isinf(m[2]).all() and np.isinf(m[:, 2]).all()


def brute_topk(query, base, k, exclude_self=False):
    m = mean_task_distance(query, base)
    if exclude_self:
        np.fill_diagonal(m, np.inf)
    idx = np.argsort(m, axis=1, kind="stable")[:, :k]
    return idx, np.take_along_axis(m, idx, 1)


def test_it_ranks_the_same_neighbours_as_a_full_argsort():
    qe, qo = random_tasks(2, 30)
    be, bo = random_tasks(3, 50)
    q, b = task_stats(qe, qo), task_stats(be, bo)
    idx, dist = topk_nearest(q, b, k=6)
    want_idx, want_dist = brute_topk(q, b, 6)
    assert idx.dtype == np.int64 and idx.shape == (30, 6)
    np.testing.assert_array_equal(idx, want_idx)
    np.testing.assert_allclose(dist, want_dist, rtol=1e-9)


def test_it_gives_the_same_answer_in_chunks():
    e, o = random_tasks(4, 40)
    st = task_stats(e, o)
    whole = topk_nearest(st, st, k=5)
    chunked = topk_nearest(st, st, k=5, chunk=7)
    np.testing.assert_array_equal(whole[0], chunked[0])
    np.testing.assert_array_equal(whole[1], chunked[1])


def test_it_excludes_each_task_from_its_own_neighbours():
    e, o = random_tasks(5, 25)
    st = task_stats(e, o)
    idx, dist = topk_nearest(st, st, k=4, exclude_self=True)
    assert not (idx == np.arange(25)[:, None]).any()
    want_idx, _ = brute_topk(st, st, 4, exclude_self=True)
    np.testing.assert_array_equal(idx, want_idx)
    assert (np.diff(dist, axis=1) >= 0).all()


def test_it_ranks_empty_base_tasks_last_and_checks_k():
    e, o = random_tasks(6, 10, empty=(2, 4))
    st = task_stats(e, o)
    idx, dist = topk_nearest(st, st, k=9, exclude_self=True)
    ok = np.setdiff1d(np.arange(10), [2, 4])
    assert set(idx[ok, -2:].ravel()) == {2, 4} and np.isinf(dist[ok, -2:]).all()
    with pytest.raises(ValueError):
        topk_nearest(st, st, k=10, exclude_self=True)


def test_it_recovers_well_separated_blobs_exactly():
    rng = np.random.default_rng(7)
    centres = np.array([[0, 0, 0], [20, 0, 0], [0, 20, 0], [0, 0, 20]], dtype=float)
    truth = np.repeat(np.arange(4), 30)
    points = centres[truth] + rng.standard_normal((120, 3))
    labels, found = cohorts(points, 4, seed=0, chunk=16)
    assert labels.shape == (120,) and found.shape == (4, 3)
    mapping = {t: labels[truth == t][0] for t in range(4)}
    assert len(set(mapping.values())) == 4
    np.testing.assert_array_equal(labels, [mapping[t] for t in truth])
    again, _ = cohorts(points, 4, seed=0)
    np.testing.assert_array_equal(labels, again)


def test_it_builds_task_stats_by_hand():
    st = TaskStats(count=np.array([2.0]), total=np.array([[2.0, 0.0]]), sqsum=np.array([2.0]))
    np.testing.assert_array_equal(st.means(), [[1.0, 0.0]])
    assert st.spread()[0] == 1.0 and len(st) == 1 and st.dim == 2


def test_it_scans_large_problems_in_float32_and_rescores_exactly():
    e, o = random_tasks(8, 2100)  # 2100 x 2100 > 4M pairs: the float32 path, in chunks
    st = task_stats(e, o)
    idx, dist = topk_nearest(st, st, k=3, chunk=500, exclude_self=True)
    want_idx, want_dist = brute_topk(st, st, 3, exclude_self=True)
    assert (idx == want_idx).mean() > 0.999  # a float32 near-tie may swap a pair
    np.testing.assert_allclose(np.sort(dist, 1), np.sort(want_dist, 1), rtol=1e-5)
    np.testing.assert_allclose(dist, mean_task_distance(st, st)[np.arange(2100)[:, None], idx], rtol=1e-12)
