import copy
import json
import math
from dataclasses import replace

import numpy as np
import pytest

from metacore.planner import (REASONS, Lookahead, PlanConfig, adjacency, apply_overrides, closure, make_plan,
                              make_plans, place_assignments, plan_from_dict, plan_many, plans_from_dicts)
from metacore.functional import retrievability, sigmoid
from metacore.explicit_model import ExplicitModel


def model(mastery, gain=0.5, variance=0.0, vocab=None):
    n = len(mastery)
    return ExplicitModel(mastery=mastery, gain=np.full(n, gain) if np.isscalar(gain) else gain,
                        variance=np.full(n, variance), skill_vocabulary=vocab or list(range(1, n + 1)))


def prob(m, v=0.0):
    return 1 / (1 + math.exp(-m / math.sqrt(1 + math.pi * v / 8)))


def test_it_closes_the_prerequisite_graph():
    a = adjacency(np.array([[0, 1], [1, 2]]), 4)
    c = closure(a)
    assert c[0, 2] and c[0, 1] and c[1, 2] and not c[2, 0] and not c[:, 3].any()


def test_it_schedules_a_prerequisite_before_its_dependant():
    # skill 10 (P = 0.5, below `ready`) is a prerequisite of goal 20 (P = 0.73, in the band)
    m = model([0.0, 1.0], gain=0.8, vocab=[10, 20])
    plan = make_plan(m, edges=[(10, 20)], goals=[20])
    skills = [it.skill for it in plan.items]
    assert skills[0] == 10 and plan.items[0].reason == "prerequisite_for_goal"
    assert plan.items[0].p_success_now == pytest.approx(0.5)
    first_goal = skills.index(20)
    assert first_goal > 0 and plan.items[first_goal].reason == "ready_to_learn"
    # the dependant only comes once the prerequisite's predicted P reached `ready`
    assert prob(0.0 + 0.8 * math.log1p(skills[:first_goal].count(10))) >= PlanConfig().ready


def test_it_never_drills_a_mastered_skill_as_new():
    m = model([4.0, 0.8, 1.2], gain=0.3)  # skill 1 mastered (P = 0.982)
    plan = make_plan(m, goals=[1, 2, 3])
    assert plan.items, "a plan"
    assert all(it.reason == "due_for_review" for it in plan.items if it.skill == 1)
    assert all(it.p_success_now < PlanConfig().mastery for it in plan.items if it.reason != "due_for_review")


def test_it_keeps_new_practice_inside_the_band_when_it_can():
    # three goals inside the band that stay there (tiny gain), one far too hard, one above the band
    m = model([0.6, 0.9, 1.2, -2.0, 2.5], gain=np.array([0.05, 0.05, 0.05, 0.9, 0.9]))
    plan = make_plan(m, config=PlanConfig(sessions=2, items_per_session=5))
    lo, hi = PlanConfig().band
    assert len(plan.items) == 10
    assert {it.skill for it in plan.items} <= {1, 2, 3}
    assert all(lo <= it.p_success_now <= hi for it in plan.items)


def test_it_brings_back_a_well_known_skill_for_review_when_it_is_due():
    m = model([3.0, 0.8], gain=0.3)
    plan = make_plan(m, goals=[1, 2], since={1: 25, 2: 0})
    assert plan.items[0].skill == 1 and plan.items[0].reason == "due_for_review"
    assert plan.items[0].p_success_now == pytest.approx(prob(3.0))
    fresh = make_plan(m, goals=[1, 2], since={1: 0, 2: 0})
    assert fresh.items[0].skill == 2


def test_it_reviews_first_what_a_student_back_from_a_holiday_has_likely_forgotten():
    m = model([3.0, 2.5, 0.8], gain=0.3)
    steps = {1: 0, 2: 1, 3: 2}  # practised just before the break: not due by steps
    back = make_plan(m, goals=[1, 2, 3], since=steps, days_since={1: 16, 2: 15, 3: 15})
    assert [(it.skill, it.reason) for it in back.items[:2]] == [(1, "due_for_review"), (2, "due_for_review")]
    assert back.items[2].skill == 3  # at most max_reviews (2) reviews a session
    yesterday = make_plan(m, goals=[1, 2, 3], since=steps, days_since={1: 1, 2: 1, 3: 1})
    assert yesterday.items[0].skill == 3


def test_its_reviews_follow_fsrs_forgetting_curve_by_stability():
    assert retrievability(7.0, 7.0) == pytest.approx(0.9) and retrievability(0.0, 1.0) == 1.0
    m = model([3.0, 0.8], gain=0.3)
    days = np.array([[8.0, 0.0]])
    for stability, due in ((7.0, True), (9.0, False)):
        batch = plan_many(mastery=m.mastery[None], gain=m.gain[None], variance=m.variance[None], since=[[1, 0]],
                          days_since=days, stability=[stability, stability], slots=1)
        assert (batch.skills[0, 0] == 0) == due


def test_it_takes_each_students_stability_per_skill_for_its_reviews():
    m = model([3.0, 3.0, 0.8], gain=0.3)
    days, steps = {1: 8, 2: 8, 3: 0}, {1: 1, 2: 1, 3: 0}
    given = make_plan(m, goals=[1, 2, 3], since=steps, days_since=days, stability={1: 20.0, 2: 7.0})
    assert [(it.skill, it.reason) for it in given.items[:1]] == [(2, "due_for_review")]  # 1 is held 20 days
    default = make_plan(m, goals=[1, 2, 3], since=steps, days_since=days, config=PlanConfig(stability_days=20.0))
    assert default.items[0].skill == 3  # neither forgotten at 20 days
    as_dict = plan_from_dict(m.to_dict(), goals=[1, 2, 3], since=steps, days_since=days, stability={1: 20.0})
    assert as_dict["items"][0]["skill"] == 2 and as_dict["items"][0]["reason"] == "due_for_review"  # 2: 7 days


def test_it_takes_the_stability_the_students_model_holds_when_given_none():
    m = model([3.0, 3.0, 0.8], gain=0.3)
    m = replace(m, stability=np.array([20.0, 7.0, 7.0]), floor=np.zeros(3), elapsed=np.zeros(3))
    days, steps = {1: 8, 2: 8, 3: 0}, {1: 1, 2: 1, 3: 0}
    own = make_plan(m, goals=[1, 2, 3], since=steps, days_since=days)
    assert [(it.skill, it.reason) for it in own.items[:1]] == [(2, "due_for_review")]  # the model holds 1 for 20 days
    told = make_plan(m, goals=[1, 2, 3], since=steps, days_since=days, stability={1: 7.0, 2: 20.0})
    assert told.items[0].skill == 1  # what the caller gives comes first
    stored = plan_from_dict(m.to_dict(), goals=[1, 2, 3], since=steps, days_since=days)
    assert stored["items"][0]["skill"] == 2


def test_its_items_follow_the_models_dynamics_exactly():
    m = model([0.7, 0.9], gain=np.array([0.4, 0.6]), variance=0.5)
    m.transfer = 0.1
    plan = make_plan(m)
    seq = [it.skill for it in plan.items]
    np.testing.assert_allclose([it.p_success_now for it in plan.items], m.forecast(seq), rtol=1e-12)
    first = plan.items[0]
    k = first.skill - 1
    scale = 1 / math.sqrt(1 + math.pi * 0.5 / 8)
    expected = 1 / (1 + math.exp(-(m.mastery[k] + m.gain[k] * math.log(2)) * scale)) - prob(m.mastery[k], 0.5)
    assert first.expected_gain == pytest.approx(expected, rel=1e-12)
    for s in (1, 2):  # forecast after the plan = the model's P after that many practices and items
        j, n = seq.count(s), len(seq)
        mu = m.mastery[s - 1] + m.gain[s - 1] * math.log1p(j) + 0.1 * math.log1p(n)
        assert plan.forecast_with_plan[s] == pytest.approx(prob(mu, 0.5), rel=1e-12)
        assert plan.forecast_without_plan[s] == pytest.approx(prob(m.mastery[s - 1], 0.5), rel=1e-12)


def test_an_override_survives_regeneration():
    overrides = [{"action": "pin", "skill": 3, "position": 0}, {"action": "remove", "skill": 1},
                 {"action": "add", "skill": 2, "position": 4}]
    for mastery in ([0.5, 0.9, 1.1], [1.3, 0.2, -0.5]):  # the model changes between regenerations
        plan = make_plan(model(mastery), overrides=overrides)
        sessions = [[it for it in plan.items if it.session == n] for n in range(plan.items[-1].session + 1)]
        assert len(sessions) >= 2 and all(len(session) == 10 for session in sessions[:-1])
        assert all(session[0].skill == 3 and session[0].pinned for session in sessions)
        assert all(any(it.skill == 2 for it in session) for session in sessions)
        assert all(it.skill != 1 for it in plan.items)
        assert [it.position for it in plan.items] == list(range(len(plan.items)))
        assert all(it.session == it.position // 10 for it in plan.items)
        seq = [it.skill for it in plan.items]  # predictions replayed along the overridden order
        np.testing.assert_allclose([it.p_success_now for it in plan.items], model(mastery).forecast(seq))


def test_apply_overrides_is_pure_and_checks_actions():
    plan = make_plan(model([0.5, 0.9, 1.1]))
    before = [(it.skill, it.position) for it in plan.items]
    moved = apply_overrides(plan, [{"action": "reorder", "skill": plan.items[-1].skill, "position": 0}])
    assert [(it.skill, it.position) for it in plan.items] == before
    assert moved.items[0].skill == before[-1][0]
    with pytest.raises(ValueError):
        apply_overrides(plan, [{"action": "explode", "skill": 1}])


def test_it_plans_from_stored_dicts_for_the_django_side():
    m = model([0.0, 1.0, 2.0], vocab=[7, 8, 9])
    out = plan_from_dict(m.to_dict(), edges=[[7, 8], [8, 9], [99, 7]], goals=[9],
                         overrides=[{"action": "add", "skill": 42}], config={"sessions": 1, "band": [0.6, 0.85]})
    json.dumps(out)
    assert set(out) >= {"items", "goal_skills", "forecast_with_plan", "forecast_without_plan", "sessions", "in_class"}
    assert out["goal_skills"] == [9] and len(out["items"]) == 10 and out["in_class"] == []
    assert out["items"][-1] == {"skill": 42, "session": 0, "position": 9, "reason": "teacher_added",
                                "p_success_now": None, "expected_gain": None, "pinned": False,
                                "assignment": None}
    assert all(it["reason"] in REASONS for it in out["items"])
    assert out["forecast_with_plan"]["9"] >= out["forecast_without_plan"]["9"]


def random_students(seed: int, B: int, max_variance: float):
    """(m, g, v, goals) of B random students over 6 skills, and the edges of a small graph over them."""
    rng = np.random.default_rng(seed)
    S = 6
    m, g, v = rng.normal(0, 1.5, (B, S)), rng.uniform(0.1, 0.8, (B, S)), rng.uniform(0, max_variance, (B, S))
    return m, g, v, rng.random((B, S)) < 0.5, np.array([[0, 2], [1, 2], [2, 4], [3, 5]])


def test_plan_many_matches_one_plan_at_a_time():
    B = 4
    m, g, v, goals, edges = random_students(0, B, 0.5)
    goals[:, 4] = True
    batch = plan_many(mastery=m, gain=g, variance=v, edges=edges, goals=goals)
    for b in range(B):
        one = make_plan(ExplicitModel(mastery=m[b], gain=g[b], variance=v[b]), edges=edges + 1,
                        goals=(np.flatnonzero(goals[b]) + 1).tolist())
        assert [it.skill - 1 for it in one.items] == [s for s in batch.skills[b] if s >= 0]
        assert [it.reason for it in one.items] == [REASONS[r] for r, s in zip(batch.reasons[b], batch.skills[b])
                                                   if s >= 0]


def varied_requests(seed: int, n: int) -> list[dict]:
    """n students' `make_plan` arguments over two vocabularies and two prerequisite graphs, each with or without
    each optional input: neighbours' gains, steps and days since practice, what is practicable, today's session,
    overrides and assignments."""
    rng = np.random.default_rng(seed)
    out = []
    for b in range(n):
        vocab = [10, 11, 12, 13, 14, 15] if b % 3 else [10, 11, 12, 13, 14, 15, 16, 17]
        S = len(vocab)
        m = ExplicitModel(mastery=rng.normal(0.5, 1.5, S), gain=rng.uniform(0.1, 0.8, S),
                          variance=rng.uniform(0.0, 0.5, S), transfer=float(rng.uniform(0, 0.1)),
                          skill_vocabulary=vocab)
        maybe = lambda make: make() if rng.random() < 0.5 else None  # noqa: E731
        done = int(rng.integers(0, 4))
        out.append(dict(
            model=m, edges=[(10, 12), (11, 12), (12, 14)] if b % 2 else [(13, 15)],
            goals=sorted({vocab[k] for k in rng.choice(S, int(rng.integers(1, S)), replace=False)}),
            neighbour_gain=maybe(lambda: {s: float(rng.uniform(0, 1)) for s in vocab[:3]}),
            since=maybe(lambda: {s: int(rng.integers(0, 30)) for s in vocab[1:]}),
            days_since=maybe(lambda: {s: float(rng.integers(0, 20)) for s in vocab[2:]}),
            practicable=maybe(lambda: set(vocab[:-1])), today_done=done,
            today_rest=[vocab[k] for k in rng.integers(0, S, int(rng.integers(0, 3)))] if done else [],
            overrides=[{"action": "pin", "skill": vocab[0]}] if b % 4 == 1 else [],
            assignments=[{"assignment": 7, "skill": vocab[1], "remaining": 2, "days_left": 2, "first": True}]
            if b % 5 == 2 else []))
    return out


def test_it_makes_the_same_plans_together_as_one_at_a_time():
    requests = varied_requests(0, 24)
    together = [p.to_dict() for p in make_plans(requests, cells=3000)]  # several batches per group
    alone = [make_plan(**r).to_dict() for r in requests]
    assert len({(len(r["model"].skill_vocabulary), len(r["edges"]), r["today_done"]) for r in requests}) > 4
    for mine, one in zip(together, alone):
        assert [(i["skill"], i["session"], i["reason"], i["pinned"], i["assignment"]) for i in mine["items"]] == [
            (i["skill"], i["session"], i["reason"], i["pinned"], i["assignment"]) for i in one["items"]]
        assert mine["forecast_with_plan"] == pytest.approx(one["forecast_with_plan"])
        assert {k: v for k, v in mine.items() if k not in ("items", "forecast_with_plan")} == {
            k: v for k, v in one.items() if k not in ("items", "forecast_with_plan")}
    stored = [dict(r, model=r["model"].to_dict()) for r in requests]
    assert plans_from_dicts(stored, cells=3000) == together == [plan_from_dict(**r) for r in stored]
    assert plans_from_dicts(stored, cells=0) == together == plans_from_dicts(stored)


def test_it_ranks_practice_by_its_expected_transfer_to_the_goals_when_given_one():
    # goals 1 and 2 alike (in the band, same gain); a right answer on skill 2 raises skill 1's logit
    m = model([1.0, 1.0, 1.0], gain=0.3)
    plain = make_plan(m, goals=[1, 2], config=PlanConfig(sessions=1, items_per_session=1))
    assert plain.items[0].skill == 1  # a tie: the first
    cross = np.zeros((2, 3, 3))
    cross[0, 1, 0] = 0.5  # right answer on position 1 (skill 2) -> +0.5 logit on position 0 (skill 1)
    cross[1, 1, 0] = -0.1  # a wrong one: -0.1
    with_cross = make_plan(m, goals=[1, 2], config=PlanConfig(sessions=1, items_per_session=1), cross=cross)
    assert with_cross.items[0].skill == 2 and with_cross.items[0].reason == "ready_to_learn"
    # transfer to a skill that is not a goal counts for nothing; harmful transfer pushes the source back
    cross_bad = np.zeros((2, 3, 3))
    cross_bad[:, 0, 1] = -1.0
    assert make_plan(m, goals=[1, 2], config=PlanConfig(sessions=1, items_per_session=1), cross=cross_bad
                     ).items[0].skill == 2
    # the plan keeps its documented properties with transfer: nothing mastered drilled as new
    big = np.ones((2, 3, 3))
    mm = model([4.0, 0.8, 1.2], gain=0.3)
    plan = make_plan(mm, goals=[1, 2, 3], cross=big)
    assert all(it.reason == "due_for_review" for it in plan.items if it.skill == 1)
    batch = plan_many(mastery=mm.mastery, gain=mm.gain, variance=mm.variance, edges=np.zeros((0, 2)), cross=big)
    assert [s for s in batch.skills[0]] == [it.skill - 1 for it in plan.items]


def test_band_first_off_ranks_all_new_practice_by_value():
    # skill 1 in the band with a tiny gain, skill 2 below the band with a big one
    m = model([1.0, -1.0], gain=np.array([0.01, 1.0]))
    cfg = PlanConfig(sessions=1, items_per_session=1)
    assert make_plan(m, config=cfg).items[0].skill == 1
    first = make_plan(m, config=PlanConfig(sessions=1, items_per_session=1, band_first=False)).items[0]
    assert first.skill == 2 and first.reason == "ready_to_learn"
    out = plan_from_dict(m.to_dict(), goals=[1, 2], config={"sessions": 1, "items_per_session": 1, "band_first": False})
    assert out["items"][0]["skill"] == 2 and out["config"]["band_first"] is False


def test_a_teachers_add_comes_as_often_as_chosen_per_session_and_not_again_once_done_today():
    m = model([2.5, 0.5, 0.8, 0.6, 0.7])
    goals = [2, 3, 4, 5]  # skill 1 is no goal: the planner alone never plans it
    add = [{"action": "add", "skill": 1, "per_session": 2}]
    plan = make_plan(m, goals=goals, overrides=add)
    for n in range(3):
        assert sum(it.skill == 1 for it in plan.items if it.session == n) == 2
    today_done = make_plan(m, goals=goals, overrides=add, done_today={1: 2})
    assert not any(it.skill == 1 for it in today_done.items if it.session == 0)
    assert sum(it.skill == 1 for it in today_done.items if it.session == 1) == 2
    pinned = make_plan(m, goals=goals, overrides=[{"action": "pin", "skill": 1}], done_today={1: 1})
    assert pinned.items[0].skill != 1 and pinned.items[10].skill == 1 and pinned.items[10].pinned


def test_it_plans_only_what_can_be_practised_and_lists_the_other_goals_apart():
    m = model([0.5, 0.6, 0.7])
    plan = make_plan(m, goals=[1, 2, 3], practicable={1, 2},
                     overrides=[{"action": "add", "skill": 3}, {"action": "pin", "skill": 2}])
    assert plan.items and {it.skill for it in plan.items} <= {1, 2}
    assert plan.in_class == [3]
    assert set(plan.forecast_with_plan) == {1, 2, 3}


def test_it_keeps_the_rest_of_todays_session_as_shown():
    m = model([0.5, 0.6, 0.7])
    plan = make_plan(m, today_done=3, today_rest=[3, 3, 1])
    assert plan.start == 3 and [it.position for it in plan.items] == list(range(3, 30))
    assert [it.skill for it in plan.items[:3]] == [3, 3, 1]
    assert sum(it.session == 0 for it in plan.items) == 7 and plan.items[7].session == 1
    pinned = make_plan(m, today_done=3, today_rest=[3, 3, 1], overrides=[{"action": "pin", "skill": 2}])
    assert pinned.items[0].skill == 2 and sum(it.session == 0 for it in pinned.items) == 7


def test_it_varies_practice_within_a_session():
    m = model([0.5, 0.6, 0.7, 0.8, 0.9], gain=[3.0, 0.2, 0.2, 0.2, 0.2])  # all in the band; skill 1 learns fastest
    plan = make_plan(m, config=PlanConfig(sessions=2, items_per_session=10))
    for n in range(2):
        skills = [it.skill for it in plan.items if it.session == n]
        assert max(skills.count(s) for s in set(skills)) <= 3
        assert all(a != b for a, b in zip(skills, skills[1:]))  # never the same skill twice in a row here
    massed = [it.skill for it in make_plan(m, config=PlanConfig(sessions=2, items_per_session=10,
                                                                   interleave=False)).items]
    assert any(a == b for a, b in zip(massed, massed[1:]))
    alone = make_plan(model([0.9]), config=PlanConfig(sessions=1, items_per_session=5))
    assert [it.skill for it in alone.items] == [1] * 5  # one skill: it fills the session


def test_it_interleaves_after_the_skill_just_practised_within_its_tier_only():
    in_band, below = math.log(0.7 / 0.3), math.log(0.3 / 0.7)
    one_slot = dict(gain=[[3.0, 0.2]], variance=np.zeros((1, 2)), slots=1)
    both_in_band = dict(mastery=[[in_band, in_band]], **one_slot)
    assert plan_many(**both_in_band).skills[0, 0] == 0  # skill 0 has the better gain
    assert plan_many(**both_in_band, previous=[0]).skills[0, 0] == 1  # another of its tier comes first
    only_lower = dict(mastery=[[in_band, below]], **one_slot)
    assert plan_many(**only_lower, previous=[0]).skills[0, 0] == 0  # above every skill of a lower tier
    assert plan_many(**only_lower, previous=[0], config=PlanConfig(interleave=False)).skills[0, 0] == 0
    assert plan_many(**both_in_band, previous=[0], config=PlanConfig(interleave=False)).skills[0, 0] == 0


def test_a_teachers_placements_never_overflow_a_session():
    m = model([2.5, 0.5, 0.8, 0.6, 0.7])
    goals = [2, 3, 4, 5]
    pinned = make_plan(m, goals=goals, today_done=10, overrides=[{"action": "pin", "skill": 1}])
    assert [it.session for it in pinned.items].count(1) == 10 and pinned.items[0].skill == 1
    added = make_plan(m, goals=goals, today_done=9, overrides=[{"action": "add", "skill": 1, "per_session": 3}])
    assert [it.session for it in added.items].count(0) == 1
    assert all([it.session for it in added.items].count(n) == 10 for n in (1, 2))


def assigned_per_session(plan, skill=1) -> list[int]:
    return [sum(it.skill == skill and it.reason == "assigned" for it in plan.items if it.session == n) for n in range(3)]


def test_assigned_work_is_spread_over_the_sessions_before_its_due_date_earlier_as_it_nears():
    m = model([2.5, 0.5, 0.8, 0.6, 0.7])
    goals = [2, 3, 4, 5]  # skill 1 is no goal and well known: the planner alone never plans it as new practice
    work = {"assignment": 7, "skill": 1, "remaining": 6, "first": False}
    assert assigned_per_session(make_plan(m, goals=goals, assignments=[work | {"days_left": 3}])) == [2, 2, 2]
    assert assigned_per_session(make_plan(m, goals=goals, assignments=[work | {"days_left": 2}])) == [3, 3, 0]
    due_today = make_plan(m, goals=goals, assignments=[work | {"days_left": 1, "first": True}])
    assert assigned_per_session(due_today) == [6, 0, 0]
    assert [it.skill for it in due_today.items[:6]] == [1] * 6 and due_today.items[0].assignment == 7
    later = make_plan(m, goals=goals, assignments=[work | {"days_left": 10}])
    assert assigned_per_session(later) == [1, 1, 1]
    assert later.items[9].skill == 1 and later.items[0].skill != 1  # not due soon: at the session's end
    assert all(sum(it.session == n for it in later.items) == 10 for n in range(3))  # sessions keep their length


def test_assigned_work_leaves_a_teachers_items_and_never_overflows_a_session():
    m = model([2.5, 0.5, 0.8, 0.6, 0.7])
    plan = make_plan(m, goals=[2, 3, 4, 5], today_done=8, overrides=[{"action": "pin", "skill": 2}],
                     assignments=[{"assignment": 1, "skill": 1, "remaining": 5, "days_left": 1, "first": True}])
    assert [it.skill for it in plan.items if it.session == 0] == [1, 2]  # the pin stays; one slot left today
    assert not any(it.skill == 1 for it in plan.items if it.session > 0)  # due today: nothing after it
    unplaceable = make_plan(m, practicable={2, 3}, assignments=[{"assignment": 1, "skill": 1, "remaining": 3,
                                                                  "days_left": 2, "first": True}])
    assert not any(it.skill == 1 for it in unplaceable.items)


def test_place_assignments_is_pure_and_takes_the_sessions_own_items_of_the_skill_first():
    m = model([0.5, 0.6, 0.7])
    plan = make_plan(m, config=PlanConfig(sessions=1, items_per_session=6))
    before = [(it.skill, it.reason) for it in plan.items]
    own = sum(it.skill == 1 for it in plan.items)
    out = place_assignments(plan, [{"assignment": 3, "skill": 1, "remaining": own, "days_left": 1, "first": True}],
                            sessions=1)
    assert [(it.skill, it.reason) for it in plan.items] == before
    assert sum(it.skill == 1 for it in out.items) == own and len(out.items) == 6
    assert all(it.reason == "assigned" for it in out.items[:own])


# --------------------------------------------------------------------------------------------------
# the lookahead


def lookahead(mastery, gain, edges=(), goals=None, **config):
    S = len(mastery)
    m = np.atleast_2d(np.asarray(mastery, dtype=float))
    goal = np.ones((1, S), dtype=bool) if goals is None else np.isin(np.arange(S), goals)[None, :]
    c = PlanConfig(**config)
    return Lookahead(m, np.full((1, S), gain), np.zeros((1, S)), adjacency(np.asarray(edges).reshape(-1, 2), S),
                     goal, np.ones((1, S), dtype=bool), c)


def test_its_lookahead_values_a_practice_by_the_goals_mean_p_at_the_horizon():
    # one goal at logit 0, gain 0.5, no prerequisite, no fall-off: practised now and twice more (log1p(3))
    look = lookahead([0.0], 0.5, samples=1, fit_width=0.0)
    value = look.values(np.array([[True]]), first=0, steps=2)
    assert value[0, 0] == pytest.approx(1 / (1 + math.exp(-0.5 * math.log(4))))


def test_its_lookahead_gates_a_skills_gain_by_its_weakest_prerequisite():
    # skill 1 needs skills 0 (P = 0.5) and 2 (P = 0.88): one practice of skill 1 rises by gain * log 2 * 0.5
    look = lookahead([0.0, 0.0, 2.0], 0.5, edges=[(0, 1), (2, 1)], samples=1, fit_width=0.0)
    look.advance(np.array([0]), np.array([1]))
    assert look.mu[0, 0, 1] == pytest.approx(0.5 * math.log(2) * 0.5)
    half = lookahead([0.0, 0.0, 2.0], 0.5, edges=[(0, 1), (2, 1)], samples=1, fit_width=0.0, gate=0.5)
    half.advance(np.array([0]), np.array([1]))
    assert half.mu[0, 0, 1] == pytest.approx(0.5 * math.log(2) * (0.5 + 0.5 * 0.5))


def test_its_lookahead_values_are_those_of_the_whole_rollout():
    # the value of each candidate is the goals' mean P once it and then the goals in turn are practised, every
    # skill walked forward; the lookahead rolls out only the places the goals' turns touch
    rng = np.random.default_rng(3)
    B, S = 3, 12
    edges = np.array([(0, 2), (1, 2), (2, 5), (3, 5), (4, 7), (5, 8), (6, 9), (8, 10), (1, 11)])
    goals = np.zeros((B, S), dtype=bool)
    goals[0, [2, 5, 8, 10]] = goals[1, [5, 7, 9, 11]] = goals[2, :] = True
    look = Lookahead(rng.normal(0.5, 1.0, (B, S)), rng.uniform(0.1, 0.8, (B, S)), rng.uniform(0, 0.5, (B, S)),
                     adjacency(edges, S), goals, np.ones((B, S), dtype=bool), PlanConfig(samples=4))
    look.advance(np.arange(B), np.array([2, 5, 0]))
    for first, steps in [(0, 0), (1, 2), (3, 9)]:
        candidates = rng.random((B, S)) < 0.7
        value = look.values(candidates, first, steps)
        for b, s in zip(*np.nonzero(candidates)):
            whole = copy.deepcopy(look)
            whole.advance(np.array([b]), np.array([s]))
            for h in range(steps):
                goal = whole.goal_r[b, (first + h) % whole.n_goals[b]]
                whole.advance(np.array([b]), whole.idx[b, [goal]])
            assert value[b, s] == pytest.approx((sigmoid(whole.mu[b]).mean(0) * whole.goal_w[b]).sum(), abs=1e-12)
        assert np.all(value[~candidates] == -np.inf)


def test_it_practises_first_the_goal_its_weak_prerequisite_does_not_hold_back():
    # goals 2 and 3 alike (in the band, same gain); goal 2 needs skill 1, ready (P = 0.65) but weak
    m = model([0.62, 1.0, 1.0], gain=0.5)
    one = PlanConfig(sessions=1, items_per_session=1)
    assert make_plan(m, edges=[(1, 2)], goals=[2, 3], config=replace(one, lookahead=False)).items[0].skill == 2
    assert make_plan(m, edges=[(1, 2)], goals=[2, 3], config=one).items[0].skill == 3


def test_its_lookahead_plans_are_the_same_every_time_and_their_first_item_can_be_planned_alone():
    m, g, v, goals, edges = random_students(1, 5, 1.5)
    whole = plan_many(mastery=m, gain=g, variance=v, edges=edges, goals=goals)
    again = plan_many(mastery=m, gain=g, variance=v, edges=edges, goals=goals)
    alone = plan_many(mastery=m, gain=g, variance=v, edges=edges, goals=goals, slots=1,
                      config=PlanConfig(horizon=PlanConfig().n_items))
    np.testing.assert_array_equal(whole.skills, again.skills)
    np.testing.assert_array_equal(alone.skills[:, 0], whole.skills[:, 0])
