"""Metric-based similarity between students (tasks) from embeddings of their interactions.

A task T_i is one student's set of embedded interactions f(x). The distance of the seed paper,

    d(T_i, T_j) = sum_{x in T_i} sum_{y in T_j} ||f(x) - f(y)||^2
                = n_j * sq_i + n_i * sq_j - 2 <sum_i, sum_j>,

needs only three statistics per task (count n, sum of f(x), sum of ||f(x)||^2), so all pairs
cost one matrix product. Its size-normalised form d / (n_i n_j) = sq_i/n_i + sq_j/n_j - 2 <mu_i, mu_j>
ranks neighbours (`topk_nearest`), which runs in chunks of query rows so that 100k x 100k fits in memory.

    stats = task_stats(emb, data.offsets)            # emb (N, D) -> TaskStats of S students
    idx, dist = topk_nearest(stats, stats, k=10, exclude_self=True)
    labels, centres = cohorts(stats.total / stats.count[:, None], n_clusters=8)
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch


@dataclass
class TaskStats:
    count: np.ndarray  # (S,) float64, number of interactions n_i
    total: np.ndarray  # (S, D) float64, sum of f(x) over the task
    sqsum: np.ndarray  # (S,) float64, sum of ||f(x)||^2 over the task

    def __len__(self) -> int:
        return len(self.count)

    @property
    def dim(self) -> int:
        return self.total.shape[1]

    def means(self) -> np.ndarray:  # (S, D), zero for empty tasks
        return self.total / np.maximum(self.count, 1.0)[:, None]

    def spread(self) -> np.ndarray:  # (S,) sq_i / n_i, +inf for empty tasks
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(self.count > 0, self.sqsum / self.count, np.inf)


def task_stats(embeddings: np.ndarray, offsets: np.ndarray) -> TaskStats:
    """Per-task statistics of embeddings (N, D), task i owning rows offsets[i]:offsets[i+1]; empty tasks allowed."""
    x = np.asarray(embeddings, dtype=np.float64)
    offsets = np.asarray(offsets, dtype=np.int64)
    if x.ndim != 2 or offsets[-1] != len(x):
        raise ValueError(f"embeddings {x.shape} do not match offsets ending at {offsets[-1]}")
    count = np.diff(offsets).astype(np.float64)  # (S,)
    total = np.zeros((len(count), x.shape[1]))  # (S, D)
    sqsum = np.zeros(len(count))  # (S,)
    full = count > 0
    if full.any():
        starts = offsets[:-1][full]  # consecutive non-empty starts bound each segment exactly
        total[full] = np.add.reduceat(x, starts, axis=0)
        sqsum[full] = np.add.reduceat(np.einsum("nd,nd->n", x, x), starts)
    return TaskStats(count=count, total=total, sqsum=sqsum)


def task_distance(a: TaskStats, b: TaskStats) -> np.ndarray:
    """(Sa, Sb) sum over all pairs of squared distances, in closed form (tiny negatives clipped to 0)."""
    d = (b.count[None, :] * a.sqsum[:, None] + a.count[:, None] * b.sqsum[None, :]
         - 2.0 * (a.total @ b.total.T))
    return np.maximum(d, 0.0)


def mean_task_distance(a: TaskStats, b: TaskStats) -> np.ndarray:
    """(Sa, Sb) d(T_i, T_j) / (n_i n_j): mean squared distance of a pair; +inf where a task is empty."""
    n = a.count[:, None] * b.count[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(n > 0, task_distance(a, b) / n, np.inf)


def brute_force_distance(xi: np.ndarray, xj: np.ndarray) -> float:
    """sum_{x in xi, y in xj} ||x - y||^2 by the double sum (for tests and benchmarks)."""
    xi, xj = np.asarray(xi, dtype=np.float64), np.asarray(xj, dtype=np.float64)
    diff = xi[:, None, :] - xj[None, :, :]  # (ni, nj, D)
    return float(np.sum(diff * diff))


def _exact_mean_distance(mu_a: np.ndarray, spread_a: np.ndarray, mu_b: np.ndarray, spread_b: np.ndarray,
                         idx: np.ndarray) -> np.ndarray:
    """(R, k) float64 mean distance between query tasks (means (R, D), spreads (R,)) and base tasks idx (R, k)."""
    d = spread_a[:, None] + spread_b[idx] - 2.0 * np.einsum("rd,rkd->rk", mu_a, mu_b[idx])
    return np.maximum(d, 0.0)


def topk_nearest(query: TaskStats, base: TaskStats, k: int, chunk: int = 2048,
                 exclude_self: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """The k base tasks nearest each query task by mean_task_distance, nearest first.

    Returns indices (Sq, k) int64 and distances (Sq, k) float64. Works on chunk x Sb blocks at most
    (fewer rows when Sb is large: at most 2^27 scores at once); float64 for small problems, float32
    for large ones, the chosen k always re-scored exactly in float64. exclude_self: query is base
    (same order) and a task is not its own neighbour. Empty base tasks rank last (distance +inf).
    """
    n_base = len(base) - (1 if exclude_self else 0)
    if not 0 < k <= n_base:
        raise ValueError(f"k={k} must lie in 1..{n_base}")
    if exclude_self and len(query) != len(base):
        raise ValueError("exclude_self needs the query to be the base itself")
    big = len(query) * len(base) > 4_000_000
    dtype = torch.float32 if big else torch.float64
    rows_per_chunk = max(1, min(chunk, (1 << 27) // max(len(base), 1)))
    mu_b64, spread_b64 = base.means(), base.spread()  # (Sb, D), (Sb,) +inf for empty tasks
    mu_bt = torch.from_numpy(-2.0 * mu_b64).to(dtype).T.contiguous()  # (D, Sb)
    spread_b = torch.from_numpy(spread_b64).to(dtype)  # (Sb,)
    mu_q64, spread_q = query.means(), query.spread()  # (Sq, D), (Sq,)
    mu_q = torch.from_numpy(mu_q64).to(dtype)  # (Sq, D)
    out_idx = np.empty((len(query), k), dtype=np.int64)
    dist = np.empty((len(query), k))
    for lo in range(0, len(query), rows_per_chunk):
        hi = min(lo + rows_per_chunk, len(query))
        score = torch.addmm(spread_b, mu_q[lo:hi], mu_bt)  # (R, Sb) = spread_j - 2 <mu_i, mu_j>
        if exclude_self:
            r = torch.arange(hi - lo)
            score[r, r + lo] = float("nan")  # NaN sorts after +inf (empty tasks) in topk
        out_idx[lo:hi] = torch.topk(score, k, dim=1, largest=False, sorted=False).indices.numpy()
        dist[lo:hi] = _exact_mean_distance(mu_q64[lo:hi], spread_q[lo:hi], mu_b64, spread_b64, out_idx[lo:hi])  # (R, k)
    order = np.lexsort((out_idx, dist), axis=-1)  # by distance, then by index
    return np.take_along_axis(out_idx, order, 1), np.take_along_axis(dist, order, 1)


def _nearest_centre(points: np.ndarray, centres: np.ndarray, chunk: int) -> tuple[np.ndarray, np.ndarray]:
    """(S,) index of each point's nearest centre and (S,) squared distance to it, chunk rows at a time."""
    c2 = np.einsum("kd,kd->k", centres, centres)  # (K,)
    labels = np.empty(len(points), dtype=np.int64)
    d2 = np.empty(len(points))
    for lo in range(0, len(points), chunk):
        x = points[lo:lo + chunk]  # (R, D)
        d = np.einsum("rd,rd->r", x, x)[:, None] - 2.0 * (x @ centres.T) + c2[None, :]  # (R, K)
        labels[lo:lo + chunk] = np.argmin(d, axis=1)
        d2[lo:lo + chunk] = np.maximum(d[np.arange(len(x)), labels[lo:lo + chunk]], 0.0)
    return labels, d2


def _kmeans_pp(points: np.ndarray, n_clusters: int, rng: np.random.Generator) -> np.ndarray:
    """Greedy k-means++ seeding: draw 2 + log(k) candidates with probability proportional to squared
    distance to the nearest centre so far and keep the one that lowers the total most."""
    trials = 2 + int(np.log(n_clusters))
    x2 = np.einsum("sd,sd->s", points, points)  # (S,)
    centres = [points[rng.integers(len(points))]]
    d2 = np.sum((points - centres[0]) ** 2, axis=1)  # (S,)
    for _ in range(1, n_clusters):
        total = d2.sum()
        picks = rng.choice(len(points), size=trials, p=d2 / total) if total > 0 else rng.integers(len(points), size=1)
        to_pick = x2[None, :] - 2.0 * (points[picks] @ points.T) + x2[picks][:, None]  # (trials, S)
        cand = np.minimum(d2[None, :], np.maximum(to_pick, 0.0))
        best = int(np.argmin(cand.sum(1)))
        centres.append(points[picks[best]])
        d2 = cand[best]
    return np.stack(centres)


def cohorts(points: np.ndarray, n_clusters: int, seed: int = 0, iters: int = 50,
            chunk: int = 8192) -> tuple[np.ndarray, np.ndarray]:
    """k-means (greedy k-means++ seeding, Lloyd steps) of points (S, D): labels (S,) int64, centres (K, D) float64.

    Deterministic for a seed; an emptied cluster is re-seeded with the point farthest from its centre.
    """
    x = np.asarray(points, dtype=np.float64)
    if not 0 < n_clusters <= len(x):
        raise ValueError(f"n_clusters={n_clusters} must lie in 1..{len(x)}")
    rng = np.random.default_rng(seed)
    centres = _kmeans_pp(x, n_clusters, rng)  # (K, D)
    labels, d2 = _nearest_centre(x, centres, chunk)
    columns = np.ascontiguousarray(x.T)  # (D, S) for fast per-dimension sums
    for _ in range(iters):
        counts = np.bincount(labels, minlength=n_clusters)  # (K,)
        sums = np.stack([np.bincount(labels, col, n_clusters) for col in columns], axis=1)  # (K, D)
        for empty in np.flatnonzero(counts == 0):
            far = int(np.argmax(d2))
            sums[empty], counts[empty], d2[far] = x[far], 1, 0.0
        centres = sums / counts[:, None]
        new_labels, d2 = _nearest_centre(x, centres, chunk)
        if np.array_equal(new_labels, labels):
            break
        labels = new_labels
    return labels, centres
