"""A student's attempts: stored once each (idempotency key), then their model is refreshed."""
from __future__ import annotations

import datetime as dt
import math
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from learners import refresh_queue
from learners.models import Attempt, AttemptSource, Exercise, School, Skill, Student


def _attempt_score(correct: bool | None, score: float | None) -> tuple[bool, float]:
    if correct is None and score is None:
        raise ValidationError({"correct": "give correct or score"})
    if score is None:
        return bool(correct), 1.0 if correct else 0.0
    score = float(score)
    if math.isnan(score) or not 0.0 <= score <= 1.0:
        raise ValidationError({"score": f"score {score} is outside [0, 1]"})
    if correct is None:
        correct = score == 1.0
    if correct and score != 1.0:
        raise ValidationError({"score": "a correct attempt has score 1"})
    return bool(correct), score


def attempt_record(
    *, student: Student, skill: Skill | None = None, exercise: Exercise | None = None,
    correct: bool | None = None, score: float | None = None, submitted_at: dt.datetime | None = None,
    duration_seconds: float | None = None, hints_used: int = 0, source: str = AttemptSource.WEB,
    idempotency_key: str | None = None,
) -> tuple[Attempt, bool]:
    """Store one attempt, once: returns (attempt, created). A repeated idempotency key returns the stored one."""
    if skill is None:
        if exercise is None:
            raise ValidationError({"skill": "give a skill or an exercise"})
        skill = exercise.skill
    if exercise is not None and exercise.skill_id != skill.pk:
        raise ValidationError({"exercise": "the exercise belongs to another skill"})
    correct, score = _attempt_score(correct, score)
    if duration_seconds is not None and duration_seconds < 0:
        raise ValidationError({"duration_seconds": "duration cannot be negative"})
    if hints_used < 0:
        raise ValidationError({"hints_used": "hints used cannot be negative"})
    key = idempotency_key or uuid.uuid4().hex
    existing = Attempt.objects.filter(idempotency_key=key).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                student=student, skill=skill, exercise=exercise, correct=correct, score=score,
                submitted_at=submitted_at or timezone.now(), duration_seconds=duration_seconds,
                hints_used=hints_used, source=source, idempotency_key=key,
            )
    except IntegrityError:
        # The same key was stored concurrently: that one wins.
        existing = Attempt.objects.filter(idempotency_key=key).first()
        if existing is None:
            raise
        return existing, False
    transaction.on_commit(lambda: refresh_queue.enqueue([student.pk]), robust=True)
    return attempt, True


# -- a batch from the API: every item checked, then stored in one transaction ---------------------------------
BATCH_MAX = 10_000
CLIENT_KEY_MAX = 100  # a client's key is stored as "api:<school>:<key>" (the column holds 128)
BATCH_LOCK = 7_301  # PostgreSQL advisory lock class: one school's batches are written one after another


class ItemStatus:
    NEW = "new"  # stored by this request
    STORED = "already_stored"  # its idempotency key was stored before (a retry): nothing written
    REFUSED = "refused"  # invalid: see its errors
    NOT_STORED = "not_stored"  # valid, but the batch had refused items and was not partial: nothing written


@dataclass(frozen=True)
class AttemptItem:
    """One attempt as a client sends it: the student by id or external id, the skill by id or code, or an
    exercise (which names its skill)."""

    idempotency_key: str
    student_id: int | None = None
    student_external_id: str | None = None
    skill_id: int | None = None
    skill_code: str | None = None
    exercise_id: int | None = None
    correct: bool | None = None
    score: float | None = None
    submitted_at: dt.datetime | None = None
    duration_seconds: float | None = None
    hints_used: int = 0


@dataclass
class ItemOutcome:
    index: int
    idempotency_key: str
    status: str
    errors: list[dict] = field(default_factory=list)  # [{"field": "score", "message": ...}]


@dataclass
class BatchReport:
    items: list[ItemOutcome]
    partial: bool

    def count(self, status: str) -> int:
        return sum(item.status == status for item in self.items)

    @property
    def refused(self) -> int:
        return self.count(ItemStatus.REFUSED)


@dataclass
class _References:
    """What a batch's items name, read in one query per kind, within the school."""

    students: dict[tuple[str, object], tuple[int, bool]]  # ("id", pk) / ("external", id) -> (pk, active)
    skills: dict[tuple[str, object], int]  # ("id", pk) / ("code", code) -> pk
    exercises: dict[int, int]  # exercise pk -> its skill's pk


def school_key(school: School, key: str) -> str:
    """The stored idempotency key of a client's key: each school has its own keys."""
    return f"api:{school.pk}:{key}"


def _references(school: School, items: list[AttemptItem]) -> _References:
    student_ids = {i.student_id for i in items if i.student_id is not None}
    external_ids = {i.student_external_id for i in items if i.student_external_id is not None}
    students = {}
    for pk, external, active in Student.objects.filter(school=school).filter(
            Q(pk__in=student_ids) | Q(external_id__in=external_ids)).values_list("pk", "external_id", "active"):
        students[("id", pk)] = students[("external", external)] = (pk, active)
    skill_ids = {i.skill_id for i in items if i.skill_id is not None}
    codes = {i.skill_code for i in items if i.skill_code is not None}
    skills = {}
    for pk, code in Skill.objects.filter(Q(pk__in=skill_ids) | Q(code__in=codes)).values_list("pk", "code"):
        skills[("id", pk)] = skills[("code", code)] = pk
    exercise_ids = {i.exercise_id for i in items if i.exercise_id is not None}
    exercises = dict(Exercise.objects.filter(pk__in=exercise_ids).filter(
        Q(classroom__isnull=True) | Q(classroom__school=school)).values_list("pk", "skill_id"))
    return _References(students=students, skills=skills, exercises=exercises)


def _student_pk(item: AttemptItem, refs: _References, errors: dict) -> int | None:
    if (item.student_id is None) == (item.student_external_id is None):
        errors["student_id"] = "give student_id or student_external_id (one of them)"
        return None
    field_name, ref = (("student_id", ("id", item.student_id)) if item.student_id is not None
                       else ("student_external_id", ("external", item.student_external_id)))
    found = refs.students.get(ref)
    if found is None:
        errors[field_name] = "no such student in this school"
    elif not found[1]:
        errors[field_name] = "the student is deactivated"
    return found[0] if found else None


def _skill_pk(item: AttemptItem, refs: _References, errors: dict) -> int | None:
    if item.skill_id is not None and item.skill_code is not None:
        errors["skill_id"] = "give skill_id or skill_code, not both"
        return None
    skill = None
    if item.skill_id is not None or item.skill_code is not None:
        field_name, ref = (("skill_id", ("id", item.skill_id)) if item.skill_id is not None
                           else ("skill_code", ("code", item.skill_code)))
        skill = refs.skills.get(ref)
        if skill is None:
            errors[field_name] = "no such skill"
            return None
    if item.exercise_id is None:
        if skill is None:
            errors["skill_id"] = "give a skill (skill_id or skill_code) or an exercise_id"
        return skill
    exercise_skill = refs.exercises.get(item.exercise_id)
    if exercise_skill is None:
        errors["exercise_id"] = "no such exercise in this school"
    elif skill is not None and skill != exercise_skill:
        errors["exercise_id"] = "the exercise belongs to another skill"
    return exercise_skill if skill is None else skill


def _item_errors(item: AttemptItem) -> dict:
    errors = {}
    if not item.idempotency_key.strip() or len(item.idempotency_key) > CLIENT_KEY_MAX:
        errors["idempotency_key"] = f"give a key of 1 to {CLIENT_KEY_MAX} characters, not blank"
    if item.duration_seconds is not None and not (math.isfinite(item.duration_seconds)
                                                  and item.duration_seconds >= 0):
        errors["duration_seconds"] = "duration cannot be negative"
    if item.hints_used < 0:
        errors["hints_used"] = "hints used cannot be negative"
    return errors


def _attempt_or_errors(school: School, item: AttemptItem, refs: _References, now: dt.datetime,
                       source: str) -> Attempt | dict:
    errors = _item_errors(item)
    student = _student_pk(item, refs, errors)
    skill = _skill_pk(item, refs, errors)
    try:
        correct, score = _attempt_score(item.correct, item.score)
    except ValidationError as error:
        errors |= {name: " ".join(messages) for name, messages in error.message_dict.items()}
    if errors:
        return errors
    submitted_at = item.submitted_at or now
    if timezone.is_naive(submitted_at):
        submitted_at = timezone.make_aware(submitted_at)
    return Attempt(student_id=student, skill_id=skill, exercise_id=item.exercise_id, correct=correct, score=score,
                   submitted_at=submitted_at, duration_seconds=item.duration_seconds, hints_used=item.hints_used,
                   source=source, idempotency_key=school_key(school, item.idempotency_key))


def _lock_school(school: School) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [BATCH_LOCK, school.pk])


def attempts_record_batch(
    *, school: School, items: list[AttemptItem], partial: bool = False, source: str = AttemptSource.API,
) -> BatchReport:
    """Store a batch of attempts of one school's students, each once per idempotency key, in one transaction.

    Every item is answered: new, already stored (a retry), refused (with its errors) or not stored. With a
    refused item nothing is stored unless `partial`. A repeated key within the batch counts once (the later
    ones are already stored). The students whose attempts were stored are queued for one refresh on commit."""
    if len(items) > BATCH_MAX:
        raise ValidationError({"items": f"at most {BATCH_MAX} attempts a batch"})
    now = timezone.now()
    with transaction.atomic():
        _lock_school(school)
        refs = _references(school, items)
        checked = [_attempt_or_errors(school, item, refs, now, source) for item in items]
        stored = set(Attempt.objects.filter(
            idempotency_key__in=[a.idempotency_key for a in checked if isinstance(a, Attempt)]
        ).values_list("idempotency_key", flat=True))
        outcomes, rows = _outcomes(items, checked, stored)
        report = BatchReport(items=outcomes, partial=partial)
        if report.refused and not partial:
            for outcome in outcomes:
                if outcome.status == ItemStatus.NEW:
                    outcome.status = ItemStatus.NOT_STORED
            return report
        Attempt.objects.bulk_create(rows, batch_size=2000)
        students = sorted({row.student_id for row in rows})
        transaction.on_commit(lambda: refresh_queue.enqueue(students), robust=True)
    return report


def _outcomes(items: list[AttemptItem], checked: list, stored: set[str]) -> tuple[list[ItemOutcome], list[Attempt]]:
    outcomes, rows = [], []
    for index, (item, attempt) in enumerate(zip(items, checked)):
        outcome = ItemOutcome(index=index, idempotency_key=item.idempotency_key, status=ItemStatus.NEW)
        if isinstance(attempt, dict):
            outcome.status = ItemStatus.REFUSED
            outcome.errors = [{"field": name, "message": message} for name, message in attempt.items()]
        elif attempt.idempotency_key in stored:
            outcome.status = ItemStatus.STORED
        else:
            stored.add(attempt.idempotency_key)
            rows.append(attempt)
        outcomes.append(outcome)
    return outcomes, rows
