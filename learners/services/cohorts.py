"""Cohorts: as many groups of similar students as the data has, none two alike."""
from __future__ import annotations

import numpy as np
from django.db import transaction

from learners import engine as eng
from learners.models import Cohort, ModelVersion, StudentModel

MAX_COHORTS = 8
STUDENTS_PER_COHORT = 10  # at most one cohort per this many students (so 20 students at least for two)
COHORT_SAMPLE = 4000  # students on whom the number of cohorts is chosen (all of them are then assigned)
ALIKE_CENTRES = 0.25  # cohorts whose centres are closer than this share of their students' spread are one
ALIKE_MASTERY = 0.02  # cohorts whose mean P(success) differs by less than this, averaged over skills, are one


def cohorts_write(*, version: ModelVersion, ids: list[int], stats: eng.TaskStats) -> int:
    """Replace the version's cohorts by those the data shows (see `cohort_labels`); returns how many."""
    max_cohorts = min(MAX_COHORTS, len(ids) // STUDENTS_PER_COHORT)
    with transaction.atomic():
        Cohort.objects.filter(version=version).delete()
        if max_cohorts < 2:
            return 0
        logits = np.array(list(StudentModel.objects.filter(version=version, student_id__in=ids)
                               .order_by("student_id").values_list("parameters__mastery", flat=True)))
        mastery = eng.sigmoid(logits)  # (students, skills) P(success), in the order of `ids`
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


def cohort_centres(version: ModelVersion) -> list[tuple[int, np.ndarray]]:
    """(Cohort pk, centre) of each of the version's cohorts."""
    return [(c.pk, np.asarray(c.centre)) for c in Cohort.objects.filter(version=version)]


def nearest_cohort(centres: list[tuple[int, np.ndarray]], task_stats: dict) -> int | None:
    """The pk of the cohort whose centre is nearest a student's mean interaction embedding (None: no practice)."""
    if not centres or not task_stats["count"]:
        return None
    mean = np.asarray(task_stats["total"]) / task_stats["count"]
    return min(centres, key=lambda c: float(((c[1] - mean) ** 2).sum()))[0]


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
        labels = _merge_alike(sample, eng.kmeans(points=sample, n_clusters=k, seed=seed)[0])
        if labels.max() < 1:
            continue
        score = silhouette(sample, labels)
        if score > best_score + 1e-9:
            best_k, best_score = k, score
    labels = np.zeros(len(x), dtype=np.int64)
    if best_k > 1:
        labels = _merge_alike(x, eng.kmeans(points=x, n_clusters=best_k, seed=seed)[0], mastery)
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
