"""Grade study-plan policies on simulated students: python -m metacore.plan_eval --json OUT.

Protocol. For each simulator (`generative`, `dkt`; see metacore.simulators) the same N simulated students
(same seeds, and the same uniform draws deciding every response: common random numbers) practise `steps`
items chosen by each policy. A policy sees only the observed responses (and the skill graph and goals):

    random          uniform over the goal skills and their prerequisites
    round_robin     the goal skills in turn
    lowest_mastery  the goal-or-prerequisite skill with the lowest estimated mastery not yet mastered (OATutor)
    weighted_score  ALOSI's score (see `policy_weighted_score`), in log-odds as ALOSI computes it: remediation
                    max(L* - L, 0) + continuity (same skill 1) + readiness (penalty for prerequisites below
                    mastery, forgiven down to `ready`) - |L - logit(band centre)|, equal weights, over the
                    unmastered goal-or-prerequisite skills
    ours            metacore.planner, re-planned after every response from the estimated StudentModel; the
                    first planned item is practised
    ours_transfer   the same planner also given the cross-skill transfer `fit_transfer` estimated from the
                    population's data (calibration students / the DKT's training data): practice is ranked
                    by its own expected gain plus the expected change of the goals' P from the answer's
                    transfer (reported beside `ours`, each compared with the best non-ours policy)

Estimated mastery (for lowest_mastery, weighted_score and both ours) comes from `OnlineEstimator`: per student
a Gaussian over the skills' logits of P(correct), from a population prior (`population_priors`: each skill's
first-attempt success rate and learning-curve slope; `ability_variance`: the share of the variance common to
all of a student's skills, from a Rasch fit of first attempts; both from calibration students: simulated
under random practice for the generative simulator, the DKT's real training data for the DKT simulator),
updated by online Bayesian logistic (Laplace) steps per answer (an answer moves every skill through the
shared ability) plus the population learning curve. It yields a StudentModel per student (mastery logit,
population gain, variance): the planner gets an estimate, never the simulator's truth.

Metric: normalised gain (Hake) (post - pre) / (1 - pre) of the class average of each student's mean true
P(success) on their goal skills, before and after the `steps` items, with a 95% bootstrap CI over students
(1000 resamples, the same resamples for every policy); in_band: share of practice items whose true
P(success) at the time lay inside the band. Also the paired bootstrap difference ours - best other policy.

Ceilings (--ceilings; under each simulator's "ceilings", never ours nor the best other policy): policies that
read the simulator itself, to say how much any policy could gain and how much of it is visible to a model
that is not the simulator: `ceiling_ours_true_state` (our planner given the true P), and
`ceiling_simulator_lookahead` (generative: a rollout of round robin on the true state and dynamics; DKT:
greedy expected goal P on the simulator's own network), for the generative simulator
`ceiling_simulator_sequence` (each student's best fixed sequence of items on the true state and dynamics,
found by coordinate ascent: about the most any policy could gain there) and `ceiling_simulator_posterior`
(the generative lookahead over a particle posterior of each student: the simulator's rules and population
known exactly, the student only through the answers, as ours), and for the DKT
`ceiling_second_dkt_lookahead` (the same greedy on a second DKT trained on the same data with another seed
and size, following the answers).
"""
from __future__ import annotations

import argparse
import json
import math
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import numpy as np

from metacore.data import Dataset, from_sequences, read_three_line, skill_history
from metacore.planner import PlanConfig, adjacency, closure, make_plan, plan_many
from metacore.prerequisites import PrerequisiteConfig, as_dag, suggest_prerequisites
from metacore.simulators import (DKTSimConfig, DKTSimulator, GenerativeConfig, GenerativeSimulator, draw_goals,
                                 goal_mean, logit, sigmoid, train_dkt)
from metacore.student_model import StudentModel

POLICIES = ("random", "round_robin", "lowest_mastery", "weighted_score", "ours", "ours_transfer")
ASSIST = str(Path(__file__).resolve().parents[1] / "learners" / "data" / "assist2009" / "train.csv.gz")  # shipped copy


# --------------------------------------------------------------------------------------------------
# what a policy may know: a per-student estimate from the observed responses


def population_priors(data: Dataset, max_attempt: int = 10, strength: float = 20.0) -> tuple[np.ndarray, np.ndarray]:
    """(p0 (S,), g0 (S,)): each skill's first-attempt success rate and the slope of its learning curve
    (logit of the success rate on the j-th attempt against log1p(j), j < max_attempt, weighted least squares),
    both shrunk towards the all-skill values by `strength` pseudo-responses."""
    S = data.n_skills
    succ, fail = skill_history(data)
    j = (succ + fail).astype(np.int64)  # (N,) attempt index of each row on its skill
    keep = j < max_attempt
    s, jj, y = data.skills[keep] - 1, j[keep], data.correct[keep].astype(np.float64)
    n = np.zeros((S, max_attempt))
    c = np.zeros((S, max_attempt))
    np.add.at(n, (s, jj), 1.0)
    np.add.at(c, (s, jj), y)
    overall = (c.sum(0) + 1) / (n.sum(0) + 2)  # (J,) all-skill success per attempt
    rate = (c + strength * overall) / (n + strength)  # (S, J)
    x = np.log1p(np.arange(max_attempt))[None, :]
    w = n + 1e-3
    xm = (w * x).sum(1) / w.sum(1)
    ly = logit(rate)
    ym = (w * ly).sum(1) / w.sum(1)
    slope = (w * (x - xm[:, None]) * (ly - ym[:, None])).sum(1) / np.maximum((w * (x - xm[:, None]) ** 2).sum(1), 1e-9)
    return rate[:, 0], np.clip(slope, 0.0, 2.0)


def fit_transfer(data: Dataset, decay: float = 0.3, max_rows: int = 100_000, l2: float = 1e-4, iters: int = 100,
                 seed: int = 0, cache: str | Path | None = None, by_answer: bool = True) -> np.ndarray:
    """(2, S, S) cross-skill transfer from data: a logistic model of every response on skill b,
    logit P = beta_b + alpha_i + sum_a R[a, b] r_a + W[a, b] w_a, where r_a / w_a are student i's recent right /
    wrong answers on a (each answer counts 1, times `decay` per later answer) and alpha_i ~ N(0, 1) the
    student's own level (so stable ability, the estimator's job, is not read as transfer). out[0] = R,
    out[1] = W: the change of b's logit from one more right / wrong answer on a (by_answer=False: one effect of
    practice whatever the answer, out[0] = out[1]). Fitted by L-BFGS (L2 penalty `l2`) on at most `max_rows`
    responses (a random subset), cached in `cache` when given."""

    import hashlib

    import torch

    S = data.n_skills
    key = hashlib.sha1(repr(("fe", by_answer, decay, max_rows, l2, iters, seed, data.n_students, data.n_interactions, S,
                             int(data.skills.sum()), float(data.correct.sum()))).encode()).hexdigest()[:12]
    path = None if cache is None else Path(cache) / f"transfer_{key}.npy"
    if path is not None and path.exists():
        return np.load(path)
    rows = np.random.default_rng(seed).permutation(data.n_interactions)[:max_rows]
    keep = np.zeros(data.n_interactions, dtype=bool)
    keep[rows] = True
    feats, target, ys, who = [], [], [], []
    i = 0
    for b, (sk, co) in enumerate(data.sequences()):
        recent = np.zeros((2, S))
        for s, y in zip(sk - 1, co):
            if keep[i]:
                feats.append(recent.ravel().copy())
                target.append(s)
                ys.append(y)
                who.append(b)
            recent *= decay
            recent[0 if (y > 0 or not by_answer) else 1, s] += 1.0
            i += 1
    f = torch.as_tensor(np.asarray(feats, dtype=np.float32))
    t = torch.as_tensor(np.asarray(target, dtype=np.int64))
    y = torch.as_tensor(np.asarray(ys, dtype=np.float32))
    who = torch.as_tensor(np.asarray(who, dtype=np.int64))
    w = torch.zeros(2 * S, S, requires_grad=True)
    beta = torch.zeros(S, requires_grad=True)
    alpha = torch.zeros(data.n_students, requires_grad=True)  # each student's own level (the estimator's job)
    opt = torch.optim.LBFGS([w, beta, alpha], max_iter=iters, history_size=10, line_search_fn="strong_wolfe")
    n = float(len(y))

    def closure():
        opt.zero_grad()
        z = beta[t] + alpha[who] + (f * w[:, t].T).sum(1)
        loss = (torch.nn.functional.binary_cross_entropy_with_logits(z, y) + l2 * (w ** 2).sum()
                + (alpha ** 2).sum() / (2.0 * n))  # a N(0, 1) prior on the student levels
        loss.backward()
        return loss

    opt.step(closure)
    out = w.detach().numpy().astype(np.float64).reshape(2, S, S)
    if not by_answer:  # one effect of practice whatever the answer
        out[1] = out[0]
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, out)
    return out


def ability_variance(data: Dataset, p0: np.ndarray, nodes: int = 21, grid: int = 51, top: float = 2.5) -> float:
    """Variance of a student ability shared by all skills: the marginal maximum likelihood (Gauss-Hermite
    quadrature, grid search over the SD) of a Rasch model of first attempts, logit P = logit(p0_s) + a_i,
    a_i ~ N(0, sd^2). It couples the estimator's skills (`OnlineEstimator(ability_var=...)`)."""
    succ, fail = skill_history(data)
    first = (succ + fail) == 0
    student = np.repeat(np.arange(data.n_students), data.lengths)[first]
    beta = logit(np.asarray(p0, dtype=np.float64))[data.skills[first] - 1]
    y = data.correct[first].astype(np.float64)[:, None]
    x, w = np.polynomial.hermite_e.hermegauss(nodes)
    w = w / w.sum()
    best_ll, best_sd = -np.inf, 0.0
    for sd in np.linspace(0.0, top, grid):
        z = beta[:, None] + sd * x[None, :]
        ll = -np.logaddexp(0.0, np.where(y > 0, -z, z))  # (N, nodes) log-likelihood of each first attempt
        per = np.zeros((data.n_students, nodes))
        np.add.at(per, student, ll)
        m = per.max(1, keepdims=True)
        total = float((m[:, 0] + np.log((np.exp(per - m) * w).sum(1))).sum())
        if total > best_ll:
            best_ll, best_sd = total, sd
    return best_sd ** 2


class OnlineEstimator:
    """Per-student online Bayesian logistic estimate of the skills' mastery logits (Laplace updates).

    Starts at theta_s = logit(p0_s) with covariance v0 I + ability_var (1 - I) (ability_var of the v0 shared
    by all of a student's skills: a student's ability; 0 = independent skills). After an answer y on s, with
    c = the covariance column of s: p = sigmoid(theta_s / sqrt(1 + pi c_s / 8)), w = p (1 - p);
    theta <- theta + c (y - p) / (1 + w c_s); cov <- cov - w c c^T / (1 + w c_s) (one Newton step of the
    Gaussian over all skills: the answered skill moves as in a one-skill Laplace step, the others by their
    covariance share); then the practice itself is credited with the population learning curve,
    theta_s += g0_s (log1p(n + 1) - log1p(n)) (n = earlier answers on s), and cov_ss += drift (the student
    keeps changing). The StudentModel of a student is (theta, g, diag cov) with g = g0 (log1p(n + 1) -
    log1p(n)) / log 2: the population learning curve continued from the student's own practice count (so its
    next item on s is credited what the curve gives at n, not at 0). v0 and drift were chosen on the
    generative simulator (drift 0.05, 0.2, 0.5 tried; 0.5 kept), the continued curve on a development
    population (seed 1) of both simulators; ability_var comes from the data (`ability_variance`); reported
    runs use seed 0."""

    def __init__(self, p0: np.ndarray, g0: np.ndarray, n_students: int, v0: float = 1.5, drift: float = 0.5,
                 ability_var: float = 0.0):
        self.g0, self.drift = np.asarray(g0, dtype=np.float64), drift
        S = len(self.g0)
        self.theta = np.tile(logit(np.asarray(p0, dtype=np.float64)), (n_students, 1))  # (B, S)
        self.ability_var = float(min(max(ability_var, 0.0), 0.9 * v0))
        # (B, S, S) covariance of the skill logits: v0 on the diagonal, of which ability_var shared by all skills
        cov = np.full((S, S), self.ability_var) + np.eye(S) * (v0 - self.ability_var)
        self.cov = np.tile(cov, (n_students, 1, 1))
        self.n = np.zeros((n_students, S))  # (B, S) answers seen

    @property
    def var(self) -> np.ndarray:  # (B, S) variance of each skill's logit
        return np.diagonal(self.cov, axis1=1, axis2=2)

    def update(self, skills: np.ndarray, y: np.ndarray, rows: np.ndarray | None = None) -> None:
        rows = np.arange(len(skills)) if rows is None else rows
        col = self.cov[rows, :, skills]  # (R, S) covariance of every skill with the answered one
        v, n = col[np.arange(len(rows)), skills], self.n[rows, skills]
        p = sigmoid(self.theta[rows, skills] / np.sqrt(1.0 + math.pi * v / 8.0))
        w = p * (1.0 - p)
        k = col / (1.0 + w * v)[:, None]  # Laplace (one Newton step) update of the Gaussian over all skills
        self.theta[rows] += k * (y - p)[:, None]
        self.cov[rows] -= (w[:, None, None] * k[:, :, None] * col[:, None, :])
        self.theta[rows, skills] += self.g0[skills] * (np.log1p(n + 1) - np.log1p(n))
        self.cov[rows, skills, skills] += self.drift
        self.n[rows, skills] = n + 1

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(mastery logit, gain, variance), each (B, S): a StudentModel per student."""
        return self.theta, self.g0 * (np.log1p(self.n + 1) - np.log1p(self.n)) / math.log(2), self.var

    def p(self) -> np.ndarray:  # (B, S) the estimated models' P(correct) now
        return sigmoid(self.theta / np.sqrt(1.0 + math.pi * self.var / 8.0))

    def model(self, b: int) -> StudentModel:
        m, g, v = self.arrays()
        return StudentModel(mastery=m[b], gain=g[b], variance=v[b])


# --------------------------------------------------------------------------------------------------
# policies: (context) -> (B,) skill indices


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


def _argmax_masked(score: np.ndarray, mask: np.ndarray) -> np.ndarray:
    return np.argmax(np.where(mask, score, -np.inf), axis=1)


def policy_random(ctx: Context) -> np.ndarray:
    return _argmax_masked(ctx.rng.random(ctx.candidates.shape), ctx.candidates)


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
    return _argmax_masked(-p, _open(ctx, p))


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
    return _argmax_masked(remediation + continuity + readiness + difficulty, _open(ctx, p))


def _first_planned(ctx: Context, m, g, v, cross=None) -> np.ndarray:
    """(B,) the first item of the planner's plan from models (m, g, v) (B, S); round robin where it is empty."""
    first = plan_many(m, g, v, ctx.prereq, ctx.goals, 0.0, ctx.config, since=ctx.since, cross=cross).skills[:, 0]
    return np.where(first >= 0, first, policy_round_robin(ctx))


def policy_ours(ctx: Context) -> np.ndarray:
    return _first_planned(ctx, *ctx.est.arrays())


def policy_ours_transfer(ctx: Context) -> np.ndarray:
    """ours, with the planner also ranking practice by its expected transfer to the goals (`ctx.cross`)."""
    return _first_planned(ctx, *ctx.est.arrays(), cross=ctx.cross)


# --------------------------------------------------------------------------------------------------
# ceilings (--ceilings): privileged policies that read the simulator itself. They are no rival and not ours;
# they say how much any policy could gain, and how much of it a model that is not the simulator can see.


def ceiling_generative_lookahead(sim, steps: int):
    """The generative simulator's true state and dynamics: each candidate skill is tried now, followed by
    the goals in turn (round robin) to the last item; the one with the best end mean goal P is practised.
    Learning there does not depend on the answers, so this rollout is never below round robin for any
    student (each step keeps the best of a set that holds round robin's own continuation)."""
    def policy(ctx: Context) -> np.ndarray:
        return _best_next(sim, sim.learned, round_robin_items(ctx.goals, ctx.t + 1, steps), ctx)
    return policy


def _best_next(sim, learned: np.ndarray, rest: np.ndarray, ctx: Context) -> np.ndarray:
    """(B,) the candidate skill to practise now, from `learned` (B, S), that gives the best end mean true goal
    P when the items `rest` (B, n) follow it."""
    return _argmax_masked(_rollout_values(sim, learned, rest, ctx.goals, ctx.candidates.any(0)), ctx.candidates)


def _rollout_values(sim, learned: np.ndarray, rest: np.ndarray, goals: np.ndarray, tried: np.ndarray) -> np.ndarray:
    """(N, S) the end mean goal P of sim's N students from `learned` (N, S) when each skill s with tried[s]
    is practised now and the items `rest` (N, n) follow it (-inf for the skills not tried)."""
    values = np.full((sim.n_students, sim.n_skills), -np.inf)
    for s in np.flatnonzero(tried):
        after = sim.advance(learned, np.full(sim.n_students, s))
        for t in range(rest.shape[1]):
            after = sim.advance(after, rest[:, t])
        values[:, s] = goal_mean(sigmoid(sim.start + after), goals)
    return values


def ceiling_simulator_posterior(sim, steps: int, particles: int = 4000, draws: int = 16, seed: int = 0):
    """The best-informed policy that, like ours, sees only the answers: it knows the generative simulator's
    every rule and the population its students are drawn from, but not the student. Per student, `particles`
    students drawn from that population are weighted by the likelihood of the answers seen so far (their
    learned parts follow the same items: learning there does not depend on the answers); `draws` of them,
    resampled by weight, each run the generative lookahead (each candidate now, then the goals in turn), and
    the candidate with the best mean end goal P over the draws is practised. It says how much of the
    simulator ceilings is visible from 50 answers at all."""
    state = {}

    def policy(ctx: Context) -> np.ndarray:
        B, K = sim.n_students, particles
        if ctx.t == 0:
            twin = sim.with_students(*sim.draw_students(np.random.default_rng(seed + 11), B * K))
            state.update(twin=twin, log_w=np.zeros((B, K)))
        twin, log_w = state["twin"], state["log_w"]
        if ctx.t > 0:  # weigh by the last answer, then practise it
            done = np.repeat(ctx.prev, K)
            every = np.arange(B * K)
            p = sigmoid(twin.start[every, done] + twin.learned[every, done]).reshape(B, K)  # P of the answered skill
            log_w += np.log(np.where(ctx.prev_y[:, None] > 0, p, 1.0 - p) + 1e-12)
            twin.learned = twin.advance(twin.learned, done)
        rows = (np.arange(B)[:, None] * K + _resample(log_w, draws, seed + ctx.t)).ravel()  # (B * M,)
        drawn = twin.with_students(twin.start[rows], twin.rate[rows], twin.forget[rows])
        rest = np.repeat(round_robin_items(ctx.goals, ctx.t + 1, steps), draws, axis=0)
        values = _rollout_values(drawn, twin.learned[rows], rest, np.repeat(ctx.goals, draws, axis=0),
                                 ctx.candidates.any(0))
        return _argmax_masked(values.reshape(B, draws, -1).mean(1), ctx.candidates)
    policy.posterior = state  # {"twin": the particles as students (B * K), "log_w": (B, K) their log weights}
    return policy


def _resample(log_w: np.ndarray, n: int, seed: int) -> np.ndarray:
    """(B, n) indices drawn in proportion to each row's weights exp(log_w) (B, K) (systematic resampling)."""
    w = np.exp(log_w - log_w.max(1, keepdims=True))
    cum = np.cumsum(w / w.sum(1, keepdims=True), axis=1)
    u = (np.random.default_rng(seed).random((len(w), 1)) + np.arange(n)[None, :]) / n  # (B, n)
    return np.minimum((cum[:, None, :] < u[:, :, None]).sum(-1), w.shape[1] - 1)


def ceiling_generative_sequence(sim, steps: int, sweeps: int = 3):
    """The generative simulator's true state and dynamics, planned ahead: learning there does not depend on
    the answers, so with the truth the best policy is a fixed sequence of `steps` items per student. It is
    searched by coordinate ascent from round robin: each position in turn takes the candidate skill with the
    best end mean goal P, the other positions held, `sweeps` times over the sequence (a local optimum, so a
    floor under the best any policy could do; on seed 0 the 4th sweep adds 0.0006)."""
    plan = {}

    def improve(ctx: Context) -> np.ndarray:
        items = round_robin_items(ctx.goals, 0, steps)
        for _ in range(sweeps):
            learned = sim.learned
            for t in range(steps):
                items[:, t] = _best_next(sim, learned, items[:, t + 1:], ctx)
                learned = sim.advance(learned, items[:, t])
        return items

    def policy(ctx: Context) -> np.ndarray:
        if ctx.t == 0:
            plan["items"] = improve(ctx)
        return plan["items"][:, ctx.t]
    return policy


def ceiling_dkt_lookahead(dkt):
    """Greedy on a DKT simulator's own network: the candidate with the highest expected mean goal P one item
    on (exact over the answer). Given the simulator itself it reads the student's exact state; given a
    `ceiling_follower`'s DKT, only what another model trained on the same data makes of the answers."""
    def policy(ctx: Context) -> np.ndarray:
        values = np.full(ctx.goals.shape, -np.inf)
        for s in np.flatnonzero(ctx.candidates.any(0)):
            values[:, s] = dkt.expected_goal_p(int(s), ctx.goals)
        return _argmax_masked(values, ctx.candidates)
    return policy


def ceiling_follower(shadow):
    """`ceiling_dkt_lookahead` on a second DKT (a `DKTSimulator` over the same prefixes) that follows the
    observed answers."""
    greedy = ceiling_dkt_lookahead(shadow)

    def policy(ctx: Context) -> np.ndarray:
        if ctx.t == 0:
            shadow.reset()
        else:
            shadow.observe(ctx.prev, ctx.prev_y)
        return greedy(ctx)
    return policy


def ceiling_ours_true_state(sim):
    """Our planner given each skill's true P as its mastery (no uncertainty) and the estimator's gain."""
    def policy(ctx: Context) -> np.ndarray:
        _, g, _ = ctx.est.arrays()
        m = logit(sim.p_correct())
        return _first_planned(ctx, m, g, np.zeros_like(m))
    return policy


def ceilings(sim, steps: int, second_dkt=None) -> dict:
    """{name: policy} of the ceilings for `sim` (second_dkt: a DKTNet for `ceiling_follower`)."""
    out = {"ceiling_ours_true_state": ceiling_ours_true_state(sim)}
    if isinstance(sim, DKTSimulator):
        out["ceiling_simulator_lookahead"] = ceiling_dkt_lookahead(sim)
        if second_dkt is not None:
            out["ceiling_second_dkt_lookahead"] = ceiling_follower(DKTSimulator(second_dkt, sim.prefixes, sim.goals,
                                                                                sim.edges))
    else:
        out["ceiling_simulator_lookahead"] = ceiling_generative_lookahead(sim, steps)
        out["ceiling_simulator_sequence"] = ceiling_generative_sequence(sim, steps)
        out["ceiling_simulator_posterior"] = ceiling_simulator_posterior(sim, steps)
    return out


def observation(ctx: Context) -> np.ndarray:
    """(B, 4 S) float32: the Gymnasium environments' observation (metacore.gym_envs) for every student."""
    recency = np.where(np.isfinite(ctx.since), 1.0 / (1.0 + np.where(np.isfinite(ctx.since), ctx.since, 0.0)), 0.0)
    return np.concatenate([ctx.succ, ctx.fail, recency, ctx.goals], axis=1).astype(np.float32)


def obs_policy(act):
    """A harness policy from act((B, 4 S) observations) -> (B,) skills, e.g. an RL agent trained on the gym envs."""
    return lambda ctx: np.asarray(act(observation(ctx)), dtype=np.int64)


POLICY_FUNCS = {"random": policy_random, "round_robin": policy_round_robin, "lowest_mastery": policy_lowest_mastery,
                "weighted_score": policy_weighted_score, "ours": policy_ours, "ours_transfer": policy_ours_transfer}


# --------------------------------------------------------------------------------------------------
# one simulator, every policy


def normalised_gain(pre: np.ndarray, post: np.ndarray) -> float:
    """Hake's normalised gain of class averages: (mean post - mean pre) / (1 - mean pre)."""
    return float((post.mean() - pre.mean()) / max(1.0 - pre.mean(), 1e-9))


def bootstrap_gains(pre: np.ndarray, post: dict, n_boot: int = 1000, seed: int = 0) -> dict:
    """{policy: (n_boot,) normalised gains}, every policy on the same resamples of students (paired)."""
    idx = np.random.default_rng(seed).integers(0, len(pre), (n_boot, len(pre)))  # (R, B)
    pre_m = pre[idx].mean(1)
    return {k: (v[idx].mean(1) - pre_m) / np.maximum(1.0 - pre_m, 1e-9) for k, v in post.items()}


def ci95(x: np.ndarray) -> list[float]:
    return [float(np.percentile(x, 2.5)), float(np.percentile(x, 97.5))]


def run_simulator(sim, p0, g0, steps: int, seed: int, config: PlanConfig, history: Dataset | None = None,
                  policies=POLICIES, extra: dict | None = None, ability_var: float | None = None,
                  cross: np.ndarray | None = None) -> dict:
    """Every policy on the same students of `sim` (reset before each); history: observed prefixes (DKT);
    extra: more {name: policy(Context) -> (B,) skills} graded beside them (see `obs_policy`); ability_var:
    the estimator's shared ability variance (None: `sim.ability_var` as set by the set-ups, else 0)."""
    if ability_var is None:
        ability_var = float(getattr(sim, "ability_var", 0.0))
    if cross is None:
        cross = getattr(sim, "cross", None)
    funcs = {**POLICY_FUNCS, **(extra or {})}
    policies = list(policies) + [k for k in (extra or {}) if k not in policies]
    B, S = sim.n_students, sim.n_skills
    prereq = adjacency(sim.edges, S)
    reach = closure(prereq)
    out, posts = {}, {}
    pre = None
    for name in policies:
        sim.reset()
        est = OnlineEstimator(p0, g0, B, ability_var=ability_var)
        since = np.full((B, S), np.inf)
        succ, fail = np.zeros((B, S)), np.zeros((B, S))
        if history is not None:  # observed real prefix (DKT simulator)
            for b, (sk, co) in enumerate(history.sequences()):
                for s, y in zip(sk - 1, co.astype(np.float64)):
                    est.update(np.array([s]), np.array([y]), np.array([b]))
                    since[b] += 1
                    since[b, s] = 0
                    succ[b, s] += y
                    fail[b, s] += 1.0 - y
        goals = sim.goals
        candidates = goals | ((goals.astype(np.float32) @ reach.T.astype(np.float32)) > 0)
        ctx = Context(est=est, goals=goals, candidates=candidates, prereq=prereq, since=since, succ=succ, fail=fail,
                      prev=np.full(B, -1), t=0, rng=np.random.default_rng(seed + 2), config=config, cross=cross)
        u_rng = np.random.default_rng(seed + 1)  # the same response draws for every policy
        pre = goal_mean(sim.p_correct(), goals)  # the same for every policy
        in_band, rows = 0, np.arange(B)
        t0 = time.perf_counter()
        for t in range(steps):
            ctx.t = t
            k = funcs[name](ctx)
            pk = sim.p_correct()[rows, k]
            in_band += int(((pk >= config.band[0]) & (pk <= config.band[1])).sum())
            y = sim.step(k, u_rng.random(B))
            est.update(k, y)
            since += 1
            since[rows, k] = 0
            succ[rows, k] += y
            fail[rows, k] += 1.0 - y
            ctx.prev, ctx.prev_y = k, y
        seconds = time.perf_counter() - t0
        posts[name] = goal_mean(sim.p_correct(), goals)
        out[name] = {"gain": normalised_gain(pre, posts[name]), "in_band": in_band / (B * steps),
                     "pre": float(pre.mean()), "post": float(posts[name].mean()), "seconds": seconds}
    boot = bootstrap_gains(pre, posts, seed=seed + 3)
    for name in posts:
        out[name]["gain_ci95"] = ci95(boot[name])
    others = [k for k in posts if not k.startswith(("ours", "ceiling_"))]
    for mine in [k for k in ("ours", "ours_transfer") if k in posts]:
        if not others:
            break
        best = max(others, key=lambda k: out[k]["gain"])
        out[f"{mine}_vs_best_other"] = {
            "best_other": best, "ratio": out[mine]["gain"] / out[best]["gain"] if out[best]["gain"] else None,
            "paired_diff": out[mine]["gain"] - out[best]["gain"], "paired_diff_ci95": ci95(boot[mine] - boot[best]),
            "cis_overlap": bool(out[mine]["gain_ci95"][0] <= out[best]["gain_ci95"][1])}
    return out


# --------------------------------------------------------------------------------------------------
# the two simulators' set-ups


def generative_setup(n_students: int, seed: int, config: GenerativeConfig | None = None,
                     calibration_students: int = 1000, steps: int = 50, transfer: bool = True,
                     cache: str | None = None):
    """(simulator, p0, g0): population priors from separately seeded students practising at random."""
    config = config or GenerativeConfig()
    cal = GenerativeSimulator(calibration_students, seed=seed + 100_003, config=config)
    rng = np.random.default_rng(seed + 7)
    skills = rng.integers(0, cal.n_skills, (steps, calibration_students))
    answers = np.stack([cal.step(skills[t], rng.random(calibration_students)) for t in range(steps)])
    data = from_sequences(((skills[:, b] + 1, answers[:, b]) for b in range(calibration_students)), n_skills=cal.n_skills)
    p0, g0 = population_priors(data)
    sim = GenerativeSimulator(n_students, seed=seed, config=config)
    sim.ability_var = ability_variance(data, p0)  # the estimator's prior, from the calibration students too
    sim.cross = fit_transfer(data, cache=cache) if transfer else None
    return sim, p0, g0


def with_skills(data: Dataset, n_skills: int) -> Dataset:
    """The same responses over a vocabulary of n_skills (>= data.n_skills) skills."""
    return Dataset(data.skills, data.correct, data.offsets, n_skills, data.student_ids)


def held_out_beside(train_path: str) -> str:
    """The test file beside a training file (train.csv -> test.csv, train.csv.gz -> test.csv.gz), so the DKT
    simulator's students start from histories its network never saw; the training file itself when there is
    none."""
    train = Path(train_path)
    beside = train.with_name(train.name.replace("train", "test", 1))
    return str(beside) if beside != train and beside.exists() else train_path


def dkt_setup(n_students: int, seed: int, train_path: str, prefix_path: str | None = None,
              cache: str | None = "var/plan_eval", dkt_config: DKTSimConfig | None = None, n_goals: int = 3,
              min_goal_responses: int = 1000, prefix_len: int = 30, min_prefix: int = 10, verbose: bool = False,
              transfer: bool = True):
    """(simulator, p0, g0, prefixes, info). Goals: n_goals skills per student among those with at least
    min_goal_responses training responses; prefixes: the first prefix_len answers of real students (from
    prefix_path, default the test file beside train_path, see `held_out_beside`) with >= min_prefix answers;
    graph: the 60 best data-suggested prerequisite links (metacore.prerequisites) that form a DAG."""
    train = read_three_line(train_path)
    if prefix_path is None:
        prefix_path = held_out_beside(train_path)
    pool_data = read_three_line(prefix_path)
    n_skills = max(train.n_skills, pool_data.n_skills)
    train = with_skills(train, n_skills)
    net = train_dkt(train, dkt_config, cache=cache, verbose=verbose)
    rng = np.random.default_rng(seed)
    ok = np.flatnonzero(pool_data.lengths >= min(min_prefix, int(pool_data.lengths.max())))
    chosen = rng.choice(ok, size=n_students, replace=n_students > len(ok))
    prefixes = from_sequences(((pool_data.student(b)[0][:prefix_len], pool_data.student(b)[1][:prefix_len])
                               for b in chosen), n_skills=n_skills)
    counts = np.bincount(train.skills, minlength=n_skills + 1)[1:]
    pool = np.flatnonzero(counts >= min_goal_responses)
    if len(pool) < n_goals:
        pool = np.argsort(-counts)[:max(n_goals, 1)]
    goals = draw_goals(rng, n_students, pool, n_skills, n_goals)
    sugg = suggest_prerequisites(train, PrerequisiteConfig(min_support=min(50, max(2, train.n_students // 10)),
                                                           min_group=min(10, max(1, train.n_students // 20))))
    edges = as_dag(sugg, top=60) - 1
    p0, g0 = population_priors(train)
    sim = DKTSimulator(net, prefixes, goals, edges)
    sim.ability_var = ability_variance(train, p0)
    sim.cross = fit_transfer(train, cache=cache) if transfer else None
    info = {"ability_var": sim.ability_var, "kind": "dkt", "train": train_path, "prefixes": prefix_path, "n_goals": n_goals,
            "goal_pool_size": int(len(pool)), "prefix_len": prefix_len, "n_edges": int(len(edges)),
            "dkt": asdict(dkt_config or DKTSimConfig())}
    return sim, p0, g0, prefixes, info


# --------------------------------------------------------------------------------------------------
# planner speed


def planner_speed(sim, p0, g0, config: PlanConfig, bench_students: int, seed: int, repeats: int = 30) -> dict:
    """Median ms of make_plan for one student and the time of plan_many for `bench_students` students
    (scaled to 10,000 when fewer), on models like the estimator's with per-student noise."""
    S = sim.n_skills
    rng = np.random.default_rng(seed)
    est = OnlineEstimator(p0, g0, 1)
    m, g, v = est.arrays()
    edges = np.asarray(sim.edges) + 1
    goal_ids = (np.flatnonzero(sim.goals[0]) + 1).tolist()
    times = []
    for r in range(repeats):
        model = StudentModel(mastery=m[0] + rng.normal(0, 1, S), gain=g[0], variance=v[0])
        t0 = time.perf_counter()
        make_plan(model, edges, goal_ids, config).to_dict()
        times.append(time.perf_counter() - t0)
    B = bench_students
    mm = m[0] + rng.normal(0, 1, (B, S))
    goals = draw_goals(rng, B, np.arange(S), S, int(sim.goals[0].sum()))
    t0 = time.perf_counter()
    plan_many(mm, g[0], v[0], adjacency(sim.edges, S), goals, 0.0, config)
    seconds = time.perf_counter() - t0
    return {"plan_ms_one_student": 1000 * float(np.median(times)), "plans_10k_seconds": seconds * 10_000 / B,
            "bench_students": B, "bench_skills": S}


# --------------------------------------------------------------------------------------------------


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--students", type=int, default=500, help="simulated students per simulator")
    ap.add_argument("--steps", type=int, default=50, help="practice items per student")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--simulators", default="generative,dkt")
    ap.add_argument("--dkt-train", default=ASSIST, help="3-line training data of the DKT simulator")
    ap.add_argument("--dkt-prefixes", default=None, help="3-line data whose students' prefixes start the "
                                                         "simulated students (default: the test file beside --dkt-train: "
                                                         "test.csv or test.csv.gz)")
    ap.add_argument("--dkt-cache", default="var/plan_eval", help="folder caching the trained DKT ('' = none)")
    ap.add_argument("--dkt-epochs", type=int, default=None)
    ap.add_argument("--dkt-hidden", type=int, default=None)
    ap.add_argument("--bench-students", type=int, default=10_000)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--ceilings", action="store_true", help="also grade the privileged ceiling_* policies that "
                                                             "read the simulator itself (see `ceilings`)")
    ap.add_argument("--json", default=None, help="write the results here")
    args = ap.parse_args(argv)
    import torch
    torch.set_num_threads(args.threads)
    t_start = time.time()
    config = PlanConfig()
    result = {"protocol": {"students": args.students, "steps": args.steps, "seed": args.seed,
                           "band": list(config.band), "policies": list(POLICIES), "planner": asdict(config)},
              }
    speed_src = None
    for name in [s for s in args.simulators.split(",") if s]:
        t0 = time.time()
        if name == "generative":
            sim, p0, g0 = generative_setup(args.students, args.seed, steps=args.steps)
            res = run_simulator(sim, p0, g0, args.steps, args.seed, config,
                                extra=ceilings(sim, args.steps) if args.ceilings else None)
            res["params"] = {**sim.params(), "ability_var": sim.ability_var}
        elif name == "dkt":
            dc = DKTSimConfig()
            if args.dkt_epochs is not None:
                dc.epochs = args.dkt_epochs
            if args.dkt_hidden is not None:
                dc.hidden = args.dkt_hidden
            sim, p0, g0, prefixes, info = dkt_setup(args.students, args.seed, args.dkt_train, args.dkt_prefixes,
                                                    args.dkt_cache or None, dc)
            extra = None
            if args.ceilings:  # the second DKT: the same data, another seed and size
                second = replace(dc, seed=dc.seed + 1, hidden=dc.hidden * 3 // 2, emb=dc.emb * 3 // 2)
                extra = ceilings(sim, args.steps, train_dkt(with_skills(read_three_line(args.dkt_train), sim.n_skills),
                                                            second, cache=args.dkt_cache or None))
                info["second_dkt"] = asdict(second)
            res = run_simulator(sim, p0, g0, args.steps, args.seed, config, history=prefixes, extra=extra)
            res["params"] = info
        else:
            raise SystemExit(f"unknown simulator {name!r}")
        res["ceilings"] = {k: res.pop(k) for k in list(res) if k.startswith("ceiling_")}  # apart from the policies
        res["seconds"] = time.time() - t0
        result[name] = res
        if speed_src is None or name == "dkt":
            speed_src = (sim, p0, g0)
    if speed_src is not None:
        result.update(planner_speed(*speed_src, config, args.bench_students, args.seed))
    result["wall_seconds"] = time.time() - t_start
    text = json.dumps(result, indent=1, default=float)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(text)
    summary = {k: {p: (round(r["gain"], 4), [round(x, 4) for x in r["gain_ci95"]], round(r["in_band"], 3))
                   for p, r in {**v, **v["ceilings"]}.items() if isinstance(r, dict) and "gain_ci95" in r}
               for k, v in result.items() if isinstance(v, dict) and "ours" in v}
    print(json.dumps(summary, indent=1))
    print({k: result.get(k) for k in ("plan_ms_one_student", "plans_10k_seconds", "wall_seconds")})
    return result


if __name__ == "__main__":
    main()
