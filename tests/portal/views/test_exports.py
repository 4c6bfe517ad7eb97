"""Downloads as CSV: a classroom's attempts, mastery table and plans, and every chart's data; what they hold
(the pages' numbers), cells a spreadsheet would run made inert, and who may download what."""
import csv
import datetime as dt
import html
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from learners.models import Attempt, MasterySnapshot, PlanItem, Skill
from learners.selectors import dashboards

pytestmark = pytest.mark.django_db
FORMULAS = ["=cmd|' /C calc'!A0", "+1", "-2", "@x"]


def download(client, url: str, *, status: int = 200) -> list[list[str]]:
    """The CSV's rows (the header first), after checking it is a UTF-8 attachment that starts with a BOM."""
    answer = client.get(url)
    assert answer.status_code == status, url
    body = b"".join(answer.streaming_content)
    assert body.startswith("\ufeff".encode()) and answer["Content-Type"] == "text/csv; charset=utf-8"
    assert answer["Content-Disposition"].startswith('attachment; filename="')
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def export(client, room, table: str) -> list[list[str]]:
    return download(client, reverse("classroom-export", args=[room.pk, table]))


def test_it_exports_the_mastery_table_with_the_overviews_columns_and_numbers(client, school):
    client.force_login(school.teacher.user)
    header, *rows = export(client, school.mine, "mastery")
    skills = dashboards.classroom_skills(school.mine)
    assert header == ["student", "student_id", *[s.name for s in skills], "goal_now", "goal_after_plan", "status"]
    page = client.get(reverse("classroom", args=[school.mine.pk])).content.decode()
    shown = re.findall(r'plan/">([^<]+)</a></td>\s*<td><span class="badge status-(\w+)">.*?</span></td>\s*'
                       r"<td>(\d+)%</td><td>(\d+)%</td>", page)
    assert [r[0] for r in rows] == [name for name, *_ in shown] and len(rows) == len(school.mine_students)
    for row, (_name, status, now, after) in zip(rows, shown):  # the page's numbers, which it rounds to percents
        assert abs(100 * float(row[-3]) - int(now)) <= 0.55 and abs(100 * float(row[-2]) - int(after)) <= 0.55
        assert row[-1] == status
        assert all(len(p.split(".")[1]) == 3 and 0 <= float(p) <= 1 for p in row[2:-3])
    overview = dashboards.class_overview(school.mine)
    assert float(rows[0][2]) == pytest.approx(overview.mastery[0][0], abs=5e-4)
    today = timezone.localdate().isoformat()
    answer = client.get(reverse("classroom-export", args=[school.mine.pk, "mastery"]))
    assert answer["Content-Disposition"] == f'attachment; filename="class-7a-mastery-{today}.csv"'


def test_it_streams_every_attempt_of_the_classroom_by_student_then_time(client, school):
    client.force_login(school.teacher.user)
    answer = client.get(reverse("classroom-export", args=[school.mine.pk, "attempts"]))
    assert answer.streaming
    header, *rows = export(client, school.mine, "attempts")
    assert header == ["student", "student_id", "external_id", "skill_code", "skill", "exercise_id", "correct",
                      "score", "submitted_at", "duration_seconds", "hints_used", "source"]
    mine = Attempt.objects.filter(student__in=school.mine_students)
    assert len(rows) == mine.count() and rows
    ids = [s.pk for s in school.mine.students.order_by("display_name", "external_id")]
    assert [int(r[1]) for r in rows] == sorted((int(r[1]) for r in rows), key=ids.index)
    for student_id in ids:
        times = [dt.datetime.fromisoformat(r[8]) for r in rows if int(r[1]) == student_id]
        assert times == sorted(times) and all(t.tzinfo for t in times)
    first = mine.filter(student_id=int(rows[0][1])).order_by("submitted_at", "pk").first()
    assert rows[0][3:9] == [first.skill.code, first.skill.name, str(first.exercise_id or ""),
                            "1" if first.correct else "0", str(first.score), first.submitted_at.isoformat()]


def test_it_exports_each_students_current_plan_as_the_teacher_sees_it(client, school):
    client.force_login(school.teacher.user)
    header, *rows = export(client, school.mine, "plans")
    assert header == ["student", "student_id", "plan", "session", "position", "skill_code", "skill", "reason",
                      "p_success", "done", "pinned"]
    items = PlanItem.objects.filter(plan__is_current=True, plan__student__in=school.mine_students)
    assert len(rows) == items.count() and rows
    ada = [r for r in rows if r[1] == str(school.learner.pk)]
    first = items.filter(plan__student=school.learner).order_by("position").first()
    assert ada[0][2:9] == [str(first.plan.number), str(first.session + 1), "1", first.skill.code, first.skill.name,
                           first.get_reason_display(), f"{first.p_success:.3f}"]
    page = client.get(reverse("student-plan", args=[school.learner.pk])).content.decode()
    assert all(html.escape(r[6]) in page and html.escape(r[7]) in page for r in ada)


def test_it_makes_cells_a_spreadsheet_would_run_inert(client, school):
    for student, name in zip(school.mine_students, FORMULAS):
        student.display_name = name
        student.save()
    client.force_login(school.teacher.user)
    for table in ("mastery", "attempts", "plans"):
        names = {r[0] for r in export(client, school.mine, table)[1:]}
        assert {f"'{name}" for name in FORMULAS} <= names, table
        assert not any(name.startswith(("=", "+", "-", "@")) for name in names), table


def test_it_exports_only_a_taught_classroom_and_only_its_tables(client, school):
    client.force_login(school.teacher.user)
    assert client.get(reverse("classroom-export", args=[school.theirs.pk, "mastery"])).status_code == 404
    assert client.get(reverse("classroom-export", args=[school.mine.pk, "secrets"])).status_code == 404
    assert client.get(reverse("classroom-chart", args=[school.mine.pk, "class-heatmap"])).status_code == 404
    client.force_login(school.learner.user)
    for table in ("mastery", "attempts", "plans"):
        assert client.get(reverse("classroom-export", args=[school.mine.pk, table])).status_code == 404


def chart_table(page: str, dom_id: str) -> str:
    """The chart's figure on the page (its table of data included)."""
    start = page.index(f'<figure class="chart" id="{dom_id}"')
    return page[start:page.index("</figure>", start)]


def assert_same_data(page: str, dom_id: str, rows: list[list[str]]) -> None:
    figure = chart_table(page, dom_id)
    header, *cells = rows
    assert cells and all(f'<th scope="col">{html.escape(h)}</th>' in figure for h in header), dom_id
    assert all(f"<td>{html.escape(c)}</td>" in figure for row in cells for c in row), dom_id


def test_it_gives_the_data_of_the_teachers_charts_as_their_pages_show_it(client, school):
    client.force_login(school.teacher.user)
    room = school.mine
    cohorts = client.get(reverse("classroom-cohorts", args=[room.pk])).content.decode()
    url = reverse("classroom-chart", args=[room.pk, "cohort-map"])
    assert url in cohorts
    assert_same_data(cohorts, "cohort-map", download(client, url))
    skill = dashboards.classroom_skills(room)[0]
    page = client.get(reverse("classroom-skill", args=[room.pk, skill.pk])).content.decode()
    for dom_id in ("skill-history", "skill-spread"):
        url = reverse("classroom-skill-chart", args=[room.pk, skill.pk, dom_id])
        assert url in page
        assert_same_data(page, dom_id, download(client, url))
    overview = client.get(reverse("classroom", args=[room.pk])).content.decode()
    for table in ("mastery", "attempts", "plans"):  # the heatmap's data is the mastery table
        assert reverse("classroom-export", args=[room.pk, table]) in overview
    assert "Download the data (CSV)" in chart_table(overview, "class-heatmap")
    elsewhere = Skill.objects.exclude(pk__in=[s.pk for s in dashboards.classroom_skills(room)]).first()
    if elsewhere:
        assert client.get(reverse("classroom-skill-chart", args=[room.pk, elsewhere.pk, "skill-spread"])
                          ).status_code == 404


PROGRESS_CHARTS = ("mastery-chart", "mastery-over-time", "plan-forecast", "plan-trajectory")


def test_it_gives_a_student_the_data_of_their_own_charts_only(client, school):
    client.force_login(school.learner.user)
    page = client.get(reverse("my-progress")).content.decode()
    for dom_id in PROGRESS_CHARTS:
        url = reverse("my-progress-chart", args=[dom_id])
        assert url in page
        assert_same_data(page, dom_id, download(client, url))
    assert client.get(reverse("my-progress-chart", args=["cohort-map"])).status_code == 404
    for student in (school.learner, school.their_students[0]):  # a teacher's URL, even for themself
        assert client.get(reverse("student-chart", args=[student.pk, "mastery-chart"])).status_code == 404


def test_it_gives_a_teacher_the_data_of_their_students_charts_only(client, school):
    client.force_login(school.teacher.user)
    page = client.get(reverse("student-plan", args=[school.learner.pk])).content.decode()
    for dom_id in PROGRESS_CHARTS:
        url = reverse("student-chart", args=[school.learner.pk, dom_id])
        assert url in page
        assert_same_data(page, dom_id, download(client, url))
    assert client.get(reverse("student-chart", args=[school.their_students[0].pk, "mastery-chart"])
                      ).status_code == 404
    assert client.get(reverse("my-progress-chart", args=["mastery-chart"])).status_code == 404


def test_it_refuses_a_chart_the_progress_page_does_not_have_before_building_any_progress(client, school):
    MasterySnapshot.objects.all().delete()
    client.force_login(school.learner.user)
    answer = client.get(reverse("my-progress-chart", args=["no-such-chart"]))
    assert answer.status_code == 404 and not MasterySnapshot.objects.exists()
    assert client.get(reverse("my-progress-chart", args=["mastery-over-time"])).status_code == 200
    assert MasterySnapshot.objects.exists()  # a chart it has: the progress is built (and its past days kept)
