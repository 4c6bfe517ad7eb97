"""python manage.py bench_pages --json OUT: server time of the class overview and of a student's plan page.

Builds, inside one transaction that is rolled back at the end (nothing stays), a classroom of
--students students by --skills course skills, an active model version with every student's model
(real-sized parameters), a current plan per student and --attempts-each attempts per student, then
requests the pages through Django's test client (the whole view: middleware, queries, charts,
templates) as the teacher and as a student. Baseline in the same run: the overview's data read the
naive way, one query per student for the whole model and plan (what the page would cost without the
dashboards' bounded reads). Run on PostgreSQL for the issue's figures.
"""
import datetime as dt
import json
import time
from pathlib import Path

import numpy as np
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from learners import engine, registry
from learners.models import (
    Attempt, Classroom, Cohort, ModelStatus, ModelVersion, PlanItem, PlanReason, School, Skill, StudentModel,
    StudyPlan,
)
from learners.services import rosters


class Rollback(Exception):
    pass


def _percentiles(samples: list[float]) -> dict:
    ms = np.asarray(samples) * 1000
    return {"p50": float(np.percentile(ms, 50)), "p95": float(np.percentile(ms, 95)), "n": len(samples)}


def _timed(client: Client, url: str, repeat: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        answer = client.get(url)
        assert answer.status_code == 200, (url, answer.status_code)
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        answer = client.get(url)
        samples.append(time.perf_counter() - started)
        assert answer.status_code == 200, (url, answer.status_code)
    return samples


def _parameters(rng, n_skills: int, vocabulary: list[int]) -> dict:
    return {
        "schema_version": 1, "skill_vocabulary": vocabulary, "mastery": rng.normal(0.5, 1.0, n_skills).tolist(),
        "gain": rng.uniform(0, 0.5, n_skills).tolist(), "variance": rng.uniform(0.05, 1.0, n_skills).tolist(),
        "transfer": 0.0, "n_observed": 100,
        "task_stats": {"count": 100.0, "total": rng.normal(0, 1, 128).tolist(), "sqsum": 500.0},
    }


def build_classroom(n_students: int, n_skills: int, attempts_each: int, seed: int = 0):
    """(classroom, teacher, one student) with an active version, models, plans and attempts."""
    rng = np.random.default_rng(seed)
    ModelVersion.objects.filter(status=ModelStatus.ACTIVE).update(status=ModelStatus.CANDIDATE)
    school = School.objects.create(name=f"Bench school {time.time_ns()}")
    skills = Skill.objects.bulk_create([Skill(code=f"bench-{time.time_ns()}-{i}", name=f"Bench skill {i:03d}")
                                        for i in range(n_skills)])
    vocabulary = [s.pk for s in skills]
    version = ModelVersion.objects.create(status=ModelStatus.ACTIVE, skill_vocabulary=vocabulary,
                                          metrics={"valid_auc": 0.8})
    cohorts = Cohort.objects.bulk_create([Cohort(version=version, index=c, centre=rng.normal(0, 1, 128).tolist(),
                                                 size=n_students // 8, mean_mastery=rng.uniform(0, 1, n_skills).tolist())
                                          for c in range(8)])
    teacher = rosters.teacher_create(username=f"bench-teacher-{time.time_ns()}")
    students = [rosters.student_create(username=f"bench-student-{time.time_ns()}-{i}", display_name=f"Student {i:03d}")
                for i in range(n_students)]
    classroom = rosters.classroom_create(school=school, name="Bench classroom", teachers=[teacher],
                                         students=students)
    classroom.skills.set(skills)
    parameters = [_parameters(rng, n_skills, vocabulary) for _ in students]
    StudentModel.objects.bulk_create([
        StudentModel(student=s, version=version, parameters=parameters[i],
                     mastery_now=engine.mastery_now_bytes(parameters[i]),
                     embedding=rng.normal(0, 1, 256).tolist(), n_attempts=attempts_each, cohort=cohorts[i % 8])
        for i, s in enumerate(students)])
    now = timezone.now()
    Attempt.objects.bulk_create([
        Attempt(student=s, skill=skills[int(rng.integers(n_skills))], correct=bool(c), score=float(c),
                submitted_at=now - dt.timedelta(minutes=attempts_each - t), idempotency_key=f"bench-{s.pk}-{t}")
        for s in students for t, c in enumerate(rng.random(attempts_each) < 0.7)], batch_size=5000)
    plans = StudyPlan.objects.bulk_create([
        StudyPlan(student=s, number=1, version=version, goal_skills=vocabulary, goal_forecast=float(rng.uniform(0.4, 1)),
                  goal_forecast_without=float(rng.uniform(0.3, 0.9)),
                  forecast_with_plan={str(k): float(p) for k, p in zip(vocabulary, rng.uniform(0.4, 1, n_skills))},
                  forecast_without_plan={str(k): float(p) for k, p in zip(vocabulary, rng.uniform(0.3, 0.9, n_skills))})
        for s in students])
    PlanItem.objects.bulk_create([
        PlanItem(plan=plan, position=i, session=i // 5, skill=skills[int(rng.integers(n_skills))],
                 reason=PlanReason.choices[0][0], p_success=0.7, expected_gain=0.02)
        for plan in plans for i in range(15)])
    return classroom, teacher, students[0]


def naive_overview(classroom: Classroom) -> int:
    """The baseline: one query per student for the whole stored model and the current plan."""
    version = registry.active_version()
    cells = 0
    for student in classroom.students.all():
        model = StudentModel.objects.filter(student=student, version=version).first()
        StudyPlan.objects.filter(student=student, is_current=True).first()
        if model:
            cells += len(engine.ExplicitModel.from_dict(model.parameters).predict(model.parameters["skill_vocabulary"]))
    return cells


class Command(BaseCommand):
    help = "Measure the class overview and a student's plan page (server time, p50/p95)."

    def add_arguments(self, parser):
        parser.add_argument("--json", dest="json_path", required=True)
        parser.add_argument("--students", type=int, default=200)
        parser.add_argument("--skills", type=int, default=110)
        parser.add_argument("--attempts-each", type=int, default=100)
        parser.add_argument("--requests", type=int, default=40)

    def handle(self, *args, json_path, students, skills, attempts_each, requests, **options):
        figures = {}
        try:
            with transaction.atomic():
                figures = self._measure(students, skills, attempts_each, requests)
                raise Rollback
        except Rollback:
            pass
        Path(json_path).parent.mkdir(parents=True, exist_ok=True)
        Path(json_path).write_text(json.dumps(figures, indent=2))
        self.stdout.write(json.dumps(figures, indent=2))

    def _measure(self, n_students, n_skills, attempts_each, requests) -> dict:
        started = time.perf_counter()
        classroom, teacher, student = build_classroom(n_students, n_skills, attempts_each)
        built = time.perf_counter() - started
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # the test client's host name
        client = Client()
        client.force_login(teacher.user)
        overview_url = reverse("classroom", args=[classroom.pk])
        overview = _percentiles(_timed(client, overview_url, requests))
        queries = []  # counted by a wrapper: the test client's request_started signal resets connection.queries
        with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
            client.get(overview_url)
        naive = []
        for _ in range(max(5, requests // 4)):
            t = time.perf_counter()
            naive_overview(classroom)
            naive.append(time.perf_counter() - t)
        client.force_login(student.user)
        plan = _percentiles(_timed(client, reverse("my-plan"), requests))
        return {
            "database": connection.vendor, "students": n_students, "skills": n_skills, "attempts_each": attempts_each,
            "requests": requests, "build_seconds": round(built, 2),
            "class_overview_p50_ms": round(overview["p50"], 1), "class_overview_p95_ms": round(overview["p95"], 1),
            "class_overview_queries": len(queries),
            "baseline_naive_overview_data_p50_ms": round(_percentiles(naive)["p50"], 1),
            "student_plan_p50_ms": round(plan["p50"], 1), "student_plan_p95_ms": round(plan["p95"], 1),
        }
