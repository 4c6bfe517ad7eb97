import datetime as dt

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from learners import dashboards, pipeline, plans
from learners.models import Attempt, StudentModel, StudyPlan, TrainingRun, goal_mean
from metacore.student_model import StudentModel as ExplicitModel
from tests.factories import ClassroomFactory, SkillFactory, StudentFactory
from tests.learners.pipeline_data import seed_attempts, tiny_config

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(settings, tmp_path):
    """24 seeded students (enough for cohorts) with a trained, active version; 12 of them in the classroom."""
    settings.MEDIA_ROOT = tmp_path
    students = seed_attempts(n_students=24)
    version = pipeline.model_retrain(run=TrainingRun.objects.create(), config=tiny_config())
    assert version.status == "active"
    classroom = ClassroomFactory()
    classroom.students.add(*students[:12])
    return classroom


def test_it_reads_each_students_mastery_from_their_stored_model(room):
    overview = dashboards.class_overview(room)
    assert overview.mastery.shape == (12, 4)
    student, skill = overview.students[3], overview.skills[2]
    model = StudentModel.objects.get(student_id=student.pk, version=overview.version)
    expected = ExplicitModel.from_dict(model.parameters).predict([skill.pk])[0]
    assert overview.mastery[3, 2] == pytest.approx(expected, abs=1e-6)
    assert sum(overview.counts.values()) == 12
    assert {r.status for r in overview.students} <= {"on_track", "watch", "at_risk"}


def test_it_gives_the_status_from_the_plans_forecast():
    assert dashboards._status(0.9) == "on_track" and dashboards._status(0.6) == "watch"
    assert dashboards._status(0.3) == "at_risk" and dashboards._status(None) == "no_model"


def test_it_filters_by_cohort_and_skill_and_sorts_weakest_first(room):
    everyone = dashboards.class_overview(room)
    cohort = everyone.cohorts[0]
    kept = dashboards.class_overview(room, cohort=cohort)
    assert kept.students and all(r.cohort == cohort for r in kept.students)
    assert len(kept.students) == sum(r.cohort == cohort for r in everyone.students)
    skill = everyone.skills[1]
    one = dashboards.class_overview(room, skill_ids=[skill.pk])
    assert [s.pk for s in one.skills] == [skill.pk]
    np.testing.assert_allclose(one.mastery[:, 0], everyone.mastery[:, 1])
    weakest = [r.mean_mastery for r in dashboards.class_overview(room, sort="mastery").students]
    assert weakest == sorted(weakest)


def test_it_shows_students_without_a_model_as_such():
    classroom = ClassroomFactory()
    classroom.students.add(StudentFactory())
    classroom.skills.add(SkillFactory())
    overview = dashboards.class_overview(classroom)
    assert overview.counts["no_model"] == 1 and np.isnan(overview.mastery).all()
    assert overview.skill_means == [None]


def test_it_reads_the_class_overview_in_a_fixed_number_of_queries(room):
    def queries(classroom):
        with CaptureQueriesContext(connection) as captured:
            dashboards.class_overview(classroom)
        return len(captured)

    small = ClassroomFactory()
    small.students.add(*room.students.all()[:2])
    assert queries(room) == queries(small) <= 8


def test_it_lists_inactive_falling_and_at_risk_students_with_reasons(room):
    now = timezone.now()
    quiet, falling = list(room.students.order_by("pk")[:2])
    Attempt.objects.filter(student=quiet).update(submitted_at=now - dt.timedelta(days=10))
    Attempt.objects.exclude(student=quiet).update(submitted_at=now - dt.timedelta(days=1))
    current = StudyPlan.objects.get(student=falling, is_current=True)
    assert current.goal_forecast == pytest.approx(goal_mean(current.forecast_with_plan, current.goal_skills))
    old = StudyPlan.objects.create(student=falling, number=0, is_current=False, goal_skills=current.goal_skills,
                                   goal_forecast=current.goal_forecast + 0.2)
    StudyPlan.objects.filter(pk=old.pk).update(created_at=now - dt.timedelta(days=3))
    listed = {a.student.pk: a for a in dashboards.needs_attention(room, now=now)}
    assert "no practice for 10 days" in listed[quiet.pk].reasons
    assert any(r.startswith("forecast fell from") for r in listed[falling.pk].reasons)
    for a in listed.values():
        if a.student.status == "at_risk":
            assert any("only" in r for r in a.reasons)


def test_it_maps_the_classrooms_students_and_describes_the_cohorts(room):
    dots, cohorts = dashboards.cohort_map(room)
    assert len(dots) == 12 and all(np.isfinite([d["x"], d["y"]]).all() for d in dots)
    assert sum(len(c.members) for c in cohorts) == 12
    for c in cohorts:
        assert len(c.weak) == 3 and c.weak[0][1] <= c.strong[0][1]


def test_it_reports_one_skill_in_the_classroom(room):
    skill = dashboards.classroom_skills(room)[0]
    report = dashboards.skill_report(room, skill)
    mine = Attempt.objects.filter(student__classrooms=room, skill=skill)
    assert report.attempts == mine.count()
    assert report.correct_rate == pytest.approx(mine.filter(correct=True).count() / mine.count())
    assert sum(n for _w, n, _r in report.weekly) == report.attempts
    assert [p for _r, p in report.mastery] == sorted(p for _r, p in report.mastery)
    planned = set(StudyPlan.objects.filter(is_current=True, items__skill=skill, items__session=0,
                                           student__classrooms=room).values_list("student_id", flat=True))
    assert {r.pk for r in report.next_up} == planned


def test_it_names_only_the_similar_students_the_viewer_may_see(room):
    student = room.students.order_by("pk").first()
    visible = set(room.students.values_list("pk", flat=True))
    near = dashboards.similar_students(student, visible)
    assert near and [n.rank for n in near] == sorted(n.rank for n in near)
    assert all((n.student is None) == (n.student_pk not in visible) for n in near)


def test_it_refuses_a_prerequisite_that_closes_a_loop():
    a, b, c = SkillFactory(), SkillFactory(), SkillFactory()
    plans.skill_prerequisite_set(skill=b, prerequisite=a, required=True)
    plans.skill_prerequisite_set(skill=c, prerequisite=b, required=True)
    with pytest.raises(ValidationError, match="loop"):
        plans.skill_prerequisite_set(skill=a, prerequisite=c, required=True)
    with pytest.raises(ValidationError):
        plans.skill_prerequisite_set(skill=a, prerequisite=a, required=True)
    plans.skill_prerequisite_set(skill=c, prerequisite=b, required=False)
    assert list(c.prerequisites.all()) == []
