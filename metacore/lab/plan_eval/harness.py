"""One population, every policy: the same students, the same response draws and the same calendar; per policy
a normalised gain and the retention 30 days after the last item."""
from __future__ import annotations

import time

import numpy as np

from metacore.online_estimate import OnlineEstimator, prior_arrays
from metacore.lab.plan_eval.forgetting import ForgettingConfig, ForgettingEstimator, read_history
from metacore.lab.plan_eval.generated import BlendedEstimator, GeneratedEstimator
from metacore.lab.plan_eval.policies import GENERATED_POLICIES, OURS, POLICIES, POLICY_FUNCS, Context
from metacore.lab.plan_eval.population import Population
from metacore.lab.simulators import mean_on_goals
from metacore.planner import PlanConfig, adjacency, closure


RETENTION_DAYS = 30  # retention is measured this many calendar days after the last item
RETENTION_RIVALS = ("fsrs", "round_robin")  # ours' retention is compared with these (paired)


def normalised_gain(pre: np.ndarray, post: np.ndarray) -> float:
    """Hake's normalised gain of class averages: (mean post - mean pre) / (1 - mean pre)."""
    return float((post.mean() - pre.mean()) / max(1.0 - pre.mean(), 1e-9))


def resamples(n_students: int, n_boot: int = 1000, seed: int = 0) -> np.ndarray:
    """(n_boot, n_students) bootstrap resamples of the students, the same for every policy and metric."""
    return np.random.default_rng(seed).integers(0, n_students, (n_boot, n_students))


def bootstrap_gains(pre: np.ndarray, post: dict, n_boot: int = 1000, seed: int = 0) -> dict:
    """{policy: (n_boot,) normalised gains}, every policy on the same resamples of students (paired)."""
    idx = resamples(len(pre), n_boot, seed)  # (R, B)
    pre_m = pre[idx].mean(1)
    return {k: (v[idx].mean(1) - pre_m) / np.maximum(1.0 - pre_m, 1e-9) for k, v in post.items()}


def bootstrap_means(values: dict, n_boot: int = 1000, seed: int = 0) -> dict:
    """{policy: (n_boot,) class means} of per-student values (B,), on `bootstrap_gains`' resamples."""
    idx = resamples(len(next(iter(values.values()))), n_boot, seed)
    return {k: v[idx].mean(1) for k, v in values.items()}


def paired(mine: str, other: str, point: dict, boot: dict) -> dict:
    """mine - other: the point difference and its paired bootstrap 95% interval."""
    return {"paired_diff": point[mine] - point[other], "paired_diff_ci95": ci95(boot[mine] - boot[other])}


def ci95(x: np.ndarray) -> list[float]:
    return [float(np.percentile(x, 2.5)), float(np.percentile(x, 97.5))]


def estimator_for(name: str, population: Population, forgetting: ForgettingConfig | None
                  ) -> OnlineEstimator | ForgettingEstimator | GeneratedEstimator | BlendedEstimator:
    """The estimate policy `name` sees: ours_generated plans as the site does (`BlendedEstimator`), ours_neighbours
    too, with the generator's training students to search for neighbours; ours_generated_only and ours_network
    read the population's generator alone (its gain from the learning curve); ours (and ours_transfer) know
    forgetting by days when `forgetting` is given; the other policies keep the estimate without forgetting, as the
    systems they copy have."""
    B, kw = population.sim.n_students, {"ability_var": population.ability_var}
    if name == "ours_generated":
        return BlendedEstimator(population.generator, B, population.generator_prior)
    if name == "ours_neighbours":
        return BlendedEstimator(population.generator, B, population.generator_prior, pool=population.neighbour_pool)
    if name in GENERATED_POLICIES:
        return GeneratedEstimator(population.generator, B, curve=prior_arrays(population.generator_prior)[1])
    if forgetting is not None and name.startswith("ours"):
        return ForgettingEstimator(population.p0, population.g0, B, forgetting=forgetting, **kw)
    return OnlineEstimator(population.p0, population.g0, B, **kw)


def run_simulator(population: Population, steps: int, seed: int, config: PlanConfig, policies=POLICIES,
                  extra: dict | None = None, retention_days: int = RETENTION_DAYS,
                  forgetting: ForgettingConfig | None | bool = True) -> dict:
    """Every policy on the same students of the population (its simulator reset before each), each student's
    observed history read first (as practised on day 0); extra: more {name: policy(Context) -> (B,) skills}
    graded beside them (see `obs_policy`). Item t is practised on the simulator's calendar day
    `sim.calendar.day_of(t)`; the gain is measured right after the last item, the retention
    `retention_days` calendar days later. forgetting: the forgetting ours' estimate knows (`estimator_for`; True:
    the population's, `Population.forgetting`; None or False: none)."""
    sim, history = population.sim, population.history
    funcs = {**POLICY_FUNCS, **(extra or {})}
    policies = [k for k in policies if population.generator is not None or k not in GENERATED_POLICIES]
    policies += [k for k in (extra or {}) if k not in policies]
    B, S = sim.n_students, sim.n_skills
    prereq = adjacency(sim.edges, S)
    reach = closure(prereq)
    out, posts, kept = {}, {}, {}
    pre = None
    for name in policies:
        sim.reset()
        est = estimator_for(name, population, population.forgetting if forgetting is True else forgetting or None)
        since, last_day = np.full((B, S), np.inf), np.full((B, S), -np.inf)
        succ, fail = np.zeros((B, S)), np.zeros((B, S))
        if history is not None:  # observed real prefix (DKT simulator)
            read_history(est, history, day=0)
            for b, (sk, co) in enumerate(history.sequences()):
                for s, y in zip(sk - 1, co.astype(np.float64)):
                    since[b] += 1
                    since[b, s] = 0
                    last_day[b, s] = 0
                    succ[b, s] += y
                    fail[b, s] += 1.0 - y
        if isinstance(est, ForgettingEstimator) and est.f.anchor_start:
            est.anchor_here()
        goals = sim.goals
        candidates = goals | ((goals.astype(np.float32) @ reach.T.astype(np.float32)) > 0)
        ctx = Context(est=est, goals=goals, candidates=candidates, prereq=prereq, since=since, succ=succ, fail=fail,
                      prev=np.full(B, -1), t=0, rng=np.random.default_rng(seed + 2), config=config,
                      cross=population.cross, last_day=last_day)
        u_rng = np.random.default_rng(seed + 1)  # the same response draws for every policy
        pre = mean_on_goals(sim.p_correct(), goals)  # the same for every policy
        in_band, rows = 0, np.arange(B)
        t0 = time.perf_counter()
        for t in range(steps):
            ctx.t, ctx.day = t, sim.calendar.day_of(t)
            est.on(ctx.day)
            k = funcs[name](ctx)
            pk = sim.p_correct(ctx.day)[rows, k]
            in_band += int(((pk >= config.band[0]) & (pk <= config.band[1])).sum())
            y = sim.step(k, u_rng.random(B))
            est.update(k, y, day=ctx.day)
            since += 1
            since[rows, k] = 0
            last_day[rows, k] = ctx.day
            succ[rows, k] += y
            fail[rows, k] += 1.0 - y
            ctx.prev, ctx.prev_y, ctx.prev_day = k, y, ctx.day
        seconds = time.perf_counter() - t0
        posts[name] = mean_on_goals(sim.p_correct(), goals)
        kept[name] = mean_on_goals(sim.p_correct(sim.day + retention_days), goals)
        out[name] = {"gain": normalised_gain(pre, posts[name]), "in_band": in_band / (B * steps),
                     "pre": float(pre.mean()), "post": float(posts[name].mean()),
                     "retention": float(kept[name].mean()), "retention_days": retention_days,
                     "last_day": int(sim.day), "seconds": seconds}
    boot = bootstrap_gains(pre, posts, seed=seed + 3)
    boot_kept = bootstrap_means(kept, seed=seed + 3)
    for name in posts:
        out[name]["gain_ci95"] = ci95(boot[name])
        out[name]["retention_ci95"] = ci95(boot_kept[name])
    kept_mean = {k: float(v.mean()) for k, v in kept.items()}
    others = [k for k in posts if not k.startswith(("ours", "ceiling_"))]
    for mine in [k for k in OURS if k in posts]:
        if not others:
            break
        best = max(others, key=lambda k: out[k]["gain"])
        out[f"{mine}_vs_best_other"] = {
            "best_other": best, "ratio": out[mine]["gain"] / out[best]["gain"] if out[best]["gain"] else None,
            "paired_diff": out[mine]["gain"] - out[best]["gain"], "paired_diff_ci95": ci95(boot[mine] - boot[best]),
            "cis_overlap": bool(out[mine]["gain_ci95"][0] <= out[best]["gain_ci95"][1])}
        out[f"{mine}_retention_vs"] = {other: paired(mine, other, kept_mean, boot_kept)
                                       for other in RETENTION_RIVALS if other in kept}
    return out
