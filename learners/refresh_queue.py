"""Waking a worker for the refresh queue (the queue itself is in the database: `learners.services.refreshes`).

With a Redis broker, a commit that queued students schedules one `refresh_student_models` task, debounced by a
short-lived Redis flag: a burst of attempts becomes one task, not one per attempt. The task clears the flag when
it starts, so attempts during a refresh wake another. On another broker (the embedded one of `make run`) a task
is queued for each commit; with CELERY_TASK_ALWAYS_EAGER the refresh happens at once. When Redis is down nothing
is lost: the requests are in the database, and the sweep (`learners.tasks.recover`, every minute, and at each
worker's start) wakes a worker once it is back.
"""
from __future__ import annotations

import logging
from functools import lru_cache

from django.conf import settings

from learners.tasks import refresh_student_models

SCHEDULED_KEY = "learners:refresh:scheduled"
DEBOUNCE_SECONDS = 0.2
FLAG_SECONDS = 10
REDIS_TIMEOUT_SECONDS = 1.0  # a request waits no longer than this for a Redis that does not answer

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _redis():
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")) or settings.CELERY_TASK_ALWAYS_EAGER:
        return None
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
                                socket_timeout=REDIS_TIMEOUT_SECONDS)


def wake() -> None:
    """Have a worker process the refresh queue soon (call once the requests are committed). Never raises: the
    requests are stored already, and the sweep wakes a worker later."""
    try:
        client = _redis()
        if client is None:
            refresh_student_models.delay()
        elif client.set(SCHEDULED_KEY, 1, nx=True, ex=FLAG_SECONDS):
            refresh_student_models.apply_async(countdown=DEBOUNCE_SECONDS)
    except Exception:
        log.warning("could not wake a worker for the refresh queue: the sweep will", exc_info=True)
        if settings.CELERY_TASK_ALWAYS_EAGER:
            raise


def awake() -> None:
    """A refresh task has started: later commits must wake another one."""
    try:
        client = _redis()
        if client is not None:
            client.delete(SCHEDULED_KEY)
    except Exception:
        log.warning("could not clear the refresh wake-up flag (it expires by itself)", exc_info=True)
