"""One student's own small explicit model, as emitted by the generator g (numpy only, JSON-safe).

Parameters, per skill s (arrays over the skill vocabulary):
    mastery  m_s  logit of P(correct) on s now
    gain     g_s  how that logit grows with further practice of s
    variance v_s  uncertainty of m_s (variance of the logit)
    carry    c_s  logit offset of the very next response only, from the last response's skill and answer
                  (e.g. the rest of an item tagged with several skills); not part of the lasting state
    stability S_s days: how long what the student has learnt of s lasts (FSRS's stability: 90% of it is
                  kept S_s days after the last practice); with it, the skill's `floor` (the
                  population's level, the logit left when all is forgotten) and `elapsed` (days from the skill's
                  last practice to when the model was generated; NaN: never practised)
and one scalar, transfer tau: the logit change per log-step of practice on anything (a small
cross-skill transfer / fatigue term). Optionally (None: none, as in models stored before them) the
cross-skill gains, low rank r: cross_source U (S, r) and cross_target V (S, r); practising skill s'
raises the logit of skill s by (U V^T)[s', s] per log-step of its own practice count.

Dynamics along a future sequence of practised skills s_0, s_1, ...: before the i-th future
response, with j = how many of the earlier future responses were on the same skill s_i,

    mu_i = m_{s_i} + g_{s_i} * log1p(j) + tau * log1p(i) + sum_{s'} (U V^T)[s', s_i] * log1p(n_{s'}(i))
    P(correct_i) = sigmoid(mu_i / sqrt(1 + pi * v_{s_i} / 8))     (probit approximation of
                                                                  E[sigmoid] under N(mu, v))

so `predict(skills)` (nothing practised yet, i = j = 0) gives sigmoid(m_s / sqrt(1 + pi v_s / 8)): the
mastery now; `predict_next(skills)` the next response, sigmoid((m_s + c_s) / sqrt(1 + pi v_s / 8)).
with n_{s'}(i) = how many of the first i future responses were on s' (the cross term: `cross_logits`).
Given the day of each future response (`forecast(skills, days)`, days after generation), what is above the
floor is kept by the FSRS-4 retrievability R(t) = (1 + t / (9 S))^-1 relative to R at generation:
mu_i <- floor + (mu_i - floor) R(t_i) / R(t0_i), t_i the days from the last practice of s_i (before the
model or earlier in the sequence) and t0_i = elapsed_{s_i} if that practice came before the model, else 0;
never-practised skills keep all of it (`kept_by_days`).
`metacore.generator.forecast_logits` is the same formula in torch (used by the meta-training loss).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from metacore.functional import probit_scale, retrievability, sigmoid

SCHEMA_VERSION = 1


def probability(mu: np.ndarray, var: np.ndarray) -> np.ndarray:
    """P(correct) of a logit ~ N(mu, var): sigmoid(mu / sqrt(1 + pi var / 8)) (the probit approximation)."""
    return sigmoid(mu * probit_scale(var))


def practice_counts(skills: np.ndarray) -> np.ndarray:
    """j_i: how many earlier entries of `skills` equal skills[i] (vectorised)."""
    skills = np.asarray(skills)
    n = len(skills)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.argsort(skills, kind="stable")
    s = skills[order]
    start = np.ones(n, dtype=bool)
    start[1:] = s[1:] != s[:-1]
    first = np.flatnonzero(start)[np.cumsum(start) - 1]
    out = np.empty(n, dtype=np.int64)
    out[order] = np.arange(n) - first
    return out


def cross_logits(source_rows: np.ndarray, target_rows: np.ndarray, j: np.ndarray,
                 owner: np.ndarray | None = None) -> np.ndarray:
    """(N,) cross-skill term of each future response: source_rows, target_rows (N, r) the U and V rows of each
    response's skill, j (N,) its `practice_counts`; owner (N,) the student of each response (sorted; None:
    one student). Practice raises log1p(n) of its skill by log1p(j + 1) - log1p(j): summed over the
    earlier responses of the same owner, in U's space, then read through V."""
    step = source_rows * (np.log1p(j + 1.0) - np.log1p(j))[:, None]  # (N, r)
    before = np.cumsum(step, axis=0) - step  # exclusive: the earlier responses
    if owner is not None and len(owner):
        first = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
        before -= np.repeat(before[first], np.diff(np.r_[first, len(owner)]), axis=0)
    return (before * target_rows).sum(axis=1)


def kept_by_days(keys: np.ndarray, days: np.ndarray, stability: np.ndarray, elapsed: np.ndarray) -> np.ndarray:
    """(N,) R(t) / R(t0) of each future response (see the module doc). keys (N,): what makes two responses the
    same skill (e.g. its index; owner and skill for several students), days (N,) each response's day after
    generation; stability and elapsed (N,) of each response's skill."""
    days = np.asarray(days, dtype=np.float64)
    prev = previous_same(keys)
    before = prev < 0
    t0 = np.where(before, elapsed, 0.0)  # NaN: never practised
    t = np.where(before, elapsed + days, days - days[np.maximum(prev, 0)])
    kept = retrievability(t, stability) / retrievability(t0, stability)
    return np.where(np.isnan(kept), 1.0, kept)


def previous_same(values: np.ndarray) -> np.ndarray:
    """(N,) index of the previous entry equal to each entry (-1: none)."""
    values = np.asarray(values)
    order = np.argsort(values, kind="stable")
    v = values[order]
    out = np.full(len(values), -1, dtype=np.int64)
    same = np.r_[False, v[1:] == v[:-1]] if len(v) else np.zeros(0, bool)
    out[order[same]] = order[np.flatnonzero(same) - 1]
    return out


@dataclass
class ExplicitModel:
    mastery: np.ndarray  # (S,) logits, index = position of the skill in skill_vocabulary
    gain: np.ndarray  # (S,)
    variance: np.ndarray  # (S,) >= 0
    carry: np.ndarray | None = None  # (S,) next response only; None: zeros
    transfer: float = 0.0
    skill_vocabulary: list[int] = field(default_factory=list)  # external skill ids; default 1..S
    embedding: np.ndarray | None = None  # (H,) the student's embedding (generator state), optional
    n_observed: int = 0  # responses the model was generated from
    cross_source: np.ndarray | None = None  # (S, r) cross-skill gains U V^T (see module doc); None: none
    cross_target: np.ndarray | None = None  # (S, r)
    stability: np.ndarray | None = None  # (S,) days; None: no forgetting by days (models stored before it)
    floor: np.ndarray | None = None  # (S,) logits; with stability
    elapsed: np.ndarray | None = None  # (S,) days, NaN: never practised; with stability

    def __post_init__(self):
        self.mastery = np.asarray(self.mastery, dtype=np.float64)
        self.gain = np.asarray(self.gain, dtype=np.float64)
        self.variance = np.asarray(self.variance, dtype=np.float64)
        self.carry = np.zeros_like(self.mastery) if self.carry is None else np.asarray(self.carry, dtype=np.float64)
        if (not (self.mastery.shape == self.gain.shape == self.variance.shape == self.carry.shape)
                or self.mastery.ndim != 1):
            raise ValueError("mastery, gain, variance and carry must be 1-d arrays of one length")
        if not self.skill_vocabulary:
            self.skill_vocabulary = list(range(1, len(self.mastery) + 1))
        if len(self.skill_vocabulary) != len(self.mastery):
            raise ValueError("skill_vocabulary does not match the parameter arrays")
        self.transfer = float(self.transfer)
        if self.embedding is not None:
            self.embedding = np.asarray(self.embedding, dtype=np.float32)
        self._check_cross()
        self._check_days()
        vocab = np.asarray(self.skill_vocabulary, dtype=np.int64)
        self._contiguous = bool(np.array_equal(vocab, np.arange(1, len(vocab) + 1)))
        self._index = None if self._contiguous else {int(s): i for i, s in enumerate(vocab)}

    def _check_cross(self) -> None:
        if (self.cross_source is None) != (self.cross_target is None):
            raise ValueError("cross_source and cross_target come together")
        if self.cross_source is None:
            return
        self.cross_source = np.asarray(self.cross_source, dtype=np.float64)
        self.cross_target = np.asarray(self.cross_target, dtype=np.float64)
        if (self.cross_source.shape != self.cross_target.shape or self.cross_source.ndim != 2
                or len(self.cross_source) != len(self.mastery)):
            raise ValueError("cross_source and cross_target must be (S, r) arrays of one shape")

    def _check_days(self) -> None:
        if self.stability is None:
            self.floor = self.elapsed = None
            return
        n = len(self.mastery)
        self.stability = np.asarray(self.stability, dtype=np.float64)
        self.floor = np.zeros(n) if self.floor is None else np.asarray(self.floor, dtype=np.float64)
        self.elapsed = (np.full(n, np.nan) if self.elapsed is None
                        else np.asarray([np.nan if x is None else x for x in self.elapsed], dtype=np.float64))
        if not (self.stability.shape == self.floor.shape == self.elapsed.shape == (n,)):
            raise ValueError("stability, floor and elapsed must be 1-d arrays over the skills")
        if np.any(self.stability <= 0):
            raise ValueError("stability must be positive (days)")

    @property
    def n_skills(self) -> int:
        return len(self.mastery)

    def _positions(self, skills) -> np.ndarray:
        skills = np.asarray(skills, dtype=np.int64)
        if self._contiguous:
            if skills.size and (skills.min() < 1 or skills.max() > self.n_skills):
                raise KeyError("skill id outside the model's vocabulary")
            return skills - 1
        try:
            return np.array([self._index[int(s)] for s in skills.ravel()], dtype=np.int64).reshape(skills.shape)
        except KeyError as exc:
            raise KeyError(f"skill id {exc.args[0]} outside the model's vocabulary") from None

    def predict(self, skills) -> np.ndarray:
        """P(correct) on each given skill now (no further practice)."""
        i = self._positions(skills)
        return probability(self.mastery[i], self.variance[i])

    def predict_next(self, skills) -> np.ndarray:
        """P(correct) of the very next response, were it on each given skill (mastery plus carry)."""
        i = self._positions(skills)
        return probability(self.mastery[i] + self.carry[i], self.variance[i])

    def forecast(self, future_skills, days=None) -> np.ndarray:
        """P(correct) of each response along a future sequence of practised skills (see module doc); days: the
        day of each, counted from when the model was generated (None, or a model without stability: no
        forgetting)."""
        i = self._positions(future_skills)
        if i.size == 0:
            return np.zeros(0)
        j = practice_counts(i)
        step = np.arange(len(i))
        mu = self.mastery[i] + self.gain[i] * np.log1p(j) + self.transfer * np.log1p(step)
        if self.cross_source is not None:
            mu = mu + cross_logits(self.cross_source[i], self.cross_target[i], j)
        if days is not None and self.stability is not None:
            kept = kept_by_days(i, days, self.stability[i], self.elapsed[i])
            mu = self.floor[i] + (mu - self.floor[i]) * kept
        return probability(mu, self.variance[i])

    @property
    def uncertainty(self) -> np.ndarray:
        """Standard deviation of each skill's mastery logit."""
        return np.sqrt(self.variance)

    def to_dict(self) -> dict:
        return {
            "schema_version": SCHEMA_VERSION,
            "skill_vocabulary": [int(s) for s in self.skill_vocabulary],
            "mastery": self.mastery.tolist(),
            "gain": self.gain.tolist(),
            "variance": self.variance.tolist(),
            "carry": self.carry.tolist(),
            "transfer": self.transfer,
            "embedding": None if self.embedding is None else self.embedding.astype(float).tolist(),
            "n_observed": int(self.n_observed),
        } | ({} if self.cross_source is None else {"cross_source": self.cross_source.tolist(),
                                                     "cross_target": self.cross_target.tolist()}
             ) | ({} if self.stability is None else {
                 "stability": self.stability.tolist(), "floor": self.floor.tolist(),
                 "elapsed": [None if np.isnan(x) else float(x) for x in self.elapsed]})

    @classmethod
    def from_dict(cls, d: dict) -> "ExplicitModel":
        version = d.get("schema_version")
        if version != SCHEMA_VERSION:
            raise ValueError(f"unsupported ExplicitModel schema_version {version!r}")
        return cls(mastery=d["mastery"], gain=d["gain"], variance=d["variance"], carry=d.get("carry"),
                   transfer=d.get("transfer", 0.0),
                   skill_vocabulary=list(d["skill_vocabulary"]), embedding=d.get("embedding"),
                   n_observed=int(d.get("n_observed", 0)), cross_source=d.get("cross_source"),
                   cross_target=d.get("cross_target"), stability=d.get("stability"), floor=d.get("floor"),
                   elapsed=d.get("elapsed"))
