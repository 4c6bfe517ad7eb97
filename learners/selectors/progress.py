"""Reads of the *My progress* page: mastery per skill with its uncertainty, mastery over time, and the
forecast of the plan against no plan. Everything comes from the active version's explicit models
(`engine.ExplicitModel`): one query for the attempts, one for the stored model, one for the plan and
one for the skills' names, and one engine call for the whole timeline.

Mastery is the model's own P(correct) now, sigmoid(m / sqrt(1 + pi v / 8)) (`ExplicitModel.predict`);
its band is the 90% interval of the logit, sigmoid(m -/+ 1.64 sqrt(v)), widened where needed to hold
the point (the probit point leans towards 50% when the logit is uncertain).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
from django.core.cache import cache
from django.utils import timezone

from learners import engine as eng
from learners import registry
from learners.models import Attempt, MasterySnapshot, ModelVersion, Skill, Student, StudentModel, StudyPlan
from learners.selectors.plans import current_study_plan
from learners.services import snapshots

BAND_Z = 1.64  # half-width of the uncertainty band in standard deviations of the logit (90%)
MAX_SKILLS = 30  # skills shown in the mastery chart
TIMELINE_CACHE_SECONDS = 24 * 3600
MAX_DAYS = 30  # practice days shown over time (the latest ones)
MAX_GOAL_LINES = 8  # goal skills drawn one line each
CHANGE_NOTICE_DAYS = 14  # a new version's change of the estimates is pointed out for this long


@dataclass(frozen=True)
class SkillMastery:
    skill: int
    name: str
    mastery: float  # P(correct) now
    low: float  # the band around it
    high: float
    attempts: int  # how many times the student practised it
    is_goal: bool


@dataclass(frozen=True)
class Timeline:
    """Mastery at the end of each practice day (the latest MAX_DAYS), as it was shown on that day: kept
    snapshots for the past (`learners.services.snapshots`), the active version's model for today."""

    days: list[dt.date]
    attempts: list[int]  # attempts made by the end of each day (all of them, not only the days shown)
    goal_mean: list[float | None]  # mean P(correct) on the goal skills (None: no goals)
    practised_mean: list[float | None]  # mean P(correct) on the skills practised by then
    goal_lines: dict[str, list[float | None]]  # goal skill name -> P(correct) per day (None: not a goal then)


@dataclass(frozen=True)
class EstimatesChange:
    """A newer model version changed the student's estimates without practice (their page says so)."""

    day: dt.date
    version: int


@dataclass(frozen=True)
class GoalForecast:
    skill: int
    name: str
    without_plan: float | None  # P(success) with no more practice
    with_plan: float | None  # P(success) after the plan


@dataclass(frozen=True)
class PlanTrajectory:
    """P(correct) on goal skills after each of the plan's items (0 = now), by the explicit model's `forecast`."""

    steps: list[int]
    lines: dict[str, list[float]]  # goal skill name -> P per step


@dataclass(frozen=True)
class Progress:
    has_model: bool
    n_attempts: int
    skills: list[SkillMastery] = field(default_factory=list)
    more_skills: int = 0  # skills left out of `skills` (beyond MAX_SKILLS)
    timeline: Timeline | None = None
    goals: list[GoalForecast] = field(default_factory=list)
    trajectory: PlanTrajectory | None = None
    estimates_change: EstimatesChange | None = None


# -- the whole page ---------------------------------------------------------------------------------
def student_progress(student: Student) -> Progress:
    """Everything the progress page shows of one student (empty parts where there is no model or practice)."""
    version = registry.active_version()
    times, skills, scores = _attempt_history(student)
    parameters = _stored_parameters(version, student) if version is not None else None
    if parameters is None:
        return Progress(has_model=False, n_attempts=len(skills))
    model = eng.ExplicitModel.from_dict(parameters)
    plan = current_study_plan(student)
    goals = [int(pk) for pk in plan.goal_skills] if plan else []
    names = _skill_names(set(skills.tolist()) | set(goals))
    shown, more = mastery_by_skill(model, skills, goals, names)
    return Progress(
        has_model=True, n_attempts=len(skills), skills=shown, more_skills=more,
        timeline=_cached_timeline(version, student, plan, times, skills, scores, goals, names),
        goals=goal_forecasts(plan, names) if plan else [],
        trajectory=plan_trajectory(model, plan, names) if plan else None,
        estimates_change=estimates_change(version, student),
    )


def estimates_change(version: ModelVersion, student: Student) -> EstimatesChange | None:
    """When the active version was activated, within the last CHANGE_NOTICE_DAYS, after the student's numbers
    had been shown by an earlier one."""
    if version.activated_at is None or timezone.now() - version.activated_at > dt.timedelta(days=CHANGE_NOTICE_DAYS):
        return None
    shown_before = MasterySnapshot.objects.filter(student=student, updated_at__lt=version.activated_at)
    if not shown_before.exclude(version=version).exists():
        return None
    return EstimatesChange(day=timezone.localdate(version.activated_at), version=version.pk)


def _cached_timeline(version, student, plan, times, skills, scores, goals, names) -> Timeline | None:
    """`mastery_over_time`, kept until the student practises again or gets a new plan or version (reading a
    long history through the network is the page's slowest part)."""
    if not times:
        return None
    key = f"progress-timeline:{version.pk}:{student.pk}:{plan.pk if plan else 0}:{len(times)}:{times[-1].timestamp()}"
    timeline = cache.get(key)
    if timeline is None:
        timeline = mastery_over_time(version, student.pk, times, skills, scores, goals, names)
        cache.set(key, timeline, TIMELINE_CACHE_SECONDS)
    return timeline


def _attempt_history(student: Student) -> tuple[list[dt.datetime], np.ndarray, np.ndarray]:
    rows = list(Attempt.objects.filter(student=student).order_by("submitted_at", "id")
                .values_list("submitted_at", "skill_id", "score"))
    return ([r[0] for r in rows], np.array([r[1] for r in rows], dtype=np.int64),
            np.array([r[2] for r in rows], dtype=np.float32))


def _stored_parameters(version, student: Student) -> dict | None:
    return (StudentModel.objects.filter(version=version, student=student)
            .values_list("parameters", flat=True).first())


def _skill_names(pks) -> dict[int, str]:
    return dict(Skill.objects.filter(pk__in=list(pks)).values_list("pk", "name"))


# -- mastery per skill ------------------------------------------------------------------------------
def mastery_band(model: eng.ExplicitModel, skill_pks) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(P(correct) now, low, high) per skill: the model's probit point and the 90% band of the logit."""
    point = model.predict(skill_pks)
    positions = [model.skill_vocabulary.index(pk) for pk in skill_pks]
    m, sd = model.mastery[positions], model.uncertainty[positions]
    low, high = eng.sigmoid(m - BAND_Z * sd), eng.sigmoid(m + BAND_Z * sd)
    return point, np.minimum(low, point), np.maximum(high, point)


def mastery_by_skill(model: eng.ExplicitModel, practised: np.ndarray, goals: list[int],
                     names: dict[int, str]) -> tuple[list[SkillMastery], int]:
    """The practised skills and the goal skills the model knows, with how many were left out: goal skills
    practised first, then other practised skills, then goal skills not practised yet; weakest first in each."""
    counts = dict(zip(*np.unique(practised, return_counts=True))) if len(practised) else {}
    known = set(model.skill_vocabulary)
    pks = sorted((set(int(s) for s in counts) | set(goals)) & known)
    if not pks:
        return [], 0
    point, low, high = mastery_band(model, pks)
    goal_set = set(goals)
    rows = [SkillMastery(skill=pk, name=names.get(pk, str(pk)), mastery=float(p), low=float(lo), high=float(hi),
                         attempts=int(counts.get(pk, 0)), is_goal=pk in goal_set)
            for pk, p, lo, hi in zip(pks, point, low, high)]
    rows.sort(key=lambda r: (_group(r), r.mastery, r.name))
    return rows[:MAX_SKILLS], max(0, len(rows) - MAX_SKILLS)


def _group(row: SkillMastery) -> int:
    if row.is_goal and row.attempts:
        return 0
    return 1 if row.attempts else 2


# -- mastery over time ------------------------------------------------------------------------------
def day_ends(times: list[dt.datetime]) -> tuple[list[dt.date], list[int]]:
    """Each practice day (local time) and how many attempts were made by its end."""
    zone = timezone.get_current_timezone()
    days, ends = [], []
    for n, moment in enumerate(times, start=1):
        day = moment.astimezone(zone).date()
        if days and days[-1] == day:
            ends[-1] = n
        else:
            days.append(day)
            ends.append(n)
    return days, ends


def mastery_over_time(version: ModelVersion, student_id: int, times, skills: np.ndarray, scores: np.ndarray,
                      goals: list[int], names: dict[int, str]) -> Timeline | None:
    """Mastery at the end of each of the latest MAX_DAYS practice days, as shown then: a day already kept is
    read back; any other is computed with `version` (one model per day end, the history read once), and kept
    unless it is today (today follows the active version until the day is over)."""
    days, ends = day_ends(times)
    days, ends = days[-MAX_DAYS:], ends[-MAX_DAYS:]
    kept = _kept_snapshots(student_id)
    missing = [(day, end) for day, end in zip(days, ends) if day not in kept]
    if missing:
        seconds = np.array([moment.timestamp() for moment in times], dtype=np.float64)
        computed = computed_days(registry.version_engine(version), skills, scores, goals, missing, seconds)
        snapshots.snapshots_keep(student_id=student_id, version=version,
                                 days=[row for row in computed if row[0] < snapshots.today()])
        kept |= {day: MasterySnapshot(day=day, attempts=end, **values) for day, end, values in computed}
    shown = [kept[day] for day in days]
    return Timeline(days=days, attempts=ends, goal_mean=[k.goal_mean for k in shown],
                    practised_mean=[k.practised_mean for k in shown], goal_lines=_goal_lines(shown, names))


def _kept_snapshots(student_id: int) -> dict[dt.date, MasterySnapshot]:
    return {s.day: s for s in MasterySnapshot.objects.filter(student_id=student_id).select_related("version")}


def computed_days(engine: eng.Engine, skills: np.ndarray, scores: np.ndarray, goals: list[int],
                  days: list[tuple[dt.date, int]], seconds: np.ndarray | None = None
                  ) -> list[tuple[dt.date, int, dict]]:
    """(day, attempts by its end, snapshot values) for each (day, attempts by its end), from the models of the
    history up to each day's end (attempts on skills the version does not know are left out, as when the
    stored model was made)."""
    known = np.isin(skills, np.asarray(engine.vocabulary, dtype=np.int64))
    known_by = np.concatenate([[0], np.cumsum(known)])
    history = eng.AttemptArrays(np.zeros(int(known.sum()), dtype=np.int64), skills[known], scores[known],
                                None if seconds is None else seconds[known])
    models = engine.generate_along(engine.dataset(history)[0], [int(known_by[end]) for _, end in days])
    return [(day, end, snapshots.snapshot_values(model, goals, set(skills[:end].tolist())))
            for (day, end), model in zip(days, models)]


def _goal_lines(shown: list[MasterySnapshot], names: dict[int, str]) -> dict[str, list[float | None]]:
    """The weakest goal skills of the last day (at most MAX_GOAL_LINES), each its P per day."""
    last = shown[-1].goal_p
    weakest = sorted(last, key=lambda pk: (last[pk], pk))[:MAX_GOAL_LINES]
    return {names.get(int(pk), pk): [k.goal_p.get(pk) for k in shown] for pk in weakest}


# -- the plan against no plan -----------------------------------------------------------------------
def goal_forecasts(plan: StudyPlan, names: dict[int, str]) -> list[GoalForecast]:
    """Each goal skill's P(success) after the plan and with no more practice, as the plan stored them;
    the skills the plan helps most first."""
    rows = [GoalForecast(skill=int(pk), name=names.get(int(pk), str(pk)),
                         without_plan=plan.forecast_without_plan.get(str(pk)),
                         with_plan=plan.forecast_with_plan.get(str(pk)))
            for pk in plan.goal_skills]
    return sorted(rows, key=lambda r: (-_rise(r), r.name))


def _rise(row: GoalForecast) -> float:
    if row.with_plan is None or row.without_plan is None:
        return 0.0
    return row.with_plan - row.without_plan


def plan_trajectory(model: eng.ExplicitModel, plan: StudyPlan, names: dict[int, str]) -> PlanTrajectory | None:
    """P(correct) on each goal skill the plan practises (at most MAX_GOAL_LINES, the most practised first)
    after 0, 1, ... of its items: the explicit model's `forecast` of the items followed by that skill (the
    stored plan forecast also blends in similar students' gains, so its end point may differ a little)."""
    items = [item.skill_id for item in sorted(plan.items.all(), key=lambda i: i.position)]
    known = set(model.skill_vocabulary)
    items = [s for s in items if s in known]
    practised_goals = [g for g in plan.goal_skills if g in known and g in items]
    if not items or not practised_goals:
        return None
    chosen = sorted(practised_goals, key=lambda g: -items.count(g))[:MAX_GOAL_LINES]
    steps = list(range(len(items) + 1))
    model = eng.planning_model(model)  # as the plan walks it forward
    return PlanTrajectory(steps=steps, lines={
        names.get(g, str(g)): [float(model.forecast(items[:k] + [g])[-1]) for k in steps] for g in chosen
    })

