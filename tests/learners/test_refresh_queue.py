"""The Redis-backed refresh queue on the real Redis: claims survive failures and re-deliveries."""
import os

import pytest
import redis

from learners import refresh_queue

REDIS_URL = os.getenv("REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def queue(settings):
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError:
        if os.getenv("CI"):
            pytest.fail(f"CI needs Redis at {REDIS_URL}")
        pytest.skip(f"no Redis at {REDIS_URL}")
    settings.CELERY_BROKER_URL, settings.CELERY_TASK_ALWAYS_EAGER = REDIS_URL, False
    refresh_queue._redis.cache_clear()
    client = refresh_queue._redis()
    client.delete(refresh_queue.PENDING_KEY, refresh_queue.SCHEDULED_KEY, refresh_queue.CLAIM_PREFIX + "t1")
    yield client
    client.delete(refresh_queue.PENDING_KEY, refresh_queue.SCHEDULED_KEY, refresh_queue.CLAIM_PREFIX + "t1")
    refresh_queue._redis.cache_clear()


def pending(client):
    return {int(s) for s in client.smembers(refresh_queue.PENDING_KEY)}


def test_it_claims_every_queued_student_and_forgets_them_on_success(queue):
    queue.sadd(refresh_queue.PENDING_KEY, 11, 12)
    with refresh_queue.claimed("t1", [13]) as ids:
        assert ids == {11, 12, 13} and pending(queue) == set()
    assert not queue.exists(refresh_queue.CLAIM_PREFIX + "t1")


def test_it_puts_the_students_back_when_the_refresh_fails(queue):
    queue.sadd(refresh_queue.PENDING_KEY, 11, 12)
    with pytest.raises(RuntimeError), refresh_queue.claimed("t1", []):
        raise RuntimeError("database went away")
    assert pending(queue) == {11, 12}


def test_it_gives_a_redelivered_task_the_students_it_had_claimed(queue):
    queue.sadd(refresh_queue.PENDING_KEY, 11, 12)
    claim = refresh_queue.claimed("t1", [])
    assert claim.__enter__() == {11, 12}  # the worker dies here: no exit, the claim stays
    queue.sadd(refresh_queue.PENDING_KEY, 99)  # queued later: for the next task
    with refresh_queue.claimed("t1", []) as again:
        assert again == {11, 12}
    assert pending(queue) == {99}


def test_it_hands_the_whole_backlog_to_a_drain(queue):
    queue.sadd(refresh_queue.PENDING_KEY, 12, 11)
    assert refresh_queue.take_pending() == [11, 12]
    assert pending(queue) == set() and refresh_queue.take_pending() == []
