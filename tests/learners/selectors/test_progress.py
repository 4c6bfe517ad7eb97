"""The progress page's reads: mastery per skill with its band, mastery over time, the plan against no plan."""
import datetime as dt

import numpy as np
import pytest

from learners import registry
from learners.models import Attempt, MasterySnapshot, Skill, StudentModel, StudyPlan, TrainingRun
from learners.selectors import progress
from learners.services import student_models, training, versions
from metacore.planner import planning_model
from metacore.explicit_model import ExplicitModel
from tests.fixtures import START, AttemptFactory, SkillFactory, StudentFactory, tiny_config

pytestmark = pytest.mark.django_db


def spread_over_days(student, days: int) -> None:
    """Move the student's attempts onto `days` consecutive days, in order, and remake their model and plan from
    the moved history (the model reads the times), as a refresh would."""
    attempts = list(Attempt.objects.filter(student=student).order_by("submitted_at", "id"))
    per_day = -(-len(attempts) // days)
    for n, attempt in enumerate(attempts):
        attempt.submitted_at = START + dt.timedelta(days=n // per_day, minutes=n)
    Attempt.objects.bulk_update(attempts, ["submitted_at"])
    student_models.student_models_refresh(student_ids=[student.pk])


def stored_model(student) -> ExplicitModel:
    return ExplicitModel.from_dict(StudentModel.objects.get(student=student, version=registry.active_version())
                                   .parameters)


def test_it_bands_each_skill_around_the_models_own_chance_of_success():
    model = ExplicitModel(mastery=[2.0, -1.0, 0.0], gain=[0, 0, 0], variance=[0.25, 4.0, 0.0],
                          skill_vocabulary=[10, 20, 30])
    point, low, high = progress.mastery_band(model, [10, 20, 30])
    assert np.allclose(point, model.predict([10, 20, 30]))
    assert np.all(low <= point) and np.all(point <= high)
    assert low[0] == pytest.approx(1 / (1 + np.exp(-(2.0 - 1.64 * 0.5))))
    assert (high - low)[1] > (high - low)[0]  # more variance, a wider band
    assert low[2] == high[2] == pytest.approx(0.5)  # no variance, no band


def test_it_lists_practised_goals_first_then_other_practised_skills_then_unpractised_goals_weakest_first():
    model = ExplicitModel(mastery=[1.0, -1.0, 0.5, -2.0, 3.0], gain=[0] * 5, variance=[0.1] * 5,
                          skill_vocabulary=[1, 2, 3, 4, 5])
    names = {1: "One", 2: "Two", 3: "Three", 4: "Four", 5: "Five"}
    rows, more = progress.mastery_by_skill(model, np.array([1, 1, 2, 3, 5]), goals=[1, 2, 4], names=names)
    assert [r.name for r in rows] == ["Two", "One", "Three", "Five", "Four"]
    assert [r.attempts for r in rows] == [1, 2, 1, 1, 0] and more == 0
    assert [r.is_goal for r in rows] == [True, True, False, False, True]


def test_it_shows_at_most_the_first_skills_and_counts_the_rest(monkeypatch):
    monkeypatch.setattr(progress, "MAX_SKILLS", 2)
    model = ExplicitModel(mastery=[0.0, 1.0, 2.0], gain=[0] * 3, variance=[0.1] * 3)
    rows, more = progress.mastery_by_skill(model, np.array([1, 2, 3]), goals=[], names={})
    assert [r.skill for r in rows] == [1, 2] and more == 1


def test_it_groups_attempts_by_local_day_of_practice(settings):
    settings.TIME_ZONE = "Asia/Shanghai"  # UTC+8: 20:00 UTC is the next local day
    utc = dt.timezone.utc
    times = [dt.datetime(2026, 9, 1, 8, tzinfo=utc), dt.datetime(2026, 9, 1, 9, tzinfo=utc),
             dt.datetime(2026, 9, 1, 20, tzinfo=utc), dt.datetime(2026, 9, 4, 1, tzinfo=utc)]
    assert progress.day_ends(times) == ([dt.date(2026, 9, 1), dt.date(2026, 9, 2), dt.date(2026, 9, 4)], [2, 3, 4])


def test_it_says_there_is_no_model_for_a_student_before_any_version():
    student = StudentFactory()
    AttemptFactory(student=student, skill=SkillFactory())
    assert progress.student_progress(student) == progress.Progress(has_model=False, n_attempts=1)


def test_it_reads_a_trained_students_progress_from_their_stored_model_and_plan(trained, django_assert_max_num_queries):
    student = trained[0]
    spread_over_days(student, 3)
    with django_assert_max_num_queries(9):
        result = progress.student_progress(student)
    model, plan = stored_model(student), StudyPlan.objects.get(student=student, is_current=True)
    practised = set(Attempt.objects.filter(student=student).values_list("skill_id", flat=True))
    assert result.has_model and result.n_attempts == 24
    assert {r.skill for r in result.skills} == practised | set(plan.goal_skills)
    for row in result.skills:
        assert row.mastery == pytest.approx(float(model.predict([row.skill])[0]))
        assert row.name == Skill.objects.get(pk=row.skill).name
    rises = [g.with_plan - g.without_plan for g in result.goals]
    assert rises == sorted(rises, reverse=True)
    assert {g.skill: g.with_plan for g in result.goals} == {int(k): v for k, v in plan.forecast_with_plan.items()}


def test_it_follows_mastery_day_by_day_ending_at_the_stored_model(trained):
    student = trained[0]
    spread_over_days(student, 3)
    timeline = progress.student_progress(student).timeline
    assert timeline.days == [START.date() + dt.timedelta(days=d) for d in range(3)]
    assert timeline.attempts == [8, 16, 24]
    model = stored_model(student)
    practised = sorted(set(Attempt.objects.filter(student=student).values_list("skill_id", flat=True)))
    assert timeline.practised_mean[-1] == pytest.approx(float(model.predict(practised).mean()), abs=1e-4)
    goals = StudyPlan.objects.get(student=student, is_current=True).goal_skills
    assert timeline.goal_mean[-1] == pytest.approx(float(model.predict(goals).mean()), abs=1e-4)
    assert len(timeline.goal_lines) == min(len(goals), progress.MAX_GOAL_LINES)
    assert all(len(line) == 3 for line in timeline.goal_lines.values())
    assert len(set(timeline.practised_mean)) == 3  # each day its own model


def test_it_keeps_only_the_latest_practice_days(trained, monkeypatch):
    monkeypatch.setattr(progress, "MAX_DAYS", 2)
    spread_over_days(trained[0], 3)
    timeline = progress.student_progress(trained[0]).timeline
    assert timeline.days == [START.date() + dt.timedelta(days=d) for d in (1, 2)] and timeline.attempts == [16, 24]


def test_it_forecasts_goal_skills_along_the_plan_from_now(trained):
    student = trained[0]
    result = progress.student_progress(student)
    model, plan = stored_model(student), StudyPlan.objects.get(student=student, is_current=True)
    items = list(plan.items.order_by("position").values_list("skill_id", flat=True))
    trajectory = result.trajectory
    assert trajectory.steps == list(range(len(items) + 1))
    assert trajectory.lines
    names = dict(Skill.objects.values_list("name", "pk"))
    for name, line in trajectory.lines.items():
        skill = names[name]
        assert skill in items and skill in plan.goal_skills
        assert line[0] == pytest.approx(float(model.predict([skill])[0]))  # before any item: now
        assert line[-1] == pytest.approx(float(planning_model(model).forecast(items + [skill])[-1]))
        assert line == sorted(line)  # practice never lowers the chance of success along a plan


def test_it_keeps_the_past_of_mastery_over_time_as_shown_when_a_new_version_comes(trained):
    student = trained[0]
    spread_over_days(student, 3)
    shown = progress.student_progress(student).timeline
    assert MasterySnapshot.objects.filter(student=student, day__in=shown.days).count() == 3  # kept as shown
    newer = training.model_retrain(run=TrainingRun.objects.create(), config=tiny_config(seed=7, epochs=4))
    versions.version_rollback(version=newer, replan=False)  # its models, no new plans
    recomputed = progress.computed_days(registry.version_engine(newer), *history_arrays(student),
                                        StudyPlan.objects.get(student=student, is_current=True).goal_skills,
                                        list(zip(shown.days, shown.attempts)))
    assert [values["practised_mean"] for _, _, values in recomputed] != shown.practised_mean  # the newer differs
    result = progress.student_progress(student)
    assert result.timeline.practised_mean == shown.practised_mean and result.timeline.days == shown.days
    assert result.estimates_change == progress.EstimatesChange(day=dt.date.today(), version=newer.pk)


def history_arrays(student):
    rows = list(Attempt.objects.filter(student=student).order_by("submitted_at", "id").values_list("skill_id", "score"))
    return np.array([r[0] for r in rows]), np.array([r[1] for r in rows], dtype=np.float32)
