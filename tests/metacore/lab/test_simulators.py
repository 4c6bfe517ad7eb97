import numpy as np
import pytest
import torch

from metacore.data import from_sequences
from metacore.functional import retrievability, sigmoid
from metacore.lab.baselines.dkt import DKTNet
from metacore.lab.simulators import Calendar, DKTSimulator, GenerativeConfig, GenerativeSimulator, layered_dag


def test_its_skill_graph_is_a_layered_dag():
    layer, edges = layered_dag(15, 3, 2, seed=0)
    assert list(np.bincount(layer)) == [5, 5, 5]
    assert (layer[edges[:, 0]] == layer[edges[:, 1]] - 1).all()  # prerequisites one layer below
    assert set(edges[:, 1]) == set(range(5, 15))  # every skill above layer 0 has one


def test_it_is_seeded():
    a, b = GenerativeSimulator(30, seed=4), GenerativeSimulator(30, seed=4)
    np.testing.assert_array_equal(a.p_correct(), b.p_correct())
    np.testing.assert_array_equal(a.goals, b.goals)
    assert (a.goals.sum(1) == 3).all() and not a.goals[:, a.layer == 0].any()


def test_practice_raises_mastery_by_the_documented_amount():
    sim = GenerativeSimulator(20, seed=1)
    p = sim.p_correct()
    s = 6
    expected = sim.rate * sim.gate(p)[:, s] * sim.fit(p[:, s])
    sim.step(np.full(20, s), np.zeros(20))
    np.testing.assert_allclose(sim.learned[:, s], expected)
    assert (sim.p_correct()[:, s] > p[:, s]).all()


def test_its_calendar_skips_weekends_and_a_two_week_holiday():
    cal = Calendar(items_per_day=2, holiday_after=5)
    assert [cal.day_of(t) for t in range(12)] == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 21, 21]  # week 0, holiday, week 3
    np.testing.assert_array_equal(Calendar().day_of(np.array([0, 9, 10, 29, 30, 49])), [0, 4, 7, 18, 35, 46])


def test_its_forgetting_curve_is_fsrs4s():
    assert retrievability(np.array(3.0), np.array(3.0)) == pytest.approx(0.9)
    assert retrievability(np.array(27.0), np.array(3.0)) == pytest.approx(0.5)
    assert retrievability(np.array(0.0), np.array(3.0)) == 1.0


def test_forgetting_lowers_what_was_learned_with_the_days():
    sim = GenerativeSimulator(20, seed=2)
    sim.step(np.full(20, 0), np.zeros(20))  # item 0 on day 0
    learned, p = sim.learned[:, 0].copy(), sim.p_correct()[:, 0]
    for _ in range(9):  # items 1..9: days 0..4
        sim.step(np.full(20, 1), np.zeros(20))
    assert sim.day == 4
    np.testing.assert_allclose(sim.learned[:, 0], learned)  # kept as of its last practice, day 0
    held = learned * retrievability(np.array(4.0), sim.memory.stability[:, 0])
    np.testing.assert_allclose(sim.p_correct()[:, 0], sigmoid(sim.start[:, 0] + held))
    after = sim.p_correct()[:, 0]
    assert (after < p).all() and (after > sigmoid(sim.start[:, 0])).all()  # prior knowledge is kept
    assert (sim.p_correct(day=40)[:, 0] < after).all()  # and it keeps fading without practice


def test_its_stability_grows_with_practice_and_more_after_a_gap():
    sim = GenerativeSimulator(20, seed=2)
    s0 = sim.memory.stability[:, 0].copy()
    massed = sim.advance(sim.memory, np.zeros(20, dtype=np.int64), 0)
    p = sim.p_correct(0)[:, 0]
    np.testing.assert_allclose(massed.stability[:, 0], s0 * (1 + sim.growth * p))  # R = 1: no spacing bonus
    spaced = sim.advance(massed, np.zeros(20, dtype=np.int64), 7)
    again = sim.advance(massed, np.zeros(20, dtype=np.int64), 0)
    grown = spaced.stability[:, 0] / massed.stability[:, 0]
    assert (grown > again.stability[:, 0] / massed.stability[:, 0]).all() and (grown > 1).all()
    np.testing.assert_array_equal(spaced.last[:, 0], 7)


def test_prerequisites_gate_learning():
    sim = GenerativeSimulator(2, seed=3, config=GenerativeConfig(skill_sd=0.0, ability_sd=0.0, learn_sd=0.0))
    dep = int(sim.edges[0, 1])
    pres = sim.edges[sim.edges[:, 1] == dep, 0]
    sim.start[0, pres] = 3.0  # student 0 knows the prerequisites, student 1 does not
    sim.start[1, pres] = -3.0
    sim.step(np.full(2, dep), np.zeros(2))
    assert sim.learned[0, dep] > 5 * sim.learned[1, dep] > 0


def test_far_too_hard_or_too_easy_practice_teaches_less():
    sim = GenerativeSimulator(1, seed=0)
    p = np.array([0.05, 0.5, 0.7, 0.99])
    fit = sim.fit(p)
    assert fit[2] == pytest.approx(1.0) and fit[0] < 0.2 and fit[3] < 0.3 and fit[1] > 0.8


def tiny_dkt(n_skills=5):
    torch.manual_seed(0)
    return DKTNet(n_skills, 8, 16, 1, 0.0).eval()


def test_the_dkt_simulator_follows_the_networks_predictions():
    net = tiny_dkt()
    prefixes = from_sequences([([1, 2, 2], [1, 0, 1]), ([3], [0])], n_skills=5)
    goals = np.zeros((2, 5), dtype=bool)
    goals[:, [1, 4]] = True
    sim = DKTSimulator(net, prefixes, goals, np.array([[0, 1]]))
    p0 = sim.p_correct().copy()
    with torch.no_grad():  # student 1's state = the LSTM run over start + its prefix
        x = torch.cat([net.start.view(1, 1, -1), net.embed(torch.tensor([[3]]), torch.tensor([[0.0]]))], 1)
        h, _ = net.lstm(x)
        want = torch.sigmoid(net.out(h[0, -1]))[1:].numpy()
    np.testing.assert_allclose(p0[1], want, rtol=1e-5)
    y = sim.step(np.array([0, 4]), np.array([0.0, 0.999999]))  # u = 0: right; u ~ 1: wrong
    assert list(y) == [1.0, 0.0]
    assert not np.allclose(sim.p_correct(), p0)
    sim.reset()
    np.testing.assert_allclose(sim.p_correct(), p0)


def test_the_dkt_simulators_expected_goal_p_averages_both_answers():
    net = tiny_dkt()
    prefixes = from_sequences([([1, 2, 2], [1, 0, 1]), ([3], [0])], n_skills=5)
    goals = np.zeros((2, 5), dtype=bool)
    goals[0, [1, 4]] = goals[1, 2] = True
    sim = DKTSimulator(net, prefixes, goals, np.zeros((0, 2)))
    chance = sim.p_correct()[:, 3].copy()
    after = []
    for y in (1.0, 0.0):  # what the student's goals would be after each answer on skill 3
        sim.reset()
        sim.observe(np.array([3, 3]), np.array([y, y]))
        after.append([sim.p_correct()[0, [1, 4]].mean(), sim.p_correct()[1, 2]])
    sim.reset()
    want = chance * np.array(after[0]) + (1 - chance) * np.array(after[1])
    np.testing.assert_allclose(sim.expected_goal_p(3, goals), want, rtol=1e-6)
    assert sim.t == 0  # looking ahead moves nobody


def test_the_dkt_simulators_practice_fades_back_to_the_first_seen_level_with_the_days():
    net = tiny_dkt()
    prefixes = from_sequences([([1, 2, 2], [1, 0, 1]), ([3], [0])], n_skills=5)
    sim = DKTSimulator(net, prefixes, np.ones((2, 5), dtype=bool), np.zeros((0, 2)))
    first = sim.p_correct().copy()
    sim.step(np.array([0, 0]), np.zeros(2))  # day 0: right
    net_p = sim.net_p.copy()
    np.testing.assert_allclose(sim.p_correct(), net_p)  # the same day: nothing faded yet
    r = retrievability(np.array(27.0), sim.stability)  # (B, S)
    np.testing.assert_allclose(sim.p_correct(day=27), first + r * (net_p - first))
    assert sim.stability[0, 0] > sim.forgetting.stability == sim.stability[0, 1]  # the practised skill consolidates
    assert np.abs(sim.p_correct(day=10_000) - first).max() < 0.01 * np.abs(net_p - first).max()
