"""Staff's privacy pages: what is held about a student, its download, and the erasure (a confirmed POST with a
reason); staff without the permission get a 403, anyone else a 404 (tests/portal/test_access.py)."""
import io
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from learners.models import AuditAction, AuditEntry, Student
from tests.fixtures import StudentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    client.force_login(UserFactory(username="dpo", is_staff=True, is_superuser=True))
    return client


def test_it_shows_what_is_held_and_downloads_it(staff, school):
    student = school.learner
    page = staff.get(reverse("staff-student-privacy", args=[student.pk])).content.decode()
    assert reverse("staff-student-export", args=[student.pk]) in page and "Erase this student" in page
    answer = staff.get(reverse("staff-student-export", args=[student.pk]))
    assert answer["Content-Type"] == "application/zip"
    assert f'filename="student-{student.pk}-' in answer["Content-Disposition"]
    names = zipfile.ZipFile(io.BytesIO(answer.content)).namelist()
    assert f"student-{student.pk}/student.json" in names and f"student-{student.pk}/attempts.csv" in names
    assert AuditEntry.objects.get(action=AuditAction.STUDENT_EXPORT).actor.username == "dpo"


def test_it_erases_only_with_a_reason_and_a_confirmation(staff):
    student = StudentFactory()
    url = reverse("staff-student-erase", args=[student.pk])
    unconfirmed = staff.post(url, {"reason": "request of 3 May"})
    assert unconfirmed.status_code == 400 and "This field is required" in unconfirmed.content.decode()
    assert staff.post(url, {"confirm": "on", "reason": " "}).status_code == 400
    assert Student.objects.filter(pk=student.pk).exists()
    answer = staff.post(url, {"confirm": "on", "reason": "request of 3 May"}, follow=True)
    assert answer.redirect_chain[-1][0] == reverse("admin:learners_student_changelist")
    assert f"Student {student.pk} is erased." in answer.content.decode()
    assert not Student.objects.filter(pk=student.pk).exists()
    assert staff.post(url, {"confirm": "on", "reason": "again"}).status_code == 404


def test_it_lets_only_staff_with_the_permission_erase(client):
    student = StudentFactory()
    clerk = UserFactory(username="clerk", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_student"))
    client.force_login(clerk)
    page = client.get(reverse("staff-student-privacy", args=[student.pk]))
    assert page.status_code == 200 and "Erase this student" not in page.content.decode()
    answer = client.post(reverse("staff-student-erase", args=[student.pk]), {"confirm": "on", "reason": "r"})
    assert answer.status_code == 403 and Student.objects.filter(pk=student.pk).exists()
    clerk.user_permissions.clear()
    assert client.get(reverse("staff-student-export", args=[student.pk])).status_code == 403
