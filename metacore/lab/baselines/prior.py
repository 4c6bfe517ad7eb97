"""The simplest tracer: every response is predicted by its skill's correct rate in training."""
from __future__ import annotations

import numpy as np

from metacore.data import Dataset, row_positions
from metacore.item_offsets import ItemOffsets


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
    the skill's rate (`SkillPrior`) moved by the item's offset (`metacore.item_offsets.ItemOffsets`); an item
    unseen in training gets its skill's rate. Items are `metacore.lab.synthetic.items_of(data)`: the stored item
    ids, else the skills (then it is the skill prior)."""

    name = "item_prior"

    def __init__(self, *, strength: float = 2.0):
        self.strength = strength  # pseudo-responses at the skill's rate added to every item
        self.skill_prior = SkillPrior()
        self.offsets: ItemOffsets | None = None  # after fit
        self.epochs_run = None  # closed form

    def fit(self, train: Dataset, valid: Dataset | None = None) -> "ItemPrior":
        from metacore.lab.synthetic import items_of

        self.skill_prior.fit(train)
        self.offsets = ItemOffsets.fit(items=items_of(train), skills=train.skills, correct=train.correct,
                                       strength=self.strength)
        return self

    def predict_next(self, data: Dataset) -> np.ndarray:
        from metacore.lab.synthetic import items_of

        return self.offsets.shift(self.skill_prior.predict_next(data), items_of(data))

    def forecast(self, data: Dataset, k: int) -> np.ndarray:
        return np.where(row_positions(data) >= k, self.predict_next(data), np.nan)
