"""The demo school: real ASSISTments 2009 responses (shipped in learners/data), made-up people and times.

Idempotent: running it again adds nothing that is already there.
"""
from __future__ import annotations

import datetime as dt
import gzip
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Count, F, Max
from django.utils import timezone

from learners import services
from learners.content import exercise_bank_fill
from learners.importers import ImportReport, import_attempts, read_skill_names
from learners.models import Attempt, Classroom, ModelVersion, School, Skill, Student, Teacher, TrainingRun

DATA_DIR = Path(__file__).resolve().parent / "data" / "assist2009"
SCHOOL_NAME = "Riverside Middle School"
TEACHERS = [("teacher1", "Ada", "Lovelace"), ("teacher2", "Alan", "Turing")]
CLASSROOMS = [  # (name, teacher username)
    ("Grade 7 · Period 1", "teacher1"),
    ("Grade 7 · Period 2", "teacher1"),
    ("Grade 8 · Period 3", "teacher2"),
    ("Grade 8 · Period 4", "teacher2"),
]
CLASS_SIZE = 30
DEMO_STUDENTS = [("student1", "Grace Hopper"), ("student2", "Katherine Johnson")]
FILES = [("train.csv.gz", "a09-train-"), ("test.csv.gz", "a09-test-")]


@dataclass
class DemoSummary:
    imports: list[ImportReport] = field(default_factory=list)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (role, username, password)
    version: ModelVersion | None = None
    exercises: int = 0  # practice exercises added


def demo_import(*, progress: Callable[[int], None] | None = None) -> list[ImportReport]:
    with open(DATA_DIR / "skills.tsv", "rb") as stream:
        names = read_skill_names(stream)
    reports = []
    for name, prefix in FILES:
        with gzip.open(DATA_DIR / name, "rb") as stream:
            reports.append(import_attempts(stream=stream, file_format="dkvmn", file_name=f"demo:{name}",
                                           skill_names=names, student_prefix=prefix, source="demo",
                                           progress=progress))
    return reports


def _login(username: str, password: str, *, group: str, first: str, last: str, staff: bool = False):
    user, _ = get_user_model().objects.get_or_create(username=username,
                                                     defaults={"first_name": first, "last_name": last})
    user.set_password(password)
    user.is_staff = user.is_superuser = staff
    user.save()
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


@transaction.atomic
def demo_people(*, password: str) -> list[tuple[str, str, str]]:
    school, _ = School.objects.get_or_create(name=SCHOOL_NAME)
    Student.objects.filter(external_id__startswith="a09-", school__isnull=True).update(school=school)
    logins = [("staff", "admin", password)]
    _login("admin", password, group="", first="Site", last="Admin", staff=True)
    teachers = {}
    for username, first, last in TEACHERS:
        user = _login(username, password, group=services.TEACHER_GROUP, first=first, last=last)
        teachers[username] = Teacher.objects.get_or_create(user=user, defaults={"school": school})[0]
        logins.append(("teacher", username, password))
    pool = list(
        Student.objects.filter(school=school, external_id__startswith="a09-")
        .annotate(n=Count("attempts")).filter(n__gte=20).order_by("external_id")
        .values_list("pk", flat=True)[: CLASS_SIZE * len(CLASSROOMS)]
    )
    for index, (name, teacher) in enumerate(CLASSROOMS):
        classroom, _ = Classroom.objects.get_or_create(school=school, name=name)
        classroom.teachers.add(teachers[teacher])
        members = Student.objects.filter(pk__in=pool[index * CLASS_SIZE:(index + 1) * CLASS_SIZE])
        services.enroll_students(classroom=classroom, students=members)
        classroom.skills.set(Skill.objects.filter(attempts__student__in=members).distinct())
    bring_up_to_date(student_pks=pool, now=timezone.now())
    first_class = Classroom.objects.get(school=school, name=CLASSROOMS[0][0])
    for (username, display_name), student in zip(DEMO_STUDENTS, first_class.students.order_by("external_id")):
        first, _, last = display_name.partition(" ")
        student.user = _login(username, password, group=services.STUDENT_GROUP, first=first, last=last)
        student.display_name = display_name
        student.save(update_fields=["user", "display_name"])
        logins.append(("student", username, password))
    return logins


def bring_up_to_date(*, student_pks: list[int], now: dt.datetime) -> None:
    """Move each classroom student's made-up history (2009-10) so that it ends 0 to 8 days before `now`
    (the same offset for every attempt of a student, so their order and spacing stay): the dashboards
    then show recent practice, and a few inactive students. Repeatable: it lands on the same days."""
    last_seen = dict(Attempt.objects.filter(student_id__in=student_pks).values("student_id")
                     .annotate(last=Max("submitted_at")).values_list("student_id", "last"))
    for pk, last in last_seen.items():
        days_ago = zlib.crc32(str(pk).encode()) % 9
        target = (now - dt.timedelta(days=days_ago)).replace(hour=last.hour, minute=last.minute, second=last.second)
        Attempt.objects.filter(student_id=pk).update(submitted_at=F("submitted_at") + (target - last))


def demo_model(*, train_seconds: float) -> ModelVersion | None:
    """A first model version trained for at most `train_seconds`, unless one is active already: every
    demo student then has a model and a study plan (a nightly retraining improves it)."""
    from learners import pipeline

    if train_seconds <= 0 or pipeline.active_version() is not None:
        return pipeline.active_version()
    config = pipeline.training_config(max_seconds=train_seconds)
    return pipeline.model_retrain(run=TrainingRun.objects.create(), config=config)


def demo_seed(*, password: str, progress: Callable[[int], None] | None = None) -> DemoSummary:
    summary = DemoSummary(imports=demo_import(progress=progress))
    summary.logins = demo_people(password=password)
    summary.exercises = exercise_bank_fill()  # before any plan is made, so plan items get exercises
    return summary
