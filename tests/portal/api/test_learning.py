"""Mastery, plans, progress and a classroom's summary through the API, from a trained school's models."""
import pytest

from learners.selectors.dashboards import class_overview
from learners.selectors.plans import current_study_plan

pytestmark = pytest.mark.django_db


def get(client, api, url, token="mine_read"):
    return client.get(url, **api.headers(token))


def test_it_reads_a_students_mastery_plan_and_progress(client, trained_api):
    student = trained_api.students[0]
    mastery = get(client, trained_api, f"/api/v1/students/{student.pk}/mastery").json()
    plan = get(client, trained_api, f"/api/v1/students/{student.pk}/plan").json()
    progress = get(client, trained_api, f"/api/v1/students/{student.pk}/progress").json()
    assert mastery["has_model"] and mastery["skills"] and all(0 <= s["mastery"] <= 1 for s in mastery["skills"])
    assert plan["has_plan"] and plan["number"] == current_study_plan(student).number
    assert sum(len(s["items"]) for s in plan["sessions"]) == current_study_plan(student).items.count()
    assert progress["has_model"] and progress["days"] and progress["attempts"] == mastery["attempts"]


def test_it_summarises_a_classroom_as_its_overview_does(client, trained_api):
    summary = get(client, trained_api, f"/api/v1/classrooms/{trained_api.classroom.pk}/summary").json()
    overview = class_overview(trained_api.classroom)
    assert [s["student_id"] for s in summary["students"]] == [r.pk for r in overview.students]
    assert summary["counts"] == overview.counts and len(summary["skills"]) == len(overview.skills)


def test_another_schools_student_or_classroom_is_not_found(client, trained_api):
    student, classroom = trained_api.their_students[0], trained_api.their_classroom
    for url in (f"/api/v1/students/{student.pk}/mastery", f"/api/v1/students/{student.pk}/plan",
                f"/api/v1/students/{student.pk}/progress", f"/api/v1/classrooms/{classroom.pk}/summary"):
        assert get(client, trained_api, url).status_code == 404, url
        assert get(client, trained_api, url, "theirs_read").status_code == 200, url
