"""A teacher writes an exercise with a stated rounding and unit, previews exactly what a student sees and saves
it; a student of that classroom gets it first and is judged by that rounding."""
import pytest
from django.urls import reverse

from learners.models import Attempt, Exercise, Skill
from tests.browser.helpers import charts_drawn, sign_in
from tests.fixtures import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

SKILL_NAME = "Volume Cylinder"
QUESTION = "A can is a cylinder with a radius of $10$ cm and a height of $12$ cm. How much does it hold?"
ANSWER = "3769.9"
INSTRUCTION = "Round to 1 decimal place. Give the answer in milliliters."
HINT = "The volume of a cylinder is $\\pi r^2 h$, and $1$ cm$^3$ holds $1$ ml."
SOLUTION = "$\\pi \\times 10^2 \\times 12 = 1200\\pi \\approx 3769.9$ cm$^3$, so $3769.9$ ml."
REASON = "We start volumes on Monday"


@pytest.fixture
def skill(school):
    """A course skill of the teacher's classroom (one its students have practised), named as a real one."""
    chosen = Skill.objects.order_by("pk").last()
    chosen.name = SKILL_NAME
    chosen.save(update_fields=["name"])
    return chosen


def write_exercise(page, live_server, room, skill, shoot) -> None:
    sign_in(page, live_server, "mr-t", PASSWORD)
    page.goto(f"{live_server.url}{reverse('classroom-skill', args=[room.pk, skill.pk])}")
    charts_drawn(page)
    shoot(page, "01-skill-page")
    page.goto(f"{live_server.url}{reverse('skill-exercises', args=[room.pk, skill.pk])}")
    assert page.locator("main h2").first.inner_text() == f"Exercises of {SKILL_NAME}"
    shoot(page, "02-exercises")
    with page.expect_navigation():
        page.get_by_role("link", name="Write an exercise").click()
    assert page.url == f"{live_server.url}{reverse('exercise-new', args=[room.pk, skill.pk])}"
    form = page.locator("form.exercise-form")
    form.get_by_label("Question", exact=True).fill(QUESTION)
    form.get_by_label("The answer is", exact=True).select_option(label="a number")
    form.get_by_label("Answer", exact=True).fill(ANSWER)
    form.get_by_label("Numbers: rounded", exact=True).select_option(label="to 1 decimal place")
    form.get_by_label("Numbers: unit", exact=True).fill("ml")
    form.get_by_label("Hint (optional)", exact=True).fill(HINT)
    form.get_by_label("Worked solution (optional)", exact=True).fill(SOLUTION)
    shoot(page, "03-form")


def check_preview(page, shoot) -> None:
    form = page.locator("form.exercise-form")
    with page.expect_navigation():
        form.get_by_role("button", name="Preview").click()
    preview = page.locator("section.preview")
    assert preview.is_visible(), page.locator("main").inner_text()
    preview.locator("#prompt .katex").first.wait_for()  # typeset as a student sees it
    assert "How much does it hold?" in preview.locator("#prompt").inner_text()
    assert preview.locator(".instruction").inner_text().strip() == INSTRUCTION
    answer_box = preview.locator("input#answer")
    assert answer_box.is_visible() and answer_box.is_disabled()
    assert preview.locator(".expected").inner_text().strip()
    assert Exercise.objects.filter(classroom__isnull=False).count() == 0  # a preview saves nothing
    assert form.get_by_label("Answer", exact=True).input_value() == ANSWER  # the form is kept to save
    shoot(page, "04-preview")
    with page.expect_navigation():
        form.get_by_role("button", name="Save").click()


def pin_for(page, live_server, student, skill, shoot) -> None:
    """The teacher pins the skill first in the student's plan (through the student's page)."""
    page.goto(f"{live_server.url}{reverse('student-plan', args=[student.pk])}")
    form = page.locator("form.override")
    form.locator("select[name=action]").select_option("pin")
    form.locator("select[name=skill]").select_option(str(skill.pk))
    form.locator("input[name=position]").fill("1")
    form.locator("input[name=reason]").fill(REASON)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.locator("ol.plan li strong").first.inner_text() == SKILL_NAME
    shoot(page, "06-pinned-for-student")


def answer(page, given: str) -> None:
    page.locator("#answer").fill(given)
    with page.expect_navigation():
        page.locator("form.answer button[type=submit]").click()


def test_a_teacher_writes_an_exercise_with_a_rounding_and_a_student_is_judged_by_it(
        live_server, school, skill, new_page, shoot):
    room, learner = school.mine, school.learner
    assert room.students.filter(pk=learner.pk).exists()
    teacher_page = new_page()
    write_exercise(teacher_page, live_server, room, skill, shoot)
    check_preview(teacher_page, shoot)

    assert teacher_page.url == f"{live_server.url}{reverse('skill-exercises', args=[room.pk, skill.pk])}"
    assert teacher_page.locator("ul.messages li.success").count() == 1
    written = Exercise.objects.get(classroom=room)
    assert (written.skill, written.prompt, written.answer, written.decimals, written.unit, written.hint,
            written.solution) == (skill, QUESTION, ANSWER, 1, "ml", HINT, SOLUTION)
    first = teacher_page.locator("table.exercises tbody tr").first
    row = [cell.strip() for cell in first.locator("td").all_inner_texts()]
    assert first.locator("td").first.locator(".katex").count() == 2  # the list typesets the question
    assert "radius of" in row[0] and row[1] == ANSWER and "1 decimal place" in row[2], row
    shoot(teacher_page, "05-saved")
    pin_for(teacher_page, live_server, learner, skill, shoot)

    page = new_page()
    sign_in(page, live_server, "ada", PASSWORD)
    with page.expect_navigation():
        page.locator("header").get_by_role("link", name="Practice", exact=True).click()
    assert page.locator(".practice h2").inner_text() == SKILL_NAME
    assert page.locator("form.answer input[name=exercise]").input_value() == str(written.pk)
    page.locator("#prompt .katex").first.wait_for()
    assert "How much does it hold?" in page.locator("#prompt").inner_text()
    assert page.locator(".practice .instruction").inner_text().strip() == INSTRUCTION
    shoot(page, "07-student-gets-it")

    answer(page, "3769.94")
    assert page.locator("#answer-error[role=alert]").inner_text().strip() == "Round to 1 decimal place."
    assert page.locator(".feedback").count() == 0
    assert page.locator("#answer").input_value() == "3769.94"  # kept, to correct
    assert not Attempt.objects.filter(student=learner, exercise__isnull=False).exists()  # nothing recorded
    shoot(page, "08-told-to-round")

    answer(page, ANSWER)
    feedback = page.locator(".feedback[role=status]")
    assert "right" in feedback.get_attribute("class").split(), feedback.inner_text()
    assert "Correct!" in feedback.inner_text()
    attempt = Attempt.objects.get(student=learner, exercise__isnull=False)
    assert (attempt.exercise, attempt.skill, attempt.correct) == (written, skill, True)
    shoot(page, "09-correct")
