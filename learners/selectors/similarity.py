"""Similar students: the students most like one student under the active version, among those the viewer may
see, with the similarity in words."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from learners import engine as eng
from learners import registry
from learners.models import Classroom, ModelVersion, Student, StudentModel, StudentNeighbour
from learners.selectors import dashboards, rosters

SIMILAR_SHOWN = 5  # similar students on a student's page
SIMILARITY_SAMPLE = 400  # students whose pairwise distances give a version's scale of similarity
# (share of all pairs of students closer to each other, at most; level): a pair that fewer than 1% of all pairs
# beat is "very similar"
SIMILARITY_LEVELS = ((0.01, "very_similar"), (0.05, "similar"), (0.20, "somewhat_similar"))


def similarity_shares() -> dict[str, float]:
    """Each level's bound: the share of all pairs of students closer than a pair at that level, at most."""
    return {level: share for share, level in SIMILARITY_LEVELS}


def similarity_labels() -> dict[str, str]:
    return {"very_similar": _("very similar"), "similar": _("similar"), "somewhat_similar": _("somewhat similar"),
            "not_very_similar": _("not very similar")}


@dataclass
class Neighbour:
    student: Student
    distance: float  # the mean squared distance of their embedded interactions (`engine.mean_task_distance`)
    closer_pairs: float  # share of all pairs of students (of the version) closer to each other than these two
    level: str  # a key of similarity_labels()
    similarity: str  # the level in words
    in_own_classroom: bool  # in one of the viewer's own classrooms
    goal_now: float | None  # their mean P(success) now on the shown student's goal skills


def similar_students(student: Student, *, visible: QuerySet[Student], own: QuerySet[Student] | None = None,
                     limit: int = SIMILAR_SHOWN) -> list[Neighbour]:
    """The students most similar to `student` under the active version among those the viewer may see
    (`visible`), students of the viewer's own classrooms (`own`) first, each with the similarity in words.
    The stored neighbours are the nearest in the whole population; when too few of them are visible, the
    nearest visible students are found from the stored task statistics instead."""
    version = registry.active_version()
    if version is None:
        return []
    own = visible if own is None or not own.exists() else own.filter(pk__in=visible.values("pk"))
    stored = dict(StudentNeighbour.objects.filter(version=version, student=student)
                  .values_list("neighbour_id", "distance"))
    distances = {pk: stored[pk] for pk in visible.filter(pk__in=list(stored)).values_list("pk", flat=True)}
    mine = set(own.filter(pk__in=list(distances)).values_list("pk", flat=True))
    if len(mine) < limit:
        found = _nearest_among(version, student, own.exclude(pk__in=[student.pk, *mine]), limit - len(mine))
        distances |= found
        mine |= set(found)
    chosen = sorted(distances, key=lambda pk: (pk not in mine, distances[pk], pk))[:limit]
    return _neighbours(version, student, chosen, distances, mine)


def _neighbours(version: ModelVersion, student: Student, chosen: list[int], distances: dict[int, float],
                mine: set[int]) -> list[Neighbour]:
    people = Student.objects.select_related("user").in_bulk(chosen)
    models = dashboards.stored_mastery(version, chosen)
    goals = dashboards.plan_goal_means([student.pk], goal_skills=True).get(student.pk, (None, None, []))[2] or sorted(
        {pk for room in Classroom.objects.filter(pk__in=[r for _, r in rosters.student_classrooms([student.pk])])
         for pk in dashboards.classroom_goal_skills(room)})
    positions = dashboards.vocabulary_positions(version, goals) if goals else np.arange(len(version.skill_vocabulary))
    pairs, labels = _pair_distances(version), similarity_labels()
    out = []
    for pk in chosen:
        closer = float(np.searchsorted(pairs, distances[pk], side="left") / len(pairs)) if len(pairs) else 1.0
        level = _similarity_level(closer)
        model = models.get(pk)
        out.append(Neighbour(student=people[pk], distance=distances[pk], closer_pairs=closer, level=level,
                             similarity=labels[level], in_own_classroom=pk in mine,
                             goal_now=dashboards.mean_on(model[0], positions) if model and len(model[0]) else None))
    return out


def _similarity_level(closer_pairs: float) -> str:
    """The level of a pair of students when `closer_pairs` of all pairs are closer to each other."""
    for bound, level in SIMILARITY_LEVELS:
        if closer_pairs <= bound:
            return level
    return "not_very_similar"


def _nearest_among(version: ModelVersion, student: Student, pool: QuerySet[Student], k: int) -> dict[int, float]:
    """The k students of `pool` nearest `student` by the distance of the stored neighbours (student pk ->
    distance), from their stored task statistics."""
    models = StudentModel.objects.filter(version=version, n_attempts__gt=0)
    query = models.filter(student=student).values_list("parameters__task_stats", flat=True).first()
    if not query or not query["count"] or k <= 0:
        return {}
    rows = [(pk, stats) for pk, stats in models.filter(student__in=pool.values("pk")).exclude(student=student)
            .values_list("student_id", "parameters__task_stats") if stats]
    if not rows:
        return {}
    d = eng.mean_task_distance(a=eng.task_stats_from_rows([query]),
                               b=eng.task_stats_from_rows([stats for _, stats in rows]))[0]
    nearest = [int(i) for i in np.lexsort(([pk for pk, _ in rows], d))[:k] if np.isfinite(d[i])]
    return {rows[i][0]: float(d[i]) for i in nearest}


def _pair_distances(version: ModelVersion) -> np.ndarray:
    """Sorted distances between all pairs of a sample of the version's students: the scale on which a
    distance reads as "very similar" or "not very similar". Cached a while per version."""
    key = f"similarity-pairs:{version.pk}:{version.created_at.isoformat()}"
    pairs = cache.get(key)
    if pairs is None:
        pairs = _sample_pair_distances(version)
        cache.set(key, pairs, 60 * 60)
    return pairs


def _sample_pair_distances(version: ModelVersion) -> np.ndarray:
    models = StudentModel.objects.filter(version=version, n_attempts__gt=0)
    ids = sorted(models.values_list("student_id", flat=True))
    if len(ids) > SIMILARITY_SAMPLE:
        ids = sorted(np.random.default_rng(version.pk).choice(ids, SIMILARITY_SAMPLE, replace=False).tolist())
    rows = [stats for stats in models.filter(student_id__in=ids).values_list("parameters__task_stats", flat=True)
            if stats]
    if len(rows) < 2:
        return np.zeros(0)
    stats = eng.task_stats_from_rows(rows)
    d = eng.mean_task_distance(a=stats, b=stats)
    return np.sort(d[np.triu_indices(len(rows), k=1)])
