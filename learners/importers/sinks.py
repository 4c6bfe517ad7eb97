"""Where imported attempts go: per batch, COPY + INSERT ... ON CONFLICT on PostgreSQL, bulk_create elsewhere.

Both count only the rows actually written; a row whose idempotency key is stored already is skipped.
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone

from learners.models import Attempt

if TYPE_CHECKING:
    from learners.importers import IdResolver
    from learners.importers.formats import AttemptRow

STAGE_COLUMNS = "student_id, skill_id, exercise_id, correct, score, submitted, duration, hints, idempotency_key"
# A resolved row, in STAGE_COLUMNS' order: (student pk, skill pk, exercise pk or None, correct, score,
# submitted as seconds since the epoch, duration or None, hints, idempotency key).
ResolvedRow = tuple


def resolved_attempt(row: ResolvedRow, source: str, now: dt.datetime) -> Attempt:
    student, skill, exercise, correct, score, submitted, duration, hints, key = row
    return Attempt(student_id=student, skill_id=skill, exercise_id=exercise, correct=correct, score=score,
                   submitted_at=dt.datetime.fromtimestamp(submitted, dt.timezone.utc), duration_seconds=duration,
                   hints_used=hints, source=source, idempotency_key=key, created_at=now)


class PostgresSink:
    """Each batch: COPY into a staging table, then one INSERT ... ON CONFLICT DO NOTHING. Foreign keys are
    checked per statement (not all at commit), so the server checks a batch while the next one is parsed."""

    def __init__(self, connection, source: str):
        self.connection, self.source, self.written = connection, source, 0
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "CREATE TEMPORARY TABLE attempt_stage (student_id bigint, skill_id bigint, exercise_id bigint,"
                " correct boolean, score double precision, submitted double precision, duration double precision,"
                " hints integer, idempotency_key varchar(128)) ON COMMIT DROP"
            )

    def add(self, rows: list[AttemptRow], ids: IdResolver) -> None:
        students, skills = ids.students, ids.skills
        self.add_resolved((students[r.student], skills[r.skill], ids.exercise_pk(r.exercise), r.correct, r.score,
                           r.submitted, r.duration, r.hints, r.key) for r in rows)

    def add_resolved(self, rows, returning: bool = False) -> set[str]:
        """Rows whose students, skills and exercises are primary keys already (`ResolvedRow`); with `returning`,
        the idempotency keys written (those stored before are skipped)."""
        with self.connection.cursor() as cursor:
            with cursor.copy(f"COPY attempt_stage ({STAGE_COLUMNS}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(
                f"INSERT INTO {Attempt._meta.db_table} (student_id, skill_id, exercise_id, correct, score,"
                " submitted_at, duration_seconds, hints_used, source, idempotency_key, created_at)"
                " SELECT student_id, skill_id, exercise_id, correct, score, to_timestamp(submitted), duration,"
                " hints, %s, idempotency_key, now() FROM attempt_stage"
                " ON CONFLICT (idempotency_key) DO NOTHING" + (" RETURNING idempotency_key" if returning else ""),
                [self.source],
            )
            self.written += cursor.rowcount
            written = {key for (key,) in cursor.fetchall()} if returning else set()
            cursor.execute("TRUNCATE attempt_stage")
        return written

    def finish(self) -> int:
        with self.connection.cursor() as cursor:
            cursor.execute("DROP TABLE attempt_stage")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        return self.written


class OrmSink:
    """Any database Django supports; slower, used for the zero-setup SQLite default."""

    def __init__(self, connection, source: str):
        self.source, self.written = source, 0

    def add(self, rows: list[AttemptRow], ids: IdResolver) -> None:
        now = timezone.now()
        attempts = [
            resolved_attempt((ids.students[r.student], ids.skills[r.skill], ids.exercise_pk(r.exercise), r.correct,
                              r.score, r.submitted, r.duration, r.hints, r.key), self.source, now)
            for r in rows
        ]
        before = Attempt.objects.count()
        Attempt.objects.bulk_create(attempts, ignore_conflicts=True, batch_size=5000)
        self.written += Attempt.objects.count() - before

    def finish(self) -> int:
        return self.written


def make_sink(connection, source: str, bulk_copy: bool = True):
    """COPY on PostgreSQL unless bulk_copy is off (the portable path, also the benchmark's baseline)."""
    sink = PostgresSink if bulk_copy and connection.vendor == "postgresql" else OrmSink
    return sink(connection, source)
