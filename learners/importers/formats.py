"""Readers that turn an attempts file into rows, streaming, with a line number on every error.

Two formats:
- `dkvmn`: the 3-line format of the DKVMN-split datasets (count / skill ids / 0-1 answers per student), read
  by `metacore.data`, with a `skill_id<TAB>name` file for skill names; students are named `<prefix><index>` and
  times are made up (see timeline.py).
- `csv`: a header line, then one attempt per line. Columns:
  `student` (external id, required), `skill` (code, required), `skill_name` (optional),
  `exercise` (external id, optional), `correct` (0/1/true/false) and/or `score` (0..1; at least one),
  `timestamp` (ISO 8601, or Unix seconds; required), `duration` (seconds, optional),
  `hints` (count, optional), `idempotency_key` (optional; default: a hash of the row's content).
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import math
from dataclasses import dataclass
from typing import BinaryIO, Iterator, NamedTuple

from learners.engine import DataFormatError, parse_three_line_record, three_line_records
from learners.importers.timeline import session_times

FORMATS = ("dkvmn", "csv")
CSV_REQUIRED = ("student", "skill", "timestamp")
CSV_KNOWN = CSV_REQUIRED + ("skill_name", "exercise", "correct", "score", "duration", "hints", "idempotency_key")
MAX_KEY = 128
MAX_LENGTH = {"student": 100, "skill": 64, "skill_name": 200, "exercise": 100}  # the columns' sizes
EARLIEST = dt.datetime(1900, 1, 1, tzinfo=dt.timezone.utc)
LATEST = dt.datetime(2100, 1, 1, tzinfo=dt.timezone.utc)


class AttemptRow(NamedTuple):
    line: int
    student: str  # external id
    skill: str  # skill code
    skill_name: str
    exercise: str  # external id or ""
    correct: bool
    score: float
    submitted: float  # epoch seconds
    duration: float | None
    hints: int
    key: str


@dataclass
class RowError:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


class FileRefused(Exception):
    """The file as a whole cannot be read (no header, unknown format...)."""


def decoded_lines(stream: BinaryIO, errors: list[RowError]) -> Iterator[tuple[int, str]]:
    """(line number, text) for each line; an undecodable line is reported and yielded empty."""
    for number, raw in enumerate(stream, start=1):
        try:
            yield number, raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            errors.append(RowError(number, f"undecodable bytes at column {exc.start + 1} (the file must be UTF-8)"))
            yield number, ""


def _readable_lines(stream: BinaryIO, errors: list[RowError]) -> Iterator[tuple[int, str | None]]:
    """(line number, text) for each line; None for an undecodable one (reported in `errors`)."""
    for number, text in decoded_lines(stream, errors):
        yield number, None if errors and errors[-1].line == number else text


def read_dkvmn(stream: BinaryIO, skill_names: dict[int, str], student_prefix: str) -> Iterator[AttemptRow | RowError]:
    """The records as `metacore.data` reads them, its errors as row errors. Students are named by their record's
    place in the file (bad records count too), so a file fixed and imported again names everyone as before, and
    their attempts keep their idempotency keys."""
    errors: list[RowError] = []
    codes = {skill: str(skill) for skill in skill_names}
    for index, block in enumerate(three_line_records(_readable_lines(stream, errors)), start=1):
        yield from errors
        errors.clear()
        if len(block) == 3 and any(text is None for _, text in block):
            continue  # an undecodable line spoils its record (already reported)
        try:
            skills, answers = parse_three_line_record(block)
        except DataFormatError as error:
            yield RowError(error.line, error.reason)
            continue
        unknown = next((s for s in skills if s not in skill_names), None)
        if unknown is not None:
            yield RowError(block[1][0], f"skill id {unknown} is not in the skills file")
            continue
        student = f"{student_prefix}{index:05d}"
        times = session_times(student, len(skills)).tolist()
        number = block[-1][0]
        for position, (skill, answer, when) in enumerate(zip(skills, answers, times)):
            yield AttemptRow(number, student, codes[skill], skill_names[skill], "", answer == 1, float(answer),
                             when, None, 0, f"{student}#{position}")
    yield from errors


def read_skill_names(stream: BinaryIO) -> dict[int, str]:
    """`skill_id<TAB>name` with a header line."""
    names: dict[int, str] = {}
    errors: list[RowError] = []
    for number, text in decoded_lines(stream, errors):
        if number == 1 or not text.strip():
            continue
        sid, _, name = text.rstrip("\r\n").partition("\t")
        if not sid.strip().isdigit() or not name.strip():
            errors.append(RowError(number, f"expected 'skill_id<TAB>name', got {text.strip()[:40]!r}"))
            continue
        names[int(sid)] = name.strip()
    if errors:
        raise FileRefused("skills file: " + "; ".join(str(e) for e in errors))
    return names


def _parse_time(text: str) -> float:
    """Unix seconds or ISO 8601 (no zone: UTC), between EARLIEST and LATEST."""
    try:
        seconds = float(text)
    except ValueError:
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        seconds = (when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)).timestamp()
    if not math.isfinite(seconds) or not EARLIEST.timestamp() <= seconds <= LATEST.timestamp():
        hint = " (milliseconds? give seconds)" if math.isfinite(seconds) and seconds > LATEST.timestamp() else ""
        raise ValueError(f"timestamp {text[:30]!r} is not between {EARLIEST.year} and {LATEST.year}{hint}")
    return seconds


def _parse_bool(text: str) -> bool:
    value = text.strip().lower()
    if value in ("1", "true", "yes", "y", "t"):
        return True
    if value in ("0", "false", "no", "n", "f"):
        return False
    raise ValueError(f"correct must be 0/1 or true/false, got {text[:20]!r}")


def _csv_row(line: int, cells: dict[str, str]) -> AttemptRow | RowError:
    cells = {name: value.strip() for name, value in cells.items()}
    missing = [c for c in CSV_REQUIRED if not cells.get(c)]
    if missing:
        return RowError(line, f"missing column {missing[0]!r}")
    too_long = next((c for c, limit in MAX_LENGTH.items() if len(cells.get(c) or "") > limit), None)
    if too_long:
        return RowError(line, f"{too_long} is longer than {MAX_LENGTH[too_long]} characters")
    if any("\x00" in value for value in cells.values()):
        return RowError(line, "NUL byte in the row")
    correct_text, score_text = cells.get("correct") or "", cells.get("score") or ""
    if not correct_text and not score_text:
        return RowError(line, "missing column 'correct' or 'score'")
    try:
        score = float(score_text) if score_text else None
        if score is not None and (math.isnan(score) or not 0.0 <= score <= 1.0):
            return RowError(line, f"score {score_text} is outside [0, 1]")
        correct = _parse_bool(correct_text) if correct_text else score == 1.0
        if score is None:
            score = 1.0 if correct else 0.0
        if correct and score != 1.0:
            return RowError(line, f"correct is true but score is {score_text}")
        submitted = _parse_time(cells["timestamp"])
        duration = float(cells["duration"]) if cells.get("duration") else None
        hints = int(cells["hints"]) if cells.get("hints") else 0
    except ValueError as exc:
        return RowError(line, f"bad number: {exc}")
    if duration is not None and not duration >= 0:
        return RowError(line, f"duration {cells['duration']} is negative")
    if hints < 0:
        return RowError(line, f"hints {hints} is negative")
    key = cells.get("idempotency_key") or hashlib.sha1(
        "|".join((cells["student"], cells["skill"], cells.get("exercise") or "", cells["timestamp"],
                  repr(score))).encode()
    ).hexdigest()
    if len(key) > MAX_KEY:
        return RowError(line, f"idempotency_key is longer than {MAX_KEY} characters")
    return AttemptRow(line, cells["student"], cells["skill"], cells.get("skill_name") or "", cells.get("exercise") or "",
                      correct, score, submitted, duration, hints, key)


def read_csv(stream: BinaryIO) -> Iterator[AttemptRow | RowError]:
    errors: list[RowError] = []
    numbered = decoded_lines(stream, errors)
    numbers: list[int] = []

    def text_lines():
        for number, text in numbered:
            numbers.append(number)
            yield text

    reader = csv.reader(text_lines())
    header = [h.strip().lower() for h in next(reader, [])]
    if errors:
        raise FileRefused(str(errors[0]))
    missing = [c for c in CSV_REQUIRED if c not in header]
    if missing:
        raise FileRefused(f"line 1: missing column {missing[0]!r} in the header (columns: {', '.join(CSV_KNOWN)})")
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield RowError(numbers[-1], f"unreadable CSV: {exc}")
            continue
        line = numbers[-1]
        while errors:
            yield errors.pop(0)
        if not cells or not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            yield RowError(line, f"{len(cells)} values where the header has {len(header)} columns")
            continue
        yield _csv_row(line, dict(zip(header, cells)))
    yield from errors
