"""A Celery worker's heartbeat: from the moment it is ready, a timer thread in the worker's main process writes
the time under its host name every WORKER_HEARTBEAT_SECONDS (learners.services.workers); a clean stop removes
it. The health check only reads those rows, so it stays fast whatever the workers are doing. The thread runs
beside any pool (solo, prefork, threads): a worker busy with a long task still beats."""
from __future__ import annotations

import logging
import threading

from celery.signals import worker_ready, worker_shutdown
from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection

logger = logging.getLogger(__name__)
_stop = threading.Event()
_writing = threading.Lock()  # a beat in flight when the worker stops ends before its row is removed


def beat(hostname: str) -> None:
    """One heartbeat; a database that does not answer now is tried again at the next one."""
    from learners.services.workers import worker_heartbeat_record

    try:
        with _writing:
            if _stop.is_set():
                return
            close_old_connections()
            worker_heartbeat_record(hostname=hostname)
    except DatabaseError as error:
        logger.warning("worker heartbeat not written: %s", error)
    finally:
        connection.close()  # this thread's own connection: none is held between beats


def _beat_until_stopped(hostname: str) -> None:
    while not _stop.is_set():
        beat(hostname)
        _stop.wait(settings.WORKER_HEARTBEAT_SECONDS)


@worker_ready.connect
def start_beating(sender, **kwargs) -> None:
    _stop.clear()
    threading.Thread(target=_beat_until_stopped, args=(sender.hostname,), name="worker-heartbeat",
                     daemon=True).start()


@worker_shutdown.connect
def stop_beating(sender, **kwargs) -> None:
    from learners.services.workers import worker_heartbeat_forget

    _stop.set()
    try:
        with _writing:
            worker_heartbeat_forget(hostname=sender.hostname)
    except DatabaseError as error:
        logger.warning("worker heartbeat not removed: %s", error)
    finally:
        connection.close()
