"""A teacher opens the site to a school: makes a classroom, uploads a roster of 30 students, prints their login
cards, and one student signs in with their card and must choose a new password; then the teacher uploads an
attempts file with two bad rows, reads the report, fixes the file and imports it."""
import pytest

from learners.models import Attempt, Classroom
from learners.selectors.accounts import must_change_password
from learners.services import rosters
from tests.browser.helpers import sign_in
from tests.fixtures import PASSWORD, SkillFactory, attempts_csv, roster_csv, teacher_with_classroom

pytestmark = pytest.mark.django_db(transaction=True)


def csv_file(name: str, content: bytes) -> dict:
    return {"name": name, "mimeType": "text/csv", "buffer": content}


def submit(page, button) -> None:
    with page.expect_navigation():
        button.click()


def test_a_teacher_enrols_a_class_from_a_roster_and_a_student_signs_in_with_the_card(
        live_server, new_page, shoot, media):
    teacher, _ = teacher_with_classroom("mr-t")
    skills = [SkillFactory(name="Fractions"), SkillFactory(name="Decimals")]
    page = new_page()
    sign_in(page, live_server, "mr-t", PASSWORD)
    submit(page, page.get_by_role("link", name="New classroom"))
    page.fill("input[name=name]", "Class 9B")
    page.select_option("select[name=skills]", [str(s.pk) for s in skills])
    page.select_option("select[name=goal_skills]", [str(skills[0].pk)])
    shoot(page, "01-new-classroom")
    submit(page, page.get_by_role("button", name="Make the classroom"))
    room = Classroom.objects.get(name="Class 9B")
    assert page.url == f"{live_server.url}/classrooms/{room.pk}/students/"
    assert list(room.goal_skills.all()) == [skills[0]] and room.school == teacher.school

    page.set_input_files("input[name=file]", csv_file("class.csv", roster_csv(30)))
    submit(page, page.get_by_role("button", name="Check the file"))
    assert page.locator("table.roster-preview tbody tr").count() == 30
    assert room.students.count() == 0  # nothing written before the teacher confirms
    shoot(page, "02-roster-preview")
    submit(page, page.get_by_role("button", name="Add these students"))
    assert room.students.count() == 30 and page.locator("section.handouts tbody tr").count() == 30

    submit(page, page.get_by_role("link", name="Print login cards"))
    submit(page, page.get_by_role("button", name="Give new passwords and show the cards"))
    cards = page.locator(".login-card")
    assert cards.count() == 30
    page.emulate_media(media="print")
    assert page.locator("header.top").is_hidden() and cards.first.is_visible()
    shoot(page, "03-login-cards-printed")
    page.emulate_media(media="screen")
    card = cards.filter(has_text="kid07")
    username, password = card.locator(".card-username").inner_text(), card.locator(".card-password").inner_text()

    student_page = new_page()
    sign_in(student_page, live_server, username, password)
    assert student_page.url == f"{live_server.url}/accounts/password/change/"  # must choose their own first
    student_page.fill("input[name=old_password]", password)
    student_page.fill("input[name=new_password1]", "my-own-secret-77")
    student_page.fill("input[name=new_password2]", "my-own-secret-77")
    submit(student_page, student_page.locator("main form button[type=submit]"))
    shoot(student_page, "04-password-chosen")
    student_page.goto(f"{live_server.url}/")
    assert student_page.url == f"{live_server.url}/plan/"
    user = room.students.get(user__username=username).user
    assert not must_change_password(user) and user.check_password("my-own-secret-77")


def test_a_teacher_fixes_two_bad_rows_of_an_attempts_file_and_imports_it(live_server, new_page, shoot, media):
    teacher, room = teacher_with_classroom("mr-t")
    rosters.classroom_students_add(classroom=room, students=[rosters.NewStudent("Ana", "ana"),
                                                             rosters.NewStudent("Bo", "bo")])
    good = attempts_csv(["ana", "bo"], per_student=3)
    bad = good + b"ana,k0,last tuesday,1\nzed,k0,2026-10-01T10:00:00,1\n"
    page = new_page()
    sign_in(page, live_server, "mr-t", PASSWORD)
    page.goto(f"{live_server.url}/classrooms/{room.pk}/attempts/upload/")
    page.set_input_files("input[name=file]", csv_file("week.csv", bad))
    submit(page, page.get_by_role("button", name="Check the file"))
    report = page.locator(".upload-report")
    assert "2 rows have errors" in report.inner_text()
    assert [item.split(":")[0] for item in report.locator("li").all_inner_texts()] == ["line 8", "line 9"]
    assert "'zed' is not one of your classrooms' students" in report.inner_text()
    assert not Attempt.objects.exists()
    shoot(page, "01-report")

    page.set_input_files("input[name=file]", csv_file("week.csv", good))
    submit(page, page.get_by_role("button", name="Check the file"))
    assert "6 attempts are ready to import" in page.locator("main").inner_text()
    submit(page, page.get_by_role("button", name="Import them"))
    page.locator(".done").wait_for()
    assert "Imported: 6 attempts written, 0 already there." in page.locator(".done").inner_text()
    assert page.locator("progress").get_attribute("value") == "100"
    assert Attempt.objects.filter(student__classrooms=room).count() == 6
    shoot(page, "02-imported")
