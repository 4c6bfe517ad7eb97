"""The *My progress* page and its partial, which the teacher's student page includes too."""
import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from learners.services import rosters
from portal.views.student import progress_context
from tests.fixtures import AttemptFactory, SkillFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def trained_student(school):
    """A student with a login, a model and a plan: the school's learner."""
    return school.learner


def test_it_sends_anonymous_visitors_to_sign_in(client):
    answer = client.get(reverse("my-progress"))
    assert answer.status_code == 302 and answer.url.startswith(reverse("login"))


def test_it_shows_a_student_their_own_progress_with_charts(client, trained_student):
    client.force_login(trained_student.user)
    page = client.get(reverse("my-progress")).content.decode()
    for dom_id in ("mastery-chart", "mastery-over-time", "plan-forecast", "plan-trajectory"):
        assert f'id="{dom_id}-data"' in page
    assert page.count('type="application/json"') == 4
    assert "vendor/plotly/plotly.min.js" in page and "cdn" not in page.lower()
    assert "Mastery per skill now" in page and "Show the data as a table" in page
    assert reverse("my-progress") in page  # the navigation link


def test_it_has_no_progress_page_for_a_teacher_or_staff(client):
    for user in (rosters.teacher_create(username="t").user, UserFactory(is_staff=True)):
        client.force_login(user)
        assert client.get(reverse("my-progress")).status_code == 404


def test_it_shows_only_the_signed_in_students_own_progress(client, trained_student):
    other = rosters.student_create(username="other")
    AttemptFactory(student=other, skill=SkillFactory(name="Only mine"))
    client.force_login(other.user)
    page = client.get(reverse("my-progress")).content.decode()
    assert "mastery-chart-data" not in page and "Skill 0" not in page


def test_it_tells_a_student_without_practice_what_to_do():
    student = rosters.student_create(username="new")
    html = render_to_string("partials/progress.html", progress_context(student))
    assert "Answer a few exercises and your progress appears here." in html and "<script" not in html


def test_it_tells_a_student_who_practised_before_any_model_that_it_is_coming():
    student = rosters.student_create(username="early")
    AttemptFactory(student=student, skill=SkillFactory())
    html = render_to_string("partials/progress.html", progress_context(student))
    assert "as soon as the model has read your answers" in html and "<script" not in html


def test_it_renders_the_partial_for_a_trained_student_outside_the_page(trained_student):
    html = render_to_string("partials/progress.html", progress_context(trained_student))
    assert html.count('type="application/json"') == 4
