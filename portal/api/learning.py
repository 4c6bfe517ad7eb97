"""What the models say: a student's mastery, plan and progress, and a classroom's summary (read only, through
the selectors the pages use)."""

import datetime as dt
import math

from django.http import HttpRequest
from ninja import Router, Schema

from learners.selectors import school_scope
from learners.selectors.dashboards import class_overview
from learners.selectors.plans import current_plan
from learners.selectors.progress import student_progress
from portal.api import auth
from portal.api.types import Id

router = Router(tags=["learning"])


def finite(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


class SkillMasteryOut(Schema):
    skill_id: int
    name: str
    mastery: float
    low: float
    high: float
    attempts: int
    is_goal: bool


class MasteryOut(Schema):
    has_model: bool
    attempts: int
    skills: list[SkillMasteryOut]
    more_skills: int


class PlanItemOut(Schema):
    position: int
    skill_id: int
    skill: str
    exercise_id: int | None
    reason: str
    p_success: float | None
    expected_gain: float | None
    pinned: bool
    done: bool


class SessionOut(Schema):
    number: int
    items: list[PlanItemOut]


class GoalOut(Schema):
    skill: str
    with_plan: float | None
    without_plan: float | None


class PlanOut(Schema):
    has_plan: bool
    number: int | None = None
    created_at: dt.datetime | None = None
    sessions: list[SessionOut] = []
    goals: list[GoalOut] = []
    in_class: list[str] = []


class DayOut(Schema):
    day: dt.date
    attempts: int
    goal_mean: float | None
    practised_mean: float | None


class ForecastOut(Schema):
    skill_id: int
    name: str
    without_plan: float | None
    with_plan: float | None


class ProgressOut(Schema):
    has_model: bool
    attempts: int
    days: list[DayOut]
    goals: list[ForecastOut]
    estimates_changed_on: dt.date | None


class StudentSummaryOut(Schema):
    student_id: int
    name: str
    status: str
    cohort: int | None
    mean_mastery: float | None
    goal_now: float | None
    forecast: float | None
    last_attempt: dt.datetime | None
    attempts: int


class SkillSummaryOut(Schema):
    skill_id: int
    name: str
    mean_mastery: float | None


class ClassroomSummaryOut(Schema):
    classroom_id: int
    counts: dict[str, int]
    students: list[StudentSummaryOut]
    skills: list[SkillSummaryOut]


@router.get("/students/{student_id}/mastery", response=MasteryOut, summary="A student's mastery per skill")
def student_mastery(request: HttpRequest, student_id: Id):
    progress = student_progress(school_scope.school_student(auth.school(request), student_id))
    return {"has_model": progress.has_model, "attempts": progress.n_attempts, "more_skills": progress.more_skills,
            "skills": [{"skill_id": s.skill, "name": s.name, "mastery": s.mastery, "low": s.low, "high": s.high,
                        "attempts": s.attempts, "is_goal": s.is_goal} for s in progress.skills]}


@router.get("/students/{student_id}/plan", response=PlanOut, summary="A student's current study plan")
def student_plan(request: HttpRequest, student_id: Id):
    shown = current_plan(school_scope.school_student(auth.school(request), student_id))
    if shown is None:
        return {"has_plan": False}
    sessions = [{"number": s["number"], "items": [_item(i) for i in s["items"]]} for s in shown["sessions"]]
    return {"has_plan": True, "number": shown["plan"].number, "created_at": shown["plan"].created_at,
            "sessions": sessions, "goals": [{**g, "skill": str(g["skill"])} for g in shown["goals"]],
            "in_class": shown["in_class"]}


def _item(item) -> dict:
    return {"position": item.position, "skill_id": item.skill_id, "skill": item.skill.name,
            "exercise_id": item.exercise_id, "reason": item.reason, "p_success": finite(item.p_success),
            "expected_gain": finite(item.expected_gain), "pinned": item.pinned, "done": item.done}


@router.get("/students/{student_id}/progress", response=ProgressOut,
            summary="A student's mastery day by day and the plan's forecast")
def student_progress_read(request: HttpRequest, student_id: Id):
    progress = student_progress(school_scope.school_student(auth.school(request), student_id))
    timeline = progress.timeline
    days = [] if timeline is None else [
        {"day": day, "attempts": n, "goal_mean": finite(goal), "practised_mean": finite(practised)}
        for day, n, goal, practised in zip(timeline.days, timeline.attempts, timeline.goal_mean,
                                           timeline.practised_mean)]
    change = progress.estimates_change
    return {"has_model": progress.has_model, "attempts": progress.n_attempts, "days": days,
            "goals": [{"skill_id": g.skill, "name": g.name, "without_plan": finite(g.without_plan),
                       "with_plan": finite(g.with_plan)} for g in progress.goals],
            "estimates_changed_on": change.day if change else None}


@router.get("/classrooms/{classroom_id}/summary", response=ClassroomSummaryOut,
            summary="A classroom's students (status, mastery, forecast) and skills")
def classroom_summary(request: HttpRequest, classroom_id: Id):
    classroom = school_scope.school_classroom(auth.school(request), classroom_id)
    overview = class_overview(classroom)
    students = [{"student_id": r.pk, "name": r.name, "status": r.status, "cohort": r.cohort,
                 "mean_mastery": finite(r.mean_mastery), "goal_now": finite(r.goal_now),
                 "forecast": finite(r.forecast), "last_attempt": r.last_attempt, "attempts": r.attempts}
                for r in overview.students]
    skills = [{"skill_id": s.pk, "name": s.name, "mean_mastery": finite(mean)}
              for s, mean in zip(overview.skills, overview.skill_means)]
    return {"classroom_id": classroom.pk, "counts": overview.counts, "students": students, "skills": skills}
