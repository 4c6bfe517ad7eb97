import json

import pytest
from django.urls import reverse

from learners import services
from tests.factories import ClassroomFactory
from tests.learners.pipeline_data import trained_students

pytestmark = pytest.mark.django_db


@pytest.fixture
def school(settings, tmp_path):
    students = trained_students(settings, tmp_path, 24)
    teacher, other = services.teacher_create(username="t1"), services.teacher_create(username="t2")
    mine, theirs = ClassroomFactory(name="Mine"), ClassroomFactory(name="Theirs")
    mine.teachers.add(teacher)
    theirs.teachers.add(other)
    mine.students.add(*students[:12])
    theirs.students.add(*students[12:])
    return {"teacher": teacher, "mine": mine, "theirs": theirs, "students": students}


def pages(classroom):
    skill = classroom.students.first().attempts.first().skill
    return [reverse("classroom", args=[classroom.pk]), reverse("classroom-attention", args=[classroom.pk]),
            reverse("classroom-cohorts", args=[classroom.pk]), reverse("classroom-skill", args=[classroom.pk, skill.pk])]


def figure(page: str, dom_id: str) -> dict:
    start = page.index(f'id="{dom_id}-data"')
    body = page[page.index(">", start) + 1:page.index("</script>", start)]
    return json.loads(body)


def test_it_shows_a_teacher_the_pages_of_their_own_classroom_only(client, school):
    client.force_login(school["teacher"].user)
    for url in pages(school["mine"]):
        assert client.get(url).status_code == 200, url
    for url in pages(school["theirs"]):
        assert client.get(url).status_code == 404, url
    client.force_login(school["students"][0].user or services.student_create(username="s").user)
    for url in pages(school["mine"]):
        assert client.get(url).status_code == 404, url


def test_it_draws_the_heatmap_of_the_classrooms_students_by_skill(client, school):
    client.force_login(school["teacher"].user)
    page = client.get(reverse("classroom", args=[school["mine"].pk])).content.decode()
    heatmap = figure(page, "class-heatmap")["data"][0]
    names = {str(s) for s in school["mine"].students.all()}
    assert heatmap["type"] == "heatmap" and set(heatmap["y"]) == names and len(heatmap["x"]) == 4
    assert not names & {str(s) for s in school["theirs"].students.all()} - names
    assert "plotly.min.js" in page
    table = page[page.index("<h2>Students</h2>"):]
    assert all(name in table for name in names)  # the heatmap's text alternative


def test_it_filters_the_heatmap_by_cohort_and_skill(client, school):
    client.force_login(school["teacher"].user)
    url = reverse("classroom", args=[school["mine"].pk])
    skill = school["mine"].students.first().attempts.first().skill
    page = client.get(url, {"skills": [skill.pk], "sort": "mastery", "cohort": ""}).content.decode()
    assert figure(page, "class-heatmap")["data"][0]["x"] == [skill.name]
    assert client.get(url, {"sort": "nonsense"}).status_code == 200  # a bad filter shows everything


def test_it_lets_a_teacher_set_a_prerequisite_but_not_a_loop(client, school):
    client.force_login(school["teacher"].user)
    room = school["mine"]
    skills = list(room.students.first().attempts.values_list("skill", flat=True).distinct()[:2])
    first = reverse("classroom-skill", args=[room.pk, skills[0]])
    answer = client.post(first, {"action": "add", "prerequisite": skills[1]})
    assert answer.status_code == 302
    loop = client.post(reverse("classroom-skill", args=[room.pk, skills[1]]), {"action": "add", "prerequisite": skills[0]})
    assert loop.status_code == 200 and "loop" in loop.content.decode()


def test_it_shows_a_teacher_the_students_progress_in_the_third_person(client, school):
    client.force_login(school["teacher"].user)
    student = school["mine"].students.first()
    page = client.get(reverse("student-plan", args=[student.pk])).content.decode()
    assert "What they know now" in page and "What you know now" not in page
    assert 'id="mastery-chart-data"' in page
