"""The load simulator: the production stack started as subprocesses (gunicorn, a Celery worker) on this machine,
and simulated students who sign in, open their plan and practise over plain HTTP, every request timed.

Reusable pieces (`manage.py loadtest` uses them; a fault check can restart the database or kill a worker while
users run): `stack_env`, `gunicorn_running`, `worker_running`, `run_users`, `summary`. Every subprocess runs in a
process group of its own and is stopped (SIGTERM, then SIGKILL after a grace) however the block is left,
Ctrl-C included."""
from __future__ import annotations

import http.client
import math
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

from django import db
from django.conf import settings
from django.core import signing

from learners.management.commands.run_local import local_commands, stop_processes
from learners.selectors.attempts import attempts_per_idempotency_key
from learners.selectors.workers import worker_heartbeat_ages
from portal import practice_keys

HOST = "127.0.0.1"
START_TIMEOUT_SECONDS = 60.0
REQUEST_TIMEOUT_SECONDS = 30.0
LOAD_PASSWORD = "load-test-2026"  # of the load test's students (learners/services/loadworld.py)
THINK_SECONDS = (1.0, 3.0)  # a simulated student waits this long (uniformly drawn) between two actions
ACKNOWLEDGED_MARK = 'class="feedback '  # the confirmation an answer was recorded (templates/practice.html)
FIELD = re.compile(r'<input type="hidden" name="(?P<name>[a-z_]+)" value="(?P<value>[^"]*)"')


class StackError(RuntimeError):
    """A subprocess of the stack did not start."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def database_url() -> str:
    """The URL of the database this process uses (a test run's test database included), for the subprocesses."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise StackError("the load simulator runs on PostgreSQL: set DATABASE_URL=postgres://...")
    password = f":{urllib.parse.quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or HOST}:{db['PORT'] or 5432}/{db['NAME']}"


def stack_env(*, broker_url: str, **overrides: str) -> dict[str, str]:
    """The environment of the subprocesses: this one's, on this process's database and the given broker, tasks
    on the worker."""
    if not broker_url.startswith("redis://"):
        raise StackError("the load simulator needs a Redis broker: set CELERY_BROKER_URL=redis://...")
    return os.environ | {
        "DATABASE_URL": database_url(), "CELERY_BROKER_URL": broker_url, "CELERY_TASK_ALWAYS_EAGER": "0",
        "DJANGO_SETTINGS_MODULE": "portal.settings", "SECRET_KEY": settings.SECRET_KEY,  # form keys read here too
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),  # the model checkpoints
        # production mode, as a school runs it, but plain HTTP on 127.0.0.1 (no TLS in front here)
        "DEBUG": "0", "ALLOWED_HOSTS": f"{HOST},localhost", "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(settings.VAR_DIR / "loadsim-static"),
    } | overrides


def static_collected(env: dict[str, str]) -> None:
    """The static files where production mode serves them from (STATIC_ROOT, with their manifest)."""
    subprocess.run([sys.executable, str(settings.BASE_DIR / "manage.py"), "collectstatic", "--noinput", "-v0"],
                   env=env, check=True, timeout=START_TIMEOUT_SECONDS)


def _started(command: list[str], env: dict[str, str], log_path: str | None) -> subprocess.Popen:
    output = open(log_path, "ab") if log_path else subprocess.DEVNULL
    try:
        return subprocess.Popen(command, env=env, cwd=settings.BASE_DIR, stdout=output, stderr=subprocess.STDOUT,
                                start_new_session=True)
    finally:
        if log_path:
            output.close()


def _wait_until(ready, process: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while not ready():
        if process.poll() is not None:
            raise StackError(f"{what} stopped while starting (exit status {process.returncode})")
        if time.monotonic() > deadline:
            raise StackError(f"{what} did not start within {START_TIMEOUT_SECONDS:.0f} s")
        time.sleep(0.2)


def _answers(base_url: str) -> bool:
    try:
        return request(base_url, "GET", "/healthz").status > 0
    except OSError:
        return False


@dataclass(frozen=True)
class Site:
    url: str  # http://127.0.0.1:PORT
    process: subprocess.Popen  # gunicorn's master (its workers are in its process group)


@contextmanager
def gunicorn_running(env: dict[str, str], *, workers: int, log_path: str | None = None) -> Iterator[Site]:
    """gunicorn with portal/gunicorn.conf.py on a free port of 127.0.0.1, once it answers."""
    static_collected(env)
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "-c", str(settings.BASE_DIR / "portal" / "gunicorn.conf.py"),
               "portal.wsgi"]
    process = _started(command, env | {"GUNICORN_BIND": f"{HOST}:{port}", "GUNICORN_WORKERS": str(workers)},
                       log_path)
    base_url = f"http://{HOST}:{port}"
    try:
        _wait_until(lambda: _answers(base_url), process, "gunicorn")
        yield Site(base_url, process)
    finally:
        stop_processes({"gunicorn": process})


@contextmanager
def worker_running(env: dict[str, str], *, name: str = "loadsim", log_path: str | None = None
                   ) -> Iterator[subprocess.Popen]:
    """A Celery worker as `make run` starts it (both queues, solo pool) under its own host name; yields it once
    its heartbeat is in the database."""
    hostname = f"{name}-{os.getpid()}@{socket.gethostname()}"
    process = _started(local_commands(f"{HOST}:0")["worker"] + ["--hostname", hostname], env, log_path)
    try:
        _wait_until(lambda: hostname in worker_heartbeat_ages(), process, "the Celery worker")
        yield process
    finally:
        stop_processes({"worker": process})


# -- HTTP, as a browser without JavaScript would do it ------------------------------------------------------
@dataclass
class Answer:
    status: int
    body: str
    location: str = ""
    cookies: dict[str, str] = field(default_factory=dict)


def request(base_url: str, method: str, path: str, *, form: dict | None = None,
            cookies: dict[str, str] | None = None) -> Answer:
    """One request on a fresh connection (gunicorn's sync workers close each one)."""
    parsed = urllib.parse.urlsplit(base_url)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=REQUEST_TIMEOUT_SECONDS)
    headers = {"Accept-Language": "en"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        jar = SimpleCookie()
        for header in response.msg.get_all("Set-Cookie") or []:
            jar.load(header)
        return Answer(response.status, text, response.getheader("Location", ""),
                      {name: morsel.value for name, morsel in jar.items()})
    finally:
        connection.close()


@dataclass
class Measures:
    """Every request's duration, the unexpected answers and the answers the site confirmed (their form keys)."""

    durations_ms: list[float] = field(default_factory=list)
    by_request: dict[str, list[float]] = field(default_factory=dict)  # "GET /plan/" -> its durations
    errors: list[str] = field(default_factory=list)
    acknowledged_keys: list[str] = field(default_factory=list)
    answered: list[tuple[float, int]] = field(default_factory=list)  # (monotonic end, status); 0: no answer
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, what: str, duration_ms: float, error: str | None = None, status: int = 0) -> None:
        with self.lock:
            self.answered.append((time.monotonic(), status))
            self.durations_ms.append(duration_ms)
            self.by_request.setdefault(what, []).append(duration_ms)
            if error:
                self.errors.append(error)


class SimulatedStudent:
    """One student's browser: a cookie jar, and each action timed into the shared measures."""

    def __init__(self, base_url: str, username: str, password: str, measures: Measures, rng: random.Random):
        self.base_url, self.username, self.password = base_url, username, password
        self.measures, self.rng, self.cookies = measures, rng, {}

    def _send(self, method: str, path: str, form: dict | None = None, expect: tuple[int, ...] = (200,)) -> Answer:
        started = time.perf_counter()
        try:
            answer = request(self.base_url, method, path, form=form, cookies=self.cookies)
        except OSError as error:
            self.measures.add(f"{method} {path}", (time.perf_counter() - started) * 1000, f"{method} {path}: {error!r}")
            raise
        self.cookies |= answer.cookies
        error = None if answer.status in expect else f"{method} {path}: {answer.status}"
        self.measures.add(f"{method} {path}", (time.perf_counter() - started) * 1000, error, answer.status)
        return answer

    def sign_in(self) -> None:
        page = self._send("GET", "/accounts/login/")
        form = {"csrfmiddlewaretoken": hidden_fields(page.body)["csrfmiddlewaretoken"],
                "username": self.username, "password": self.password}
        answer = self._send("POST", "/accounts/login/", form, expect=(302,))
        if answer.status != 302:
            raise SignInRefused(f"{self.username}: sign-in answered {answer.status}")
        home = self._send("GET", urllib.parse.urlsplit(answer.location).path or "/", expect=(302,))
        self.open_plan(urllib.parse.urlsplit(home.location).path or "/plan/")

    def open_plan(self, path: str = "/plan/") -> None:
        self._send("GET", path)

    def practise_once(self) -> None:
        """Open Practice, think, answer (right or wrong at random) and read the confirmation."""
        page = self._send("GET", "/practice/")
        fields = hidden_fields(page.body)
        if "key" not in fields:  # nothing left to practise today: look at the plan instead
            self.think()
            self.open_plan()
            return
        self.think()
        answer = str(self.rng.randint(1, 60))
        confirmation = self._send("POST", "/practice/", {
            name: fields[name] for name in ("csrfmiddlewaretoken", "item", "exercise", "key", "started")
        } | {"answer": answer})
        if confirmation.status == 200 and ACKNOWLEDGED_MARK in confirmation.body:
            with self.measures.lock:
                self.measures.acknowledged_keys.append(fields["key"])

    def think(self) -> None:
        time.sleep(self.rng.uniform(*THINK_SECONDS))

    def run_until(self, deadline: float) -> None:
        try:
            self.sign_in()
            while True:  # at least one exercise each, however slow the site
                self.think()
                self.practise_once()
                if time.monotonic() >= deadline:
                    break
        except (OSError, SignInRefused):
            pass  # counted as an error where it happened; this student stops
        except KeyError as missing:  # a page without the form it should have
            with self.measures.lock:
                self.measures.errors.append(f"{self.username}: no field {missing} on the page")


class SignInRefused(RuntimeError):
    pass


def hidden_fields(html: str) -> dict[str, str]:
    """The hidden inputs of a page's forms (the last of a name wins: the answer form comes last)."""
    return {m["name"]: m["value"].replace("&quot;", '"').replace("&amp;", "&") for m in FIELD.finditer(html)}


def run_users(base_url: str, usernames: list[str], password: str, *, seconds: float, ramp_seconds: float,
              seed: int = 0) -> Measures:
    """Every student in a thread of their own, starting evenly over `ramp_seconds`, practising (once at least)
    until `seconds` after the first started; returns when all have stopped."""
    measures, start = Measures(), time.monotonic()
    deadline = start + seconds
    threads = []
    for i, username in enumerate(usernames):
        student = SimulatedStudent(base_url, username, password, measures, random.Random(seed * 100_003 + i))
        delay = ramp_seconds * i / max(1, len(usernames))
        thread = threading.Thread(target=_after(delay, student.run_until), args=(deadline,), daemon=True)
        threads.append(thread)
        thread.start()
    for thread in threads:
        thread.join()
    return measures


def _after(delay: float, action):
    def delayed(*args):
        time.sleep(delay)
        action(*args)
    return delayed


def attempt_key(form_key: str) -> str:
    """The idempotency key of the attempt that the form `form_key` stored (portal.practice_keys)."""
    value = signing.loads(form_key, salt=practice_keys.SALT)
    return f"practice:{value['for'][0]}:{value['nonce']}"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]  # nearest rank


def summary(measures: Measures, *, users: int, seconds: float) -> dict:
    """The figures: requests, errors, p50/p95 in ms, answers acknowledged and of those stored exactly once."""
    keys = [attempt_key(key) for key in measures.acknowledged_keys]
    stored = attempts_per_idempotency_key(keys)
    return {
        "users": users, "seconds": seconds, "requests": len(measures.durations_ms), "errors": len(measures.errors),
        "error_examples": measures.errors[:10],
        "p50_ms": round(percentile(measures.durations_ms, 0.50), 1),
        "p95_ms": round(percentile(measures.durations_ms, 0.95), 1),
        "max_ms": round(max(measures.durations_ms, default=0.0), 1),
        "acknowledged": len(keys), "stored_once": sum(1 for key in keys if stored.get(key) == 1),
        "think_seconds": list(THINK_SECONDS),
        "by_request": {what: {"requests": len(ms), "p50_ms": round(percentile(ms, 0.5), 1),
                              "p95_ms": round(percentile(ms, 0.95), 1)} for what, ms in sorted(measures.by_request.items())},
    }


def _group_cpu_seconds(groups: set[int]) -> float:
    """CPU seconds of every process in these process groups so far (their reaped children's included)."""
    total = 0
    for stat in os.scandir("/proc"):
        if not stat.name.isdigit():
            continue
        try:
            with open(f"/proc/{stat.name}/stat") as file:
                fields = file.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if int(fields[2]) in groups:  # pgrp; then utime, stime, cutime, cstime in clock ticks
            total += sum(int(value) for value in fields[11:15])
    return total / os.sysconf("SC_CLK_TCK")


def _machine_cpu_seconds() -> tuple[float, float]:
    """(busy, all) CPU seconds of the whole machine since boot."""
    with open("/proc/stat") as file:
        ticks = [int(value) for value in file.readline().split()[1:8]]
    idle = ticks[3] + ticks[4]  # idle, iowait
    return (sum(ticks) - idle) / os.sysconf("SC_CLK_TCK"), sum(ticks) / os.sysconf("SC_CLK_TCK")


@dataclass
class CpuUsage:
    """What the stack's processes and this one used of the machine's CPU during the run, and how busy the whole
    machine was meanwhile (what else ran beside the test shows there)."""

    groups: set[int]
    stack: float
    own: float
    machine: tuple[float, float]

    @classmethod
    def start(cls, *processes: subprocess.Popen) -> CpuUsage:
        groups = {process.pid for process in processes}  # each leads its own process group
        return cls(groups, _group_cpu_seconds(groups), time.process_time(), _machine_cpu_seconds())

    def stop(self) -> dict:
        busy, every = _machine_cpu_seconds()
        return {"cpu_seconds_stack": round(_group_cpu_seconds(self.groups) - self.stack, 1),
                "cpu_seconds_simulator": round(time.process_time() - self.own, 1),
                "cpu_seconds_machine_busy": round(busy - self.machine[0], 1),
                "cpu_seconds_machine": round(every - self.machine[1], 1), "cpu_cores": os.cpu_count()}


def interrupt_as_keyboard() -> None:
    """SIGTERM acts like Ctrl-C, so that the `finally` blocks stop every subprocess."""
    signal.signal(signal.SIGTERM, signal.default_int_handler)


def restart_under_load(restart, *, usernames: list[str], password: str, log_dir: str, seconds: float = 45.0,
                       restart_at: float = 20.0) -> dict:
    """The students practise against gunicorn and a worker while `restart` (e.g. PostgreSQL's) runs `restart_at`
    seconds in, after every student has signed in. Returns how requests failed while it was down (503 is the clean
    way; anything else is counted in `unclean_failures`), `recovery_seconds` from the restart's return to the next
    answered request, and the acknowledged answers that are not stored exactly once (`lost_attempts`)."""
    env = stack_env(broker_url=settings.CELERY_BROKER_URL)
    window: dict[str, float] = {}

    def restart_timed() -> None:
        time.sleep(restart_at)
        window["start"] = time.monotonic()
        restart()
        window["back"] = time.monotonic()

    with worker_running(env, log_path=f"{log_dir}/worker.log"), \
            gunicorn_running(env, workers=3, log_path=f"{log_dir}/gunicorn.log") as site:
        restarter = threading.Thread(target=restart_timed, daemon=True)
        restarter.start()
        measures = run_users(site.url, usernames, password, seconds=seconds, ramp_seconds=min(10.0, restart_at / 2))
        restarter.join()
    db.connection.close()  # this process's connection did not live through the restart: a fresh one
    figures = summary(measures, users=len(usernames), seconds=seconds)
    during = [status for at, status in measures.answered if at >= window["start"]]
    failed = [status for status in during if status >= 500 or status == 0]
    served_after = [at for at, status in measures.answered if at >= window["back"] and 0 < status < 500]
    return {"lost_attempts": figures["acknowledged"] - figures["stored_once"],
            "recovered": bool(served_after),
            "recovery_seconds": round(max(0.0, served_after[0] - window["back"]), 2) if served_after else None,
            "restart_seconds": round(window["back"] - window["start"], 2),
            "answered_503": failed.count(503), "unclean_failures": len(failed) - failed.count(503),
            "failures_by_status": {str(status): failed.count(status) for status in sorted(set(failed))},
            "error_examples": figures["error_examples"],
            "requests": figures["requests"], "acknowledged": figures["acknowledged"],
            "stored_once": figures["stored_once"], "driven_by": f"{len(usernames)} simulated students over HTTP"}
