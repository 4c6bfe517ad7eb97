"""python manage.py run_local [HOST:PORT]: the site, a Celery worker and beat together, on one machine.

What `make run` starts: with no CELERY_BROKER_URL the three share the embedded broker in var/broker/, so a
retraining runs on the worker while the site stays responsive. When one of them stops (or on Ctrl-C) the others
are stopped too.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from learners.services.training import interrupted_runs_recover

GRACE_SECONDS = 10  # a stopped process gets this long to finish before it is killed
POLL_SECONDS = 0.3


def local_commands(host: str) -> dict[str, list[str]]:
    """The site, one worker on both queues (one task at a time, in its own process) and beat."""
    python, celery = sys.executable, [sys.executable, "-m", "celery", "-A", "portal"]
    return {
        "site": [python, str(settings.BASE_DIR / "manage.py"), "runserver", host],
        "worker": celery + ["worker", "-Q", "default,gpu", "--pool", "solo", "--concurrency", "1", "--loglevel",
                            "INFO", "--without-mingle", "--without-gossip", "--without-heartbeat"],
        "beat": celery + ["beat", "--scheduler", settings.CELERY_BEAT_SCHEDULER, "--loglevel", "INFO"],
    }


def stop_processes(processes: dict[str, subprocess.Popen]) -> None:
    """SIGTERM to each running process's group (runserver's reloader has a child), SIGKILL after the grace."""
    running = [p for p in processes.values() if p.poll() is None]
    for process in running:
        os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + GRACE_SECONDS
    for process in running:
        try:
            process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def run_together(commands: dict[str, list[str]], *, announce=print) -> int:
    """Start every command; when the first one ends, or on Ctrl-C, stop the rest. The first one's exit status
    (0 on Ctrl-C)."""
    processes = {name: subprocess.Popen(command, start_new_session=True) for name, command in commands.items()}
    status = 0
    try:
        while True:
            ended = next(((name, p.returncode) for name, p in processes.items() if p.poll() is not None), None)
            if ended:
                announce(f"{ended[0]} stopped (exit status {ended[1]}): stopping the others")
                status = ended[1]
                break
            time.sleep(POLL_SECONDS)
    except KeyboardInterrupt:
        announce("stopping the site, the worker and beat")
    finally:
        stop_processes(processes)
    return status


class Command(BaseCommand):
    help = "Serve the site with a Celery worker and beat beside it (the zero-setup `make run`)."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000", help="where the site listens")

    def handle(self, *args, addrport, **options):
        if settings.CELERY_TASK_ALWAYS_EAGER:
            self.stderr.write("CELERY_TASK_ALWAYS_EAGER is on: tasks run in the site's process, the worker idles")
        if settings.CELERY_BROKER_URL.startswith("filesystem://"):  # the only worker on this broker is ours
            for run in interrupted_runs_recover(every_running=True):
                self.stdout.write(f"training run {run.pk} was running when the worker last stopped: taken up")
        self.stdout.write(f"site http://{addrport}/, a Celery worker and beat (broker {settings.CELERY_BROKER_URL}); "
                          "Ctrl-C stops all three")
        sys.exit(run_together(local_commands(addrport), announce=self.stdout.write))
