"""The planner's speed on models like the estimator's."""
from __future__ import annotations

import time

import numpy as np

from metacore.explicit_model import ExplicitModel
from metacore.lab.plan_eval.estimator import OnlineEstimator
from metacore.lab.plan_eval.population import Population
from metacore.lab.simulators import draw_goals
from metacore.planner import PlanConfig, adjacency, make_plan, plan_many


def planner_speed(population: Population, config: PlanConfig, bench_students: int, seed: int, repeats: int = 30,
                  warm_up: int = 5) -> dict:
    """Median ms of make_plan for one student and the time of plan_many for `bench_students` students
    (scaled to 10,000 when fewer), on models like the estimator's of the population with per-student noise;
    `warm_up` plans made first and not timed (a worker plans all day: its first plan's setup is not the speed)."""
    sim = population.sim
    S = sim.n_skills
    rng = np.random.default_rng(seed)
    est = OnlineEstimator(population.p0, population.g0, 1)
    m, g, v = est.arrays()
    edges = np.asarray(sim.edges) + 1
    goal_ids = (np.flatnonzero(sim.goals[0]) + 1).tolist()
    times = []
    for r in range(warm_up + repeats):
        model = ExplicitModel(mastery=m[0] + rng.normal(0, 1, S), gain=g[0], variance=v[0])
        t0 = time.perf_counter()
        make_plan(model, edges=edges, goals=goal_ids, config=config).to_dict()
        times.append(time.perf_counter() - t0)
    times = times[warm_up:]
    B = bench_students
    mm = m[0] + rng.normal(0, 1, (B, S))
    goals = draw_goals(rng, B, np.arange(S), S, int(sim.goals[0].sum()))
    t0 = time.perf_counter()
    plan_many(mastery=mm, gain=g[0], variance=v[0], edges=adjacency(sim.edges, S), goals=goals, config=config)
    seconds = time.perf_counter() - t0
    return {"plan_ms_one_student": 1000 * float(np.median(times)), "plans_10k_seconds": seconds * 10_000 / B,
            "bench_students": B, "bench_skills": S}
