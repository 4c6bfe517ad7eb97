import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from learners.models import PlanItem, StudyPlan

pytestmark = pytest.mark.django_db


def test_it_times_both_ways_of_planning_and_leaves_nothing_behind(trained, tmp_path):
    plans, items = StudyPlan.objects.count(), PlanItem.objects.count()
    out = tmp_path / "plans.json"
    call_command("bench_plans", "--json", str(out), "--students", "10", stdout=open(tmp_path / "log", "w"))
    figures = json.loads(out.read_text())
    assert set(figures) == {"goals_under_20"}  # the fixture's 4 skills: every plan aims at fewer than 20
    group = figures["goals_under_20"]
    assert group["students"] == 10
    assert group["one_at_a_time"]["plans"] == group["together"]["plans"] == 10
    assert group["together"]["ms_per_student"] > 0 and group["speedup"] > 0
    assert (StudyPlan.objects.count(), PlanItem.objects.count()) == (plans, items)  # rolled back


def test_it_says_what_is_missing_without_an_active_version():
    with pytest.raises(CommandError, match="no active model version"):
        call_command("bench_plans")
