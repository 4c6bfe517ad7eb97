"""The one place where the domain meets metacore: attempts as arrays, checkpoints from storage.

Everything here is arrays in, arrays out; the services decide what to read and write.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import torch
from django.core.files.storage import default_storage
from django.db import connection

from metacore import metric
from metacore.data import Dataset
from metacore.encoder import embed_interactions
from metacore.generator import MetaCoreNet, encode_histories, generate_along, generate_models
from metacore.metrics import auc
from metacore.student_model import StudentModel as ExplicitModel
from metacore.train import net_from_checkpoint, predict_next


@dataclass
class AttemptArrays:
    """Every attempt of the chosen students, ordered by student then time."""

    students: np.ndarray  # (N,) Student pks
    skills: np.ndarray  # (N,) Skill pks
    scores: np.ndarray  # (N,) float32 in [0, 1]

    def __len__(self) -> int:
        return len(self.students)

    def only(self, student_pks) -> "AttemptArrays":
        return self._where(np.isin(self.students, np.asarray(list(student_pks), dtype=np.int64)))

    def on_skills(self, skill_pks) -> "AttemptArrays":
        return self._where(np.isin(self.skills, np.asarray(list(skill_pks), dtype=np.int64)))

    def _where(self, keep: np.ndarray) -> "AttemptArrays":
        return AttemptArrays(self.students[keep], self.skills[keep], self.scores[keep])


def last_attempt_id() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM learners_attempt")
        return int(cursor.fetchone()[0])


def students_with_attempts_after(attempt_id: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT student_id FROM learners_attempt WHERE id > %s", [attempt_id])
        return [row[0] for row in cursor.fetchall()]


def read_attempts(student_pks=None, up_to: int | None = None) -> AttemptArrays:
    """One query, straight into arrays (no model instances); up_to: only attempts with id <= it."""
    conditions, params = [], []
    if student_pks is not None:
        pks = [int(pk) for pk in student_pks]
        if not pks:
            return AttemptArrays(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32))
        conditions.append(f"student_id IN ({', '.join(['%s'] * len(pks))})")
        params += pks
    if up_to is not None:
        conditions.append("id <= %s")
        params.append(int(up_to))
    sql = "SELECT student_id, skill_id, score FROM learners_attempt"
    if conditions:
        sql += " WHERE " + " AND ".join(conditions)
    sql += " ORDER BY student_id, submitted_at, id"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    table = np.array(rows, dtype=np.float64).reshape(-1, 3)
    return AttemptArrays(table[:, 0].astype(np.int64), table[:, 1].astype(np.int64), table[:, 2].astype(np.float32))


def to_dataset(arrays: AttemptArrays, vocabulary: list[int]) -> tuple[Dataset, np.ndarray]:
    """(Dataset over the vocabulary's skills, the Student pk of each of its students).

    Skill pk vocabulary[i] becomes skill index i + 1; attempts on skills outside it are left out.
    """
    vocab = np.asarray(vocabulary, dtype=np.int64)
    order = np.argsort(vocab)
    pos = np.searchsorted(vocab[order], arrays.skills)
    pos = np.minimum(pos, len(vocab) - 1) if len(vocab) else pos
    known = (vocab[order][pos] == arrays.skills) if len(vocab) else np.zeros(len(arrays), bool)
    students, skills, scores = arrays.students[known], order[pos[known]] + 1, arrays.scores[known]
    owners, starts = np.unique(students, return_index=True)
    offsets = np.append(starts, len(students)).astype(np.int64)
    return Dataset(skills=skills, correct=scores, offsets=offsets, n_skills=len(vocab),
                   student_ids=[str(s) for s in owners]), owners


@dataclass
class Engine:
    """A loaded model version: its network and the skill pks it knows."""

    net: MetaCoreNet
    checkpoint: dict
    vocabulary: list[int]

    def dataset(self, arrays: AttemptArrays) -> tuple[Dataset, np.ndarray]:
        return to_dataset(arrays, self.vocabulary)

    def generate(self, data: Dataset) -> list[ExplicitModel]:
        """Each student's explicit model from their whole history (vocabulary: Skill pks)."""
        return generate_models(self.net, data, skill_vocabulary=self.vocabulary)

    def generate_along(self, data: Dataset, cuts) -> list[ExplicitModel]:
        """The models of `data`'s one student after each of `cuts` of their responses (history read once)."""
        return generate_along(self.net, data, 0, cuts, skill_vocabulary=self.vocabulary)

    def prior(self) -> ExplicitModel:
        return ExplicitModel.from_dict(self.checkpoint["population_prior"] | {"skill_vocabulary": self.vocabulary})

    def embeddings(self, data: Dataset) -> np.ndarray:
        """(S, H) each student's state after their whole history (the generator's student embedding)."""
        return encode_histories(self.net, data)

    def task_stats(self, data: Dataset) -> metric.TaskStats:
        """Per-student sums of the interaction embeddings f(x): what the seed paper's distance needs."""
        return metric.task_stats(embed_interactions(self.net.encoder.interaction, data).astype(np.float64),
                                 data.offsets)

    def next_response_auc(self, data: Dataset) -> float:
        return float(auc(data.correct, predict_next(self.net, data)))


def checkpoint_bytes(checkpoint: dict) -> bytes:
    buffer = io.BytesIO()
    torch.save(checkpoint, buffer)
    return buffer.getvalue()


def engine_from_checkpoint(checkpoint: dict, vocabulary: list[int]) -> Engine:
    return Engine(net=net_from_checkpoint(checkpoint, device="cpu"), checkpoint=checkpoint,
                  vocabulary=list(vocabulary))


@lru_cache(maxsize=4)
def load_engine(checkpoint_name: str, vocabulary: tuple[int, ...], made_at: str = "") -> Engine:
    """A version's engine, loaded once per process (a version's checkpoint never changes; `made_at`, the
    version's creation time, keeps a re-used name from a reset database from hitting the cache)."""
    with default_storage.open(checkpoint_name, "rb") as handle:
        checkpoint = torch.load(io.BytesIO(handle.read()), map_location="cpu", weights_only=False)
    return engine_from_checkpoint(checkpoint, list(vocabulary))
