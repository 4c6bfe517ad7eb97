import copy

import numpy as np
import torch

from metacore.data import from_sequences
from metacore.generator import MetaCoreNet, NetConfig, OnlineStudent
from metacore.encoder import embed_interactions
from metacore.lab.plan_eval.generated import (DAY, NEIGHBOUR_REFRESH, BlendedEstimator, GeneratedEstimator,
                                              NeighbourPool, generator_config, neighbour_pool,
                                              policy_network_lookahead, seconds_of, train_generator,
                                              with_calendar_times)
from metacore.metric import TaskStats, mean_task_distance, task_stats
from metacore.lab.plan_eval.policies import Context
from metacore.online_estimate import OnlineEstimator, fit_online_prior
from metacore.planner import PlanConfig
from tests.metacore.synthetic import synthetic


def tiny_net(n_skills=6, seed=0):
    torch.manual_seed(seed)
    net = MetaCoreNet(n_skills, NetConfig(dim=8, hidden=12, head_hidden=10, dropout=0.0)).eval()
    for p in net.parameters():  # some start at zero (the carry, the stability head): make every part count
        torch.nn.init.normal_(p, std=0.3)
    return net


def answered(est, n, steps, seed=0):
    rng = np.random.default_rng(seed)
    asked = []
    for t in range(steps):
        skills, y = rng.integers(0, est.net.n_skills, n), rng.integers(0, 2, n).astype(np.float32)
        est.update(skills, y, day=t // 2)
        asked.append((skills, y, t // 2))
    return asked


def p_next(est):
    """(B, S) each student's generated P of the next response on every skill (the carry included)."""
    a = est.generated()
    logit = est.net.prob_logit(torch.as_tensor(a["mastery"] + a["carry"]), torch.as_tensor(a["variance"]))
    return torch.sigmoid(logit).numpy()


def test_it_follows_each_student_as_the_sites_online_student_does():
    net = tiny_net()
    est = GeneratedEstimator(net, 3)
    asked = answered(est, 3, 6)
    m, g, v = est.arrays()
    for b in range(3):
        online = OnlineStudent(net)
        for t, (skills, y, day) in enumerate(asked):
            model = online.update(int(skills[b]) + 1, float(y[b]), time=float(seconds_of(day, t)))
        assert np.allclose(model.mastery, m[b], atol=1e-5) and np.allclose(model.gain, g[b], atol=1e-5)
        assert np.allclose(model.variance, v[b], atol=1e-6)
        assert np.allclose(model.stability, est.stability[b], atol=1e-4)


def test_it_takes_the_gain_from_the_learning_curve_at_each_students_count_when_given_one():
    net, curve = tiny_net(), np.linspace(0.2, 0.7, 6)
    own, site = GeneratedEstimator(net, 3), GeneratedEstimator(net, 3, curve=curve)
    answered(own, 3, 6)
    answered(site, 3, 6)
    (m, g, v), (m2, g2, v2) = own.arrays(), site.arrays()
    assert np.array_equal(m, m2) and np.array_equal(v, v2) and not np.allclose(g, g2)
    n = site.state.count[:, 1:]
    assert n.sum() == 18 and np.allclose(g2, curve * (np.log1p(n + 1) - np.log1p(n)) / np.log(2))


def test_its_blend_reads_the_generated_models_and_the_online_estimate_as_the_sites_plans_do():
    net = tiny_net()
    prior = {"first_success": [0.3, 0.4, 0.5, 0.6, 0.7, 0.8], "slope": [0.5] * 6, "ability_var": 0.2}
    blended = BlendedEstimator(net, 3, prior, weight=0.25)
    alone = GeneratedEstimator(net, 3, curve=np.full(6, 0.5))
    online = OnlineEstimator(np.array(prior["first_success"]), np.full(6, 0.5), 3, ability_var=0.2)
    for skills, y, day in answered(alone, 3, 5):
        blended.update(skills, y, day=day)
        online.update(skills, y)
    (m, g, v), (gm, gg, gv), (om, og, ov) = blended.arrays(), alone.arrays(), online.arrays()
    assert np.allclose(m, 0.25 * gm + 0.75 * om) and np.allclose(v, 0.25 * gv + 0.75 * ov)
    assert np.allclose(g, gg) and np.allclose(g, og)  # both the learning curve's gain at the student's count
    assert np.array_equal(blended.stability, alone.stability) and blended.model(1).stability is not None


def test_it_keeps_each_students_task_statistics_of_the_interactions_it_read():
    net = tiny_net()
    est = GeneratedEstimator(net, 3)
    asked = answered(est, 3, 6)
    data = from_sequences(((np.array([a[0][b] for a in asked]) + 1, np.array([a[1][b] for a in asked]))
                           for b in range(3)), n_skills=6)
    data = with_calendar_times(data, np.array([day for _, _, day in asked]))
    want = task_stats(embed_interactions(net.encoder.interaction, data).astype(np.float64), data.offsets)
    assert np.array_equal(est.task.count, [6, 6, 6])
    assert np.allclose(est.task.total, want.total, atol=1e-5) and np.allclose(est.task.sqsum, want.sqsum, atol=1e-4)


def test_its_neighbour_pool_averages_the_gains_of_the_nearest_students():
    rng = np.random.default_rng(0)
    pool = NeighbourPool(task=TaskStats(count=np.full(5, 4.0), total=rng.normal(size=(5, 3)) * 4,
                                        sqsum=rng.uniform(8, 12, 5)), gain=rng.uniform(0, 1, (5, 2)))
    query = TaskStats(count=np.array([2.0, 0.0]), total=np.array([[1.0, -1.0, 0.5], [0.0, 0.0, 0.0]]),
                      sqsum=np.array([3.0, 0.0]))
    out = pool.gains_near(query, k=2)
    nearest = np.argsort(mean_task_distance(query, pool.task)[0])[:2]
    assert np.allclose(out[0], pool.gain[nearest].mean(0)) and np.isnan(out[1]).all()  # no answer yet: none


def test_its_blend_searches_each_students_neighbours_again_every_few_items():
    net = tiny_net()
    prior = {"first_success": [0.5] * 6, "slope": [0.5] * 6, "ability_var": 0.2}
    pool = neighbour_pool(net, synthetic(n_students=60, n_skills=6, seed=1, min_len=2, max_len=12))
    assert len(pool.task) == 60 and pool.gain.shape == (60, 6)
    est = BlendedEstimator(net, 3, prior, pool=pool)
    assert np.isnan(est.neighbour_gains(0)).all()  # no answer yet
    answered(est.generated, 3, 2)
    assert np.isnan(est.neighbour_gains(NEIGHBOUR_REFRESH - 1)).all()  # not searched again yet
    first = est.neighbour_gains(NEIGHBOUR_REFRESH)
    assert np.allclose(first, pool.gains_near(copy.deepcopy(est.generated.task), k=10))
    answered(est.generated, 3, 10, seed=1)
    assert est.neighbour_gains(2 * NEIGHBOUR_REFRESH - 1) is first
    again = est.neighbour_gains(2 * NEIGHBOUR_REFRESH)
    assert np.allclose(again, pool.gains_near(est.generated.task, k=10)) and not np.allclose(again, first)


def test_it_looks_one_answer_ahead_with_the_network_itself():
    net = tiny_net(seed=1)
    est = GeneratedEstimator(net, 4)
    answered(est, 4, 5, seed=2)
    goals, weights = np.array([[1, 2], [0, 3], [4, 5], [2, 3]]), np.array([[0.5, 0.5], [1.0, 0.0], [0.5, 0.5],
                                                                          [0.25, 0.75]])
    rows = np.arange(4)
    ahead = est.expected_goal_p(3, rows, goals, weights, day=7)
    p_right = p_next(est)[:, 3]
    want = np.zeros(4)
    for y, chance in ((1.0, p_right), (0.0, 1.0 - p_right)):
        after = copy.deepcopy(est)
        after.update(np.full(4, 3), np.full(4, y, np.float32), day=7)
        want += chance * (np.take_along_axis(p_next(after), goals, axis=1) * weights).sum(1)
    assert np.allclose(ahead, want, atol=1e-6)
    subset = est.expected_goal_p(3, np.array([2, 0]), goals[[2, 0]], weights[[2, 0]], day=7)
    assert np.allclose(subset, want[[2, 0]], atol=1e-6)


def test_its_network_lookahead_practises_the_candidate_with_the_best_expected_goals():
    net = tiny_net(seed=2)
    B, S = 3, 6
    est = GeneratedEstimator(net, B)
    answered(est, B, 4)
    goals = np.zeros((B, S), dtype=bool)
    goals[0, [1, 2]] = goals[1, [0]] = goals[2, [3, 4, 5]] = True
    candidates = goals.copy()
    candidates[:, 5] = True
    ctx = Context(est=est, goals=goals, candidates=candidates, prereq=np.zeros((S, S), dtype=bool),
                  since=np.full((B, S), np.inf), succ=np.zeros((B, S)), fail=np.zeros((B, S)), prev=np.full(B, -1),
                  t=4, rng=np.random.default_rng(0), config=PlanConfig(), day=3)
    chosen = policy_network_lookahead(ctx)
    for b in range(B):
        g = np.flatnonzero(goals[b])
        w = np.full((1, len(g)), 1.0 / len(g))
        value = {s: est.expected_goal_p(s, np.array([b]), g[None], w, day=3)[0] for s in np.flatnonzero(candidates[b])}
        assert chosen[b] == max(value, key=value.get)


def test_it_dates_the_calendar_items_and_caches_the_trained_network(tmp_path):
    data = synthetic(n_students=8, n_skills=4, seed=0, min_len=6, max_len=6)
    dated = with_calendar_times(data, np.array([0, 0, 1, 1, 7, 7]))
    assert np.allclose(dated.times[6:12], [16 * 3600 + t + d * DAY for t, d in enumerate([0, 0, 1, 1, 7, 7])])
    config = generator_config(2.0, seed=0)
    config.epochs, config.net = 1, NetConfig(dim=4, hidden=4, head_hidden=4)
    first, prior = train_generator(dated, config, cache=tmp_path)
    assert len(list(tmp_path.glob("generator_*.pt"))) == 1
    again, kept = train_generator(dated, config, cache=tmp_path)  # loaded, not trained again
    for a, b in zip(first.state_dict().values(), again.state_dict().values()):
        assert torch.equal(a, b)
    assert prior == fit_online_prior(dated) and kept == prior
    other = from_sequences(data.sequences(), n_skills=data.n_skills)  # no times: another network
    train_generator(other, config, cache=tmp_path)
    assert len(list(tmp_path.glob("generator_*.pt"))) == 2
