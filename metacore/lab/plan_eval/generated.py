"""What ours knows of each student when it reads the product's own model: metacore's generator, meta-trained on
the population's data, follows each student answer by answer (one GRU step each, as `OnlineStudent` does on the
site) and generates their ExplicitModel: mastery, gain, uncertainty and stability per skill."""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import numpy as np
import torch

from metacore.data import Dataset
from metacore.encoder import HistoryState, embed_interactions
from metacore.explicit_model import ExplicitModel, probability
from metacore.generator import MetaCoreNet, generate_arrays, generate_from_histories
from metacore.learning_curve import curve_gain
from metacore.metric import TaskStats, task_stats, topk_nearest
from metacore.online_estimate import BLEND_WEIGHT, OnlineEstimator, blend, prior_arrays
from metacore.train import TrainConfig, load_checkpoint, save_checkpoint, train

DAY = 86400.0  # seconds
NEIGHBOURS = 10  # nearest students whose gains a plan reads (the site's `learners.services.similarity.NEIGHBOURS`)
NEIGHBOUR_REFRESH = 10  # items between two searches (the site's: when a version is made, a student's model refreshed)
SESSION_START = 16 * 3600.0  # each school day's items start at 16:00, a second apart (the FSRS policy's dates too)


def seconds_of(day, t) -> np.ndarray:
    """The time in seconds of item t (int or array) practised on calendar `day` (int or array)."""
    return np.asarray(day, dtype=np.float64) * DAY + SESSION_START + np.asarray(t, dtype=np.float64)


def with_calendar_times(data: Dataset, days: np.ndarray) -> Dataset:
    """`data` (every student the same length T) with each student's item t dated on calendar day days[t]."""
    T = len(days)
    t = np.arange(data.n_interactions) % T
    return replace(data, times=seconds_of(np.asarray(days)[t], t))


def generator_config(max_seconds: float, seed: int) -> TrainConfig:
    """The training settings of ours' generator: metacore's defaults, one thread, at most max_seconds."""
    return TrainConfig(epochs=30, max_seconds=max_seconds, seed=seed, device="cpu", threads=1)


def train_generator(data: Dataset, config: TrainConfig, cache: str | Path | None = None
                    ) -> tuple[MetaCoreNet, dict]:
    """metacore's network meta-trained on `data` (eval mode) and the online estimate's prior its checkpoint keeps
    (`metacore.online_estimate.fit_online_prior`), loaded from / saved to `cache` when given."""
    times = 0.0 if data.times is None else float(data.times.sum())
    key = hashlib.sha1(repr((asdict(config), data.n_students, data.n_interactions, data.n_skills,
                             int(data.skills.sum()), float(data.correct.sum()), times)).encode()).hexdigest()[:12]
    path = None if cache is None else Path(cache) / f"generator_{key}.pt"
    if path is not None and path.exists():
        net, checkpoint = load_checkpoint(path)
    else:
        net, checkpoint = train(data, None, config)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            save_checkpoint(checkpoint, path)
    return net.eval(), checkpoint["online_prior"]


class GeneratedEstimator:
    """B students followed by a MetaCoreNet: per student the GRU state, the per-skill counts (`HistoryState`)
    and, with skill memory, the projected state after each skill's last practice. `arrays()` gives each
    student's generated (mastery logit, gain, variance), each (B, S), the gain taken from the learning curve
    `curve` (S,) at each student's practice count as the site's plans take it (`curve_gain`; None: the generated
    gain); `stability` (B, S) days; `task` the statistics of each student's embedded interactions (the seed paper's
    task distance, `metacore.metric`). The same reading interface as `OnlineEstimator` (`on`, `update`, `arrays`,
    `p`, `model`); skills are 0-based here."""

    def __init__(self, net: MetaCoreNet, n_students: int, curve: np.ndarray | None = None):
        self.net = net.eval()
        self.curve = curve
        self.h = torch.zeros(net.encoder.layers, n_students, net.hidden)
        self.state = HistoryState(n_students, net.n_skills)
        width = net.m_proj.out_features if net.skill_memory else 0
        self.memory = np.zeros((n_students, net.n_skills + 1, width), dtype=np.float32)
        self.items = np.zeros(n_students, dtype=np.int64)  # answers read per student (dates them within a day)
        self.day = 0.0
        dim = net.encoder.interaction.right.embedding_dim
        self.task = TaskStats(count=np.zeros(n_students), total=np.zeros((n_students, dim)), sqsum=np.zeros(n_students))
        self._generated: dict | None = None

    def on(self, day) -> GeneratedEstimator:
        """The models do not change between answers (the planner reads the days since practice itself)."""
        self.day = float(day)
        return self

    @torch.no_grad()
    def update(self, skills: np.ndarray, y: np.ndarray, rows: np.ndarray | None = None, day=None) -> None:
        """Answers y (R,) on skills (R,) (0-based) of the students rows (R,) (default: all), on `day`."""
        rows = np.arange(len(skills)) if rows is None else np.asarray(rows)
        ids = np.asarray(skills, dtype=np.int64) + 1
        y = np.asarray(y, dtype=np.float32)
        when = seconds_of(self.day if day is None else day, self.items[rows])
        feats = self._features(self.state, ids, rows, when)
        f = self.net.encoder.interaction(torch.as_tensor(ids), torch.as_tensor(y), torch.as_tensor(feats)).double()
        self.task.count[rows] += 1
        self.task.total[rows] += f.numpy()
        self.task.sqsum[rows] += (f * f).sum(1).numpy()
        out, h = self.net.encoder(torch.as_tensor(ids[:, None]), torch.as_tensor(y[:, None]),
                                  torch.as_tensor(feats[:, None]), self.h[:, rows].contiguous())
        self.h[:, rows] = h
        if self.net.skill_memory:
            self.memory[rows, ids] = self.net.m_proj(out[:, -1]).numpy()
        self.state.update_rows(rows, ids, y, when)
        self.items[rows] += 1
        self._generated = None

    def _features(self, state: HistoryState, ids: np.ndarray, rows: np.ndarray, when: np.ndarray) -> np.ndarray:
        """(R, F) features of skills ids (R,) of the students rows (R,) of `state`, each as of its time when (R,)."""
        out = np.zeros((len(rows), state.features(ids[:1], rows[:1]).shape[-1]), dtype=np.float32)
        for w in np.unique(when):
            at = when == w
            out[at] = state.features(ids[at], rows[at], at=float(w))
        return out

    @torch.no_grad()
    def expected_goal_p(self, skill: int, rows: np.ndarray, goals: np.ndarray, weights: np.ndarray, day
                        ) -> np.ndarray:
        """(R,) the generated P of the goals (R, G) (0-based skills) of the students rows (R,), averaged with
        weights (R, G), right after one more practice of `skill` (0-based) on `day`, in expectation over its
        answer (P(right) from the student's model now): the network itself looked one answer ahead."""
        net, R = self.net, len(rows)
        ids, goal_ids = np.full(R, skill + 1), goals + 1
        when = seconds_of(day, self.items[rows])
        feats = self._features(self.state, ids, rows, when)
        a = self.generated()
        now = net.prob_logit(torch.as_tensor(a["mastery"][rows, skill] + a["carry"][rows, skill]),
                             torch.as_tensor(a["variance"][rows, skill]))
        p_right = torch.sigmoid(now).numpy()
        out = np.zeros(R)
        held = self.memory[rows[:, None], goal_ids] if net.skill_memory else None  # (R, G, E) the goals' memory
        for y, chance in ((1.0, p_right), (0.0, 1.0 - p_right)):
            answer = np.full(R, y, dtype=np.float32)
            seq, h = net.encoder(torch.as_tensor(ids[:, None]), torch.as_tensor(answer[:, None]),
                                 torch.as_tensor(feats[:, None]), self.h[:, rows].contiguous())
            state = self.state.rows_copy(rows)
            state.update_rows(np.arange(R), ids, answer, when)
            goal_feats = torch.as_tensor(state.features(goal_ids).astype(np.float32))  # (R, G, F)
            mem = None
            if net.skill_memory:  # a goal that is the practised skill remembers this practice
                fresh = net.m_proj(seq[:, -1]).numpy()[:, None, :]
                mem = torch.as_tensor(np.where((goal_ids == ids[:, None])[:, :, None], fresh, held))
            m, _, v, _ = net.head(h[-1], torch.as_tensor(goal_ids), goal_feats, mem)
            carry = net.carry_all(torch.as_tensor(state.carry_keys()))
            if carry is not None:
                m = m + torch.gather(carry, 1, torch.as_tensor(goals))
            out += chance * (torch.sigmoid(net.prob_logit(m, v)).numpy() * weights).sum(1)
        return out

    def generated(self) -> dict:
        """The generator's arrays of every student as of their last answer (see `generate_arrays`)."""
        if self._generated is None:
            mem = self.memory[:, 1:] if self.net.skill_memory else None
            self._generated = generate_arrays(self.net, self.h[-1].numpy(), self.state, mem, batch_size=256)
        return self._generated

    @property
    def stability(self) -> np.ndarray:  # (B, S) days
        return self.generated()["stability"].astype(np.float64)

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        a = self.generated()
        m, g, v = (a[k].astype(np.float64) for k in ("mastery", "gain", "variance"))
        return m, g if self.curve is None else curve_gain(self.curve, self.state.count[:, 1:]), v

    def p(self) -> np.ndarray:  # (B, S) the generated models' P(correct)
        m, _, v = self.arrays()
        return probability(m, v)

    def model(self, b: int) -> ExplicitModel:
        m, g, v = self.arrays()
        return ExplicitModel(mastery=m[b], gain=g[b], variance=v[b], stability=self.stability[b])


class BlendedEstimator:
    """What the site's plans read (`learners.engine.planning_models`): the generated models, their gain from the
    learning curve, with mastery and variance blended (`blend`, `weight` on the generated) with the online
    estimate started from the prior the generator's checkpoint keeps. The reading interface of `OnlineEstimator`.
    pool: the students whose generated gains `neighbour_gains` reads (None: none)."""

    def __init__(self, net: MetaCoreNet, n_students: int, prior: dict, weight: float = BLEND_WEIGHT,
                 pool: NeighbourPool | None = None):
        p0, g0, ability_var = prior_arrays(prior)
        self.generated = GeneratedEstimator(net, n_students, curve=g0)
        self.online = OnlineEstimator(p0, g0, n_students, ability_var=ability_var)
        self.weight = weight
        self.pool = pool
        self._neighbour_gains: tuple[int, np.ndarray] | None = None

    def neighbour_gains(self, t: int) -> np.ndarray:
        """(B, S) the mean generated gain of each student's `NEIGHBOURS` nearest students of the pool by the task
        distance, as of item t: searched again every `NEIGHBOUR_REFRESH` items (NaN: no answer yet)."""
        if self._neighbour_gains is None or t - self._neighbour_gains[0] >= NEIGHBOUR_REFRESH:
            self._neighbour_gains = t, self.pool.gains_near(self.generated.task)
        return self._neighbour_gains[1]

    def on(self, day) -> BlendedEstimator:
        self.generated.on(day)
        return self

    def update(self, skills: np.ndarray, y: np.ndarray, rows: np.ndarray | None = None, day=None) -> None:
        self.generated.update(skills, y, rows, day=day)
        self.online.update(skills, y, rows, day=day)

    @property
    def stability(self) -> np.ndarray:  # (B, S) days
        return self.generated.stability

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        m, g, v = self.generated.arrays()
        mine, _, var = self.online.arrays()
        m, v = blend((m, v), (mine, var), self.weight)
        return m, g, v

    def p(self) -> np.ndarray:  # (B, S)
        m, _, v = self.arrays()
        return probability(m, v)

    def model(self, b: int) -> ExplicitModel:
        m, g, v = self.arrays()
        return ExplicitModel(mastery=m[b], gain=g[b], variance=v[b], stability=self.stability[b])


@dataclass
class NeighbourPool:
    """The students a plan's neighbours are searched among, as the site keeps them: their task statistics and
    generated gains (S,) after their whole histories (`neighbour_pool`)."""
    task: TaskStats  # (P,) statistics of each pool student's embedded interactions
    gain: np.ndarray  # (P, S) their generated gains

    def gains_near(self, task: TaskStats, k: int = NEIGHBOURS) -> np.ndarray:
        """(B, S) the mean gain of the k pool students nearest each of `task`'s students (NaN for an empty task)."""
        out = np.full((len(task), self.gain.shape[1]), np.nan)
        has = np.flatnonzero(task.count > 0)
        if len(has):
            query = TaskStats(count=task.count[has], total=task.total[has], sqsum=task.sqsum[has])
            nearest, _ = topk_nearest(query, self.task, k=min(k, len(self.task)))
            out[has] = self.gain[nearest].mean(1)
        return out


def neighbour_pool(net: MetaCoreNet, data: Dataset) -> NeighbourPool:
    """The students of `data` (the generator's training population) as the site keeps them for neighbours."""
    embedded = embed_interactions(net.encoder.interaction, data).astype(np.float64)
    return NeighbourPool(task=task_stats(embedded, data.offsets),
                         gain=generate_from_histories(net, data)[1]["gain"].astype(np.float64))


def policy_network_lookahead(ctx) -> np.ndarray:
    """(B,) the candidate skill whose practice now gives the highest expected mean goal P one answer on, by the
    student's generator (`GeneratedEstimator.expected_goal_p`)."""
    est = ctx.est
    width = max(1, int(ctx.goals.sum(1).max()))
    goals = np.argsort(~ctx.goals, axis=1, kind="stable")[:, :width]  # (B, G) each student's goals first
    weights = np.take_along_axis(ctx.goals, goals, axis=1).astype(np.float64)
    weights /= np.maximum(weights.sum(1, keepdims=True), 1.0)
    values = np.full(ctx.goals.shape, -np.inf)
    for s in np.flatnonzero(ctx.candidates.any(0)):
        rows = np.flatnonzero(ctx.candidates[:, s])
        values[rows, s] = est.expected_goal_p(int(s), rows, goals[rows], weights[rows], ctx.day)
    return np.argmax(values, axis=1)
