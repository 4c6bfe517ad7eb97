"""manage.py loadtest: simulated students against gunicorn and a real Celery worker (subprocesses) on PostgreSQL and
Redis; every answer the site confirmed is stored exactly once, and nothing is left running."""
import json

import pytest
from django.conf import global_settings
from django.core.management import CommandError, call_command

from learners.models import Attempt, Student, StudyPlan

pytestmark = pytest.mark.django_db(transaction=True)  # gunicorn and the worker read what the test wrote


def test_it_runs_students_against_the_stack_and_counts_every_answer_once(settings, redis_url, tmp_path):
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS  # gunicorn checks passwords with the defaults
    settings.CELERY_BROKER_URL, settings.MEDIA_ROOT = redis_url, tmp_path / "media"
    out = tmp_path / "load.json"
    call_command("loadtest", users=3, seconds=6, ramp_seconds=1, web_workers=2, json=out, logs=tmp_path / "logs")
    figures = json.loads(out.read_text())
    assert figures["errors"] == 0, figures["error_examples"]
    assert figures["requests"] >= 3 * 6  # each signs in (4 requests) and answers once at least (2)
    assert figures["acknowledged"] >= 3 and figures["stored_once"] == figures["acknowledged"]
    assert 0 < figures["p50_ms"] <= figures["p95_ms"] <= figures["max_ms"]
    assert set(figures["by_request"]) >= {"GET /accounts/login/", "POST /accounts/login/", "GET /plan/",
                                          "GET /practice/"}
    students = Student.objects.filter(user__username__in=["load-001", "load-002", "load-003"])
    assert students.count() == 3 and StudyPlan.objects.filter(student__in=students, is_current=True).count() == 3
    assert Attempt.objects.filter(student__in=students, idempotency_key__startswith="practice:").count() == \
        figures["acknowledged"]
    assert "Shutting down: Master" in (tmp_path / "logs" / "gunicorn.log").read_text()  # both stopped on the way
    assert "Warm shutdown" in (tmp_path / "logs" / "worker.log").read_text()  # out (tests/portal/test_loadsim.py)


def test_it_refuses_to_run_without_redis(settings, tmp_path):
    settings.CELERY_BROKER_URL = "filesystem://"
    with pytest.raises(CommandError, match="Redis"):
        call_command("loadtest", users=1, seconds=1, logs=tmp_path)
