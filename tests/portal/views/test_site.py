"""The landing page for each kind of visitor, the health check and the language switch."""
import pytest
from django.urls import reverse

from learners.services import rosters
from tests.fixtures import AttemptFactory, ClassroomFactory, SkillFactory

pytestmark = pytest.mark.django_db


def test_it_sends_anonymous_visitors_to_sign_in(client):
    for name in ("home", "my-plan"):
        answer = client.get(reverse(name))
        assert answer.status_code == 302 and answer.url.startswith(reverse("login"))
    assert client.get(reverse("login")).status_code == 200


def test_it_answers_the_health_check(client):
    assert client.get(reverse("healthz")).json() == {"status": "ok"}


def test_it_lands_a_student_on_their_own_plan(client):
    mine = rosters.student_create(username="me", display_name="Me Myself")
    other = rosters.student_create(username="other", display_name="Other One")
    AttemptFactory(student=mine, skill=SkillFactory(name="Fractions"))
    AttemptFactory(student=other, skill=SkillFactory(name="Geometry"))
    client.force_login(mine.user)
    assert client.get(reverse("home")).url == reverse("my-plan")
    page = client.get(reverse("my-plan")).content.decode()
    assert "Fractions" in page and "Geometry" not in page and "No study plan yet" in page


def test_it_shows_a_teacher_only_their_classrooms(client):
    teacher = rosters.teacher_create(username="t")
    mine, theirs = ClassroomFactory(name="Mine"), ClassroomFactory(name="Theirs")
    mine.teachers.add(teacher)
    client.force_login(teacher.user)
    page = client.get(reverse("home")).content.decode()
    assert "Mine" in page and "Theirs" not in page
    assert client.get(reverse("classroom", args=[mine.pk])).status_code == 200
    assert client.get(reverse("classroom", args=[theirs.pk])).status_code == 404


def test_it_switches_the_language(client):
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/accounts/login/"})
    assert 'lang="zh-hans"' in client.get(reverse("login")).content.decode()
