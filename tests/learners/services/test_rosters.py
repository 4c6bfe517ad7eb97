"""Rosters: people in their role groups, classrooms and enrolments."""
import pytest
from django.core.exceptions import ValidationError

from learners.services import rosters
from tests.fixtures import ClassroomFactory, SchoolFactory, StudentFactory

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
