"""Bayesian Knowledge Tracing (Corbett & Anderson 1995), one parameter set per skill, fitted by EM.

Each (student, skill) pair is a two-state hidden Markov chain (unknown -> known with p_learn per
practice, no forgetting) observed through p_guess and p_slip. All chains of all skills run at once:
they are "packed" like torch's PackedSequence (sorted by length, longest first, time-major), so
step t touches the n_t chains still running as one contiguous slice.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from metacore.data import Dataset, row_positions, skill_groups

PARAMS = ("p_init", "p_learn", "p_guess", "p_slip")


@dataclass
class Packed:
    rows: np.ndarray  # (N,) packed slot of each Dataset row
    steps: np.ndarray  # (T+1,) slots of step t are steps[t]:steps[t+1], chains 0..n_t-1
    chain_skill: np.ndarray  # (G,) skill of each chain, longest chain first


def pack(data: Dataset) -> Packed:
    order, starts = skill_groups(data)
    length = np.diff(starts)  # (G,)
    rank = np.empty(len(length), dtype=np.int64)
    rank[np.argsort(-length, kind="stable")] = np.arange(len(length))  # chain slot of each group
    running = np.bincount(length, minlength=1)[::-1].cumsum()[::-1][1:]  # (T,) n_t = #chains longer than t
    steps = np.concatenate([[0], np.cumsum(running)]).astype(np.int64)
    group = np.repeat(np.arange(len(length)), length)  # (N,) group of each sorted row
    t = np.arange(len(order)) - starts[:-1][group]  # (N,) step within the chain
    rows = np.empty(len(order), dtype=np.int64)
    rows[order] = steps[t] + rank[group]
    chain_skill = np.empty(len(length), dtype=np.int64)
    chain_skill[rank] = data.skills[order[starts[:-1]]] if len(order) else []
    return Packed(rows=rows, steps=steps, chain_skill=chain_skill)


def forward(pk: Packed, obs: np.ndarray, seen: np.ndarray, theta: dict[str, np.ndarray]):
    """Filter every chain. obs, seen: (N,) packed answers and whether each is observed.

    Returns (N,) packed: prior P(known) before each response, P(correct) prediction, posterior
    P(known) after it (= prior where unseen) and the log-likelihood of the seen answers.
    """
    init, learn, guess, slip = (theta[p][pk.chain_skill] for p in PARAMS)  # (G,) each
    prior, pred, post = np.empty(len(obs)), np.empty(len(obs)), np.empty(len(obs))
    p = init.copy()  # (G,) P(known) before the current step
    loglik = 0.0
    for t in range(len(pk.steps) - 1):
        a, b = pk.steps[t], pk.steps[t + 1]
        n = b - a
        pt, g, s, o = p[:n], guess[:n], slip[:n], obs[a:b]
        prior[a:b] = pt
        pred[a:b] = pt * (1 - s) + (1 - pt) * g
        known = pt * (o * (1 - s) + (1 - o) * s)
        unknown = (1 - pt) * (o * g + (1 - o) * (1 - g))
        z = known + unknown
        loglik += float(np.log(z[seen[a:b]]).sum())
        f = np.where(seen[a:b], known / z, pt)
        post[a:b] = f
        p[:n] = f + (1 - f) * learn[:n]
    return prior, pred, post, loglik


def backward(pk: Packed, prior: np.ndarray, post: np.ndarray, learn: np.ndarray):
    """Smoothed P(known) per slot and expected unknown->known transitions out of each slot (N,)."""
    known, xi = np.empty(len(prior)), np.zeros(len(prior))
    g1 = np.empty(len(pk.chain_skill))  # (G,) smoothed P(known) of the next step
    n_steps = len(pk.steps) - 1
    for t in range(n_steps - 1, -1, -1):
        a, b = pk.steps[t], pk.steps[t + 1]
        m = (pk.steps[t + 2] - b) if t + 1 < n_steps else 0  # chains that go on to step t+1
        f = post[a:b]
        if m:
            nxt = g1[:m] / prior[b:b + m]
            xi[a:a + m] = nxt * (1 - f[:m]) * learn[:m]
            g1[:m] = nxt * f[:m]
        g1[m:b - a] = f[m:]
        known[a:b] = g1[:b - a]
    return known, xi


class BKT:
    name = "bkt"

    def __init__(self, *, iters: int = 100, tol: float = 1e-6, max_guess: float = 0.45, max_slip: float = 0.45,
                 pseudo: float = 1.0, init: tuple[float, float, float, float] = (0.5, 0.1, 0.2, 0.1)):
        self.iters = iters  # EM steps at most
        self.tol = tol  # stop when the mean log-likelihood per response improves less than this
        self.max_guess, self.max_slip = max_guess, max_slip  # keep guess, slip < 0.5 (identifiability)
        self.pseudo = pseudo  # Beta pseudo-counts pulling each parameter towards `init` (rare skills)
        self.init = dict(zip(PARAMS, init))
        self.theta: dict[str, np.ndarray] = {}
        self.epochs_run = 0

    def fit(self, train: Dataset, valid: Dataset | None = None) -> "BKT":
        pk = pack(train)
        obs = np.empty(train.n_interactions)
        obs[pk.rows] = train.correct
        seen = np.ones(len(obs), dtype=bool)
        n_k = train.n_skills + 1
        theta = {p: np.full(n_k, v) for p, v in self.init.items()}
        skill = np.empty(len(obs), dtype=np.int64)
        skill[pk.rows] = train.skills  # (N,) packed skill of each slot
        running = np.diff(pk.steps)  # (T,) chains running at step t
        first = np.zeros(len(obs), dtype=bool)
        first[: running[0] if len(running) else 0] = True
        has_next = np.zeros(len(obs), dtype=bool)
        for t in range(len(running) - 1):
            has_next[pk.steps[t]:pk.steps[t] + running[t + 1]] = True
        last = -np.inf
        for it in range(self.iters):
            prior, _, post, loglik = forward(pk, obs, seen, theta)
            known, xi = backward(pk, prior, post, theta["p_learn"][pk.chain_skill])
            unknown = 1 - known

            def ratio(num, den, param):
                c, v = self.pseudo, self.init[param]
                with np.errstate(divide="ignore", invalid="ignore"):  # skills without responses: NaN, reset below
                    return (np.bincount(skill, num, n_k) + c * v) / (np.bincount(skill, den, n_k) + c)

            theta = {
                "p_init": ratio(known * first, first.astype(float), "p_init"),
                "p_learn": ratio(xi, unknown * has_next, "p_learn"),
                "p_guess": np.minimum(ratio(unknown * obs, unknown, "p_guess"), self.max_guess),
                "p_slip": np.minimum(ratio(known * (1 - obs), known, "p_slip"), self.max_slip),
            }
            self.epochs_run = it + 1
            if loglik - last < self.tol * max(len(obs), 1):
                break
            last = loglik
        counts = np.bincount(train.skills, minlength=n_k)
        seen = counts > 0
        for p in PARAMS:  # unseen skills (and slot 0) get the response-weighted average skill
            theta[p][~seen] = np.average(theta[p][seen], weights=counts[seen]) if seen.any() else self.init[p]
        self.theta = theta
        return self

    def _run(self, data: Dataset, seen_rows: np.ndarray) -> np.ndarray:
        theta = self.theta
        pk = pack(data)
        known = pk.chain_skill < len(theta["p_init"])
        pk.chain_skill = np.where(known, pk.chain_skill, 0)  # slot 0 holds the average skill
        obs, seen = np.empty(data.n_interactions), np.empty(data.n_interactions, dtype=bool)
        obs[pk.rows], seen[pk.rows] = data.correct, seen_rows
        _, pred, _, _ = forward(pk, obs, seen, theta)
        return pred[pk.rows]

    def predict_next(self, data: Dataset) -> np.ndarray:
        return self._run(data, np.ones(data.n_interactions, dtype=bool))

    def forecast(self, data: Dataset, k: int) -> np.ndarray:
        """Filter through the first k responses, then let each skill's knowledge grow by p_learn
        per later practice opportunity without looking at the answers."""
        seen = row_positions(data) < k
        return np.where(seen, np.nan, self._run(data, seen))
