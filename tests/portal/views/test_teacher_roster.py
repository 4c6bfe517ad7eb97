"""A teacher's classrooms and students in the browser's forms: a classroom made, its course changed, students added
one by one or from a roster checked first, enrolled and unenrolled, new passwords and login cards."""
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learners.models import Classroom, Student
from learners.selectors.accounts import must_change_password
from learners.services import rosters
from tests.fixtures import (
    AttemptFactory, ExerciseFactory, SchoolFactory, SkillFactory, StudentFactory, UserFactory, roster_csv,
    teacher_with_classroom,
)

pytestmark = pytest.mark.django_db
PASSWORD_SHOWN = re.compile(r'<code class="(?:card-)?password">([^<]+)</code>')


@pytest.fixture
def room(client):
    teacher, classroom = teacher_with_classroom()
    client.force_login(teacher.user)
    return classroom


def test_a_teacher_makes_a_classroom_in_their_school_and_teaches_it(client, room):
    skills = [SkillFactory(), SkillFactory()]
    answer = client.post(reverse("classroom-new"), {"name": "Maths 9", "skills": [s.pk for s in skills],
                                                    "goal_skills": [skills[0].pk], "school": SchoolFactory().pk})
    made = Classroom.objects.get(name="Maths 9")
    assert answer.status_code == 302 and answer.url == reverse("classroom-students", args=[made.pk])
    assert made.school == room.school  # their own, whatever the form says
    assert list(made.teachers.all()) == list(room.teachers.all())
    assert set(made.skills.all()) == set(skills) and list(made.goal_skills.all()) == [skills[0]]


def test_a_teacher_changes_the_course_and_goals_and_a_goal_outside_it_is_refused(client, room):
    skills = [SkillFactory(), SkillFactory()]
    url = reverse("classroom-edit", args=[room.pk])
    assert client.post(url, {"skills": [skills[0].pk], "goal_skills": [skills[0].pk]}).status_code == 302
    refused = client.post(url, {"skills": [skills[0].pk], "goal_skills": [skills[1].pk]})
    assert refused.status_code == 400 and "A goal must be a skill of the course" in refused.content.decode()
    assert list(room.skills.all()) == [skills[0]] and list(room.goal_skills.all()) == [skills[0]]


def test_staff_choose_the_school_and_a_teacher_without_one_is_told(client):
    school = SchoolFactory()
    client.force_login(UserFactory(is_staff=True))
    client.post(reverse("classroom-new"), {"name": "Staff's", "school": school.pk})
    assert Classroom.objects.get(name="Staff's").school == school
    client.force_login(rosters.teacher_create(username="lonely").user)
    page = client.get(reverse("classroom-new")).content.decode()
    assert "You are not in a school yet" in page
    assert client.post(reverse("classroom-new"), {"name": "Nope"}).status_code == 200
    assert not Classroom.objects.filter(name="Nope").exists()


def test_a_teacher_adds_a_student_and_sees_the_password_once(client, room):
    page = client.post(reverse("classroom-students", args=[room.pk]),
                       {"display_name": "Ana Li", "username": "ana", "password": ""}).content.decode()
    [password] = PASSWORD_SHOWN.findall(page)
    student = Student.objects.get(user__username="ana")
    assert student.user.check_password(password) and must_change_password(student.user)
    assert password not in client.get(reverse("classroom-students", args=[room.pk])).content.decode()
    taken = client.post(reverse("classroom-students", args=[room.pk]), {"display_name": "X", "username": "ANA"})
    assert taken.status_code == 400 and "“ANA” is taken." in taken.content.decode()


def test_a_roster_is_previewed_then_written_in_one_go_when_confirmed(client, room):
    url = reverse("roster-upload", args=[room.pk])
    preview = client.post(url, {"file": SimpleUploadedFile("class.csv", roster_csv(30))})
    assert preview.status_code == 200 and preview.content.decode().count("<td>Kid Number") == 30
    assert room.students.count() == 0  # nothing written yet
    content = re.search(r'name="content" value="([^"]*)"', preview.content.decode()).group(1)
    done = client.post(url, {"content": content.replace("&#x27;", "'"), "confirm": "1"}).content.decode()
    assert room.students.count() == 30 and len(PASSWORD_SHOWN.findall(done)) == 30


def test_a_roster_with_bad_rows_lists_every_row_and_writes_nothing(client, room):
    content = roster_csv(3) + b",nobody\nDup,kid01\n"
    answer = client.post(reverse("roster-upload", args=[room.pk]), {"file": SimpleUploadedFile("c.csv", content),
                                                                    "confirm": "1"})
    page = answer.content.decode()
    assert answer.status_code == 400 and "2 rows have errors" in page
    assert "Column name: the name is missing." in page and "“kid01” is also on line 2." in page
    assert page.count("<tr") == 6 and not get_user_model().objects.filter(username="kid02").exists()


@pytest.mark.parametrize("content, message", [
    (b"name,username\nA,a\x00b\n", "Line 2 holds a NUL byte"),
    ("name,username\nAnaïs,anais\n".encode("utf-16"), "Line 1 holds a NUL byte"),
    ("name,username\nAnaïs,anais\n".encode("latin-1"), "Line 2 is not UTF-8 text"),
    (b"x" * 200_001, "The file is larger than 200 kB."),
    (b"", "The submitted file is empty."),
])
def test_a_roster_file_that_cannot_be_used_gets_a_clear_message(client, room, content, message):
    answer = client.post(reverse("roster-upload", args=[room.pk]), {"file": SimpleUploadedFile("c.csv", content)})
    assert answer.status_code == 400 and message in answer.content.decode()
    assert room.students.count() == 0


def test_a_teacher_enrols_students_of_the_school_and_unenrols_them_keeping_their_work(client, room):
    pupil, outsider = StudentFactory(school=room.school, display_name="Pupil"), StudentFactory(display_name="Out")
    AttemptFactory(student=pupil)
    page = client.get(reverse("classroom-students", args=[room.pk])).content.decode()
    assert "Pupil" in page and "Out" not in page  # only the school's students are offered
    refused = client.post(reverse("classroom-enroll", args=[room.pk]), {"students": [outsider.pk]})
    assert refused.status_code == 400 and room.students.count() == 0
    client.post(reverse("classroom-enroll", args=[room.pk]), {"students": [pupil.pk]})
    assert list(room.students.all()) == [pupil]
    client.post(reverse("classroom-unenroll", args=[room.pk, pupil.pk]))
    assert room.students.count() == 0 and pupil.attempts.count() == 1


def test_login_cards_give_every_student_a_fresh_password_only_on_a_confirming_post(client, room):
    handouts = rosters.classroom_students_add(classroom=room, students=[rosters.NewStudent("Ana", "ana"),
                                                                        rosters.NewStudent("Bo", "bo")])
    confirm = client.get(reverse("login-cards", args=[room.pk])).content.decode()
    assert "old passwords stop working" in confirm and not PASSWORD_SHOWN.findall(confirm)
    assert handouts[0].student.user.check_password(handouts[0].password)  # a GET changes nothing
    cards = client.post(reverse("login-cards-print", args=[room.pk])).content.decode()
    passwords = PASSWORD_SHOWN.findall(cards)
    assert len(passwords) == 2 and cards.count('class="login-card"') == 2
    for handout, password in zip(handouts, passwords):
        handout.student.user.refresh_from_db()
        assert handout.student.user.check_password(password) and password != handout.password


def test_a_teacher_resets_one_students_password_and_a_student_without_login_is_told(client, room):
    [handout] = rosters.classroom_students_add(classroom=room, students=[rosters.NewStudent("Ana", "ana")])
    page = client.post(reverse("student-password", args=[handout.student.pk])).content.decode()
    [password] = PASSWORD_SHOWN.findall(page)
    handout.student.user.refresh_from_db()
    assert handout.student.user.check_password(password)
    nameless = StudentFactory(display_name="Imported")
    rosters.enroll_students(classroom=room, students=[nameless])
    answer = client.post(reverse("student-password", args=[nameless.pk]))
    assert answer.status_code == 400 and "Imported has no login." in answer.content.decode()


def test_the_student_page_shows_their_answers_with_the_prompt_and_judgement(client, room):
    student = StudentFactory(display_name="Ana")
    rosters.enroll_students(classroom=room, students=[student])
    exercise = ExerciseFactory(prompt="What is 6 × 7?")
    AttemptFactory(student=student, skill=exercise.skill, exercise=exercise, correct=False, score=0.0,
                   answer_text="43")
    page = client.get(reverse("student-plan", args=[student.pk])).content.decode()
    assert re.search(r"What is 6 × 7\?</td>\s*<td><code>43</code></td>\s*<td><span class=\"wrong\">", page)
