"""A teacher signs in, opens the class heatmap, opens a student from it, changes the student's plan with a
reason, and finds the change kept after the plan is regenerated and listed with its reason."""
import pytest

from learners.services import plans
from learners.models import PlanOverride, Skill, StudyPlan
from tests.browser.helpers import PHONE, chart_figure, charts_drawn, sign_in
from tests.fixtures import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

REASON = "Quiz on Friday: this comes first"


def open_classroom(page, live_server, classroom) -> None:
    sign_in(page, live_server, "mr-t", PASSWORD)
    assert page.url == f"{live_server.url}/"
    rooms = [name.strip() for name in page.locator("main table tbody td:first-child").all_inner_texts()]
    assert rooms == [classroom.name]  # not the other teacher's classroom
    with page.expect_navigation():
        page.get_by_role("link", name=classroom.name).click()
    assert page.url == f"{live_server.url}/classrooms/{classroom.pk}/"
    charts_drawn(page, expected=1)


def test_a_teacher_changes_a_students_plan_and_the_change_is_kept(live_server, school, new_page, shoot):
    room = school.mine
    page = new_page()
    open_classroom(page, live_server, room)
    heatmap = chart_figure(page, "class-heatmap-data")["data"][0]
    assert heatmap["type"] == "heatmap" and set(heatmap["y"]) == {str(s) for s in room.students.all()}
    shoot(page, "01-class-heatmap")

    student = room.students.order_by("display_name", "external_id").first()
    with page.expect_navigation():
        page.locator("main table").get_by_role("link", name=str(student), exact=True).click()
    assert page.url == f"{live_server.url}/students/{student.pk}/plan/"
    assert page.locator("h1").inner_text() == str(student)
    charts_drawn(page, expected=4)
    shoot(page, "02-student")

    plan = StudyPlan.objects.get(student=student, is_current=True)
    first = plan.items.order_by("position").first().skill
    chosen = Skill.objects.exclude(pk=first.pk).order_by("name").last()  # not already first
    form = page.locator("form.override")
    form.locator("select[name=action]").select_option("pin")
    form.locator("select[name=skill]").select_option(str(chosen.pk))
    form.locator("input[name=position]").fill("1")
    form.locator("input[name=reason]").fill(REASON)
    shoot(page, "03-override-form")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.url == f"{live_server.url}/students/{student.pk}/plan/"
    assert page.locator("ul.messages li.success").count() == 1
    first_item = page.locator("ol.plan li").first
    assert first_item.locator("strong").inner_text() == chosen.name
    assert first_item.locator(".tag").count() == 1  # pinned by the teacher
    shoot(page, "04-plan-changed")

    before = StudyPlan.objects.get(student=student, is_current=True)
    regenerated = plans.plan_regenerate(student=student)
    assert regenerated.number > before.number
    page.reload()
    charts_drawn(page, expected=4)
    assert f"{regenerated.number}" in page.locator("main h2 .muted").first.inner_text()
    first_item = page.locator("ol.plan li").first
    assert first_item.locator("strong").inner_text() == chosen.name
    assert first_item.locator(".tag").count() == 1
    override = PlanOverride.objects.get(student=student, active=True)
    assert (override.action, override.skill, override.position, override.reason) == ("pin", chosen, 0, REASON)
    changes = page.locator("form.override ~ .table-scroll table tbody tr")
    assert changes.count() == 1
    cells = [cell.strip() for cell in changes.first.locator("td").all_inner_texts()]
    assert chosen.name in cells and REASON in cells and "1" in cells, cells
    shoot(page, "05-kept-after-regeneration")


def test_the_class_overview_fits_a_phone(live_server, school, new_page, shoot):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    open_classroom(page, live_server, school.mine)
    shoot(page, "class-overview-phone")


def test_a_teacher_downloads_the_mastery_table_and_it_opens_as_a_table_of_students_by_skills(
        live_server, school, new_page):
    import csv
    import io

    room = school.mine
    page = new_page()
    open_classroom(page, live_server, room)
    with page.expect_download() as download:
        page.get_by_role("link", name="mastery table (students by skills)").click()
    text = open(download.value.path(), encoding="utf-8-sig").read()
    table = list(csv.reader(io.StringIO(text)))
    header, rows = table[0], table[1:]
    skills = list(room.skills.order_by("name").values_list("name", flat=True)) or \
        list(Skill.objects.order_by("name").values_list("name", flat=True))
    assert header[:2] == ["student", "student_id"] and header[-3:] == ["goal_now", "goal_after_plan", "status"]
    assert len(header) - 5 == len(skills)  # one column a skill, between the student and the goal
    assert sorted(int(row[1]) for row in rows) == sorted(s.pk for s in school.mine_students)
    assert all(0.0 <= float(cell) <= 1.0 for row in rows for cell in row[2:-3] if cell)
    assert download.value.suggested_filename.endswith(".csv")
