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


# -- a school's roster through the API: checked before it is written, deactivated rather than deleted ----------
def _external_id_free(external_id: str, *, keep: Student | None = None) -> None:
    taken = Student.objects.filter(external_id=external_id)
    if keep is not None:
        taken = taken.exclude(pk=keep.pk)
    if taken.exists():
        raise ValidationError({"external_id": "this external id is already used"})


@transaction.atomic
def school_student_create(*, school: School, external_id: str, display_name: str = "") -> Student:
    """A student without a login, known by an external id, in this school."""
    external_id = external_id.strip()
    if not external_id:
        raise ValidationError({"external_id": "give an external id"})
    _external_id_free(external_id)
    return student_create(external_id=external_id, display_name=display_name, school=school)


@transaction.atomic
def student_update(*, student: Student, external_id: str | None = None, display_name: str | None = None,
                   active: bool | None = None) -> Student:
    """Change what is given (None: leave it). A student with a login may not lose their external id's place."""
    if external_id is not None:
        external_id = external_id.strip()
        if not external_id:
            raise ValidationError({"external_id": "an external id cannot be blank"})
        _external_id_free(external_id, keep=student)
        student.external_id = external_id
    if display_name is not None:
        student.display_name = display_name
    if active is not None:
        student.active = active
    student.save()
    return student


def student_deactivate(*, student: Student) -> Student:
    return student_update(student=student, active=False)


def _classroom_name_free(school: School, name: str, *, keep: Classroom | None = None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": "give a name"})
    taken = Classroom.objects.filter(school=school, name=name)
    if keep is not None:
        taken = taken.exclude(pk=keep.pk)
    if taken.exists():
        raise ValidationError({"name": "this school has a classroom of that name"})
    return name


@transaction.atomic
def school_classroom_create(*, school: School, name: str) -> Classroom:
    return classroom_create(school=school, name=_classroom_name_free(school, name))


@transaction.atomic
def classroom_update(*, classroom: Classroom, name: str | None = None, active: bool | None = None) -> Classroom:
    if name is not None:
        classroom.name = _classroom_name_free(classroom.school, name, keep=classroom)
    if active is not None:
        classroom.active = active
    classroom.save()
    return classroom


def classroom_deactivate(*, classroom: Classroom) -> Classroom:
    return classroom_update(classroom=classroom, active=False)


@transaction.atomic
def enrollment_set(*, classroom: Classroom, student: Student, active: bool = True) -> tuple[Enrollment, bool]:
    """Enrol a student of the classroom's school (or change whether the enrolment is active): (row, created)."""
    if student.school_id != classroom.school_id:
        raise ValidationError({"student_id": "the student is in another school"})
    enrollment, created = Enrollment.objects.get_or_create(classroom=classroom, student=student,
                                                           defaults={"active": active})
    if not created and enrollment.active != active:
        enrollment.active = active
        enrollment.save(update_fields=["active"])
    return enrollment, created
