"""Each student's explicit model under a version: stored with the version, refreshed as the student practises."""
import numpy as np
import pytest

from learners.models import Skill, StudentModel, StudentNeighbour
from learners.services import attempts, student_models
from metacore.explicit_model import ExplicitModel as Explicit
from tests.fixtures import retrain, seed_attempts

pytestmark = pytest.mark.django_db


def test_it_stores_an_explicit_model_that_works_without_the_network(media):
    seed_attempts()
    _, version = retrain()
    row = StudentModel.objects.filter(version=version).first()
    params = {k: v for k, v in row.parameters.items() if k != "task_stats"}
    model = Explicit.from_dict(params)
    skill_pks = list(Skill.objects.order_by("pk").values_list("pk", flat=True))
    assert model.skill_vocabulary == skill_pks and row.n_attempts == 24
    assert ((model.predict(skill_pks) > 0) & (model.predict(skill_pks) < 1)).all()
    assert len(model.forecast([skill_pks[0]] * 5)) == 5


def test_it_refreshes_a_students_model_after_a_committed_attempt(media, django_capture_on_commit_callbacks):
    students = seed_attempts()
    _, version = retrain()
    before = StudentModel.objects.get(version=version, student=students[0])
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            attempts.attempt_record(student=students[0], skill=Skill.objects.first(), correct=True)
    after = StudentModel.objects.get(version=version, student=students[0])
    assert (before.n_attempts, after.n_attempts) == (24, 27)
    assert after.parameters["mastery"] != before.parameters["mastery"]
    assert StudentNeighbour.objects.filter(version=version, student=students[0]).count() == 10


def test_it_refreshes_nothing_without_an_active_version(media):
    students = seed_attempts(n_students=2)
    assert student_models.student_models_refresh(student_ids=[s.pk for s in students]) == 0


def test_it_makes_each_model_from_the_times_of_the_attempts(media):
    from learners import engine
    from learners.models import Attempt

    students = seed_attempts(n_students=12)
    _, version = retrain()
    rows = list(Attempt.objects.filter(student=students[0]).order_by("submitted_at", "id")
                .values_list("skill_id", "submitted_at"))
    arrays = engine.read_attempts([students[0].pk])
    assert arrays.times.tolist() == pytest.approx([moment.timestamp() for _, moment in rows])
    model = Explicit.from_dict(StudentModel.objects.get(version=version, student=students[0]).parameters)
    last_seen = {skill: moment for skill, moment in rows}  # each skill's last attempt
    end = rows[-1][1]
    for skill, position in zip(model.skill_vocabulary, range(model.n_skills)):
        expected = (end - last_seen[skill]).total_seconds() / 86400 if skill in last_seen else None
        if expected is None:
            assert np.isnan(model.elapsed[position])
        else:
            assert model.elapsed[position] == pytest.approx(expected, abs=1e-6)
    assert (model.stability > 0).all()
