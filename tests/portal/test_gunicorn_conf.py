"""portal/gunicorn.conf.py: every setting from the environment, with production defaults."""
import multiprocessing
import runpy

from tests.portal.test_settings import ROOT

CONF = str(ROOT / "portal" / "gunicorn.conf.py")


def test_it_has_production_defaults(monkeypatch):
    for name in ("GUNICORN_BIND", "GUNICORN_WORKERS", "GUNICORN_THREADS", "GUNICORN_ACCESS_LOG", "LOG_FORMAT"):
        monkeypatch.delenv(name, raising=False)
    conf = runpy.run_path(CONF)
    assert conf["bind"] == "127.0.0.1:8000" and conf["workers"] == 2 * multiprocessing.cpu_count() + 1
    assert (conf["threads"], conf["timeout"], conf["graceful_timeout"], conf["max_requests"]) == (4, 30, 30, 1000)
    assert conf["accesslog"] is None and conf["logconfig_dict"] == {}  # the site logs requests; text lines


def test_it_reads_the_environment(monkeypatch):
    monkeypatch.setenv("GUNICORN_BIND", "0.0.0.0:9000")
    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    monkeypatch.setenv("GUNICORN_TIMEOUT", "120")
    monkeypatch.setenv("GUNICORN_ACCESS_LOG", "-")
    monkeypatch.setenv("LOG_FORMAT", "json")
    conf = runpy.run_path(CONF)
    assert (conf["bind"], conf["workers"], conf["timeout"], conf["accesslog"]) == ("0.0.0.0:9000", 3, 120, "-")
    assert set(conf["logconfig_dict"]["loggers"]) == {"gunicorn.error", "gunicorn.access"}
