import json

import pytest
from django.core.management import call_command

from learners.models import ModelVersion, Student

pytestmark = pytest.mark.django_db


def test_it_times_both_pages_and_leaves_nothing_behind(tmp_path):
    out = tmp_path / "pages.json"
    call_command("bench_pages", "--json", str(out), "--students", "6", "--skills", "5", "--requests", "2",
                 "--attempts-each", "4", stdout=open(tmp_path / "log", "w"))
    figures = json.loads(out.read_text())
    assert figures["students"] == 6 and figures["skills"] == 5
    assert figures["class_overview_p95_ms"] > 0 and figures["student_plan_p95_ms"] > 0
    assert 0 < figures["class_overview_queries"] < 30
    assert not Student.objects.exists() and not ModelVersion.objects.exists()  # rolled back
