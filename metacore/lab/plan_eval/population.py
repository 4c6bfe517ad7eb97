"""What the policies may know of a simulated population: priors estimated from calibration data
(`fit_learning_curves`, `ability_variance`, `fit_transfer`), held with the simulator in a `Population`."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch

from metacore.data import Dataset
from metacore.generator import MetaCoreNet
from metacore.lab.plan_eval.forgetting import ForgettingConfig
from metacore.lab.plan_eval.generated import NeighbourPool
from metacore.lab.simulators import DKTSimulator, GenerativeSimulator


@dataclass
class Population:
    """Simulated students and what the policies may know of the population they come from."""
    sim: GenerativeSimulator | DKTSimulator  # the students (skills are 0-based indices there)
    p0: np.ndarray  # (S,) each skill's first-attempt success rate (`fit_learning_curves`)
    g0: np.ndarray  # (S,) each skill's learning-curve slope (`fit_learning_curves`)
    ability_var: float = 0.0  # variance of an ability shared by all of a student's skills (`ability_variance`)
    cross: np.ndarray | None = None  # (2, S, S) cross-skill transfer (`fit_transfer`); None: not estimated
    history: Dataset | None = None  # each student's observed responses before the first item (DKT: real prefixes)
    forgetting: ForgettingConfig | None = None  # forgetting by days ours' estimate knows (`fit_forgetting`); None: none
    generator: MetaCoreNet | None = None  # metacore's network trained on the population's data (`generated`)
    generator_prior: dict | None = None  # the online estimate's prior kept in the generator's checkpoint
    neighbour_pool: NeighbourPool | None = None  # the generator's training students, searched for neighbours
    params: dict = field(default_factory=dict)  # how the population was set up (reported beside its results)


def fit_transfer(data: Dataset, decay: float = 0.3, max_rows: int = 100_000, l2: float = 1e-4, iters: int = 100,
                 seed: int = 0, cache: str | Path | None = None, by_answer: bool = True) -> np.ndarray:
    """(2, S, S) cross-skill transfer from data: a logistic model of every response on skill b,
    logit P = beta_b + alpha_i + sum_a R[a, b] r_a + W[a, b] w_a, where r_a / w_a are student i's recent right /
    wrong answers on a (each answer counts 1, times `decay` per later answer) and alpha_i ~ N(0, 1) the
    student's own level (so stable ability, the estimator's job, is not read as transfer). out[0] = R,
    out[1] = W: the change of b's logit from one more right / wrong answer on a (by_answer=False: one effect of
    practice whatever the answer, out[0] = out[1]). Fitted by L-BFGS (L2 penalty `l2`) on at most `max_rows`
    responses (a random subset), cached in `cache` when given."""
    S = data.n_skills
    key = hashlib.sha1(repr(("fe", by_answer, decay, max_rows, l2, iters, seed, data.n_students, data.n_interactions, S,
                             int(data.skills.sum()), float(data.correct.sum()))).encode()).hexdigest()[:12]
    path = None if cache is None else Path(cache) / f"transfer_{key}.npy"
    if path is not None and path.exists():
        return np.load(path)
    rows = np.random.default_rng(seed).permutation(data.n_interactions)[:max_rows]
    keep = np.zeros(data.n_interactions, dtype=bool)
    keep[rows] = True
    feats, target, ys, who = [], [], [], []
    i = 0
    for b, (sk, co) in enumerate(data.sequences()):
        recent = np.zeros((2, S))
        for s, y in zip(sk - 1, co):
            if keep[i]:
                feats.append(recent.ravel().copy())
                target.append(s)
                ys.append(y)
                who.append(b)
            recent *= decay
            recent[0 if (y > 0 or not by_answer) else 1, s] += 1.0
            i += 1
    f = torch.as_tensor(np.asarray(feats, dtype=np.float32))
    t = torch.as_tensor(np.asarray(target, dtype=np.int64))
    y = torch.as_tensor(np.asarray(ys, dtype=np.float32))
    who = torch.as_tensor(np.asarray(who, dtype=np.int64))
    w = torch.zeros(2 * S, S, requires_grad=True)
    beta = torch.zeros(S, requires_grad=True)
    alpha = torch.zeros(data.n_students, requires_grad=True)  # each student's own level (the estimator's job)
    opt = torch.optim.LBFGS([w, beta, alpha], max_iter=iters, history_size=10, line_search_fn="strong_wolfe")
    n = float(len(y))

    def closure():
        opt.zero_grad()
        z = beta[t] + alpha[who] + (f * w[:, t].T).sum(1)
        loss = (torch.nn.functional.binary_cross_entropy_with_logits(z, y) + l2 * (w ** 2).sum()
                + (alpha ** 2).sum() / (2.0 * n))  # a N(0, 1) prior on the student levels
        loss.backward()
        return loss

    opt.step(closure)
    out = w.detach().numpy().astype(np.float64).reshape(2, S, S)
    if not by_answer:  # one effect of practice whatever the answer
        out[1] = out[0]
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, out)
    return out
