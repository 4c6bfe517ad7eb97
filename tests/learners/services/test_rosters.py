"""Rosters: people in their role groups, classrooms and enrolments; students a teacher adds and their passwords."""
import re

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from learners.models import Student
from learners.selectors.accounts import must_change_password
from learners.services import rosters
from learners.services.accounts import password_changed
from tests.fixtures import (
    AttemptFactory, ClassroomFactory, SchoolFactory, SkillFactory, StudentFactory, teacher_with_classroom,
)

pytestmark = pytest.mark.django_db


def test_it_creates_people_in_their_role_groups():
    school = SchoolFactory()
    teacher = rosters.teacher_create(username="t1", password="pw-long-enough", school=school)
    student = rosters.student_create(username="s1", display_name="Ana Li", school=school)
    assert list(teacher.user.groups.values_list("name", flat=True)) == ["Teacher"]
    assert list(student.user.groups.values_list("name", flat=True)) == ["Student"]
    assert (student.user.first_name, student.user.last_name) == ("Ana", "Li")
    with pytest.raises(ValidationError):
        rosters.student_create(display_name="nobody")


def test_it_enrolls_students_once():
    classroom = ClassroomFactory()
    students = [StudentFactory(), StudentFactory()]
    assert rosters.enroll_students(classroom=classroom, students=students) == 2
    assert rosters.enroll_students(classroom=classroom, students=students + [StudentFactory()]) == 1
    assert classroom.students.count() == 3


# -- what a teacher does in the browser ------------------------------------------------------------------------
def test_it_makes_a_classroom_with_goals_among_its_course_skills():
    school, skills = SchoolFactory(), [SkillFactory(), SkillFactory(), SkillFactory()]
    room = rosters.classroom_create(school=school, name=" 9A ", skills=skills[:2], goal_skills=skills[:1])
    assert room.name == "9A" and set(room.skills.all()) == set(skills[:2])
    assert list(room.goal_skills.all()) == skills[:1]
    with pytest.raises(ValidationError, match="already has a classroom named 9A"):
        rosters.classroom_create(school=school, name="9A")
    with pytest.raises(ValidationError, match="A goal must be a skill of the course"):
        rosters.classroom_skills_set(classroom=room, skills=skills[:1], goal_skills=skills[1:2])
    assert set(room.skills.all()) == set(skills[:2])  # refused: nothing changed


def test_it_adds_students_with_readable_passwords_they_must_change():
    teacher, room = teacher_with_classroom()
    handouts = rosters.classroom_students_add(classroom=room, students=[
        rosters.NewStudent("Ana Li", "ana"), rosters.NewStudent("Bo Wu", "bo", "a-given-pass-77")])
    ana, bo = (h.student for h in handouts)
    assert re.fullmatch(r"[a-z]{6}-[a-z]{6}-[0-9]{2}", handouts[0].password)
    assert handouts[1].password == "a-given-pass-77"
    assert ana.user.check_password(handouts[0].password) and bo.user.check_password("a-given-pass-77")
    assert ana.school == room.school and set(room.students.all()) == {ana, bo}
    assert must_change_password(ana.user) and must_change_password(bo.user)


def test_it_adds_no_student_when_one_of_them_cannot_be():
    teacher, room = teacher_with_classroom()
    with pytest.raises(ValidationError):
        rosters.classroom_students_add(classroom=room, students=[
            rosters.NewStudent("Ana Li", "ana"), rosters.NewStudent("Bo Wu", "bo", "short")])
    with pytest.raises(ValidationError, match="taken"):
        rosters.classroom_students_add(classroom=room, students=[
            rosters.NewStudent("Ana Li", "ana"), rosters.NewStudent("Teacher", "TEACH")])
    assert room.students.count() == 0 and not Student.objects.exists()


def test_it_resets_passwords_one_or_a_whole_class():
    teacher, room = teacher_with_classroom()
    first = rosters.classroom_students_add(classroom=room, students=[rosters.NewStudent("A", "a1"),
                                                                     rosters.NewStudent("B", "b1")])
    rosters.enroll_students(classroom=room, students=[StudentFactory()])  # no login: no card
    for h in first:
        password_changed(user=h.student.user)
    cards = rosters.classroom_passwords_reset(classroom=room)
    assert [c.student.user.username for c in cards] == ["a1", "b1"]
    for card, old in zip(cards, first):
        card.student.user.refresh_from_db()
        assert card.student.user.check_password(card.password) and not card.student.user.check_password(old.password)
        assert must_change_password(card.student.user)
    with pytest.raises(ValidationError, match="has no login"):
        rosters.student_password_reset(student=StudentFactory(display_name="Nobody"))


def test_it_unenrols_a_student_and_keeps_their_work():
    teacher, room = teacher_with_classroom()
    student = StudentFactory()
    rosters.enroll_students(classroom=room, students=[student])
    AttemptFactory(student=student)
    rosters.student_unenroll(classroom=room, student=student)
    assert room.students.count() == 0 and Student.objects.filter(pk=student.pk).exists()
    assert student.attempts.count() == 1


def test_readable_passwords_pass_the_sites_password_rules_and_differ():
    passwords = {rosters.readable_password() for _ in range(200)}
    assert len(passwords) == 200
    for password in list(passwords)[:20]:
        validate_password(password)


def test_a_handed_out_password_is_hashed_lightly_then_at_full_strength_once_used(settings, client):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    teacher, room = teacher_with_classroom()
    [handout] = rosters.classroom_students_add(classroom=room, students=[rosters.NewStudent("Ana", "ana")])
    user = handout.student.user
    assert user.password.startswith(f"pbkdf2_sha256${rosters.HANDOUT_ITERATIONS}$")
    signed_in = client.post(reverse("login"), {"username": "ana", "password": handout.password})
    assert signed_in.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith(f"pbkdf2_sha256${PBKDF2PasswordHasher.iterations}$")
