"""Study plans: each student's next plan, made from their model and kept as a new version.

A plan is made by the planner (`engine.plans_from_dicts`, pure, a chunk of students at once) from the student's
stored explicit model (blended with the online estimate from all their attempts, `engine.planning_models`), their
school's prerequisites (`student_schools`), the goal skills (their classrooms' course skills), how long ago each
skill was practised, the teacher's overrides (`services.overrides`), re-applied every time, and the work assigned
to them that is not done yet (`selectors.assignments.plan_work`), placed before its due date. Under a version
trained before 2026-12-01 (no online prior) a plan also blends in what worked for the student's most similar
students (`_neighbour_gains`); newer versions read the gain off the population's learning curve alone, because the
neighbours' generated gains taught less in plan_eval (docs/benchmarks.md, "the neighbours' gains measured").
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

import numpy as np
from django.db import transaction
from django.db.models import Max

from learners import engine as eng
from learners import registry
from learners.models import (
    Attempt, Classroom, Exercise, ModelVersion, PlanItem, PlanOverride, PlanReason, Student, StudentModel,
    StudentNeighbour, StudyPlan, mean_goal_forecast,
)
from learners.selectors import assignments, practice, rosters
from learners.selectors.plans import current_study_plan
from learners.services import snapshots
from learners.services.prerequisites import prerequisite_edges_by_school

KEEP_PLANS = 20  # plan versions kept per student
PLACED = (PlanReason.TEACHER, PlanReason.ASSIGNED)  # the reasons of items a teacher placed
PLAN_CHUNK = 500  # students per plan-writing transaction


def _goals(student_ids: list[int]) -> dict[int, list[int]]:
    """Student pk -> the goal skills of their classrooms (a classroom without goals set aims at its course
    skills; absent: no classroom skills, so every skill)."""
    members = rosters.classroom_members(student_ids)
    aims = defaultdict(set)  # classroom pk -> its goal skills, else its course skills
    for room, skill in Classroom.goal_skills.through.objects.filter(classroom__in=members).values_list(
            "classroom_id", "skill_id"):
        aims[room].add(skill)
    for room, skill in Classroom.skills.through.objects.filter(classroom__in=set(members) - set(aims)).values_list(
            "classroom_id", "skill_id"):
        aims[room].add(skill)
    goals = defaultdict(set)
    for room, skills in aims.items():
        for student in members[room]:
            goals[student] |= skills
    return {student: sorted(skills) for student, skills in goals.items()}


def student_schools(student_ids: list[int]) -> dict[int, int | None]:
    """Student pk -> the school whose prerequisites their plan follows: their own, else their first classroom's
    (None: in no school, so no prerequisites)."""
    schools = dict(Student.objects.filter(pk__in=student_ids).values_list("pk", "school_id"))
    unset = [s for s, school in schools.items() if school is None]
    enrolled = rosters.current_enrollments().filter(student__in=unset).order_by("-classroom_id")
    for student, school in enrolled.values_list("student_id", "classroom__school_id"):
        schools[student] = school  # the last written is the first classroom's
    return schools


def _neighbour_gains(version: ModelVersion, models: dict[int, dict]) -> dict[int, dict[int, float]]:
    """Student pk -> mean learning gain per skill of their nearest students (what worked for them)."""
    neighbours = defaultdict(list)
    for student, neighbour in StudentNeighbour.objects.filter(version=version, student__in=list(models)).values_list(
            "student_id", "neighbour_id"):
        neighbours[student].append(neighbour)
    wanted = {n for ns in neighbours.values() for n in ns}
    gains = dict(StudentModel.objects.filter(version=version, student_id__in=wanted).values_list(
        "student_id", "parameters__gain"))
    out = {}
    for student, ns in neighbours.items():
        rows = [gains[n] for n in ns if n in gains]
        if rows:
            out[student] = dict(zip(models[student]["skill_vocabulary"], np.mean(rows, axis=0).tolist()))
    return out


def _exercise_bank(skills) -> dict[int, list[int]]:
    """Skill pk -> its shared bank exercises (a classroom's own are chosen when the item is practised)."""
    bank = defaultdict(list)
    for pk, skill in Exercise.objects.filter(skill__in=skills, classroom__isnull=True).order_by("pk").values_list(
            "pk", "skill_id"):
        bank[skill].append(pk)
    return bank


@dataclass
class ExerciseChoice:
    """Gives a plan's items their bank exercises, one student at a time: of the item's skill, first one the student
    has not answered lately nor been given earlier in the plan, then one not given earlier in the plan, then the
    one given longest before; among those, the one whose chance of success for the student lies nearest the middle
    of the desirable-difficulty band first (`engine.exercises_by_fit`: the item's predicted P moved by each
    exercise's offset from its skill, as the version fitted them; without offsets, the bank's order)."""

    bank: dict[int, list[int]]  # skill pk -> its shared bank exercises (`_exercise_bank`)
    offsets: eng.ItemOffsets | None  # the version's `Engine.exercise_offsets`
    recent: set[int] = field(default_factory=set)  # the student's exercises answered lately
    given: dict[int, int] = field(default_factory=dict)  # exercise pk -> the turn the plan last gave it
    turn: int = 0  # exercises given so far

    def for_student(self, recent: set[int]) -> "ExerciseChoice":
        return ExerciseChoice(bank=self.bank, offsets=self.offsets, recent=recent)

    def take(self, exercise: int | None) -> int | None:
        if exercise is not None:
            self.turn += 1
            self.given[exercise] = self.turn
        return exercise

    def pick(self, item: dict) -> int | None:
        choices = self.bank.get(item["skill"])
        if not choices:
            return None
        fresh = ([pk for pk in choices if pk not in self.recent and pk not in self.given]
                 or [pk for pk in choices if pk not in self.given])
        if not fresh:
            return self.take(min(choices, key=self.given.__getitem__))
        return self.take(eng.exercises_by_fit(offsets=self.offsets, exercise_pks=fresh,
                                              p_success=item["p_success_now"])[0])


def _explicit_models(version: ModelVersion, student_ids: list[int]) -> dict[int, dict]:
    """Student pk -> their stored explicit model (the population prior for a student with no model)."""
    stored = dict(StudentModel.objects.filter(version=version, student_id__in=student_ids).values_list(
        "student_id", "parameters"))
    missing = [s for s in student_ids if s not in stored]
    prior = registry.version_engine(version).prior().to_dict() if missing else None
    return {s: ({k: v for k, v in stored[s].items() if k != "task_stats"} if s in stored else prior)
            for s in student_ids}


def plans_regenerate(*, student_ids: Iterable[int], version: ModelVersion | None = None, together: bool = True) -> int:
    """Make the next plan version of each student (overrides re-applied) current, reading everything a
    plan needs in a few queries per chunk of students, and planning the chunk at once (together=False: one student
    at a time, the same plans; `bench_plans`' baseline). Returns how many plans were made."""
    version = version or registry.active_version()
    ids = sorted({int(s) for s in student_ids})
    if version is None or not ids:
        return 0
    schools = student_schools(ids)
    edges = prerequisite_edges_by_school(schools=set(schools.values()))  # every school's links in one query
    followed = {s: edges.get(schools.get(s), []) for s in ids}
    return sum(_plan_chunk(version, ids[lo:lo + PLAN_CHUNK], followed, together)
               for lo in range(0, len(ids), PLAN_CHUNK))


@transaction.atomic
def _plan_chunk(version: ModelVersion, student_ids: list[int], edges: dict[int, list[tuple[int, int]]],
                together: bool) -> int:
    """Plans of one chunk of students; `edges`: student pk -> their school's prerequisite links."""
    student_ids = list(Student.objects.select_for_update().filter(pk__in=student_ids).values_list("pk", flat=True))
    # read once the students are locked: every attempt made before is committed, every later one waits
    seen = dict(Attempt.objects.filter(student__in=student_ids).values("student").annotate(last=Max("pk"))
                .values_list("student", "last"))
    models = _explicit_models(version, student_ids)
    goals, history = _goals(student_ids), practice.practice_history(student_ids)
    engine = registry.version_engine(version)
    planned = eng.planning_models(engine=engine, models=models, attempts=history.attempts)
    gains = {} if engine.online_prior else _neighbour_gains(version, models)
    overrides = defaultdict(list)
    for o in PlanOverride.objects.filter(student__in=student_ids, active=True).order_by("created_at", "pk"):
        overrides[o.student_id].append(o.as_dict())
    practicable, today = practice.practicable_skills(student_ids), practice.practised_today(student_ids)
    sessions, work = todays_sessions(student_ids), assignments.plan_work(student_ids)
    requests = [dict(model=planned[s], edges=edges[s], goals=goals.get(s), overrides=overrides[s],
                     since=history.steps.get(s), neighbour_gain=gains.get(s), practicable=practicable[s],
                     done_today=today.get(s), today_done=len(sessions[s].done),
                     today_rest=[i.skill_id for i in sessions[s].rest if i.skill_id in practicable[s]],
                     assignments=work.get(s, []), days_since=history.days.get(s)) for s in student_ids]
    made = dict(zip(student_ids, eng.plans_from_dicts(requests=requests, together=together)))
    listed = {s: {w["assignment"]: w["exercises"] for w in work.get(s, [])} for s in student_ids}
    _store_plans(version, made, sessions, seen, listed, history.recent, engine.exercise_offsets)
    practised = {s: set(history.steps.get(s, {})) for s in made}
    snapshots.snapshots_store(version=version, models=models, practised=practised,
                             goals={s: plan["goal_skills"] for s, plan in made.items()})
    return len(made)


@dataclass
class TodaysSession:
    """The first session of a student's current plan when it was made today: the items done (in order) and the
    rest, which the next plan keeps as they were shown, so practice follows the plan the student sees."""

    done: list[PlanItem] = field(default_factory=list)
    rest: list[PlanItem] = field(default_factory=list)


def todays_sessions(student_ids: list[int]) -> dict[int, TodaysSession]:
    """Student pk -> today's session (empty when the current plan is older than today), its items split by
    `practice.done_flags`. The rest leaves out what a teacher placed: the overrides and assignments place it again,
    or not once withdrawn or done."""
    out = {s: TodaysSession() for s in student_ids}
    plans = list(StudyPlan.objects.filter(student__in=student_ids, is_current=True,
                                         created_at__gte=practice.local_midnight()))
    answered = practice.answered_since(plans)
    items = defaultdict(list)
    for item in PlanItem.objects.filter(plan__in=plans, session=0).order_by("plan", "position"):
        items[item.plan_id].append(item)
    for plan in plans:
        session = out[plan.student_id]
        for item, done in zip(items[plan.pk], practice.done_flags(items[plan.pk], answered[plan.pk])):
            if done:
                session.done.append(item)
            elif not (item.pinned or item.reason in PLACED):
                session.rest.append(item)
    return out


def _kept_from_today(item: dict, rest: list[PlanItem]) -> PlanItem | None:
    """The item of the rest of today's session that a new plan's item stands for (the first of the same skill),
    taken out of `rest`; None for an item of a later session or placed by a teacher."""
    if item["session"] != 0 or item["reason"] in PLACED:
        return None
    match = next((n for n, old in enumerate(rest) if old.skill_id == item["skill"]), None)
    return rest.pop(match) if match is not None else None


def _plan_items(row: StudyPlan, plan: dict, session: TodaysSession, choice: ExerciseChoice,
                listed: dict[int, list[int]]) -> list[PlanItem]:
    """Today's done items first (as they were), then the plan's; an item kept from today's session keeps its
    reason and exercise; an assignment's items take its listed exercises not answered yet (`listed`), in order;
    the others a bank exercise by `choice`."""
    items = [PlanItem(plan=row, position=n, session=0, skill_id=old.skill_id, exercise_id=old.exercise_id,
                      reason=old.reason, p_success=old.p_success, expected_gain=old.expected_gain, pinned=old.pinned,
                      done=True, assignment_id=old.assignment_id) for n, old in enumerate(session.done)]
    rest = list(session.rest)
    taken = defaultdict(int)  # listed exercises given out so far, per assignment
    for item in plan["items"]:
        old = _kept_from_today(item, rest)
        if listed.get(item.get("assignment")):
            exercises = listed[item["assignment"]]
            exercise = choice.take(exercises[taken[item["assignment"]] % len(exercises)])
            taken[item["assignment"]] += 1
        else:
            exercise = choice.take(old.exercise_id) if old and old.exercise_id else choice.pick(item)
        items.append(PlanItem(
            plan=row, position=item["position"], session=item["session"], skill_id=item["skill"],
            exercise_id=exercise, reason=old.reason if old else item["reason"], p_success=item["p_success_now"],
            expected_gain=item["expected_gain"], pinned=item["pinned"], assignment_id=item.get("assignment")))
    return items


def _store_plans(version: ModelVersion, made: dict[int, dict], sessions: dict[int, TodaysSession],
                 seen: dict[int, int], listed: dict[int, dict[int, list[int]]], recent: dict[int, set[int]],
                 offsets: eng.ItemOffsets | None) -> None:
    numbers = dict(StudyPlan.objects.filter(student__in=list(made)).values("student").annotate(n=Max("number"))
                   .values_list("student", "n"))
    StudyPlan.objects.filter(student__in=list(made), is_current=True).update(is_current=False)
    for student, number in numbers.items():  # the history kept: the latest KEEP_PLANS versions
        if number >= KEEP_PLANS:
            StudyPlan.objects.filter(student=student, number__lte=number + 1 - KEEP_PLANS).delete()
    stored = StudyPlan.objects.bulk_create([
        StudyPlan(student_id=s, number=numbers.get(s, 0) + 1, version=version, goal_skills=plan["goal_skills"],
                  forecast_with_plan=plan["forecast_with_plan"], forecast_without_plan=plan["forecast_without_plan"],
                  goal_forecast=mean_goal_forecast(plan["forecast_with_plan"], plan["goal_skills"]),
                  goal_forecast_without=mean_goal_forecast(plan["forecast_without_plan"], plan["goal_skills"]),
                  in_class=plan["in_class"], attempts_seen=seen.get(s, 0), config=plan["config"])
        for s, plan in made.items()
    ])
    choice = ExerciseChoice(bank=_exercise_bank({item["skill"] for plan in made.values() for item in plan["items"]}),
                            offsets=offsets)
    PlanItem.objects.bulk_create([item for row, (student, plan) in zip(stored, made.items())
                                  for item in _plan_items(row, plan, sessions[student],
                                                          choice.for_student(recent.get(student, set())),
                                                          listed[student])],
                                 batch_size=2000)


def plan_of_today(*, student: Student) -> StudyPlan | None:
    """The student's current plan, made again first when it was made before today (local time): the days since
    each skill was practised have moved on since, so reviews may have come due (a student back from a holiday
    reviews first). Without a version to make it, the plan as it is."""
    plan = current_study_plan(student)
    if plan is None or plan.created_at >= practice.local_midnight():
        return plan
    return plan_regenerate(student=student) or plan


def plan_regenerate(*, student: Student, version: ModelVersion | None = None) -> StudyPlan | None:
    """One student's next plan (the same path as many students')."""
    if not plans_regenerate(student_ids=[student.pk], version=version):
        return None
    return StudyPlan.objects.get(student=student, is_current=True)
