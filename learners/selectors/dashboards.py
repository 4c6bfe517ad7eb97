"""What a teacher's pages read about a classroom: mastery by student and skill, who needs attention,
cohorts, one skill. Reads only, a fixed number of queries whatever the classroom's size; the caller
has already checked that the user may see the classroom."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _

from learners import registry
from learners.models import (
    Attempt, Classroom, Cohort, ModelStatus, ModelVersion, SchoolPrerequisite, Skill, Student, StudentModel,
    StudyPlan,
)
from learners.selectors import rosters

ON_TRACK = 0.70  # mean forecast P(success) on the goal skills after the plan: at or above is "on track"
AT_RISK = 0.50  # below this forecast a student is "at risk"
INACTIVE_DAYS = 7  # no attempt for this long: inactive
FALLING = 0.05  # a forecast this much lower than FALLING_DAYS ago is "falling"
FALLING_DAYS = 14
COHORT_DIFFERENCE = 0.05  # a cohort differs from the rest of the class on a skill by at least this much P(success)
STATUSES = ("on_track", "watch", "at_risk", "no_model")


def status_labels() -> dict[str, str]:
    return {"on_track": _("On track"), "watch": _("Watch"), "at_risk": _("At risk"), "no_model": _("No model yet")}


@dataclass
class StudentRow:
    pk: int
    name: str
    cohort: int | None = None  # cohort index (0-based) under the active version
    mean_mastery: float | None = None  # over the overview's skills (the heatmap's row)
    # The same goal skills for "now" and "after": the current plan's (without a plan, the classroom's goals).
    goal_now: float | None = None  # mean P(success) on the goal skills now, with no more practice
    forecast: float | None = None  # mean P(success) on the goal skills after the current plan
    goal_skills: list[int] = field(default_factory=list)
    status: str = "no_model"
    status_label: str = ""
    last_attempt: dt.datetime | None = None
    attempts: int = 0  # attempts their model was generated from


@dataclass
class Overview:
    students: list[StudentRow]
    skills: list[Skill]
    mastery: np.ndarray  # (students, skills) P(success), NaN where a student has no model
    counts: dict[str, int]
    cohorts: list[int] = field(default_factory=list)  # cohort indexes present in the classroom
    version: ModelVersion | None = None

    @property
    def skill_means(self) -> list[float | None]:
        """The classroom's mean P(success) per skill (None where no student has a model)."""
        known = np.isfinite(self.mastery)
        totals, counts = np.where(known, self.mastery, 0.0).sum(axis=0), known.sum(axis=0)
        return [float(t / c) if c else None for t, c in zip(totals, counts)]


def _status(forecast: float | None) -> str:
    if forecast is None:
        return "no_model"
    return "on_track" if forecast >= ON_TRACK else "at_risk" if forecast < AT_RISK else "watch"


def classroom_skills(classroom: Classroom) -> list[Skill]:
    """The classroom's course skills, else every skill its students have practised."""
    skills = list(classroom.skills.order_by("name"))
    if skills:
        return skills
    return list(Skill.objects.filter(attempts__student__in=rosters.enrolled_ids(classroom)).distinct().order_by("name"))


def stored_mastery(version: ModelVersion | None, student_ids: list[int]) -> dict[int, tuple]:
    """Student pk -> (P(success) now per vocabulary skill, cohort index, attempts), without parsing parameters."""
    if version is None:
        return {}
    rows = StudentModel.objects.filter(version=version, student_id__in=student_ids).values_list(
        "student_id", "mastery_now", "cohort__index", "n_attempts")
    return {s: (np.frombuffer(bytes(p), dtype=np.float32), c, n) for s, p, c, n in rows}


def plan_goal_means(student_ids: list[int], *,
                    goal_skills: bool) -> dict[int, tuple[float | None, float | None, list[int]]]:
    """Student pk -> the current plan's mean P(success) on its goal skills (now, after the plan) and those skills:
    read (a JSON list per plan) when `goal_skills` is asked for, or where the plan has no mean now."""
    rows = list(StudyPlan.objects.filter(student_id__in=student_ids, is_current=True).values_list(
        "student_id", "goal_forecast_without", "goal_forecast"))
    wanted = [student for student, now, _after in rows if goal_skills or now is None]
    goals = dict(StudyPlan.objects.filter(student_id__in=wanted, is_current=True).values_list(
        "student_id", "goal_skills")) if wanted else {}
    return {student: (now, after, goals.get(student, [])) for student, now, after in rows}


def classroom_goal_skills(classroom: Classroom) -> list[int]:
    """What the classroom's plans aim at: its goal skills, else its course skills (as the planner reads them)."""
    return list(classroom.goal_skills.values_list("pk", flat=True)) or list(
        classroom.skills.values_list("pk", flat=True))


def _last_attempts(student_ids: list[int]) -> dict[int, dt.datetime | None]:
    """Student pk -> time of their latest attempt (one index probe per student, not a scan of their attempts)."""
    latest = Attempt.objects.filter(student=OuterRef("pk")).order_by("-submitted_at").values("submitted_at")[:1]
    return dict(Student.objects.filter(pk__in=student_ids).annotate(last=Subquery(latest)).values_list("pk", "last"))


def _skill_columns(version: ModelVersion | None, skills: list[Skill]) -> np.ndarray:
    """Position of each skill in the version's vocabulary (-1: unknown to the model)."""
    return vocabulary_positions(version, [s.pk for s in skills])


def vocabulary_positions(version: ModelVersion | None, skill_ids: list[int]) -> np.ndarray:
    index = {pk: i for i, pk in enumerate(version.skill_vocabulary)} if version else {}
    return np.array([index.get(pk, -1) for pk in skill_ids], dtype=np.int64)


def mean_on(p: np.ndarray, positions: np.ndarray) -> float | None:
    """Mean of P(success) `p` (per vocabulary skill) at `positions` (-1 and out of range ignored)."""
    known = positions[(positions >= 0) & (positions < len(p))]
    return float(p[known].mean()) if len(known) else None


def class_overview(classroom: Classroom, *, cohort: int | None = None, skill_ids: list[int] | None = None,
                   sort: str = "name", all_skills: list[Skill] | None = None, goal_skills: bool = False) -> Overview:
    """Mastery of every student on every skill of the classroom (or the chosen skills), with each student's
    status; `cohort` keeps that cohort's students; `sort`: name, mastery (weakest first) or status;
    `all_skills`: the classroom's skills when the caller has read them already; `goal_skills`: fill each row's
    goal skills (else only where the plan has no mean now)."""
    version = registry.active_version()
    students = list(rosters.classroom_students(classroom).order_by("display_name", "external_id", "pk"))
    skills = classroom_skills(classroom) if all_skills is None else list(all_skills)
    course = skills
    if skill_ids:
        chosen = set(skill_ids)
        skills = [s for s in skills if s.pk in chosen]
    ids = [s.pk for s in students]
    models, plans = stored_mastery(version, ids), plan_goal_means(ids, goal_skills=goal_skills)
    last_seen = _last_attempts(ids)
    columns = _skill_columns(version, skills)
    index = {pk: i for i, pk in enumerate(version.skill_vocabulary)} if version else {}
    class_goals = []  # for students without a plan: the classroom's goal skills, else its skills
    if any(pk not in plans for pk in ids):
        class_goals = list(classroom.goal_skills.values_list("pk", flat=True)) or [s.pk for s in course]
    mastery = np.full((len(students), len(skills)), np.nan)
    rows = []
    for i, student in enumerate(students):
        row = StudentRow(pk=student.pk, name=str(student))
        row.last_attempt = last_seen.get(student.pk)
        if len(models.get(student.pk, ((),))[0]):
            p, row.cohort, row.attempts = models[student.pk]
            known = columns >= 0
            mastery[i, known] = p[columns[known]]
            row.mean_mastery = float(np.nanmean(mastery[i])) if known.any() else None
            _goal_means(row, p, plans.get(student.pk), index, class_goals)
            row.status = _status(row.forecast if row.forecast is not None else row.goal_now)
        rows.append(row)
    labels = status_labels()
    for row in rows:
        row.status_label = labels[row.status]
    present = sorted({r.cohort for r in rows if r.cohort is not None})
    keep = [i for i, r in enumerate(rows) if cohort is None or r.cohort == cohort]
    keep = _sorted(keep, rows, sort)
    rows, mastery = [rows[i] for i in keep], mastery[keep] if keep else mastery[:0]
    counts = {status: sum(r.status == status for r in rows) for status in STATUSES}
    return Overview(students=rows, skills=skills, mastery=mastery, counts=counts, cohorts=present, version=version)


def _goal_means(row: StudentRow, p: np.ndarray, plan: tuple | None, index: dict[int, int],
                class_goals: list[int]) -> None:
    """The row's mean P(success) now and after the plan, both over the plan's goal skills (with no plan:
    now over the classroom's goal skills, and no "after"); `index`: skill pk -> position in the vocabulary."""
    now, after, goals = plan or (None, None, [])
    goals = list(goals) or class_goals
    if now is None:
        now = mean_on(p, np.array([index.get(pk, -1) for pk in goals], dtype=np.int64))
    row.goal_now, row.forecast, row.goal_skills = now, after, goals


def _sorted(keep: list[int], rows: list[StudentRow], sort: str) -> list[int]:
    if sort == "mastery":
        return sorted(keep, key=lambda i: (rows[i].mean_mastery is None, rows[i].mean_mastery or 0.0))
    if sort == "status":
        order = {"at_risk": 0, "watch": 1, "on_track": 2, "no_model": 3}
        return sorted(keep, key=lambda i: (order[rows[i].status], rows[i].forecast or 0.0))
    return keep


@dataclass
class Attention:
    student: StudentRow
    reasons: list[str]
    weakest_goals: list[tuple[str, float]]  # (skill name, P(success) now), weakest first


def _earlier_forecasts(student_ids: list[int], since: dt.datetime) -> dict[int, float]:
    """Each student's oldest plan forecast made since `since` (mean over its goal skills)."""
    earliest: dict[int, float] = {}
    rows = (StudyPlan.objects.filter(student_id__in=student_ids, created_at__gte=since, is_current=False,
                                     goal_forecast__isnull=False)
            .order_by("student_id", "created_at").values_list("student_id", "goal_forecast"))
    for student, forecast in rows:
        earliest.setdefault(student, forecast)
    return earliest


def needs_attention(classroom: Classroom, *, now: dt.datetime | None = None) -> list[Attention]:
    """Students at risk, falling behind or inactive, each with the reasons in words, most urgent first."""
    now = now or timezone.now()
    overview = class_overview(classroom, goal_skills=True)
    earlier = _earlier_forecasts([r.pk for r in overview.students], now - dt.timedelta(days=FALLING_DAYS))
    out = []
    for i, row in enumerate(overview.students):
        reasons = _reasons(row, earlier.get(row.pk), now)
        if reasons:
            out.append(Attention(student=row, reasons=reasons, weakest_goals=_weakest_goals(overview, i)))
    urgency = {"at_risk": 0, "watch": 1, "no_model": 2, "on_track": 3}
    return sorted(out, key=lambda a: (urgency[a.student.status], -len(a.reasons), a.student.forecast or 0.0))


def _weakest_goals(overview: Overview, i: int, n: int = 3) -> list[tuple[str, float]]:
    """The student's n weakest goal skills now among the overview's skills (all of them if none is a goal)."""
    p, goals = overview.mastery[i], set(overview.students[i].goal_skills)
    columns = [j for j, s in enumerate(overview.skills) if s.pk in goals and not np.isnan(p[j])] or [
        j for j in range(len(overview.skills)) if not np.isnan(p[j])]
    weakest = sorted(columns, key=lambda j: p[j])[:n]
    return [(overview.skills[j].name, float(p[j])) for j in weakest]


def _reasons(row: StudentRow, earlier: float | None, now: dt.datetime) -> list[str]:
    reasons = []
    if row.status == "at_risk" and row.forecast is not None:
        reasons.append(_("forecast on the goal skills after the plan is only %(after)d%% (now %(now)s)")
                       % {"after": round(100 * row.forecast), "now": _percent(row.goal_now)})
    elif row.status == "at_risk":
        reasons.append(_("mastery of the goal skills is only %(now)s and there is no plan yet")
                       % {"now": _percent(row.goal_now)})
    if earlier is not None and row.forecast is not None and earlier - row.forecast >= FALLING:
        reasons.append(_("forecast fell from %(before)d%% to %(now)d%% in the last %(days)d days")
                       % {"before": round(100 * earlier), "now": round(100 * row.forecast), "days": FALLING_DAYS})
    if row.last_attempt is None:
        reasons.append(_("has not practised yet"))
    elif now - row.last_attempt >= dt.timedelta(days=INACTIVE_DAYS):
        reasons.append(_("no practice for %(days)d days") % {"days": (now - row.last_attempt).days})
    return reasons


def _percent(p: float | None) -> str:
    return "–" if p is None else f"{round(100 * p)}%"


@dataclass
class SkillGap:
    """One skill on which a cohort's students differ from the rest of their class."""

    name: str
    cohort: float  # the cohort's students' mean P(success) now
    rest: float  # the rest of the class's


@dataclass
class CohortSummary:
    index: int
    size: int  # students of the whole population in it
    members: list[StudentRow]  # students of this classroom in it
    stronger: list[SkillGap] = field(default_factory=list)  # than the rest of the class, the largest gap first
    weaker: list[SkillGap] = field(default_factory=list)
    whole_class: bool = False  # every student of the class with a model is in it: nothing to compare with
    strong: list[tuple[str, float]] = field(default_factory=list)  # its best skills (said for a whole class)
    weak: list[tuple[str, float]] = field(default_factory=list)


def cohort_map(classroom: Classroom) -> tuple[list[dict], list[CohortSummary]]:
    """(points of a 2-D projection of the classroom's student embeddings, the cohorts its students belong to,
    each described by the skills on which its students differ most from the rest of the class)."""
    version = registry.active_version()
    overview = class_overview(classroom)
    if version is None:
        return [], []
    rows = {r.pk: r for r in overview.students}
    embeddings = list(StudentModel.objects.filter(version=version, student_id__in=list(rows))
                      .exclude(embedding=[]).values_list("student_id", "embedding"))
    points = _project([e for _, e in embeddings])
    dots = [{"student": rows[s], "x": float(x), "y": float(y)} for (s, _), (x, y) in zip(embeddings, points)]
    return dots, _cohort_summaries(version, overview)


def _project(embeddings: list[list[float]]) -> np.ndarray:
    """(n, 2) the first two principal components (zeros when there are fewer than two students)."""
    if len(embeddings) < 2:
        return np.zeros((len(embeddings), 2))
    x = np.asarray(embeddings, dtype=np.float64)
    x -= x.mean(axis=0)
    _, _, vt = np.linalg.svd(x, full_matrices=False)
    out = x @ vt[:2].T
    return np.pad(out, ((0, 0), (0, 2 - out.shape[1])))


def _cohort_summaries(version: ModelVersion, overview: Overview) -> list[CohortSummary]:
    """The cohorts with members in the class, each against the rest of the class (students with a model)."""
    labels = np.array([-1 if r.cohort is None else r.cohort for r in overview.students])
    modelled = np.array([r.status != "no_model" for r in overview.students], dtype=bool)
    present = sorted(set(labels[modelled & (labels >= 0)].tolist()))
    sizes = dict(Cohort.objects.filter(version=version, index__in=present).values_list("index", "size"))
    names = [s.name for s in overview.skills]
    out = []
    for index in present:
        inside = labels == index
        summary = CohortSummary(index=index, size=sizes.get(index, 0),
                                members=[r for r, y in zip(overview.students, inside) if y])
        mine = _column_means(overview.mastery[inside])
        rest = _column_means(overview.mastery[modelled & ~inside])
        summary.whole_class = not (modelled & ~inside).any()
        if summary.whole_class:
            ranked = sorted((float(m), n) for n, m in zip(names, mine) if np.isfinite(m))
            summary.weak = [(n, m) for m, n in ranked[:3]]
            summary.strong = [(n, m) for m, n in ranked[::-1][:3]]
        else:
            summary.stronger, summary.weaker = _gaps(names, mine, rest)
        out.append(summary)
    return out


def _column_means(mastery: np.ndarray) -> np.ndarray:
    """Mean of each column over its known values (NaN where none is known)."""
    known = np.isfinite(mastery)
    counts = known.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, np.where(known, mastery, 0.0).sum(axis=0) / counts, np.nan)


def _gaps(names: list[str], mine: np.ndarray, rest: np.ndarray, n: int = 3) -> tuple[list[SkillGap], list[SkillGap]]:
    """The n skills where `mine` is most above `rest` and the n where it is most below (by at least
    COHORT_DIFFERENCE), the largest gap first."""
    gaps = [SkillGap(name=name, cohort=float(a), rest=float(b)) for name, a, b in zip(names, mine, rest)
            if np.isfinite(a) and np.isfinite(b) and abs(a - b) >= COHORT_DIFFERENCE]
    stronger = sorted((g for g in gaps if g.cohort > g.rest), key=lambda g: (g.rest - g.cohort, g.name))
    weaker = sorted((g for g in gaps if g.cohort < g.rest), key=lambda g: (g.cohort - g.rest, g.name))
    return stronger[:n], weaker[:n]


@dataclass
class SkillReport:
    skill: Skill
    attempts: int
    correct_rate: float | None
    weekly: list[tuple[dt.date, int, float]]  # (week start, attempts, share correct) for this classroom
    mastery: list[tuple[StudentRow, float]]  # each student's P(success) on it, weakest first
    next_up: list[StudentRow]  # students whose current plan has it in the first session
    prerequisites: list[Skill]
    dependants: list[Skill]


def skill_report(classroom: Classroom, skill: Skill) -> SkillReport:
    overview = class_overview(classroom, skill_ids=[skill.pk])
    ids = [r.pk for r in overview.students]
    attempts = Attempt.objects.filter(student_id__in=ids, skill=skill)
    totals = attempts.aggregate(n=Count("id"), right=Count("id", filter=Q(correct=True)))
    weekly = _weekly(attempts)
    column = overview.mastery[:, 0] if overview.skills else np.full(len(ids), np.nan)
    mastery = sorted(((r, float(p)) for r, p in zip(overview.students, column) if not np.isnan(p)), key=lambda t: t[1])
    next_ids = set(StudyPlan.objects.filter(student_id__in=ids, is_current=True, items__skill=skill,
                                            items__session=0).values_list("student_id", flat=True))
    return SkillReport(
        skill=skill, attempts=totals["n"], correct_rate=totals["right"] / totals["n"] if totals["n"] else None,
        weekly=weekly, mastery=mastery, next_up=[r for r in overview.students if r.pk in next_ids],
        prerequisites=_linked(classroom.school_id, skill=skill, side="prerequisite"),
        dependants=_linked(classroom.school_id, prerequisite=skill, side="skill"),
    )


def _linked(school_id: int, *, side: str, **link) -> list[Skill]:
    """The skills on `side` of the school's prerequisite links matching `link` (its own, never another school's)."""
    return list(Skill.objects.filter(pk__in=SchoolPrerequisite.objects.filter(school_id=school_id, **link)
                                     .values(side)).order_by("name"))


def _weekly(attempts) -> list[tuple[dt.date, int, float]]:
    rows = (attempts.annotate(week=TruncWeek("submitted_at")).values("week")
            .annotate(n=Count("id"), right=Count("id", filter=Q(correct=True))).order_by("week"))
    return [(r["week"].date() if hasattr(r["week"], "date") else r["week"], r["n"], r["right"] / r["n"]) for r in rows]


def classroom_cohorts(classroom: Classroom) -> list[int]:
    """Cohort indexes (0-based) of the classroom's students under the active model version."""
    return sorted(set(
        StudentModel.objects.filter(version__status=ModelStatus.ACTIVE, student__in=rosters.enrolled_ids(classroom),
                                    cohort__isnull=False).values_list("cohort__index", flat=True)))
