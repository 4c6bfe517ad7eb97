"""Ceilings (--ceilings): privileged policies that read the simulator itself. They are no rival and not ours;
they say how much any policy could gain, and how much of it a model that is not the simulator can see."""
from __future__ import annotations

import numpy as np

from metacore.functional import logit
from metacore.lab.plan_eval.policies import Context, argmax_masked, first_planned, round_robin_items
from metacore.lab.simulators import DKTSimulator, Memory, mean_on_goals


def ceiling_generative_lookahead(sim, steps: int):
    """The generative simulator's true state, dynamics and calendar: each candidate skill is tried now,
    followed by the goals in turn (round robin) to the last item; the one with the best mean goal P right
    after the last item is practised.
    Learning there does not depend on the answers, so this rollout is never below round robin for any
    student (each step keeps the best of a set that holds round robin's own continuation)."""
    def policy(ctx: Context) -> np.ndarray:
        return _best_next(sim, sim.memory, ctx.t, round_robin_items(ctx.goals, ctx.t + 1, steps), ctx)
    return policy


def _best_next(sim, memory: Memory, t: int, rest: np.ndarray, ctx: Context) -> np.ndarray:
    """(B,) the candidate skill to practise as item t, from `memory`, that gives the best end mean true goal
    P when the items `rest` (B, n) follow it."""
    return argmax_masked(_rollout_values(sim, memory, t, rest, ctx.goals, ctx.candidates.any(0)), ctx.candidates)


def _rollout_values(sim, memory: Memory, t: int, rest: np.ndarray, goals: np.ndarray, tried: np.ndarray
                    ) -> np.ndarray:
    """(N, S) the mean goal P of sim's N students right after the last item, from `memory`, when each skill s
    with tried[s] is practised as item t and the items `rest` (N, n) follow it on the calendar's days (-inf for
    the skills not tried)."""
    days = sim.calendar.day_of(np.arange(t, t + 1 + rest.shape[1]))
    values = np.full((sim.n_students, sim.n_skills), -np.inf)
    for s in np.flatnonzero(tried):
        after = sim.advance(memory, np.full(sim.n_students, s), days[0])
        for j in range(rest.shape[1]):
            after = sim.advance(after, rest[:, j], days[j + 1])
        values[:, s] = mean_on_goals(sim.p_at(after, days[-1]), goals)
    return values


class SimulatorPosteriorCeiling:
    """The best-informed policy that, like ours, sees only the answers: it knows the generative simulator's
    every rule and the population its students are drawn from, but not the student. Per student, `particles`
    students drawn from that population are weighted by the likelihood of the answers seen so far (their
    learned parts follow the same items: learning there does not depend on the answers); `draws` of them,
    resampled by weight, each run the generative lookahead (each candidate now, then the goals in turn), and
    the candidate with the best mean end goal P over the draws is practised. It says how much of the
    simulator ceilings is visible from 50 answers at all."""

    def __init__(self, sim, steps: int, particles: int = 4000, draws: int = 16, seed: int = 0):
        self.sim, self.steps, self.particles, self.draws, self.seed = sim, steps, particles, draws, seed
        self.twin = None  # the particles as students (B * particles), drawn at the first step
        self.log_w: np.ndarray | None = None  # (B, particles) their log weights

    def __call__(self, ctx: Context) -> np.ndarray:
        sim, B, K, draws = self.sim, self.sim.n_students, self.particles, self.draws
        if ctx.t == 0:
            self.twin = sim.with_students(*sim.draw_students(np.random.default_rng(self.seed + 11), B * K))
            self.log_w = np.zeros((B, K))
        twin, log_w = self.twin, self.log_w
        if ctx.t > 0:  # weigh by the last answer, then practise it
            done, day = np.repeat(ctx.prev, K), sim.calendar.day_of(ctx.t - 1)
            p = twin.p_at(twin.memory, day)[np.arange(B * K), done].reshape(B, K)  # P of the answered skill
            log_w += np.log(np.where(ctx.prev_y[:, None] > 0, p, 1.0 - p) + 1e-12)
            twin.memory = twin.advance(twin.memory, done, day)
        rows = (np.arange(B)[:, None] * K + _resample(log_w, draws, self.seed + ctx.t)).ravel()  # (B * M,)
        drawn = twin.with_students(*twin.students(rows))
        rest = np.repeat(round_robin_items(ctx.goals, ctx.t + 1, self.steps), draws, axis=0)
        values = _rollout_values(drawn, Memory(*(a[rows] for a in twin.memory)), ctx.t, rest,
                                 np.repeat(ctx.goals, draws, axis=0), ctx.candidates.any(0))
        return argmax_masked(values.reshape(B, draws, -1).mean(1), ctx.candidates)


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
        days = sim.calendar.day_of(np.arange(steps))
        for _ in range(sweeps):
            memory = sim.memory
            for t in range(steps):
                items[:, t] = _best_next(sim, memory, t, items[:, t + 1:], ctx)
                memory = sim.advance(memory, items[:, t], days[t])
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
        return argmax_masked(values, ctx.candidates)
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
        m = logit(sim.p_correct(ctx.day))
        return first_planned(ctx, m, g, np.zeros_like(m))
    return policy


def ceilings(sim, steps: int, second_dkt=None) -> dict:
    """{name: policy} of the ceilings for `sim` (second_dkt: a DKTNet for `ceiling_follower`, on sim's calendar)."""
    out = {"ceiling_ours_true_state": ceiling_ours_true_state(sim)}
    if isinstance(sim, DKTSimulator):
        out["ceiling_simulator_lookahead"] = ceiling_dkt_lookahead(sim)
        if second_dkt is not None:
            out["ceiling_second_dkt_lookahead"] = ceiling_follower(DKTSimulator(second_dkt, sim.prefixes, sim.goals,
                                                                                sim.edges, calendar=sim.calendar))
    else:
        out["ceiling_simulator_lookahead"] = ceiling_generative_lookahead(sim, steps)
        out["ceiling_simulator_sequence"] = ceiling_generative_sequence(sim, steps)
        out["ceiling_simulator_posterior"] = SimulatorPosteriorCeiling(sim, steps)
    return out
