"""The one place where the domain meets metacore: attempts as arrays, checkpoints from storage, and every
metacore name the domain uses (no other module of `learners` or `portal` imports metacore; a test holds it).

Everything here is arrays in, arrays out; the services decide what to read and write. Calls into metacore
pass their arguments by keyword. This module imports no other module of the domain.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import torch
from django.core.files.storage import default_storage
from django.db import connection

import metacore
from metacore import metric
from metacore.data import DataFormatError, Dataset, parse_three_line_record, three_line_records
from metacore.distributed import train_parallel
from metacore.encoder import embed_interactions
from metacore.generator import MetaCoreNet, encode_histories, generate_along, generate_models
from metacore.explicit_model import ExplicitModel
from metacore.functional import sigmoid
from metacore.item_offsets import ItemOffsets
from metacore.online_estimate import OnlineEstimator, blend, estimate_histories, prior_arrays
from metacore.planner import PlanConfig
from metacore.planner import plans_from_dicts as metacore_plans_from_dicts
from metacore.planner import planning_model as metacore_planning_model
from metacore.prerequisites import PrerequisiteConfig, Suggestion
from metacore.prerequisites import suggest_prerequisites as metacore_suggest_prerequisites
from metacore.scoring import auc
from metacore.train import TrainConfig, config_from_dict, net_from_checkpoint, predict_next, train

# Besides the functions below, the domain uses these metacore names through this module: DataFormatError,
# Dataset, ExplicitModel, ItemOffsets, PlanConfig, PrerequisiteConfig, TaskStats, TrainConfig, config_from_dict (a
# TrainConfig from JSON settings), parse_three_line_record and three_line_records (the one reader of the 3-line
# format), sigmoid.
CODE_VERSION = metacore.__version__  # stored with each model version
PLAN_DEFAULTS = PlanConfig()  # the planner's settings, as every plan is made
BAND_MIDDLE = float(np.mean(PLAN_DEFAULTS.band))  # the chance of success an exercise is chosen nearest to
MIN_RATERS = 5  # students who answered an exercise before a version rates its difficulty
TaskStats = metric.TaskStats


@dataclass
class AttemptArrays:
    """Every attempt of the chosen students, ordered by student then time."""

    students: np.ndarray  # (N,) Student pks
    skills: np.ndarray  # (N,) Skill pks
    scores: np.ndarray  # (N,) float32 in [0, 1]
    times: np.ndarray | None = None  # (N,) float64 seconds since the epoch of each submission; None: unknown
    exercises: np.ndarray | None = None  # (N,) int64 Exercise pks, -1 where an attempt names none; None: unknown

    def __len__(self) -> int:
        return len(self.students)

    def only(self, student_pks) -> "AttemptArrays":
        return self._where(np.isin(self.students, np.asarray(list(student_pks), dtype=np.int64)))

    def on_skills(self, skill_pks) -> "AttemptArrays":
        return self._where(np.isin(self.skills, np.asarray(list(skill_pks), dtype=np.int64)))

    def _where(self, keep: np.ndarray) -> "AttemptArrays":
        return AttemptArrays(self.students[keep], self.skills[keep], self.scores[keep],
                             None if self.times is None else self.times[keep],
                             None if self.exercises is None else self.exercises[keep])


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
            return AttemptArrays(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32),
                                 np.zeros(0, np.float64), np.zeros(0, np.int64))
        conditions.append(f"student_id IN ({', '.join(['%s'] * len(pks))})")
        params += pks
    if up_to is not None:
        conditions.append("id <= %s")
        params.append(int(up_to))
    sql = (f"SELECT student_id, skill_id, score, {_EPOCH_SECONDS[connection.vendor]}, COALESCE(exercise_id, -1) "
           "FROM learners_attempt")
    if conditions:
        sql += " WHERE " + " AND ".join(conditions)
    sql += " ORDER BY student_id, submitted_at, id"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    table = np.array(rows, dtype=np.float64).reshape(-1, 5)
    return AttemptArrays(table[:, 0].astype(np.int64), table[:, 1].astype(np.int64), table[:, 2].astype(np.float32),
                         table[:, 3], table[:, 4].astype(np.int64))


# seconds since the epoch of an attempt's submission, as each database computes it (a float, not a datetime:
# no Python object per row; SQLite's Julian day rounded back to the millisecond it holds)
_EPOCH_SECONDS = {"postgresql": "EXTRACT(EPOCH FROM submitted_at)::float8",
                  "sqlite": "ROUND((julianday(submitted_at) - 2440587.5) * 86400.0, 3)"}


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
                   student_ids=[str(s) for s in owners],
                   times=None if arrays.times is None else arrays.times[known]), owners


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
        return generate_models(net=self.net, data=data, skill_vocabulary=self.vocabulary)

    def generate_along(self, data: Dataset, cuts) -> list[ExplicitModel]:
        """The models of `data`'s one student after each of `cuts` of their responses (history read once)."""
        return generate_along(net=self.net, data=data, student=0, cuts=cuts, skill_vocabulary=self.vocabulary)

    def prior(self) -> ExplicitModel:
        return ExplicitModel.from_dict(self.checkpoint["population_prior"] | {"skill_vocabulary": self.vocabulary})

    @property
    def online_prior(self) -> dict | None:
        """Where the online estimate starts a student (`metacore.online_estimate.fit_online_prior`), fitted on the
        students the version was trained on (None for a checkpoint written before it)."""
        return self.checkpoint.get("online_prior")

    @property
    def exercise_offsets(self) -> ItemOffsets | None:
        """Each exercise's difficulty beside its skill, fitted on the attempts the version was trained on
        (`exercise_offsets_fit`; None for a checkpoint written before them, or data without exercises)."""
        stored = self.checkpoint.get("exercise_offsets")
        return ItemOffsets.from_dict(stored) if stored else None

    def embeddings(self, data: Dataset) -> np.ndarray:
        """(S, H) each student's state after their whole history (the generator's student embedding)."""
        return encode_histories(net=self.net, data=data)

    def task_stats(self, data: Dataset) -> TaskStats:
        """Per-student sums of the interaction embeddings f(x): what the seed paper's distance needs."""
        embeddings = embed_interactions(encoder=self.net.encoder.interaction, data=data).astype(np.float64)
        return metric.task_stats(embeddings=embeddings, offsets=data.offsets)

    def next_response_auc(self, data: Dataset) -> float:
        return float(auc(y=data.correct, p=predict_next(net=self.net, data=data)))


def checkpoint_bytes(checkpoint: dict) -> bytes:
    buffer = io.BytesIO()
    torch.save(checkpoint, buffer)
    return buffer.getvalue()


def engine_from_checkpoint(checkpoint: dict, vocabulary: list[int]) -> Engine:
    return Engine(net=net_from_checkpoint(ckpt=checkpoint, device="cpu"), checkpoint=checkpoint,
                  vocabulary=list(vocabulary))


@lru_cache(maxsize=4)
def load_engine(checkpoint_name: str, vocabulary: tuple[int, ...], made_at: str = "") -> Engine:
    """A version's engine, loaded once per process (a version's checkpoint never changes; `made_at`, the
    version's creation time, keeps a re-used name from a reset database from hitting the cache)."""
    with default_storage.open(checkpoint_name, "rb") as handle:
        checkpoint = torch.load(io.BytesIO(handle.read()), map_location="cpu", weights_only=False)
    return engine_from_checkpoint(checkpoint, list(vocabulary))


# -- training ---------------------------------------------------------------------------------------------
def train_network(*, train_data: Dataset, valid_data: Dataset | None, config: TrainConfig, processes: int,
                  on_epoch) -> tuple[MetaCoreNet, dict]:
    """(the best network, its checkpoint): on `processes` data-parallel (DDP) processes of this machine when
    more than one; `on_epoch(epoch, loss, valid_auc)` hears each epoch."""
    if processes > 1:
        return train_parallel(train_data=train_data, valid_data=valid_data, cfg=config, processes=processes,
                              on_epoch=on_epoch)
    return train(train_data=train_data, valid_data=valid_data, cfg=config, on_epoch=on_epoch)


def exercise_offsets_fit(*, engine: Engine, arrays: AttemptArrays) -> dict | None:
    """Each exercise's offset from its skill, for the checkpoint (JSON-safe): from the attempts that name their
    exercise, each read beside the P the version's network gave it from the student's earlier attempts
    (`ItemOffsets.fit_beside`: so exercises given by ability, as plans give them, are rated right); only exercises
    answered by at least MIN_RATERS students. None when no exercise is rated."""
    if arrays.exercises is None:
        return None
    arrays = arrays.on_skills(engine.vocabulary)
    arrays = arrays.only(np.unique(arrays.students[arrays.exercises >= 0]))  # the students who named one
    pairs = np.unique(np.stack([arrays.exercises, arrays.students]), axis=1)[0]  # each exercise once a student
    ids, raters = np.unique(pairs, return_counts=True)
    rated = np.isin(arrays.exercises, ids[(ids >= 0) & (raters >= MIN_RATERS)])
    if not rated.any():
        return None
    p = predict_next(net=engine.net, data=engine.dataset(arrays)[0])
    return ItemOffsets.fit_beside(items=arrays.exercises[rated], correct=arrays.scores[rated], p=p[rated]).to_dict()


def exercises_by_fit(*, offsets: ItemOffsets | None, exercise_pks: list[int], p_success: float | None) -> list[int]:
    """The exercises of one skill, the one whose chance of success lies nearest the middle of the plans'
    desirable-difficulty band first: the skill's predicted P (`p_success`; None, as for an item a teacher placed:
    the middle itself, so the exercise of average difficulty) moved by each exercise's offset; ties in the order
    given. Without offsets, the order given."""
    if offsets is None or len(exercise_pks) < 2:
        return list(exercise_pks)
    p = BAND_MIDDLE if p_success is None else p_success
    return [exercise_pks[n] for n in offsets.nearest(p, exercise_pks, target=BAND_MIDDLE)]


# -- explicit models and plans ----------------------------------------------------------------------------
def mastery_now_bytes(parameters: dict) -> bytes:
    """An explicit model's P(success) on each skill of its vocabulary now (its `predict`), as float32 bytes."""
    model = ExplicitModel.from_dict(parameters)
    return model.predict(model.skill_vocabulary).astype(np.float32).tobytes()


def planning_model(model: ExplicitModel) -> ExplicitModel:
    """The explicit model as plans walk it forward (`PLAN_DEFAULTS`)."""
    return metacore_planning_model(model=model, config=PLAN_DEFAULTS)


def planning_models(*, engine: Engine, models: dict[int, dict], attempts: AttemptArrays) -> dict[int, dict]:
    """Student pk -> their stored explicit model (`models`) as plans read it, for a version that keeps the online
    prior: on each skill of the version, mastery and variance blended with the online estimate from all the
    student's attempts (`attempts`: these students' only; `metacore.online_estimate.blend`), and the gain where
    their attempt count stands on the population's learning curve. Otherwise (an older version) the models as
    stored."""
    prior = engine.online_prior
    if not prior or not models:
        return models
    p0, g0, ability_var = prior_arrays(prior)
    data, owners = engine.dataset(attempts)
    estimated = estimate_histories(data=data, p0=p0, g0=g0, ability_var=ability_var)
    fresh = OnlineEstimator(p0=p0, g0=g0, n_students=1, ability_var=ability_var).arrays()
    row = {int(s): n for n, s in enumerate(owners)}
    column = {int(s): n for n, s in enumerate(engine.vocabulary)}
    out = {}
    for student, model in models.items():
        arrays, at = (estimated, row[student]) if student in row else (fresh, 0)
        m, g, v = (a[at] for a in arrays)
        cols = np.array([column.get(int(s), -1) for s in model["skill_vocabulary"]], dtype=np.int64)
        known = cols >= 0
        mastery, variance = blend((np.asarray(model["mastery"]), np.asarray(model["variance"])), (m[cols], v[cols]))
        out[student] = {**model, "mastery": np.where(known, mastery, model["mastery"]).tolist(),
                        "variance": np.where(known, variance, model["variance"]).tolist(),
                        "gain": np.where(known, g[cols], model["gain"]).tolist()}
    return out


def plans_from_dicts(*, requests: list[dict], together: bool = True) -> list[dict]:
    """Students' plans (JSON-safe), each request a student's stored explicit model ("model") and what their plan
    reads: edges, goals, overrides, since, neighbour_gain, practicable, done_today, today_done, today_rest,
    assignments, days_since (see `metacore.planner.make_plan`). together=False: the planner one student at a time
    (the same plans; `bench_plans`' baseline)."""
    return metacore_plans_from_dicts(requests, **({} if together else {"cells": 0}))


def suggest_prerequisites(*, data: Dataset, config: PrerequisiteConfig | None) -> list[Suggestion]:
    return metacore_suggest_prerequisites(data=data, config=config)


# -- similarity -------------------------------------------------------------------------------------------
def task_stats_from_rows(rows: list[dict]) -> TaskStats:
    """Task statistics from the `task_stats` stored in student models' parameters, one row a student."""
    total = np.array([r["total"] for r in rows], dtype=np.float64)
    return TaskStats(count=np.array([r["count"] for r in rows], dtype=np.float64), total=total.reshape(len(rows), -1),
                     sqsum=np.array([r["sqsum"] for r in rows], dtype=np.float64))


def topk_nearest(*, query: TaskStats, base: TaskStats, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(Q, k) positions in `base` of each query's k nearest tasks, nearest first, and their distances."""
    return metric.topk_nearest(query=query, base=base, k=k)


def mean_task_distance(*, a: TaskStats, b: TaskStats) -> np.ndarray:
    """(A, B) the seed paper's mean distance between the tasks of `a` and of `b`."""
    return metric.mean_task_distance(a=a, b=b)


def kmeans(*, points: np.ndarray, n_clusters: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """k-means of points (S, D): labels (S,) and centres (K, D)."""
    return metric.cohorts(points=points, n_clusters=n_clusters, seed=seed)
