"""Prerequisite links suggested from response data (returned for a person to review; never applied silently).

For an ordered pair of skills (a, b), look at every student who practised a before they first practised b
(the pair's support). Split them by whether they had mastered a by then (success rate on a before b's first
attempt >= `mastered`), and compare their early success on b (mean of their first `early` answers on b):

    rate_if_mastered = P(early success on b | a mastered first),  rate_if_not = ... | a not mastered first
    score            = rate_if_mastered - rate_if_not            (both Beta-smoothed towards b's overall rate)

A large positive score says "students who knew a did better on b": a candidate link a -> b. The order share
(how often a came before b rather than after) is reported beside it, and pairs whose two groups hold fewer
than `min_group` students, or whose support is below `min_support`, are dropped.

    suggestions = suggest_prerequisites(train, min_support=50)
    edges = as_dag(suggestions, top=60)          # (E, 2) skill ids, highest scores first, no cycles
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from metacore.data import Dataset


@dataclass
class PrerequisiteConfig:
    mastered: float = 0.6  # success rate on a (before b) that counts as "a mastered"
    early: int = 3  # answers on b that count as its early success
    min_support: int = 30  # students who practised a before b
    min_group: int = 10  # students in each of the two groups (a mastered / not)
    prior: float = 2.0  # Beta smoothing strength towards b's overall early success rate
    top: int | None = 100  # suggestions returned (None: all)


@dataclass
class Suggestion:
    prerequisite: int  # skill id a
    dependant: int  # skill id b
    score: float  # rate_if_mastered - rate_if_not
    support: int  # students who practised a before b
    rate_if_mastered: float
    rate_if_not: float
    order_share: float  # share of students seeing both whose first a came before their first b

    def to_dict(self) -> dict:
        return asdict(self)


def _student_tables(skills: np.ndarray, correct: np.ndarray, n_skills: int, early: int):
    """For one student: first position (K+1,), early success on each skill (K+1,), and the success rate on
    each skill a over the answers before each skill b's first position (K+1, K+1) (NaN where none)."""
    K = n_skills + 1
    n = len(skills)
    first = np.full(K, np.inf)
    pos = np.arange(n)
    np.minimum.at(first, skills, pos)
    rank = np.zeros(n, dtype=np.int64)  # how many earlier answers on the same skill
    counts = np.zeros(K, dtype=np.int64)
    for t, s in enumerate(skills):  # short python loop over the student's answers
        rank[t] = counts[s]
        counts[s] += 1
    e_sum, e_cnt = np.zeros(K), np.zeros(K)
    take = rank < early
    np.add.at(e_sum, skills[take], correct[take])
    np.add.at(e_cnt, skills[take], 1.0)
    seen = np.flatnonzero(np.isfinite(first))
    # cumulative successes / answers per skill before each position, sampled at each seen skill's first position
    onehot = np.zeros((n + 1, K))
    onehot[pos + 1, skills] = 1.0
    cum_n = np.cumsum(onehot, axis=0)  # (n+1, K) answers before position t
    onehot[pos + 1, skills] = correct
    cum_c = np.cumsum(onehot, axis=0)
    at = first[seen].astype(np.int64)  # (M,)
    before_n, before_c = cum_n[at], cum_c[at]  # (M, K): rows = b, columns = a
    return first, seen, e_sum, e_cnt, before_n, before_c


def suggest_prerequisites(data: Dataset, config: PrerequisiteConfig | None = None) -> list[Suggestion]:
    """Ranked candidate links (a before b) from `data` (see the module doc)."""
    c = config or PrerequisiteConfig()
    K = data.n_skills + 1
    support, n1, s1, s0 = (np.zeros((K, K)) for _ in range(4))  # indexed [a, b]
    order_ab = np.zeros((K, K))
    early_sum, early_cnt = np.zeros(K), np.zeros(K)
    for skills, correct in data.sequences():
        if len(skills) == 0:
            continue
        first, seen, e_sum, e_cnt, before_n, before_c = _student_tables(skills, correct.astype(np.float64),
                                                                        data.n_skills, c.early)
        early_sum += e_sum
        early_cnt += e_cnt
        e_rate = e_sum[seen] / np.maximum(e_cnt[seen], 1)  # (M,) early success on each seen b
        has = before_n > 0  # (M_b, K_a) a practised before b's first answer
        mast = has & (before_c >= c.mastered * before_n)
        support[:, seen] += has.T
        n1[:, seen] += mast.T
        s1[:, seen] += (mast * e_rate[:, None]).T
        s0[:, seen] += ((has & ~mast) * e_rate[:, None]).T
        order_ab[np.ix_(seen, seen)] += first[seen][:, None] < first[seen][None, :]
    n0 = support - n1
    base = early_sum / np.maximum(early_cnt, 1)  # (K,) overall early success on b
    with np.errstate(divide="ignore", invalid="ignore"):  # empty groups: NaN, dropped by `keep` below
        r1 = (s1 + c.prior * base[None, :]) / (n1 + c.prior)
        r0 = (s0 + c.prior * base[None, :]) / (n0 + c.prior)
    score = r1 - r0
    keep = (support >= c.min_support) & (n1 >= c.min_group) & (n0 >= c.min_group)
    keep[0, :] = keep[:, 0] = False
    np.fill_diagonal(keep, False)
    a, b = np.nonzero(keep)
    order = np.argsort(-score[a, b], kind="stable")
    if c.top is not None:
        order = order[:c.top]
    total_order = order_ab + order_ab.T
    return [Suggestion(prerequisite=int(a[i]), dependant=int(b[i]), score=float(score[a[i], b[i]]),
                       support=int(support[a[i], b[i]]), rate_if_mastered=float(r1[a[i], b[i]]),
                       rate_if_not=float(r0[a[i], b[i]]),
                       order_share=float(order_ab[a[i], b[i]] / max(total_order[a[i], b[i]], 1)))
            for i in order]


def as_dag(suggestions: list[Suggestion], top: int | None = None, min_score: float = 0.0) -> np.ndarray:
    """(E, 2) skill-id edges from the best suggestions, skipping any that would close a cycle."""
    edges: list[tuple[int, int]] = []
    after: dict[int, set[int]] = {}  # skill -> every skill reachable from it

    def reaches(x: int, y: int) -> bool:
        return y == x or y in after.get(x, set())

    for s in suggestions:
        if top is not None and len(edges) >= top:
            break
        a, b = s.prerequisite, s.dependant
        if s.score < min_score or reaches(b, a):
            continue
        edges.append((a, b))
        down = {b} | after.get(b, set())
        for x in [a] + [x for x, r in after.items() if a in r]:
            after.setdefault(x, set()).update(down)
    return np.asarray(edges, dtype=np.int64).reshape(-1, 2)
