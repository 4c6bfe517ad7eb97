"""A classroom's assignments as its teacher sets and follows them, and as a student finds them in their plan."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from learners.models import Assignment, PlanReason, Skill
from learners.services import assignments, attempts
from tests.fixtures import current_plan

pytestmark = pytest.mark.django_db


def in_days(n: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=n)).isoformat()


def form(skill, **fields) -> dict:
    return {"skill": skill.pk, "target": "class", "due_on": in_days(3), "items": 4} | fields


def test_a_teacher_assigns_a_skill_to_a_group_and_sees_who_has_done_it(client, school,
                                                                       django_capture_on_commit_callbacks):
    skill, (first, second) = Skill.objects.order_by("pk").last(), school.mine_students[:2]
    client.force_login(school.teacher.user)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(reverse("classroom-assignments", args=[school.mine.pk]),
                             form(skill, target="group", students=[first.pk, second.pk], items=1, note="quiz"))
    work = Assignment.objects.get()
    assert answer.status_code == 302 and answer.url == reverse("assignment", args=[school.mine.pk, work.pk])
    assert set(work.students.all()) == {first, second} and work.created_by == school.teacher.user
    assert current_plan(first).items.filter(assignment=work, reason=PlanReason.ASSIGNED).exists()
    with django_capture_on_commit_callbacks(execute=True):
        attempts.attempt_record(student=first, skill=skill, correct=False)
    page = client.get(answer.url).content.decode()
    assert f"{first}</a></td>\n        <td><span class=\"badge assignment-done\">done" in page
    assert f"{second}</a></td>\n        <td><span class=\"badge assignment-not_started\">not started" in page
    listing = client.get(reverse("classroom-assignments", args=[school.mine.pk])).content.decode()
    assert skill.name in listing and "quiz" in listing and "2 students" in listing


def test_it_refuses_a_past_date_or_an_empty_group_with_a_400_that_says_why(client, school):
    client.force_login(school.teacher.user)
    url = reverse("classroom-assignments", args=[school.mine.pk])
    skill = Skill.objects.order_by("pk").first()
    page = client.post(url, form(skill, due_on=in_days(-1)))
    assert page.status_code == 400 and "is in the past: choose today or a later day" in page.content.decode()
    page = client.post(url, form(skill, target="group"))
    assert page.status_code == 400 and "Tick the students of the group" in page.content.decode()
    page = client.post(url, form(skill, students=[school.their_students[0].pk], target="group", due_on="2026-02-30"))
    assert page.status_code == 400 and not Assignment.objects.exists()


def test_a_teacher_changes_and_archives_only_their_own_classrooms_assignments(client, school,
                                                                             django_capture_on_commit_callbacks):
    skill = Skill.objects.order_by("pk").last()
    work = assignments.assignment_create(classroom=school.mine, skill=skill, due_on=timezone.localdate(),
                                         by=school.teacher.user)
    client.force_login(school.other_teacher.user)
    for url in (reverse("assignment", args=[school.mine.pk, work.pk]),
                reverse("assignment", args=[school.theirs.pk, work.pk])):  # not through their own classroom either
        assert client.post(url, form(skill, items=9)).status_code == 404
    assert client.post(reverse("assignment-archive", args=[school.theirs.pk, work.pk])).status_code == 404
    client.force_login(school.teacher.user)
    page = client.get(reverse("assignment", args=[school.mine.pk, work.pk])).content.decode()
    assert 'value="5"' in page and "checked" in page  # the form shows the assignment as it is
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("assignment", args=[school.mine.pk, work.pk]),
                           form(skill, items=9, due_on=work.due_on.isoformat())).status_code == 302
        assert client.post(reverse("assignment-archive", args=[school.mine.pk, work.pk])).status_code == 302
    work.refresh_from_db()
    assert work.items == 9 and work.archived
    assert not current_plan(school.learner).items.filter(reason=PlanReason.ASSIGNED).exists()
    assert "1 archived assignment" in client.get(reverse("classroom-assignments", args=[school.mine.pk])).content.decode()


def test_the_student_sees_the_assignment_in_their_plan_with_its_due_date(client, school,
                                                                         django_capture_on_commit_callbacks):
    skill = Skill.objects.order_by("pk").last()
    with django_capture_on_commit_callbacks(execute=True):
        work = assignments.assignment_create(classroom=school.mine, skill=skill, due_on=timezone.localdate(),
                                             by=school.teacher.user, items=2, note="for Friday's quiz")
    client.force_login(school.learner.user)
    page = client.get(reverse("my-plan")).content.decode()
    due = f"due {work.due_on:%m/%d/%Y}"
    assert page.count(f"assignment, {due}") == 2 and "for Friday&#x27;s quiz" in page and "0 of 2 exercises" in page
    assert "assigned by the teacher" in page
