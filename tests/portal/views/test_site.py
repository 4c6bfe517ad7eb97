"""The landing page for each kind of visitor, the health check and the language switch."""
import datetime as dt
import os

import pytest
from django.urls import reverse
from django.utils import timezone

from learners.models import ModelStatus, ModelVersion, WorkerHeartbeat
from learners.services.workers import worker_heartbeat_record
from portal import health

from learners.services import rosters
from tests.fixtures import AttemptFactory, ClassroomFactory, SkillFactory

pytestmark = pytest.mark.django_db


def test_it_sends_anonymous_visitors_to_sign_in(client):
    for name in ("home", "my-plan"):
        answer = client.get(reverse(name))
        assert answer.status_code == 302 and answer.url.startswith(reverse("login"))
    assert client.get(reverse("login")).status_code == 200


def test_it_answers_the_health_check(client):
    assert client.get(reverse("healthz")).json() == {
        "status": "ok", "database": "up", "broker": "in-process", "worker": "in-process", "workers": {},
        "active_model_age_seconds": None}


def test_it_reports_the_active_models_age(client):
    version = ModelVersion.objects.create(status=ModelStatus.ACTIVE,
                                          activated_at=timezone.now() - dt.timedelta(hours=2))
    assert version.pk and 7190 < client.get(reverse("healthz")).json()["active_model_age_seconds"] < 7300


def test_it_answers_503_when_the_broker_is_down(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    answer = client.get(reverse("healthz"))
    assert answer.status_code == 503 and answer.json()["broker"] == "down" and answer.json()["database"] == "up"


def test_it_answers_ok_with_a_live_broker(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = os.getenv("REDIS_URL", "redis://127.0.0.1:6379/15")
    if health.broker_status() == "down":
        if os.getenv("CI"):
            pytest.fail(f"CI starts Redis (.ci/run): none answers at {settings.CELERY_BROKER_URL}")
        pytest.skip("needs Redis (REDIS_URL); CI runs it")
    worker_heartbeat_record(hostname="celery@here")
    answer = client.get(reverse("healthz"))
    assert (answer.status_code, answer.json()["broker"], answer.json()["worker"]) == (200, "up", "up")


def test_it_answers_503_when_no_workers_heartbeat_is_fresh(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER, settings.CELERY_BROKER_URL = False, "memory://"
    settings.WORKER_HEARTBEAT_STALE_SECONDS = 60
    answer = client.get(reverse("healthz"))
    assert answer.status_code == 503 and answer.json() | {"active_model_age_seconds": None} == {
        "status": "down", "database": "up", "broker": "up", "worker": "down", "workers": {},
        "active_model_age_seconds": None}
    WorkerHeartbeat.objects.create(hostname="celery@old", beat_at=timezone.now() - dt.timedelta(seconds=90))
    answer = client.get(reverse("healthz"))
    assert answer.status_code == 503 and 89 < answer.json()["workers"]["celery@old"] < 95
    worker_heartbeat_record(hostname="celery@new")
    answer = client.get(reverse("healthz"))
    assert answer.status_code == 200 and answer.json()["worker"] == "up"
    assert list(answer.json()["workers"]) == ["celery@new", "celery@old"] and answer.json()["workers"]["celery@new"] < 5


def test_it_lands_a_student_on_their_own_plan(client):
    mine = rosters.student_create(username="me", display_name="Me Myself")
    other = rosters.student_create(username="other", display_name="Other One")
    AttemptFactory(student=mine, skill=SkillFactory(name="Fractions"))
    AttemptFactory(student=other, skill=SkillFactory(name="Geometry"))
    client.force_login(mine.user)
    assert client.get(reverse("home")).url == reverse("my-plan")
    page = client.get(reverse("my-plan")).content.decode()
    assert "Fractions" in page and "Geometry" not in page and "No study plan yet" in page


def test_it_shows_a_teacher_only_their_classrooms(client):
    teacher = rosters.teacher_create(username="t")
    mine, theirs = ClassroomFactory(name="Mine"), ClassroomFactory(name="Theirs")
    mine.teachers.add(teacher)
    client.force_login(teacher.user)
    page = client.get(reverse("home")).content.decode()
    assert "Mine" in page and "Theirs" not in page
    assert client.get(reverse("classroom", args=[mine.pk])).status_code == 200
    assert client.get(reverse("classroom", args=[theirs.pk])).status_code == 404


def test_it_switches_the_language(client):
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/accounts/login/"})
    assert 'lang="zh-hans"' in client.get(reverse("login")).content.decode()
