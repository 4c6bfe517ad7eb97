"""A classroom's pages read the database a fixed number of times, however many students it has."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learners.models import Skill
from learners.services import rosters

pytestmark = pytest.mark.django_db


@pytest.fixture
def rooms(school, client):
    """A classroom of 3 and one of 12 trained students (models, cohorts, plans), taught by the signed-in teacher."""
    small = rosters.classroom_create(school=school.mine.school, name="Small", teachers=[school.teacher],
                                     students=school.their_students[:3])
    client.force_login(school.teacher.user)
    return small, school.mine


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
