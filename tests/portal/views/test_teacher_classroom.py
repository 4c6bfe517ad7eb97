"""A teacher's pages about one classroom: only their own, the heatmap with its filters, cohorts, one skill."""
import json
import re

import pytest
from django.urls import reverse

from learners import registry
from learners.models import Cohort, StudentModel, StudyPlan
from learners.selectors import dashboards

pytestmark = pytest.mark.django_db


def pages(classroom):
    skill = classroom.students.first().attempts.first().skill
    return [reverse("classroom", args=[classroom.pk]), reverse("classroom-attention", args=[classroom.pk]),
            reverse("classroom-cohorts", args=[classroom.pk]), reverse("classroom-skill", args=[classroom.pk, skill.pk])]


def figure(page: str, dom_id: str) -> dict:
    start = page.index(f'id="{dom_id}-data"')
    body = page[page.index(">", start) + 1:page.index("</script>", start)]
    return json.loads(body)


def test_it_shows_a_teacher_the_pages_of_their_own_classroom_only(client, school):
    client.force_login(school.teacher.user)
    for url in pages(school.mine):
        assert client.get(url).status_code == 200, url
    for url in pages(school.theirs):
        assert client.get(url).status_code == 404, url
    client.force_login(school.learner.user)
    for url in pages(school.mine):
        assert client.get(url).status_code == 404, url


def test_it_draws_the_heatmap_of_the_classrooms_students_by_skill(client, school):
    client.force_login(school.teacher.user)
    page = client.get(reverse("classroom", args=[school.mine.pk])).content.decode()
    heatmap = figure(page, "class-heatmap")["data"][0]
    names = {str(s) for s in school.mine.students.all()}
    assert heatmap["type"] == "heatmap" and set(heatmap["y"]) == names and len(heatmap["x"]) == 4
    assert not names & {str(s) for s in school.theirs.students.all()} - names
    assert "plotly.min.js" in page
    table = page[page.index("<h2>Students</h2>"):]
    assert all(name in table for name in names)  # the heatmap's text alternative


def test_it_filters_the_heatmap_by_cohort_and_skill(client, school):
    client.force_login(school.teacher.user)
    url = reverse("classroom", args=[school.mine.pk])
    skill = school.mine.students.first().attempts.first().skill
    page = client.get(url, {"skills": [skill.pk], "sort": "mastery", "cohort": ""}).content.decode()
    assert figure(page, "class-heatmap")["data"][0]["x"] == [skill.name]


def test_it_lets_a_teacher_set_a_prerequisite_for_their_school_only_but_not_a_loop(client, school):
    from learners.models import SchoolPrerequisite
    from learners.services.prerequisites import prerequisite_edges
    from tests.fixtures import ClassroomFactory

    elsewhere = ClassroomFactory()  # another school
    client.force_login(school.teacher.user)
    room = school.mine
    attempts = room.students.first().attempts.order_by("skill")
    skills = list(attempts.values_list("skill", flat=True).distinct()[:2])
    first = reverse("classroom-skill", args=[room.pk, skills[0]])
    answer = client.post(first, {"action": "add", "prerequisite": skills[1]})
    assert answer.status_code == 302
    assert prerequisite_edges(school=room.school) == [(skills[1], skills[0])]
    assert prerequisite_edges(school=elsewhere.school) == []
    assert SchoolPrerequisite.objects.get().created_by == school.teacher.user
    loop = client.post(reverse("classroom-skill", args=[room.pk, skills[1]]), {"action": "add", "prerequisite": skills[0]})
    assert loop.status_code == 200 and "loop" in loop.content.decode()
    page = client.get(first).content.decode()
    assert "Hill School" in page and f"{room.pk}/skills/{skills[1]}/" in page


def test_it_refuses_a_prerequisite_edit_from_another_classrooms_teacher(client, school):
    from learners.models import SchoolPrerequisite

    client.force_login(school.other_teacher.user)
    skills = list(school.mine.students.first().attempts.values_list("skill", flat=True).distinct()[:2])
    answer = client.post(reverse("classroom-skill", args=[school.mine.pk, skills[0]]),
                         {"action": "add", "prerequisite": skills[1]})
    assert answer.status_code == 404 and not SchoolPrerequisite.objects.exists()


def test_it_labels_every_column_of_the_classrooms_heatmap_page(client, school):
    client.force_login(school.teacher.user)
    page = client.get(reverse("classroom", args=[school.mine.pk])).content.decode()
    figure_json = figure(page, "class-heatmap")
    assert figure_json["layout"]["xaxis"]["tickvals"] == figure_json["data"][0]["x"]


def test_it_shows_now_and_after_the_plan_over_the_same_goal_skills(client, school):
    client.force_login(school.teacher.user)
    page = client.get(reverse("classroom", args=[school.mine.pk])).content.decode()
    assert "Goal skills now (mean)" in page and "Goal skills after the plan (mean)" in page
    table = page[page.index("<h2>Students</h2>"):]
    for plan in StudyPlan.objects.filter(student__classrooms=school.mine, is_current=True):
        row = table[table.index(f'>{plan.student}</a>'):]
        row = row[:row.index("</tr>")]
        now, after = f"{100 * plan.goal_forecast_without:.0f}%", f"{100 * plan.goal_forecast:.0f}%"
        assert f"<td>{now}</td><td>{after}</td>" in row


def test_it_shows_only_the_classrooms_cohorts_each_set_apart_in_words(client, school):
    version = registry.active_version()
    theirs = Cohort.objects.create(version=version, index=Cohort.objects.filter(version=version).count(), size=3)
    StudentModel.objects.filter(version=version, student__in=school.students[12:15]).update(cohort=theirs)
    client.force_login(school.teacher.user)
    page = client.get(reverse("classroom-cohorts", args=[school.mine.pk])).content.decode()
    mine = set(StudentModel.objects.filter(version=version, student__classrooms=school.mine)
               .values_list("cohort__index", flat=True))
    shown = {int(n) - 1 for n in re.findall(r'<section class="card cohort">\s*<h2>Cohort (\d+)', page)}
    assert shown == mine and theirs.index not in shown
    assert "What sets it apart from the rest of the class" in page or "no other cohort here to compare" in page


def test_it_says_the_thresholds_the_dashboards_decide_by(client, school, monkeypatch):
    monkeypatch.setattr(dashboards, "ON_TRACK", 0.8)
    monkeypatch.setattr(dashboards, "AT_RISK", 0.45)
    monkeypatch.setattr(dashboards, "FALLING", 0.1)
    monkeypatch.setattr(dashboards, "FALLING_DAYS", 10)
    client.force_login(school.teacher.user)
    overview = client.get(reverse("classroom", args=[school.mine.pk])).content.decode()
    assert "to at least 80% chance of success; at risk: below 45%." in overview
    attention = client.get(reverse("classroom-attention", args=[school.mine.pk])).content.decode()
    assert "is below 45%, when it fell by 10 points or more in 10 days" in attention


@pytest.mark.parametrize("query, says", [
    ({"skills": ["99999999999999999999999"]}, "Select a valid choice"), ({"skills": ["-1"]}, "Select a valid choice"),
    ({"skills": ["\u0663"]}, "Select a valid choice"), ({"skills": ["1e3"]}, "Select a valid choice"),
    ({"skills": ["\x00"]}, "Select a valid choice"), ({"sort": "nonsense"}, "Select a valid choice"),
    ({"cohort": "9" * 30}, "Select a valid choice"),
])
def test_it_answers_a_filter_it_cannot_use_with_the_whole_class_and_why(client, school, query, says):
    client.force_login(school.teacher.user)
    answer = client.get(reverse("classroom", args=[school.mine.pk]), query)
    page = answer.content.decode()
    assert answer.status_code == 400 and "This filter could not be used, so the whole class is shown:" in page
    assert says in page and figure(page, "class-heatmap")["data"][0]["y"]
