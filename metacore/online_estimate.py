"""An online Bayesian estimate of each student's skills from their answers, started from the population's learning
curve (`metacore.learning_curve`) and a shared ability (`ability_variance`), both fitted when a model is trained.

Plans read it blended with the generated model (`blend`): in plan_eval the blend planned better than either alone
(docs/benchmarks.md, "2026-12-01: plans blend the generated model with the online estimate"). plan_eval's policies
read the same estimator."""
from __future__ import annotations

import numpy as np

from metacore.data import Dataset, skill_history
from metacore.explicit_model import ExplicitModel, probability
from metacore.functional import logit
from metacore.learning_curve import curve_gain, curve_step, fit_learning_curves

BLEND_WEIGHT = 0.25  # the generated model's share of the mastery and variance plans read; the estimate's: the rest


class OnlineEstimator:
    """Per-student online Bayesian logistic estimate of the skills' mastery logits (Laplace updates).

    Starts at theta_s = logit(p0_s) with covariance v0 I + ability_var (1 - I) (ability_var of the v0 shared
    by all of a student's skills: a student's ability; 0 = independent skills). After an answer y on s, with
    c = the covariance column of s: p = sigmoid(theta_s / sqrt(1 + pi c_s / 8)), w = p (1 - p);
    theta <- theta + c (y - p) / (1 + w c_s); cov <- cov - w c c^T / (1 + w c_s) (one Newton step of the
    Gaussian over all skills: the answered skill moves as in a one-skill Laplace step, the others by their
    covariance share); then the practice itself is credited with the population learning curve,
    theta_s += g0_s (log1p(n + 1) - log1p(n)) (n = earlier answers on s), and cov_ss += drift (the student
    keeps changing). The ExplicitModel of a student is (theta, g, diag cov) with g = g0 (log1p(n + 1) -
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

    def on(self, day) -> OnlineEstimator:
        """The estimate as of calendar `day`: the same every day (no forgetting; see `ForgettingEstimator`)."""
        return self

    def update(self, skills: np.ndarray, y: np.ndarray, rows: np.ndarray | slice | None = None, day=None) -> None:
        """Answers y (R,) on skills (R,) of the students rows (R,) or a slice of R students (default: the first
        R, in order), on `day` (unused)."""
        rows = slice(0, len(skills)) if rows is None else rows
        theta, cov, n = self.theta[rows], self.cov[rows], self.n[rows]  # views of a slice, copies of index rows
        at = np.arange(len(skills))
        col = cov[at, :, skills]  # (R, S) covariance of every skill with the answered one
        v, seen = col[at, skills], n[at, skills]
        p = probability(theta[at, skills], v)
        w = p * (1.0 - p)
        k = col / (1.0 + w * v)[:, None]  # Laplace (one Newton step) update of the Gaussian over all skills
        theta += k * (y - p)[:, None]
        cov -= (w[:, None] * k)[:, :, None] * col[:, None, :]
        theta[at, skills] += curve_step(self.g0[skills], seen)
        cov[at, skills, skills] += self.drift
        n[at, skills] = seen + 1
        if not isinstance(rows, slice):
            self.theta[rows], self.cov[rows], self.n[rows] = theta, cov, n

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(mastery logit, gain, variance), each (B, S): an ExplicitModel per student."""
        return self.theta, curve_gain(self.g0, self.n), self.var

    def p(self) -> np.ndarray:  # (B, S) the estimated models' P(correct) now
        return probability(self.theta, self.var)

    def model(self, b: int) -> ExplicitModel:
        m, g, v = self.arrays()
        return ExplicitModel(mastery=m[b], gain=g[b], variance=v[b])


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


def estimate_histories(data: Dataset, p0: np.ndarray, g0: np.ndarray, ability_var: float,
                       max_cells: int = 500_000) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(mastery logit, gain, variance), each (B, S): `OnlineEstimator` after each student's whole history in
    `data` (scores in [0, 1]), students taken in batches whose covariances hold at most `max_cells` numbers (small
    batches stay in the CPU cache: the fastest on ASSIST2009)."""
    B, S = data.n_students, data.n_skills
    out = tuple(np.empty((B, S)) for _ in range(3))
    order = np.argsort(-data.lengths, kind="stable")  # longest first: the students still answering are a prefix
    size = max(1, max_cells // max(S * S, 1))
    for lo in range(0, B, size):
        batch = order[lo:lo + size]
        lengths, starts = data.lengths[batch], data.offsets[batch]
        est = OnlineEstimator(p0, g0, len(batch), ability_var=ability_var)
        for t in range(int(lengths.max(initial=0))):
            at = starts[:int(np.count_nonzero(lengths > t))] + t
            est.update(data.skills[at] - 1, data.correct[at].astype(np.float64), rows=slice(0, len(at)))
        for whole, part in zip(out, est.arrays()):
            whole[batch] = part
    return out


def blend(generated: tuple[np.ndarray, np.ndarray], estimate: tuple[np.ndarray, np.ndarray],
          weight: float = BLEND_WEIGHT) -> tuple[np.ndarray, np.ndarray]:
    """(mastery logit, variance) plans read: the generated model's (mastery, variance) and the online estimate's,
    averaged with `weight` on the generated."""
    return tuple(weight * np.asarray(g, dtype=np.float64) + (1.0 - weight) * np.asarray(e, dtype=np.float64)
                 for g, e in zip(generated, estimate))


def fit_online_prior(data: Dataset) -> dict:
    """What `OnlineEstimator` starts a student of `data`'s population from, JSON-safe: each skill's first-attempt
    success rate and learning-curve slope (`fit_learning_curves`) and `ability_variance`."""
    p0, g0 = fit_learning_curves(data)
    return {"first_success": p0.tolist(), "slope": g0.tolist(), "ability_var": ability_variance(data, p0)}


def prior_arrays(prior: dict) -> tuple[np.ndarray, np.ndarray, float]:
    """(p0 (S,), g0 (S,), ability_var): a `fit_online_prior` dict as `OnlineEstimator` takes it."""
    return (np.asarray(prior["first_success"], dtype=np.float64), np.asarray(prior["slope"], dtype=np.float64),
            float(prior["ability_var"]))
