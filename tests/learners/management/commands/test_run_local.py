"""`manage.py run_local` (what `make run` serves with): the site, a worker and beat, stopped together."""
import sys
import time
from pathlib import Path

from learners.management.commands.run_local import local_commands, run_together


def gone(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    return not status.exists() or "\nState:\tZ" in status.read_text()  # ended (a zombie has ended too)


def test_it_stops_the_others_and_their_children_when_one_stops(tmp_path):
    pid_file = tmp_path / "grandchild.pid"
    server = ("import subprocess, sys, time; child = subprocess.Popen([sys.executable, '-c', 'import time; "
              f"time.sleep(60)']); open({str(pid_file)!r}, 'w').write(str(child.pid)); time.sleep(60)")
    quitter = (f"import pathlib, sys, time\nwhile not pathlib.Path({str(pid_file)!r}).exists(): time.sleep(0.05)\n"
               "sys.exit(3)")
    said, started = [], time.monotonic()
    status = run_together({"server": [sys.executable, "-c", server], "quitter": [sys.executable, "-c", quitter]},
                          announce=said.append)
    assert status == 3 and time.monotonic() - started < 20
    assert said == ["quitter stopped (exit status 3): stopping the others"]
    deadline = time.monotonic() + 5
    while not gone(int(pid_file.read_text())) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert gone(int(pid_file.read_text()))  # runserver's reloader child goes with it


def test_it_starts_the_site_a_worker_on_both_queues_and_beat():
    commands = local_commands("127.0.0.1:8123")
    assert commands["site"][-2:] == ["runserver", "127.0.0.1:8123"]
    worker = " ".join(commands["worker"])
    assert "-A portal worker -Q default,gpu --pool solo --concurrency 1" in worker
    assert commands["beat"][-5:-2] == ["beat", "--scheduler", "django_celery_beat.schedulers:DatabaseScheduler"]
