"""Attempts files uploaded by a teacher: a report of every bad row before anything is written, then the import and
its progress as JSON."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learners.models import Attempt, AttemptUpload
from learners.services import rosters
from tests.fixtures import attempts_csv, teacher_with_classroom

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(client, media):
    teacher, classroom = teacher_with_classroom()
    rosters.classroom_students_add(classroom=classroom, students=[rosters.NewStudent("Ana", "ana")])
    client.force_login(teacher.user)
    return classroom


def upload(client, room, content: bytes):
    return client.post(reverse("attempts-upload", args=[room.pk]), {"file": SimpleUploadedFile("a.csv", content)})


def test_a_good_file_is_checked_then_imported_and_its_status_read(client, room):
    checked = upload(client, room, attempts_csv(["ana"], per_student=3))
    assert checked.status_code == 200 and "3 attempts are ready to import" in checked.content.decode()
    made = AttemptUpload.objects.get()
    assert not Attempt.objects.exists()
    answer = client.post(reverse("attempts-upload-import", args=[made.pk]))
    assert answer.url == reverse("attempts-upload-status", args=[made.pk])
    assert "Imported: 3 attempts written, 0 already there." in client.get(answer.url).content.decode()
    status = client.get(reverse("attempts-upload-json", args=[made.pk])).json()
    assert (status["status"], status["percent"], status["rows_written"]) == ("done", 100, 3)


def test_a_file_with_bad_rows_is_reported_row_by_row_and_nothing_is_kept(client, room):
    content = attempts_csv(["ana"], per_student=2) + b"ana,k0,yesterday,1\nsomeone,k0,2026-10-01T09:00:00,1\n"
    answer = upload(client, room, content)
    page = answer.content.decode()
    assert answer.status_code == 400 and "2 rows have errors" in page
    assert "line 4: bad number: Invalid isoformat string: &#x27;yesterday&#x27;" in page
    assert "line 5: student &#x27;someone&#x27; is not one of your classrooms&#x27; students" in page
    assert not AttemptUpload.objects.exists() and not Attempt.objects.exists()


@pytest.mark.parametrize("content, message", [
    (b"\x00\x00\x00", "This file cannot be read: line 1: missing column"),
    ("student,skill,timestamp,correct\n".encode("utf-16"), "This file cannot be read: line 1: undecodable bytes"),
    (b"student,skill,timestamp,correct\n", "The file holds no attempt."),
    (b"x" * 2_000_001, "The file is larger than 2 MB."),
])
def test_a_file_that_cannot_be_used_gets_a_clear_message(client, room, settings, content, message):
    settings.ATTEMPT_UPLOAD_MAX_BYTES = 2_000_000
    answer = upload(client, room, content)
    assert answer.status_code == 400 and message in answer.content.decode()
    assert not AttemptUpload.objects.exists()


def test_a_large_file_waits_for_the_worker_and_its_page_polls_the_progress(client, room, settings,
                                                                            django_capture_on_commit_callbacks):
    settings.ATTEMPT_UPLOAD_INLINE_BYTES = 10
    upload(client, room, attempts_csv(["ana"], per_student=3))
    made = AttemptUpload.objects.get()
    with django_capture_on_commit_callbacks(execute=False):  # the worker does not run yet
        client.post(reverse("attempts-upload-import", args=[made.pk]))
    page = client.get(reverse("attempts-upload-status", args=[made.pk])).content.decode()
    assert 'data-status="queued"' in page and "js/upload_progress.js" in page and "<progress" in page
    assert client.get(reverse("attempts-upload-json", args=[made.pk])).json()["finished"] is False
