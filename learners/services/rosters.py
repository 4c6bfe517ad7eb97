"""Rosters: teachers, students (with or without a login), classrooms and who is enrolled in them."""
from __future__ import annotations

from typing import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction

from learners.models import Classroom, Enrollment, School, Skill, Student, Teacher

STUDENT_GROUP = "Student"
TEACHER_GROUP = "Teacher"


def _user_create(*, username: str, password: str | None, first_name: str, last_name: str, group: str):
    user = get_user_model().objects.create_user(
        username=username, password=password, first_name=first_name, last_name=last_name
    )
    user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


@transaction.atomic
def teacher_create(
    *, username: str, password: str | None = None, first_name: str = "", last_name: str = "",
    school: School | None = None,
) -> Teacher:
    user = _user_create(username=username, password=password, first_name=first_name, last_name=last_name,
                        group=TEACHER_GROUP)
    return Teacher.objects.create(user=user, school=school)


@transaction.atomic
def student_create(
    *, external_id: str | None = None, username: str | None = None, password: str | None = None,
    display_name: str = "", school: School | None = None,
) -> Student:
    """A student with a login (username), without one (external_id), or both."""
    if not username and not external_id:
        raise ValidationError("a student needs a username or an external id")
    user = None
    if username:
        first, _, last = display_name.partition(" ")
        user = _user_create(username=username, password=password, first_name=first, last_name=last,
                            group=STUDENT_GROUP)
    return Student.objects.create(user=user, external_id=external_id or None, display_name=display_name,
                                  school=school)


@transaction.atomic
def classroom_create(
    *, school: School, name: str, teachers: Iterable[Teacher] = (), students: Iterable[Student] = (),
    skills: Iterable[Skill] = (),
) -> Classroom:
    classroom = Classroom.objects.create(school=school, name=name)
    classroom.teachers.set(teachers)
    classroom.skills.set(skills)
    enroll_students(classroom=classroom, students=students)
    return classroom


@transaction.atomic
def enroll_students(*, classroom: Classroom, students: Iterable[Student]) -> int:
    """Add students to a classroom; those already in it are left as they are. Returns how many were added."""
    rows = [Enrollment(classroom=classroom, student=s) for s in students]
    before = classroom.enrollments.count()
    Enrollment.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return classroom.enrollments.count() - before
