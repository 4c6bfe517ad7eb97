"""The graded policies: (Context) -> (B,) skill indices, one practice item per student and step."""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from metacore.functional import logit
from metacore.lab.plan_eval.estimator import OnlineEstimator
from metacore.planner import PlanConfig, plan_many

POLICIES = ("random", "round_robin", "lowest_mastery", "weighted_score", "ours", "ours_transfer")


@dataclass
class Context:
    est: OnlineEstimator
    goals: np.ndarray  # (B, S) bool
    candidates: np.ndarray  # (B, S) bool goals and their prerequisites
    prereq: np.ndarray  # (S, S) bool direct prerequisite links
    since: np.ndarray  # (B, S) steps since last observed practice, inf = never
    succ: np.ndarray  # (B, S) observed right answers
    fail: np.ndarray  # (B, S) observed wrong answers
    prev: np.ndarray  # (B,) last practised skill, -1 = none
    t: int
    rng: np.random.Generator
    config: PlanConfig
    cross: np.ndarray | None = None  # (2, S, S) cross-skill transfer fitted on the population's data (ours only)
    prev_y: np.ndarray | None = None  # (B,) the answer to `prev` (None before the first item)


def argmax_masked(score: np.ndarray, mask: np.ndarray) -> np.ndarray:
    return np.argmax(np.where(mask, score, -np.inf), axis=1)


def policy_random(ctx: Context) -> np.ndarray:
    return argmax_masked(ctx.rng.random(ctx.candidates.shape), ctx.candidates)


def round_robin(goals: np.ndarray, t: int) -> np.ndarray:
    """(B,) the goal skill each student practises at step t when the goals (B, S) are taken in turn."""
    return round_robin_items(goals, t, t + 1)[:, 0]


def round_robin_items(goals: np.ndarray, start: int, stop: int) -> np.ndarray:
    """(B, stop - start) the round-robin items of steps start..stop-1."""
    order = np.argsort(~goals, axis=1, kind="stable")  # goal skills first, in index order
    n = np.maximum(goals.sum(1), 1)
    return np.take_along_axis(order, np.arange(start, stop)[None, :] % n[:, None], axis=1)


def policy_round_robin(ctx: Context) -> np.ndarray:
    return round_robin(ctx.goals, ctx.t)


def _open(ctx: Context, p: np.ndarray) -> np.ndarray:
    """Candidates not yet mastered (all candidates where every one is)."""
    open_ = ctx.candidates & (p < ctx.config.mastery)
    return np.where(open_.any(1, keepdims=True), open_, ctx.candidates)


def policy_lowest_mastery(ctx: Context) -> np.ndarray:
    p = ctx.est.p()
    return argmax_masked(-p, _open(ctx, p))


def policy_weighted_score(ctx: Context) -> np.ndarray:
    """ALOSI's recommendation score (harvard-vpal/adaptive-engine, `alosi.engine.recommendation_score`) with
    equal weights, one skill per item, every term in log-odds L of the estimated P as in ALOSI:
    readiness P = min(sum over prerequisites of min(L_p - L*, 0) + r*, 0), remediation R = max(L* - L, 0),
    difficulty D = -|L - d|, continuity C = 1 on the skill just practised (else 0). L* = logit(mastery),
    r* = L* - logit(ready) (a single prerequisite at `ready` is forgiven), d = logit(band centre)."""
    p = ctx.est.p()
    S = p.shape[1]
    c = ctx.config
    L = logit(p)
    l_star = float(logit(c.mastery))
    r_star = l_star - float(logit(c.ready))
    remediation = np.maximum(l_star - L, 0.0)
    short = np.minimum(L - l_star, 0.0) @ ctx.prereq.astype(np.float64)  # (B, S) summed over prerequisites
    readiness = np.minimum(short + r_star, 0.0)
    difficulty = -np.abs(L - float(logit(sum(c.band) / 2)))
    continuity = (np.arange(S)[None, :] == ctx.prev[:, None]).astype(np.float64)
    return argmax_masked(remediation + continuity + readiness + difficulty, _open(ctx, p))


def first_planned(ctx: Context, m, g, v, cross=None) -> np.ndarray:
    """(B,) the first item of the planner's plan from models (m, g, v) (B, S), planned alone (one slot, its
    lookahead over the whole plan's length: the same item as the whole plan's first); round robin where it is
    empty."""
    config = replace(ctx.config, horizon=ctx.config.horizon or ctx.config.n_items)
    first = plan_many(mastery=m, gain=g, variance=v, edges=ctx.prereq, goals=ctx.goals, config=config,
                      since=ctx.since, cross=cross, slots=1).skills[:, 0]
    return np.where(first >= 0, first, policy_round_robin(ctx))


def policy_ours(ctx: Context) -> np.ndarray:
    return first_planned(ctx, *ctx.est.arrays())


def policy_ours_transfer(ctx: Context) -> np.ndarray:
    """ours, with the planner also ranking practice by its expected transfer to the goals (`ctx.cross`)."""
    return first_planned(ctx, *ctx.est.arrays(), cross=ctx.cross)


def observation(ctx: Context) -> np.ndarray:
    """(B, 4 S) float32: the Gymnasium environments' observation (metacore.lab.gym_envs) for every student."""
    recency = np.where(np.isfinite(ctx.since), 1.0 / (1.0 + np.where(np.isfinite(ctx.since), ctx.since, 0.0)), 0.0)
    return np.concatenate([ctx.succ, ctx.fail, recency, ctx.goals], axis=1).astype(np.float32)


def obs_policy(act):
    """A harness policy from act((B, 4 S) observations) -> (B,) skills, e.g. an RL agent trained on the gym envs."""
    return lambda ctx: np.asarray(act(observation(ctx)), dtype=np.int64)


POLICY_FUNCS = {"random": policy_random, "round_robin": policy_round_robin, "lowest_mastery": policy_lowest_mastery,
                "weighted_score": policy_weighted_score, "ours": policy_ours, "ours_transfer": policy_ours_transfer}
