"""Who may open what: the guards every view calls before reading anything (a refusal is a 404)."""
from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from learners.models import Classroom, Skill, Student
from learners.selectors import dashboards, rosters


def own_student(user) -> Student:
    """The student this user is, else 404 (teachers and staff have no plan of their own)."""
    student = rosters.student_for_user(user)
    if student is None:
        raise Http404
    return student


def teaching(user) -> bool:
    return user.is_staff or hasattr(user, "teacher")


def taught(user, queryset, pk: int):
    """The object of `queryset` (already filtered to what this user may see) if the user teaches, else 404."""
    if not teaching(user):
        raise Http404
    return get_object_or_404(queryset, pk=pk)


def taught_classroom(user, classroom_id: int) -> Classroom:
    """The classroom if this user teaches it (staff: any), else 404."""
    return taught(user, rosters.classrooms_for_user(user), classroom_id)


def taught_student(user, student_id: int) -> Student:
    """A student of this user's classrooms (staff: any), else 404."""
    return taught(user, rosters.visible_students(user), student_id)


def taught_skill(user, classroom_id: int, skill_id: int) -> tuple[Classroom, Skill]:
    """The classroom (taught by this user) and one of its course skills, else 404."""
    room = taught_classroom(user, classroom_id)
    skill = get_object_or_404(Skill, pk=skill_id)
    if skill not in dashboards.classroom_skills(room):
        raise Http404
    return room, skill
