"""python manage.py loadtest --users 50 --seconds 60 --json OUT: simulated students against the production stack.

On this machine only (127.0.0.1), on PostgreSQL (DATABASE_URL) and Redis (CELERY_BROKER_URL=redis://...): makes
the load test's students (learners/services/loadworld.py: load-001, ... each with a model and a plan), starts
gunicorn (portal/gunicorn.conf.py, a free port) and a Celery worker as subprocesses, and runs the students
(portal/loadsim.py): each signs in through the form, opens their plan, then practises (opens Practice, answers
with the form's server-signed key, reads the confirmation) with 1-3 s of thought between actions, the students
starting evenly over --ramp-seconds. Prints and writes the figures: requests, errors, p50/p95 in ms, answers
acknowledged and how many of those are stored exactly once. Every subprocess is stopped on the way out,
on an error or Ctrl-C too.
"""
import json
import multiprocessing
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from learners.services.loadworld import load_world_prepare
from portal import loadsim

PASSWORD = loadsim.LOAD_PASSWORD


class Command(BaseCommand):
    help = "Simulated students against gunicorn and a Celery worker on PostgreSQL and Redis; prints the figures."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=50)
        parser.add_argument("--seconds", type=float, default=60.0, help="how long the students practise")
        parser.add_argument("--ramp-seconds", type=float, default=None,
                            help="the students start evenly over this long (default: a third of --seconds, "
                                 "at most 20)")
        parser.add_argument("--web-workers", type=int, default=2 * multiprocessing.cpu_count() + 1,
                            help="gunicorn worker processes")
        parser.add_argument("--json", type=Path, help="write the figures here")
        parser.add_argument("--logs", type=Path, default=settings.VAR_DIR / "loadtest",
                            help="gunicorn's and the worker's output go to this folder")

    def handle(self, *args, users, seconds, ramp_seconds, web_workers, json: Path | None, logs: Path, **options):
        if users < 1 or seconds <= 0:
            raise CommandError("--users must be at least 1 and --seconds more than 0")
        ramp = min(20.0, seconds / 3) if ramp_seconds is None else ramp_seconds
        try:
            env = loadsim.stack_env(broker_url=settings.CELERY_BROKER_URL)
        except loadsim.StackError as error:
            raise CommandError(str(error)) from None
        usernames = load_world_prepare(users=users, password=PASSWORD)
        logs.mkdir(parents=True, exist_ok=True)
        self.stdout.write(f"{users} students for {seconds:g} s (starting over {ramp:g} s), gunicorn with "
                          f"{web_workers} workers and one Celery worker; their output in {logs}/")
        loadsim.interrupt_as_keyboard()
        try:
            with loadsim.worker_running(env, log_path=str(logs / "worker.log")) as worker, \
                    loadsim.gunicorn_running(env, workers=web_workers, log_path=str(logs / "gunicorn.log")) as site:
                usage = loadsim.CpuUsage.start(worker, site.process)
                measures = loadsim.run_users(site.url, usernames, PASSWORD, seconds=seconds, ramp_seconds=ramp)
                cpu = usage.stop()
        except loadsim.StackError as error:
            raise CommandError(f"{error} (see {logs}/)") from None
        figures = loadsim.summary(measures, users=users, seconds=seconds) | cpu | {
            "ramp_seconds": ramp, "web_workers": web_workers}
        self._report(figures, json)

    def _report(self, figures: dict, path: Path | None) -> None:
        self.stdout.write(
            f"requests {figures['requests']}, errors {figures['errors']}, p50 {figures['p50_ms']} ms, "
            f"p95 {figures['p95_ms']} ms, max {figures['max_ms']} ms; answers acknowledged {figures['acknowledged']}, "
            f"stored exactly once {figures['stored_once']}")
        self.stdout.write(
            f"CPU seconds: the stack {figures['cpu_seconds_stack']}, the simulator {figures['cpu_seconds_simulator']}"
            f"; the whole machine busy {figures['cpu_seconds_machine_busy']} of {figures['cpu_seconds_machine']}")
        for example in figures["error_examples"]:
            self.stdout.write(f"  error: {example}")
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(figures, indent=2) + "\n")
