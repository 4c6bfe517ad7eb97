"""content_report: the bank's coverage of the demo skills, its verification, and how practicable plans are."""
import json

import pytest
from django.core.management import call_command

from learners.models import PlanItem, PlanReason, StudyPlan
from tests.fixtures import ExerciseFactory, SkillFactory, StudentFactory

pytestmark = pytest.mark.django_db


def test_it_reports_coverage_verification_and_practicable_plan_items(tmp_path):
    student = StudentFactory()
    with_exercise, without = SkillFactory(), SkillFactory()
    ExerciseFactory(skill=with_exercise)
    plan = StudyPlan.objects.create(student=student, number=1)
    for position, skill in enumerate([with_exercise, with_exercise, with_exercise, without]):
        PlanItem.objects.create(plan=plan, position=position, session=0, skill=skill, reason=PlanReason.READY)
    out = tmp_path / "content.json"
    call_command("content_report", "--draws", "3", "--json", str(out))
    report = json.loads(out.read_text())
    assert report["demo_skills_total"] == 110 and report["skills_counted_in"] == "generators"
    assert report["demo_skills_with_exercises"] == 110 and report["demo_skills_short"] == []
    assert report["generators_verified"] == report["generators_total"] > 110
    assert report["verification_failures"] == 0
    assert report["plan_items_practicable_share"] == 0.75
