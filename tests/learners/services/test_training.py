"""Retraining on small data: training, judging against the active version, activation, failures, re-deliveries."""
import datetime as dt

import pytest
from django.utils import timezone

from learners import registry
from learners.models import (
    Cohort, ModelStatus, ModelVersion, RunStatus, Skill, StudentModel, StudentNeighbour, TrainingRun, TrainingStage,
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
    assert training.interrupted_runs_recover(every_running=True) == [half_done]
    half_done.refresh_from_db()
    assert half_done.status == RunStatus.FAILED and "the worker stopped" in half_done.error
    assert half_done.stage == TrainingStage.INTERRUPTED
    assert half_done.version.status == ModelStatus.FAILED
    assert TrainingRun.objects.get(pk=queued.pk).status == RunStatus.QUEUED



def stopped_beating(run: TrainingRun, worker: str = "w1@host") -> None:
    """The run's worker was killed: its heartbeat is older than the staleness limit."""
    silent = timezone.now() - dt.timedelta(seconds=training.HEARTBEAT_STALE_SECONDS + 1)
    TrainingRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, worker=worker, heartbeat_at=silent)


def half_prepared_run(active: ModelVersion) -> TrainingRun:
    """A run killed while it wrote its candidate's student models (beside the active version's)."""
    candidate = ModelVersion.objects.create(status=ModelStatus.CANDIDATE)
    StudentModel.objects.bulk_create([StudentModel(student_id=row.student_id, version=candidate, parameters={})
                                      for row in StudentModel.objects.filter(version=active)])
    return TrainingRun.objects.create(status=RunStatus.RUNNING, version=candidate, stage=TrainingStage.REGENERATING)


def test_it_fails_a_run_whose_heartbeat_stopped_and_accepts_the_next(media):
    seed_attempts(n_students=12)
    _, active = retrain()
    models_before = sorted(StudentModel.objects.filter(version=active).values_list("pk", "updated_at"))
    dead = half_prepared_run(active)
    stopped_beating(dead)
    assert training.active_training_run() is None  # a dead run blocks no one
    assert training.interrupted_runs_recover() == [dead]
    dead.refresh_from_db()
    assert (dead.status, dead.stage, dead.version.status) == (RunStatus.FAILED, "interrupted", ModelStatus.FAILED)
    assert not StudentModel.objects.filter(version=dead.version).exists()
    assert registry.active_version() == active
    assert sorted(StudentModel.objects.filter(version=active).values_list("pk", "updated_at")) == models_before
    assert training.retrain_request().pk != dead.pk


def test_it_still_counts_a_run_whose_heartbeat_is_fresh():
    run = training.retrain_request()
    TrainingRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, worker="w1@host",
                                                 heartbeat_at=timezone.now())
    assert training.interrupted_runs_recover() == [] and training.active_training_run() == run
    with pytest.raises(training.TrainingInProgress):
        training.retrain_request()


def test_it_takes_up_a_restarted_workers_own_runs_at_once(media):
    seed_attempts(n_students=8)
    _, active = retrain()
    mine, theirs = half_prepared_run(active), TrainingRun.objects.create(status=RunStatus.RUNNING)
    TrainingRun.objects.filter(pk=mine.pk).update(worker="w1@host", heartbeat_at=timezone.now())
    TrainingRun.objects.filter(pk=theirs.pk).update(worker="w2@host", heartbeat_at=timezone.now())
    assert training.interrupted_runs_recover(worker="w1@host") == [mine]
    assert TrainingRun.objects.get(pk=theirs.pk).status == RunStatus.RUNNING


def test_it_finishes_a_run_killed_after_its_version_was_activated(media, django_capture_on_commit_callbacks):
    seed_attempts(n_students=8)
    run, version = retrain()
    TrainingRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, stage=TrainingStage.PLANNING)
    stopped_beating(run)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        training.interrupted_runs_recover()
    run.refresh_from_db()
    assert len(queued) == 1 and (run.status, run.stage) == (RunStatus.SUCCEEDED, TrainingStage.DONE)
    assert registry.active_version() == version


def test_it_leaves_a_run_given_up_as_interrupted_alone_when_its_task_comes_back():
    run = TrainingRun.objects.create(status=RunStatus.FAILED, stage=TrainingStage.INTERRUPTED)
    assert training.model_retrain(run=run, config=tiny_config()) is None
    assert not ModelVersion.objects.exists()


def test_it_records_the_worker_and_a_first_heartbeat(media):
    seed_attempts(n_students=8)
    run = TrainingRun.objects.create()
    training.model_retrain(run=run, config=tiny_config(), worker="w1@host")
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED and run.worker == "w1@host" and run.heartbeat_at is not None


def test_it_fits_each_exercises_difficulty_beside_its_skill_from_the_training_attempts(media):
    from learners import engine
    from learners.models import Attempt, Exercise

    seed_attempts()
    skill = Skill.objects.order_by("pk").first()
    easy = Exercise.objects.get(skill=skill)
    hard = Exercise.objects.create(skill=skill, prompt="What is $12 \\times 13$?", answer="156", answer_kind="number")
    rare = Exercise.objects.create(skill=skill, prompt="What is $2 + 2$?", answer="4", answer_kind="number")
    Attempt.objects.filter(skill=skill, correct=True).update(exercise=easy)
    Attempt.objects.filter(skill=skill, correct=False).update(exercise=hard)
    few = Attempt.objects.filter(skill=skill, student__in=Attempt.objects.values("student").distinct()[:4])
    few.filter(correct=True).update(exercise=rare)  # answered by 4 students: too few to rate
    arrays = engine.read_attempts()
    assert set(arrays.exercises[arrays.skills == skill.pk]) == {easy.pk, hard.pk, rare.pk}
    assert set(arrays.exercises[arrays.skills != skill.pk]) == {-1}  # none named
    _run, version = retrain()
    offsets = registry.version_engine(version).exercise_offsets
    assert offsets.ids.tolist() == [easy.pk, hard.pk] and offsets.offset[0] > 0.5 > -0.5 > offsets.offset[1]
    assert version.metrics["exercises_rated"] == 2


def test_it_fits_no_exercise_difficulty_where_no_attempt_names_an_exercise(media):
    seed_attempts()
    _run, version = retrain()
    assert registry.version_engine(version).exercise_offsets is None and version.metrics["exercises_rated"] == 0
