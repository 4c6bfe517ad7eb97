"""Each student's explicit model under a version: every student's when a version is prepared, a few students'
at a time as they practise (`student_models_refresh`, what the refresh task runs)."""
from __future__ import annotations

import numpy as np
from django.db import transaction

from learners import engine as eng
from learners import registry
from learners.models import ModelStatus, ModelVersion, Student, StudentModel
from learners.services import cohorts, plans, similarity

GENERATION_BATCH = 2000
REFRESH_CHUNK = 200  # students per refresh transaction


def version_prepare(*, version: ModelVersion, engine: eng.Engine, arrays: eng.AttemptArrays) -> None:
    """Every student's model, neighbours and cohorts under `version` (rows of that version only)."""
    data, owners = engine.dataset(arrays.only(Student.objects.values_list("pk", flat=True)))  # none erased since
    rows = _model_rows(version, engine, data, owners)  # cohorts come next, from similarity_rebuild
    with transaction.atomic():
        _upsert_models(rows)
    similarity.similarity_rebuild(version=version)


def _model_rows(version: ModelVersion, engine: eng.Engine, data: eng.Dataset, owners: np.ndarray) -> list[StudentModel]:
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
                                     embedding=embedding, mastery_now=eng.mastery_now_bytes(parameters),
                                     n_attempts=int(data.lengths[lo + i])))
    return rows


def _upsert_models(rows: list[StudentModel]) -> None:
    """Insert or replace each student's row of its version."""
    StudentModel.objects.bulk_create(
        rows, batch_size=500, update_conflicts=True, unique_fields=["version", "student"],
        update_fields=["parameters", "embedding", "mastery_now", "n_attempts", "cohort", "updated_at"],
    )


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
    # happened while we waited is seen below. FOR NO KEY UPDATE: the student's new attempts (whose foreign key
    # takes a key-share lock) are not held up by their refresh.
    list(Student.objects.select_for_update(no_key=True).filter(pk__in=student_ids).values_list("pk", flat=True))
    version = registry.active_version()
    if version is None:
        return 0
    engine = registry.version_engine(version)
    data, owners = engine.dataset(eng.read_attempts(student_ids))
    rows = _model_rows(version, engine, data, owners)
    centres = cohorts.cohort_centres(version)
    for row in rows:
        row.cohort_id = cohorts.nearest_cohort(centres, row.parameters["task_stats"])
    _upsert_models(rows)
    similarity.neighbours_write(version=version, student_ids=[r.student_id for r in rows])
    if replan:
        plans.plans_regenerate(student_ids=[r.student_id for r in rows], version=version)
    return len(rows)
