"""Browser tests: Playwright (sync API) driving the system Chromium against pytest-django's live server.

One browser for all of them, a new context (cookies, viewport) per test. Screenshots of every step
go to var/screenshots/. In CI (CI=true) a missing Chromium or Playwright fails the run; elsewhere the
tests are skipped with the reason. The `school` they visit is the shared one (tests/conftest.py).
"""
import os
import re
from pathlib import Path

import pytest

from tests.browser.helpers import DESKTOP

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-gpu"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
TIMEOUT_MS = 20_000  # a page's work (a model refresh, a plan) on a busy CI machine


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def _unavailable(reason: str):
    if _in_ci():
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="package")
def browser():
    """Package-scoped, not session-scoped: while Playwright runs, its event loop runs in the test thread, which
    breaks async_to_sync and makes Django refuse ORM calls; the tests outside this folder run without either."""
    if not Path(CHROMIUM).exists():
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -r requirements-test.txt -c constraints.txt)")
    # The tests build and check data with the ORM (and the database is flushed after each) while the loop runs.
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    finally:
        playwright.stop()
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture
def new_page(browser):
    """new_page(viewport=...): a page in a fresh context; every context is closed after the test, and the test
    fails if the Content-Security-Policy refused anything on any of its pages (Chromium says so on the console)."""
    contexts, refused = [], []

    def make(viewport=DESKTOP, **options):
        context = browser.new_context(viewport=viewport, locale="en-US", **options)  # the tests read English
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda message: refused.append(f"{page.url}: {message.text}")
                if "Content Security Policy" in message.text else None)
        return page

    yield make
    for context in contexts:
        context.close()
    assert not refused, "the Content-Security-Policy refused:\n" + "\n".join(refused)


@pytest.fixture
def shoot(request):
    """shoot(page, "step-name"): a full-page screenshot as var/screenshots/<test>--<step>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    test = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name.removeprefix("test_"))

    def take(page, step: str) -> Path:
        path = SCREENSHOTS / f"{test}--{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
