"""The model pipeline's services on small data: retraining, activation, rollback, refreshes, failures."""
import numpy as np
import pytest

from learners import pipeline, services
from learners.models import (
    Cohort, ModelStatus, ModelVersion, RunStatus, Skill, StudentModel, StudentNeighbour, TrainingRun,
)
from tests.learners.pipeline_data import seed_attempts, tiny_config

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def retrain(**config):
    run = TrainingRun.objects.create()
    version = pipeline.model_retrain(run=run, config=tiny_config(**config))
    run.refresh_from_db()
    return run, version


def test_it_trains_registers_and_activates_the_first_version(media):
    students = seed_attempts()
    run, version = retrain()
    assert (run.status, run.stage, run.epoch, run.epochs_total) == (RunStatus.SUCCEEDED, "done", 2, 2)
    assert [h["epoch"] for h in run.history] == [1, 2]
    assert version.status == ModelStatus.ACTIVE and pipeline.active_version() == version
    assert 0.5 < version.metrics["valid_auc"] <= 1 and version.metrics["active_valid_auc"] is None
    assert (version.n_students, version.n_attempts) == (40, 960)
    assert len(version.heldout_students) == 4 and (media / version.checkpoint.name).exists()
    assert StudentModel.objects.filter(version=version).count() == len(students)
    assert StudentNeighbour.objects.filter(version=version).count() == len(students) * 10
    assert 1 <= Cohort.objects.filter(version=version).count() <= 4  # as many as the data really has
    assert sum(Cohort.objects.values_list("size", flat=True)) == len(students)


def test_it_stores_an_explicit_model_that_works_without_the_network(media):
    seed_attempts()
    _, version = retrain()
    row = StudentModel.objects.filter(version=version).first()
    from metacore.student_model import StudentModel as Explicit

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
            services.attempt_record(student=students[0], skill=Skill.objects.first(), correct=True)
    after = StudentModel.objects.get(version=version, student=students[0])
    assert (before.n_attempts, after.n_attempts) == (24, 27)
    assert after.parameters["mastery"] != before.parameters["mastery"]
    assert StudentNeighbour.objects.filter(version=version, student=students[0]).count() == 10


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
    assert pipeline.active_version() == first
    assert list(StudentModel.objects.order_by("pk").values_list("pk", "parameters")) == models_before


def test_it_rolls_back_to_an_earlier_version_with_its_student_models(media, django_capture_on_commit_callbacks):
    students = seed_attempts()
    _, first = retrain()
    _, second = retrain(seed=3, epochs=3)
    pipeline.version_activate(version=second, regenerate=False)  # whatever champion/challenger decided
    with django_capture_on_commit_callbacks(execute=True):
        services.attempt_record(student=students[1], skill=Skill.objects.first(), correct=False)
    pipeline.version_rollback(version=ModelVersion.objects.get(pk=first.pk), reason="rollback")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (ModelStatus.ACTIVE, ModelStatus.CANDIDATE)
    restored = StudentModel.objects.get(version=first, student=students[1])
    assert restored.n_attempts == 25  # regenerated from today's attempts, by the earlier version


def test_it_refuses_to_activate_a_failed_version(media):
    version = ModelVersion.objects.create(status=ModelStatus.FAILED)
    with pytest.raises(ValueError, match="cannot be activated"):
        pipeline.version_activate(version=version)


def test_it_does_nothing_twice_for_a_redelivered_finished_run(media):
    seed_attempts()
    run, version = retrain()
    assert pipeline.model_retrain(run=run) == version
    assert ModelVersion.objects.count() == 1


def test_it_refreshes_nothing_without_an_active_version(media):
    students = seed_attempts(n_students=2)
    assert pipeline.student_models_refresh(student_ids=[s.pk for s in students]) == 0


def test_it_finishes_a_redelivered_run_whose_version_is_active_without_retraining(media):
    students = seed_attempts()
    run, version = retrain()
    services.attempt_record(student=students[2], skill=Skill.objects.first(), correct=True)  # not refreshed yet
    TrainingRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED)  # e.g. the follow-up hit an error
    run.refresh_from_db()
    again = pipeline.model_retrain(run=run, config=tiny_config())
    run.refresh_from_db()
    assert again == version and ModelVersion.objects.count() == 1 and pipeline.active_version() == version
    assert run.status == RunStatus.SUCCEEDED
    assert StudentModel.objects.get(version=version, student=students[2]).n_attempts == 25  # caught up


def test_it_judges_a_challenger_on_the_champions_held_out_students(media):
    seed_attempts()
    _, first = retrain()
    _, second = retrain(seed=7)
    assert second.heldout_students == first.heldout_students
    assert second.metrics["active_valid_auc"] is not None


def test_it_rejects_a_candidate_whose_validation_auc_is_undefined():
    assert "undefined" in pipeline._rejection(float("nan"), None, 3)
    assert "does not beat" in pipeline._rejection(0.70, 0.71, 3)
    assert "does not beat" in pipeline._rejection(0.71, 0.71, 3)  # a tie keeps the active version
    assert "does not beat" in pipeline._rejection(0.7115, 0.71, 3)  # by less than the margin (0.002)
    assert pipeline._rejection(0.7125, 0.71, 3) == ""


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
def groups(rng, centres, per_group=60, spread=1.0):
    """Points scattered around each centre, group by group."""
    return np.concatenate([rng.normal(0.0, spread, (per_group, len(c))) + c for c in centres])


def test_it_finds_two_cohorts_in_two_clearly_separated_groups_not_eight():
    rng = np.random.default_rng(0)
    points = groups(rng, [np.zeros(8), np.r_[8.0, np.zeros(7)]])
    labels, centres = pipeline.cohort_labels(points, max_cohorts=8)
    assert len(centres) == 2
    assert len(set(labels[:60])) == 1 and len(set(labels[60:])) == 1 and labels[0] != labels[60]


def test_it_finds_as_many_cohorts_as_there_are_groups():
    rng = np.random.default_rng(1)
    corners = [np.r_[0.0, 0.0, np.zeros(4)], np.r_[9.0, 0.0, np.zeros(4)], np.r_[0.0, 9.0, np.zeros(4)],
               np.r_[9.0, 9.0, np.zeros(4)]]
    labels, centres = pipeline.cohort_labels(groups(rng, corners, per_group=40), max_cohorts=8)
    assert len(centres) == 4
    assert [len(set(labels[g * 40:(g + 1) * 40])) for g in range(4)] == [1, 1, 1, 1]


def test_it_merges_cohorts_whose_centres_are_nearly_identical():
    rng = np.random.default_rng(2)
    points = groups(rng, [np.zeros(6), np.full(6, 0.05), np.r_[10.0, np.zeros(5)]], per_group=50)
    split = np.repeat([0, 1, 2], 50)  # the first two "cohorts" are one group cut in two
    labels = pipeline._merge_alike(points, split)
    assert len(set(labels)) == 2 and len(set(labels[:100])) == 1 and labels[0] != labels[100]
    apart = np.repeat([0, 1], 50)
    assert len(set(pipeline._merge_alike(points[np.r_[0:50, 100:150]], apart))) == 2


def test_it_merges_cohorts_whose_mean_mastery_is_nearly_the_same():
    rng = np.random.default_rng(3)
    points = groups(rng, [np.zeros(6), np.r_[10.0, np.zeros(5)], np.r_[0.0, 10.0, np.zeros(4)]], per_group=30)
    labels = np.repeat([0, 1, 2], 30)
    mastery = np.repeat([[0.30, 0.80, 0.50], [0.31, 0.79, 0.51], [0.70, 0.40, 0.50]], 30, axis=0)
    merged = pipeline._merge_alike(points, labels, mastery)  # apart in embeddings, alike for a teacher
    assert len(set(merged)) == 2 and merged[0] == merged[30] != merged[60]
    assert len(set(pipeline._merge_alike(points, labels))) == 3


def test_it_scores_a_clustering_by_its_silhouette():
    points = np.array([[0.0], [1.0], [10.0], [11.0]])
    # each point: a = 1 (its partner), b = mean distance to the other pair (10 and 9 or 11)
    expected = np.mean([(10.5 - 1) / 10.5, (9.5 - 1) / 9.5, (9.5 - 1) / 9.5, (10.5 - 1) / 10.5])
    assert pipeline.silhouette(points, np.array([0, 0, 1, 1])) == pytest.approx(expected)
    assert pipeline.silhouette(points, np.array([0, 1, 0, 1])) < 0


def test_it_stores_the_cohorts_the_students_show_with_none_alike(media):
    seed_attempts()
    _, version = retrain()
    ids, stats = pipeline._version_stats(version)
    stored = list(Cohort.objects.filter(version=version).order_by("index"))
    members = dict(StudentModel.objects.filter(version=version).values_list("student_id", "cohort__index"))
    labels = np.array([members[s] for s in ids])
    assert len(stored) == len(set(labels)) <= 4 and [c.size for c in stored] == np.bincount(labels).tolist()
    assert [c.size for c in stored] == sorted((c.size for c in stored), reverse=True)
    mastery = np.array([1 / (1 + np.exp(-np.asarray(m.parameters["mastery"])))
                        for m in StudentModel.objects.filter(version=version).order_by("student_id")])
    if len(stored) > 1:
        assert (pipeline._alike(stats.means(), labels, mastery) >= 1.0).all()
    for c in stored:
        np.testing.assert_allclose(c.centre, stats.means()[labels == c.index].mean(axis=0))
        np.testing.assert_allclose(c.mean_mastery, mastery[labels == c.index].mean(axis=0))
