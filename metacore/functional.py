"""The numeric functions the core and the lab share (numpy, elementwise)."""
from __future__ import annotations

import math

import numpy as np


def sigmoid(x):
    """1 / (1 + exp(-x))."""
    return 1.0 / (1.0 + np.exp(-x))


def probit_scale(variance):
    """1 / sqrt(1 + pi variance / 8): sigmoid(mu * probit_scale(v)) approximates E[sigmoid(x)] for x ~ N(mu, v)
    (the probit approximation). numpy arrays and torch tensors alike."""
    return 1.0 / (1.0 + math.pi * variance / 8.0) ** 0.5


def retrievability(elapsed, stability):
    """FSRS-4's forgetting curve: R = (1 + t / (9 S))^-1 after t days (negative: 0) at stability S days (R = 0.9
    at t = S)."""
    return 1.0 / (1.0 + np.maximum(elapsed, 0.0) / (9.0 * np.asarray(stability, dtype=np.float64)))


def logit(p, eps: float = 1e-6):
    """log(p / (1 - p)), p clipped to [eps, 1 - eps] first."""
    p = np.clip(p, eps, 1 - eps)
    return np.log(p / (1 - p))
