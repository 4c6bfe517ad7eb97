"""Simulated students for grading study planners, batched over B students (numpy / torch, no Django).

Both simulators share one small interface (skills are 0-based indices 0..S-1 here):

    sim.reset()                  -> start a fresh population (same seed -> same students)
    sim.p_correct()              -> (B, S) true P(correct) of every skill now
    sim.step(skills (B,), u (B,)) -> (B,) responses 0/1 to one practice item each (u: uniforms in [0, 1),
                                    the response is u < P, so policies can share common random numbers)
    sim.goals (B, S) bool, sim.edges (E, 2) int (prerequisite, dependant), sim.n_skills, sim.n_students

(a) `GenerativeSimulator`: a documented model with known skills and a prerequisite DAG. Every parameter
    is in `GenerativeConfig` and was fixed before any planner was compared on it:

    skills        S skills in L layers; each skill of layer l > 0 has 1..max_prereqs prerequisites in layer l-1
    start         logit of skill s for student i: base + ability_i - layer_step * layer(s) + noise_is
                  (ability_i ~ N(0, ability_sd), noise_is ~ N(0, skill_sd))
    P(correct)    sigmoid(start + learned_is)   (learned_is >= 0 starts at 0)
    learning      practising s adds  rate_i * gate_is * fit(P_is)  to learned_is, where
                  rate_i ~ LogNormal(log learn_rate, learn_sd)  (each student's own speed),
                  gate_is = min over prerequisites p of s of P_ip (1 with none): more when they are mastered,
                  fit(P) = exp(-(logit P - logit zpd_peak)^2 / (2 zpd_width^2)): less when the item is far
                  too hard or far too easy (desirable difficulty)
    forgetting    every step, learned_is of each skill not practised that step is multiplied by exp(-f_i),
                  f_i ~ LogNormal(log forget_rate, forget_sd): the learned part decays with the time since
                  the skill was last practised (prior knowledge, `start`, does not)
    goals         n_goals skills per student drawn from layers >= 1

(b) `DKTSimulator`: a DKT (metacore.lab.baselines.dkt) trained on real data (ASSIST2009) acts as the student.
    State = the LSTM state after a real student's history prefix; practising s draws the response from the
    DKT's P(correct on s) and feeds (s, response) to the LSTM; P(correct) of every skill = the DKT's
    predictions from that state. Nothing in it is hand-set except which skills are goals.
"""
from __future__ import annotations

import copy
import hashlib
import math
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch

from metacore.data import Dataset, pad_batch
from metacore.functional import logit, sigmoid


def mean_on_goals(p: np.ndarray, goals: np.ndarray) -> np.ndarray:
    """(B,) each student's mean of p (B, S) over their goals (B, S) bool."""
    return (p * goals).sum(1) / np.maximum(goals.sum(1), 1)


def draw_goals(rng: np.random.Generator, n_students: int, pool: np.ndarray, n_skills: int, n_goals: int) -> np.ndarray:
    """(B, S) bool: n_goals distinct skills per student drawn from `pool` (skill indices)."""
    keys = rng.random((n_students, len(pool)))
    pick = pool[np.argsort(keys, axis=1)[:, :min(n_goals, len(pool))]]  # (B, G)
    goals = np.zeros((n_students, n_skills), dtype=bool)
    np.put_along_axis(goals, pick, True, axis=1)
    return goals


# --------------------------------------------------------------------------------------------------
# (a) the generative simulator


@dataclass
class GenerativeConfig:
    n_skills: int = 15  # S
    layers: int = 3  # depth of the prerequisite DAG (skills spread evenly over layers)
    max_prereqs: int = 2  # prerequisites per skill of layer >= 1 (1..max_prereqs, from the layer below)
    base: float = 1.5  # start logit of a layer-0 skill for an average student
    layer_step: float = 1.25  # each layer is this much harder (logit)
    ability_sd: float = 1.0  # spread of student ability (logit)
    skill_sd: float = 0.75  # per-student per-skill noise of the start logit
    learn_rate: float = 0.5  # median logit gain of one practice item (ready student, ideal difficulty)
    learn_sd: float = 0.4  # log-normal spread of learning speed across students
    zpd_peak: float = 0.7  # P(correct) at which practice teaches most
    zpd_width: float = 1.5  # logit width of that window (gain halves ~1.8 logits away from the peak)
    forget_rate: float = 0.02  # median decay per step of the learned logit (half-life ~35 steps)
    forget_sd: float = 0.5  # log-normal spread of forgetting across students
    n_goals: int = 3  # goal skills per student, drawn from layers >= 1
    graph_seed: int = 0  # the skill graph is fixed by this seed (students vary with the population seed)


def layered_dag(n_skills: int, layers: int, max_prereqs: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(layer (S,), edges (E, 2)) of a random layered DAG; every skill of layer l > 0 has prerequisites in l-1."""
    rng = np.random.default_rng(seed)
    layer = np.minimum(np.arange(n_skills) * layers // n_skills, layers - 1)  # (S,)
    edges = []
    for s in range(n_skills):
        below = np.flatnonzero(layer == layer[s] - 1)
        if len(below) == 0:
            continue
        k = int(rng.integers(1, min(max_prereqs, len(below)) + 1))
        edges += [(int(a), s) for a in rng.choice(below, size=k, replace=False)]
    return layer, np.asarray(edges, dtype=np.int64).reshape(-1, 2)


class GenerativeSimulator:
    def __init__(self, n_students: int, seed: int = 0, config: GenerativeConfig | None = None):
        self.config = config or GenerativeConfig()
        self.n_students, self.n_skills, self.seed = n_students, self.config.n_skills, seed
        self.layer, self.edges = layered_dag(self.n_skills, self.config.layers, self.config.max_prereqs,
                                             self.config.graph_seed)
        self.prereq = np.zeros((self.n_skills, self.n_skills), dtype=bool)  # prereq[a, b]: a before b
        self.prereq[self.edges[:, 0], self.edges[:, 1]] = True
        self.reset()

    def reset(self) -> None:
        rng = np.random.default_rng(self.seed)
        self.start, self.rate, self.forget = self.draw_students(rng, self.n_students)
        self.goals = draw_goals(rng, self.n_students, np.flatnonzero(self.layer >= 1), self.n_skills,
                                self.config.n_goals)
        self.learned = np.zeros((self.n_students, self.n_skills))
        self.t = 0

    def draw_students(self, rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(start (n, S), rate (n,), forget (n,)) of n students drawn from the population (see the docstring)."""
        c = self.config
        ability = rng.normal(0.0, c.ability_sd, (n, 1))
        start = c.base + ability - c.layer_step * self.layer[None, :] + rng.normal(0.0, c.skill_sd, (n, self.n_skills))
        rate = np.exp(rng.normal(math.log(c.learn_rate), c.learn_sd, n))
        forget = np.exp(rng.normal(math.log(c.forget_rate), c.forget_sd, n))
        return start, rate, forget

    def with_students(self, start: np.ndarray, rate: np.ndarray, forget: np.ndarray) -> GenerativeSimulator:
        """The same skills, graph and rules for other students (e.g. draws from a posterior over this
        simulator's students), without goals; nothing learned yet. Not to be reset (that redraws this
        simulator's own students)."""
        twin = copy.copy(self)
        twin.start, twin.rate, twin.forget = start, rate, forget
        twin.n_students = len(start)
        twin.goals = np.zeros(start.shape, dtype=bool)
        twin.learned = np.zeros_like(start)
        twin.t = 0
        return twin

    def p_correct(self) -> np.ndarray:  # (B, S)
        return sigmoid(self.start + self.learned)

    def gate(self, p: np.ndarray) -> np.ndarray:
        """(B, S) min P over each skill's prerequisites (1 where it has none)."""
        out = np.ones_like(p)
        for s in np.flatnonzero(self.prereq.any(0)):
            out[:, s] = p[:, self.prereq[:, s]].min(axis=1)
        return out

    def fit(self, p: np.ndarray) -> np.ndarray:
        c = self.config
        return np.exp(-(logit(p) - logit(c.zpd_peak)) ** 2 / (2 * c.zpd_width ** 2))

    def advance(self, learned: np.ndarray, skills: np.ndarray) -> np.ndarray:
        """The learned part (B, S) after one practice of skills (B,) from `learned` (pure: learning does not
        depend on the answer, so a policy with the true state can plan ahead exactly; see plan_eval's ceilings)."""
        rows = np.arange(self.n_students)
        p = sigmoid(self.start + learned)
        ps = p[rows, skills]  # (B,)
        delta = self.rate * self.gate(p)[rows, skills] * self.fit(ps)
        out = learned * np.exp(-self.forget)[:, None]  # forgetting of everything not practised now
        out[rows, skills] = learned[rows, skills] + delta
        return out

    def step(self, skills: np.ndarray, u: np.ndarray) -> np.ndarray:
        skills = np.asarray(skills, dtype=np.int64)
        y = (u < self.p_correct()[np.arange(self.n_students), skills]).astype(np.float32)
        self.learned = self.advance(self.learned, skills)
        self.t += 1
        return y

    def params(self) -> dict:
        return {"kind": "generative", **asdict(self.config), "edges": self.edges.tolist()}


# --------------------------------------------------------------------------------------------------
# (b) a DKT trained on real data as the student


@dataclass
class DKTSimConfig:
    hidden: int = 64  # LSTM size of the simulator DKT
    emb: int = 32
    epochs: int = 20  # most epochs (early stopping on 10% held-out students)
    patience: int = 3
    window: int = 100
    seed: int = 0


def train_dkt(train: Dataset, config: DKTSimConfig | None = None, cache: str | Path | None = None,
              verbose: bool = False):
    """A DKT fitted on `train` (its DKTNet, eval mode), loaded from / saved to `cache` when given."""
    from metacore.lab.baselines.dkt import DKT, DKTNet

    c = config or DKTSimConfig()
    key = hashlib.sha1(repr((asdict(c), train.n_students, train.n_interactions, train.n_skills,
                             int(train.skills.sum()), float(train.correct.sum()))).encode()).hexdigest()[:12]
    path = None if cache is None else Path(cache) / f"dkt_sim_{key}.pt"
    if path is not None and path.exists():
        net = DKTNet(train.n_skills, c.emb, c.hidden, 1, 0.0)
        net.load_state_dict(torch.load(path, map_location="cpu", weights_only=True))
        return net.eval()
    fit_part, valid = train.split(0.1, seed=c.seed)
    model = DKT(hidden=c.hidden, emb=c.emb, epochs=c.epochs, patience=c.patience, window=c.window, seed=c.seed,
                verbose=verbose).fit(fit_part, valid)
    net = model.net.eval()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        torch.save(net.state_dict(), path)
    return net


class DKTSimulator:
    def __init__(self, net, prefixes: Dataset, goals: np.ndarray, edges: np.ndarray):
        """net: a trained DKTNet; prefixes: one real history per simulated student (B students);
        goals (B, S) bool; edges (E, 2) 0-based prerequisite links (only passed on to policies)."""
        self.net = net.eval()
        self.n_skills = net.out.out_features - 1
        self.prefixes, self.goals, self.edges = prefixes, np.asarray(goals, dtype=bool), np.asarray(edges)
        self.n_students = prefixes.n_students
        self.reset()

    @torch.no_grad()
    def reset(self) -> None:
        net, data = self.net, self.prefixes
        lengths = data.lengths
        prefixes = pad_batch(data, np.arange(self.n_students))
        x = net.embed(torch.from_numpy(prefixes.skills), torch.from_numpy(prefixes.correct))  # (B, T, E)
        x = torch.cat([net.start.expand(self.n_students, 1, -1), x], dim=1)  # (B, T+1, E)
        packed = torch.nn.utils.rnn.pack_padded_sequence(x, torch.from_numpy(lengths + 1), batch_first=True,
                                                         enforce_sorted=False)
        _, self.state = net.lstm(packed)  # (h, c) each (layers, B, H) after the whole prefix
        self._probs()
        self.t = 0

    def _probs(self) -> None:
        self.p = self._predict(self.state)

    @torch.no_grad()
    def _predict(self, state) -> np.ndarray:
        """(B, S) P(correct) of every skill from an LSTM state (h, c)."""
        return torch.sigmoid(self.net.out(state[0][-1]))[:, 1:].double().numpy()

    def p_correct(self) -> np.ndarray:  # (B, S)
        return self.p

    def step(self, skills: np.ndarray, u: np.ndarray) -> np.ndarray:
        skills = np.asarray(skills, dtype=np.int64)
        y = (u < self.p[np.arange(self.n_students), skills]).astype(np.float32)
        self.observe(skills, y)
        return y

    @torch.no_grad()
    def _after(self, skills: np.ndarray, y: np.ndarray):
        x = self.net.embed(torch.from_numpy(skills + 1)[:, None], torch.from_numpy(y)[:, None])  # (B, 1, E)
        return self.net.lstm(x, self.state)[1]

    def observe(self, skills: np.ndarray, y: np.ndarray) -> None:
        """Feed given answers y (B,) to skills (B,): `step` with its own draws, or a second DKT that follows
        another simulator's students (plan_eval's ceilings)."""
        self.state = self._after(np.asarray(skills, dtype=np.int64), np.asarray(y, dtype=np.float32))
        self._probs()
        self.t += 1

    def expected_goal_p(self, skill: int, goals: np.ndarray) -> np.ndarray:
        """(B,) the mean P over each student's goals (B, S) one practice of `skill` from now, in expectation
        over the answer (P(right) from this DKT)."""
        skills = np.full(self.n_students, skill, dtype=np.int64)
        out = np.zeros(self.n_students)
        for y, chance in ((1.0, self.p[:, skill]), (0.0, 1.0 - self.p[:, skill])):
            after = self._predict(self._after(skills, np.full(self.n_students, y, dtype=np.float32)))
            out += chance * mean_on_goals(after, goals)
        return out

    def params(self) -> dict:
        return {"kind": "dkt", "hidden": self.net.lstm.hidden_size, "n_skills": self.n_skills,
                "prefix_mean_length": float(self.prefixes.lengths.mean()), "edges": self.edges.tolist()}
