"""Assigned work: whom each assignment is for, how far each of them is with it, and what their plans must still
make room for. Reads only, a fixed number of queries whatever the number of students; callers have checked who
may see what."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from learners import registry
from learners.models import Assignment, Attempt, Classroom, Student
from learners.selectors.rosters import current_enrollments, student_classrooms
from learners.selectors.dashboards import stored_mastery, vocabulary_positions

STATUSES = ("done", "in_progress", "not_started", "overdue")
SOON_DAYS = 2  # due within this many days (today included): ahead of the plan's own items
MASTERY_PRACTICE = 2  # items a day while the exercises are done but the chance of success is short of the target


def status_labels() -> dict[str, str]:
    return {"done": _("done"), "in_progress": _("in progress"), "not_started": _("not started"),
            "overdue": _("overdue")}


@dataclass
class Standing:
    """One student's progress on one assignment."""

    answered: int = 0  # exercises of it answered since it was set (listed ones, when it lists any)
    required: int = 0
    chance: float | None = None  # the student's chance of success on the skill now (None: no model)
    status: str = "not_started"
    left_exercises: list[int] = field(default_factory=list)  # listed exercises not answered yet, in order

    @property
    def label(self) -> str:
        return status_labels()[self.status]


def today() -> dt.date:
    return timezone.localdate()


def days_left(assignment: Assignment, on: dt.date) -> int:
    """Sessions up to the due date, today's included (at least 1: overdue work is due today)."""
    return max(1, (assignment.due_on - on).days + 1)


def open_assignments(classroom_ids: Iterable[int]) -> QuerySet[Assignment]:
    return Assignment.objects.filter(classroom__in=list(classroom_ids), archived_at__isnull=True).select_related(
        "skill").order_by("due_on", "pk")


def targets(assignments: list[Assignment]) -> dict[int, list[int]]:
    """Assignment pk -> the students it is for: its group, else the whole class (only students in its classroom
    now; a student who left is no longer asked)."""
    if not assignments:
        return {}
    pks = [a.pk for a in assignments]
    enrolled = defaultdict(set)
    for room, student in current_enrollments().filter(classroom__in={a.classroom_id for a in assignments}) \
            .values_list("classroom_id", "student_id"):
        enrolled[room].add(student)
    groups = defaultdict(set)
    for assignment, student in Assignment.students.through.objects.filter(assignment__in=pks).values_list(
            "assignment_id", "student_id"):
        groups[assignment].add(student)
    return {a.pk: sorted(groups[a.pk] & enrolled[a.classroom_id] if a.pk in groups else enrolled[a.classroom_id])
            for a in assignments}


def standings(assignments: list[Assignment], student_ids: Iterable[int], *, on: dt.date | None = None
              ) -> dict[tuple[int, int], Standing]:
    """(assignment pk, student pk) -> that student's standing, for every pair of the given assignments and
    students (each student's answers read once, in one query)."""
    on, ids = on or today(), sorted(set(student_ids))
    if not assignments or not ids:
        return {}
    listed = defaultdict(list)
    for assignment, exercise in Assignment.exercises.through.objects.filter(
            assignment__in=[a.pk for a in assignments]).order_by("exercise_id").values_list(
            "assignment_id", "exercise_id"):
        listed[assignment].append(exercise)
    answers = defaultdict(list)  # (student, skill) -> [(time, exercise)]
    for student, skill, at, exercise in Attempt.objects.filter(
            student__in=ids, skill__in={a.skill_id for a in assignments},
            submitted_at__gte=min(a.created_at for a in assignments)).values_list(
            "student_id", "skill_id", "submitted_at", "exercise_id"):
        answers[student, skill].append((at, exercise))
    chances = _chances(ids, {a.skill_id for a in assignments})
    return {(a.pk, s): _standing(a, listed[a.pk], [e for at, e in answers[s, a.skill_id] if at >= a.created_at],
                                 chances.get((s, a.skill_id)), on) for a in assignments for s in ids}


def _chances(student_ids: list[int], skill_ids: set[int]) -> dict[tuple[int, int], float]:
    """(student pk, skill pk) -> the student's chance of success on the skill now (the active version's)."""
    version = registry.active_version()
    skills = sorted(skill_ids)
    positions = vocabulary_positions(version, skills)
    out = {}
    for student, (p, _cohort, _n) in stored_mastery(version, student_ids).items():
        for skill, k in zip(skills, positions):
            if 0 <= k < len(p):
                out[student, skill] = float(p[k])
    return out


def _standing(assignment: Assignment, listed: list[int], exercises: list[int | None], chance: float | None,
              on: dt.date) -> Standing:
    if listed:
        answered_listed = set(exercises) & set(listed)
        standing = Standing(answered=len(answered_listed), required=len(listed), chance=chance,
                            left_exercises=[e for e in listed if e not in answered_listed])
    else:
        standing = Standing(answered=min(len(exercises), assignment.items), required=assignment.items, chance=chance)
    reached = assignment.mastery is None or (chance is not None and chance >= assignment.mastery)
    if standing.answered >= standing.required and reached:
        standing.status = "done"
    elif assignment.due_on < on:
        standing.status = "overdue"
    elif exercises:
        standing.status = "in_progress"
    return standing


def remaining(standing: Standing) -> int:
    """Items a plan must still make room for."""
    if standing.status == "done":
        return 0
    return max(standing.required - standing.answered, 0) or MASTERY_PRACTICE


def plan_work(student_ids: list[int], *, on: dt.date | None = None) -> dict[int, list[dict]]:
    """Student pk -> the open work their plan makes room for, the earliest due first: what
    `engine.plans_from_dicts` takes as `assignments`, and each one's listed exercises not answered yet."""
    on = on or today()
    rooms = {room for _, room in student_classrooms(student_ids)}
    assignments = list(open_assignments(rooms))
    if not assignments:
        return {}
    who = targets(assignments)
    wanted = set(student_ids)
    stand = standings(assignments, {s for a in assignments for s in who[a.pk]} & wanted, on=on)
    out = defaultdict(list)
    for a in assignments:
        for student in wanted.intersection(who[a.pk]):
            standing = stand[a.pk, student]
            left = remaining(standing)
            if left:
                days = days_left(a, on)
                out[student].append({"assignment": a.pk, "skill": a.skill_id, "remaining": left, "days_left": days,
                                     "first": days <= SOON_DAYS, "exercises": standing.left_exercises})
    return dict(out)


@dataclass
class AssignmentRow:
    """An assignment with its students' standings, as a teacher's pages show it."""

    assignment: Assignment
    students: list[tuple[Student, Standing]]
    counts: dict[str, int]
    days_left: int


def classroom_assignments(classroom: Classroom, *, archived: bool = False) -> list[AssignmentRow]:
    """The classroom's open assignments (or archived ones), the earliest due first, each with its standings."""
    assignments = list(classroom.assignments.filter(archived_at__isnull=not archived).select_related(
        "skill", "created_by").prefetch_related("exercises").order_by("due_on", "pk"))
    return _rows(assignments)


def assignment_detail(assignment: Assignment) -> AssignmentRow:
    return _rows([assignment])[0]


def _rows(assignments: list[Assignment]) -> list[AssignmentRow]:
    on = today()
    who = targets(assignments)
    ids = {s for students in who.values() for s in students}
    students = {s.pk: s for s in Student.objects.filter(pk__in=ids).select_related("user")}
    stand = standings(assignments, ids, on=on)
    rows = []
    for a in assignments:
        pairs = sorted(((students[s], stand[a.pk, s]) for s in who[a.pk]), key=lambda t: str(t[0]))
        counts = {status: sum(st.status == status for _s, st in pairs) for status in STATUSES}
        rows.append(AssignmentRow(assignment=a, students=pairs, counts=counts, days_left=(a.due_on - on).days))
    return rows


def student_assignments(student: Student) -> list[tuple[Assignment, Standing]]:
    """The open assignments a student is asked to do, the earliest due first, with their standing."""
    rooms = {room for _, room in student_classrooms([student.pk])}
    assignments = list(open_assignments(rooms))
    who = targets(assignments)
    mine = [a for a in assignments if student.pk in who[a.pk]]
    stand = standings(mine, [student.pk])
    return [(a, stand[a.pk, student.pk]) for a in mine]
