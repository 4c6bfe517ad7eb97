"""A teacher assigns a skill to a group of the class, due today; a student of the group finds it at the start of
their plan with its due date, practises it, and the teacher sees it done by them and not by the rest."""
import pytest
from django.utils import timezone

from learners.models import Assignment, Exercise, Skill
from tests.browser.helpers import sign_in
from tests.fixtures import PASSWORD, current_plan

pytestmark = pytest.mark.django_db(transaction=True)

ITEMS = 2


def assign(page, live_server, school, skill: Skill, group) -> Assignment:
    sign_in(page, live_server, "mr-t", PASSWORD)
    page.goto(f"{live_server.url}/classrooms/{school.mine.pk}/")
    with page.expect_navigation():
        page.locator("nav.tabs").get_by_role("link", name="Assignments").click()
    assert page.get_by_text("No open assignments.").is_visible()
    form = page.locator("form.assignment-form")
    form.locator("select[name=skill]").select_option(label=skill.name)
    form.get_by_label("a group: the students ticked below").check()
    for student in group:
        form.get_by_label(str(student), exact=True).check()
    form.locator("input[name=due_on]").fill(timezone.localdate().isoformat())
    form.locator("input[name=items]").fill(str(ITEMS))
    form.locator("input[name=note]").fill("Before the quiz")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    work = Assignment.objects.get()
    assert page.url == f"{live_server.url}/classrooms/{school.mine.pk}/assignments/{work.pk}/"
    return work


def standing(page, student) -> str:
    row = page.locator("table.assignment-standings tr", has=page.get_by_role("link", name=str(student), exact=True))
    return row.locator(".badge").inner_text()


def practise_assigned(page, live_server, skill: Skill) -> None:
    """Answer, right, each exercise of the assigned skill the practice page gives first."""
    page.goto(f"{live_server.url}/practice/")
    for _ in range(ITEMS):
        assert page.locator(".practice h2").inner_text() == skill.name
        assert "assignment, due" in page.locator(".practice").inner_text()
        exercise = Exercise.objects.get(pk=page.locator("form.answer input[name=exercise]").input_value())
        page.locator("#answer").fill(exercise.answer)
        with page.expect_navigation():
            page.locator("form.answer button[type=submit]").click()
        assert "right" in page.locator(".feedback[role=status]").get_attribute("class").split()
        with page.expect_navigation():
            page.locator("section.practice a.button").click()


def test_a_teacher_assigns_a_skill_to_a_group_and_sees_a_student_do_it(live_server, school, new_page, shoot):
    learner, outsider = school.learner, school.mine_students[1]
    planned_first = current_plan(learner).items.order_by("position").first().skill_id
    skill = Skill.objects.exclude(pk=planned_first).order_by("pk").last()
    teacher = new_page()
    work = assign(teacher, live_server, school, skill, [learner, school.mine_students[2]])
    shoot(teacher, "01-assigned")
    assert standing(teacher, learner) == "not started"
    assert teacher.locator("table.assignment-standings tbody tr").count() == 2

    student = new_page()
    sign_in(student, live_server, "ada", PASSWORD)
    first_items = student.locator("ol.plan").first.locator("li")
    due = f"assignment, due {timezone.localdate():%m/%d/%Y}"
    for n in range(ITEMS):  # due today: ahead of the plan's own items
        assert skill.name in first_items.nth(n).inner_text() and due in first_items.nth(n).inner_text()
    assert "Before the quiz" in student.locator("section.assignments").inner_text()
    shoot(student, "02-student-plan")
    practise_assigned(student, live_server, skill)
    student.goto(f"{live_server.url}/plan/")
    assert "done" in student.locator("section.assignments .badge").inner_text()
    shoot(student, "03-student-plan-after")

    teacher.reload()
    assert standing(teacher, learner) == "done" and standing(teacher, school.mine_students[2]) == "not started"
    assert teacher.get_by_role("link", name=str(outsider), exact=True).count() == 0
    shoot(teacher, "04-teacher-sees-it-done")
    assert not current_plan(learner).items.filter(assignment=work, done=False).exists()
