"""Logs: one line per request (method, path, status, duration, user id), and with LOG_FORMAT=json every log
record as one JSON object per line (time, level, logger, message, the request's or the task's fields, the
exception's text); human-readable lines otherwise."""
from __future__ import annotations

import datetime as dt
import json
import logging
import time

from celery._state import get_current_task
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError

LOG_FORMATS = ("text", "json")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
REQUEST_FIELDS = ("method", "path", "status", "duration_ms", "user_id")
# gunicorn's access line, when GUNICORN_ACCESS_LOG turns it on: address, request line, status, bytes, duration.
GUNICORN_ACCESS_FORMAT = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
GUNICORN_ATOMS = {"m": "method", "U": "path", "s": "status", "M": "duration_ms"}

request_logger = logging.getLogger("portal.request")


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname, "logger": record.name, "message": record.getMessage(),
        }
        entry |= _request_fields(record) | _task_fields()
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, default=str, ensure_ascii=False)


def _request_fields(record: logging.LogRecord) -> dict:
    fields = {name: getattr(record, name) for name in REQUEST_FIELDS if hasattr(record, name)}
    request = getattr(record, "request", None)  # django.request's records of 4xx/5xx carry the request
    if request is not None and hasattr(request, "path"):
        fields.setdefault("method", request.method)
        fields.setdefault("path", request.path)
        fields.setdefault("status", getattr(record, "status_code", None))
    if record.name == "gunicorn.access" and isinstance(record.args, dict):
        fields |= {name: record.args.get(atom) for atom, name in GUNICORN_ATOMS.items()}
    return fields


def _task_fields() -> dict:
    task = get_current_task()
    if task is None or task.request.id is None:
        return {}
    return {"task": task.name, "task_id": task.request.id}


def logging_config(log_format: str, level: str) -> dict:
    """Django's LOGGING: everything to standard error, as JSON lines or as text."""
    if log_format not in LOG_FORMATS:
        raise ImproperlyConfigured(f"LOG_FORMAT={log_format!r}: use one of {', '.join(LOG_FORMATS)}")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}, "text": {"format": TEXT_FORMAT}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": log_format}},
        "root": {"handlers": ["console"], "level": level},
    }


def gunicorn_logconfig(log_format: str) -> dict:
    """gunicorn's own logging: its defaults for text; JSON lines like the site's for json."""
    if log_format != "json":
        return {}
    return {
        "root": {"level": "INFO", "handlers": []},  # Django's LOGGING gives the root its handler in each worker
        "loggers": {name: {"level": "INFO", "handlers": ["json"], "propagate": False}
                    for name in ("gunicorn.error", "gunicorn.access")},
        "handlers": {"json": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
        "formatters": {"json": {"()": JsonFormatter}},
    }


class RequestLogMiddleware:
    """Logs every request once it is answered: `GET /plan/ 200 12.3ms user=5` (portal.request, INFO)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        user_id = _user_id(request)
        request_logger.info("%s %s %s %sms user=%s", request.method, request.path, response.status_code,
                            duration_ms, user_id, extra={
                                "method": request.method, "path": request.path, "status": response.status_code,
                                "duration_ms": duration_ms, "user_id": user_id})
        return response


def _user_id(request) -> int | None:
    """The signed-in user's id; None when there is none, or when the session cannot be read (the database is
    down: the response, a 503, is logged all the same)."""
    user = getattr(request, "user", None)
    try:
        return user.pk if user is not None and user.is_authenticated else None
    except DatabaseError:
        return None
