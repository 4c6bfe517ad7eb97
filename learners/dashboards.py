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

from learners.models import (
    Attempt, Classroom, Cohort, ModelStatus, ModelVersion, Skill, Student, StudentModel, StudentNeighbour, StudyPlan,
)

ON_TRACK = 0.70  # mean forecast P(success) on the goal skills after the plan: at or above is "on track"
AT_RISK = 0.50  # below this forecast a student is "at risk"
MASTERED = 0.85  # P(success) from which a skill counts as mastered (the planner's band ends here)
INACTIVE_DAYS = 7  # no attempt for this long: inactive
FALLING = 0.05  # a forecast this much lower than two weeks ago is "falling"
STATUSES = ("on_track", "watch", "at_risk", "no_model")


def status_labels() -> dict[str, str]:
    return {"on_track": _("On track"), "watch": _("Watch"), "at_risk": _("At risk"), "no_model": _("No model yet")}


def active_version() -> ModelVersion | None:
    return ModelVersion.objects.filter(status=ModelStatus.ACTIVE).defer("metrics", "heldout_students").first()


@dataclass
class StudentRow:
    pk: int
    name: str
    cohort: int | None = None  # cohort index (0-based) under the active version
    mean_mastery: float | None = None  # over the overview's skills
    forecast: float | None = None  # mean P(success) on the goal skills after the current plan
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
    return list(Skill.objects.filter(attempts__student__classrooms=classroom).distinct().order_by("name"))


def _models(version: ModelVersion | None, student_ids: list[int]) -> dict[int, tuple]:
    """Student pk -> (P(success) now per vocabulary skill, cohort index, attempts), without parsing parameters."""
    if version is None:
        return {}
    rows = StudentModel.objects.filter(version=version, student_id__in=student_ids).values_list(
        "student_id", "mastery_now", "cohort__index", "n_attempts")
    return {s: (np.frombuffer(bytes(p), dtype=np.float32), c, n) for s, p, c, n in rows}


def _plans(student_ids: list[int]) -> dict[int, float | None]:
    """Student pk -> the current plan's forecast mean P(success) on the goal skills."""
    return dict(StudyPlan.objects.filter(student_id__in=student_ids, is_current=True).values_list(
        "student_id", "goal_forecast"))


def _last_attempts(student_ids: list[int]) -> dict[int, dt.datetime | None]:
    """Student pk -> time of their latest attempt (one index probe per student, not a scan of their attempts)."""
    latest = Attempt.objects.filter(student=OuterRef("pk")).order_by("-submitted_at").values("submitted_at")[:1]
    return dict(Student.objects.filter(pk__in=student_ids).annotate(last=Subquery(latest)).values_list("pk", "last"))


def _skill_columns(version: ModelVersion | None, skills: list[Skill]) -> np.ndarray:
    """Position of each skill in the version's vocabulary (-1: unknown to the model)."""
    index = {pk: i for i, pk in enumerate(version.skill_vocabulary)} if version else {}
    return np.array([index.get(s.pk, -1) for s in skills], dtype=np.int64)


def class_overview(classroom: Classroom, *, cohort: int | None = None, skill_ids: list[int] | None = None,
                   sort: str = "name", all_skills: list[Skill] | None = None) -> Overview:
    """Mastery of every student on every skill of the classroom (or the chosen skills), with each student's
    status; `cohort` keeps that cohort's students; `sort`: name, mastery (weakest first) or status;
    `all_skills`: the classroom's skills when the caller has read them already."""
    version = active_version()
    students = list(classroom.students.order_by("display_name", "external_id", "pk"))
    skills = classroom_skills(classroom) if all_skills is None else list(all_skills)
    if skill_ids:
        chosen = set(skill_ids)
        skills = [s for s in skills if s.pk in chosen]
    ids = [s.pk for s in students]
    models, plans, last_seen = _models(version, ids), _plans(ids), _last_attempts(ids)
    columns = _skill_columns(version, skills)
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
            row.forecast = plans.get(student.pk)
            if row.forecast is None and row.mean_mastery is not None:
                row.forecast = row.mean_mastery
            row.status = _status(row.forecast)
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
    overview = class_overview(classroom)
    earlier = _earlier_forecasts([r.pk for r in overview.students], now - dt.timedelta(days=14))
    names = [s.name for s in overview.skills]
    out = []
    for i, row in enumerate(overview.students):
        reasons = _reasons(row, earlier.get(row.pk), now)
        if reasons:
            p = overview.mastery[i]
            order = [j for j in np.argsort(np.nan_to_num(p, nan=2.0)) if not np.isnan(p[j])][:3]
            out.append(Attention(student=row, reasons=reasons, weakest_goals=[(names[j], float(p[j])) for j in order]))
    urgency = {"at_risk": 0, "watch": 1, "no_model": 2, "on_track": 3}
    return sorted(out, key=lambda a: (urgency[a.student.status], -len(a.reasons), a.student.forecast or 0.0))


def _reasons(row: StudentRow, earlier: float | None, now: dt.datetime) -> list[str]:
    reasons = []
    if row.status == "at_risk":
        reasons.append(_("forecast mastery of the goal skills after the plan is only %(p)d%%")
                       % {"p": round(100 * row.forecast)})
    if earlier is not None and row.forecast is not None and earlier - row.forecast >= FALLING:
        reasons.append(_("forecast fell from %(before)d%% to %(now)d%% in the last two weeks")
                       % {"before": round(100 * earlier), "now": round(100 * row.forecast)})
    if row.last_attempt is None:
        reasons.append(_("has not practised yet"))
    elif now - row.last_attempt >= dt.timedelta(days=INACTIVE_DAYS):
        reasons.append(_("no practice for %(days)d days") % {"days": (now - row.last_attempt).days})
    return reasons


@dataclass
class CohortSummary:
    index: int
    size: int  # students of the whole population in it
    members: list[StudentRow]  # students of this classroom in it
    strong: list[tuple[str, float]]
    weak: list[tuple[str, float]]


def cohort_map(classroom: Classroom) -> tuple[list[dict], list[CohortSummary]]:
    """(points of a 2-D projection of the classroom's student embeddings, the cohorts described by their
    prototypes' strongest and weakest skills among the classroom's skills)."""
    version = active_version()
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
    columns = _skill_columns(version, overview.skills)
    out = []
    for cohort in Cohort.objects.filter(version=version).order_by("index"):
        mean = np.asarray(cohort.mean_mastery, dtype=np.float64)
        ranked = sorted(((s.name, float(mean[c])) for s, c in zip(overview.skills, columns) if 0 <= c < len(mean)),
                        key=lambda t: t[1])
        out.append(CohortSummary(index=cohort.index, size=cohort.size,
                                 members=[r for r in overview.students if r.cohort == cohort.index],
                                 strong=ranked[::-1][:3], weak=ranked[:3]))
    return out


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
        prerequisites=list(skill.prerequisites.order_by("name")), dependants=list(skill.dependants.order_by("name")),
    )


def _weekly(attempts) -> list[tuple[dt.date, int, float]]:
    rows = (attempts.annotate(week=TruncWeek("submitted_at")).values("week")
            .annotate(n=Count("id"), right=Count("id", filter=Q(correct=True))).order_by("week"))
    return [(r["week"].date() if hasattr(r["week"], "date") else r["week"], r["n"], r["right"] / r["n"]) for r in rows]


@dataclass
class Neighbour:
    rank: int
    distance: float
    student_pk: int
    student: Student | None  # None: a student this user may not see (shown without a name)
    mean_mastery: float | None


def similar_students(student: Student, visible: set[int]) -> list[Neighbour]:
    """The student's nearest students under the active version; only those in `visible` are named."""
    version = active_version()
    if version is None:
        return []
    rows = list(StudentNeighbour.objects.filter(version=version, student=student).select_related("neighbour")
                .order_by("rank"))
    models = _models(version, [r.neighbour_id for r in rows])
    out = []
    for r in rows:
        model = models.get(r.neighbour_id)
        mean = float(model[0].mean()) if model and len(model[0]) else None
        out.append(Neighbour(rank=r.rank, distance=r.distance, student_pk=r.neighbour_id,
                             student=r.neighbour if r.neighbour_id in visible else None, mean_mastery=mean))
    return out
