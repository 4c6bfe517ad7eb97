"""Batching of per-student refreshes: a burst of attempts becomes one task, not one task per attempt.

With a Redis broker, committed attempts add their student to a Redis set and schedule one
`refresh_student_models` task (debounced by a short-lived flag); the task takes the whole set.
Several workers share the set (SPOP is atomic), so refreshes spread by student. Without a
broker, tasks run eagerly: the refresh happens at once, in-process.
"""
from __future__ import annotations

from functools import lru_cache

from django.conf import settings

PENDING_KEY = "learners:refresh:pending"
SCHEDULED_KEY = "learners:refresh:scheduled"
DEBOUNCE_SECONDS = 0.2
FLAG_SECONDS = 10
TAKE_AT_MOST = 5000


@lru_cache(maxsize=1)
def _redis():
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")) or settings.CELERY_TASK_ALWAYS_EAGER:
        return None
    import redis

    return redis.Redis.from_url(url)


def enqueue(student_ids) -> None:
    """Ask for these students' models to be refreshed soon (call once their attempts are committed)."""
    from learners.tasks import refresh_student_models

    ids = [int(s) for s in student_ids]
    client = _redis()
    if not ids:
        return
    if client is None:
        refresh_student_models.delay(ids)
        return
    client.sadd(PENDING_KEY, *ids)
    if client.set(SCHEDULED_KEY, 1, nx=True, ex=FLAG_SECONDS):
        refresh_student_models.apply_async(countdown=DEBOUNCE_SECONDS)


def take_pending() -> set[int]:
    """Every student queued so far (and clear the flag, so later attempts schedule a new task)."""
    client = _redis()
    if client is None:
        return set()
    client.delete(SCHEDULED_KEY)
    taken = {int(s) for s in client.spop(PENDING_KEY, TAKE_AT_MOST) or []}
    if client.scard(PENDING_KEY):  # more than one batch waiting: the next task takes the rest
        from learners.tasks import refresh_student_models

        if client.set(SCHEDULED_KEY, 1, nx=True, ex=FLAG_SECONDS):
            refresh_student_models.apply_async()
    return taken
