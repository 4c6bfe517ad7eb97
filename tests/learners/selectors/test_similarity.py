"""Similar students: only those the viewer may see, the viewer's own first, the similarity in words."""
import numpy as np
import pytest

from learners import registry
from learners.models import Student, StudentModel, StudentNeighbour
from learners.selectors import similarity
from metacore import metric

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(school):
    """The school's first classroom: 12 of its 24 trained students."""
    return school.mine


def test_it_shows_only_similar_students_the_viewer_may_see_with_words(room):
    student = room.students.order_by("pk").first()
    visible = room.students.all()
    near = similarity.similar_students(student, visible=visible)
    assert len(near) == similarity.SIMILAR_SHOWN
    assert {n.student.pk for n in near} <= set(visible.values_list("pk", flat=True)) - {student.pk}
    assert [n.distance for n in near] == sorted(n.distance for n in near)
    labels = similarity.similarity_labels()
    assert all(n.similarity == labels[n.level] for n in near)
    levels = list(labels)  # closest first: a farther student is never said to be more similar
    assert [levels.index(n.level) for n in near] == sorted(levels.index(n.level) for n in near)
    everyone = [m.parameters["task_stats"] for m in StudentModel.objects.filter(version=registry.active_version())]
    pairs = metric.mean_task_distance(stats(everyone), stats(everyone))[np.triu_indices(len(everyone), k=1)]
    for n in near:  # the words come from where the distance falls among all pairs of students
        assert n.closer_pairs == pytest.approx((pairs < n.distance).mean())
        assert n.level == similarity._similarity_level(n.closer_pairs)


def test_it_finds_the_nearest_visible_students_when_the_stored_neighbours_are_not_visible(room):
    student = room.students.order_by("pk").first()
    version = registry.active_version()
    stored = set(StudentNeighbour.objects.filter(version=version, student=student)
                 .values_list("neighbour_id", flat=True))
    hidden_from_them = Student.objects.exclude(pk__in=[*stored, student.pk])
    near = similarity.similar_students(student, visible=hidden_from_them, limit=4)
    assert len(near) == 4 and not {n.student.pk for n in near} & stored
    models = {m.student_id: m.parameters["task_stats"] for m in StudentModel.objects.filter(version=version)}
    pool = list(hidden_from_them.values_list("pk", flat=True))
    distances = metric.mean_task_distance(stats([models[student.pk]]), stats([models[pk] for pk in pool]))[0]
    nearest = [pool[i] for i in np.argsort(distances, kind="stable")[:4]]
    assert [n.student.pk for n in near] == nearest
    assert [n.distance for n in near] == pytest.approx(sorted(distances)[:4])


def stats(rows):
    return metric.TaskStats(count=np.array([r["count"] for r in rows]), total=np.array([r["total"] for r in rows]),
                            sqsum=np.array([r["sqsum"] for r in rows]))


def test_it_lists_similar_students_of_the_viewers_own_classrooms_first(room):
    student = room.students.order_by("pk").first()
    own = Student.objects.exclude(classrooms=room)  # say the viewer teaches the other twelve
    near = similarity.similar_students(student, visible=Student.objects.all(), own=own, limit=8)
    flags = [n.in_own_classroom for n in near]
    assert flags == sorted(flags, reverse=True) and flags[0]
    assert all(n.student.pk in set(own.values_list("pk", flat=True)) for n in near if n.in_own_classroom)


def test_it_words_similarity_by_where_a_distance_falls_among_all_pairs():
    assert similarity._similarity_level(0.004) == "very_similar"
    assert similarity._similarity_level(0.03) == "similar"
    assert similarity._similarity_level(0.15) == "somewhat_similar"
    assert similarity._similarity_level(0.6) == "not_very_similar"
