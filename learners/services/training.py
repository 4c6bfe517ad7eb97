"""Services of the model pipeline: retraining, the registry, per-student models and similarity.

Rows a model version makes (student models, neighbours, cohorts) are keyed by that version, so a
new version is prepared beside the active one and made active in one transaction; a failure at any
point leaves the active version and every student's model as they were.
"""
from __future__ import annotations

import time
import traceback
from dataclasses import asdict

import numpy as np
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

import metacore
from learners import engine as eng
from learners import plans
from learners.models import (
    Cohort, ModelStatus, ModelVersion, RunStatus, Skill, Student, StudentModel, StudentNeighbour, TrainingRun,
    mastery_now_bytes,
)
from metacore import metric
from metacore.distributed import train_parallel
from metacore.train import TrainConfig, train

HELDOUT_FRACTION = 0.1
NEIGHBOURS = 10
GENERATION_BATCH = 2000
REFRESH_CHUNK = 200  # students per refresh transaction


def training_config(**overrides) -> TrainConfig:
    """metacore's defaults, then settings.METACORE_TRAIN, then the overrides; CUDA when present."""
    return TrainConfig(**({"device": "auto"} | settings.METACORE_TRAIN | overrides))


def active_version() -> ModelVersion | None:
    return ModelVersion.objects.filter(status=ModelStatus.ACTIVE).first()


def version_engine(version: ModelVersion) -> eng.Engine:
    return eng.load_engine(version.checkpoint.name, tuple(version.skill_vocabulary), version.created_at.isoformat())


# -- retraining ---------------------------------------------------------------------------------
def retrain_request(*, requested_by=None) -> TrainingRun:
    """Queue a retraining (staff action, schedule or command); the run shows its progress."""
    from learners.tasks import retrain

    run = TrainingRun.objects.create(requested_by=requested_by)
    transaction.on_commit(lambda: retrain.delay(run_id=run.pk))
    return run


def training_run_for_task(*, run_id: int | None, task_id: str) -> TrainingRun:
    """The run a task works on: the requested one, or (scheduled task) the one made for its task id."""
    if run_id is None:
        return TrainingRun.objects.get_or_create(task_id=task_id)[0]
    run = TrainingRun.objects.get(pk=run_id)
    if not run.task_id:
        _run_update(run, task_id=task_id)
    return run


def _run_update(run: TrainingRun, **fields) -> None:
    """Progress is written at once, outside any transaction, so pages see it live."""
    for name, value in fields.items():
        setattr(run, name, value)
    TrainingRun.objects.filter(pk=run.pk).update(**fields)


def _heldout(owners: np.ndarray, seed: int, active: ModelVersion | None) -> np.ndarray:
    """Positions (into the dataset's students) held out for validation: the active version's own held-out
    students, so both versions are judged on students neither trained on; else a seeded 10% sample."""
    if active is not None:
        held = np.flatnonzero(np.isin(owners, np.asarray(active.heldout_students, dtype=np.int64)))
        if len(held):
            return held
    order = np.random.default_rng(seed).permutation(len(owners))
    n_held = max(1, int(round(len(owners) * HELDOUT_FRACTION))) if len(owners) > 1 else 0
    return np.sort(order[:n_held])


def _progress(run: TrainingRun):
    def on_epoch(epoch: int, loss: float, valid_auc: float) -> None:
        history = run.history + [{"epoch": epoch + 1, "loss": round(loss, 5), "valid_auc": round(valid_auc, 5)}]
        _run_update(run, epoch=epoch + 1, history=history)

    return on_epoch


def _compare_with_active(candidate: eng.Engine, heldout: eng.AttemptArrays,
                         active: ModelVersion | None) -> tuple[float, float | None]:
    """Both versions' next-response AUC on the same held-out attempts (those on skills both know)."""
    if active is not None:
        active_engine = version_engine(active)
        heldout = heldout.on_skills(set(candidate.vocabulary) & set(active_engine.vocabulary))
    candidate_auc = candidate.next_response_auc(candidate.dataset(heldout)[0])
    if active is None:
        return candidate_auc, None
    return candidate_auc, active_engine.next_response_auc(active_engine.dataset(heldout)[0])


def _rejection(candidate_auc: float, active_auc: float | None, n_held: int) -> str:
    """Why a candidate may not replace the active version ("" when it may)."""
    if not np.isfinite(candidate_auc):
        return f"validation AUC is undefined on the {n_held} held-out students (their answers are all alike)"
    margin = max(0.0, settings.MODEL_ACTIVATION_MARGIN)
    if active_auc is not None and np.isfinite(active_auc) and (candidate_auc < active_auc + margin
                                                               or candidate_auc <= active_auc):
        return (f"validation AUC {candidate_auc:.4f} does not beat the active version's {active_auc:.4f} by "
                f"the margin of {margin:g} on the same {n_held} held-out students: the active version stays")
    return ""


def model_retrain(*, run: TrainingRun, config: TrainConfig | None = None) -> ModelVersion | None:
    """Train, evaluate against the active version, prepare and (if not worse) activate a new version.

    Safe to run again for the same run (a retried or re-delivered task): finished work is not redone, a
    version this run already activated is kept and only the follow-up is finished, anything else restarts."""
    if run.status == RunStatus.SUCCEEDED:
        return run.version
    if run.version_id:
        version = ModelVersion.objects.get(pk=run.version_id)
        if version.activated_at is not None:
            _after_activation(run, version, since_attempt=version.metrics.get("last_attempt_id", 0))
            return version
        version.delete()
    config = config or training_config()
    started = time.perf_counter()
    version = ModelVersion.objects.create(status=ModelStatus.TRAINING, code_version=metacore.__version__)
    _run_update(run, status=RunStatus.RUNNING, version=version, started_at=timezone.now(), stage="reading",
                epoch=0, epochs_total=config.epochs, history=[], error="")
    try:
        return _retrain(run, version, config, started)
    except BaseException as exc:
        _fail(run, version, exc)
        raise


def _retrain(run: TrainingRun, version: ModelVersion, config: TrainConfig, started: float) -> ModelVersion:
    read_started = time.perf_counter()
    last_attempt_id = eng.last_attempt_id()
    arrays = eng.read_attempts(up_to=last_attempt_id)
    vocabulary = list(Skill.objects.order_by("pk").values_list("pk", flat=True))
    data, owners = eng.to_dataset(arrays, vocabulary)
    read_seconds = time.perf_counter() - read_started
    active = active_version()
    held_pos = _heldout(owners, config.seed, active)
    train_pos = np.setdiff1d(np.arange(len(owners)), held_pos)
    _run_update(run, stage="training")
    train_data, held_data = data.subset(train_pos), data.subset(held_pos) if len(held_pos) else None
    if settings.METACORE_TRAIN_PROCESSES > 1:  # data-parallel (DDP) processes on this machine
        net, checkpoint = train_parallel(train_data, held_data, config, settings.METACORE_TRAIN_PROCESSES,
                                         on_epoch=_progress(run))
    else:
        net, checkpoint = train(train_data, held_data, config, on_epoch=_progress(run))
    checkpoint["skill_vocabulary"] = vocabulary
    candidate = eng.engine_from_checkpoint(checkpoint, vocabulary)
    _run_update(run, stage="evaluating")
    candidate_auc, active_auc = _compare_with_active(candidate, arrays.only(owners[held_pos]), active)
    version.checkpoint.save(f"v{version.pk}.pt", ContentFile(eng.checkpoint_bytes(checkpoint)), save=False)
    version.skill_vocabulary = vocabulary
    version.heldout_students = [int(s) for s in owners[held_pos]]
    version.n_students, version.n_attempts = int(data.n_students), int(data.n_interactions)
    version.device = str(next(net.parameters()).device)
    version.metrics = {
        "valid_auc": candidate_auc, "active_valid_auc": active_auc, "read_seconds": read_seconds,
        "last_attempt_id": last_attempt_id, "best_epoch": checkpoint["metrics"].get("best_epoch"),
        "history": checkpoint["metrics"].get("history"), "config": asdict(config),
    }
    version.train_seconds = time.perf_counter() - started
    version.status = ModelStatus.CANDIDATE
    version.reason = _rejection(candidate_auc, active_auc, len(held_pos))
    if version.reason:
        version.status = ModelStatus.REJECTED
        version.save()
        _run_update(run, status=RunStatus.SUCCEEDED, stage="rejected", finished_at=timezone.now())
        return version
    version.save()
    _run_update(run, stage="regenerating")
    _prepare_version(version, candidate, arrays)
    version_activate(version=version, regenerate=False,
                     reason=f"validation AUC {candidate_auc:.4f}"
                     + (f" against {active_auc:.4f}" if active_auc is not None else " (first version)"))
    _after_activation(run, version, since_attempt=last_attempt_id)
    return version


def _after_activation(run: TrainingRun, version: ModelVersion, since_attempt: int) -> None:
    """Students who practised during training get their models refreshed; every plan is regenerated."""
    _run_update(run, stage="planning")
    student_models_refresh(student_ids=eng.students_with_attempts_after(since_attempt), replan=False)
    plans.plans_regenerate(student_ids=Student.objects.values_list("pk", flat=True), version=version)
    _run_update(run, status=RunStatus.SUCCEEDED, stage="done", finished_at=timezone.now(), error="")


def _fail(run: TrainingRun, version: ModelVersion, exc: BaseException) -> None:
    """Undo what the failed run made. A version it already activated stays active (a retry finishes it)."""
    if ModelVersion.objects.filter(pk=version.pk, activated_at__isnull=True).update(
            status=ModelStatus.FAILED, reason=f"{type(exc).__name__}: {exc}"[:2000]):
        StudentModel.objects.filter(version=version).delete()
        StudentNeighbour.objects.filter(version=version).delete()
        Cohort.objects.filter(version=version).delete()
    error = "".join(traceback.format_exception(exc))[-8000:]
    _run_update(run, status=RunStatus.FAILED, error=error, finished_at=timezone.now())


# -- the registry ---------------------------------------------------------------------------------
ACTIVATABLE = (ModelStatus.CANDIDATE, ModelStatus.ACTIVE, ModelStatus.REJECTED)


def _check_activatable(version: ModelVersion) -> None:
    if version.status not in ACTIVATABLE:
        raise ValueError(f"{version} cannot be activated: it is {version.get_status_display()}")


def version_rollback_request(*, version: ModelVersion, requested_by) -> None:
    """Queue the activation of an earlier version (it regenerates every student's model and plan)."""
    from learners.tasks import activate_version

    _check_activatable(version)
    reason = f"activated by {requested_by.get_username()}"
    transaction.on_commit(lambda: activate_version.delay(version.pk, reason))


def version_activate(*, version: ModelVersion, reason: str = "", regenerate: bool = True) -> ModelVersion:
    """Make `version` the active one (also a rollback to an earlier version). Its per-student models
    are regenerated from today's attempts first (unless just prepared), then the switch is one transaction."""
    _check_activatable(version)
    if regenerate:
        _prepare_version(version, version_engine(version), eng.read_attempts())
    with transaction.atomic():
        ModelVersion.objects.select_for_update().filter(status=ModelStatus.ACTIVE).exclude(pk=version.pk).update(
            status=ModelStatus.CANDIDATE)
        version.status, version.activated_at = ModelStatus.ACTIVE, timezone.now()
        version.reason = reason or version.reason
        version.save(update_fields=["status", "activated_at", "reason"])
    return version


def version_rollback(*, version: ModelVersion, reason: str = "") -> ModelVersion:
    """Activate an earlier version (its student models regenerated first), then regenerate every plan."""
    version_activate(version=version, reason=reason)
    plans.plans_regenerate(student_ids=Student.objects.values_list("pk", flat=True), version=version)
    return version


def _prepare_version(version: ModelVersion, engine: eng.Engine, arrays: eng.AttemptArrays) -> None:
    """Every student's model, neighbours and cohorts under `version` (rows of that version only)."""
    data, owners = engine.dataset(arrays)
    _write_student_models(version, engine, data, owners)
    similarity_rebuild(version=version)


def _model_rows(version, engine, data, owners) -> list[StudentModel]:
    rows = []
    for lo in range(0, data.n_students, GENERATION_BATCH):
        part = data.subset(range(lo, min(lo + GENERATION_BATCH, data.n_students)))
        stats = engine.task_stats(part)
        for i, model in enumerate(engine.generate(part)):
            parameters = model.to_dict()
            embedding = parameters.pop("embedding") or []
            parameters["task_stats"] = {"count": float(stats.count[i]), "total": stats.total[i].tolist(),
                                        "sqsum": float(stats.sqsum[i])}
            rows.append(StudentModel(student_id=int(owners[lo + i]), version=version, parameters=parameters,
                                     embedding=embedding, mastery_now=mastery_now_bytes(parameters),
                                     n_attempts=int(data.lengths[lo + i])))
    return rows


def _upsert_models(rows: list[StudentModel]) -> None:
    """Insert or replace each student's row of its version."""
    StudentModel.objects.bulk_create(
        rows, batch_size=500, update_conflicts=True, unique_fields=["version", "student"],
        update_fields=["parameters", "embedding", "mastery_now", "n_attempts", "cohort", "updated_at"],
    )


def _write_student_models(version, engine, data, owners) -> None:
    rows = _model_rows(version, engine, data, owners)  # cohorts come next, from similarity_rebuild
    with transaction.atomic():
        _upsert_models(rows)


def student_models_refresh(*, student_ids, replan: bool = True) -> int:
    """Regenerate these students' models (and plans) with the active version, in chunks of one transaction
    each. Returns how many were regenerated."""
    student_ids = sorted({int(s) for s in student_ids})
    if not ModelVersion.objects.filter(status=ModelStatus.ACTIVE).exists():
        return 0  # nothing to refresh with (each chunk checks again under its locks)
    done = 0
    for lo in range(0, len(student_ids), REFRESH_CHUNK):
        done += _refresh_chunk(student_ids[lo:lo + REFRESH_CHUNK], replan)
    return done


@transaction.atomic
def _refresh_chunk(student_ids: list[int], replan: bool) -> int:
    # Row locks first: two workers never refresh one student at once, and a version switch that
    # happened while we waited is seen below.
    list(Student.objects.select_for_update().filter(pk__in=student_ids).values_list("pk", flat=True))
    version = active_version()
    if version is None:
        return 0
    engine = version_engine(version)
    data, owners = engine.dataset(eng.read_attempts(student_ids))
    rows = _model_rows(version, engine, data, owners)
    centres = _cohort_centres(version)
    for row in rows:
        row.cohort_id = _nearest_cohort(centres, row.parameters["task_stats"])
    _upsert_models(rows)
    _write_neighbours(version, [r.student_id for r in rows])
    if replan:
        plans.plans_regenerate(student_ids=[r.student_id for r in rows], version=version)
    return len(rows)


# -- similarity: neighbours and cohorts ---------------------------------------------------------------
def _version_stats(version: ModelVersion) -> tuple[list[int], metric.TaskStats]:
    """Every student's task statistics under `version`, reading only that part of each row's JSON."""
    rows = list(StudentModel.objects.filter(version=version, n_attempts__gt=0).order_by("student_id")
                .values_list("student_id", "parameters__task_stats"))
    total = np.array([stats["total"] for _, stats in rows], dtype=np.float64)
    return [student for student, _ in rows], metric.TaskStats(
        count=np.array([stats["count"] for _, stats in rows], dtype=np.float64),
        total=total.reshape(len(rows), -1),
        sqsum=np.array([stats["sqsum"] for _, stats in rows], dtype=np.float64),
    )


def _write_neighbours(version: ModelVersion, student_ids: list[int] | None = None,
                      known: tuple[list[int], metric.TaskStats] | None = None) -> None:
    """The nearest students of `student_ids` (default: everyone) among all of the version's students;
    `known`: the version's task statistics when the caller has read them already."""
    ids, stats = known or _version_stats(version)
    if len(ids) < 2:
        return
    position = {s: i for i, s in enumerate(ids)}
    query = [position[s] for s in (student_ids if student_ids is not None else ids) if s in position]
    if not query:
        return
    k = min(NEIGHBOURS, len(ids) - 1)
    q_stats = metric.TaskStats(count=stats.count[query], total=stats.total[query], sqsum=stats.sqsum[query])
    nearest, distances = metric.topk_nearest(q_stats, stats, k + 1)
    rows = []
    for row, q in enumerate(query):
        others = [(n, d) for n, d in zip(nearest[row], distances[row]) if n != q][:k]
        rows += [StudentNeighbour(version=version, student_id=ids[q], neighbour_id=ids[n], rank=rank + 1,
                                  distance=float(d)) for rank, (n, d) in enumerate(others)]
    with transaction.atomic():
        StudentNeighbour.objects.filter(version=version, student_id__in=[ids[q] for q in query]).delete()
        StudentNeighbour.objects.bulk_create(rows, batch_size=2000)


def _cohort_centres(version: ModelVersion) -> list[tuple[int, np.ndarray]]:
    return [(c.pk, np.asarray(c.centre)) for c in Cohort.objects.filter(version=version)]


def _nearest_cohort(centres, task_stats: dict) -> int | None:
    if not centres or not task_stats["count"]:
        return None
    mean = np.asarray(task_stats["total"]) / task_stats["count"]
    return min(centres, key=lambda c: float(((c[1] - mean) ** 2).sum()))[0]


def similarity_rebuild(*, version: ModelVersion | None = None) -> int:
    """Each student's nearest students and the cohorts (with prototypes) under `version` (default: active)."""
    version = version or active_version()
    if version is None:
        return 0
    ids, stats = _version_stats(version)
    _write_neighbours(version, known=(ids, stats))
    return _write_cohorts(version, ids, stats)


# -- cohorts: as many as the data has -------------------------------------------------------------------
MAX_COHORTS = 8
STUDENTS_PER_COHORT = 10  # at most one cohort per this many students (so 20 students at least for two)
COHORT_SAMPLE = 4000  # students on whom the number of cohorts is chosen (all of them are then assigned)
ALIKE_CENTRES = 0.25  # cohorts whose centres are closer than this share of their students' spread are one
ALIKE_MASTERY = 0.02  # cohorts whose mean P(success) differs by less than this, averaged over skills, are one


def _write_cohorts(version: ModelVersion, ids: list[int], stats: metric.TaskStats) -> int:
    """Replace the version's cohorts by those the data shows (see `cohort_labels`); returns how many."""
    max_cohorts = min(MAX_COHORTS, len(ids) // STUDENTS_PER_COHORT)
    with transaction.atomic():
        Cohort.objects.filter(version=version).delete()
        if max_cohorts < 2:
            return 0
        logits = np.array(list(StudentModel.objects.filter(version=version, student_id__in=ids)
                               .order_by("student_id").values_list("parameters__mastery", flat=True)))
        mastery = 1 / (1 + np.exp(-logits))  # (students, skills) P(success), in the order of `ids`
        labels, centres = cohort_labels(stats.means(), max_cohorts, mastery=mastery, seed=0)
        cohorts = Cohort.objects.bulk_create([
            Cohort(version=version, index=c, centre=centres[c].tolist(), size=int((labels == c).sum()),
                   mean_mastery=mastery[labels == c].mean(axis=0).tolist())
            for c in range(len(centres))
        ])
        for c, cohort in enumerate(cohorts):
            members = [student for student, label in zip(ids, labels) if label == c]
            StudentModel.objects.filter(version=version, student_id__in=members).update(cohort=cohort)
    return len(cohorts)


def cohort_labels(points: np.ndarray, max_cohorts: int, *, mastery: np.ndarray | None = None,
                  seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Cohorts of points (S, D) in as many groups as they have: labels (S,) and centres (K, D), K in
    1..max_cohorts, the largest cohort first. K is the k-means count with the best silhouette on a sample
    (the fewer on a tie); then cohorts that are alike are merged: centres nearly identical, or (with
    `mastery`, (S, skills) P(success)) nearly the same mean mastery, so no two cohorts look the same."""
    x = np.asarray(points, dtype=np.float64)
    rng = np.random.default_rng(seed)
    sample = x[np.sort(rng.choice(len(x), COHORT_SAMPLE, replace=False))] if len(x) > COHORT_SAMPLE else x
    best_k, best_score = 1, -np.inf
    for k in range(2, min(max_cohorts, len(sample) - 1) + 1):
        labels = _merge_alike(sample, metric.cohorts(sample, k, seed=seed)[0])
        if labels.max() < 1:
            continue
        score = silhouette(sample, labels)
        if score > best_score + 1e-9:
            best_k, best_score = k, score
    labels = np.zeros(len(x), dtype=np.int64)
    if best_k > 1:
        labels = _merge_alike(x, metric.cohorts(x, best_k, seed=seed)[0], mastery)
    order = np.argsort(-np.bincount(labels), kind="stable")  # cohort 1 is the largest
    labels = np.argsort(order)[labels]
    return labels, np.stack([x[labels == c].mean(axis=0) for c in range(len(order))])


def silhouette(points: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette (Euclidean) of a clustering with at least two clusters; a lone member scores 0."""
    x = np.asarray(points, dtype=np.float64)
    x = (x - x.mean(axis=0)).astype(np.float32)  # centred, so float32 keeps the distances' precision
    squared = np.einsum("sd,sd->s", x, x)
    d = x @ x.T  # (S, S), float32: 64 MB for the 4,000 students of a sample
    d *= -2.0
    d += squared[:, None]
    d += squared[None, :]
    np.sqrt(np.maximum(d, 0.0, out=d), out=d)
    np.fill_diagonal(d, 0.0)
    labels = np.unique(labels, return_inverse=True)[1]
    onehot = np.eye(labels.max() + 1, dtype=np.float32)[labels]  # (S, K)
    sizes = onehot.sum(axis=0)  # (K,)
    sums = d @ onehot  # (S, K) each point's total distance to each cluster
    own_size = sizes[labels] - 1
    a = sums[np.arange(len(x)), labels] / np.maximum(own_size, 1)
    b = np.where(onehot > 0, np.inf, sums / sizes).min(axis=1)
    s = (b - a) / np.maximum(np.maximum(a, b), 1e-12)
    return float(np.where(own_size > 0, s, 0.0).mean())


def _merge_alike(points: np.ndarray, labels: np.ndarray, mastery: np.ndarray | None = None) -> np.ndarray:
    """Labels 0..K-1 after merging, the most alike pair first, cohorts whose centres are closer than
    ALIKE_CENTRES times their students' spread (root mean squared distance to their centre) or whose mean
    mastery differs by less than ALIKE_MASTERY on average over the skills."""
    labels = np.unique(labels, return_inverse=True)[1]
    while labels.max() > 0:
        alike = _alike(points, labels, mastery)
        i, j = np.unravel_index(np.argmin(alike), alike.shape)
        if alike[i, j] >= 1.0:
            break
        labels = np.unique(np.where(labels == j, i, labels), return_inverse=True)[1]
    return labels


def _alike(points: np.ndarray, labels: np.ndarray, mastery: np.ndarray | None) -> np.ndarray:
    """(K, K) how alike each pair of cohorts is: below 1 means alike enough to be one (inf on the diagonal)."""
    members = [labels == c for c in range(labels.max() + 1)]
    centres = np.stack([points[m].mean(axis=0) for m in members])
    spread = np.array([np.sqrt(((points[m] - c) ** 2).sum(axis=1).mean()) for m, c in zip(members, centres)])
    gap = np.sqrt(((centres[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2))
    alike = gap / np.maximum(ALIKE_CENTRES * np.maximum(spread[:, None], spread[None, :]), 1e-12)
    if mastery is not None:
        means = np.stack([mastery[m].mean(axis=0) for m in members])  # (K, skills)
        differ = np.abs(means[:, None, :] - means[None, :, :]).mean(axis=2) / ALIKE_MASTERY
        alike = np.minimum(alike, differ)
    np.fill_diagonal(alike, np.inf)
    return alike
