"""Sentry: with SENTRY_DSN set, an error in a view reaches the DSN's server (here a listener on 127.0.0.1), without
personal data; without it, nothing is set up. Each case runs in a fresh interpreter, as settings are read once."""
import gzip
import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.portal.test_settings import ROOT, clean_env

RAISE_IN_A_VIEW = """
import django; django.setup()
import sentry_sdk
from django.core.management import call_command
call_command("migrate", verbosity=0)  # the in-memory database
from django.test import Client, override_settings
with override_settings(ROOT_URLCONF="tests.portal.error_urls"):
    answer = Client(raise_request_exception=False, HTTP_HOST="127.0.0.1").get(
        "/broken/", HTTP_COOKIE="sessionid=the-secret-session", HTTP_X_FORWARDED_FOR="203.0.113.9")
print(answer.status_code, sentry_sdk.get_client().is_active())
sentry_sdk.flush(10)
"""


class Listener(ThreadingHTTPServer):
    def __init__(self):
        super().__init__(("127.0.0.1", 0), Envelopes)
        self.envelopes: list[bytes] = []


class Envelopes(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        self.server.envelopes.append(body)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def run(code: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean_env(**env), capture_output=True,
                          text=True, timeout=60)


def test_it_sends_an_error_in_a_view_to_sentry_without_personal_data():
    listener = Listener()
    threading.Thread(target=listener.serve_forever, daemon=True).start()
    try:
        done = run(RAISE_IN_A_VIEW, SENTRY_DSN=f"http://publickey@127.0.0.1:{listener.server_port}/42",
                   SENTRY_ENVIRONMENT="staging-7", SENTRY_RELEASE="portal@1.2.3",
                   DATABASE_URL="sqlite://:memory:")
    finally:
        listener.shutdown()
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["500", "True"]
    events = [json.loads(line) for envelope in listener.envelopes for line in envelope.splitlines()
              if line.startswith(b"{") and b'"exception"' in line]
    assert len(events) == 1, listener.envelopes
    event = events[0]
    assert event["exception"]["values"][-1]["type"] == "RuntimeError"
    assert event["exception"]["values"][-1]["value"] == "a bug in a view"
    assert (event["environment"], event["release"]) == ("staging-7", "portal@1.2.3")
    assert event["transaction"] == "/broken/", event["request"]
    sent = b"".join(listener.envelopes)
    assert b"the-secret-session" not in sent and b"203.0.113.9" not in sent  # no cookies, no addresses


def test_it_sets_up_nothing_without_a_dsn():
    done = run("import django; django.setup(); import sentry_sdk; print(sentry_sdk.get_client().is_active())")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
