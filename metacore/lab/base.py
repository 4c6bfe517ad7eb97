"""The interface every knowledge-tracing model in the evaluation harness implements."""
from __future__ import annotations

from typing import Protocol

import numpy as np

from metacore.data import Dataset


class KnowledgeTracer(Protocol):
    name: str
    epochs_run: int | None  # after fit: the epochs trained (None: fitted in closed form)

    def fit(self, train: Dataset, valid: Dataset | None = None) -> "KnowledgeTracer":
        """Learn from the training students (valid: held-out students for early stopping)."""

    def predict_next(self, data: Dataset) -> np.ndarray:
        """(N,) P(correct) of every response, each from that student's earlier responses only.

        Row order is the Dataset's; a student's first response is predicted from the prior.
        """

    def forecast(self, data: Dataset, k: int) -> np.ndarray:
        """(N,) P(correct) of responses k.. of each student, seeing only their first k responses
        and the skills (not the answers) of the later ones; NaN for the first k rows of each student.
        """
