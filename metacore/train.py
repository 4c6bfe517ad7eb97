"""Episodic meta-training of the generator: every student is a task.

Per student (task) and step, a random split point k: support = responses 0..k-1, query = k...
Loss = BCE of next-response predictions (with the carry) over the whole window (teacher forcing)
     + forecast_weight * BCE of the query responses predicted, from their skills only, by the
       ExplicitModel dynamics (`generator.forecast_logits`) emitted after the support (query response i
       weighted (1 + i)^forecast_horizon, mean 1: later horizons count more).
Long histories are cut into windows of `window` responses; a later window starts `burn_in`
responses early and its first `burn_in` responses are not scored (the GRU warms up); the
per-skill history features always come from the whole history. Inference never cuts.
AdamW, gradient clipping, exponential learning-rate decay per epoch; an exponential moving average
of the weights (ema_decay) is what is validated each epoch (early stopping on valid AUC) and kept.

    cfg = TrainConfig(net=NetConfig(hidden=128), epochs=20)
    net, ckpt = train(train_data, valid_data, cfg, on_epoch=lambda e, loss, auc: ...)
    save_checkpoint(ckpt, "metacore.pt"); net, ckpt = load_checkpoint("metacore.pt")

`train_step(net, batch, optimizer, cfg)` is one clean optimisation step on one batch (the loss is the net's
own, `MetaCoreNet.forward`, so a DistributedDataParallel wrapper of the net computes it on each rank's shard
of `make_batches`).
"""
from __future__ import annotations

import copy
import time
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Callable, Mapping

import numpy as np
import torch
from torch import distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel

from metacore.data import Dataset, pad_rows
from metacore.encoder import N_FEATURES, dataset_features, days_between, prefix_features
from metacore.explicit_model import practice_counts, previous_same
from metacore.generator import MetaCoreNet, NetConfig, history_tensors, population_prior
from metacore.online_estimate import fit_online_prior
from metacore.scoring import auc

SCHEMA_VERSION = 2  # of checkpoints; 1: the network's settings flat in "config" (before NetConfig), still read


@dataclass
class TrainConfig:
    net: NetConfig = field(default_factory=NetConfig)  # the network's own settings
    epochs: int = 20  # upper bound; early stopping usually ends sooner
    patience: int = 3  # epochs without a better valid AUC before stopping
    batch_size: int = 32  # windows per step
    window: int = 200  # responses per training window
    burn_in: int = 50  # unscored warm-up responses at the start of a later window
    lr: float = 2e-3  # AdamW learning rate
    lr_decay: float = 0.85  # multiplied into the learning rate after every epoch
    weight_decay: float = 1e-4  # AdamW weight decay
    clip: float = 1.0  # gradient-norm clip
    ema_decay: float = 0.995  # per step: validate and keep a moving average of the weights (0: off)
    forecast_weight: float = 0.25  # weight of the query forecast loss
    forecast_horizon: float = 0.0  # query response i weighs (1 + i)^this within it, mean 1 (0: all alike)
    max_support: int = 100  # split points k are drawn log-uniformly from 1..min(len - 1, max_support) ...
    p_empty_support: float = 0.1  # ... or k = 0 (a brand-new student) with this probability
    max_query: int = 1000  # query = responses k..k+max_query-1 (past the window: only their skills are read)
    valid_fraction: float = 0.1  # held-out students for early stopping when no valid set is given
    seed: int = 0
    device: str = "auto"  # "auto" (CUDA when present) | "cpu" | "cuda"
    threads: int = 0  # torch CPU threads (0: leave as is)
    max_seconds: float = 0.0  # stop after this many seconds of training (0: no limit)


def resolve_device(device: str) -> torch.device:
    if device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if device not in ("cpu", "cuda") and not device.startswith("cuda:"):
        raise ValueError(f"device must be 'auto', 'cpu' or 'cuda', not {device!r}")
    return torch.device(device)


CARRY_MAX_ENTRIES = 16_000_000  # the carry tables hold 2 (S + 1)^2 entries per lag: fewer lags past this


def carry_lags_for(config: NetConfig, n_skills: int) -> int:
    """config.carry_lags, fewer where the tables would pass CARRY_MAX_ENTRIES (e.g. 4 at 1,400 skills)."""
    return min(config.carry_lags, CARRY_MAX_ENTRIES // (2 * (n_skills + 1) ** 2))


def build_net(config: NetConfig, n_skills: int) -> MetaCoreNet:
    return MetaCoreNet(n_skills, replace(config, carry_lags=carry_lags_for(config, n_skills)))


# -- batches --------------------------------------------------------------------------------
def make_windows(data: Dataset, window: int, burn_in: int) -> np.ndarray:
    """(W, 4) int64 rows (student, start, end, first scored position within the window)."""
    rows = []
    for s, n in enumerate(data.lengths):
        if n == 0:
            continue
        rows.append((s, 0, min(n, window), 0))
        step = window
        while step < n:
            start = max(step - burn_in, 0)
            rows.append((s, start, min(step + window - burn_in, n), step - start))
            step = step + window - burn_in
    return np.asarray(rows, dtype=np.int64).reshape(-1, 4)


def make_batches(data: Dataset, feats: np.ndarray, windows: np.ndarray, cfg: TrainConfig,
                 rng: np.random.Generator) -> list[np.ndarray]:
    """Lists of window indices, similar lengths together, in random order."""
    lengths = windows[:, 2] - windows[:, 1]
    order = np.argsort(lengths + rng.uniform(0, 8, len(lengths)), kind="stable")
    batches = [order[i:i + cfg.batch_size] for i in range(0, len(order), cfg.batch_size)]
    rng.shuffle(batches)
    return batches


def sample_split(rng: np.random.Generator, k_max: int, p_empty: float) -> int:
    """Support size: 0 with probability p_empty, else log-uniform over 1..k_max (cold starts matter most)."""
    if k_max < 1 or rng.random() < p_empty:
        return 0
    return min(int(np.exp(rng.uniform(0.0, np.log(k_max + 1.0)))), k_max)


def build_batch(data: Dataset, feats: np.ndarray, windows: np.ndarray, rng: np.random.Generator,
                cfg: TrainConfig, device: torch.device) -> dict:
    """Padded tensors of a batch of windows, with an episodic split for windows that start a history."""
    B = len(windows)
    _, (sk, co, fe) = pad_rows(data.offsets[windows[:, 0]] + windows[:, 1], windows[:, 2] - windows[:, 1],
                               data.skills, data.correct, feats)
    scored = np.zeros(sk.shape, dtype=bool)
    split = np.zeros(B, dtype=np.int64)
    n_skills = data.n_skills
    queries = []  # (row, first query response, query rows) of the windows that start a history
    q_start, q_len = np.zeros(B, dtype=np.int64), np.zeros(B, dtype=np.int64)  # the query's rows in `data`
    for r, (s, start, end, first) in enumerate(windows):
        n = end - start
        scored[r, first:n] = True
        if start != 0 or n < 2 or cfg.forecast_weight <= 0:
            continue
        k = sample_split(rng, min(n - 1, cfg.max_support), cfg.p_empty_support)
        split[r] = k
        # the query runs past the window, up to max_query responses: only its skills and the state at k are needed
        hi = min(int(data.lengths[s]), k + cfg.max_query)
        queries.append((r, k, hi))
        q_start[r], q_len[r] = data.offsets[s] + k, hi - k
    q_mask, (q_skills, q_correct) = pad_rows(q_start, q_len, data.skills, data.correct)
    Q = q_mask.shape[1]  # 0: no query in the batch
    q_feats = np.zeros((B, Q, N_FEATURES), dtype=np.float32)
    q_j = np.zeros((B, Q), dtype=np.float32)
    q_i = np.zeros((B, Q), dtype=np.float32)
    times = data.times
    q_days = None if times is None else np.zeros((2, B, Q), dtype=np.float32)  # (t, t0) of `query_days`
    for r, k, hi in queries:
        lo = data.offsets[windows[r, 0]]
        hist_s, hist_c = data.skills[lo:lo + hi], data.correct[lo:lo + hi]
        q = hist_s[k:]
        m = hi - k
        hist_t = None if times is None else times[lo:lo + hi]
        q_feats[r, :m] = prefix_features(hist_s, hist_c, feats[lo:lo + hi], k, q, n_skills, hist_t)
        q_j[r, :m] = practice_counts(q)
        q_i[r, :m] = np.arange(m)
        if hist_t is not None:
            q_days[:, r, :m] = query_days(hist_s, hist_t, k)
    extra = {} if cfg.forecast_horizon == 0 else {"q_weight": horizon_weights(q_i, q_mask, cfg.forecast_horizon)}
    if q_days is not None:
        extra |= {"q_days": q_days[0], "q_days0": q_days[1]}
    t = lambda a: torch.as_tensor(a, device=device)  # noqa: E731
    return {"skills": t(sk), "correct": t(co), "feats": t(fe), "scored": t(scored), "split": t(split),
            "q_skills": t(q_skills), "q_correct": t(q_correct), "q_mask": t(q_mask), "q_feats": t(q_feats),
            "q_j": t(q_j), "q_i": t(q_i)} | {key: t(a) for key, a in extra.items()}


def query_days(skills: np.ndarray, times: np.ndarray, k: int) -> np.ndarray:
    """(2, len - k) for each response after the first k of one history: the days t since the last earlier
    practice of its skill and t0, those from that practice to the k-th response when it came before it (else
    0); 0 and 0 for a skill never practised before (nothing to forget)."""
    prev = previous_same(skills)[k:]
    at = times[k:]
    before = (prev >= 0) & (prev < k)
    t = np.where(prev >= 0, days_between(at, times[np.maximum(prev, 0)]), 0.0)
    t0 = np.where(before, days_between(times[k - 1] if k else 0.0, times[np.maximum(prev, 0)]), 0.0)
    return np.stack([t, t0])


def horizon_weights(q_i: np.ndarray, q_mask: np.ndarray, power: float) -> np.ndarray:
    """(B, Q) weight of each query response, (1 + i)^power, scaled to mean 1 over the real ones."""
    w = np.where(q_mask, (1.0 + q_i) ** power, 0.0)
    return (w * (q_mask.sum() / max(float(w.sum()), 1e-12))).astype(np.float32)


# -- one step -------------------------------------------------------------------------------
def train_step(net: MetaCoreNet, batch: dict, optimizer: torch.optim.Optimizer, cfg: TrainConfig,
               model: nn.Module | None = None) -> float:
    """One optimiser step; the loss is computed through `model` when given (the net wrapped, e.g. by
    DistributedDataParallel)."""
    net.train()
    optimizer.zero_grad(set_to_none=True)
    _, loss = (net if model is None else model)(batch, forecast_weight=cfg.forecast_weight)
    loss.backward()
    if cfg.clip > 0:
        torch.nn.utils.clip_grad_norm_(net.parameters(), cfg.clip)
    optimizer.step()
    return float(loss.detach())


# -- evaluation ----------------------------------------------------------------------------
@torch.no_grad()
def predict_next(net: MetaCoreNet, data: Dataset, batch_size: int = 128, feats: np.ndarray | None = None) -> np.ndarray:
    """(N,) P(correct) of every response from the same student's earlier ones, whole histories, no resets."""
    net.eval()
    device = next(net.parameters()).device
    feats = dataset_features(data) if feats is None else feats
    out = np.zeros(data.n_interactions, dtype=np.float64)
    lengths = data.lengths
    order = np.argsort(-lengths, kind="stable")
    order = order[lengths[order] > 0]
    for lo in range(0, len(order), batch_size):
        idx = order[lo:lo + batch_size]
        logits, _ = net(history_tensors(data, idx, lengths[idx], feats, device))
        p = torch.sigmoid(logits).double().cpu().numpy()
        for r, s in enumerate(idx):
            a, b = data.offsets[s], data.offsets[s + 1]
            out[a:b] = p[r, :b - a]
    return out


# -- data parallel -------------------------------------------------------------------------
class Distributed:
    """This process's place among the data-parallel training processes (torch.distributed, started by
    torchrun); one process alone when no process group is initialised."""

    def __init__(self, rank: int = 0, size: int = 1):
        self.rank, self.size = rank, size

    @classmethod
    def current(cls) -> "Distributed":
        if dist.is_available() and dist.is_initialized():
            return cls(dist.get_rank(), dist.get_world_size())
        return cls()

    def wrap(self, net: nn.Module, device: torch.device) -> nn.Module:
        """The net as this process computes the loss through it: DDP-wrapped among several processes."""
        if self.size == 1:
            return net
        ids = [device.index if device.index is not None else 0] if device.type == "cuda" else None
        return DistributedDataParallel(net, device_ids=ids, find_unused_parameters=True)

    def shard(self, batches: list) -> list:
        """This process's share; every process gets the same number of steps."""
        per_process = len(batches) // self.size if self.size > 1 else len(batches)
        return batches[self.rank::self.size][:per_process]

    def from_first(self, value: float) -> float:
        """The first process's value, everywhere."""
        if self.size == 1:
            return value
        t = torch.tensor([value], dtype=torch.float64)
        dist.broadcast(t, src=0)
        return float(t.item())

    def agree(self, flag: bool) -> bool:
        """True everywhere as soon as one process says so (a stop must be taken by all together)."""
        if self.size == 1:
            return flag
        t = torch.tensor([1.0 if flag else 0.0])
        dist.all_reduce(t, op=dist.ReduceOp.MAX)
        return bool(t.item())


# -- the loop -------------------------------------------------------------------------------
def train(train_data: Dataset, valid_data: Dataset | None = None, cfg: TrainConfig | None = None,
          on_epoch: Callable[[int, float, float], None] | None = None,
          log: Callable[[str], None] | None = None) -> tuple[MetaCoreNet, dict]:
    """Meta-train on `train_data` (early stopping on next-response AUC of `valid_data`, or of a
    `cfg.valid_fraction` split of train_data by student). Returns the best net and its checkpoint dict."""
    cfg = cfg or TrainConfig()
    if cfg.threads:
        torch.set_num_threads(cfg.threads)
    n_skills = max(train_data.n_skills, valid_data.n_skills if valid_data is not None else 0)
    prior = fit_online_prior(replace(train_data, n_skills=n_skills))  # every student, before any split
    if valid_data is None and cfg.valid_fraction > 0 and train_data.n_students >= 10:
        train_data, valid_data = train_data.split(cfg.valid_fraction, seed=cfg.seed)
    torch.manual_seed(cfg.seed)
    rng = np.random.default_rng(cfg.seed)
    device = resolve_device(cfg.device)
    net = build_net(cfg.net, n_skills).to(device)
    optimizer = torch.optim.AdamW(net.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    scheduler = torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=cfg.lr_decay)
    feats = dataset_features(train_data)
    valid_feats = None if valid_data is None else dataset_features(valid_data)
    windows = make_windows(train_data, cfg.window, cfg.burn_in)
    world = Distributed.current()
    model, order_rng = world.wrap(net, device), rng
    if world.size > 1:  # every process orders the batches alike, and draws its own episodic splits
        order_rng, rng = np.random.default_rng(cfg.seed), np.random.default_rng([cfg.seed, world.rank])
    ema = torch.optim.swa_utils.AveragedModel(
        net, multi_avg_fn=torch.optim.swa_utils.get_ema_multi_avg_fn(cfg.ema_decay)) if cfg.ema_decay > 0 else None
    best_auc, best_state, best_epoch, stale = -1.0, None, -1, 0
    history = []
    started = time.perf_counter()
    for epoch in range(cfg.epochs):
        losses = []
        for batch_idx in world.shard(make_batches(train_data, feats, windows, cfg, order_rng)):
            batch = build_batch(train_data, feats, windows[batch_idx], rng, cfg, device)
            losses.append(train_step(net, batch, optimizer, cfg, model))
            if ema is not None:
                ema.update_parameters(net)
            if world.agree(bool(cfg.max_seconds and time.perf_counter() - started > cfg.max_seconds)):
                break
        scheduler.step()
        mean_loss = float(np.mean(losses)) if losses else float("nan")
        kept = net if ema is None else ema.module  # the averaged weights are what gets validated and kept
        if world.rank > 0:
            valid_auc = float("nan")  # the first process validates for all
        elif valid_data is not None and valid_data.n_interactions:
            valid_auc = auc(valid_data.correct, predict_next(kept, valid_data, feats=valid_feats))
        else:
            valid_auc = -mean_loss  # no valid students: keep the lowest training loss
        valid_auc = world.from_first(valid_auc)  # every process takes the same early-stopping decisions
        history.append({"epoch": epoch, "loss": mean_loss, "valid_auc": valid_auc,
                        "seconds": time.perf_counter() - started})
        if log and world.rank == 0:
            log(f"epoch {epoch} loss {mean_loss:.4f} valid_auc {valid_auc:.4f} {time.perf_counter() - started:.0f}s")
        if on_epoch and world.rank == 0:
            on_epoch(epoch, mean_loss, valid_auc)
        if valid_auc > best_auc:
            best_auc, best_epoch, stale = valid_auc, epoch, 0
            best_state = copy.deepcopy(kept.state_dict())
        else:
            stale += 1
        out_of_time = bool(cfg.max_seconds and time.perf_counter() - started > cfg.max_seconds)
        if world.agree(stale >= cfg.patience or out_of_time):
            break
    if best_state is not None:
        net.load_state_dict(best_state)
    net.eval()
    metrics = {"best_valid_auc": best_auc, "best_epoch": best_epoch, "history": history,
               "train_seconds": time.perf_counter() - started, "train_students": train_data.n_students,
               "valid_students": 0 if valid_data is None else valid_data.n_students}
    return net, make_checkpoint(net, cfg, metrics, online_prior=prior)


# -- checkpoints ----------------------------------------------------------------------------
def make_checkpoint(net: MetaCoreNet, cfg: TrainConfig, metrics: dict, skill_vocabulary: list[int] | None = None,
                    online_prior: dict | None = None) -> dict:
    """online_prior: the population's `fit_online_prior` (None: none, as in checkpoints written before it)."""
    vocab = list(skill_vocabulary or range(1, net.n_skills + 1))
    return {"schema_version": SCHEMA_VERSION, "config": asdict(cfg), "n_skills": net.n_skills,
            "skill_vocabulary": vocab,
            "state_dict": {k: v.detach().cpu() for k, v in net.state_dict().items()},
            "metrics": metrics, "population_prior": population_prior(net, vocab).to_dict(),
            "online_prior": online_prior}


def save_checkpoint(ckpt: dict, path: str | Path) -> None:
    torch.save(ckpt, str(path))


NET_SETTINGS = tuple(f.name for f in fields(NetConfig))
TRAIN_SETTINGS = tuple(f.name for f in fields(TrainConfig) if f.name != "net")


def config_from_dict(d: Mapping, *, strict: bool = True) -> TrainConfig:
    """A TrainConfig from its `asdict` form, the network's settings under "net" or flat beside the training ones
    (the form of settings written before NetConfig). strict: an unknown setting raises ValueError (else it is
    dropped, as from a checkpoint written by a version that had it)."""
    train_part = dict(d)
    net_part = dict(train_part.pop("net", None) or {})
    net_part.update({key: train_part.pop(key) for key in NET_SETTINGS if key in train_part})
    unknown = sorted((set(train_part) - set(TRAIN_SETTINGS)) | (set(net_part) - set(NET_SETTINGS)))
    if unknown and strict:
        raise ValueError(f"unknown settings {', '.join(unknown)}")
    return TrainConfig(net=NetConfig(**{k: v for k, v in net_part.items() if k in NET_SETTINGS}),
                       **{k: v for k, v in train_part.items() if k in TRAIN_SETTINGS})


def checkpoint_config(ckpt: Mapping) -> TrainConfig:
    """The settings a checkpoint was trained with. Schema 1 held the network's settings flat, and those written
    before the skill memory and the carry existed have neither; those written before the cross-skill gains
    have none."""
    version = ckpt.get("schema_version")
    if version not in (1, SCHEMA_VERSION):
        raise ValueError(f"unsupported checkpoint schema_version {version!r}")
    settings = ckpt["config"]
    if version == 1:
        settings = {"skill_memory": False, "carry_lags": 0, **settings}
    if "net" in settings:  # written before the cross-skill gains: none
        settings = {**settings, "net": {"cross_rank": 0, **settings["net"]}}
    else:
        settings = {"cross_rank": 0, **settings}
    return config_from_dict(settings, strict=False)


FEATURE_WEIGHTS = ("encoder.interaction.feats.weight", "f_proj.weight")  # (out, N_FEATURES) each


def net_from_checkpoint(ckpt: dict, device: str = "cpu") -> MetaCoreNet:
    net = build_net(checkpoint_config(ckpt).net, int(ckpt["n_skills"]))
    net.load_state_dict(upgraded_state(ckpt["state_dict"], net.state_dict()))
    return net.to(resolve_device(device)).eval()


def upgraded_state(stored: Mapping[str, torch.Tensor], fresh: Mapping[str, torch.Tensor]) -> dict:
    """A state dict stored before the time features and the stability head, made to fit the network of today:
    zero weights for the features it did not have (it reads them as it did before: not at all) and the
    starting stability head (STABILITY_START for every student and skill)."""
    state = dict(stored)
    for key in FEATURE_WEIGHTS:
        missing = N_FEATURES - state[key].shape[1]
        if missing > 0:
            state[key] = torch.cat([state[key], state[key].new_zeros(state[key].shape[0], missing)], dim=1)
    for key in ("stability_out.weight", "stability_out.bias"):
        state.setdefault(key, fresh[key])
    return state


def load_checkpoint(path: str | Path, device: str = "cpu") -> tuple[MetaCoreNet, dict]:
    ckpt = torch.load(str(path), map_location="cpu", weights_only=False)
    return net_from_checkpoint(ckpt, device), ckpt
