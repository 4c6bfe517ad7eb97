"""Rosters: teachers, students (with or without a login), classrooms and who is enrolled in them; the passwords
teachers hand out (readable, shown once, to be changed at the next sign-in)."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher, make_password
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from learners import refresh_queue
from learners.models import AuditAction, Classroom, Enrollment, School, Skill, Student, Teacher
from learners.selectors.rosters import classroom_students, usernames_taken
from learners.services import refreshes
from learners.services.accounts import password_change_require
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
    skills: Iterable[Skill] = (), goal_skills: Iterable[Skill] = (), actor=None,
) -> Classroom:
    classroom = Classroom.objects.create(school=school, name=_classroom_name_free(school, name))
    classroom.teachers.set(teachers)
    classroom_skills_set(classroom=classroom, skills=skills, goal_skills=goal_skills)
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
    """Add students to a classroom (a deactivated enrolment is active again); those in it are left as they are.
    Returns how many were added (each one recorded in the audit log)."""
    already = set(classroom.enrollments.filter(active=True).values_list("student_id", flat=True))
    added = {s.pk: s for s in students if s.pk not in already}.values()
    Enrollment.objects.bulk_create([Enrollment(classroom=classroom, student=s) for s in added], batch_size=1000,
                                   update_conflicts=True, unique_fields=["classroom", "student"],
                                   update_fields=["active"])
    _plans_follow([s.pk for s in added])
    for student in added:
        audit_record(actor=actor, action=AuditAction.ROSTER_ENROL, target=student, reason=reason,
                     school=classroom.school, details={"classroom": classroom.pk})
    return len(added)


@transaction.atomic
def classroom_skills_set(*, classroom: Classroom, skills: Iterable[Skill], goal_skills: Iterable[Skill],
                         actor=None) -> None:
    """The course's skills and the goals plans aim at (each goal is a course skill; none: every course skill)."""
    skills, goal_skills = list(skills), list(goal_skills)
    outside = sorted(s.name for s in set(goal_skills) - set(skills))
    if outside:
        raise ValidationError(_("A goal must be a skill of the course: %(skills)s.") % {"skills": ", ".join(outside)})
    classroom.skills.set(skills)
    classroom.goal_skills.set(goal_skills)
    if actor is not None:  # a change of an existing classroom's course (creation is recorded as such)
        audit_record(actor=actor, action=AuditAction.ROSTER_CLASSROOM_UPDATE, target=classroom,
                     details={"fields": ["skills", "goal_skills"]})


@transaction.atomic
def student_unenroll(*, classroom: Classroom, student: Student, actor=None) -> None:
    """Take a student out of a classroom; the student, their login and their attempts stay."""
    if Enrollment.objects.filter(classroom=classroom, student=student).delete()[0]:
        _plans_follow([student.pk])
        audit_record(actor=actor, action=AuditAction.ROSTER_UNENROL, target=student, school=classroom.school,
                     details={"classroom": classroom.pk})


def _plans_follow(student_ids: Iterable[int]) -> None:
    """Queue a refresh of these students' models and plans: their classrooms' goals and work changed."""
    refreshes.refresh_requests_mark(student_ids=student_ids)
    transaction.on_commit(refresh_queue.wake, robust=True)


def _login_follow(student: Student) -> None:
    """A deactivated student cannot sign in (their sessions end too); reactivated, they can again."""
    if student.user_id and student.user.is_active != student.active:
        student.user.is_active = student.active
        student.user.save(update_fields=["is_active"])


# -- passwords a teacher hands out ----------------------------------------------------------------------------
CONSONANTS, VOWELS = "bdfghkmnprstvz", "aeiou"  # no l/1, o/0 confusion in consonants; short, sayable syllables


def readable_password() -> str:
    """Like 'kamoti-tesuba-47': easy to read off a card and type (about 43 bits; changed at the first sign-in)."""
    def word() -> str:
        return "".join(secrets.choice(CONSONANTS) + secrets.choice(VOWELS) for _ in range(3))
    return f"{word()}-{word()}-{secrets.randbelow(90) + 10}"


# A password handed out lives until the first sign-in, which asks for a new one and re-hashes it at full strength:
# hashed with fewer rounds than the site's (about 100 times faster), a class of 500 gets its cards in seconds.
HANDOUT_ITERATIONS = 10_000


def _handout_hash(password: str) -> str:
    hasher = get_hasher()
    if isinstance(hasher, PBKDF2PasswordHasher):
        return hasher.encode(password, hasher.salt(), iterations=min(HANDOUT_ITERATIONS, hasher.iterations))
    return make_password(password)


def _password_give(user, password: str | None, actor) -> str:
    """Set the user's password (a readable one if none is given) and ask for a new one at the next sign-in."""
    if password:
        validate_password(password, user)
    else:
        password = readable_password()
    user.password = _handout_hash(password)
    user.save(update_fields=["password"])
    password_change_require(user=user)
    audit_record(actor=actor, action=AuditAction.ACCOUNT_PASSWORD_SET, target=user, details={"handed_out": True})
    return password


@dataclass(frozen=True)
class Handout:
    """A student and the password they were just given (shown once, never stored in clear)."""

    student: Student
    password: str


@transaction.atomic
def student_password_reset(*, student: Student, password: str | None = None, actor=None) -> Handout:
    if student.user_id is None:
        raise ValidationError(_("%(student)s has no login.") % {"student": student})
    return Handout(student, _password_give(student.user, password, actor))


@transaction.atomic
def classroom_passwords_reset(*, classroom: Classroom, actor=None) -> list[Handout]:
    """A fresh password for every student of the classroom who has a login (for printed login cards)."""
    students = classroom_students(classroom).filter(user__isnull=False)
    ordered = students.order_by("display_name", "user__username")
    return [Handout(s, _password_give(s.user, None, actor)) for s in ordered]


@dataclass(frozen=True)
class NewStudent:
    display_name: str
    username: str
    password: str = ""  # none: a readable one is made


@transaction.atomic
def classroom_students_add(*, classroom: Classroom, students: Iterable[NewStudent], actor=None) -> list[Handout]:
    """New students of the classroom's school, with logins, enrolled in it: all of them or none."""
    students = list(students)
    taken = usernames_taken([new.username for new in students])
    handouts = []
    for new in students:
        username = new.username.strip()
        if username.lower() in taken:
            raise ValidationError(_("The username %(username)s is taken.") % {"username": username})
        taken.add(username.lower())
        student = student_create(username=username, display_name=new.display_name.strip(),
                                 school=classroom.school, actor=actor)
        handouts.append(Handout(student, _password_give(student.user, new.password or None, actor)))
    enroll_students(classroom=classroom, students=[h.student for h in handouts], actor=actor)
    return handouts


# -- a school's roster through the API: checked before it is written, deactivated rather than deleted ----------
def _taken(rows, keep) -> bool:
    """Whether any of these rows exists but `keep` (the one being changed)."""
    return (rows if keep is None else rows.exclude(pk=keep.pk)).exists()


def _external_id_free(external_id: str, *, keep: Student | None = None) -> None:
    if _taken(Student.objects.filter(external_id=external_id), keep):
        raise ValidationError({"external_id": "this external id is already used"})


@transaction.atomic
def school_student_create(*, school: School, external_id: str, display_name: str = "", actor=None) -> Student:
    """A student without a login, known by an external id, in this school."""
    external_id = external_id.strip()
    if not external_id:
        raise ValidationError({"external_id": "give an external id"})
    _external_id_free(external_id)
    return student_create(external_id=external_id, display_name=display_name, school=school, actor=actor)


@transaction.atomic
def student_update(*, student: Student, external_id: str | None = None, display_name: str | None = None,
                   active: bool | None = None, actor=None) -> Student:
    """Change what is given (None: leave it). A student with a login may not lose their external id's place."""
    if external_id is not None:
        external_id = external_id.strip()
        if not external_id:
            raise ValidationError({"external_id": "an external id cannot be blank"})
        _external_id_free(external_id, keep=student)
        student.external_id = external_id
    if display_name is not None:
        student.display_name = display_name
    if active is not None and active != student.active:
        student.active = active
        _login_follow(student)
    student.save()
    changed = [f for f, v in (("external_id", external_id), ("display_name", display_name), ("active", active))
               if v is not None]
    audit_record(actor=actor, action=AuditAction.ROSTER_STUDENT_UPDATE, target=student, details={"fields": changed})
    return student


def student_deactivate(*, student: Student, actor=None) -> Student:
    return student_update(student=student, active=False, actor=actor)


def _classroom_name_free(school: School, name: str, *, keep: Classroom | None = None) -> str:
    """The name, stripped, if the school has no other classroom of that name (else a field error on "name")."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the classroom a name.")})
    if _taken(Classroom.objects.filter(school=school, name=name), keep):
        raise ValidationError({"name": _("%(school)s already has a classroom named %(name)s.")
                               % {"school": school, "name": name}})
    return name


@transaction.atomic
def classroom_update(*, classroom: Classroom, name: str | None = None, active: bool | None = None,
                     actor=None) -> Classroom:
    if name is not None:
        classroom.name = _classroom_name_free(classroom.school, name, keep=classroom)
    if active is not None and active != classroom.active:
        classroom.active = active
        _plans_follow(Enrollment.objects.filter(classroom=classroom).values_list("student_id", flat=True))
    classroom.save()
    changed = [f for f, v in (("name", name), ("active", active)) if v is not None]
    audit_record(actor=actor, action=AuditAction.ROSTER_CLASSROOM_UPDATE, target=classroom,
                 details={"fields": changed})
    return classroom


def classroom_deactivate(*, classroom: Classroom, actor=None) -> Classroom:
    return classroom_update(classroom=classroom, active=False, actor=actor)


@transaction.atomic
def enrollment_set(*, classroom: Classroom, student: Student, active: bool = True,
                   actor=None) -> tuple[Enrollment, bool]:
    """Enrol a student of the classroom's school (or change whether the enrolment is active): (row, created)."""
    if student.school_id != classroom.school_id:
        raise ValidationError({"student_id": "the student is in another school"})
    enrollment, created = Enrollment.objects.get_or_create(classroom=classroom, student=student,
                                                           defaults={"active": active})
    if not created and enrollment.active != active:
        enrollment.active = active
        enrollment.save(update_fields=["active"])
    elif not created:
        return enrollment, created
    _plans_follow([student.pk])
    audit_record(actor=actor, action=AuditAction.ROSTER_ENROL if active else AuditAction.ROSTER_UNENROL,
                 target=student, school=classroom.school, details={"classroom": classroom.pk})
    return enrollment, created
