"""Schemathesis against our own OpenAPI schema, through the WSGI application: requests generated from the
schema (valid and invalid) with a write token; no answer is a 5xx or breaks the schema, and a refused request
writes nothing.

In CI each operation gets API_FUZZ_EXAMPLES generated requests (default 15, about a minute). The full run, 1,000
per writing operation (README, *JSON API*):
    API_FUZZ_EXAMPLES=1000 API_FUZZ_WRITES_ONLY=1 API_FUZZ_REPORT=var/fuzz.txt python -m pytest -n 2 \
        tests/portal/api/test_fuzz.py
"""
import os

import pytest
import schemathesis
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from learners.models import Attempt, Classroom, Enrollment, Student
from portal.api import api

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "15"))
WRITES_ONLY = os.environ.get("API_FUZZ_WRITES_ONLY", "") == "1"
REPORT = os.environ.get("API_FUZZ_REPORT", "")  # a file to add each operation's request count and statuses to

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()
if WRITES_ONLY:
    schema = schema.include(method=["POST", "PUT", "PATCH", "DELETE"])

# Left out: refusals of schema-valid data (a name or external id already taken, a score above 1 on a correct
# attempt: rules no schema says) and acceptance of unknown query parameters (ignored, as most APIs do).
NOT_CHECKED = [positive_data_acceptance, negative_data_rejection]

pytestmark = pytest.mark.django_db


def stored() -> tuple:
    """Everything the API can write: a refused request must leave it as it was."""
    return (Attempt.objects.count(), list(Student.objects.values().order_by("pk")),
            list(Classroom.objects.values().order_by("pk")), list(Enrollment.objects.values().order_by("pk")))


@pytest.fixture
def answers(api, request):
    """The write token's headers, and the status of every request made for one operation (over all examples)."""
    seen: list[int] = []
    # As Django's test client does: the test's database connection (and transaction) outlives each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    request.addfinalizer(lambda: request_started.connect(close_old_connections))
    request.addfinalizer(lambda: request_finished.connect(close_old_connections))
    yield {"Authorization": f"Bearer {api.tokens['mine_write']}"}, seen
    line = f"{request.node.name}: {len(seen)} requests, statuses {sorted(set(seen))}"
    if REPORT:  # one line per operation, whatever runs the tests (pytest-xdist keeps workers' output)
        with open(REPORT, "a") as report:
            report.write(line + "\n")


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_it_never_fails_and_a_refused_request_writes_nothing(case, answers):
    headers, seen = answers
    before = stored()
    response = case.call(headers=headers)
    seen.append(response.status_code)
    case.validate_response(response, headers=headers, excluded_checks=NOT_CHECKED)
    if response.status_code >= 400:
        assert stored() == before, f"{case.method} {case.formatted_path}: {response.status_code} wrote rows"
