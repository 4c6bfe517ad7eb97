"""What a teacher's pages read about a classroom: mastery, status, who needs attention, cohorts, one skill."""
import datetime as dt

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from learners import registry
from learners.models import Attempt, Cohort, StudentModel, StudyPlan, mean_goal_forecast
from learners.selectors import dashboards
from metacore.explicit_model import ExplicitModel
from tests.fixtures import ClassroomFactory, SkillFactory, StudentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(school):
    """The school's first classroom: 12 of its 24 trained students (enough for cohorts), with an active version."""
    assert school.version.status == "active"
    return school.mine


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
    assert current.goal_forecast == pytest.approx(mean_goal_forecast(current.forecast_with_plan, current.goal_skills))
    old = StudyPlan.objects.create(student=falling, number=0, is_current=False, goal_skills=current.goal_skills,
                                   goal_forecast=current.goal_forecast + 0.2)
    StudyPlan.objects.filter(pk=old.pk).update(created_at=now - dt.timedelta(days=3))
    listed = {a.student.pk: a for a in dashboards.needs_attention(room, now=now)}
    assert "no practice for 10 days" in listed[quiet.pk].reasons
    assert any(r.startswith("forecast fell from") for r in listed[falling.pk].reasons)
    for a in listed.values():
        if a.student.status == "at_risk":
            assert any("only %d%% (now %d%%)" % (round(100 * a.student.forecast), round(100 * a.student.goal_now))
                       in r for r in a.reasons)
        goals = set(a.student.goal_skills)
        assert {name for name, _p in a.weakest_goals} <= {s.name for s in dashboards.classroom_skills(room)
                                                           if s.pk in goals}


def test_it_maps_the_classrooms_students_and_describes_the_cohorts(room):
    dots, cohorts = dashboards.cohort_map(room)
    assert len(dots) == 12 and all(np.isfinite([d["x"], d["y"]]).all() for d in dots)
    assert sum(len(c.members) for c in cohorts) == 12
    assert all(c.members for c in cohorts)  # only the cohorts this classroom's students belong to


def test_it_describes_each_cohort_by_what_sets_it_apart_from_the_rest_of_the_class(room):
    version = registry.active_version()
    weakest = [r.pk for r in dashboards.class_overview(room, sort="mastery").students[:4]]
    other = Cohort.objects.create(version=version, index=Cohort.objects.filter(version=version).count(), size=4)
    fractions = dashboards.classroom_skills(room)[0]
    for model in StudentModel.objects.filter(version=version, student_id__in=weakest):
        p = np.frombuffer(bytes(model.mastery_now), dtype=np.float32).copy()
        p[version.skill_vocabulary.index(fractions.pk)] = 0.1  # the group is far behind on this skill
        model.mastery_now, model.cohort = p.tobytes(), other
        model.save(update_fields=["mastery_now", "cohort"])
    overview = dashboards.class_overview(room)
    _dots, cohorts = dashboards.cohort_map(room)
    assert len(cohorts) >= 2 and not any(c.whole_class for c in cohorts)
    names = [s.name for s in overview.skills]
    for cohort in cohorts:
        inside = np.array([r.cohort == cohort.index for r in overview.students])
        gap = overview.mastery[inside].mean(axis=0) - overview.mastery[~inside].mean(axis=0)
        big = [j for j in np.argsort(-np.abs(gap), kind="stable") if abs(gap[j]) >= dashboards.COHORT_DIFFERENCE]
        assert [g.name for g in cohort.stronger] == [names[j] for j in big if gap[j] > 0][:3]
        assert [g.name for g in cohort.weaker] == [names[j] for j in big if gap[j] < 0][:3]
        for g in cohort.stronger + cohort.weaker:
            assert g.cohort - g.rest == pytest.approx(gap[names.index(g.name)])
    weak_group = next(c for c in cohorts if c.index == other.index)
    assert {r.pk for r in weak_group.members} == set(weakest) and weak_group.weaker[0].name == fractions.name


def test_it_says_when_the_whole_class_is_one_cohort(room):
    version = registry.active_version()
    only = Cohort.objects.filter(version=version).first()
    StudentModel.objects.filter(version=version).update(cohort=only)
    _dots, cohorts = dashboards.cohort_map(room)
    assert len(cohorts) == 1 and cohorts[0].whole_class and len(cohorts[0].members) == 12
    assert cohorts[0].weak[0][1] <= cohorts[0].strong[0][1] and not cohorts[0].stronger


def test_it_compares_a_cohort_with_the_rest_of_the_class_skill_by_skill():
    names = ["Fractions", "Decimals", "Angles", "Ratios"]
    mine, rest = np.array([0.9, 0.5, 0.2, 0.62]), np.array([0.5, 0.52, 0.6, 0.6])
    stronger, weaker = dashboards._gaps(names, mine, rest)
    assert [(g.name, g.cohort, g.rest) for g in stronger] == [("Fractions", 0.9, 0.5)]
    assert [g.name for g in weaker] == ["Angles"]  # Decimals and Ratios differ by less than 5 points


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


def test_it_gives_now_and_after_the_plan_over_the_same_goal_skills(room):
    overview = dashboards.class_overview(room, goal_skills=True)
    plans_by_student = {p.student_id: p for p in StudyPlan.objects.filter(student__classrooms=room, is_current=True)}
    assert len(plans_by_student) == 12
    for row in overview.students:
        plan = plans_by_student[row.pk]
        assert row.goal_skills == plan.goal_skills
        assert row.goal_now == pytest.approx(mean_goal_forecast(plan.forecast_without_plan, plan.goal_skills))
        assert row.forecast == pytest.approx(mean_goal_forecast(plan.forecast_with_plan, plan.goal_skills))
        assert row.forecast >= row.goal_now - 1e-9  # practice never makes the same skills worse


def test_it_gives_now_over_the_classrooms_goal_skills_when_there_is_no_plan(room):
    student = room.students.order_by("pk").first()
    goals = dashboards.classroom_skills(room)[:2]
    room.goal_skills.add(*goals)
    StudyPlan.objects.filter(student=student).delete()
    row = next(r for r in dashboards.class_overview(room).students if r.pk == student.pk)
    model = ExplicitModel.from_dict(StudentModel.objects.get(student=student, version__status="active").parameters)
    assert row.forecast is None and row.goal_skills == [g.pk for g in goals]
    assert row.goal_now == pytest.approx(float(model.predict([g.pk for g in goals]).mean()), abs=1e-6)
