"""Batching of per-student refreshes: a burst of attempts becomes one task, not one task per attempt.

With a Redis broker, committed attempts add their student to a Redis set and schedule one
`refresh_student_models` task (debounced by a short-lived flag). The task claims the whole set by
moving it under its own key: a re-delivered task (its worker died) finds the same students there, a
failed one puts them back, and only success forgets them. Several workers share the set, so
refreshes spread by student. On another broker (the embedded one of `make run`) the task is queued
for each commit; with CELERY_TASK_ALWAYS_EAGER the refresh happens at once.
"""
from __future__ import annotations

import logging
from contextlib import contextmanager
from functools import lru_cache

from django.conf import settings

from learners.tasks import refresh_student_models

PENDING_KEY = "learners:refresh:pending"
SCHEDULED_KEY = "learners:refresh:scheduled"
CLAIM_PREFIX = "learners:refresh:claimed:"
DEBOUNCE_SECONDS = 0.2
FLAG_SECONDS = 10
CLAIM_SECONDS = 24 * 3600
TAKE_AT_MOST = 2000

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _redis():
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")) or settings.CELERY_TASK_ALWAYS_EAGER:
        return None
    import redis

    return redis.Redis.from_url(url)


def _schedule(client) -> None:
    if client.set(SCHEDULED_KEY, 1, nx=True, ex=FLAG_SECONDS):
        refresh_student_models.apply_async(countdown=DEBOUNCE_SECONDS)


def enqueue(student_ids) -> None:
    """Ask for these students' models to be refreshed soon (call once their attempts are committed).
    Never raises: the attempts are stored already, and the nightly retraining refreshes everyone."""
    ids = [int(s) for s in student_ids]
    if not ids:
        return
    try:
        client = _redis()
        if client is None:
            refresh_student_models.delay(ids)
            return
        client.sadd(PENDING_KEY, *ids)
        _schedule(client)
    except Exception:
        log.exception("could not queue a refresh for %d students", len(ids))
        if settings.CELERY_TASK_ALWAYS_EAGER:
            raise


def take_pending() -> list[int]:
    """Remove and return every student waiting for a refresh (an operator's drain, e.g. of the backlog a
    demo import leaves when no worker ran, before measuring one attempt's latency)."""
    client = _redis()
    if client is None:
        return []
    return sorted(int(s) for s in client.spop(PENDING_KEY, client.scard(PENDING_KEY)) or [])


@contextmanager
def claimed(task_id: str | None, student_ids):
    """The students this task refreshes: those given, plus every queued one (claimed under the task id)."""
    client = _redis()
    if client is None or not task_id:
        yield {int(s) for s in student_ids}
        return
    key = CLAIM_PREFIX + task_id
    if not client.exists(key):  # a first delivery: claim what is queued
        client.delete(SCHEDULED_KEY)
        taken = client.spop(PENDING_KEY, TAKE_AT_MOST) or []
        if taken:
            client.sadd(key, *taken)
            client.expire(key, CLAIM_SECONDS)
        if client.scard(PENDING_KEY):  # more than one batch waiting: another task takes the rest
            _schedule(client)
    ids = {int(s) for s in client.smembers(key)} | {int(s) for s in student_ids}
    try:
        yield ids
    except BaseException:
        if ids:
            client.sadd(PENDING_KEY, *ids)  # back in the queue for the retry or the next task
        client.delete(key)
        raise
    client.delete(key)
