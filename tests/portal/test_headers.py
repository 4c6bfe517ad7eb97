"""Security headers on every response: a Content-Security-Policy that allows no inline script or handler (inline
styles only for plotly.js's own), a Permissions-Policy, and Django's own; and no inline script, handler or style in
our templates."""
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.fixtures import UserFactory

pytestmark = pytest.mark.django_db
TEMPLATES = Path(settings.BASE_DIR) / "templates"
CSP = {"default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
       "font-src 'self' data:", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'"}
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=|javascript:|\sstyle\s*=|<style", re.IGNORECASE)


def assert_secured(answer):
    assert set(answer["Content-Security-Policy"].split("; ")) == CSP
    policy = answer["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy.split(", ")
    assert answer["X-Frame-Options"] == "DENY" and answer["X-Content-Type-Options"] == "nosniff"
    assert answer["Referrer-Policy"] == "same-origin"


def test_it_secures_a_page(client):
    answer = client.get(reverse("login"))
    assert answer.status_code == 200
    assert_secured(answer)


def test_it_secures_the_admin(client):
    client.force_login(UserFactory(username="staff", is_staff=True, is_superuser=True))
    answer = client.get(reverse("admin:index"))
    assert answer.status_code == 200 and b"Site administration" in answer.content
    assert_secured(answer)


def test_it_secures_a_page_not_found(client):
    answer = client.get("/no-such-page/")
    assert answer.status_code == 404
    assert_secured(answer)


@pytest.mark.parametrize("template", sorted(TEMPLATES.rglob("*.html")),
                         ids=lambda path: str(path.relative_to(TEMPLATES)))
def test_it_has_no_inline_script_handler_or_style_in_a_template(template):
    text = template.read_text()
    assert not INLINE_SCRIPT.findall(text) and not INLINE_HANDLER.findall(text)


def test_it_would_find_an_inline_script_handler_or_style():
    assert INLINE_SCRIPT.findall('<script>alert(1)</script><script type="application/json">{}</script>') == ["<script>"]
    for inline in ('<select onchange="go()">', '<a href="javascript:go()">', '<div style="color: red">', "<style>"):
        assert INLINE_HANDLER.search(inline), inline
    assert not INLINE_HANDLER.search('<div data-height="3" class="one">')
