import pytest
from django.urls import reverse

from learners import services
from tests.factories import AttemptFactory, ClassroomFactory, SkillFactory

pytestmark = pytest.mark.django_db


def test_it_sends_anonymous_visitors_to_sign_in(client):
    answer = client.get(reverse("home"))
    assert answer.status_code == 302 and answer.url == reverse("login") + "?next=/"
    assert client.get(reverse("login")).status_code == 200


def test_it_answers_the_health_check(client):
    assert client.get(reverse("healthz")).json() == {"status": "ok"}


def test_it_shows_a_student_only_their_own_practice(client):
    mine = services.student_create(username="me", display_name="Me Myself")
    other = services.student_create(username="other", display_name="Other One")
    AttemptFactory(student=mine, skill=SkillFactory(name="Fractions"))
    AttemptFactory(student=other, skill=SkillFactory(name="Geometry"))
    client.force_login(mine.user)
    page = client.get(reverse("home")).content.decode()
    assert "Fractions" in page and "Geometry" not in page


def test_it_shows_a_teacher_only_their_classrooms(client):
    teacher = services.teacher_create(username="t")
    ClassroomFactory(name="Mine").teachers.add(teacher)
    ClassroomFactory(name="Theirs")
    client.force_login(teacher.user)
    page = client.get(reverse("home")).content.decode()
    assert "Mine" in page and "Theirs" not in page


def test_it_switches_the_language(client):
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/accounts/login/"})
    assert 'lang="zh-hans"' in client.get(reverse("login")).content.decode()
