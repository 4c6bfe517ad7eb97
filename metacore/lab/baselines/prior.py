"""The simplest tracer: every response is predicted by its skill's correct rate in training."""
from __future__ import annotations

import numpy as np

from metacore.data import Dataset, row_positions


class SkillPrior:
    """P(correct) = (successes + 1) / (attempts + 2) of the skill in training; the global rate for unseen skills."""

    name = "prior"

    def __init__(self, *, smoothing: float = 1.0):
        self.smoothing = smoothing  # Laplace pseudo-count added to successes and to failures
        self.rate = np.zeros(1)  # (n_skills+1,) after fit
        self.epochs_run = None  # closed form

    def fit(self, train: Dataset, valid: Dataset | None = None) -> "SkillPrior":
        n = np.bincount(train.skills, minlength=train.n_skills + 1).astype(np.float64)
        c = np.bincount(train.skills, weights=train.correct, minlength=train.n_skills + 1)
        global_rate = float(train.correct.mean()) if train.n_interactions else 0.5
        a = self.smoothing
        self.rate = np.where(n > 0, (c + a) / np.maximum(n + 2 * a, 1e-12), global_rate)
        self.global_rate = global_rate
        return self

    def _rates(self, skills: np.ndarray) -> np.ndarray:
        known = skills < len(self.rate)
        return np.where(known, self.rate[np.where(known, skills, 0)], self.global_rate)

    def predict_next(self, data: Dataset) -> np.ndarray:
        return self._rates(data.skills)

    def forecast(self, data: Dataset, k: int) -> np.ndarray:
        return np.where(row_positions(data) >= k, self._rates(data.skills), np.nan)


class ItemPrior:
    """P(correct) = each item's correct rate in training, shrunk to its skill's rate by `strength` pseudo-responses:
    (successes + strength * skill rate) / (attempts + strength); an item unseen in training gets its skill's rate
    (`SkillPrior`). Items are `metacore.lab.synthetic.items_of(data)`: the stored item ids, else the skills."""

    name = "item_prior"

    def __init__(self, *, strength: float = 2.0):
        self.strength = strength  # pseudo-responses at the skill's rate added to every item
        self.skill_prior = SkillPrior()
        self.rate: dict[int, float] = {}  # item id -> rate, after fit
        self.epochs_run = None  # closed form

    def fit(self, train: Dataset, valid: Dataset | None = None) -> "ItemPrior":
        from metacore.lab.synthetic import items_of

        self.skill_prior.fit(train)
        items = items_of(train)
        ids, index = np.unique(items, return_inverse=True)
        n = np.bincount(index, minlength=len(ids)).astype(np.float64)
        c = np.bincount(index, weights=train.correct, minlength=len(ids))
        skill_rate = np.bincount(index, weights=self.skill_prior.predict_next(train), minlength=len(ids)) / n
        rate = (c + self.strength * skill_rate) / (n + self.strength)
        self.rate = dict(zip(ids.tolist(), rate.tolist()))
        return self

    def predict_next(self, data: Dataset) -> np.ndarray:
        from metacore.lab.synthetic import items_of

        fallback = self.skill_prior.predict_next(data)
        return np.array([self.rate.get(item, f) for item, f in zip(items_of(data).tolist(), fallback)])

    def forecast(self, data: Dataset, k: int) -> np.ndarray:
        return np.where(row_positions(data) >= k, self.predict_next(data), np.nan)
