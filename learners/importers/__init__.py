"""Import attempts from a file: streamed, written in large batches, all-or-nothing by default.

`import_attempts` reads rows (formats.py, in a parser thread), resolves students, skills and exercises
by their external ids (creating the missing ones), and writes each batch through a sink: COPY into a
staging table then INSERT ... ON CONFLICT DO NOTHING on PostgreSQL, bulk_create elsewhere. A row whose
idempotency key is already stored is a duplicate and is not written again.
"""
from __future__ import annotations

import hashlib
import queue
import threading
import time
from dataclasses import dataclass, field
from itertools import islice
from typing import BinaryIO, Callable, Iterable, Iterator

from django.db import connection, transaction

from learners import refresh_queue
from learners.importers.formats import (
    FORMATS, AttemptRow, FileRefused, RowError, read_csv, read_dkvmn, read_skill_names,
)
from learners.importers.sinks import make_sink
from learners.models import Exercise, ImportRun, Skill, Student
from learners.services import refreshes

__all__ = ["FORMATS", "FileRefused", "ImportRefused", "ImportReport", "import_attempts", "read_skill_names"]
BATCH_ROWS = 50_000
SOURCE = "import"  # the source of exercises an import creates; attempts link only to these


@dataclass
class ImportReport:
    rows_read: int = 0
    rows_written: int = 0
    rows_duplicate: int = 0
    errors: list[RowError] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rows_invalid(self) -> int:
        return len(self.errors)

    @property
    def rows_skipped(self) -> int:
        return self.rows_duplicate + self.rows_invalid


class ImportRefused(Exception):
    """Bad rows and no --skip-invalid: nothing from the file was written."""

    def __init__(self, report: ImportReport):
        self.report = report
        super().__init__(f"{report.rows_invalid} bad rows; nothing was written")


class HashingStream:
    """Iterates a binary stream's lines, hashing them and reporting bytes read to `progress`."""

    def __init__(self, stream: BinaryIO, progress: Callable[[int], None] | None):
        self.stream, self.progress, self.sha256 = stream, progress, hashlib.sha256()

    def __iter__(self) -> Iterator[bytes]:
        pending = 0
        for count, raw in enumerate(self.stream, start=1):
            self.sha256.update(raw)
            pending += len(raw)
            if self.progress and count % 2000 == 0:
                self.progress(pending)
                pending = 0
            yield raw
        if self.progress and pending:
            self.progress(pending)


class IdResolver:
    """External ids -> primary keys, creating what is missing, one query per batch and kind."""

    def __init__(self) -> None:
        self.students: dict[str, int] = {}
        self.skills: dict[str, int] = {}
        self.exercises: dict[str, tuple[int, int]] = {}  # external id -> (pk, skill pk); imported ones only

    def resolve(self, rows: list[AttemptRow]) -> tuple[list[AttemptRow], list[RowError]]:
        """(rows ready to write, rows whose exercise belongs to another skill)."""
        self._students({r.student for r in rows} - self.students.keys())
        self._skills({r.skill: r.skill_name for r in rows if r.skill not in self.skills})
        first_skill: dict[str, str] = {}
        for r in rows:
            if r.exercise and r.exercise not in self.exercises:
                first_skill.setdefault(r.exercise, r.skill)  # a new exercise belongs to its first row's skill
        self._exercises(first_skill)
        good, bad = [], []
        for r in rows:
            if r.exercise and self.exercises[r.exercise][1] != self.skills[r.skill]:
                bad.append(RowError(r.line, f"exercise {r.exercise!r} belongs to another skill than {r.skill!r}"))
            else:
                good.append(r)
        return good, bad

    def exercise_pk(self, external_id: str) -> int | None:
        return self.exercises[external_id][0] if external_id else None

    def _students(self, ids: set[str]) -> None:
        if not ids:
            return
        Student.objects.bulk_create([Student(external_id=i) for i in ids], ignore_conflicts=True, batch_size=2000)
        self.students.update(Student.objects.filter(external_id__in=ids).values_list("external_id", "pk"))

    def _skills(self, names: dict[str, str]) -> None:
        if not names:
            return
        Skill.objects.bulk_create([Skill(code=c, name=n or c) for c, n in names.items()], ignore_conflicts=True)
        self.skills.update(Skill.objects.filter(code__in=names).values_list("code", "pk"))

    def _exercises(self, skill_of: dict[str, str]) -> None:
        if not skill_of:
            return
        Exercise.objects.bulk_create(
            [Exercise(external_id=e, skill_id=self.skills[skill], prompt=f"Imported exercise {e}", source=SOURCE)
             for e, skill in skill_of.items()],
            ignore_conflicts=True,
        )
        found = Exercise.objects.filter(source=SOURCE, external_id__in=skill_of)
        self.exercises.update((e, (pk, skill)) for e, pk, skill in found.values_list("external_id", "pk", "skill_id"))


def _batches(rows: Iterable[AttemptRow | RowError], report: ImportReport) -> Iterator[list[AttemptRow]]:
    def valid() -> Iterator[AttemptRow]:
        for row in rows:
            if isinstance(row, RowError):
                report.errors.append(row)
            else:
                yield row

    stream = valid()
    while batch := list(islice(stream, BATCH_ROWS)):
        report.rows_read += len(batch)
        yield batch


def _prefetched(batches: Iterator[list[AttemptRow]], depth: int = 2) -> Iterator[list[AttemptRow]]:
    """The same batches, parsed ahead in a thread: the file is read while the database writes the last
    batch (the parser holds no database connection). Its exceptions are raised here."""
    ready: queue.Queue = queue.Queue(maxsize=depth)
    stop, done = threading.Event(), object()

    def hand_over(item) -> None:
        while not stop.is_set():
            try:
                return ready.put(item, timeout=0.1)
            except queue.Full:
                continue

    def parse() -> None:
        try:
            for batch in batches:
                hand_over(batch)
                if stop.is_set():
                    return
        except BaseException as exc:  # raised in the importing thread
            hand_over(exc)
        hand_over(done)

    parser = threading.Thread(target=parse, name="import-parser", daemon=True)
    parser.start()
    try:
        while (item := ready.get()) is not done:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()  # the importer stopped early (an error): let the parser end
        parser.join(timeout=5)


def _rows(stream: Iterable[bytes], file_format: str, skill_names: dict[int, str] | None,
          student_prefix: str) -> Iterator[AttemptRow | RowError]:
    if file_format == "dkvmn":
        if not skill_names:
            raise FileRefused("the dkvmn format needs a skills file (--skills SKILLS.tsv)")
        return read_dkvmn(stream, skill_names, student_prefix)
    if file_format == "csv":
        return read_csv(stream)
    raise FileRefused(f"unknown format {file_format!r} (known: {', '.join(FORMATS)})")


def import_attempts(
    *, stream: BinaryIO, file_format: str, file_name: str, skill_names: dict[int, str] | None = None,
    student_prefix: str = "", skip_invalid: bool = False, source: str = "import",
    progress: Callable[[int], None] | None = None, bulk_copy: bool = True,
) -> ImportReport:
    """Import one file in one transaction. Raises ImportRefused (nothing written) on bad rows
    unless skip_invalid, and FileRefused when the file as a whole cannot be read."""
    started = time.perf_counter()
    report = ImportReport()
    hashing = HashingStream(stream, progress)
    rows = _rows(hashing, file_format, skill_names, student_prefix)
    with transaction.atomic():
        sink, resolver = make_sink(connection, source=source, bulk_copy=bulk_copy), IdResolver()
        for batch in _prefetched(_batches(rows, report)):
            batch, mismatched = resolver.resolve(batch)
            report.errors += mismatched
            report.rows_read -= len(mismatched)
            sink.add(batch, resolver)
        if report.errors and not skip_invalid:
            report.seconds = time.perf_counter() - started
            raise ImportRefused(report)
        report.rows_written = sink.finish()
        if report.rows_written:  # queued last: the queue's rows stay locked only for the end of the import
            refreshes.refresh_requests_mark(student_ids=resolver.students.values())
            transaction.on_commit(refresh_queue.wake, robust=True)
        report.rows_duplicate = report.rows_read - report.rows_written
        report.seconds = time.perf_counter() - started
        ImportRun.objects.create(
            file_name=file_name[-500:], file_sha256=hashing.sha256.hexdigest(), file_format=file_format,
            rows_read=report.rows_read, rows_written=report.rows_written, rows_duplicate=report.rows_duplicate,
            rows_invalid=report.rows_invalid, seconds=report.seconds,
        )
    return report
