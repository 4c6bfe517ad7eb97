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
        with self.connection.cursor() as cursor:
            with cursor.copy(f"COPY attempt_stage ({STAGE_COLUMNS}) FROM STDIN") as copy:
                for r in rows:
                    copy.write_row((students[r.student], skills[r.skill], ids.exercise_pk(r.exercise), r.correct,
                                    r.score, r.submitted, r.duration, r.hints, r.key))
            cursor.execute(
                f"INSERT INTO {Attempt._meta.db_table} (student_id, skill_id, exercise_id, correct, score,"
                " submitted_at, duration_seconds, hints_used, source, idempotency_key, created_at)"
                " SELECT student_id, skill_id, exercise_id, correct, score, to_timestamp(submitted), duration,"
                " hints, %s, idempotency_key, now() FROM attempt_stage"
                " ON CONFLICT (idempotency_key) DO NOTHING",
                [self.source],
            )
            self.written += cursor.rowcount
            cursor.execute("TRUNCATE attempt_stage")

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
        utc = dt.timezone.utc
        attempts = [
            Attempt(student_id=ids.students[r.student], skill_id=ids.skills[r.skill],
                    exercise_id=ids.exercise_pk(r.exercise), correct=r.correct, score=r.score,
                    submitted_at=dt.datetime.fromtimestamp(r.submitted, utc), duration_seconds=r.duration,
                    hints_used=r.hints, source=self.source, idempotency_key=r.key, created_at=now)
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
