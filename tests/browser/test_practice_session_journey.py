"""A demo student practises a whole session of 10 items from the real exercise bank without one skip (typeset
prompts, figures, right and wrong answers with the expected answer and the worked solution), and sees their plan
and progress move on."""
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from learners.answers import answer_check
from learners.exercises.problem import FIGURE_SKILLS
from learners.models import AnswerKind, Attempt, AttemptSource, Exercise, PracticeSkip, Skill
from learners.services.bank import exercise_bank_fill
from learners.services.plans import plan_regenerate
from tests.browser.helpers import chart_figure, charts_drawn, sign_in
from tests.fixtures import PASSWORD, current_plan

pytestmark = pytest.mark.django_db(transaction=True)

DEMO_SKILLS = ("Addition Whole Numbers", "Equivalent Fractions", "Venn Diagram", "Linear Equations")
PER_SKILL = 12
SESSION = 10
LAST_WRONG = SESSION - 2


@pytest.fixture
def demo_school(school):
    """The school with real demo skills, the bank's verified exercises (no placeholder) and a plan made on them."""
    for skill, name in zip(Skill.objects.order_by("pk"), DEMO_SKILLS, strict=True):
        skill.name = name
        skill.save(update_fields=["name"])
    Exercise.objects.all().delete()
    fill = exercise_bank_fill(per_skill=PER_SKILL)
    assert not fill.refused, fill.refused
    for skill in Skill.objects.all():
        assert skill.exercises.count() == PER_SKILL, skill.name
    plan_regenerate(student=school.learner)
    return school


def answered_today(n: int) -> str:
    return f"{n} exercise answered today" if n == 1 else f"{n} exercises answered today"


def shown_exercise(page) -> Exercise:
    return Exercise.objects.get(pk=page.locator("form.answer input[name=exercise]").input_value())


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def wrong_answer(exercise: Exercise) -> str | None:
    """An answer of the asked kind and form whose value is wrong; None when there is no easy one to type."""
    if exercise.answer_kind == AnswerKind.CHOICE:
        choices = [str(c) for c in exercise.choices]
        return next(str(n) for n, c in enumerate(choices) if squeezed(c) != squeezed(exercise.answer))
    if exercise.answer_kind != AnswerKind.NUMBER or not re.fullmatch(r"-?\d+(\.\d+)?", exercise.answer.strip()):
        return None
    given = str(Decimal(exercise.answer.strip()) + 1)
    result = answer_check(exercise, given)  # only to choose what to type: read as asked, and wrong
    return given if result.readable and not result.correct else None


def give(page, exercise: Exercise, given: str) -> None:
    if exercise.answer_kind == AnswerKind.CHOICE:
        page.locator(f"fieldset.choices input[type=radio][value='{given}']").check()
    else:
        page.locator("#answer").fill(given)
    with page.expect_navigation():
        page.locator("form.answer button[type=submit]").click()


def right_answer(exercise: Exercise) -> str:
    if exercise.answer_kind == AnswerKind.CHOICE:
        choices = [squeezed(str(c)) for c in exercise.choices]
        return str(choices.index(squeezed(exercise.answer)))
    return exercise.answer


def check_exercise_shown(page, exercise: Exercise) -> None:
    """The prompt typeset by KaTeX, the figure (every exercise of a skill about a picture has one) inline SVG
    with its text alternative."""
    assert page.get_by_text("no exercise yet").count() == 0
    prompt = page.locator("#prompt")
    if "$" in exercise.prompt:
        prompt.locator(".katex").first.wait_for()
        assert prompt.locator(".katex-error").count() == 0, exercise.prompt
    if exercise.skill.name in FIGURE_SKILLS:
        assert exercise.figure, f"{exercise.skill.name} without its figure"
    if not exercise.figure:
        assert page.locator("figure.exercise-figure").count() == 0
        return
    svg = page.locator("figure.exercise-figure > svg")
    assert svg.count() == 1, exercise.figure[:200]
    assert svg.get_attribute("role") == "img"
    assert (svg.get_attribute("aria-label") or "").strip(), "a figure without its text alternative"
    assert svg.bounding_box()["width"] > 50


def check_feedback(page, exercise: Exercise, *, right: bool, n: int) -> None:
    feedback = page.locator(".feedback[role=status]")
    feedback.wait_for()
    assert ("right" in feedback.get_attribute("class").split()) is right, feedback.inner_text()
    assert answered_today(n) in page.locator(".practice .step").inner_text()
    solution = page.locator("details.solution")
    if right:
        assert page.locator(".feedback .expected").count() == 0
        assert solution.count() == 0 or solution.get_attribute("open") is None
        return
    expected = page.locator(".feedback .expected")
    assert expected.inner_text().strip(), "no expected answer after a wrong one"
    if "$" in exercise.answer:
        expected.locator(".katex").first.wait_for()
    assert exercise.solution, f"a bank exercise without a worked solution: {exercise.external_id}"
    assert solution.get_attribute("open") is not None, "the worked solution is not opened after a wrong answer"
    assert solution.locator("p").is_visible() and solution.locator("p").inner_text().strip()


def practise_one(page, n: int, wrong_kinds: set[bool], shoot) -> tuple[Exercise, bool]:
    """Answer the n-th exercise of the session: wrong on purpose for the first clicked and the first typed one after
    the first item (and on item LAST_WRONG) where an easy wrong answer exists, else right. Returns (it, right)."""
    assert page.locator("form.answer").is_visible(), page.locator("main").inner_text()
    assert answered_today(n - 1) in page.locator(".practice .step").inner_text()
    exercise = shown_exercise(page)
    assert exercise.classroom_id is None and exercise.source == "bank"
    assert page.locator(".practice h2").inner_text() == exercise.skill.name
    check_exercise_shown(page, exercise)
    shoot(page, f"{2 * n + 1:02d}-exercise-{n}")

    clicked = exercise.answer_kind == AnswerKind.CHOICE
    wrong = wrong_answer(exercise) if n > 1 and (clicked not in wrong_kinds or n == LAST_WRONG) else None
    right = wrong is None
    if not right:
        wrong_kinds.add(clicked)
    give(page, exercise, right_answer(exercise) if right else wrong)
    check_feedback(page, exercise, right=right, n=n)
    shoot(page, f"{2 * n + 2:02d}-feedback-{n}-{'right' if right else 'wrong'}")
    with page.expect_navigation():
        page.locator("section.practice a.button").click()  # Next exercise
    return exercise, right


def plan_version_shown(page) -> int:
    return int(re.search(r"version (\d+)", page.locator("main h2 .muted").first.inner_text()).group(1))


def progress_page(page, live_server) -> dict:
    page.goto(f"{live_server.url}/progress/")
    charts_drawn(page, expected=4)
    days = chart_figure(page, "mastery-over-time-data")["data"][0]["x"]
    last_row = page.locator("#mastery-over-time table tbody tr").last.locator("td").all_text_contents()
    return {"days": [str(day)[:10] for day in days], "attempts": int(last_row[1])}


def test_a_demo_student_practises_a_whole_session_and_sees_plan_and_progress_move_on(
        live_server, demo_school, new_page, shoot):
    learner = demo_school.learner
    first_plan = current_plan(learner)
    assert first_plan.items.filter(exercise__isnull=True).count() == 0
    page = new_page()
    sign_in(page, live_server, "ada", PASSWORD)
    assert page.url == f"{live_server.url}/plan/"
    assert plan_version_shown(page) == first_plan.number
    shoot(page, "01-plan-before")

    before = progress_page(page, live_server)
    today = timezone.localdate().isoformat()
    assert today not in before["days"]
    shoot(page, "02-progress-before")

    with page.expect_navigation():
        page.locator("header").get_by_role("link", name="Practice", exact=True).click()
    assert page.url == f"{live_server.url}/practice/"
    given_right, shown, wrong_kinds = [], [], set()
    for n in range(1, SESSION + 1):
        exercise, right = practise_one(page, n, wrong_kinds, shoot)
        shown.append(exercise)
        given_right.append(right)

    assert given_right.count(False) >= 2 and given_right.count(True) >= 5, given_right
    answered = Attempt.objects.filter(student=learner, source=AttemptSource.WEB, exercise__isnull=False)
    assert list(answered.order_by("pk").values_list("correct", flat=True)) == given_right
    assert not PracticeSkip.objects.filter(student=learner).exists()
    assert len({e.pk for e in shown}) == SESSION, "an exercise came back although the bank had others"
    assert len({e.skill_id for e in shown}) >= 2, [e.skill.name for e in shown]

    after = progress_page(page, live_server)
    shoot(page, f"{2 * SESSION + 3:02d}-progress-after")
    assert after["days"][-1] == today, after["days"]
    assert after["attempts"] == before["attempts"] + SESSION

    plan = current_plan(learner)
    assert plan.number > first_plan.number
    page.goto(f"{live_server.url}/plan/")
    assert plan_version_shown(page) == plan.number
    shoot(page, f"{2 * SESSION + 4:02d}-plan-after")
