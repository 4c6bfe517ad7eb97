"""Each item's difficulty beside its skill, for data whose responses carry item ids (pure numpy).

A skill-level P (the network's, the explicit model's) says the same for every item of a skill. Where the items
of one skill differ, the offset of item q is logit(its success rate in training, shrunk to its skill's rate by
`strength` pseudo-responses) - logit(its skill's rate): what a per-item prior knows and a model reading skills
alone does not. `shift` adds it to skill-level P; an item not seen in training keeps the P it had. Where items
are given by ability (the site gives each student the exercise nearest their band), rates mislead and
`fit_beside` reads each answer beside the P a model gave it instead.

    offsets = ItemOffsets.fit(items=train_items, skills=train.skills, correct=train.correct)
    offsets = ItemOffsets.fit_beside(items=train_items, correct=train.correct, p=p_model)  # beside a model's P
    p_item = offsets.shift(p_skill, test_items)       # (N,) the same shape
    order = offsets.nearest(0.9, bank_items, target=0.725)  # the bank's items, the one nearest P = 0.725 first
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from metacore.functional import logit, sigmoid


@dataclass
class ItemOffsets:
    ids: np.ndarray  # (I,) int64 item ids seen in training, sorted
    offset: np.ndarray  # (I,) logits: the item's shrunk rate against its skill's rate

    @classmethod
    def fit(cls, *, items: np.ndarray, skills: np.ndarray, correct: np.ndarray, strength: float = 2.0
            ) -> "ItemOffsets":
        """items, skills, correct (N,) of the training responses; a skill's rate is (successes + 1) /
        (attempts + 2), an item's (successes + strength * r) / (attempts + strength), r the mean rate of the
        skills of its responses. An item that is the only item of its skills (data without item ids, where the
        items are the skills) has no offset."""
        items, skills = np.asarray(items, dtype=np.int64), np.asarray(skills, dtype=np.int64)
        correct = np.asarray(correct, dtype=np.float64)
        n_skill = np.bincount(skills).astype(np.float64)
        skill_rate = (np.bincount(skills, weights=correct) + 1.0) / (n_skill + 2.0)
        ids, index = np.unique(items, return_inverse=True)
        n = np.bincount(index, minlength=len(ids)).astype(np.float64)
        base = np.bincount(index, weights=skill_rate[skills], minlength=len(ids)) / n  # (I,) mean skill rate
        rate = (np.bincount(index, weights=correct, minlength=len(ids)) + strength * base) / (n + strength)
        pair_skills = np.unique(np.stack([skills, items]), axis=1)[0]  # the skill of each (skill, item) pair
        shares = np.bincount(pair_skills, minlength=len(n_skill))[skills] > 1  # (N,) its skill has other items
        alone = np.bincount(index, weights=shares, minlength=len(ids)) == 0  # (I,) the only item of its skills
        return cls(ids=ids, offset=np.where(alone, 0.0, logit(rate) - logit(base)))

    @classmethod
    def fit_beside(cls, *, items: np.ndarray, correct: np.ndarray, p: np.ndarray, prior_sd: float = 0.5,
                   steps: int = 5) -> "ItemOffsets":
        """Offsets beside a model that knows each student: p (N,) the P(correct) such a model gave each response
        (reading skills, not items). Item q's offset is the mode of a logistic regression of its answers on
        logit(p) + offset, under a N(0, prior_sd^2) prior (`steps` Newton steps from 0), so an item few answered
        stays near 0. Unlike `fit`, it holds when items are not given at random: a hard item given to strong
        students succeeds as often as the others, and only the model's P says they are strong."""
        items = np.asarray(items, dtype=np.int64)
        y, base = np.asarray(correct, dtype=np.float64), logit(np.asarray(p, dtype=np.float64))
        ids, index = np.unique(items, return_inverse=True)
        offset, precision = np.zeros(len(ids)), 1.0 / prior_sd ** 2
        for _ in range(steps):
            q = sigmoid(base + offset[index])
            slope = np.bincount(index, weights=y - q, minlength=len(ids)) - precision * offset
            curvature = np.bincount(index, weights=q * (1.0 - q), minlength=len(ids)) + precision
            offset = offset + slope / curvature
        return cls(ids=ids, offset=offset)

    def of(self, items: np.ndarray) -> np.ndarray:
        """(N,) the offset of each item (0 for an item not seen in training)."""
        items = np.asarray(items, dtype=np.int64)
        if len(self.ids) == 0:
            return np.zeros(items.shape)
        at = np.minimum(np.searchsorted(self.ids, items), len(self.ids) - 1)
        return np.where(self.ids[at] == items, self.offset[at], 0.0)

    def shift(self, p: np.ndarray, items: np.ndarray) -> np.ndarray:
        """(N,) skill-level P(correct) moved by each response's item offset (NaN stays NaN)."""
        return sigmoid(logit(np.asarray(p, dtype=np.float64)) + self.of(items))

    def nearest(self, p: float, items, *, target: float) -> np.ndarray:
        """(N,) positions of `items` (N,), the item whose P (skill-level `p` moved by its offset) lies nearest
        `target` first, in logits; ties keep the given order."""
        p_logit, target_logit = logit(np.array([p, target], dtype=np.float64))
        distance = np.abs(self.of(items) + (p_logit - target_logit))
        return np.argsort(distance, kind="stable")

    def to_dict(self) -> dict:
        return {"ids": self.ids.tolist(), "offset": self.offset.tolist()}

    @classmethod
    def from_dict(cls, d: dict) -> "ItemOffsets":
        return cls(ids=np.asarray(d["ids"], dtype=np.int64), offset=np.asarray(d["offset"], dtype=np.float64))
