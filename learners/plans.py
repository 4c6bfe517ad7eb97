"""Services of study plans: generate from each student's model, keep teacher overrides, suggest prerequisites.

A plan is made by `metacore.planner` (pure) from the student's stored explicit model, the skills'
prerequisites, the goal skills (their classrooms' course skills), how long ago each skill was practised,
what worked for their most similar students, and the teacher's overrides, re-applied every time.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from learners import engine as eng
from learners.models import (
    Classroom, Exercise, ModelVersion, OverrideAction, PlanItem, PlanOverride, PrerequisiteSuggestion, Skill,
    Student, StudentModel, StudentNeighbour, StudyPlan, SuggestionStatus,
)
from metacore.planner import plan_from_dict
from metacore.prerequisites import PrerequisiteConfig, suggest_prerequisites


KEEP_PLANS = 20  # plan versions kept per student


def prerequisite_edges() -> list[tuple[int, int]]:
    """(prerequisite pk, dependant pk) for every link set on skills."""
    return list(Skill.prerequisites.through.objects.values_list("to_skill_id", "from_skill_id"))


def goal_skills(student: Student) -> list[int] | None:
    """The course skills of the student's classrooms; None (every skill) when they have none."""
    goals = sorted(set(Classroom.skills.through.objects.filter(classroom__enrollments__student=student)
                       .values_list("skill_id", flat=True)))
    return goals or None


def _steps_since(student: Student) -> dict[int, int]:
    """Skill pk -> attempts the student made since they last practised it."""
    skills = list(student.attempts.order_by("submitted_at", "id").values_list("skill_id", flat=True))
    last = {skill: n for n, skill in enumerate(skills)}
    return {skill: len(skills) - 1 - n for skill, n in last.items()}


def _neighbour_gain(model_row: StudentModel) -> dict[int, float]:
    """Mean learning gain per skill of the student's nearest students (what worked for them)."""
    ids = StudentNeighbour.objects.filter(version=model_row.version_id, student=model_row.student_id).values_list(
        "neighbour_id", flat=True)
    gains = list(StudentModel.objects.filter(version=model_row.version_id, student_id__in=list(ids))
                 .values_list("parameters__gain", flat=True))
    if not gains:
        return {}
    return dict(zip(model_row.parameters["skill_vocabulary"], np.mean(np.asarray(gains), axis=0).tolist()))


def _exercise_for(skill_pk: int, position: int, bank: dict[int, list[int]]) -> int | None:
    choices = bank.get(skill_pk)
    return choices[position % len(choices)] if choices else None


def _explicit_model(student: Student, version: ModelVersion) -> tuple[dict, StudentModel | None]:
    row = StudentModel.objects.filter(version=version, student=student).first()
    if row is not None:
        return {k: v for k, v in row.parameters.items() if k != "task_stats"}, row
    from learners.pipeline import version_engine

    return version_engine(version).prior().to_dict(), None  # no history yet: the population prior


@transaction.atomic
def plan_regenerate(*, student: Student, version: ModelVersion | None = None) -> StudyPlan | None:
    """Make the student's next plan version (overrides re-applied) and make it current."""
    from learners.pipeline import active_version

    version = version or active_version()
    if version is None:
        return None
    list(Student.objects.select_for_update().filter(pk=student.pk))  # one regeneration per student at a time
    model, row = _explicit_model(student, version)
    overrides = [o.as_dict() for o in student.plan_overrides.filter(active=True)]
    plan = plan_from_dict(model, prerequisite_edges(), goal_skills(student), overrides, _steps_since(student),
                          _neighbour_gain(row) if row else None)
    return _store_plan(student, version, plan)


def _store_plan(student: Student, version: ModelVersion, plan: dict) -> StudyPlan:
    number = (student.plans.aggregate(n=Max("number"))["n"] or 0) + 1
    student.plans.filter(is_current=True).update(is_current=False)
    student.plans.filter(number__lte=number - KEEP_PLANS).delete()  # the history kept: the latest KEEP_PLANS
    stored = StudyPlan.objects.create(
        student=student, number=number, version=version, goal_skills=plan["goal_skills"],
        forecast_with_plan=plan["forecast_with_plan"], forecast_without_plan=plan["forecast_without_plan"],
        config=plan["config"],
    )
    skills = {item["skill"] for item in plan["items"]}
    bank = defaultdict(list)
    for pk, skill in Exercise.objects.filter(skill__in=skills).order_by("pk").values_list("pk", "skill_id"):
        bank[skill].append(pk)
    PlanItem.objects.bulk_create([
        PlanItem(plan=stored, position=item["position"], session=item["session"], skill_id=item["skill"],
                 exercise_id=_exercise_for(item["skill"], item["position"], bank), reason=item["reason"],
                 p_success=item["p_success_now"], expected_gain=item["expected_gain"], pinned=item["pinned"])
        for item in plan["items"]
    ])
    return stored


def plans_regenerate(*, student_ids: Iterable[int], version: ModelVersion | None = None) -> int:
    """Plans for many students (after a refresh or a new active version). Returns how many were made."""
    made = 0
    for student in Student.objects.filter(pk__in=list(student_ids)):
        made += plan_regenerate(student=student, version=version) is not None
    return made


# -- teacher overrides ----------------------------------------------------------------------------
@transaction.atomic
def plan_override_add(*, student: Student, action: str, skill: Skill, reason: str, author,
                      position: int | None = None) -> PlanOverride:
    """Log a teacher's change (with who and why) and regenerate the plan with it on top."""
    if action not in OverrideAction.values:
        raise ValidationError({"action": f"unknown action {action!r}"})
    if not reason.strip():
        raise ValidationError({"reason": "say why: the reason is kept with the change"})
    if position is not None and position < 0:
        raise ValidationError({"position": "position cannot be negative"})
    override = PlanOverride.objects.create(student=student, action=action, skill=skill, position=position,
                                           reason=reason.strip(), author=author)
    plan_regenerate(student=student)
    return override


@transaction.atomic
def plan_override_withdraw(*, override: PlanOverride) -> None:
    """Stop applying an override (it stays in the log) and regenerate the plan."""
    PlanOverride.objects.filter(pk=override.pk).update(active=False, withdrawn_at=timezone.now())
    plan_regenerate(student=override.student)


# -- prerequisite suggestions ------------------------------------------------------------------------
@transaction.atomic
def prerequisite_suggestions_refresh(*, config: PrerequisiteConfig | None = None) -> int:
    """Propose prerequisite links learned from every attempt; decided suggestions are kept as they are."""
    vocabulary = list(Skill.objects.order_by("pk").values_list("pk", flat=True))
    data, _ = eng.to_dataset(eng.read_attempts(), vocabulary)
    found = suggest_prerequisites(data, config)
    PrerequisiteSuggestion.objects.filter(status=SuggestionStatus.PROPOSED).delete()
    decided = set(PrerequisiteSuggestion.objects.values_list("prerequisite_id", "dependant_id"))
    rows = [PrerequisiteSuggestion(prerequisite_id=vocabulary[s.prerequisite - 1],
                                   dependant_id=vocabulary[s.dependant - 1], score=s.score, support=s.support)
            for s in found if (vocabulary[s.prerequisite - 1], vocabulary[s.dependant - 1]) not in decided]
    PrerequisiteSuggestion.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def prerequisite_suggestion_decide(*, suggestion: PrerequisiteSuggestion, accept: bool, user) -> None:
    """Accept (the link is added to the dependant's prerequisites) or dismiss a suggestion."""
    suggestion.status = SuggestionStatus.ACCEPTED if accept else SuggestionStatus.DISMISSED
    suggestion.decided_by = user
    suggestion.save(update_fields=["status", "decided_by"])
    if accept:
        suggestion.dependant.prerequisites.add(suggestion.prerequisite)
