"""Reads of the practice page: which plan item comes next, and which exercise to show for it.

A student can practise a skill here when it has an exercise with an answer to check: from the shared bank, or
written by a teacher for one of the student's classrooms (those come first)."""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from learners import engine as eng
from learners import registry
from learners.models import (
    Assignment, Attempt, AttemptSource, Exercise, PlanItem, PracticeSkip, Student, StudyPlan,
)
from learners.selectors.rosters import classroom_members, current_enrollments

RECENT_EXERCISES = 20  # an exercise among a student's last this-many attempts is not shown again if avoidable


@dataclass(frozen=True)
class NextItem:
    plan: StudyPlan | None
    item: PlanItem | None  # None: no plan, or every item of it done or skipped
    position: int  # of the item in the plan (0-based)
    total: int  # items in the plan
    skipped_rest: bool = False  # no item: what is left was skipped today


def local_midnight():
    return timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)


def answered_today(student: Student) -> int:
    """Exercises the student answered on this site since local midnight."""
    return Attempt.objects.filter(student=student, source=AttemptSource.WEB, submitted_at__gte=local_midnight()).count()


def skipped_today(student: Student) -> set[int]:
    """Skills the student skipped today: they wait until tomorrow, whatever plan comes in between."""
    return set(PracticeSkip.objects.filter(student=student, created_at__gte=local_midnight())
               .values_list("skill_id", flat=True))


def answerable() -> QuerySet[Exercise]:
    """Exercises with an answer to check against (imported ones may have none)."""
    return Exercise.objects.exclude(answer="").exclude(Q(answer_kind="choice") & Q(choices=[]))


def answerable_exercises(skill_id: int, student: Student) -> QuerySet[Exercise]:
    """Exercises of a skill the student may get: the bank's, and their classrooms' own (teachers' first)."""
    classrooms = current_enrollments().filter(student=student).values("classroom_id")
    return answerable().filter(Q(classroom__isnull=True) | Q(classroom__in=classrooms), skill_id=skill_id) \
        .order_by(F("classroom_id").asc(nulls_last=True), "pk")


def practicable_skills(student_ids: list[int]) -> dict[int, set[int]]:
    """Student pk -> the skills they can practise here (the bank's, and their classrooms' own exercises)."""
    shared = set(answerable().filter(classroom__isnull=True).values_list("skill_id", flat=True).distinct())
    out = {s: set(shared) for s in student_ids}
    rooms = classroom_members(student_ids)
    for room, skill in answerable().filter(classroom__in=rooms).values_list("classroom_id", "skill_id").distinct():
        for student in rooms[room]:
            out[student].add(skill)
    return out


@dataclass(frozen=True)
class PracticeHistory:
    """What plans read of the students' practice, each student pk -> {skill pk: ...} (skills practised only)."""

    steps: dict[int, dict[int, int]]  # attempts made since the skill was last practised
    days: dict[int, dict[int, float]]  # days since then
    attempts: eng.AttemptArrays  # every attempt of the students, in time order
    recent: dict[int, set[int]]  # the exercises of the student's last RECENT_EXERCISES attempts that name one


def practice_history(student_ids: list[int], *, now: dt.datetime | None = None) -> PracticeHistory:
    """The students' `PracticeHistory` (plans review by steps and days, read every attempt into the online
    estimate, `engine.planning_models`, and give out exercises not answered lately), from one read of their
    attempts."""
    now_seconds = (now or timezone.now()).timestamp()
    arrays = eng.read_attempts(student_ids)
    out = PracticeHistory(steps={}, days={}, attempts=arrays, recent={})
    owners, starts = np.unique(arrays.students, return_index=True)
    bounds = np.append(starts, len(arrays.students))
    for student, lo, hi in zip(owners, bounds[:-1], bounds[1:]):
        skills = arrays.skills[lo:hi]
        last = {int(skill): n for n, skill in enumerate(skills, start=lo)}  # in time order
        out.steps[int(student)] = {skill: int(hi - 1 - n) for skill, n in last.items()}
        out.days[int(student)] = {skill: max(0.0, (now_seconds - float(arrays.times[n])) / 86400)
                                  for skill, n in last.items()}
        named = arrays.exercises[lo:hi][arrays.exercises[lo:hi] >= 0]
        out.recent[int(student)] = {int(pk) for pk in named[-RECENT_EXERCISES:]}
    return out


def practised_today(student_ids: list[int]) -> dict[int, dict[int, int]]:
    """Student pk -> {skill pk: attempts made today} (what a teacher's "n times per session" counts)."""
    out: dict[int, dict[int, int]] = defaultdict(dict)
    rows = Attempt.objects.filter(student__in=student_ids, submitted_at__gte=local_midnight()).values_list(
        "student_id", "skill_id")
    for (student, skill), n in Counter(rows).items():
        out[student][skill] = n
    return dict(out)


def answered_since(plans: list[StudyPlan]) -> dict[int, Counter]:
    """Plan pk -> the skills its student answered on this site after it was made (attempts later than its
    `attempts_seen`: ids, not clocks, so an answer recorded while the plan was being made is never lost)."""
    if not plans:
        return {}
    rows = Attempt.objects.filter(student__in={p.student_id for p in plans}, source=AttemptSource.WEB,
                                  pk__gt=min(p.attempts_seen for p in plans)).values_list(
        "student_id", "pk", "skill_id")
    by_student = defaultdict(list)
    for student, pk, skill in rows:
        by_student[student].append((pk, skill))
    return {p.pk: Counter(skill for pk, skill in by_student[p.student_id] if pk > p.attempts_seen) for p in plans}


def done_flags(items: list[PlanItem], answered: Counter) -> list[bool]:
    """For a plan's items in order: done when marked so, or when an answer on its skill came after the plan was
    made (each answer ticks off the first item of its skill not done yet)."""
    left, flags = Counter(answered), []
    for item in items:
        taken = not item.done and left[item.skill_id] > 0
        left[item.skill_id] -= taken
        flags.append(item.done or taken)
    return flags


def next_item(student: Student, plan: StudyPlan | None) -> NextItem:
    """The first item of the student's current `plan` not done yet (`done_flags`), not skipped today and with an
    exercise the student can get; None when there is none (`skipped_rest` tells whether skips are why)."""
    if plan is None:
        return NextItem(None, None, 0, 0)
    items = list(plan.items.select_related("skill", "exercise").order_by("position"))
    skipped = skipped_today(student)
    practicable = practicable_skills([student.pk])[student.pk]
    waiting = [item for item, done in zip(items, done_flags(items, answered_since([plan])[plan.pk])) if not done]
    item = next((i for i in waiting if i.skill_id not in skipped and i.skill_id in practicable), None)
    if item is None:
        return NextItem(plan, None, len(items), len(items), skipped_rest=any(i.skill_id in skipped for i in waiting))
    return NextItem(plan, item, item.position, len(items))


def _recent_exercise_ids(student: Student) -> list[int]:
    return list(Attempt.objects.filter(student=student, exercise__isnull=False)
                .order_by("-submitted_at", "-pk").values_list("exercise_id", flat=True)[:RECENT_EXERCISES])


def _assigned_exercise(item: PlanItem) -> bool:
    """Whether the item's exercise is one its assignment lists (then it is the one to show)."""
    return bool(item.assignment_id and item.exercise_id) and Assignment.exercises.through.objects.filter(
        assignment_id=item.assignment_id, exercise_id=item.exercise_id).exists()


def _exercise_offsets(plan: StudyPlan) -> eng.ItemOffsets | None:
    """The exercises' difficulty offsets of the version the plan was made under (None: none fitted)."""
    version = plan.version
    return registry.version_engine(version).exercise_offsets if version and version.checkpoint else None


def _nearest_band(item: PlanItem, exercise_pks: list[int]) -> int:
    """Of `exercise_pks`, the one whose chance for the item's student lies nearest the band's middle
    (`engine.exercises_by_fit`); without ratings, the first."""
    if len(exercise_pks) > 1:
        exercise_pks = eng.exercises_by_fit(offsets=_exercise_offsets(item.plan), exercise_pks=exercise_pks,
                                            p_success=item.p_success)
    return exercise_pks[0]


def exercise_for_item(student: Student, item: PlanItem) -> Exercise | None:
    """The exercise its assignment lists, else a classroom's own exercise the student has not answered lately,
    else the item's own exercise unless answered lately, else a bank exercise of the skill not answered lately
    (rotating), else any; None when the skill has none the student can get. Where several may come, the one whose
    chance lies nearest the band's middle (`_nearest_band`)."""
    bank = answerable_exercises(item.skill_id, student)
    if _assigned_exercise(item) and bank.filter(pk=item.exercise_id).exists():
        return item.exercise
    recent = _recent_exercise_ids(student)
    fresh = list(bank.exclude(pk__in=recent).values_list("pk", "classroom_id"))
    own = [pk for pk, classroom in fresh if classroom is not None]
    if own:
        return bank.get(pk=_nearest_band(item, own))
    if item.exercise_id and item.exercise_id not in recent and bank.filter(pk=item.exercise_id).exists():
        return item.exercise
    if fresh:
        done = Attempt.objects.filter(student=student, skill_id=item.skill_id).count() % len(fresh)
        return bank.get(pk=_nearest_band(item, [pk for pk, _classroom in fresh[done:] + fresh[:done]]))
    return bank.first()


def small_number(text) -> int | None:
    """A form's id or count as an int: ASCII digits, at most 12 of them; None for anything else."""
    text = str(text)
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 12 else None


def student_plan_item(student: Student, item_id) -> PlanItem | None:
    """A plan item of one of the student's plans (the plan may have been replaced since the page was shown)."""
    pk = small_number(item_id)
    return None if pk is None else PlanItem.objects.select_related("skill", "plan").filter(
        pk=pk, plan__student=student).first()


def item_exercise(item: PlanItem, exercise_id, student: Student) -> Exercise | None:
    """An exercise of the item's skill the student may get, or None."""
    pk = small_number(exercise_id)
    return None if pk is None else answerable_exercises(item.skill_id, student).filter(pk=pk).first()
