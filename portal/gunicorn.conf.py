"""gunicorn's settings for the site: `gunicorn -c portal/gunicorn.conf.py portal.wsgi` (each from the environment).

GUNICORN_BIND (127.0.0.1:8000), GUNICORN_WORKERS (2 x CPU cores + 1 processes), GUNICORN_THREADS (4 threads
each: a cheap request is served beside a slow one, such as a sign-in's password hashing, instead of waiting for
it), GUNICORN_TIMEOUT (30 s: a worker silent this long is killed and replaced), GUNICORN_GRACEFUL_TIMEOUT (30 s
to finish the requests in hand on a restart or stop), GUNICORN_KEEPALIVE (5 s), GUNICORN_MAX_REQUESTS (1000,
with a jitter of a tenth: a worker is recycled after so many requests), GUNICORN_ACCESS_LOG (none: the site logs
every request itself, with its user; "-" adds gunicorn's access line on standard output). With LOG_FORMAT=json
gunicorn's own lines are JSON too.
"""
import multiprocessing
import os

from portal.logs import GUNICORN_ACCESS_FORMAT, gunicorn_logconfig

bind = os.getenv("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.getenv("GUNICORN_WORKERS", str(2 * multiprocessing.cpu_count() + 1)))
threads = int(os.getenv("GUNICORN_THREADS", "4"))  # gthread: a cheap request is not stuck behind a slow one
timeout = int(os.getenv("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.getenv("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.getenv("GUNICORN_KEEPALIVE", "5"))
max_requests = int(os.getenv("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = max_requests // 10
accesslog = os.getenv("GUNICORN_ACCESS_LOG", "") or None  # the site logs every request itself (portal.request)
access_log_format = GUNICORN_ACCESS_FORMAT
errorlog = "-"
loglevel = os.getenv("LOG_LEVEL", "info").lower()
logconfig_dict = gunicorn_logconfig(os.getenv("LOG_FORMAT", "text"))
forwarded_allow_ips = os.getenv("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "portal"
