"""Going back to an earlier version: its student models regenerated from today's attempts, then the switch."""
import pytest

from learners import registry
from learners.models import ModelStatus, Skill, StudentModel
from learners.services import attempts, versions
from tests.fixtures import retrain, seed_attempts

pytestmark = pytest.mark.django_db


def test_it_rolls_back_to_an_earlier_version_with_its_student_models(media, django_capture_on_commit_callbacks):
    students = seed_attempts()
    _, first = retrain()
    _, second = retrain(seed=3, epochs=3)
    registry.version_activate(version=second)  # whatever champion/challenger decided
    with django_capture_on_commit_callbacks(execute=True):
        attempts.attempt_record(student=students[1], skill=Skill.objects.first(), correct=False)
    versions.version_rollback_to(version_id=first.pk, reason="rollback")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (ModelStatus.ACTIVE, ModelStatus.CANDIDATE)
    restored = StudentModel.objects.get(version=first, student=students[1])
    assert restored.n_attempts == 25  # regenerated from today's attempts, by the earlier version
