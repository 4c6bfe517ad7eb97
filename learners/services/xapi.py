"""xAPI statements from a school's learning record providers: each kept once (by statement id), and each
usable one stored as an attempt in the same transaction (`learners.xapi_statements` reads them)."""
from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from learners import refresh_queue
from learners.models import Attempt, AttemptSource, School, Student, XapiActivity, XapiStatement
from learners.services import refreshes
from learners.xapi_statements import Reading, StatementRefused, read_statement

MAX_STATEMENTS = 1000  # in one request


class StatementConflict(Exception):
    """A statement id already stored with other content (xAPI: 409 Conflict)."""


def xapi_statements_store(*, school: School, statements, statement_id: str | None = None) -> list[str]:
    """Keep every statement of one request, all or none; returns their ids in the request's order.
    A statement id seen before with the same content is a no-op; with other content, StatementConflict."""
    batch = statements if isinstance(statements, list) else [statements]
    if not 1 <= len(batch) <= MAX_STATEMENTS:
        raise StatementRefused(f"send 1 to {MAX_STATEMENTS} statements in one request, not {len(batch)}")
    where = "statements[{}]" if isinstance(statements, list) else "statement"
    readings = [read_statement(s, where.format(i), statement_id) for i, s in enumerate(batch)]
    ids = [r.statement_id for r in readings]
    if len(set(ids)) != len(ids):
        raise StatementRefused("a statement id appears twice in the request")
    bodies = [{**s, "id": sid} for s, sid in zip(batch, ids)]
    try:
        _store(school, readings, bodies)
    except IntegrityError:  # the same ids were stored concurrently: now they are known, compared, skipped
        _store(school, readings, bodies)
    return ids


@transaction.atomic
def _store(school: School, readings: list[Reading], bodies: list[dict]) -> None:
    known = dict(XapiStatement.objects.filter(school=school, statement_id__in=[r.statement_id for r in readings])
                 .values_list("statement_id", "body"))
    known = {str(k): v for k, v in known.items()}
    for reading, body in zip(readings, bodies):
        if reading.statement_id in known and known[reading.statement_id] != body:
            raise StatementConflict(f"statement {reading.statement_id} was stored before with other content")
    new = [(r, b) for r, b in zip(readings, bodies) if r.statement_id not in known]
    if not new:
        return
    resolved = _resolve(school, [r for r, _ in new])
    attempts = [_attempt(school, r, *resolved(r)) for r, _ in new]
    Attempt.objects.bulk_create([a for a in attempts if isinstance(a, Attempt)])
    XapiStatement.objects.bulk_create([
        XapiStatement(school=school, statement_id=r.statement_id, body=b, verb=r.verb, activity_id=r.activity_id,
                      attempt=a if isinstance(a, Attempt) else None, reason="" if isinstance(a, Attempt) else a)
        for (r, b), a in zip(new, attempts)])
    _refresh_owed({a.student_id for a in attempts if isinstance(a, Attempt)})


def _refresh_owed(student_ids: set[int]) -> None:
    """Queue the students' refresh in this transaction (the durable queue), and wake a worker once committed."""
    if student_ids:
        refreshes.refresh_requests_mark(student_ids=sorted(student_ids))
        transaction.on_commit(refresh_queue.wake, robust=True)


def _resolve(school: School, readings: list[Reading]):
    """reading -> (student or None, activity or None), each looked up once for the whole request."""
    accounts = {r.actor_key for r in readings if r.actor_kind == "account"}
    mboxes = {r.actor_key for r in readings if r.actor_kind == "mbox"}
    by_account = {s.external_id: s for s in Student.objects.filter(school=school, external_id__in=accounts)}
    by_mbox = {s.email: s for s in Student.objects.filter(school=school, user__isnull=False)
               .annotate(email=Lower("user__email")).filter(email__in=mboxes)}
    activities = {a.activity_id: a for a in XapiActivity.objects.filter(
        school=school, activity_id__in={r.activity_id for r in readings})}

    def resolved(r: Reading):
        student = (by_account if r.actor_kind == "account" else by_mbox).get(r.actor_key)
        return student, activities.get(r.activity_id)

    return resolved


def _attempt(school: School, r: Reading, student: Student | None, activity: XapiActivity | None) -> Attempt | str:
    """The attempt a statement makes, or the reason it makes none."""
    if r.reason:
        return r.reason
    if student is None:
        return f"no student of this school is {r.actor_kind} {r.actor_key}"[:300]
    if activity is None:
        return f"activity {r.activity_id} is not mapped to a skill (map it in the admin)"[:300]
    return Attempt(student=student, skill_id=activity.skill_id, exercise_id=activity.exercise_id, correct=r.correct,
                   score=r.score, submitted_at=r.timestamp or timezone.now(), duration_seconds=r.duration_seconds,
                   source=AttemptSource.XAPI, idempotency_key=f"xapi:{school.pk}:{r.statement_id}")


@transaction.atomic
def xapi_statements_reread(*, school: School) -> int:
    """Read again the school's statements kept without an attempt (e.g. once their activity is mapped or their
    student added); returns how many became attempts."""
    kept = list(XapiStatement.objects.select_for_update().filter(school=school, attempt__isnull=True))
    readings = {s.pk: read_statement(s.body, "statement") for s in kept}
    resolved = _resolve(school, list(readings.values()))
    made = []
    for statement in kept:
        outcome = _attempt(school, readings[statement.pk], *resolved(readings[statement.pk]))
        if isinstance(outcome, Attempt):
            outcome.save()
            statement.attempt, statement.reason = outcome, ""
            made.append(statement)
        else:
            statement.reason = outcome
    XapiStatement.objects.bulk_update(kept, ["attempt", "reason"])
    _refresh_owed({s.attempt.student_id for s in made})
    return len(made)
