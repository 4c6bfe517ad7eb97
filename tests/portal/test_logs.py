"""Logs: every request in a line with its method, path, status, duration and user; LOG_FORMAT=json gives one JSON
object a line (with a task's name and id inside a task, and an exception's text), text otherwise."""
import io
import json
import logging
import subprocess
import sys

import pytest
from django.urls import reverse

from portal.celery import app
from portal.logs import JsonFormatter, gunicorn_logconfig
from tests.fixtures import UserFactory
from tests.portal.test_settings import ROOT, clean_env


@pytest.fixture
def json_lines():
    """What the root logger writes from now on, as JSON lines (INFO and up)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(level)


@app.task(name="tests.portal.test_logs.noisy")
def noisy():
    logging.getLogger("tests.noisy").warning("working")


@pytest.mark.django_db
def test_it_logs_each_request_with_its_user_status_and_duration(client, json_lines):
    user = UserFactory()
    client.force_login(user)
    client.get(reverse("home"))
    client.logout()
    client.get("/no-such-page/")
    requests = [line for line in json_lines() if line["logger"] == "portal.request"]
    assert [(r["method"], r["path"], r["status"], r["user_id"]) for r in requests] == [
        ("GET", "/", 200, user.pk), ("GET", "/no-such-page/", 404, None)]
    assert all(r["duration_ms"] >= 0 and r["level"] == "INFO" and r["time"].endswith("+00:00") for r in requests)
    assert requests[0]["message"].startswith("GET / 200 ")
    not_found = next(line for line in json_lines() if line["logger"] == "django.request")
    assert (not_found["method"], not_found["path"], not_found["status"]) == ("GET", "/no-such-page/", 404)


def test_it_names_the_task_and_its_id_inside_a_task(json_lines):
    result = noisy.apply(task_id="task-id-42")
    assert result.successful()
    line = next(line for line in json_lines() if line["logger"] == "tests.noisy")
    assert (line["message"], line["task"], line["task_id"]) == ("working", "tests.portal.test_logs.noisy", "task-id-42")


def test_it_carries_the_exceptions_text(json_lines):
    try:
        {}["missing"]
    except KeyError:
        logging.getLogger("tests.failing").exception("it failed")
    line = next(line for line in json_lines() if line["logger"] == "tests.failing")
    assert line["level"] == "ERROR" and "KeyError: 'missing'" in line["exception"] and "task" not in line


def log_from_a_fresh_process(**env) -> str:
    code = "import django, logging; django.setup(); logging.getLogger('portal.check').warning('hello %s', 'there')"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean_env(**env), capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    return done.stderr.strip().splitlines()[-1]


def test_it_writes_json_lines_when_told_and_text_by_default(tmp_path):
    line = json.loads(log_from_a_fresh_process(VAR_DIR=str(tmp_path), LOG_FORMAT="json"))
    assert (line["level"], line["logger"], line["message"]) == ("WARNING", "portal.check", "hello there")
    text = log_from_a_fresh_process(VAR_DIR=str(tmp_path))
    assert text.endswith("WARNING portal.check hello there") and not text.startswith("{")


def test_it_refuses_an_unknown_log_format(tmp_path):
    code = "import django; django.setup()"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean_env(VAR_DIR=str(tmp_path),
                          LOG_FORMAT="xml"), capture_output=True, text=True)
    assert done.returncode != 0 and "LOG_FORMAT='xml'" in done.stderr


def test_it_gives_gunicorns_own_lines_the_json_format_only_when_told():
    assert gunicorn_logconfig("text") == {}
    config = gunicorn_logconfig("json")
    assert config["formatters"]["json"]["()"] is JsonFormatter
    assert {name: logger["handlers"] for name, logger in config["loggers"].items()} == {
        "gunicorn.error": ["json"], "gunicorn.access": ["json"]}


def test_it_reads_gunicorns_access_line_into_fields():
    atoms = {"m": "POST", "U": "/practice/", "s": "200", "M": "41", "h": "127.0.0.1"}
    record = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1, '%(h)s "%(m)s %(U)s" %(s)s', (atoms,),
                               None)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == '127.0.0.1 "POST /practice/" 200'
    assert (line["method"], line["path"], line["status"], line["duration_ms"]) == ("POST", "/practice/", "200", "41")
