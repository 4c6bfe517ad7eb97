"""The speed of planning as the site plans: the online estimate from each student's history, then the planner."""
from __future__ import annotations

import time

import numpy as np

from metacore.data import from_sequences
from metacore.explicit_model import ExplicitModel
from metacore.lab.plan_eval.population import Population
from metacore.lab.simulators import draw_goals
from metacore.online_estimate import OnlineEstimator, estimate_histories
from metacore.planner import PlanConfig, adjacency, make_plan, plan_many


def planner_speed(population: Population, config: PlanConfig, bench_students: int, seed: int, repeats: int = 30,
                  warm_up: int = 5, history: int = 100) -> dict:
    """Median ms to plan for one student and the time to plan for `bench_students` students (scaled to 10,000
    when fewer), each plan from a history of `history` random answers read into the online estimate
    (`estimate_histories`, as the site reads every attempt before it plans) and the planner on the estimate with
    per-student noise; the two parts are also reported apart. `warm_up` plans are made first and not timed (a
    worker plans all day: its first plan's setup is not the speed)."""
    sim = population.sim
    S = sim.n_skills
    rng = np.random.default_rng(seed)
    m, g, v = OnlineEstimator(population.p0, population.g0, 1).arrays()
    edges = np.asarray(sim.edges) + 1
    goal_ids = (np.flatnonzero(sim.goals[0]) + 1).tolist()
    estimate_ms, plan_ms = [], []
    for r in range(warm_up + repeats):
        one = _random_histories(rng, 1, history, S)
        t0 = time.perf_counter()
        estimate_histories(one, population.p0, population.g0, population.ability_var)
        t1 = time.perf_counter()
        model = ExplicitModel(mastery=m[0] + rng.normal(0, 1, S), gain=g[0], variance=v[0])
        make_plan(model, edges=edges, goals=goal_ids, config=config).to_dict()
        estimate_ms.append(1000 * (t1 - t0))
        plan_ms.append(1000 * (time.perf_counter() - t1))
    estimate_ms, plan_ms = np.array(estimate_ms[warm_up:]), np.array(plan_ms[warm_up:])
    B = bench_students
    many = _random_histories(rng, B, history, S)
    mm = m[0] + rng.normal(0, 1, (B, S))
    goals = draw_goals(rng, B, np.arange(S), S, int(sim.goals[0].sum()))
    t0 = time.perf_counter()
    estimate_histories(many, population.p0, population.g0, population.ability_var)
    t1 = time.perf_counter()
    plan_many(mastery=mm, gain=g[0], variance=v[0], edges=adjacency(sim.edges, S), goals=goals, config=config)
    t2 = time.perf_counter()
    scale = 10_000 / B
    return {"plan_ms_one_student": float(np.median(estimate_ms + plan_ms)),
            "plans_10k_seconds": (t2 - t0) * scale,
            "estimate_ms_one_student": float(np.median(estimate_ms)),
            "planner_ms_one_student": float(np.median(plan_ms)),
            "estimates_10k_seconds": (t1 - t0) * scale, "planner_10k_seconds": (t2 - t1) * scale,
            "bench_students": B, "bench_skills": S, "bench_history": history}


def _random_histories(rng: np.random.Generator, n_students: int, length: int, n_skills: int):
    """A Dataset of n_students histories of `length` random answers on random skills."""
    return from_sequences(((rng.integers(1, n_skills + 1, length), (rng.random(length) < 0.6).astype(np.float32))
                           for _ in range(n_students)), n_skills=n_skills)
