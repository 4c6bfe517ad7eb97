"""Every page of a student, a teacher and staff, the admin included, works under the Content-Security-Policy:
nothing refused (the new_page fixture fails the test otherwise), charts drawn, the language menu and the admin's
scripts working."""
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.browser.helpers import charts_drawn, sign_in
from tests.fixtures import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def visit(page, live_server, url: str) -> int:
    """Open a page; the number of charts it drew."""
    answer = page.goto(f"{live_server.url}{url}")
    assert answer.status == 200, f"{url}: {answer.status}"
    page.wait_for_load_state("load")
    return charts_drawn(page)


def test_a_students_pages_work_under_the_policy(live_server, school, new_page):
    page = new_page()
    sign_in(page, live_server, "ada", PASSWORD)
    drawn = sum(visit(page, live_server, reverse(name)) for name in ("my-plan", "practice", "my-progress"))
    assert drawn > 0
    with page.expect_navigation():  # the language menu switches by script, with no inline handler
        page.locator("select[name=language]").select_option("zh-hans")
    assert page.locator("html").get_attribute("lang") == "zh-hans"


def test_a_teachers_pages_work_under_the_policy(live_server, school, new_page):
    room, student = school.mine, school.mine.students.first()
    skill = student.attempts.first().skill
    page = new_page()
    sign_in(page, live_server, "mr-t", PASSWORD)
    urls = [reverse("home"), reverse("classroom", args=[room.pk]), reverse("classroom-attention", args=[room.pk]),
            reverse("classroom-cohorts", args=[room.pk]), reverse("classroom-skill", args=[room.pk, skill.pk]),
            reverse("skill-exercises", args=[room.pk, skill.pk]), reverse("exercise-new", args=[room.pk, skill.pk]),
            reverse("student-plan", args=[student.pk])]
    assert sum(visit(page, live_server, url) for url in urls) > 0


def test_the_staff_pages_and_the_admin_work_under_the_policy(live_server, school, new_page):
    get_user_model().objects.create_superuser(username="boss", password=PASSWORD)
    page = new_page()
    sign_in(page, live_server, "boss", PASSWORD)
    assert visit(page, live_server, reverse("staff-models")) > 0
    visit(page, live_server, reverse("staff-student-privacy", args=[school.learner.pk]))
    for name in ("admin:index", "admin:learners_trainingrun_changelist", "admin:learners_student_changelist",
                 "admin:learners_auditentry_changelist", "admin:learners_modelversion_changelist"):
        visit(page, live_server, reverse(name))
    page.locator("#action-toggle").check()  # the admin's actions.js counts the rows chosen
    assert page.locator(".action-counter").inner_text().startswith("1 of 1")
