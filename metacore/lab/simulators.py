"""Simulated students for grading study planners, batched over B students (numpy / torch, no Django).

Both simulators share one small interface (skills are 0-based indices 0..S-1 here):

    sim.reset()                  -> start a fresh population (same seed -> same students)
    sim.p_correct(day=None)      -> (B, S) true P(correct) of every skill on `day` (None: the day of the last
                                    item, or day 0 before any)
    sim.step(skills (B,), u (B,)) -> (B,) responses 0/1 to one practice item each (u: uniforms in [0, 1),
                                    the response is u < P, so policies can share common random numbers); item t
                                    (t = sim.t, counted from reset) is practised on `sim.calendar.day_of(t)`
    sim.goals (B, S) bool, sim.edges (E, 2) int (prerequisite, dependant), sim.n_skills, sim.n_students

The calendar (`Calendar`): practice happens on school days only, `items_per_day` items a day (one short
session), none on weekends, and none in a two-week holiday after the first `holiday_after` school days. With
the defaults 50 items take 25 school days: three weeks of school, two weeks of holiday, two weeks of school
(the last item on day 46, day 0 a Monday).

Forgetting is by elapsed days, per student and skill, in the spirit of FSRS (Ye et al., the FSRS-4 forgetting
curve): what was learned of skill s is kept with retrievability R = (1 + t / (9 stab_s))^-1 after t days
without practice (R = 0.9 at t = stab_s), and every practice multiplies the stability by
1 + growth * P * (1 + spacing * (1 - R)) (P: the chance of success then, R: the retrievability just before):
successful practice consolidates more, and more so after a gap (the spacing effect; practice the same day,
R = 1, adds least). The growth follows the chance of success, not the drawn answer, so the dynamics stay
independent of the answers (plan_eval's ceilings roll them out exactly).

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
    forgetting    by days (see above): the learned part is learned_is * R(t_is, stab_is), t_is the days since s
                  was last practised (prior knowledge, `start`, does not decay); stab_is starts at the
                  student's stab0_i ~ LogNormal(log stability, stability_sd), and grows by the student's
                  growth_i ~ LogNormal(log growth, growth_sd); practice adds its gain to what is retained then
    goals         n_goals skills per student drawn from layers >= 1

(b) `DKTSimulator`: a DKT (metacore.lab.baselines.dkt) trained on real data (ASSIST2009) acts as the student.
    State = the LSTM state after a real student's history prefix; practising s draws the response from the
    DKT's P(correct on s) and feeds (s, response) to the LSTM; P(correct) of every skill = the DKT's
    predictions from that state, with forgetting by days laid on top (the network has no clock): P_s =
    p0_s + R_s (net_s - p0_s), where p0_s is the network's P when the student was first seen (after the real
    prefix, day 0) and R_s the retrievability of s (stability `stability` days at first, grown by every
    practice of s as above with the population's `growth` and `spacing`). So whatever the network says the
    practice changed fades back to the student's first-seen level with the days since s was last practised,
    and one practice of s brings all of it back (the network remembers it); it is a simple overlay, not a
    model of forgetting learned from data (ASSIST2009's prefixes carry no usable time). Besides the goals,
    the forgetting constants are the only hand-set part.
"""
from __future__ import annotations

import copy
import hashlib
import math
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np
import torch

from metacore.data import Dataset, pad_batch
from metacore.functional import logit, retrievability, sigmoid


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


@dataclass
class Calendar:
    items_per_day: int = 2  # practice items per school day (one short session a day)
    school_days: int = 5  # school days a week (Monday..Friday), none at the weekend
    holiday_after: int = 15  # school days before the holiday (15: three weeks of school)
    holiday_days: int = 14  # calendar days of holiday (starting the weekend after `holiday_after` school days)

    def day_of(self, t):
        """Calendar day (0 = the first Monday) of item t (int or array), t counted from 0."""
        n = np.asarray(t) // self.items_per_day  # school day index
        day = 7 * (n // self.school_days) + n % self.school_days + np.where(n >= self.holiday_after,
                                                                                self.holiday_days, 0)
        return int(day) if np.ndim(day) == 0 else day


def grown_stability(stability: np.ndarray, p: np.ndarray, r: np.ndarray, growth, spacing: float) -> np.ndarray:
    """Stability after one practice at chance of success p and retrievability r (see the module doc)."""
    return stability * (1.0 + growth * p * (1.0 + spacing * (1.0 - r)))


class Memory(NamedTuple):
    """What the students hold of each skill (each (B, S)): the learned logit as of the last practice, its
    stability in days and the day of that practice (the learned part is learned * R(day - last, stability))."""
    learned: np.ndarray
    stability: np.ndarray
    last: np.ndarray


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
    stability: float = 3.0  # median first stability (days) of what is learned: R = 0.9 after 3 days, 0.5 after 27
    stability_sd: float = 0.5  # log-normal spread of the first stability across students
    growth: float = 0.2  # median stability growth per practice at P = 1 without a gap (x1.2)
    growth_sd: float = 0.4  # log-normal spread of that growth across students
    spacing: float = 5.0  # extra growth after a gap: x(1 + spacing (1 - R)) (R = 0.66 after 2 weeks at 3 days)
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
    def __init__(self, n_students: int, seed: int = 0, config: GenerativeConfig | None = None,
                 calendar: Calendar | None = None):
        self.config = config or GenerativeConfig()
        self.calendar = calendar or Calendar()
        self.n_students, self.n_skills, self.seed = n_students, self.config.n_skills, seed
        self.layer, self.edges = layered_dag(self.n_skills, self.config.layers, self.config.max_prereqs,
                                             self.config.graph_seed)
        self.prereq = np.zeros((self.n_skills, self.n_skills), dtype=bool)  # prereq[a, b]: a before b
        self.prereq[self.edges[:, 0], self.edges[:, 1]] = True
        self.reset()

    def reset(self) -> None:
        rng = np.random.default_rng(self.seed)
        self.start, self.rate, self.stab0, self.growth = self.draw_students(rng, self.n_students)
        self.goals = draw_goals(rng, self.n_students, np.flatnonzero(self.layer >= 1), self.n_skills,
                                self.config.n_goals)
        self.memory = self.fresh_memory()
        self.t, self.day = 0, 0

    def draw_students(self, rng: np.random.Generator, n: int) -> tuple[np.ndarray, ...]:
        """(start (n, S), rate (n,), stab0 (n,), growth (n,)) of n students drawn from the population (see the
        docstring)."""
        c = self.config
        ability = rng.normal(0.0, c.ability_sd, (n, 1))
        start = c.base + ability - c.layer_step * self.layer[None, :] + rng.normal(0.0, c.skill_sd, (n, self.n_skills))
        rate = np.exp(rng.normal(math.log(c.learn_rate), c.learn_sd, n))
        stab0 = np.exp(rng.normal(math.log(c.stability), c.stability_sd, n))
        growth = np.exp(rng.normal(math.log(c.growth), c.growth_sd, n))
        return start, rate, stab0, growth

    def students(self, rows: np.ndarray) -> tuple[np.ndarray, ...]:
        """The `draw_students` tuple of the students `rows` (for `with_students`)."""
        return self.start[rows], self.rate[rows], self.stab0[rows], self.growth[rows]

    def with_students(self, start: np.ndarray, rate: np.ndarray, stab0: np.ndarray, growth: np.ndarray
                      ) -> GenerativeSimulator:
        """The same skills, graph, calendar and rules for other students (e.g. draws from a posterior over this
        simulator's students), without goals; nothing learned yet. Not to be reset (that redraws this
        simulator's own students)."""
        twin = copy.copy(self)
        twin.start, twin.rate, twin.stab0, twin.growth = start, rate, stab0, growth
        twin.n_students = len(start)
        twin.goals = np.zeros(start.shape, dtype=bool)
        twin.memory = twin.fresh_memory()
        twin.t, twin.day = 0, 0
        return twin

    def fresh_memory(self) -> Memory:
        """Nothing learned yet, at each student's first stability, as of day 0."""
        shape = (self.n_students, self.n_skills)
        return Memory(np.zeros(shape), np.broadcast_to(self.stab0[:, None], shape).copy(), np.zeros(shape))

    @property
    def learned(self) -> np.ndarray:  # (B, S) the learned logit as of each skill's last practice
        return self.memory.learned

    def retained(self, memory: Memory, day) -> np.ndarray:
        """(B, S) the learned logit still held on `day` (int, or (B,) one day per student)."""
        day = np.asarray(day, dtype=np.float64)
        day = day[:, None] if day.ndim else day
        return memory.learned * retrievability(day - memory.last, memory.stability)

    def p_at(self, memory: Memory, day) -> np.ndarray:  # (B, S) P(correct) from `memory` on `day`
        return sigmoid(self.start + self.retained(memory, day))

    def p_correct(self, day: int | None = None) -> np.ndarray:  # (B, S)
        return self.p_at(self.memory, self.day if day is None else day)

    def gate(self, p: np.ndarray) -> np.ndarray:
        """(B, S) min P over each skill's prerequisites (1 where it has none)."""
        out = np.ones_like(p)
        for s in np.flatnonzero(self.prereq.any(0)):
            out[:, s] = p[:, self.prereq[:, s]].min(axis=1)
        return out

    def fit(self, p: np.ndarray) -> np.ndarray:
        c = self.config
        return np.exp(-(logit(p) - logit(c.zpd_peak)) ** 2 / (2 * c.zpd_width ** 2))

    def advance(self, memory: Memory, skills: np.ndarray, day) -> Memory:
        """The memory after one practice of skills (B,) on `day` from `memory` (pure: learning does not depend
        on the answer, so a policy with the true state can plan ahead exactly; see plan_eval's ceilings)."""
        rows = np.arange(self.n_students)
        held = self.retained(memory, day)
        p = sigmoid(self.start + held)
        ps = p[rows, skills]  # (B,)
        delta = self.rate * self.gate(p)[rows, skills] * self.fit(ps)
        r = retrievability(day - memory.last[rows, skills], memory.stability[rows, skills])
        learned, stability, last = memory.learned.copy(), memory.stability.copy(), memory.last.copy()
        learned[rows, skills] = held[rows, skills] + delta
        stability[rows, skills] = grown_stability(stability[rows, skills], ps, r, self.growth, self.config.spacing)
        last[rows, skills] = day
        return Memory(learned, stability, last)

    def step(self, skills: np.ndarray, u: np.ndarray) -> np.ndarray:
        skills = np.asarray(skills, dtype=np.int64)
        self.day = self.calendar.day_of(self.t)
        y = (u < self.p_correct()[np.arange(self.n_students), skills]).astype(np.float32)
        self.memory = self.advance(self.memory, skills, self.day)
        self.t += 1
        return y

    def params(self) -> dict:
        return {"kind": "generative", **asdict(self.config), "calendar": asdict(self.calendar),
                "edges": self.edges.tolist()}


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


@dataclass
class DKTForgetting:
    """The forgetting by days laid over the DKT simulator (see the module doc), the generative population's
    medians."""
    stability: float = 3.0  # first stability (days) of what the network says practice changed
    growth: float = 0.2  # stability growth per practice at P = 1 without a gap
    spacing: float = 5.0  # extra growth after a gap: x(1 + spacing (1 - R))


class DKTSimulator:
    def __init__(self, net, prefixes: Dataset, goals: np.ndarray, edges: np.ndarray, calendar: Calendar | None = None,
                 forgetting: DKTForgetting | None = None):
        """net: a trained DKTNet; prefixes: one real history per simulated student (B students);
        goals (B, S) bool; edges (E, 2) 0-based prerequisite links (only passed on to policies)."""
        self.net = net.eval()
        self.n_skills = net.out.out_features - 1
        self.prefixes, self.goals, self.edges = prefixes, np.asarray(goals, dtype=bool), np.asarray(edges)
        self.calendar, self.forgetting = calendar or Calendar(), forgetting or DKTForgetting()
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
        self.first = self.net_p.copy()  # (B, S) the first-seen level that forgetting returns to
        shape = (self.n_students, self.n_skills)
        self.stability, self.last = np.full(shape, self.forgetting.stability), np.zeros(shape)
        self.t, self.day = 0, 0

    def _probs(self) -> None:
        self.net_p = self._predict(self.state)

    @torch.no_grad()
    def _predict(self, state) -> np.ndarray:
        """(B, S) the network's P(correct) of every skill from an LSTM state (h, c)."""
        return torch.sigmoid(self.net.out(state[0][-1]))[:, 1:].double().numpy()

    def _faded(self, net_p: np.ndarray, last: np.ndarray, day) -> np.ndarray:
        """(B, S) the network's P (B, S) faded towards the first-seen level by the retrievability on `day`."""
        return self.first + retrievability(day - last, self.stability) * (net_p - self.first)

    def p_correct(self, day: int | None = None) -> np.ndarray:  # (B, S)
        return self._faded(self.net_p, self.last, self.day if day is None else day)

    @property
    def p(self) -> np.ndarray:  # (B, S) P(correct) on the current day
        return self.p_correct()

    def step(self, skills: np.ndarray, u: np.ndarray) -> np.ndarray:
        skills = np.asarray(skills, dtype=np.int64)
        self.day = self.calendar.day_of(self.t)
        y = (u < self.p_correct()[np.arange(self.n_students), skills]).astype(np.float32)
        self.observe(skills, y)
        return y

    @torch.no_grad()
    def _after(self, skills: np.ndarray, y: np.ndarray):
        x = self.net.embed(torch.from_numpy(skills + 1)[:, None], torch.from_numpy(y)[:, None])  # (B, 1, E)
        return self.net.lstm(x, self.state)[1]

    def observe(self, skills: np.ndarray, y: np.ndarray) -> None:
        """Feed given answers y (B,) to skills (B,) on the day of item `t`: `step` with its own draws, or a
        second DKT that follows another simulator's students (plan_eval's ceilings)."""
        skills = np.asarray(skills, dtype=np.int64)
        self.day = self.calendar.day_of(self.t)
        rows, f = np.arange(self.n_students), self.forgetting
        p = self.p_correct()[rows, skills]
        r = retrievability(self.day - self.last[rows, skills], self.stability[rows, skills])
        self.stability[rows, skills] = grown_stability(self.stability[rows, skills], p, r, f.growth, f.spacing)
        self.last[rows, skills] = self.day
        self.state = self._after(skills, np.asarray(y, dtype=np.float32))
        self._probs()
        self.t += 1

    def expected_goal_p(self, skill: int, goals: np.ndarray) -> np.ndarray:
        """(B,) the mean P over each student's goals (B, S) right after one practice of `skill` on the day of
        the next item, in expectation over the answer (P(right) from this simulator)."""
        skills = np.full(self.n_students, skill, dtype=np.int64)
        day = self.calendar.day_of(self.t)
        last = self.last.copy()
        last[:, skill] = day
        p_now = self.p_correct(day)[:, skill]
        out = np.zeros(self.n_students)
        for y, chance in ((1.0, p_now), (0.0, 1.0 - p_now)):
            after = self._predict(self._after(skills, np.full(self.n_students, y, dtype=np.float32)))
            out += chance * mean_on_goals(self._faded(after, last, day), goals)
        return out

    def params(self) -> dict:
        return {"kind": "dkt", "hidden": self.net.lstm.hidden_size, "n_skills": self.n_skills,
                "prefix_mean_length": float(self.prefixes.lengths.mean()), "edges": self.edges.tolist(),
                "calendar": asdict(self.calendar), "forgetting": asdict(self.forgetting)}
