"""The load test's world (`manage.py loadtest`): students who sign in with a password, each with a history, a
model and a study plan over a few skills with exercises, in a school and classroom of their own.

Idempotent: students already there are kept as they are; only the missing ones are added and given a model and a
plan (a first model version is trained, small and fast, when none is active)."""
from __future__ import annotations

import datetime as dt

import numpy as np
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from learners import registry
from learners.models import Attempt, AnswerKind, Classroom, Enrollment, Exercise, School, Skill, Student, TrainingRun
from learners.services import student_models, training
from learners.services.rosters import STUDENT_GROUP

SCHOOL_NAME = "Load test school"
USERNAME = "load-{:03d}"
N_SKILLS = 4
EXERCISES_PER_SKILL = 6
HISTORY = 24  # attempts per student before the test
FAST_TRAINING = {"epochs": 2, "patience": 2, "dim": 8, "hidden": 16, "head_hidden": 16, "batch_size": 16,
                 "window": 40, "burn_in": 5, "max_support": 20, "device": "cpu", "seed": 0}


def load_usernames(users: int) -> list[str]:
    return [USERNAME.format(i) for i in range(1, users + 1)]


def _skills() -> list[Skill]:
    skills = [Skill.objects.get_or_create(code=f"load-k{i}", defaults={"name": f"Load test skill {i}"})[0]
              for i in range(N_SKILLS)]
    for i, skill in enumerate(skills):
        have = Exercise.objects.filter(skill=skill).count()
        Exercise.objects.bulk_create([
            Exercise(skill=skill, prompt=f"What is ${i + 3} \\times {n}$?", answer=str((i + 3) * n),
                     answer_kind=AnswerKind.NUMBER) for n in range(have + 2, EXERCISES_PER_SKILL + 2)])
    return skills


def _history(students: list[Student], skills: list[Skill], seed: int) -> list[Attempt]:
    """Each student improves with practice, strong on every other skill; the history ends an hour ago."""
    rng = np.random.default_rng(seed)
    start = timezone.now() - dt.timedelta(hours=1, minutes=HISTORY)
    rows = []
    for student in students:
        practice, strong = np.zeros(len(skills)), student.pk % 2
        for t in range(HISTORY):
            k = int(rng.integers(len(skills)))
            p = 1 / (1 + np.exp(-(-0.5 + (1.5 if k % 2 == strong else -0.5) + 0.3 * practice[k])))
            practice[k] += 1
            correct = bool(rng.random() < p)
            rows.append(Attempt(student=student, skill=skills[k], correct=correct, score=float(correct),
                                submitted_at=start + dt.timedelta(minutes=t),
                                idempotency_key=f"load:{student.external_id}:{t}"))
    return rows


@transaction.atomic
def _students_add(usernames: list[str], password: str, skills: list[Skill]) -> list[Student]:
    school, _ = School.objects.get_or_create(name=SCHOOL_NAME)
    classroom, created = Classroom.objects.get_or_create(school=school, name="Load test")
    if created:
        classroom.skills.set(skills)
        classroom.goal_skills.set(skills)
    User = get_user_model()
    existing = set(User.objects.filter(username__in=usernames).values_list("username", flat=True))
    missing = [name for name in usernames if name not in existing]
    hashed = make_password(password)  # hashed once: synthetic accounts, one password
    User.objects.bulk_create([User(username=name, password=hashed) for name in missing])
    users = list(User.objects.filter(username__in=missing))
    Group.objects.get_or_create(name=STUDENT_GROUP)[0].user_set.add(*users)
    students = Student.objects.bulk_create([
        Student(user=user, external_id=user.username, display_name=user.username, school=school) for user in users])
    Enrollment.objects.bulk_create([Enrollment(classroom=classroom, student=s) for s in students])
    Attempt.objects.bulk_create(_history(students, skills, seed=len(existing)))
    return students


def load_world_prepare(*, users: int, password: str) -> list[str]:
    """The load test's `users` students (usernames load-001, ...), each with a model and a current plan; returns
    their usernames."""
    usernames = load_usernames(users)
    added = _students_add(usernames, password, _skills())
    if registry.active_version() is None:
        training.model_retrain(run=TrainingRun.objects.create(), config=training.training_config(**FAST_TRAINING))
    elif added:
        student_models.student_models_refresh(student_ids=[s.pk for s in added])
    return usernames
