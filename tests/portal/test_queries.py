"""A classroom's pages read the database a fixed number of times, however many students it has."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learners import pipeline, services
from learners.models import Skill, TrainingRun
from tests.factories import SchoolFactory
from tests.learners.pipeline_data import seed_attempts, tiny_config

pytestmark = pytest.mark.django_db


@pytest.fixture
def rooms(settings, tmp_path, client):
    """A classroom of 3 and one of 12 trained students (models, cohorts, plans), taught by the signed-in teacher."""
    settings.MEDIA_ROOT = tmp_path
    students = seed_attempts(n_students=20)
    pipeline.model_retrain(run=TrainingRun.objects.create(), config=tiny_config())
    teacher = services.teacher_create(username="t")
    school = SchoolFactory()
    small = services.classroom_create(school=school, name="Small", teachers=[teacher], students=students[:3])
    large = services.classroom_create(school=school, name="Large", teachers=[teacher], students=students[3:15])
    client.force_login(teacher.user)
    return small, large


def queries(client, url: str) -> list[str]:
    client.get(url)  # warm: session, content types, caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in captured.captured_queries]


@pytest.mark.parametrize("page", ["classroom", "classroom-attention", "classroom-cohorts", "classroom-skill"])
def test_a_classroom_page_makes_as_many_queries_for_3_students_as_for_12(client, rooms, page):
    skill = Skill.objects.order_by("pk").first().pk
    small, large = (reverse(page, args=[room.pk, skill] if page == "classroom-skill" else [room.pk])
                    for room in rooms)
    for_small, for_large = queries(client, small), queries(client, large)
    assert len(for_small) == len(for_large), "\n".join(
        ["3 students:", *for_small, "", "12 students:", *for_large])
    assert len(for_large) <= 30  # 13 to 21 today
