"""What a policy knows of each student: an online Bayesian estimate from the observed responses."""
from __future__ import annotations

import numpy as np

from metacore.explicit_model import ExplicitModel, probability
from metacore.functional import logit
from metacore.learning_curve import curve_gain, curve_step


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

    def update(self, skills: np.ndarray, y: np.ndarray, rows: np.ndarray | None = None, day=None) -> None:
        """Answers y (R,) on skills (R,) of the students rows (R,) (default: all, in order), on `day` (unused)."""
        rows = np.arange(len(skills)) if rows is None else rows
        col = self.cov[rows, :, skills]  # (R, S) covariance of every skill with the answered one
        v, n = col[np.arange(len(rows)), skills], self.n[rows, skills]
        p = probability(self.theta[rows, skills], v)
        w = p * (1.0 - p)
        k = col / (1.0 + w * v)[:, None]  # Laplace (one Newton step) update of the Gaussian over all skills
        self.theta[rows] += k * (y - p)[:, None]
        self.cov[rows] -= (w[:, None, None] * k[:, :, None] * col[:, None, :])
        self.theta[rows, skills] += curve_step(self.g0[skills], n)
        self.cov[rows, skills, skills] += self.drift
        self.n[rows, skills] = n + 1

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(mastery logit, gain, variance), each (B, S): an ExplicitModel per student."""
        return self.theta, curve_gain(self.g0, self.n), self.var

    def p(self) -> np.ndarray:  # (B, S) the estimated models' P(correct) now
        return probability(self.theta, self.var)

    def model(self, b: int) -> ExplicitModel:
        m, g, v = self.arrays()
        return ExplicitModel(mastery=m[b], gain=g[b], variance=v[b])
