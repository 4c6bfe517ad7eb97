"""The graded policies: (Context) -> (B,) skill indices, one practice item per student and step."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone

import numpy as np
from fsrs import Card, Rating, Scheduler

from metacore.functional import logit
from metacore.online_estimate import OnlineEstimator
from metacore.lab.plan_eval.generated import policy_network_lookahead, seconds_of
from metacore.planner import PlanConfig, plan_many

POLICIES = ("random", "round_robin", "lowest_mastery", "weighted_score", "fsrs", "ours", "ours_transfer",
            "ours_generated", "ours_generated_only", "ours_network", "ours_neighbours")
GENERATED_POLICIES = ("ours_generated", "ours_generated_only", "ours_network",
                      "ours_neighbours")  # read the population's generator
OURS = tuple(p for p in POLICIES if p.startswith("ours"))


@dataclass
class Context:
    est: OnlineEstimator  # or a ForgettingEstimator (ours), read as of `day`
    goals: np.ndarray  # (B, S) bool
    candidates: np.ndarray  # (B, S) bool goals and their prerequisites
    prereq: np.ndarray  # (S, S) bool direct prerequisite links
    since: np.ndarray  # (B, S) items since last observed practice, inf = never
    succ: np.ndarray  # (B, S) observed right answers
    fail: np.ndarray  # (B, S) observed wrong answers
    prev: np.ndarray  # (B,) last practised skill, -1 = none
    t: int
    rng: np.random.Generator
    config: PlanConfig
    cross: np.ndarray | None = None  # (2, S, S) cross-skill transfer fitted on the population's data (ours only)
    prev_y: np.ndarray | None = None  # (B,) the answer to `prev` (None before the first item)
    day: int = 0  # the calendar day of the item being chosen (0 = the first Monday; see simulators.Calendar)
    last_day: np.ndarray | None = None  # (B, S) day of the last observed practice, -inf = never (None: never)
    prev_day: int = -1  # the calendar day of `prev`

    @property
    def days_since(self) -> np.ndarray:
        """(B, S) calendar days since each skill's last observed practice (inf = never)."""
        if self.last_day is None:
            return np.full(self.goals.shape, np.inf)
        return self.day - self.last_day


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


def first_planned(ctx: Context, m, g, v, cross=None, neighbour_gain=None) -> np.ndarray:
    """(B,) the first item of the planner's plan from models (m, g, v) (B, S), planned alone (one slot, its
    lookahead over the whole plan's length: the same item as the whole plan's first); round robin where it is
    empty. The day's items are one session, as a site session is: the item after one of the same day interleaves
    with it. neighbour_gain (B, S): the similar students' gains the planner blends into g (None: none)."""
    config = replace(ctx.config, horizon=ctx.config.horizon or ctx.config.n_items)
    first = plan_many(mastery=m, gain=g, variance=v, edges=ctx.prereq, goals=ctx.goals, config=config,
                      since=ctx.since, cross=cross, neighbour_gain=neighbour_gain, slots=1, days_since=ctx.days_since,
                      stability=getattr(ctx.est, "stability", None),
                      previous=ctx.prev if ctx.prev_day == ctx.day else None).skills[:, 0]
    return np.where(first >= 0, first, policy_round_robin(ctx))


def policy_ours(ctx: Context) -> np.ndarray:
    return first_planned(ctx, *ctx.est.arrays())


def policy_ours_neighbours(ctx: Context) -> np.ndarray:
    """ours_generated, with the gains of each student's nearest students blended in, as the site's plans did until
    2026-12-01 (`BlendedEstimator.neighbour_gains`)."""
    return first_planned(ctx, *ctx.est.arrays(), neighbour_gain=ctx.est.neighbour_gains(ctx.t))


def policy_ours_transfer(ctx: Context) -> np.ndarray:
    """ours, with the planner also ranking practice by its expected transfer to the goals (`ctx.cross`)."""
    return first_planned(ctx, *ctx.est.arrays(), cross=ctx.cross)


class FSRSReviews:
    """Reviews scheduled by FSRS (the `fsrs` package, FSRS-6 with its default parameters, desired retention 0.9,
    no fuzzing and no same-day learning steps: intervals in days). Each student has a card per goal skill,
    made at its first practice; every answer is a review rated Good when right, Again when wrong. Each item
    practises the goal most overdue (the earliest due day, due today or before); when none is due, a goal
    not yet started (in index order), and when every goal has started, the one due soonest (an early
    review). It reads only the answers, the goals and the calendar; state resets at the first item."""

    def __init__(self, desired_retention: float = 0.9):
        self.desired_retention = desired_retention
        self.cards: list[dict] = []  # per student {skill: fsrs.Card}
        self.pending: list = []  # (student, skill, datetime) of the last items, reviewed on the next call

    def __call__(self, ctx: Context) -> np.ndarray:
        B = len(ctx.goals)
        if ctx.t == 0:
            self.scheduler = Scheduler(desired_retention=self.desired_retention, learning_steps=(),
                                       relearning_steps=(), enable_fuzzing=False)
            self.cards = [{} for _ in range(B)]
            self.pending = []
        for b, s, when in self.pending:
            card = self.cards[b].get(s) or Card(card_id=s + 1)
            rating = Rating.Good if ctx.prev_y[b] > 0 else Rating.Again
            self.cards[b][s] = self.scheduler.review_card(card, rating, when)[0]
        now = _datetime_of(ctx.day, ctx.t)
        out = np.empty(B, dtype=np.int64)
        for b in range(B):
            out[b] = self._pick(self.cards[b], np.flatnonzero(ctx.goals[b]), ctx.day)
        self.pending = [(b, int(out[b]), now) for b in range(B)]
        return out

    @staticmethod
    def _pick(cards: dict, goals: np.ndarray, day: int) -> int:
        due = {s: _day_of_datetime(card.due) for s, card in cards.items()}
        overdue = [s for s in goals if s in due and due[s] <= day]
        if overdue:
            return min(overdue, key=lambda s: (due[s], s))
        new = [s for s in goals if s not in cards]
        if new or not len(goals):
            return int(new[0]) if new else 0
        return min(goals, key=lambda s: (due[s], s))


_MONDAY = datetime(2027, 1, 4, tzinfo=timezone.utc)  # day 0 of the calendar (any Monday)


def _datetime_of(day: int, t: int) -> datetime:
    """The review time of item t on calendar `day` (`seconds_of`: a session at 16:00, items a second apart)."""
    return _MONDAY + timedelta(seconds=float(seconds_of(day, t)))


def _day_of_datetime(when: datetime) -> int:
    return (when - _MONDAY).days


def observation(ctx: Context) -> np.ndarray:
    """(B, 4 S) float32: the Gymnasium environments' observation (metacore.lab.gym_envs) for every student."""
    recency = np.where(np.isfinite(ctx.since), 1.0 / (1.0 + np.where(np.isfinite(ctx.since), ctx.since, 0.0)), 0.0)
    return np.concatenate([ctx.succ, ctx.fail, recency, ctx.goals], axis=1).astype(np.float32)


def obs_policy(act):
    """A harness policy from act((B, 4 S) observations) -> (B,) skills, e.g. an RL agent trained on the gym envs."""
    return lambda ctx: np.asarray(act(observation(ctx)), dtype=np.int64)


POLICY_FUNCS = {"random": policy_random, "round_robin": policy_round_robin, "lowest_mastery": policy_lowest_mastery,
                "weighted_score": policy_weighted_score, "fsrs": FSRSReviews(), "ours": policy_ours,
                "ours_transfer": policy_ours_transfer, "ours_generated": policy_ours,
                "ours_generated_only": policy_ours, "ours_network": policy_network_lookahead,
                "ours_neighbours": policy_ours_neighbours}
