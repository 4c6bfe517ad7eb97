"""Interaction data as flat arrays: readers, splits and padded batches.

A `Dataset` holds every response of every student in time order, flattened:
student s owns rows offsets[s]:offsets[s+1]. Skill ids are 1..n_skills; 0 is padding.
"""
from __future__ import annotations

import gzip
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np


class DataFormatError(ValueError):
    """A file that cannot be read: the message is "source:line: reason"."""

    def __init__(self, source: str, line: int, reason: str):
        super().__init__(f"{source}:{line}: {reason}")
        self.source, self.line, self.reason = source, line, reason


@dataclass
class Dataset:
    skills: np.ndarray  # (N,) int64, 1..n_skills
    correct: np.ndarray  # (N,) float32 in [0, 1] (score; 0/1 for right/wrong)
    offsets: np.ndarray  # (S+1,) int64, offsets[0] == 0, offsets[-1] == N
    n_skills: int
    student_ids: list[str] = field(default_factory=list)  # (S,) external ids, optional
    times: np.ndarray | None = None  # (N,) float64 seconds since epoch, optional
    durations: np.ndarray | None = None  # (N,) float32 seconds, optional
    hints: np.ndarray | None = None  # (N,) int32, optional

    def __post_init__(self) -> None:
        self.skills = np.asarray(self.skills, dtype=np.int64)
        self.correct = np.asarray(self.correct, dtype=np.float32)
        self.offsets = np.asarray(self.offsets, dtype=np.int64)
        if self.offsets[0] != 0 or self.offsets[-1] != len(self.skills) or len(self.correct) != len(self.skills):
            raise ValueError("offsets do not match the interaction arrays")
        if np.any(np.diff(self.offsets) < 0):
            raise ValueError("offsets must be non-decreasing")
        if len(self.skills) and (self.skills.min() < 1 or self.skills.max() > self.n_skills):
            raise ValueError(f"skill ids must lie in 1..{self.n_skills}")
        if len(self.correct) and (self.correct.min() < 0 or self.correct.max() > 1):
            raise ValueError("correct must lie in [0, 1]")
        if not self.student_ids:
            self.student_ids = [str(i) for i in range(self.n_students)]

    @property
    def n_students(self) -> int:
        return len(self.offsets) - 1

    @property
    def n_interactions(self) -> int:
        return len(self.skills)

    @property
    def lengths(self) -> np.ndarray:  # (S,)
        return np.diff(self.offsets)

    def student(self, s: int) -> tuple[np.ndarray, np.ndarray]:
        lo, hi = self.offsets[s], self.offsets[s + 1]
        return self.skills[lo:hi], self.correct[lo:hi]

    def sequences(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        for s in range(self.n_students):
            yield self.student(s)

    def subset(self, students: Iterable[int]) -> "Dataset":
        idx = np.asarray(list(students), dtype=np.int64)
        rows = [np.arange(self.offsets[s], self.offsets[s + 1]) for s in idx]
        take = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        lengths = self.lengths[idx] if len(idx) else np.zeros(0, dtype=np.int64)

        def pick(a):
            return None if a is None else a[take]

        return Dataset(
            skills=self.skills[take], correct=self.correct[take],
            offsets=np.concatenate([[0], np.cumsum(lengths)]), n_skills=self.n_skills,
            student_ids=[self.student_ids[s] for s in idx],
            times=pick(self.times), durations=pick(self.durations), hints=pick(self.hints),
        )

    def split(self, fraction: float, seed: int = 0) -> tuple["Dataset", "Dataset"]:
        """Split by student: (the rest, a `fraction` of students) with a fixed seed."""
        order = np.random.default_rng(seed).permutation(self.n_students)
        n_held = int(round(self.n_students * fraction))
        return self.subset(np.sort(order[n_held:])), self.subset(np.sort(order[:n_held]))


def from_sequences(sequences: Iterable[tuple[Iterable[int], Iterable[float]]], n_skills: int | None = None,
                   student_ids: list[str] | None = None) -> Dataset:
    """Build a Dataset from (skills, correct) pairs, one per student."""
    skills, correct, lengths = [], [], [0]
    for sk, co in sequences:
        sk, co = np.asarray(list(sk), dtype=np.int64), np.asarray(list(co), dtype=np.float32)
        if len(sk) != len(co):
            raise ValueError("skills and correct differ in length")
        skills.append(sk)
        correct.append(co)
        lengths.append(len(sk))
    flat_skills = np.concatenate(skills) if skills else np.zeros(0, dtype=np.int64)
    flat_correct = np.concatenate(correct) if correct else np.zeros(0, dtype=np.float32)
    if n_skills is None:
        n_skills = int(flat_skills.max()) if len(flat_skills) else 0
    return Dataset(skills=flat_skills, correct=flat_correct, offsets=np.cumsum(lengths), n_skills=n_skills,
                   student_ids=student_ids or [])


INTEGER = re.compile(r"-?[0-9]+")  # ASCII digits only ('²'.isdigit() is true, int('²') fails)
NumberedLine = tuple[int, str | None]  # (line number, text; None: unreadable, reported by the caller)


def _ints(text: str, source: str, line: int) -> list[int]:
    """The comma-separated integers of a line (empty parts, e.g. a trailing comma, are skipped)."""
    values = []
    for part in text.strip().rstrip(",").split(","):
        part = part.strip()
        if not part:
            continue
        if not INTEGER.fullmatch(part):
            raise DataFormatError(source, line, f"bad number {part[:30]!r}")
        values.append(int(part))
    return values


def _is_empty_record(block: list[NumberedLine]) -> bool:
    """A count line of 0 is a whole record (its empty skill and answer lines are blank lines)."""
    if len(block) != 1 or block[0][1] is None:
        return False
    try:
        return _ints(block[0][1], "", block[0][0]) == [0]
    except DataFormatError:
        return False


def three_line_records(lines: Iterable[NumberedLine]) -> Iterator[list[NumberedLine]]:
    """Numbered lines grouped into the student records of the 3-line format: the number of responses, the skill
    ids, the 0/1 answers. Blank lines are skipped; a count of 0 is a record of its own; an unreadable line (None)
    counts as a line of its record. The last record may be incomplete (`parse_three_line_record` refuses it)."""
    block: list[NumberedLine] = []
    for number, text in lines:
        if text is not None and not text.strip():
            continue
        block.append((number, text))
        if len(block) == 3 or _is_empty_record(block):
            yield block
            block = []
    if block:
        yield block


def parse_three_line_record(block: list[NumberedLine], source: str = "<data>") -> tuple[list[int], list[int]]:
    """(skills, answers) of one record of `three_line_records`; DataFormatError names the line at fault."""
    if _is_empty_record(block):
        return [], []
    if len(block) < 3:
        raise DataFormatError(source, block[0][0], "incomplete student record at the end of the file (need 3 lines)")
    (n_line, _), (s_line, _), (c_line, _) = block
    count, skills, answers = (_ints(text, source, line) for line, text in block)
    if len(count) != 1:
        raise DataFormatError(source, n_line, f"expected the number of responses, got {len(count)} values")
    if count[0] < 0:
        raise DataFormatError(source, n_line, f"the number of responses {count[0]} is negative")
    if len(skills) != count[0]:
        raise DataFormatError(source, s_line, f"{len(skills)} skill ids where line {n_line} says {count[0]} responses")
    if len(answers) != count[0]:
        raise DataFormatError(source, c_line, f"{len(answers)} answers where line {n_line} says {count[0]} responses")
    bad = next((s for s in skills if s < 1), None)
    if bad is not None:
        raise DataFormatError(source, s_line, f"skill id {bad} is not positive")
    bad = next((a for a in answers if a not in (0, 1)), None)
    if bad is not None:
        raise DataFormatError(source, c_line, f"answer {bad} is not 0 or 1")
    return skills, answers


def iter_three_line(lines: Iterable[str], source: str = "<data>") -> Iterator[tuple[int, list[int], list[int]]]:
    """Yield (first line number, skills, correct) per student of the 3-line format; the first malformed record
    raises DataFormatError naming the file and line."""
    for block in three_line_records(enumerate(lines, start=1)):
        skills, correct = parse_three_line_record(block, source)
        yield block[0][0], skills, correct


def read_three_line(path: str | Path | io.TextIOBase, n_skills: int | None = None) -> Dataset:
    """Read the 3-line format of the DKVMN-split datasets (e.g. ASSIST2009)."""
    if isinstance(path, (str, Path)):
        source = str(path)
        opener = gzip.open if source.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as handle:
            records = list(iter_three_line(handle, source))
    else:
        records = list(iter_three_line(path, getattr(path, "name", "<stream>")))
    ids = [f"line{first}" for first, _, _ in records]
    return from_sequences(((s, c) for _, s, c in records), n_skills=n_skills, student_ids=ids)


@dataclass
class Batch:
    skills: np.ndarray  # (B, T) int64, 0 = padding
    correct: np.ndarray  # (B, T) float32, 0 at padding
    mask: np.ndarray  # (B, T) bool, True where a response is real
    students: np.ndarray  # (B,) index into the Dataset


def pad_rows(starts: np.ndarray, lengths: np.ndarray, *arrays: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """Runs of rows right-padded into a batch: run b is rows starts[b]:starts[b] + lengths[b] of each flat array
    (N, ...). Returns mask (B, T) bool, True where a row is real (T: the longest run), and each array's runs
    as (B, T, ...) of its dtype, zero at padding."""
    starts, lengths = np.asarray(starts, dtype=np.int64), np.asarray(lengths, dtype=np.int64)
    steps = np.arange(int(lengths.max()) if len(lengths) else 0)
    mask = steps[None, :] < lengths[:, None]  # (B, T)
    rows = (starts[:, None] + steps[None, :])[mask]  # the real rows, batch-major
    padded = []
    for a in arrays:
        out = np.zeros(mask.shape + a.shape[1:], dtype=a.dtype)
        out[mask] = a[rows]
        padded.append(out)
    return mask, padded


def pad_batch(data: Dataset, students: np.ndarray, max_len: int | None = None) -> Batch:
    """Right-pad the chosen students' sequences to the longest (or to max_len, keeping the first max_len)."""
    students = np.asarray(students, dtype=np.int64)
    lengths = data.lengths[students]
    if max_len is not None:
        lengths = np.minimum(lengths, max_len)
    mask, (skills, correct) = pad_rows(data.offsets[students], lengths, data.skills, data.correct)
    return Batch(skills=skills, correct=correct, mask=mask, students=students)


def row_students(data: Dataset) -> np.ndarray:
    """(N,) int64 index of the student who owns each row."""
    return np.repeat(np.arange(data.n_students, dtype=np.int64), data.lengths)


def row_positions(data: Dataset) -> np.ndarray:
    """(N,) int64 position of each row within its student's sequence (0 = first response)."""
    return np.arange(data.n_interactions, dtype=np.int64) - np.repeat(data.offsets[:-1], data.lengths)


def skill_groups(data: Dataset) -> tuple[np.ndarray, np.ndarray]:
    """Rows grouped by (student, skill), time order kept within a group.

    Returns order (N,) (rows sorted by group, stable) and starts (G+1,) (group g owns
    order[starts[g]:starts[g+1]]).
    """
    key = row_students(data) * (data.n_skills + 1) + data.skills  # (N,)
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    new_group = np.concatenate([[True], sorted_key[1:] != sorted_key[:-1]]) if len(key) else np.zeros(0, bool)
    starts = np.flatnonzero(new_group)
    return order, np.concatenate([starts, [len(key)]]).astype(np.int64)


def skill_history(data: Dataset, observed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(N,) successes and (N,) failures of the same student on the same skill before each row.

    observed (N,) bool: only those rows count (e.g. the first k responses of each student).
    Scores in (0, 1) count fractionally.
    """
    order, starts = skill_groups(data)
    weight = np.ones(data.n_interactions) if observed is None else np.asarray(observed, dtype=np.float64)
    c = data.correct.astype(np.float64)[order] * weight[order]
    w = (1.0 - data.correct.astype(np.float64)[order]) * weight[order]
    group = np.repeat(np.arange(len(starts) - 1), np.diff(starts))  # (N,) group of each sorted row
    successes, failures = np.empty(data.n_interactions), np.empty(data.n_interactions)
    for src, dst in ((c, successes), (w, failures)):
        before = np.concatenate([[0.0], np.cumsum(src)[:-1]]) if len(src) else src  # exclusive prefix sum
        dst[order] = before - before[starts[:-1]][group]
    return successes, failures
