"""A student signs in, lands on their plan, practises three exercises with feedback each time; then their
progress charts change and their plan moves on."""
import pytest

from learners.models import Exercise
from tests.browser.helpers import PHONE, chart_figure, charts_drawn, sign_in
from tests.fixtures import PASSWORD, current_plan

pytestmark = pytest.mark.django_db(transaction=True)

PROGRESS_CHARTS = ("mastery-chart-data", "mastery-over-time-data", "plan-forecast-data", "plan-trajectory-data")


def progress_figures(page, live_server) -> dict:
    page.goto(f"{live_server.url}/progress/")
    charts_drawn(page, expected=4)
    return {data_id: chart_figure(page, data_id) for data_id in PROGRESS_CHARTS}


def answer_one(page, *, right: bool) -> None:
    """Answer the exercise shown, reading its stored answer by the exercise id in the form."""
    exercise = Exercise.objects.get(pk=page.locator("form.answer input[name=exercise]").input_value())
    given = exercise.answer if right else str(int(exercise.answer) + 1000)
    page.locator("#answer").fill(given)
    with page.expect_navigation():
        page.locator("form.answer button[type=submit]").click()


def test_a_student_practises_and_sees_progress_and_plan_move_on(live_server, school, new_page, shoot):
    learner = school.learner
    first_plan = current_plan(learner)
    first_items = list(first_plan.items.order_by("position").values_list("skill__name", flat=True))
    page = new_page()

    sign_in(page, live_server, "ada", PASSWORD)
    assert page.url == f"{live_server.url}/plan/"
    assert "Ada" in page.locator("h1").inner_text()
    assert f"{first_plan.number}" in page.locator("main h2 .muted").first.inner_text()
    assert page.locator("ol.plan li strong").first.inner_text() == first_items[0]
    shoot(page, "01-plan")

    before = progress_figures(page, live_server)
    assert before["mastery-over-time-data"]["data"], "the timeline chart has no trace"
    shoot(page, "02-progress-before")

    page.goto(f"{live_server.url}/plan/")
    with page.expect_navigation():
        page.get_by_role("link", name="Start practising").click()
    assert page.url == f"{live_server.url}/practice/"
    for n, right in enumerate((True, False, True), start=1):
        assert page.locator("form.answer").is_visible(), page.content()
        shoot(page, f"{2 + 2 * n - 1:02d}-exercise-{n}")
        answer_one(page, right=right)
        feedback = page.locator(".feedback[role=status]")
        feedback.wait_for()
        assert ("right" in feedback.get_attribute("class")) is right
        if not right:
            assert page.locator(".feedback .expected").inner_text().strip()
        shoot(page, f"{2 + 2 * n:02d}-feedback-{n}-{'right' if right else 'wrong'}")
        with page.expect_navigation():
            page.locator("section.practice a.button").click()  # Next exercise

    answered = learner.attempts.filter(exercise__isnull=False).order_by("pk")
    assert list(answered.values_list("correct", flat=True)) == [True, False, True]

    after = progress_figures(page, live_server)
    shoot(page, "09-progress-after")
    assert after["mastery-over-time-data"] != before["mastery-over-time-data"], "the timeline did not move"
    assert after != before

    plan = current_plan(learner)
    assert plan.number > first_plan.number, "no new plan after three answers"
    page.goto(f"{live_server.url}/plan/")
    assert f"{plan.number}" in page.locator("main h2 .muted").first.inner_text()
    new_items = [text.strip() for text in page.locator("ol.plan li strong").all_inner_texts()]
    assert new_items == list(plan.items.order_by("position").values_list("skill__name", flat=True))
    shoot(page, "10-plan-after")


def test_the_plan_page_fits_a_phone(live_server, school, new_page, shoot):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    sign_in(page, live_server, "ada", PASSWORD)
    assert page.url.endswith("/plan/")
    assert page.locator("ol.plan li").count() == current_plan(school.learner).items.count()
    shoot(page, "plan-phone")
    page.goto(f"{live_server.url}/progress/")
    charts_drawn(page, expected=4)
    shoot(page, "progress-phone")
