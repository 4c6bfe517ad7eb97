"""The population's learning curve of each skill, fitted on every student's attempts when a model is trained and
kept in its checkpoint (with the online estimate's prior, `metacore.online_estimate.fit_online_prior`). Plans take
a student's learning gain on a skill from it, at the point of the curve their own practice count has reached
(`curve_gain`), in place of the generated gain: in plan_eval the generated gain planned worse on both simulators
(docs/benchmarks.md, "2026-11-30: plans take the learning gain from the population's curve").

The curve: the logit of the success rate on a skill's j-th attempt (over every student who made it) against
log1p(j), for j < max_attempt; its slope g0 is the logit a student gains per log-step of practice.
"""
from __future__ import annotations

import math

import numpy as np

from metacore.data import Dataset, skill_history
from metacore.functional import logit


def fit_learning_curves(data: Dataset, max_attempt: int = 10, strength: float = 20.0
                        ) -> tuple[np.ndarray, np.ndarray]:
    """(p0 (S,), g0 (S,)): each skill's first-attempt success rate and the slope of its learning curve
    (weighted least squares, j < max_attempt, slope clipped to [0, 2]), both shrunk towards the all-skill values
    by `strength` pseudo-responses (a skill seldom practised gets the all-skill curve)."""
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


def curve_step(slope: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The logit the curve rises by from a student's `counts` attempts to one more: g0 (log1p(n + 1) - log1p(n)).
    slope broadcasts against counts."""
    n = np.asarray(counts, dtype=np.float64)
    return np.asarray(slope, dtype=np.float64) * (np.log1p(n + 1) - np.log1p(n))


def curve_gain(slope: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The explicit model's gain g (shape of counts) that makes its first further practice, g log1p(1), rise as
    far as the curve does from a student's `counts` attempts: g = `curve_step` / log 2. slope (S,) broadcasts
    against counts (..., S)."""
    return curve_step(slope, counts) / math.log(2)
