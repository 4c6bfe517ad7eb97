"""Scores of probabilistic predictions of 0/1 responses: AUC (Mann-Whitney, ties count 1/2), accuracy, RMSE."""
from __future__ import annotations

import numpy as np


def _clean(y: np.ndarray, p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    y, p = np.asarray(y, dtype=np.float64).ravel(), np.asarray(p, dtype=np.float64).ravel()
    if y.shape != p.shape:
        raise ValueError(f"labels {y.shape} and predictions {p.shape} differ in shape")
    keep = ~np.isnan(p)  # NaN = "not predicted" (e.g. the first k rows of a forecast)
    return y[keep], p[keep]


def average_ranks(x: np.ndarray) -> np.ndarray:
    """(N,) ranks 1..N of x, tied values sharing the mean of their ranks."""
    order = np.argsort(x, kind="mergesort")
    xs = x[order]
    starts = np.flatnonzero(np.concatenate([[True], xs[1:] != xs[:-1]]))  # first index of each tie group
    ends = np.concatenate([starts[1:], [len(xs)]])
    mean_rank = (starts + ends + 1) / 2.0  # mean of ranks starts+1..ends
    ranks = np.empty(len(x), dtype=np.float64)
    ranks[order] = np.repeat(mean_rank, ends - starts)
    return ranks


def auc(y: np.ndarray, p: np.ndarray) -> float:
    """P(p of a random positive > p of a random negative) + 1/2 P(tie); NaN if a class is missing.

    Labels are thresholded at 0.5 (scores of partially correct answers count as correct when >= 0.5).
    """
    y, p = _clean(y, p)
    pos = y >= 0.5
    n_pos, n_neg = int(pos.sum()), int((~pos).sum())
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    r = average_ranks(p)
    return float((r[pos].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


def accuracy(y: np.ndarray, p: np.ndarray) -> float:
    y, p = _clean(y, p)
    return float(np.mean((p >= 0.5) == (y >= 0.5))) if len(y) else float("nan")


def rmse(y: np.ndarray, p: np.ndarray) -> float:
    y, p = _clean(y, p)
    return float(np.sqrt(np.mean((p - y) ** 2))) if len(y) else float("nan")


def scores(y: np.ndarray, p: np.ndarray) -> dict[str, float]:
    return {"auc": auc(y, p), "acc": accuracy(y, p), "rmse": rmse(y, p)}
