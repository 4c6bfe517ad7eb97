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
from learners.models import ErasedStudent, Exercise, ImportRun, Skill, Student, external_id_digest
from learners.services import refreshes

__all__ = ["FORMATS", "CheckReport", "FileRefused", "ImportRefused", "ImportReport", "attempts_check",
           "import_attempts", "read_skill_names"]
BATCH_ROWS = 50_000
SOURCE = "import"  # the source of exercises an import creates; attempts link only to these


@dataclass
class ImportReport:
    rows_read: int = 0
    rows_written: int = 0
    rows_duplicate: int = 0
    rows_erased: int = 0  # rows of erased students, never written again
    errors: list[RowError] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rows_invalid(self) -> int:
        return len(self.errors)

    @property
    def rows_skipped(self) -> int:
        return self.rows_duplicate + self.rows_invalid + self.rows_erased


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


def _not_allowed(row: AttemptRow) -> RowError:
    return RowError(row.line, f"student {row.student!r} is not one of your classrooms' students")


class IdResolver:
    """External ids -> primary keys, creating what is missing, one query per batch and kind."""

    def __init__(self, allowed_students: dict[str, int] | None = None) -> None:
        # None: any student (the missing ones are created); else only these (name in the file -> pk)
        self.allowed_students = allowed_students
        self.students: dict[str, int] = {}
        self.skills: dict[str, int] = {}
        self.exercises: dict[str, tuple[int, int]] = {}  # external id -> (pk, skill pk); imported ones only
        self.erased: set[str] = set()  # external ids of erased students met so far

    def without_erased(self, rows: list[AttemptRow]) -> list[AttemptRow]:
        """The rows but those of erased students (`ErasedStudent`)."""
        new = {r.student for r in rows} - self.students.keys() - self.erased
        digests = {external_id_digest(i): i for i in new}
        self.erased |= {digests[d] for d in ErasedStudent.objects.filter(external_id_sha256__in=digests)
                        .values_list("external_id_sha256", flat=True)}
        return [r for r in rows if r.student not in self.erased]

    def resolve(self, rows: list[AttemptRow]) -> tuple[list[AttemptRow], list[RowError]]:
        """(rows ready to write, rows whose student may not be written or whose exercise belongs to another
        skill)."""
        rows, refused = self._allowed(rows)
        self._students({r.student for r in rows} - self.students.keys())
        self._skills({r.skill: r.skill_name for r in rows if r.skill not in self.skills})
        first_skill: dict[str, str] = {}
        for r in rows:
            if r.exercise and r.exercise not in self.exercises:
                first_skill.setdefault(r.exercise, r.skill)  # a new exercise belongs to its first row's skill
        self._exercises(first_skill)
        good, bad = [], refused
        for r in rows:
            if r.exercise and self.exercises[r.exercise][1] != self.skills[r.skill]:
                bad.append(RowError(r.line, f"exercise {r.exercise!r} belongs to another skill than {r.skill!r}"))
            else:
                good.append(r)
        return good, bad

    def _allowed(self, rows: list[AttemptRow]) -> tuple[list[AttemptRow], list[RowError]]:
        if self.allowed_students is None:
            return rows, []
        good = [r for r in rows if r.student in self.allowed_students]
        self.students.update((r.student, self.allowed_students[r.student]) for r in good)
        return good, [_not_allowed(r) for r in rows if r.student not in self.allowed_students]

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


@dataclass
class CheckReport:
    rows_valid: int = 0
    rows_invalid: int = 0
    errors: list[RowError] = field(default_factory=list)  # the first ones


def attempts_check(*, stream: BinaryIO, allowed_students: dict[str, int] | None = None,
                   max_errors: int = 200) -> CheckReport:
    """Read a CSV of attempts as `import_attempts` would, writing nothing: valid rows counted, the first bad rows
    listed. Raises FileRefused when the file as a whole cannot be read."""
    report = CheckReport()
    for row in read_csv(stream):
        if isinstance(row, AttemptRow) and (allowed_students is None or row.student in allowed_students):
            report.rows_valid += 1
            continue
        report.rows_invalid += 1
        if len(report.errors) < max_errors:
            report.errors.append(row if isinstance(row, RowError) else _not_allowed(row))
    return report


def import_attempts(
    *, stream: BinaryIO, file_format: str, file_name: str, skill_names: dict[int, str] | None = None,
    student_prefix: str = "", skip_invalid: bool = False, source: str = "import",
    progress: Callable[[int], None] | None = None, bulk_copy: bool = True,
    allowed_students: dict[str, int] | None = None,
) -> ImportReport:
    """Import one file in one transaction. Raises ImportRefused (nothing written) on bad rows
    unless skip_invalid, and FileRefused when the file as a whole cannot be read. With `allowed_students`
    (a file's student name -> pk), a row of any other student is a bad row and no student is created."""
    started = time.perf_counter()
    report = ImportReport()
    hashing = HashingStream(stream, progress)
    rows = _rows(hashing, file_format, skill_names, student_prefix)
    with transaction.atomic():
        sink, resolver = make_sink(connection, source=source, bulk_copy=bulk_copy), IdResolver(allowed_students)
        for batch in _prefetched(_batches(rows, report)):
            kept = resolver.without_erased(batch)
            report.rows_erased += len(batch) - len(kept)
            batch, mismatched = resolver.resolve(kept)
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
        report.rows_duplicate = report.rows_read - report.rows_written - report.rows_erased
        report.seconds = time.perf_counter() - started
        ImportRun.objects.create(
            file_name=file_name[-500:], file_sha256=hashing.sha256.hexdigest(), file_format=file_format,
            rows_read=report.rows_read, rows_written=report.rows_written, rows_duplicate=report.rows_duplicate,
            rows_invalid=report.rows_invalid, seconds=report.seconds,
        )
    return report
