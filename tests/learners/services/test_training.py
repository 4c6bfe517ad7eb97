"""Retraining on small data: training, judging against the active version, activation, failures, re-deliveries."""
import datetime as dt

import pytest
from django.utils import timezone

from learners import registry
from learners.models import (
    Cohort, ModelStatus, ModelVersion, RunStatus, Skill, StudentModel, StudentNeighbour, TrainingRun,
)
from learners.services import attempts, training
from tests.fixtures import retrain, seed_attempts, tiny_config

pytestmark = pytest.mark.django_db


def test_it_trains_registers_and_activates_the_first_version(media):
    students = seed_attempts()
    run, version = retrain()
    assert (run.status, run.stage, run.epoch, run.epochs_total) == (RunStatus.SUCCEEDED, "done", 2, 2)
    assert [h["epoch"] for h in run.history] == [1, 2]
    assert version.status == ModelStatus.ACTIVE and registry.active_version() == version
    assert 0.5 < version.metrics["valid_auc"] <= 1 and version.metrics["active_valid_auc"] is None
    assert (version.n_students, version.n_attempts) == (40, 960)
    assert len(version.heldout_students) == 4 and (media / version.checkpoint.name).exists()
    assert StudentModel.objects.filter(version=version).count() == len(students)
    assert StudentNeighbour.objects.filter(version=version).count() == len(students) * 10
    assert 1 <= Cohort.objects.filter(version=version).count() <= 4  # as many as the data really has
    assert sum(Cohort.objects.values_list("size", flat=True)) == len(students)


def test_it_rejects_a_worse_candidate_and_keeps_the_active_version(media):
    seed_attempts()
    _, first = retrain(epochs=3)
    _, worse = retrain(lr=0.0, seed=1)
    first.refresh_from_db()
    assert worse.status == ModelStatus.REJECTED and first.status == ModelStatus.ACTIVE
    assert "does not beat the active version's" in worse.reason
    assert worse.metrics["active_valid_auc"] > worse.metrics["valid_auc"]
    assert not StudentModel.objects.filter(version=worse).exists()


def test_it_leaves_everything_as_it_was_when_retraining_fails_half_way(media, settings, tmp_path):
    seed_attempts()
    _, first = retrain()
    models_before = list(StudentModel.objects.order_by("pk").values_list("pk", "parameters"))
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the checkpoint folder should be")
    settings.MEDIA_ROOT = blocked  # the checkpoint cannot be saved: training is done, the rest is not
    with pytest.raises(OSError):
        retrain(seed=2)
    run = TrainingRun.objects.latest("queued_at")
    assert run.status == RunStatus.FAILED and "Error" in run.error
    assert run.version.status == ModelStatus.FAILED
    assert registry.active_version() == first
    assert list(StudentModel.objects.order_by("pk").values_list("pk", "parameters")) == models_before


def test_it_does_nothing_twice_for_a_redelivered_finished_run(media):
    seed_attempts()
    run, version = retrain()
    assert training.model_retrain(run=run) == version
    assert ModelVersion.objects.count() == 1


def test_it_finishes_a_redelivered_run_whose_version_is_active_without_retraining(media):
    students = seed_attempts()
    run, version = retrain()
    attempts.attempt_record(student=students[2], skill=Skill.objects.first(), correct=True)  # not refreshed yet
    TrainingRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED)  # e.g. the follow-up hit an error
    run.refresh_from_db()
    again = training.model_retrain(run=run, config=tiny_config())
    run.refresh_from_db()
    assert again == version and ModelVersion.objects.count() == 1 and registry.active_version() == version
    assert run.status == RunStatus.SUCCEEDED
    assert StudentModel.objects.get(version=version, student=students[2]).n_attempts == 25  # caught up


def test_it_judges_a_challenger_on_the_champions_held_out_students(media):
    seed_attempts()
    _, first = retrain()
    _, second = retrain(seed=7)
    assert second.heldout_students == first.heldout_students
    assert second.metrics["active_valid_auc"] is not None


def test_it_rejects_a_candidate_whose_validation_auc_is_undefined():
    assert "undefined" in training._rejection(float("nan"), None, 3)
    assert "does not beat" in training._rejection(0.70, 0.71, 3)
    assert "does not beat" in training._rejection(0.71, 0.71, 3)  # a tie keeps the active version
    assert "does not beat" in training._rejection(0.7115, 0.71, 3)  # by less than the margin (0.002)
    assert training._rejection(0.7125, 0.71, 3) == ""


def test_it_retrains_on_two_data_parallel_processes(media, settings):
    settings.METACORE_TRAIN_PROCESSES = 2
    seed_attempts(n_students=40)
    run, version = retrain(threads=1)
    assert version.status == ModelStatus.ACTIVE and version.metrics["valid_auc"] > 0.5
    assert [h["epoch"] for h in run.history] == [1, 2]  # progress came back from the first process
    assert StudentModel.objects.filter(version=version).count() == 40


def test_it_keeps_the_active_version_when_a_candidate_only_ties_it(media, settings):
    seed_attempts()
    _, first = retrain()
    _, tie = retrain()  # the same data, settings and seed: the same validation AUC
    first.refresh_from_db()
    assert abs(tie.metrics["valid_auc"] - tie.metrics["active_valid_auc"]) < settings.MODEL_ACTIVATION_MARGIN
    assert tie.status == ModelStatus.REJECTED and first.status == ModelStatus.ACTIVE
    assert "does not beat" in tie.reason


# -- cohorts: as many as the data has ------------------------------------------------------------------


def test_it_refuses_a_second_retraining_while_one_is_queued_or_running():
    first = training.retrain_request()  # its task is queued on commit, which this test never reaches
    with pytest.raises(training.TrainingInProgress, match=f"Training run {first.pk} is queued"):
        training.retrain_request()
    TrainingRun.objects.filter(pk=first.pk).update(status=RunStatus.RUNNING)
    with pytest.raises(training.TrainingInProgress, match="running"):
        training.retrain_request()
    assert TrainingRun.objects.count() == 1
    TrainingRun.objects.filter(pk=first.pk).update(status=RunStatus.FAILED)
    assert training.retrain_request().pk != first.pk


def test_it_ignores_a_run_queued_longer_ago_than_a_retraining_may_last():
    dead = training.retrain_request()
    TrainingRun.objects.filter(pk=dead.pk).update(queued_at=timezone.now() - dt.timedelta(hours=4))
    assert training.active_training_run() is None and training.retrain_request().pk != dead.pk


def test_it_marks_failed_a_run_its_worker_left_half_done():
    seed_attempts(n_students=8)
    half_done = TrainingRun.objects.create(status=RunStatus.RUNNING,
                                           version=ModelVersion.objects.create(status=ModelStatus.TRAINING))
    queued = TrainingRun.objects.create()
    assert training.interrupted_runs_fail() == [half_done]
    half_done.refresh_from_db()
    assert half_done.status == RunStatus.FAILED and "the worker stopped" in half_done.error
    assert half_done.version.status == ModelStatus.FAILED
    assert TrainingRun.objects.get(pk=queued.pk).status == RunStatus.QUEUED

