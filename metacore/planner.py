"""Study plans from a student's generated model (pure numpy: arrays in, arrays / dicts out).

Inputs: the student's `ExplicitModel` (mastery logit m_s, learning gain g_s, uncertainty v_s per skill, transfer
tau), the skill prerequisite graph (edges (prerequisite, dependant)), the goal skills, optionally what worked for
the most similar students (their observed per-skill gains, blended into g) and the steps since each skill was
last practised. The plan is built greedily, slot by slot, walking the model's own explicit dynamics forward
(after j planned practices of s and i planned items, mu_s = m_s + g_s log1p(j) + tau log1p(i), P_s =
sigmoid(mu_s / sqrt(1 + pi v_s / 8))). At each slot every skill gets a tier, and the best skill of the highest
tier is taken:

    5 due_for_review     a goal-relevant skill the student already knows well (P >= band[1]) that was last
                         practised >= review_after steps ago, or (given the days since) whose retrievability
                         by FSRS's forgetting curve fell below review_retention: the most forgotten first, at
                         most max_reviews per session (spacing; a student back from a holiday reviews first)
    4 ready / prereq     new practice inside the desirable-difficulty band, ranked by its lookahead value
                         (below; with lookahead=False by expected gain: the model's P increase from one more
                         item, times the goals it serves)
    3 ready / prereq /   new practice outside the band (below it, or above it but not yet mastered:
      close_to_mastery   close_to_mastery), ranked the same way
    1 ready / prereq     nothing is ready: the relevant skill with the fewest unready prerequisites
    0 due_for_review     nothing left to learn: the longest-unpractised relevant skill

Lookahead (`lookahead=True`, the default; see `Lookahead`): each candidate of tiers 4 and 3 is valued by rolling
the student's model forward: practised now, then the goals in turn up to the horizon (the plan's end, or `horizon`
items on), averaged over `samples` draws of the student's mastery from its mean and variance; its value is the
goals' mean P at the horizon. The rollout's dynamics add to the model's own learning curve what a teacher would
expect: a skill is learnt as well as its weakest direct prerequisite is known (`gate`), and best near the band's
centre (`fit_width`). So a goal held back by a weak prerequisite waits, a prerequisite is worth what it adds to
the goals' later gains, and the band and prerequisites still decide what may be practised. The items' predicted P, gains
and the forecasts stay the model's own (as `ExplicitModel.forecast` and `_replay` compute them).

With `cross` (an estimated cross-skill transfer, see `plan_many`) the expected gain of practising a also counts
the expected change of every goal's P from the answer on a: sum over goals b of dP_b/dlogit (P_a cross[0, a, b]
+ (1 - P_a) cross[1, a, b]). `band_first=False` puts new practice outside the band in tier 4 too (one tier,
ranked by expected gain).

"New practice" is only offered on a skill that is goal-relevant (a goal, or a prerequisite of a goal that is
still below `ready`), ready (every direct prerequisite has P >= `ready`, so prerequisites come before their
dependants), and not mastered (P < `mastery`: mastered skills only ever come back as reviews).

    plan = make_plan(model, edges=edges, goals=[12, 17], config=PlanConfig(sessions=3))
    plan = apply_overrides(plan, [{"action": "pin", "skill": 4, "position": 0}])
    plan.to_dict()                      # JSON-safe
    plan_from_dict(model.to_dict(), edges=edges, goals=goals, overrides=overrides)  # dicts in and out (Django)
    batch = plan_many(mastery=m, gain=g, variance=v, edges=prereq, goals=goal_masks)  # (B, S) arrays -> (B, T) plans

The three take the same settings by keyword, under the same names: one student's in skill ids (`make_plan`,
`plan_from_dict`), many students' in 0-based skill positions and (B, S) masks (`plan_many`).
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import asdict, dataclass, field, replace
from typing import Collection, Mapping, Sequence

import numpy as np

from metacore.explicit_model import ExplicitModel
from metacore.functional import probit_scale, retrievability, sigmoid

REASONS = ("ready_to_learn", "prerequisite_for_goal", "due_for_review", "close_to_mastery", "teacher_added",
           "assigned")
READY, PREREQ, REVIEW, CLOSE, TEACHER, ASSIGNED = range(6)
ACTIONS = ("pin", "remove", "add", "reorder")


@dataclass
class PlanConfig:
    sessions: int = 3  # study sessions planned
    items_per_session: int = 10  # practice items per session
    band: tuple[float, float] = (0.6, 0.85)  # desirable difficulty: predicted P(success) window for new practice
    mastery: float = 0.95  # P(success) at which a skill counts as mastered (then only ever reviewed)
    ready: float = 0.6  # a skill is ready when all its prerequisites have P >= this
    review_after: int = 10  # steps since a well-known skill was practised before it is due for review
    review_retention: float = 0.9  # with days_since: a well-known skill is due for review once its retrievability
    # (1 + days / (9 stability))^-1, FSRS's forgetting curve, falls below this (after `stability_days` days)
    stability_days: float = 7.0  # days after which a skill's retrievability is 0.9 where no stability is given
    max_reviews: int = 2  # reviews per session at most (tier 5)
    max_per_session: int = 3  # items of one skill per session at most (more only when nothing else is left)
    interleave: bool = True  # the same skill twice in a row only when nothing else of its tier is left
    never_worse: bool = True  # practice never lowers a chance of success: gain and transfer taken as at least 0
    goal_skills: tuple[int, ...] | None = None  # skill ids the plan aims at; None: all skills
    neighbour_weight: float = 0.5  # weight of the similar students' observed gains blended into g
    band_first: bool = True  # new practice inside the band before any outside it (False: one tier, by value)
    lookahead: bool = True  # rank new practice by a rollout of the model to the horizon (False: by the band)
    horizon: int = 0  # items the lookahead rolls out to from each slot (0: to the plan's end)
    samples: int = 8  # draws of the student's mastery (from its mean and variance) the rollout averages over
    gate: float = 1.0  # a skill's gain is times (1 - gate + gate * P of its weakest direct prerequisite)
    fit_width: float = 1.5  # logit width of the gain's fall-off away from the band's centre (0: none)

    @property
    def n_items(self) -> int:
        return self.sessions * self.items_per_session


# --------------------------------------------------------------------------------------------------
# graph helpers


def adjacency(edges, n_skills: int) -> np.ndarray:
    """(S, S) bool, a[p, d] = p is a direct prerequisite of d, from (E, 2) 0-based edges (or an (S, S) matrix)."""
    e = np.asarray([] if edges is None else edges)
    if e.ndim == 2 and e.shape == (n_skills, n_skills) and e.dtype == bool:
        return e
    e = e.reshape(-1, 2).astype(np.int64)
    a = np.zeros((n_skills, n_skills), dtype=bool)
    a[e[:, 0], e[:, 1]] = True
    np.fill_diagonal(a, False)
    return a


def closure(a: np.ndarray) -> np.ndarray:
    """(S, S) bool transitive closure: c[p, d] = p is a (direct or indirect) prerequisite of d."""
    c = a.copy()
    for k in range(len(c)):  # Warshall: paths through k
        c |= c[:, k:k + 1] & c[k:k + 1, :]
    return c


# --------------------------------------------------------------------------------------------------
# the batched planner


@dataclass
class PlanBatch:
    skills: np.ndarray  # (B, T) int64 skill index (0-based position in the model), -1 = no item
    reasons: np.ndarray  # (B, T) int8 index into REASONS
    p_success: np.ndarray  # (B, T) predicted P(success) when the item comes
    expected_gain: np.ndarray  # (B, T) predicted rise of that skill's P from doing the item
    forecast_with: np.ndarray  # (B, S) P after the whole plan
    forecast_without: np.ndarray  # (B, S) P now (no practice)
    goals: np.ndarray  # (B, S) bool


def plan_many(*, mastery, gain, variance, transfer=0.0, edges=None, goals=None, config: PlanConfig | None = None,
              since=None, neighbour_gain=None, cross=None, practicable=None, forced=None, slots: int | None = None,
              days_since=None, stability=None, previous=None) -> PlanBatch:
    """Plans for B students at once. mastery, gain, variance (B, S); transfer scalar or (B,); edges (S, S) bool
    or (E, 2) 0-based (prerequisite, dependant) (None: none); goals (B, S) or (S,) bool (None: all); since (B, S)
    steps since last practice (inf = never; None: all 0); neighbour_gain (B, S) or (S,), NaN = unknown; cross
    (2, S, S) or None: the cross-skill transfer estimated from data (`cross[0, a, b]` / `cross[1, a, b]`: the
    change of skill b's logit after a right / wrong answer on a), used to rank practice by its expected effect on
    the goals; practicable (B, S) or (S,) bool: the skills that may be planned (those the student can practise;
    None: all); forced (B, T) int64: at slot t the skill forced[b, t] is taken as it is (items already shown),
    -1 = free; slots: the number of items T (default config.n_items); days_since (B, S) calendar days since each
    skill's last practice (inf = never; None: reviews count steps only) and stability (B, S) or (S,) days (None:
    config.stability_days): a well-known skill whose retrievability has fallen below config.review_retention is
    due for review, so a student back from a holiday reviews first; previous (B,) the skill each student
    practised last (-1 = none): the first slot interleaves after it as after a planned item."""
    c = config or PlanConfig()
    m = np.atleast_2d(np.asarray(mastery, dtype=np.float64))
    B, S = m.shape
    g = np.broadcast_to(np.asarray(gain, dtype=np.float64), (B, S)).copy()
    if neighbour_gain is not None:
        ng = np.broadcast_to(np.asarray(neighbour_gain, dtype=np.float64), (B, S))
        g = np.where(np.isnan(ng), g, (1 - c.neighbour_weight) * g + c.neighbour_weight * ng)
    var = np.broadcast_to(np.asarray(variance, dtype=np.float64), (B, S))
    scale = probit_scale(var)
    tau = np.broadcast_to(np.asarray(transfer, dtype=np.float64), (B,))[:, None]  # (B, 1)
    if c.never_worse:  # a negative gain or transfer fits order effects in the data, not learning: not planned with
        g, tau = np.maximum(g, 0.0), np.maximum(tau, 0.0)
    a = adjacency(edges, S)
    af = a.astype(np.float32)
    goal = np.ones((B, S), dtype=bool) if goals is None else np.broadcast_to(np.asarray(goals, dtype=bool), (B, S))
    reach = closure(a).T.astype(np.float32)  # (S, S) reach[d, p] = p leads to d
    n_desc = goal.astype(np.float32) @ reach  # (B, S) goals each skill leads to
    relevant = goal | (n_desc > 0)
    can = (np.ones((B, S), dtype=bool) if practicable is None
           else np.broadcast_to(np.asarray(practicable, dtype=bool), (B, S)))
    since = np.zeros((B, S)) if since is None else np.broadcast_to(np.asarray(since, dtype=np.float64), (B, S)).copy()
    practised = np.isfinite(since)
    lapse = _lapse(days_since, stability, (B, S), c)  # (B, S) 1 - retrievability by the calendar, 0 = unknown
    lo, hi = c.band
    T = c.n_items if slots is None else slots
    force = np.full((B, T), -1, dtype=np.int64) if forced is None else np.asarray(forced, dtype=np.int64)
    if cross is not None:
        cross = np.asarray(cross, dtype=np.float64)
        cross_right, cross_wrong = cross[0].T.copy(), cross[1].T.copy()  # (S_b, S_a)
    rows = np.arange(B)
    j = np.zeros((B, S))
    done = np.zeros(B)  # items planned so far per student
    out_s = np.full((B, T), -1, dtype=np.int64)
    out_r = np.zeros((B, T), dtype=np.int8)
    out_p, out_g = np.zeros((B, T)), np.zeros((B, T))
    offset = c.n_items - T  # items of the first session already behind the student
    previous = np.full(B, -1) if previous is None else np.broadcast_to(np.asarray(previous, dtype=np.int64), (B,))
    look = Lookahead(m, g, var, a, goal, relevant, c) if c.lookahead else None
    for i in range(T):
        if (i + offset) % c.items_per_session == 0 or i == 0:
            reviews_left = np.full(B, c.max_reviews)
            in_session = np.zeros((B, S))
        mu = m + g * np.log1p(j) + tau * np.log1p(done)[:, None]
        p = sigmoid(mu * scale)
        dp = sigmoid((mu + g * (np.log1p(j + 1) - np.log1p(j))) * scale) - p
        n_unready = ((p < c.ready).astype(np.float32) @ af)  # (B, S) direct prerequisites below `ready`
        weight = goal + np.where(p < c.ready, n_desc, 0.0)  # goals this practice serves
        ready = n_unready == 0
        new = relevant & ready & (p < c.mastery) & (weight > 0)
        value, transfer_value = dp * weight, 0.0
        if cross is not None:  # expected change of the goals' P from the answer's transfer, E over right / wrong
            slope = np.where(goal, p * (1.0 - p) * scale, 0.0)  # (B, S) dP / dlogit of each goal
            transfer_value = p * (slope @ cross_right) + (1.0 - p) * (slope @ cross_wrong)
        if look is None:
            value = value + transfer_value
            value = 0.5 + 0.5 * value / (1.0 + np.abs(value))  # squashed into (0, 1) for ranking within a tier
        else:  # the goals' mean P at the horizon (in [0, 1]), plus the transfer's share of it
            ahead = look.values(new & can, i + 1, max((c.horizon or T - i) - 1, 0))
            value = np.clip(ahead + transfer_value / look.n_goals[:, None], 0.0, 1.0)
        recency = np.minimum(np.where(practised, since, 0.0), 999.0) / 1000.0
        score = np.where(relevant, 0.0 + recency, -np.inf)
        score = np.where(relevant & ~ready & (p < c.mastery), 10.0 + 1.0 / (1.0 + n_unready), score)
        score = np.where(new & ((p < lo) | (p > hi)), (30.0 if c.band_first else 40.0) + value, score)
        score = np.where(new & (p >= lo) & (p <= hi), 40.0 + value, score)
        forgotten = lapse > 1.0 - c.review_retention
        due = relevant & practised & (p >= hi) & ((since >= c.review_after) | forgotten) & (reviews_left > 0)[:, None]
        score = np.where(due, 50.0 + np.where(forgotten, 1.0 + lapse, recency), score)  # the most forgotten first
        score = np.where(can, score, -np.inf)
        choice = _varied(score, in_session, previous, c)
        k = np.argmax(choice, axis=1)  # (B,)
        k = np.where(force[:, i] >= 0, force[:, i], k)
        best = score[rows, k]
        ok = np.isfinite(choice[rows, k]) | (force[:, i] >= 0)
        tier = np.floor(best / 10.0)
        is_goal = goal[rows, k]
        reason = np.where(is_goal, READY, PREREQ)
        reason = np.where(((tier == 3) | (tier == 4)) & (p[rows, k] > hi), CLOSE, reason)
        reason = np.where((tier == 5) | (tier == 0), REVIEW, reason)
        out_s[:, i] = np.where(ok, k, -1)
        out_r[:, i] = reason
        out_p[:, i], out_g[:, i] = p[rows, k], dp[rows, k]
        r, kk = rows[ok], k[ok]
        if look is not None:
            look.advance(r, kk)
        j[r, kk] += 1
        in_session[r, kk] += 1
        previous = np.where(ok, k, -1)
        since += 1
        since[r, kk] = 0.0
        lapse[r, kk] = 0.0
        practised[r, kk] = True
        reviews_left -= (tier == 5)
        done += ok
    final = m + g * np.log1p(j) + tau * np.log1p(done)[:, None]
    return PlanBatch(skills=out_s, reasons=out_r, p_success=out_p, expected_gain=out_g,
                     forecast_with=sigmoid(final * scale), forecast_without=sigmoid(m * scale), goals=goal)


def _lapse(days_since, stability, shape: tuple[int, int], c: PlanConfig) -> np.ndarray:
    """(B, S) 1 - retrievability of each practised skill by the days since its last practice (0 without days)."""
    if days_since is None:
        return np.zeros(shape)
    days = np.broadcast_to(np.asarray(days_since, dtype=np.float64), shape)
    stab = np.broadcast_to(np.asarray(c.stability_days if stability is None else stability, dtype=np.float64), shape)
    seen = np.isfinite(days)
    return np.where(seen, 1.0 - retrievability(np.where(seen, days, 0.0), stab), 0.0)


class Lookahead:
    """The lookahead's model of B students over their goal-relevant skills (R of them, gathered per student),
    walked forward by `advance`: `samples` draws of each skill's logit from the model's mean and variance
    (Latin-hypercube quantiles, the same for every call: plans are deterministic), and practising skill s adds
    g_s (log1p(j + 1) - log1p(j)) * (1 - gate + gate * P of its weakest direct prerequisite) * fit to its logit
    (j: its planned practices so far; fit = exp(-(logit - logit(band centre))^2 / (2 fit_width^2)), 1 without
    a width). A candidate's value is the mean over draws of the goals' mean P once it is practised now and the
    goals follow in turn to the horizon."""

    def __init__(self, m, g, v, a, goal, relevant, c: PlanConfig):
        B, S = m.shape
        R = max(1, int(relevant.sum(1).max()))
        self.idx = np.argsort(~relevant, axis=1, kind="stable")[:, :R]  # (B, R) skill positions
        self.valid = np.take_along_axis(relevant, self.idx, axis=1)  # (B, R)
        self.pos = np.full((B, S), -1, dtype=np.int64)  # (B, S) each skill's place in idx, -1 = not relevant
        self.pos[np.arange(B)[:, None], self.idx] = np.where(self.valid, np.arange(R)[None, :], -1)
        take = lambda x: np.take_along_axis(x, self.idx, axis=1)  # noqa: E731
        z = _quantile_draws(max(1, c.samples), S)[:, self.idx].transpose(1, 0, 2)  # (B, M, R)
        self.mu = np.full((B, z.shape[1], R + 1), 50.0)  # (B, M, R + 1) logit draws; place R: P = 1 (padding)
        self.mu[:, :, :R] = take(m)[:, None, :] + np.sqrt(np.maximum(take(v), 0.0))[:, None, :] * z
        pad = lambda x: np.concatenate([x, np.zeros((B, 1), dtype=x.dtype)], axis=1)  # noqa: E731
        self.gain = pad(np.where(self.valid, take(g), 0.0))  # (B, R + 1)
        self.j = np.zeros((B, R + 1), dtype=np.int64)  # (B, R + 1) planned practices
        self.steps = np.diff(np.log1p(np.arange(c.n_items + max(c.horizon, c.n_items) + 2)))  # log1p(j+1) - log1p(j)
        pre = a[self.idx[:, :, None], self.idx[:, None, :]]  # (B, R, R) p -> d among the relevant skills
        pre &= self.valid[:, :, None] & self.valid[:, None, :]
        gr = np.where(self.valid, take(goal), False)
        self.pre = _listed(pre)  # (B, R, W) each skill's direct prerequisites (places; R = none)
        self.pre_goal = _listed(pre & gr[:, :, None])  # those that are goals
        self.pre_other = _listed(pre & ~gr[:, :, None])  # those that are not (unchanged while goals are practised)
        self.goal_w = pad(gr / np.maximum(gr.sum(1, keepdims=True), 1))  # (B, R + 1) each goal's share of the value
        self.goal_r = np.argsort(~gr, axis=1, kind="stable")  # (B, R) goals first
        self.n_goals = np.maximum(gr.sum(1), 1)
        self.centre = float(np.log(np.mean(c.band) / (1 - np.mean(c.band))))
        self.c = c

    def advance(self, students: np.ndarray, skills: np.ndarray) -> None:
        """The students (N,) practise skills (N,) (positions in S; those not relevant change nothing here)."""
        k_r = self.pos[students, skills]
        b, k = students[k_r >= 0], k_r[k_r >= 0]
        self.mu[b, :, k] = self.raised(self.mu, b, k, self.gain[b, k], self.j[b, k], self.pre[b, k])
        self.j[b, k] += 1

    def raised(self, mu, rows, k, gain, j, pre, others=None) -> np.ndarray:
        """(N, M) the logits of column k (N,) of mu[rows] (mu (B, M, C)) once practised a (j + 1)-th time with
        gain (N,); pre (N, W): the columns of its prerequisites (the weakest gates the gain); others (N, M): the
        weakest logit of those not listed in pre, when known."""
        mk = mu[rows, :, k]  # (N, M)
        rise = (gain * self.steps[j])[:, None]  # (N, 1)
        if self.c.fit_width > 0:
            rise = rise * np.exp((mk - self.centre) ** 2 * (-0.5 / self.c.fit_width ** 2))
        if self.c.gate:
            weakest = mu[rows[:, None], :, pre].min(1)  # (N, M) logit of the weakest
            if others is not None:
                weakest = np.minimum(others, weakest)
            known = sigmoid(weakest)
            rise = rise * (known if self.c.gate == 1.0 else 1.0 - self.c.gate + self.c.gate * known)
        return mk + rise

    def values(self, candidates: np.ndarray, first: int, steps: int) -> np.ndarray:
        """(B, S) the value of practising each candidate skill (B, S) bool now and then the goals in turn
        (from the `first`-th) for `steps` more items; -inf for the others. Only the rollout's places (its goals
        and their direct prerequisites) are rolled out, once for each candidate among them and once without a
        candidate (the baseline); a candidate elsewhere changes only its own P."""
        students = np.arange(len(candidates))
        cand = candidates[students[:, None], self.idx] & self.valid  # (B, R)
        B, R = cand.shape
        seq = self.goal_r[students[:, None], (first + np.arange(steps))[None, :] % self.n_goals[:, None]]  # (B, H)
        rollout = _Rollout(self, seq)
        goal_p = sigmoid(self.mu[:, :, :R]).mean(1) * self.goal_w[:, :R]  # (B, R) each goal's share of the value now
        untouched = np.where(rollout.inside, 0.0, goal_p).sum(1)  # (B,) the share of the goals the rollout leaves
        qb, qk = np.nonzero(cand & rollout.inside)  # candidates inside the rollout
        rolled, baseline = rollout.values(qb, qk)  # (len(qb),) and (B,)
        value = np.full((B, R), -np.inf)
        value[qb, qk] = untouched[qb] + rolled
        base = untouched + baseline  # (B,)
        ob, ok = np.nonzero(cand & ~rollout.inside)  # elsewhere: the baseline, plus the candidate's own P's rise
        after = self.raised(self.mu, ob, ok, self.gain[ob, ok], self.j[ob, ok], self.pre[ob, ok])
        value[ob, ok] = base[ob] + self.goal_w[ob, ok] * (sigmoid(after).mean(1) - sigmoid(self.mu[ob, :, ok]).mean(1))
        out = np.full(candidates.shape, -np.inf)
        out[students[:, None], self.idx] = np.where(self.valid, value, -np.inf)
        return np.where(candidates, out, -np.inf)


class _Rollout:
    """The places a lookahead's rollout touches (seq (B, H): the goals practised in turn, places): the goals and
    their direct prerequisites, gathered per student into columns; the columns a student does not fill and
    column Q hold the padding place R (P = 1)."""

    def __init__(self, look: Lookahead, seq: np.ndarray):
        B, H = seq.shape
        R = look.idx.shape[1]
        b = np.arange(B)[:, None]
        inside = np.zeros((B, R + 1), dtype=bool)
        inside[b, seq] = True
        inside[b[:, :, None], look.pre[b, seq]] = True
        inside[:, R] = False
        self.inside = inside[:, :R]  # (B, R)
        Q = max(1, int(inside.sum(1).max()))
        self.col_of = np.where(inside, np.cumsum(inside, axis=1) - 1, Q)  # (B, R + 1) each place's column, Q = none
        place_of = np.full((B, Q + 1), R)  # (B, Q + 1) each column's place
        held, place = np.nonzero(inside)
        place_of[held, self.col_of[held, place]] = place
        self.mu = np.ascontiguousarray(look.mu[b, :, place_of].transpose(0, 2, 1))  # (B, M, Q + 1)
        self.j, self.goal_w = look.j[b, place_of], look.goal_w[b, place_of]  # (B, Q + 1)
        self.look = look
        self.goal_cols = self.col_of[b, seq]  # (B, H)
        self.gains = look.gain[b, seq]  # (B, H)
        self.pre_goal = self.col_of[b[:, :, None], look.pre_goal[b, seq]]  # (B, H, W)
        U = min(H, int(look.n_goals.max()))  # turn h practises turn h % n_goals's goal: the first U turns hold them all
        self.pre_other = self.col_of[b[:, :, None], look.pre_other[b, seq[:, :U]]]  # (B, U, W)
        self.turn = np.arange(H)[None, :] % look.n_goals[:, None]  # (B, H) each turn's first turn of its goal

    def values(self, qb: np.ndarray, qk: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The goals' share of the value inside the rollout for students qb (N,) practising places qk (N,) first
        (each inside the rollout), and for every student without a first practice: (N,), (B,)."""
        look, B = self.look, len(self.mu)
        rows = np.concatenate([qb, np.arange(B)])  # (N + B,) each row's student
        mu, j = self.mu[rows], self.j[rows]
        n = np.arange(len(qb))
        k = self.col_of[qb, qk]
        # the candidate's own rise, read where all its prerequisites are (the copy still equals look.mu)
        mu[n, :, k] = look.raised(look.mu, qb, qk, look.gain[qb, qk], look.j[qb, qk], look.pre[qb, qk])
        j[n, k] += 1
        n = np.arange(len(rows))
        weakest_other = mu[n[:, None, None], :, self.pre_other[rows]].min(2)  # (N + B, U, M), unchanged by the goals
        others = weakest_other[n[:, None], self.turn[rows]]  # (N + B, H, M)
        goal_cols, gains, pre_goal = self.goal_cols[rows], self.gains[rows], self.pre_goal[rows]
        for h in range(goal_cols.shape[1]):
            k = goal_cols[:, h]
            mu[n, :, k] = look.raised(mu, n, k, gains[:, h], j[n, k], pre_goal[:, h], others[:, h])
            j[n, k] += 1
        value = (sigmoid(mu).mean(1) * self.goal_w[rows]).sum(-1)
        return value[:len(qb)], value[len(qb):]


def _listed(pre: np.ndarray) -> np.ndarray:
    """(B, R, W) each place's prerequisites, from pre (B, R, R) bool (p -> d), padded with R (P = 1)."""
    of_d = pre.transpose(0, 2, 1)  # (B, d, p)
    width = max(1, int(of_d.sum(2).max()))
    listed = np.argsort(~of_d, axis=2, kind="stable")[:, :, :width]
    return np.where(np.take_along_axis(of_d, listed, axis=2), listed, pre.shape[1])


def _quantile_draws(M: int, S: int) -> np.ndarray:
    """(M, S) standard normal draws: each skill gets the M quantiles (k + 0.5) / M in its own fixed order."""
    from statistics import NormalDist
    q = np.array([NormalDist().inv_cdf((k + 0.5) / M) for k in range(M)])
    order = np.argsort(np.random.default_rng(0).random((S, M)), axis=1)  # (S, M)
    return q[order].T


def _varied(score: np.ndarray, in_session: np.ndarray, previous: np.ndarray, c: PlanConfig) -> np.ndarray:
    """The scores a slot is chosen by, varying practice: a skill already `max_per_session` times in this session
    is taken only when nothing else can be; the skill just planned ranks below every other skill of its tier
    (interleaving), above every skill of a lower tier."""
    capped = np.where(in_session >= c.max_per_session, -np.inf, score)
    score = np.where(np.isfinite(capped).any(axis=1)[:, None], capped, score)
    if c.interleave:
        last = (np.arange(score.shape[1])[None, :] == previous[:, None]) & np.isfinite(score)
        score = np.where(last, np.floor(score / 10.0) * 10.0, score)
    return score


# --------------------------------------------------------------------------------------------------
# one student's plan as objects / dicts


@dataclass
class PlanStep:
    skill: int  # skill id (the model's vocabulary)
    session: int  # 0-based
    position: int  # 0-based order in the whole plan
    reason: str  # one of REASONS
    p_success_now: float | None  # predicted P(success) when the item comes (after the earlier items)
    expected_gain: float | None  # predicted rise of the skill's P(success) from this item
    pinned: bool = False  # placed by a teacher override
    assignment: int | None = None  # the assigned work it is part of (see `place_assignments`)


@dataclass
class Plan:
    items: list[PlanStep]
    goal_skills: list[int]
    forecast_with_plan: dict[int, float]  # goal skill -> P(success) after the plan
    forecast_without_plan: dict[int, float]  # goal skill -> P(success) with no further practice
    items_per_session: int = 10
    config: dict = field(default_factory=dict)
    model: ExplicitModel | None = field(default=None, repr=False)  # the (neighbour-blended) model, not serialised
    in_class: list[int] = field(default_factory=list)  # goal skills with nothing to practise here (never planned)
    start: int = 0  # position of the first item: today's items already done come before it

    def to_dict(self) -> dict:
        return {
            "items": [dict(vars(it)) for it in self.items],  # asdict without the deep copy
            "goal_skills": [int(s) for s in self.goal_skills],
            "in_class": [int(s) for s in self.in_class],
            "start": int(self.start),
            "forecast_with_plan": {str(k): float(v) for k, v in self.forecast_with_plan.items()},
            "forecast_without_plan": {str(k): float(v) for k, v in self.forecast_without_plan.items()},
            "items_per_session": int(self.items_per_session),
            "sessions": 1 + max((it.session for it in self.items), default=-1),
            "config": self.config,
        }


def _per_skill(values, model: ExplicitModel, fill: float) -> np.ndarray | None:
    """(S,) array from an (S,) array or a {skill id: value} mapping (missing -> fill)."""
    if values is None:
        return None
    if isinstance(values, Mapping):
        out = np.full(model.n_skills, fill, dtype=np.float64)
        index = {int(s): i for i, s in enumerate(model.skill_vocabulary)}
        for s, v in values.items():
            if int(s) in index and v is not None:
                out[index[int(s)]] = float(v)
        return out
    return np.asarray(values, dtype=np.float64)


def _edges_to_positions(edges, model: ExplicitModel) -> np.ndarray:
    """(E, 2) skill-id edges -> 0-based positions, dropping edges on skills the model does not know."""
    index = {int(s): i for i, s in enumerate(model.skill_vocabulary)}
    e = np.asarray(edges if edges is not None else [], dtype=np.int64).reshape(-1, 2)
    kept = [(index[a], index[b]) for a, b in e.tolist() if a in index and b in index and a != b]
    return np.asarray(kept, dtype=np.int64).reshape(-1, 2)


PLAN_CELLS = 150_000  # lookahead cells per batch of `make_plans`: about what stays in a core's cache. A student is
# counted as draws x (R + min(R, items)^2) cells (R goal-relevant skills; the rollout touches the goals of the next
# items and their direct prerequisites, with few prerequisites about one place per item): with 110 skills and 30
# items about 18 students at once, with 10 skills about 170


@dataclass
class _Request:
    """One student's plan request (`make_plan`'s arguments) in the model's skill positions (see `make_plans`)."""
    model: ExplicitModel
    vocab: list[int]  # the model's skill ids
    goal_mask: np.ndarray  # (S,) bool
    allowed: np.ndarray | None  # (S,) bool the skills that may be planned (None: all)
    neighbour_gain: np.ndarray | None  # (S,) NaN = unknown
    since: np.ndarray | None  # (S,) steps since practice, inf = never
    days_since: np.ndarray | None  # (S,) days since practice, inf = never
    stability: np.ndarray | None  # (S,) days
    edges: np.ndarray  # (E, 2) 0-based positions
    forced: np.ndarray  # (slots,) the rest of today's session as it was shown, then -1
    today_done: int
    cross: np.ndarray | None
    practicable: Collection[int] | None
    overrides: Sequence[Mapping]
    done_today: Mapping[int, int] | None
    assignments: Sequence[Mapping]

    @property
    def key(self) -> tuple:
        """Requests with the same key are planned in one `plan_many` call."""
        cross = None if self.cross is None else id(self.cross)
        return tuple(self.vocab), self.edges.tobytes(), len(self.forced), cross


def make_plan(model: ExplicitModel, *, edges=None, goals: Sequence[int] | None = None,
              config: PlanConfig | None = None, since=None, neighbour_gain=None, cross=None,
              practicable: Collection[int] | None = None, overrides: Sequence[Mapping] = (),
              done_today: Mapping[int, int] | None = None, today_done: int = 0, today_rest: Sequence[int] = (),
              assignments: Sequence[Mapping] = (), days_since=None, stability=None) -> Plan:
    """One student's plan. edges (E, 2) of skill ids (prerequisite, dependant); goals: skill ids (default
    config.goal_skills, then all); since / neighbour_gain / days_since / stability: (S,) arrays or {skill id:
    value} (see `plan_many`; stability None: the model's own, where it has one, else config.stability_days; a
    skill missing from a mapping: config.stability_days); overrides: see
    `apply_overrides` (re-applied on top of the generated plan); cross: (2, S, S) transfer over the model's
    skill positions (see `plan_many`), or None; practicable: the skill ids the student can practise (None:
    all; the others are never planned, and goals among them are listed in `Plan.in_class`); done_today:
    {skill id: items practised today} (the first session is the rest of today); today_done / today_rest: the
    items of today's session the student has done, and the skills of the rest as they were shown: the plan
    keeps them (positions start at today_done, the rest of today's session comes first, unchanged); assignments:
    work a teacher set with a due date, placed last (see `place_assignments`)."""
    return make_plans([dict(model=model, edges=edges, goals=goals, since=since, neighbour_gain=neighbour_gain,
                            cross=cross, practicable=practicable, overrides=overrides, done_today=done_today,
                            today_done=today_done, today_rest=today_rest, assignments=assignments,
                            days_since=days_since, stability=stability)], config=config)[0]


def make_plans(requests: Sequence[Mapping], *, config: PlanConfig | None = None, cells: int = PLAN_CELLS
               ) -> list[Plan]:
    """Many students' plans, each request a mapping of `make_plan`'s keyword arguments with its "model": the
    same plans as `make_plan` one at a time, made together by `plan_many` (students with the same skills,
    prerequisites and items left today at once, in batches of at most `cells` lookahead cells; 0: one at a
    time)."""
    c = config or PlanConfig()
    prepared = [_request(c, **r) for r in requests]
    groups = defaultdict(list)
    for n, r in enumerate(prepared):
        groups[r.key].append(n)
    out: list[Plan | None] = [None] * len(prepared)
    for members in groups.values():
        for batch in _batches([prepared[n] for n in members], members, c, cells):
            planned = _plan_batch([prepared[n] for n in batch], c)
            for row, n in enumerate(batch):
                out[n] = _finished(prepared[n], planned, row, c)
    return out


def _request(c: PlanConfig, *, model: ExplicitModel, edges=None, goals=None, since=None, neighbour_gain=None,
             cross=None, practicable=None, overrides=(), done_today=None, today_done=0, today_rest=(), assignments=(),
             days_since=None, stability=None) -> _Request:
    vocab = [int(s) for s in model.skill_vocabulary]
    goals = goals if goals is not None else c.goal_skills
    goal_mask = np.ones(model.n_skills, dtype=bool)
    if goals is not None:
        wanted = {int(s) for s in goals}
        goal_mask = np.array([s in wanted for s in vocab])
    allowed = None if practicable is None else np.array([s in set(practicable) for s in vocab])
    today_done = max(0, min(int(today_done), c.items_per_session))
    index = {s: k for k, s in enumerate(vocab)}
    rest = [index[int(s)] for s in today_rest if int(s) in index][:max(0, c.items_per_session - today_done)]
    forced = np.full(c.n_items - today_done, -1, dtype=np.int64)
    forced[:len(rest)] = rest
    return _Request(model=model, vocab=vocab, goal_mask=goal_mask, allowed=allowed,
                    neighbour_gain=_per_skill(neighbour_gain, model, np.nan), since=_per_skill(since, model, np.inf),
                    days_since=_per_skill(days_since, model, np.inf),
                    stability=_per_skill(model.stability if stability is None else stability, model, c.stability_days),
                    edges=_edges_to_positions(edges, model), forced=forced, today_done=today_done, cross=cross,
                    practicable=practicable, overrides=overrides, done_today=done_today, assignments=assignments)


def _batches(requests: list[_Request], members: list[int], c: PlanConfig, cells: int) -> list[list[int]]:
    """`members` (the positions of `requests`, one group) in batches, the students with the fewest goal-relevant
    skills together, each batch within `cells` lookahead cells."""
    if len(members) == 1:
        return [members]
    reach = closure(adjacency(requests[0].edges, len(requests[0].vocab))).astype(np.float32)  # (S, S) p leads to d
    goals = np.stack([r.goal_mask for r in requests]).astype(np.float32)  # (N, S)
    relevant = ((goals + goals @ reach.T) > 0).sum(1)  # (N,)
    batches, batch = [], []
    for n in np.argsort(relevant, kind="stable"):
        R = max(1, int(relevant[n]))
        needed = (len(batch) + 1) * max(1, c.samples) * (R + min(R, c.n_items) ** 2)
        if batch and needed > cells:
            batches.append(batch)
            batch = []
        batch.append(members[n])
    return batches + [batch]


def _stacked(rows: list, fill, S: int) -> np.ndarray | None:
    """(B, S) the rows, each (S,) or None (filled with `fill`); None when every row is None."""
    if all(r is None for r in rows):
        return None
    return np.stack([np.full(S, fill, dtype=np.float64) if r is None else np.asarray(r, dtype=np.float64)
                     for r in rows])


def _plan_batch(requests: list[_Request], c: PlanConfig) -> PlanBatch:
    """`plan_many` for requests of one group (the same skills, prerequisites and slots)."""
    first, S = requests[0], len(requests[0].vocab)
    allowed = [r.allowed for r in requests]
    return plan_many(mastery=np.stack([r.model.mastery for r in requests]),
                     gain=np.stack([r.model.gain for r in requests]),
                     variance=np.stack([r.model.variance for r in requests]),
                     transfer=np.array([float(r.model.transfer) for r in requests]),
                     edges=adjacency(first.edges, S), goals=np.stack([r.goal_mask for r in requests]), config=c,
                     since=_stacked([r.since for r in requests], 0.0, S),
                     neighbour_gain=_stacked([r.neighbour_gain for r in requests], np.nan, S), cross=first.cross,
                     practicable=None if all(a is None for a in allowed) else np.stack(
                         [np.ones(S, dtype=bool) if a is None else a for a in allowed]),
                     forced=np.stack([r.forced for r in requests]), slots=len(first.forced),
                     days_since=_stacked([r.days_since for r in requests], np.inf, S),
                     stability=_stacked([r.stability for r in requests], c.stability_days, S))


def _finished(r: _Request, batch: PlanBatch, row: int, c: PlanConfig) -> Plan:
    """Request r's plan from row `row` of its batch: items, forecasts, then overrides and assignments."""
    model, vocab, ng = r.model, r.vocab, r.neighbour_gain
    gain = model.gain if ng is None else np.where(np.isnan(ng), model.gain,
                                                  (1 - c.neighbour_weight) * model.gain + c.neighbour_weight * ng)
    items = []
    for t in range(len(r.forced)):
        k = int(batch.skills[row, t])
        if k < 0:
            continue
        n = r.today_done + len(items)
        items.append(PlanStep(skill=vocab[k], session=n // c.items_per_session, position=n,
                              reason=REASONS[int(batch.reasons[row, t])], p_success_now=float(batch.p_success[row, t]),
                              expected_gain=float(batch.expected_gain[row, t])))
    goal_at = np.flatnonzero(r.goal_mask)
    goal_ids = [vocab[k] for k in goal_at]
    plan = Plan(items=items, goal_skills=goal_ids,
                forecast_with_plan={vocab[k]: float(batch.forecast_with[row, k]) for k in goal_at},
                forecast_without_plan={vocab[k]: float(batch.forecast_without[row, k]) for k in goal_at},
                items_per_session=c.items_per_session, config=_config_dict(c),
                model=planning_model(replace(model, gain=gain), c),
                in_class=[s for s in goal_ids if r.practicable is not None and s not in set(r.practicable)],
                start=r.today_done)
    if r.overrides:
        plan = apply_overrides(plan, r.overrides, done_today=r.done_today, practicable=r.practicable)
    if r.assignments:
        plan = place_assignments(plan, r.assignments, sessions=c.sessions, practicable=r.practicable)
    return plan


def planning_model(model: ExplicitModel, config: PlanConfig | None = None) -> ExplicitModel:
    """The explicit model as plans walk it forward (its forecasts along a plan): with `never_worse`, gain and
    transfer of at least 0."""
    c = config or PlanConfig()
    if not c.never_worse:
        return replace(model, embedding=None)
    return replace(model, gain=np.maximum(model.gain, 0.0), transfer=max(0.0, float(model.transfer)), embedding=None)


def _config_dict(c: PlanConfig) -> dict:
    d = asdict(c)
    d["band"] = [float(x) for x in c.band]
    d["goal_skills"] = None if c.goal_skills is None else [int(s) for s in c.goal_skills]
    return d


# --------------------------------------------------------------------------------------------------
# teacher overrides


def _replay(plan: Plan) -> None:
    """Recompute each item's predicted P / gain and the goals' forecast from plan.model along the items."""
    model = plan.model
    index = {int(s): i for i, s in enumerate(model.skill_vocabulary)}
    scale = probit_scale(model.variance)
    j = np.zeros(model.n_skills)
    for i, it in enumerate(plan.items):
        k = index.get(int(it.skill))
        if k is None:
            it.p_success_now = it.expected_gain = None
            continue
        mu = model.mastery[k] + model.gain[k] * math.log1p(j[k]) + model.transfer * math.log1p(i)
        it.p_success_now = float(sigmoid(mu * scale[k]))
        step = model.gain[k] * (math.log1p(j[k] + 1) - math.log1p(j[k]))
        it.expected_gain = float(sigmoid((mu + step) * scale[k])) - it.p_success_now
        j[k] += 1
    n = len(plan.items)
    for s in plan.forecast_with_plan:
        k = index[int(s)]
        mu = model.mastery[k] + model.gain[k] * math.log1p(j[k]) + model.transfer * math.log1p(n)
        plan.forecast_with_plan[s] = float(sigmoid(mu * scale[k]))


def apply_overrides(plan: Plan, overrides: Sequence[Mapping], *, done_today: Mapping[int, int] | None = None,
                    practicable: Collection[int] | None = None) -> Plan:
    """A new plan with teacher overrides applied in order (the input plan is not changed). Each override is
    {"action": "pin" | "remove" | "add" | "reorder", "skill": id, "position": 0-based (optional),
    "per_session": n (add and pin; default 1)}:

        remove   drop the skill's items (only the one at `position` in the plan when given)
        reorder  move the skill's first item to `position` in the plan (nothing when it is not planned)
        add      the skill `per_session` times in every session, at `position` within the session (default:
                 its end); items the plan has already count, and in the first session (the rest of today) so
                 do the items practised today (`done_today`), so it never comes back endlessly
        pin      the same, marked pinned, at the session's start by default

    Removals and moves come first, then the sessions are filled. Skills outside `practicable` (when given) are
    never put in. Each session keeps its length: an added item pushes the session's last generated item out.
    Pure, so the same overrides stored beside a student survive every regeneration of the plan."""
    size = plan.items_per_session
    items = [replace(it) for it in plan.items]
    for o in overrides:  # first what takes items out or moves them, on the whole plan
        action, skill = o.get("action"), int(o["skill"])
        if action not in ACTIONS:
            raise ValueError(f"unknown override action {action!r}; expected one of {ACTIONS}")
        if action == "remove":
            pos = o.get("position")
            items = [it for n, it in enumerate(items) if not (it.skill == skill and (pos is None or n == int(pos)))]
        elif action == "reorder":
            items = _reorder(items, skill, o.get("position"))
    for o in overrides:  # then what the teacher wants in every session
        skill = int(o["skill"])
        if o["action"] in ("add", "pin") and (practicable is None or skill in set(practicable)):
            items = _place_each_session(items, o, size, (done_today or {}).get(skill, 0), plan.start)
    return _renumbered(plan, items)


def _renumbered(plan: Plan, items: list[PlanStep]) -> Plan:
    """A copy of `plan` with `items` in their order (positions from the plan's start, sessions by them) and the
    predictions replayed along them."""
    size = plan.items_per_session
    for n, it in enumerate(items, start=plan.start):
        it.position, it.session = n, n // size
    out = replace(plan, items=items, forecast_with_plan=dict(plan.forecast_with_plan))
    if out.model is not None:
        _replay(out)
    return out


def _reorder(items: list[PlanStep], skill: int, pos) -> list[PlanStep]:
    first = next((n for n, it in enumerate(items) if it.skill == skill), None)
    if first is None:
        return items
    items = list(items)
    item = items.pop(first)
    items.insert(len(items) if pos is None else max(0, min(int(pos), len(items))), item)
    return items


def _place_each_session(items: list[PlanStep], override: Mapping, size: int, done_today: int,
                        start: int = 0) -> list[PlanStep]:
    """`items` with the override's skill `per_session` times in each session (see `apply_overrides`); the first
    session has `start` items behind the student already."""
    skill, pin = int(override["skill"]), override.get("action") == "pin"
    per_session = max(1, int(override.get("per_session") or 1))
    pos = override.get("position")
    first = size - start
    sessions = [items[:first]] + [items[lo:lo + size] for lo in range(first, len(items), size)]
    for number, session in enumerate(sessions):
        room = first if number == 0 else size
        wanted = min(per_session - (done_today if number == 0 else 0), room)  # never more than the session holds
        if wanted <= 0:
            continue
        have = [it for it in session if it.skill == skill][:wanted]
        placed = [PlanStep(skill=skill, session=number, position=0, reason=REASONS[TEACHER], p_success_now=None,
                           expected_gain=None, pinned=pin) for _extra in range(wanted - len(have))]
        if pin:  # the planned items of the skill move to the pinned place too
            for it in have:
                session.remove(it)
                it.pinned = True
            placed = have + placed
        at = (0 if pin else len(session)) if pos is None else min(max(0, int(pos) % size - (size - room)),
                                                                    len(session))
        session[at:at] = placed
        while len(session) > room and _drop_last_generated(session, skill):
            pass
    return [it for session in sessions for it in session]


def _placed(item: PlanStep) -> bool:
    """Placed by a teacher (an override or an assignment), not generated."""
    return item.pinned or item.reason in (REASONS[TEACHER], REASONS[ASSIGNED])


def _drop_last_generated(session: list[PlanStep], keep_skill: int) -> bool:
    """Drop the session's last item that no teacher placed (and not of `keep_skill`); False if there is none."""
    for n in range(len(session) - 1, -1, -1):
        it = session[n]
        if not _placed(it) and it.skill != keep_skill:
            del session[n]
            return True
    return False


# --------------------------------------------------------------------------------------------------
# assigned work


def place_assignments(plan: Plan, assignments: Sequence[Mapping], *, sessions: int,
                      practicable: Collection[int] | None = None) -> Plan:
    """A new plan with work a teacher assigned placed in it (the input plan is not changed). Each assignment is
    {"assignment": id, "skill": id, "remaining": items still to do, "days_left": sessions up to its due date,
    today's included (at least 1), "first": bool}, in the order they are placed (the earliest due first).

    Its remaining items are spread over the sessions before the due date: session k of d gets ceil(left / (d - k))
    of what is left, so the nearer the date the more come early. They go at the session's start when `first` (due
    soon), else at its end, each pushing out the session's last generated item; what a teacher placed is never
    pushed out, and a session full of it takes no more (the rest waits for a later session or plan). Skills
    outside `practicable` (when given) are never put in. Pure, like `apply_overrides`."""
    size, first_room = plan.items_per_session, plan.items_per_session - plan.start
    items = [replace(it) for it in plan.items]
    split = [items[:first_room]] + [items[lo:lo + size] for lo in range(first_room, len(items), size)]
    split += [[] for _ in range(max(0, sessions - len(split)))]
    at_start = [0] * len(split)  # assigned items already put at each session's start
    for work in assignments:
        left, days = int(work["remaining"]), max(1, int(work["days_left"]))
        if practicable is not None and int(work["skill"]) not in set(practicable):
            continue
        for k, session in enumerate(split[:days]):
            capacity = first_room if k == 0 else size
            take = min(-(-left // (days - k)), capacity - sum(_placed(it) for it in session))
            if take > 0:
                at_start[k] += _assign_in_session(session, work, take, at_start[k], capacity)
                left -= take
    items = [it for session in split for it in session]
    return _renumbered(plan, items)


def _assign_in_session(session: list[PlanStep], work: Mapping, take: int, at_start: int, capacity: int) -> int:
    """Put `take` items of the assigned work in `session`: the session's generated items of its skill first (they
    become the assignment's), at the start (after the assigned items already there) when `work["first"]`, else at
    the end; then the session is cut back to `capacity`. Returns the items put at the start."""
    skill = int(work["skill"])
    have = [it for it in session if it.skill == skill and not _placed(it)][:take]
    for it in have:
        session.remove(it)
    placed = [replace(it, reason=REASONS[ASSIGNED], assignment=work.get("assignment")) for it in have] + [
        PlanStep(skill=skill, session=0, position=0, reason=REASONS[ASSIGNED], p_success_now=None,
                 expected_gain=None, assignment=work.get("assignment")) for _ in range(take - len(have))]
    at = at_start if work.get("first") else len(session)
    session[at:at] = placed
    while len(session) > capacity and _drop_last_generated(session, -1):
        pass
    return take if work.get("first") else 0


def plan_from_dict(model: Mapping, *, config: PlanConfig | Mapping | None = None, **request) -> dict:
    """`make_plan` with dicts in and out (the Django entry point): a stored ExplicitModel dict, a PlanConfig or
    its dict, the rest as `make_plan` takes it (skill ids) -> the plan's JSON-safe dict (see `Plan.to_dict`)."""
    return plans_from_dicts([dict(request, model=model)], config=config)[0]


def plans_from_dicts(requests: Sequence[Mapping], *, config: PlanConfig | Mapping | None = None,
                     cells: int = PLAN_CELLS) -> list[dict]:
    """`make_plans` with dicts in and out: each request `make_plan`'s keyword arguments with its "model" a stored
    ExplicitModel dict -> each plan's JSON-safe dict, in order."""
    if isinstance(config, Mapping):
        config = PlanConfig(**{k: tuple(v) if k in ("band", "goal_skills") and v is not None else v
                               for k, v in config.items()})
    made = make_plans([dict(r, model=ExplicitModel.from_dict(dict(r["model"]))) for r in requests], config=config,
                      cells=cells)
    return [plan.to_dict() for plan in made]
