"""The load simulator's pieces: gunicorn with our config and a worker, as subprocesses; a stack left in the middle
of a run (an error, Ctrl-C) leaves no process behind."""
import json
import os

import pytest

from portal import loadsim

pytestmark = pytest.mark.django_db(transaction=True)


def group_alive(pid: int) -> bool:
    try:
        os.killpg(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_it_serves_with_json_logs_and_stops_everything_when_the_run_fails(redis_url, tmp_path):
    env = loadsim.stack_env(broker_url=redis_url, LOG_FORMAT="json", LOG_LEVEL="INFO")
    with pytest.raises(KeyboardInterrupt):
        with loadsim.worker_running(env, log_path=str(tmp_path / "worker.log")) as worker, \
                loadsim.gunicorn_running(env, workers=2, log_path=str(tmp_path / "gunicorn.log")) as site:
            assert loadsim.request(site.url, "GET", "/accounts/login/").status == 200
            assert group_alive(worker.pid) and group_alive(site.process.pid)
            raise KeyboardInterrupt  # as Ctrl-C would
    assert not group_alive(worker.pid) and not group_alive(site.process.pid)  # workers and children too
    with pytest.raises(OSError):
        loadsim.request(site.url, "GET", "/accounts/login/")
    lines = [json.loads(line) for line in (tmp_path / "gunicorn.log").read_text().splitlines()]  # JSON, each
    served = [line for line in lines if line["logger"] == "portal.request"]
    assert [(line["method"], line["path"], line["status"]) for line in served][-1] == ("GET", "/accounts/login/", 200)
    assert any(line["logger"] == "gunicorn.error" and "Booting worker" in line["message"] for line in lines)


def test_it_reads_hidden_fields_and_percentiles():
    html = ('<input type="hidden" name="csrfmiddlewaretoken" value="abc">'
            '<input type="hidden" name="key" value="a&amp;b:&quot;c">')
    assert loadsim.hidden_fields(html) == {"csrfmiddlewaretoken": "abc", "key": 'a&b:"c'}
    assert loadsim.percentile([5.0, 1.0, 3.0, 2.0, 4.0], 0.5) == 3.0
    assert loadsim.percentile(list(range(1, 101)), 0.95) == 95 and loadsim.percentile([], 0.95) == 0.0
