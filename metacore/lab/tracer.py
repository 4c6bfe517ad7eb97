"""MetaCoreTracer: the generator + similarity as a `KnowledgeTracer` for the evaluation harness.

predict_next: the head at the GRU state before each response plus the carry of the responses just
before (= `ExplicitModel.predict_next` of the model generated so far), over each whole history (no resets).

forecast(data, k): the ExplicitModel generated from the first k responses, then its numpy
`forecast` along the student's later skills. k = 0: the population prior (there is nothing to
compare yet, with or without similarity). With similarity (k > 0) the generated mastery is
corrected by how the generator erred on the most similar training students:

* every training student with more than k responses is a base task, embedded by the encoder f on
  their first k interactions (`metric.task_stats`); the query student likewise;
* for each base student the generator also made an ExplicitModel from their first k responses and
  forecast the rest; per skill we keep the sums of actual answers Y, of forecasts P and the count C;
* `metric.topk_nearest` finds the n_neighbors nearest base tasks (mean pairwise squared distance of
  the interaction embeddings); `metric.cohorts` groups the base tasks and the query's cohort
  prototype (its members' average) counts as one more neighbour;
* per skill s, with the neighbours' sums: delta_s = logit((Y + a/2)/(C + a)) - logit((P + a/2)/(C + a))
  (a = smoothing: no data, no correction), and delta over all skills likewise; then
  m_s <- m_s + sim_k0 / (sim_k0 + k) * (sim_weight * delta_s + sim_global * delta) * sqrt(1 + pi v_s / 8):
  more weight when the student has little data of their own.

Where the training data carry item ids (`metacore.lab.synthetic.ItemDataset`), predict_next and forecast move
each response's P by its item's offset from its skill (`metacore.item_offsets.ItemOffsets`, fitted on the
training responses), so the items of one skill are told apart as a per-item prior tells them.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np

from metacore import metric
from metacore.data import Dataset
from metacore.encoder import dataset_features, days_between, embed_interactions
from metacore.explicit_model import ExplicitModel, cross_logits, kept_by_days, practice_counts, probability
from metacore.functional import logit, probit_scale
from metacore.item_offsets import ItemOffsets
from metacore.generator import generate_from_histories, models_from_arrays, population_prior
from metacore.train import TrainConfig, config_from_dict, load_checkpoint, predict_next, save_checkpoint, train

DEFAULT_EPOCHS = 30  # early stopping (patience 3) usually ends sooner
DEFAULT_MAX_SECONDS = 540.0  # keeps a whole-train.csv fit under 10 minutes on 2 CPU cores


def default_config(**settings) -> TrainConfig:
    """The tracer's training settings (capped in time), with these settings (NetConfig or TrainConfig, flat)
    changed; an unknown one raises ValueError."""
    return config_from_dict({"epochs": DEFAULT_EPOCHS, "max_seconds": DEFAULT_MAX_SECONDS, **settings})


class MetaCoreTracer:
    def __init__(self, *, use_similarity: bool = True, epochs: int | None = None, seed: int = 0,
                 device: str = "cpu", config: TrainConfig | None = None, n_neighbors: int = 100,
                 n_cohorts: int = 8, sim_weight: float = 0.6, sim_global: float = 0.3, sim_k0: float = 100.0,
                 smoothing: float = 4.0, log=None, on_epoch=None):
        self.use_similarity = use_similarity
        self.name = "metacore" if use_similarity else "metacore_no_similarity"
        # seed and device always come from the arguments (the harness sets them), the rest from config
        cfg = dataclasses.replace(config) if config else default_config()
        if epochs is not None:
            cfg.epochs = epochs
        cfg.seed, cfg.device = seed, device
        self.config = cfg
        self.device = device
        self.n_neighbors, self.n_cohorts = n_neighbors, n_cohorts
        self.sim_weight, self.sim_global, self.sim_k0, self.smoothing = sim_weight, sim_global, sim_k0, smoothing
        self.log = log
        self.on_epoch = on_epoch  # on_epoch(epoch, loss, valid_auc): progress while fitting
        self.net = None
        self.checkpoint: dict | None = None
        self.epochs_run: int | None = None  # after fit: epochs trained (the harness's throughput figure)
        self.base: Dataset | None = None  # the training students the similarity part compares with
        self.item_offsets: ItemOffsets | None = None  # after fit, where the training data carry item ids

    # -- fitting / storing ----------------------------------------------------------------------
    def fit(self, train_data: Dataset, valid: Dataset | None = None) -> "MetaCoreTracer":
        self.net, self.checkpoint = train(train_data, valid, self.config, on_epoch=self.on_epoch, log=self.log)
        self.epochs_run = len(self.checkpoint["metrics"]["history"])
        self.item_offsets = _fit_item_offsets([d for d in (train_data, valid) if d is not None])
        self._set_base(train_data if valid is None else _concat(train_data, valid))
        return self

    def _set_base(self, base: Dataset) -> None:
        self.base = base
        self._base_feats = dataset_features(base)
        self._base_emb = embed_interactions(self.net.encoder.interaction, base,
                                            feats=self._base_feats).astype(np.float64)
        self._residual_cache = {}

    def save(self, path: str | Path) -> None:
        ckpt = dict(self.checkpoint)
        ckpt["similarity_base"] = {"skills": self.base.skills, "correct": self.base.correct,
                                   "offsets": self.base.offsets, "n_skills": self.base.n_skills}
        if self.item_offsets is not None:
            ckpt["item_offsets"] = self.item_offsets.to_dict()
        save_checkpoint(ckpt, path)

    @classmethod
    def load(cls, path: str | Path, **kwargs) -> "MetaCoreTracer":
        net, ckpt = load_checkpoint(path, device=kwargs.get("device", "cpu"))
        tracer = cls(**kwargs)
        tracer.net, tracer.checkpoint = net, ckpt
        if "item_offsets" in ckpt:
            tracer.item_offsets = ItemOffsets.from_dict(ckpt["item_offsets"])
        b = ckpt.get("similarity_base")
        if b is not None:
            tracer._set_base(Dataset(skills=b["skills"], correct=b["correct"], offsets=b["offsets"],
                                     n_skills=int(b["n_skills"])))
        return tracer

    # -- predictions --------------------------------------------------------------------------
    def predict_next(self, data: Dataset) -> np.ndarray:
        return self._by_item(predict_next(self.net, data), data)

    def _by_item(self, p: np.ndarray, data: Dataset) -> np.ndarray:
        """p (N,) moved by each response's item offset, where both the training data and `data` carry item ids."""
        items = getattr(data, "items", None)
        return p if self.item_offsets is None or items is None else self.item_offsets.shift(p, items)

    def prior(self) -> ExplicitModel:
        return population_prior(self.net)

    def student_models(self, data: Dataset, k: int) -> tuple[np.ndarray, list[ExplicitModel]]:
        """(students with more than k responses, their ExplicitModels generated from the first k)."""
        idx = np.flatnonzero(data.lengths > k)
        if k == 0 or len(idx) == 0:
            prior = self.prior()
            return idx, [prior] * len(idx)
        sub = data.subset(idx)
        ks = np.full(len(idx), k)
        h, arrays = generate_from_histories(self.net, sub, ks)
        if self.use_similarity and self.base is not None:
            arrays["mastery"] = self._blend(sub, k, arrays["mastery"], arrays["variance"])
        return idx, models_from_arrays(arrays, h, ks)

    def forecast(self, data: Dataset, k: int) -> np.ndarray:
        out = np.full(data.n_interactions, np.nan)
        idx, models = self.student_models(data, k)
        for s, model in zip(idx, models):
            lo, hi = data.offsets[s], data.offsets[s + 1]
            days = None if data.times is None or k == 0 else days_between(data.times[lo + k:hi], data.times[lo + k - 1])
            out[lo + k:hi] = model.forecast(data.skills[lo + k:hi], days)
        return self._by_item(out, data)

    # -- similarity -----------------------------------------------------------------------------
    def _base_residuals(self, k: int):
        """Per base student (those with more than k responses): stats of their first k interactions,
        and per skill the sums of actual answers, of the generator's forecast from their first k
        responses, and the number of responses, over everything after their k-th response."""
        if k in self._residual_cache:
            return self._residual_cache[k]
        base, n_skills = self.base, self.net.n_skills
        base_idx = np.flatnonzero(base.lengths > k)
        sub = base.subset(base_idx)
        ks = np.full(len(base_idx), k)
        _, arrays = generate_from_histories(self.net, sub, ks, feats=self._sub_feats(base_idx))
        rows = (base.offsets[base_idx][:, None] + np.arange(k)[None, :]).ravel()
        stats = metric.task_stats(self._base_emb[rows], np.arange(len(base_idx) + 1) * k)
        n_after = sub.lengths - k
        owner = np.repeat(np.arange(len(base_idx)), n_after)
        after = np.concatenate([np.arange(sub.offsets[i] + k, sub.offsets[i + 1]) for i in range(len(base_idx))])
        skill = sub.skills[after]
        key = owner * (n_skills + 1) + skill
        j = practice_counts(key)
        i = after - sub.offsets[owner] - k
        c = skill - 1
        mu = (arrays["mastery"][owner, c] + arrays["gain"][owner, c] * np.log1p(j)
              + arrays["transfer"][owner] * np.log1p(i))
        if "cross_source" in arrays:
            target = arrays["cross_target"][c] * arrays["cross_scale"][owner]
            mu = mu + cross_logits(arrays["cross_source"][c], target, j, owner)
        if sub.times is not None:
            days = days_between(sub.times[after], sub.times[sub.offsets[owner] + k - 1])
            kept = kept_by_days(key, days, arrays["stability"][owner, c], arrays["elapsed"][owner, c])
            mu = arrays["floor"][c] + (mu - arrays["floor"][c]) * kept
        p = probability(mu, arrays["variance"][owner, c])
        size = len(base_idx) * (n_skills + 1)
        shape = (len(base_idx), n_skills + 1)
        y_sum = np.bincount(key, weights=sub.correct[after], minlength=size).reshape(shape)
        p_sum = np.bincount(key, weights=p, minlength=size).reshape(shape)
        cnt = np.bincount(key, minlength=size).reshape(shape).astype(np.float64)
        out = (stats, y_sum, p_sum, cnt)
        self._residual_cache[k] = out
        return out

    def _sub_feats(self, idx: np.ndarray) -> np.ndarray:
        rows = np.concatenate([np.arange(self.base.offsets[s], self.base.offsets[s + 1]) for s in idx])
        return self._base_feats[rows]

    def neighbour_residuals(self, sub: Dataset, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(Q, S) sums over each query student's neighbours (and cohort prototype) of actual answers,
        generator forecasts and responses after the k-th, per skill."""
        base_stats, y_sum, p_sum, cnt = self._base_residuals(k)
        q_rows = (sub.offsets[:-1][:, None] + np.arange(k)[None, :]).ravel()
        q_emb = embed_interactions(self.net.encoder.interaction, sub).astype(np.float64)[q_rows]
        q_stats = metric.task_stats(q_emb, np.arange(sub.n_students + 1) * k)
        n_base = len(base_stats.count)
        nbr, _ = metric.topk_nearest(q_stats, base_stats, min(self.n_neighbors, n_base))
        y, p, c = y_sum[nbr].sum(axis=1), p_sum[nbr].sum(axis=1), cnt[nbr].sum(axis=1)
        if self.n_cohorts and n_base >= self.n_cohorts:
            means = base_stats.total / base_stats.count[:, None]
            labels, centres = metric.cohorts(means, self.n_cohorts, seed=self.config.seed)
            sizes = np.bincount(labels, minlength=self.n_cohorts)[:, None].astype(np.float64)
            proto = []
            for arr in (y_sum, p_sum, cnt):
                acc = np.zeros((self.n_cohorts, arr.shape[1]))
                np.add.at(acc, labels, arr)
                proto.append(acc / sizes)
            q_means = q_stats.total / q_stats.count[:, None]
            q_label = np.argmin(((q_means[:, None, :] - centres[None]) ** 2).sum(-1), axis=1)
            y, p, c = y + proto[0][q_label], p + proto[1][q_label], c + proto[2][q_label]
        return y[:, 1:], p[:, 1:], c[:, 1:]

    def _blend(self, sub: Dataset, k: int, mastery: np.ndarray, variance: np.ndarray) -> np.ndarray:
        if (self.sim_weight <= 0 and self.sim_global <= 0) or (self.base.lengths > k).sum() < 2:
            return mastery
        y, p, c = self.neighbour_residuals(sub, k)
        a = self.smoothing
        per_skill = _smoothed_logit(y, c, a) - _smoothed_logit(p, c, a)
        overall = (_smoothed_logit(y.sum(1), c.sum(1), a) - _smoothed_logit(p.sum(1), c.sum(1), a))[:, None]
        w = self.sim_k0 / (self.sim_k0 + k)
        return mastery + w * (self.sim_weight * per_skill + self.sim_global * overall) / probit_scale(variance)


def _smoothed_logit(hits: np.ndarray, n: np.ndarray, a: float) -> np.ndarray:
    """logit((hits + a/2) / (n + a)): a rate smoothed by a pseudo-responses, half of them right."""
    return logit((hits + a / 2) / (n + a), eps=1e-4)


def _fit_item_offsets(parts: list[Dataset]) -> ItemOffsets | None:
    """The item offsets of the responses of `parts`, where every part carries item ids and some item is not
    its skill's only one (else None: ours reads skills alone)."""
    items = [getattr(d, "items", None) for d in parts]
    if any(i is None for i in items):
        return None
    offsets = ItemOffsets.fit(items=np.concatenate(items), skills=np.concatenate([d.skills for d in parts]),
                              correct=np.concatenate([d.correct for d in parts]))
    return offsets if np.any(offsets.offset) else None


def _concat(a: Dataset, b: Dataset) -> Dataset:
    n_skills = max(a.n_skills, b.n_skills)
    times = None if a.times is None or b.times is None else np.concatenate([a.times, b.times])
    return Dataset(skills=np.concatenate([a.skills, b.skills]), correct=np.concatenate([a.correct, b.correct]),
                   offsets=np.concatenate([a.offsets, b.offsets[1:] + a.offsets[-1]]), n_skills=n_skills, times=times)
