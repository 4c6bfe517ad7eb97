"""Each item's difficulty beside its skill, for data whose responses carry item ids (pure numpy).

A skill-level P (the network's, the explicit model's) says the same for every item of a skill. Where the items
of one skill differ, the offset of item q is logit(its success rate in training, shrunk to its skill's rate by
`strength` pseudo-responses) - logit(its skill's rate): what a per-item prior knows and a model reading skills
alone does not. `shift` adds it to skill-level P; an item not seen in training keeps the P it had.

    offsets = ItemOffsets.fit(items=train_items, skills=train.skills, correct=train.correct)
    p_item = offsets.shift(p_skill, test_items)       # (N,) the same shape
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

    def to_dict(self) -> dict:
        return {"ids": self.ids.tolist(), "offset": self.offset.tolist()}

    @classmethod
    def from_dict(cls, d: dict) -> "ItemOffsets":
        return cls(ids=np.asarray(d["ids"], dtype=np.int64), offset=np.asarray(d["offset"], dtype=np.float64))
