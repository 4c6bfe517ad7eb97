"""Bearer tokens on the API: unknown or revoked is 401, last use noted, the schema and docs need none."""
import pytest

from learners.models import ApiToken
from learners.services.api_tokens import api_token_revoke

pytestmark = pytest.mark.django_db


def test_a_revoked_or_malformed_token_is_unauthorized(client, api):
    api_token_revoke(token=ApiToken.objects.get(name="mine read"))
    for header in (f"Bearer {api.tokens['mine_read']}", "Bearer lp_nothing_here", "Basic abc", "Bearer"):
        answer = client.get("/api/v1/students", HTTP_AUTHORIZATION=header)
        assert answer.status_code == 401 and answer.json()["error"] == "unauthorized", header


def test_it_notes_when_a_token_was_last_used(client, api):
    assert ApiToken.objects.get(name="mine read").last_used_at is None
    client.get("/api/v1/skills", **api.headers("mine_read"))
    assert ApiToken.objects.get(name="mine read").last_used_at is not None


def test_the_schema_and_the_documentation_are_open_and_offline(client):
    schema = client.get("/api/v1/openapi.json").json()
    docs = client.get("/api/v1/docs")
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    html = docs.content.decode()
    assert docs.status_code == 200 and "/static/ninja/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    assert "<script>" not in html  # no inline script: the site's Content-Security-Policy allows none
    assert "script-src 'self'" in docs["Content-Security-Policy"]


def test_a_token_needs_no_csrf_cookie(api):
    from django.test import Client

    answer = Client(enforce_csrf_checks=True).post("/api/v1/classrooms", {"name": "8C"},
                                                   content_type="application/json", **api.headers("mine_write"))
    assert answer.status_code == 201
