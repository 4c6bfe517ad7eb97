"""Skills (every school's) and exercises (the bank's and the school's own classrooms'): read only."""

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from learners.selectors import school_scope
from portal.api import auth
from portal.api.types import Id, Page

router = Router(tags=["content"])


class SkillOut(Schema):
    id: int
    code: str
    name: str
    description: str


class ExerciseOut(Schema):
    id: int
    skill_id: int
    classroom_id: int | None
    prompt: str
    answer: str
    answer_kind: str
    choices: list
    decimals: int | None
    unit: str
    form: str
    hint: str
    solution: str


@router.get("/skills", response=list[SkillOut], summary="List the skills")
@paginate(Page)
def skill_list(request: HttpRequest):
    return school_scope.skills()


@router.get("/skills/{skill_id}", response=SkillOut, summary="Read a skill")
def skill_read(request: HttpRequest, skill_id: Id):
    return school_scope.skill(skill_id)


@router.get("/exercises", response=list[ExerciseOut], summary="List the exercises (the bank's and the school's)")
@paginate(Page)
def exercise_list(request: HttpRequest, skill_id: Id | None = None):
    return school_scope.school_exercises(auth.school(request), skill_id=skill_id)


@router.get("/exercises/{exercise_id}", response=ExerciseOut, summary="Read an exercise")
def exercise_read(request: HttpRequest, exercise_id: Id):
    return school_scope.school_exercise(auth.school(request), exercise_id)
