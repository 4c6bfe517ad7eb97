"""Cohorts: as many as the data has, none two alike."""
import numpy as np
import pytest

from learners.models import Cohort, StudentModel
from learners.services import cohorts, similarity
from tests.fixtures import retrain, seed_attempts

pytestmark = pytest.mark.django_db


def groups(rng, centres, per_group=60, spread=1.0):
    """Points scattered around each centre, group by group."""
    return np.concatenate([rng.normal(0.0, spread, (per_group, len(c))) + c for c in centres])


def test_it_finds_two_cohorts_in_two_clearly_separated_groups_not_eight():
    rng = np.random.default_rng(0)
    points = groups(rng, [np.zeros(8), np.r_[8.0, np.zeros(7)]])
    labels, centres = cohorts.cohort_labels(points, max_cohorts=8)
    assert len(centres) == 2
    assert len(set(labels[:60])) == 1 and len(set(labels[60:])) == 1 and labels[0] != labels[60]


def test_it_finds_as_many_cohorts_as_there_are_groups():
    rng = np.random.default_rng(1)
    corners = [np.r_[0.0, 0.0, np.zeros(4)], np.r_[9.0, 0.0, np.zeros(4)], np.r_[0.0, 9.0, np.zeros(4)],
               np.r_[9.0, 9.0, np.zeros(4)]]
    labels, centres = cohorts.cohort_labels(groups(rng, corners, per_group=40), max_cohorts=8)
    assert len(centres) == 4
    assert [len(set(labels[g * 40:(g + 1) * 40])) for g in range(4)] == [1, 1, 1, 1]


def test_it_merges_cohorts_whose_centres_are_nearly_identical():
    rng = np.random.default_rng(2)
    points = groups(rng, [np.zeros(6), np.full(6, 0.05), np.r_[10.0, np.zeros(5)]], per_group=50)
    split = np.repeat([0, 1, 2], 50)  # the first two "cohorts" are one group cut in two
    labels = cohorts._merge_alike(points, split)
    assert len(set(labels)) == 2 and len(set(labels[:100])) == 1 and labels[0] != labels[100]
    apart = np.repeat([0, 1], 50)
    assert len(set(cohorts._merge_alike(points[np.r_[0:50, 100:150]], apart))) == 2


def test_it_merges_cohorts_whose_mean_mastery_is_nearly_the_same():
    rng = np.random.default_rng(3)
    points = groups(rng, [np.zeros(6), np.r_[10.0, np.zeros(5)], np.r_[0.0, 10.0, np.zeros(4)]], per_group=30)
    labels = np.repeat([0, 1, 2], 30)
    mastery = np.repeat([[0.30, 0.80, 0.50], [0.31, 0.79, 0.51], [0.70, 0.40, 0.50]], 30, axis=0)
    merged = cohorts._merge_alike(points, labels, mastery)  # apart in embeddings, alike for a teacher
    assert len(set(merged)) == 2 and merged[0] == merged[30] != merged[60]
    assert len(set(cohorts._merge_alike(points, labels))) == 3


def test_it_scores_a_clustering_by_its_silhouette():
    points = np.array([[0.0], [1.0], [10.0], [11.0]])
    # each point: a = 1 (its partner), b = mean distance to the other pair (10 and 9 or 11)
    expected = np.mean([(10.5 - 1) / 10.5, (9.5 - 1) / 9.5, (9.5 - 1) / 9.5, (10.5 - 1) / 10.5])
    assert cohorts.silhouette(points, np.array([0, 0, 1, 1])) == pytest.approx(expected)
    assert cohorts.silhouette(points, np.array([0, 1, 0, 1])) < 0


def test_it_stores_the_cohorts_the_students_show_with_none_alike(media):
    seed_attempts()
    _, version = retrain()
    ids, stats = similarity._version_stats(version)
    stored = list(Cohort.objects.filter(version=version).order_by("index"))
    members = dict(StudentModel.objects.filter(version=version).values_list("student_id", "cohort__index"))
    labels = np.array([members[s] for s in ids])
    assert len(stored) == len(set(labels)) <= 4 and [c.size for c in stored] == np.bincount(labels).tolist()
    assert [c.size for c in stored] == sorted((c.size for c in stored), reverse=True)
    mastery = np.array([1 / (1 + np.exp(-np.asarray(m.parameters["mastery"])))
                        for m in StudentModel.objects.filter(version=version).order_by("student_id")])
    if len(stored) > 1:
        assert (cohorts._alike(stats.means(), labels, mastery) >= 1.0).all()
    for c in stored:
        np.testing.assert_allclose(c.centre, stats.means()[labels == c.index].mean(axis=0))
        np.testing.assert_allclose(c.mean_mastery, mastery[labels == c.index].mean(axis=0))
