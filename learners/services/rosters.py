"""Rosters: teachers, students (with or without a login), classrooms and who is enrolled in them."""
from __future__ import annotations

from typing import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction

from learners.models import AuditAction, Classroom, Enrollment, School, Skill, Student, Teacher
from learners.services.audit import audit_record

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
    school: School | None = None, actor=None,
) -> Teacher:
    user = _user_create(username=username, password=password, first_name=first_name, last_name=last_name,
                        group=TEACHER_GROUP)
    teacher = Teacher.objects.create(user=user, school=school)
    audit_record(actor=actor, action=AuditAction.ROSTER_TEACHER_CREATE, target=teacher)
    return teacher


@transaction.atomic
def student_create(
    *, external_id: str | None = None, username: str | None = None, password: str | None = None,
    display_name: str = "", school: School | None = None, actor=None,
) -> Student:
    """A student with a login (username), without one (external_id), or both."""
    if not username and not external_id:
        raise ValidationError("a student needs a username or an external id")
    user = None
    if username:
        first, _, last = display_name.partition(" ")
        user = _user_create(username=username, password=password, first_name=first, last_name=last,
                            group=STUDENT_GROUP)
    student = Student.objects.create(user=user, external_id=external_id or None, display_name=display_name,
                                     school=school)
    audit_record(actor=actor, action=AuditAction.ROSTER_STUDENT_CREATE, target=student)
    return student


@transaction.atomic
def classroom_create(
    *, school: School, name: str, teachers: Iterable[Teacher] = (), students: Iterable[Student] = (),
    skills: Iterable[Skill] = (), actor=None,
) -> Classroom:
    classroom = Classroom.objects.create(school=school, name=name)
    classroom.teachers.set(teachers)
    classroom.skills.set(skills)
    audit_record(actor=actor, action=AuditAction.ROSTER_CLASSROOM_CREATE, target=classroom,
                 details={"teachers": sorted(t.pk for t in classroom.teachers.all())})
    enroll_students(classroom=classroom, students=students, actor=actor)
    return classroom


SAVED = {  # (model, created) -> what an admin form's save records
    ("teacher", True): AuditAction.ROSTER_TEACHER_CREATE, ("teacher", False): AuditAction.ROSTER_TEACHER_UPDATE,
    ("student", True): AuditAction.ROSTER_STUDENT_CREATE, ("student", False): AuditAction.ROSTER_STUDENT_UPDATE,
    ("classroom", True): AuditAction.ROSTER_CLASSROOM_CREATE,
    ("classroom", False): AuditAction.ROSTER_CLASSROOM_UPDATE,
}


def roster_save_record(*, obj: Teacher | Student | Classroom, created: bool, changed: list[str], actor) -> None:
    """Record a teacher, student or classroom saved by a form (the admin's): created, or which fields changed.
    Call it in the form's transaction."""
    audit_record(actor=actor, action=SAVED[obj._meta.model_name, created], target=obj,
                 details={"fields": sorted(changed)})


def enrolment_record(*, enrolment: Enrollment, enrolled: bool, actor) -> None:
    """Record a student put in or taken out of a classroom by a form (the admin's classroom page)."""
    audit_record(actor=actor, action=AuditAction.ROSTER_ENROL if enrolled else AuditAction.ROSTER_UNENROL,
                 target=enrolment.student, school=enrolment.classroom.school,
                 details={"classroom": enrolment.classroom_id})


@transaction.atomic
def enroll_students(*, classroom: Classroom, students: Iterable[Student], actor=None, reason: str = "") -> int:
    """Add students to a classroom; those already in it are left as they are. Returns how many were added (each
    one recorded in the audit log)."""
    already = set(classroom.enrollments.values_list("student_id", flat=True))
    added = {s.pk: s for s in students if s.pk not in already}.values()
    Enrollment.objects.bulk_create([Enrollment(classroom=classroom, student=s) for s in added], ignore_conflicts=True,
                                   batch_size=1000)
    for student in added:
        audit_record(actor=actor, action=AuditAction.ROSTER_ENROL, target=student, reason=reason,
                     school=classroom.school, details={"classroom": classroom.pk})
    return len(added)
