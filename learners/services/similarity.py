"""Similar students under a version: each student's nearest students (by the seed paper's task distance) and the
cohorts, rebuilt together (`similarity_rebuild`), or the neighbours of a few refreshed students."""
from __future__ import annotations

from django.db import transaction

from learners import engine as eng
from learners import registry
from learners.models import ModelVersion, StudentModel, StudentNeighbour
from learners.services import cohorts

NEIGHBOURS = 10


def _version_stats(version: ModelVersion) -> tuple[list[int], eng.TaskStats]:
    """Every student's task statistics under `version`, reading only that part of each row's JSON."""
    rows = list(StudentModel.objects.filter(version=version, n_attempts__gt=0).order_by("student_id")
                .values_list("student_id", "parameters__task_stats"))
    return [student for student, _ in rows], eng.task_stats_from_rows([stats for _, stats in rows])


def neighbours_write(*, version: ModelVersion, student_ids: list[int] | None = None,
                     known: tuple[list[int], eng.TaskStats] | None = None) -> None:
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
    q_stats = eng.TaskStats(count=stats.count[query], total=stats.total[query], sqsum=stats.sqsum[query])
    nearest, distances = eng.topk_nearest(query=q_stats, base=stats, k=k + 1)
    rows = []
    for row, q in enumerate(query):
        others = [(n, d) for n, d in zip(nearest[row], distances[row]) if n != q][:k]
        rows += [StudentNeighbour(version=version, student_id=ids[q], neighbour_id=ids[n], rank=rank + 1,
                                  distance=float(d)) for rank, (n, d) in enumerate(others)]
    with transaction.atomic():
        StudentNeighbour.objects.filter(version=version, student_id__in=[ids[q] for q in query]).delete()
        StudentNeighbour.objects.bulk_create(rows, batch_size=2000)


def similarity_rebuild(*, version: ModelVersion | None = None) -> int:
    """Each student's nearest students and the cohorts (with prototypes) under `version` (default: active)."""
    version = version or registry.active_version()
    if version is None:
        return 0
    ids, stats = _version_stats(version)
    neighbours_write(version=version, known=(ids, stats))
    return cohorts.cohorts_write(version=version, ids=ids, stats=stats)
