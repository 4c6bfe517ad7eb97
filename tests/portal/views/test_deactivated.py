"""What a deactivation (through the API: a student, an enrolment or a classroom, kept rather than deleted) hides
on the site: the teacher's pages, students, exports, assignments and plans, and the student's sign-in."""
import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from learners.models import Enrollment, RefreshRequest, Skill, Student
from learners.selectors import assignments as chosen
from learners.selectors import practice
from learners.selectors import rosters as reads
from learners.services import assignments, plans, rosters
from tests.fixtures import PASSWORD, ExerciseFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def gone(school):
    """In Class 7A: the second student deactivated, the third one's enrolment deactivated."""
    Student.objects.filter(pk__in=[s.pk for s in school.mine_students]).update(school=school.mine.school)
    left, moved = Student.objects.filter(pk__in=[s.pk for s in school.mine_students[1:3]]).order_by("pk")
    rosters.student_deactivate(student=left)
    rosters.enrollment_set(classroom=school.mine, student=moved, active=False)
    return left, moved


def names_on(client, url: str) -> str:
    answer = client.get(url)
    assert answer.status_code == 200, url
    return answer.content.decode()


def exported_ids(client, room, table: str) -> set[str]:
    answer = client.get(reverse("classroom-export", args=[room.pk, table]))
    rows = list(csv.DictReader(io.StringIO(b"".join(answer.streaming_content).decode("utf-8-sig"))))
    return {row["student_id"] for row in rows}


def test_it_leaves_deactivated_students_and_enrolments_off_the_classroom(client, school, gone):
    client.force_login(school.teacher.user)
    overview = names_on(client, reverse("classroom", args=[school.mine.pk]))
    roster = names_on(client, reverse("classroom-students", args=[school.mine.pk]))
    for student in gone:
        assert f"students/{student.pk}/" not in overview and f"students/{student.pk}/" not in roster
    assert f"students/{school.mine_students[3].pk}/" in overview and f"students/{school.mine_students[3].pk}/" in roster
    assert list(reads.classroom_students(school.mine)) == sorted(
        set(school.mine_students) - set(gone), key=lambda s: (s.display_name, s.external_id))


def test_it_refuses_the_teacher_a_student_who_is_no_longer_theirs(client, school, gone):
    client.force_login(school.teacher.user)
    for student in gone:
        assert client.get(reverse("student-plan", args=[student.pk])).status_code == 404
    client.force_login(UserFactory(is_staff=True))  # staff still open a deactivated student
    assert client.get(reverse("student-plan", args=[gone[0].pk])).status_code == 200


def test_it_exports_only_the_students_enrolled_now(client, school, gone):
    client.force_login(school.teacher.user)
    kept = {str(s.pk) for s in school.mine_students} - {str(s.pk) for s in gone}
    for table in ("attempts", "mastery", "plans"):
        assert exported_ids(client, school.mine, table) == kept, table


def test_it_hides_a_deactivated_classroom_from_its_teacher(client, school):
    rosters.classroom_deactivate(classroom=school.mine)
    client.force_login(school.teacher.user)
    assert "Class 7A" not in names_on(client, reverse("home"))
    for name in ("classroom", "classroom-students"):
        assert client.get(reverse(name, args=[school.mine.pk])).status_code == 404, name
    assert client.get(reverse("student-plan", args=[school.mine_students[0].pk])).status_code == 404


def signed_in(client) -> bool:
    client.post(reverse("login"), {"username": "ada", "password": PASSWORD})
    return client.get(reverse("my-plan")).status_code == 200


def test_it_stops_a_deactivated_student_signing_in_until_reactivated(client, school):
    assert signed_in(client)
    rosters.student_deactivate(student=school.learner)
    assert client.get(reverse("my-plan")).status_code == 302  # the session ends with the login
    assert not signed_in(client)
    rosters.student_update(student=school.learner, active=True)
    assert signed_in(client)


def test_it_aims_plans_only_at_the_goals_of_classrooms_the_student_is_in_now(school, gone):
    student, course = Student.objects.get(pk=school.mine_students[3].pk), list(Skill.objects.order_by("pk"))
    rosters.classroom_skills_set(classroom=school.mine, skills=course, goal_skills=course[:1])
    assert plans.plan_regenerate(student=student).goal_skills == [course[0].pk]
    rosters.enrollment_set(classroom=school.mine, student=student, active=False)
    assert RefreshRequest.objects.filter(student=student).exists()  # the worker makes the new plan
    assert plans.plan_regenerate(student=student).goal_skills != [course[0].pk]


def test_it_enrols_a_deactivated_enrolment_again(school, gone):
    moved = gone[1]
    assert moved in reads.school_students_outside(school.mine) and gone[0] not in reads.school_students_outside(
        school.mine)
    assert rosters.enroll_students(classroom=school.mine, students=[moved]) == 1
    assert Enrollment.objects.get(classroom=school.mine, student=moved).active
    assert moved in reads.classroom_students(school.mine)


def test_it_neither_asks_nor_offers_a_classrooms_work_to_a_student_no_longer_in_it(school, gone):
    skill = Skill.objects.order_by("pk").first()
    own = ExerciseFactory(skill=skill, classroom=school.mine)
    work = assignments.assignment_create(classroom=school.mine, skill=skill, due_on=timezone.localdate(),
                                         by=school.teacher.user)
    asked = set(chosen.targets([work])[work.pk])
    assert asked == {s.pk for s in school.mine_students} - {s.pk for s in gone}
    assert own not in practice.answerable_exercises(skill.pk, gone[1])
    assert own in practice.answerable_exercises(skill.pk, school.mine_students[3])
    with pytest.raises(ValidationError):
        assignments.assignment_create(classroom=school.mine, skill=skill, due_on=timezone.localdate(),
                                      by=school.teacher.user, students=[gone[1]])
