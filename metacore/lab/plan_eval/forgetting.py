"""What a policy knows of each student, with forgetting by days: the online estimate, faded by FSRS's curve."""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from metacore.data import Dataset, pad_batch
from metacore.explicit_model import probability
from metacore.functional import logit, retrievability
from metacore.online_estimate import OnlineEstimator
from metacore.learning_curve import curve_step


@dataclass(frozen=True)
class ForgettingConfig:
    stability: float = 7.0  # first stability (days) of what practice teaches: R = 0.9 after this many days
    growth: float = 0.5  # stability growth per practice at P = 1 without a gap (x(1 + growth))
    spacing: float = 2.0  # extra growth after a gap: x(1 + spacing (1 - R)) (FSRS: more after longer gaps)
    gain_scale: float = 1.0  # the population learning curve's credit times this (the curve fitted on answers
    # spaced by days is learning net of forgetting; what fades must be the learning before it)
    forget_var: float = 0.5  # variance added to a skill's logit as its retrievability falls: forget_var (1 - R)
    fades: str = "credit"  # what fades: "credit" (what the learning curve credited to practice), "above" (the
    # logit above the anchor), "all" (the logit's distance from the anchor, either side)
    anchor_start: bool = True  # the anchor is the estimate when the student is first seen (False: the prior)


class ForgettingEstimator(OnlineEstimator):
    """`OnlineEstimator` that knows forgetting by days, per student and skill, in the spirit of FSRS.

    Beside the estimate it keeps per student and skill the day of the last practice and a stability S (days,
    config.stability at first). The learned part L of a skill's logit (`ForgettingConfig.fades`: by default the
    credit the population learning curve gave its practice, times gain_scale; or the logit above an anchor, the
    prior logit(p0) or the estimate when the student was first seen, see `anchor_here`) is held with
    retrievability R = (1 + t / (9 S))^-1 after t days without practice: on day d (`on`) the estimate is
    theta - (1 - R) L, with variance var + forget_var (1 - R) (R = 0.9 at t = S). An answer on day d first makes
    the fading of the answered skill lasting (theta -= (1 - R) L, L *= R: its last practice was the last time it
    was refreshed), grows the stability as the simulators' students and FSRS do, S <- S (1 + growth P (1 +
    spacing (1 - R))) with P the estimated chance of success before the answer (practice likely right
    consolidates more, and more after a longer gap), then updates as `OnlineEstimator` does. The constants are
    the population's (`fit_forgetting`)."""

    def __init__(self, p0: np.ndarray, g0: np.ndarray, n_students: int, v0: float = 1.5, drift: float = 0.5,
                 ability_var: float = 0.0, forgetting: ForgettingConfig | None = None):
        self.f = forgetting or ForgettingConfig()
        super().__init__(p0, np.asarray(g0, dtype=np.float64) * self.f.gain_scale, n_students, v0=v0, drift=drift,
                         ability_var=ability_var)
        shape = self.theta.shape
        self.anchor = np.broadcast_to(logit(np.asarray(p0, dtype=np.float64)), shape).copy()  # (B, S)
        self.stability = np.full(shape, float(self.f.stability))  # (B, S) days
        self.last_day = np.full(shape, -np.inf)  # (B, S) day of the last practice, -inf = never
        self.credit = np.zeros(shape)  # (B, S) the learning curve's credit still held at the last practice
        self.day = 0.0  # the day the estimate is read on (`on`)

    def anchor_here(self) -> None:
        """What the estimate holds now is prior knowledge, which does not fade (e.g. after a student's history)."""
        self.anchor = self.theta.copy()
        self.credit[:] = 0.0

    def on(self, day) -> ForgettingEstimator:
        """Read the estimate (`arrays`, `p`, `model`) as of calendar `day`; returns self."""
        self.day = float(day)
        return self

    def retrievability(self, day=None, at=np.s_[:]) -> np.ndarray:
        """(B, S) R of each skill on `day` (default: the reading day), 1 where never practised (`at`: only those
        entries, e.g. (rows, skills))."""
        t = (self.day if day is None else day) - self.last_day[at]
        return np.where(np.isfinite(t), retrievability(np.where(np.isfinite(t), t, 0.0), self.stability[at]), 1.0)

    def learned(self, at=np.s_[:]) -> np.ndarray:  # (B, S) what fades (see ForgettingConfig.fades)
        if self.f.fades == "credit":
            return self.credit[at]
        above = self.theta[at] - self.anchor[at]
        return np.maximum(above, 0.0) if self.f.fades == "above" else above

    def faded(self, day=None) -> tuple[np.ndarray, np.ndarray]:
        """(theta, var) each (B, S) on `day` (default: the reading day)."""
        lost = 1.0 - self.retrievability(day)
        return self.theta - lost * self.learned(), self.var + self.f.forget_var * lost

    def update(self, skills: np.ndarray, y: np.ndarray, rows: np.ndarray | None = None, day=None) -> None:
        day = self.day if day is None else float(day)
        rows = np.arange(len(skills)) if rows is None else rows
        r = self.retrievability(day, (rows, skills))
        self.theta[rows, skills] -= (1.0 - r) * self.learned((rows, skills))  # the fading so far, now for good
        self.credit[rows, skills] *= r
        self.cov[rows, skills, skills] += self.f.forget_var * (1.0 - r)
        p = probability(self.theta[rows, skills], self.cov[rows, skills, skills])
        self.stability[rows, skills] *= 1.0 + self.f.growth * p * (1.0 + self.f.spacing * (1.0 - r))
        self.last_day[rows, skills] = day
        n = self.n[rows, skills]
        self.credit[rows, skills] += curve_step(self.g0[skills], n)  # as `super().update` credits
        super().update(skills, y, rows)

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(mastery logit, gain, variance), each (B, S), as of the reading day."""
        _, g, _ = super().arrays()
        theta, var = self.faded()
        return theta, g, var

    def p(self) -> np.ndarray:  # (B, S) the estimated P(correct) on the reading day
        theta, var = self.faded()
        return probability(theta, var)


# the values `fit_forgetting` chooses each population constant among
FIT_GRID = {"stability": (2.0, 4.0, 8.0, 16.0, 32.0), "gain_scale": (1.0, 1.5, 2.0, 3.0), "growth": (0.25, 1.0),
            "spacing": (1.0, 4.0), "forget_var": (0.0, 0.5, 1.0), "fades": ("credit", "above")}


def read_history(est: OnlineEstimator, history: Dataset, day: float = 0.0) -> None:
    """Feed each student's observed history (one student of `history` per row of the estimate) to the estimate,
    all answered on `day`, in order: the j-th answers of every student at once."""
    batch = pad_batch(history, np.arange(history.n_students))
    for j in range(batch.skills.shape[1]):
        rows = np.flatnonzero(batch.mask[:, j])
        est.update(batch.skills[rows, j].astype(np.int64) - 1, batch.correct[rows, j].astype(np.float64), rows,
                   day=day)


def log_likelihood(est: ForgettingEstimator, skills: np.ndarray, answers: np.ndarray, days: np.ndarray,
                   history: Dataset | None = None) -> float:
    """Mean log-likelihood of answers (N, T) on skills (N, T) (0-based), item t on days[t], each predicted by
    the estimate before it and then fed to it (after each student's `history`, on day 0, when given)."""
    if history is not None:
        read_history(est, history)
        if est.f.anchor_start:
            est.anchor_here()
    rows, total = np.arange(len(skills)), 0.0
    for t in range(skills.shape[1]):
        k, y = skills[:, t], answers[:, t].astype(np.float64)
        p = np.clip(est.on(days[t]).p()[rows, k], 1e-6, 1 - 1e-6)
        total += float(np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)))
        est.update(k, y, day=days[t])
    return total / skills.size


def fit_forgetting(skills: np.ndarray, answers: np.ndarray, days: np.ndarray, p0: np.ndarray, g0: np.ndarray,
                   ability_var: float = 0.0, grid: dict | None = None, base: ForgettingConfig | None = None,
                   history: Dataset | None = None, sweeps: int = 2) -> tuple[ForgettingConfig, float]:
    """(the config whose ForgettingEstimator predicts calibration answers best, its mean log-likelihood): the
    population's forgetting constants from students seen on a calendar (answers (N, T) on skills (N, T), item t
    on days[t]; each student's earlier `history` read first, on day 0). Coordinate ascent over `grid` (default
    FIT_GRID) from `base`: each constant in turn set to its best value on the grid, the others held, `sweeps`
    times."""
    grid = grid or FIT_GRID
    seen: dict = {}

    def score(config: ForgettingConfig) -> float:
        if config not in seen:
            est = ForgettingEstimator(p0, g0, len(skills), ability_var=ability_var, forgetting=config)
            seen[config] = log_likelihood(est, skills, answers, days, history)
        return seen[config]

    best = base or ForgettingConfig()
    for _ in range(sweeps):
        for name, values in grid.items():
            best = max((replace(best, **{name: v}) for v in values), key=score)
    return best, score(best)
