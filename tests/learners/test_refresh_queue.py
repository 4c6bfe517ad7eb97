"""Waking a worker for the refresh queue: debounced on the real Redis; with Redis down, an answer is still stored
and acknowledged at once, its refresh queued in the database."""
import os
import time

import pytest
import redis

from learners import refresh_queue
from learners.models import RefreshRequest
from learners.services import attempts
from portal.faults import broker, free_port
from tests.fixtures import SkillFactory, StudentFactory

REDIS_URL = os.getenv("REDIS_URL", "redis://127.0.0.1:6379/15")

pytestmark = pytest.mark.django_db


@pytest.fixture
def queues():
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.getenv("CI"):
            pytest.fail(f"CI needs Redis at {REDIS_URL}")
        pytest.skip(f"no Redis at {REDIS_URL}")
    client.delete("default", refresh_queue.SCHEDULED_KEY)
    with broker(REDIS_URL):
        yield client
    client.delete("default", refresh_queue.SCHEDULED_KEY)


def test_it_wakes_one_worker_for_a_burst_of_answers(queues, django_capture_on_commit_callbacks):
    skill = SkillFactory()
    with django_capture_on_commit_callbacks(execute=True):
        for student in StudentFactory.create_batch(3):
            attempts.attempt_record(student=student, skill=skill, correct=True)
    assert queues.llen("default") == 1 and queues.exists(refresh_queue.SCHEDULED_KEY)
    assert RefreshRequest.objects.count() == 3  # the queue itself is in the database
    refresh_queue.awake()  # the task started: the next answer wakes another
    refresh_queue.wake()
    assert queues.llen("default") == 2


def test_it_stores_and_acknowledges_answers_at_once_while_redis_is_down(django_capture_on_commit_callbacks):
    student, skill = StudentFactory(), SkillFactory()
    with broker(f"redis://127.0.0.1:{free_port()}/5"):  # nothing listens there
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True) as woken:
            attempt, created = attempts.attempt_record(student=student, skill=skill, correct=True)
        seconds = time.monotonic() - started
    assert created and attempt.pk and len(woken) == 1 and seconds < 1
    assert list(RefreshRequest.objects.values_list("student_id", flat=True)) == [student.pk]
