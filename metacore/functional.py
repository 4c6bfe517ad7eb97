"""The numeric functions the core and the lab share (numpy, elementwise)."""
from __future__ import annotations

import numpy as np


def sigmoid(x):
    """1 / (1 + exp(-x))."""
    return 1.0 / (1.0 + np.exp(-x))


def logit(p, eps: float = 1e-6):
    """log(p / (1 - p)), p clipped to [eps, 1 - eps] first."""
    p = np.clip(p, eps, 1 - eps)
    return np.log(p / (1 - p))
