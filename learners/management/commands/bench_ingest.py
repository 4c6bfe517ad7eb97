"""python manage.py bench_ingest --json OUT: how fast attempts come in, on a scratch copy of the configured database.

Each measure (MEASURES; `--only` picks some) sends attempts the way a school's system would and returns its
figures; the baseline of each sits beside it in the same run:
- `api`: batches of 10,000 attempts through the JSON API (`POST /api/v1/attempts/batch`, Django's test client:
  every middleware, token check, JSON parsing and validation, one transaction per batch) as
  `api_attempts_per_s` (and per CPU second of this process, `api_attempts_per_cpu_s`, PostgreSQL's CPU
  not counted), a retry of one batch (nothing new stored) as `api_batch_retry_seconds`, and the same
  attempts one per request (`POST /api/v1/attempts`) as `api_single_attempts_per_s`, the baseline.
- `xapi`: batches of 1,000 xAPI statements (`POST /xapi/statements`, Basic authentication with the token,
  actors by account name, activities mapped to skills in XapiActivity) as `xapi_statements_per_s`, and the
  same statements one per request as `xapi_single_statements_per_s`, the baseline.
The scratch database (scratch_<name>) is created and dropped here; refreshes are queued to an in-memory broker
(the figures are ingestion, not model refreshes). DEBUG is off while measuring (no query log).
"""
import base64
import json
import time
import uuid
from typing import Callable

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings

from learners import refresh_queue
from learners.management.scratch import scratch_database, write_figures
from learners.models import School, Skill, Student, XapiActivity
from learners.services.api_tokens import api_token_create
from portal.celery import app

BATCH = 10_000
XAPI_BATCH = 1_000


class World:
    """A school of `students` students and `skills` skills, and a write token of the school's."""

    def __init__(self, students: int, skills: int):
        self.school = School.objects.create(name="Bench school")
        Student.objects.bulk_create(Student(external_id=f"bench-{i}", school=self.school) for i in range(students))
        Skill.objects.bulk_create(Skill(code=f"bench-skill-{i}", name=f"Skill {i}") for i in range(skills))
        self.student_ids = list(Student.objects.filter(school=self.school).values_list("pk", flat=True))
        self.skill_ids = list(Skill.objects.values_list("pk", flat=True))
        self.token = api_token_create(school=self.school, name="bench", scope="write")[1]
        XapiActivity.objects.bulk_create(XapiActivity(school=self.school, activity_id=f"https://lms.example/q/{i}",
                                                      skill_id=skill) for i, skill in enumerate(self.skill_ids))

    def client(self) -> Client:
        return Client(HTTP_AUTHORIZATION=f"Bearer {self.token}")

    def xapi_client(self) -> Client:
        basic = base64.b64encode(f"lrp:{self.token}".encode()).decode()
        return Client(HTTP_AUTHORIZATION=f"Basic {basic}", HTTP_X_EXPERIENCE_API_VERSION="1.0.3")

    def statement(self, n: int) -> dict:
        """The n-th statement as an LMS sends it: students and activities in turn, one success in three."""
        return {"id": str(uuid.uuid4()), "actor": {"account": {"homePage": "https://lms.example",
                                                                "name": f"bench-{n % len(self.student_ids)}"}},
                "verb": {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-US": "answered"}},
                "object": {"id": f"https://lms.example/q/{(7 * n) % len(self.skill_ids)}", "objectType": "Activity"},
                "result": {"success": n % 3 == 0, "score": {"scaled": 1.0 if n % 3 == 0 else 0.5},
                           "duration": "PT20S"},
                "timestamp": "2026-11-30T08:00:00Z"}

    def attempt(self, n: int) -> dict:
        """The n-th attempt: students and skills in turn, one right in three, a fresh key."""
        return {"idempotency_key": uuid.uuid4().hex, "student_id": self.student_ids[n % len(self.student_ids)],
                "skill_id": self.skill_ids[(7 * n) % len(self.skill_ids)], "correct": n % 3 == 0,
                "submitted_at": "2026-11-30T08:00:00Z", "duration_seconds": 20 + n % 40}


def post(client: Client, url: str, body: str, expect: int) -> dict:
    answer = client.post(url, body, content_type="application/json")
    if answer.status_code != expect:
        raise CommandError(f"{url}: {answer.status_code}, expected {expect}: {answer.content[:300]!r}")
    return answer.json()


def measure_api(world: World, options: dict) -> dict:
    client, batches, singles, size = world.client(), options["batches"], options["singles"], options["batch_size"]
    bodies = [json.dumps({"items": [world.attempt(b * size + i) for i in range(size)]}) for b in range(batches)]
    started, cpu_started = time.perf_counter(), time.process_time()
    for body in bodies:
        assert post(client, "/api/v1/attempts/batch", body, 200)["new"] == size
    batch_seconds, batch_cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    started = time.perf_counter()
    assert post(client, "/api/v1/attempts/batch", bodies[0], 200)["already_stored"] == size
    retry_seconds = time.perf_counter() - started
    ones = [json.dumps(world.attempt(batches * size + i)) for i in range(singles)]
    started = time.perf_counter()
    for body in ones:
        post(client, "/api/v1/attempts", body, 201)
    single_seconds = time.perf_counter() - started
    return {
        "api_batch_size": size, "api_batches": batches, "api_batch_body_bytes": len(bodies[0]),
        "api_attempts_per_s": round(batches * size / batch_seconds),
        "api_seconds_per_batch": round(batch_seconds / batches, 3),
        # this process's CPU time only (PostgreSQL's is not counted): what the machine's load leaves out
        "api_attempts_per_cpu_s": round(batches * size / batch_cpu_seconds),
        "api_batch_retry_seconds": round(retry_seconds, 3),
        "api_single_requests": singles,
        "api_single_attempts_per_s": round(singles / single_seconds),
        "api_baseline": "api_single_attempts_per_s: the same attempts one per request, same run",
    }


def measure_xapi(world: World, options: dict) -> dict:
    client, batches, singles = world.xapi_client(), options["batches"], options["singles"]
    first = 10 ** 7  # statement numbers of their own (the api measure's attempts are others)
    bodies = [json.dumps([world.statement(first + b * XAPI_BATCH + i) for i in range(XAPI_BATCH)])
              for b in range(batches)]
    started = time.perf_counter()
    for body in bodies:
        assert len(post(client, "/xapi/statements", body, 200)) == XAPI_BATCH
    batch_seconds = time.perf_counter() - started
    ones = [json.dumps(world.statement(first + batches * XAPI_BATCH + i)) for i in range(singles)]
    started = time.perf_counter()
    for body in ones:
        post(client, "/xapi/statements", body, 200)
    single_seconds = time.perf_counter() - started
    return {
        "xapi_batch_size": XAPI_BATCH, "xapi_batches": batches,
        "xapi_statements_per_s": round(batches * XAPI_BATCH / batch_seconds),
        "xapi_single_requests": singles,
        "xapi_single_statements_per_s": round(singles / single_seconds),
        "xapi_baseline": "xapi_single_statements_per_s: the same kind of statements one per request, same run",
    }


MEASURES: dict[str, Callable[[World, dict], dict]] = {"api": measure_api, "xapi": measure_xapi}


class Command(BaseCommand):
    help = "Measure attempts ingested through the JSON API (batches of 10,000 against one per request)."

    def add_arguments(self, parser):
        parser.add_argument("--json", dest="json_path", required=True, help="where to write the figures")
        parser.add_argument("--only", default=",".join(MEASURES), help=f"measures to run, of: {', '.join(MEASURES)}")
        parser.add_argument("--batches", type=int, default=5, help="batches through the API")
        parser.add_argument("--batch-size", type=int, default=BATCH, help="attempts a batch (at most 10,000)")
        parser.add_argument("--singles", type=int, default=1000, help="attempts sent one per request (baseline)")
        parser.add_argument("--students", type=int, default=2000)
        parser.add_argument("--skills", type=int, default=110)

    def handle(self, *args, json_path: str, only: str, **options):
        chosen = [name.strip() for name in only.split(",") if name.strip()]
        if unknown := set(chosen) - set(MEASURES):
            raise CommandError(f"no such measure: {', '.join(sorted(unknown))}")
        with scratch_database():
            figures = self.measure(chosen, options)
        write_figures(json_path, figures, self.stdout)

    def measure(self, chosen: list[str], options: dict) -> dict:
        app.conf.broker_url = "memory://"
        with override_settings(DEBUG=False, CELERY_BROKER_URL="memory://", CELERY_TASK_ALWAYS_EAGER=False,
                               ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False):
            refresh_queue._redis.cache_clear()
            app.conf.task_always_eager = False
            world = World(options["students"], options["skills"])
            figures = {"database": connection.vendor}
            for name in chosen:
                figures |= MEASURES[name](world, options)
        refresh_queue._redis.cache_clear()
        return figures
