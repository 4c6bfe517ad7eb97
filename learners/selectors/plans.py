"""A student's current study plan and the teacher's changes to it."""
from __future__ import annotations

from django.db.models import QuerySet

from learners.models import PlanOverride, Skill, Student, StudyPlan


def current_study_plan(student: Student) -> StudyPlan | None:
    return StudyPlan.objects.filter(student=student, is_current=True).first()


def current_plan(student: Student) -> dict | None:
    """The student's current plan: its items by session (with skill names), goals and forecasts."""
    plan = current_study_plan(student)
    if plan is None:
        return None
    items = list(plan.items.select_related("skill", "exercise", "assignment").order_by("position"))
    names = dict(Skill.objects.filter(pk__in=plan.goal_skills + plan.in_class).values_list("pk", "name"))
    goals = [{"skill": names.get(pk, pk), "with_plan": plan.forecast_with_plan.get(str(pk)),
              "without_plan": plan.forecast_without_plan.get(str(pk))} for pk in plan.goal_skills]
    goals.sort(key=lambda g: -((g["with_plan"] or 0) - (g["without_plan"] or 0)))  # what the plan moves most first
    sessions = [{"number": n + 1, "items": [i for i in items if i.session == n]}
                for n in sorted({i.session for i in items})]
    return {"plan": plan, "sessions": sessions, "goals": goals,
            "in_class": sorted(names.get(pk, str(pk)) for pk in plan.in_class)}


def plan_overrides(student: Student) -> QuerySet[PlanOverride]:
    return student.plan_overrides.select_related("skill", "author").order_by("-created_at")
