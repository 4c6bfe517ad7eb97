"""Attempts files uploaded in the browser: checked without writing, imported all or nothing through the same
importer as `manage.py import_attempts`, a teacher's only for their classrooms' students, a large one on the
worker with its progress."""
import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from learners.importers import FileRefused
from learners.models import Attempt, AttemptUpload, Student, UploadStatus
from learners.selectors.attempts import attempt_upload_progress, progress_path
from learners.services import attempt_uploads, recovery, rosters
from tests.fixtures import UserFactory, attempts_csv, teacher_with_classroom

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(media):
    teacher, classroom = teacher_with_classroom()
    handouts = rosters.classroom_students_add(classroom=classroom, students=[
        rosters.NewStudent("Ana", "ana"), rosters.NewStudent("Bo", "bo")])
    return teacher, classroom, [h.student for h in handouts]


def check(user, classroom, content: bytes, name="attempts.csv"):
    return attempt_uploads.attempt_upload_check(uploaded_by=user, classroom=classroom,
                                                file=SimpleUploadedFile(name, content))


def test_a_teachers_good_file_is_checked_then_imported_for_their_students(room):
    teacher, classroom, (ana, bo) = room
    report, upload = check(teacher.user, classroom, attempts_csv(["ana", "bo"], per_student=3))
    assert report.rows_valid == 6 and report.rows_invalid == 0 and upload.status == UploadStatus.CHECKED
    assert not Attempt.objects.exists()  # checked, not written
    attempt_uploads.attempt_upload_start(upload=upload)
    upload.refresh_from_db()
    assert (upload.status, upload.rows_written, upload.rows_duplicate) == (UploadStatus.DONE, 6, 0)
    assert Attempt.objects.filter(student=ana).count() == 3 and Attempt.objects.filter(student=bo).count() == 3
    assert not upload.file  # imported: the file is gone
    again = attempt_uploads.attempt_upload_start(upload=upload)  # sent twice: nothing more
    assert again.status == UploadStatus.DONE and Attempt.objects.count() == 6


def test_a_teachers_file_may_not_name_other_students_and_nothing_is_kept(room):
    teacher, classroom, _ = room
    Student.objects.create(external_id="someone-else")
    content = attempts_csv(["ana", "someone-else", "new-kid"], per_student=1)
    report, upload = check(teacher.user, classroom, content)
    assert upload is None and report.rows_valid == 1 and report.rows_invalid == 2
    assert [str(e) for e in report.errors] == [
        "line 3: student 'someone-else' is not one of your classrooms' students",
        "line 4: student 'new-kid' is not one of your classrooms' students"]
    assert not AttemptUpload.objects.exists() and not Student.objects.filter(external_id="new-kid").exists()


def test_staff_may_import_any_student_as_the_command_does(room):
    _, classroom, _ = room
    staff = UserFactory(is_staff=True)
    report, upload = check(staff, classroom, attempts_csv(["new-kid"], per_student=2))
    attempt_uploads.attempt_upload_start(upload=upload)
    assert Student.objects.get(external_id="new-kid").attempts.count() == 2


def test_rows_the_import_refuses_write_nothing_and_are_reported(room):
    teacher, classroom, _ = room
    content = (b"student,skill,exercise,timestamp,correct\n"
               b"ana,k0,e1,2026-10-01T09:00:00,1\n"
               b"bo,k1,e1,2026-10-01T09:01:00,0\n")  # the same exercise under another skill
    _, upload = check(teacher.user, classroom, content)
    attempt_uploads.attempt_upload_start(upload=upload)
    upload.refresh_from_db()
    assert upload.status == UploadStatus.FAILED and not Attempt.objects.exists()
    assert upload.errors == ["line 3: exercise 'e1' belongs to another skill than 'k1'"]


def test_a_large_file_is_imported_on_the_worker(room, settings, django_capture_on_commit_callbacks):
    teacher, classroom, _ = room
    settings.ATTEMPT_UPLOAD_INLINE_BYTES = 10
    _, upload = check(teacher.user, classroom, attempts_csv(["ana"], per_student=4))
    with django_capture_on_commit_callbacks(execute=False) as queued:
        started = attempt_uploads.attempt_upload_start(upload=upload)
    assert started.status == UploadStatus.QUEUED and len(queued) == 1 and not Attempt.objects.exists()
    assert attempt_upload_progress(started)["percent"] == 0
    queued[0]()  # the task is sent; tests run tasks eagerly
    upload.refresh_from_db()
    assert upload.status == UploadStatus.DONE and Attempt.objects.count() == 4
    assert attempt_upload_progress(upload) | {"errors": []} == {
        "status": "done", "status_text": "imported", "percent": 100, "finished": True, "rows_valid": 4,
        "rows_written": 4, "rows_duplicate": 0, "errors": []}


def died_importing(upload, *, worker: str, minutes: float) -> None:
    """As if `worker` had claimed the upload `minutes` ago and died: running, nothing written."""
    AttemptUpload.objects.filter(pk=upload.pk).update(
        status=UploadStatus.RUNNING, worker=worker, started_at=timezone.now() - dt.timedelta(minutes=minutes))


def test_an_import_that_died_is_queued_again_and_imported_once(room):
    teacher, classroom, _ = room
    _, upload = check(teacher.user, classroom, attempts_csv(["ana"], per_student=4))
    died_importing(upload, worker="celery@a", minutes=5)
    again = attempt_uploads.attempt_upload_import(upload=upload, worker="celery@b")  # a re-delivered task
    assert again.status == UploadStatus.RUNNING and not Attempt.objects.exists()  # it leaves a claimed one
    assert attempt_uploads.attempt_uploads_recover() == []  # 5 minutes: it may still be importing
    assert attempt_uploads.attempt_uploads_recover(worker="celery@b") == []  # another node's
    assert attempt_uploads.attempt_uploads_recover(worker="celery@a") == [upload.pk]  # its node restarted
    upload.refresh_from_db()
    assert upload.status == UploadStatus.DONE and Attempt.objects.count() == 4  # the tasks run eagerly here


def test_the_sweep_queues_again_an_import_running_past_the_tasks_time_limit(room):
    teacher, classroom, _ = room
    _, upload = check(teacher.user, classroom, attempts_csv(["ana"], per_student=4))
    died_importing(upload, worker="celery@gone", minutes=attempt_uploads.IMPORT_STALE_SECONDS / 60 + 1)
    assert recovery.interrupted_work_recover()["uploads_requeued"] == [upload.pk]
    upload.refresh_from_db()
    assert upload.status == UploadStatus.DONE and Attempt.objects.count() == 4
    assert recovery.interrupted_work_recover()["uploads_requeued"] == []


def test_progress_is_the_share_of_the_file_read(room):
    teacher, classroom, _ = room
    _, upload = check(teacher.user, classroom, attempts_csv(["ana"], per_student=4))
    upload.status = UploadStatus.RUNNING
    progress_path(upload).write_text(str(upload.size // 2))
    assert attempt_upload_progress(upload)["percent"] == 50


@pytest.mark.parametrize("content, line", [
    (b"student,skill,timestamp,correct\nana,k0,2026-10-01T09:00:00,1\x00\n", "line 2: NUL byte in the row"),
    ("student,skill,timestamp,correct\nAnaïs,k0,2026-10-01T09:00:00,1\n".encode("latin-1"),
     "line 2: undecodable bytes at column 4 (the file must be UTF-8)"),
])
def test_it_reports_nul_bytes_and_a_wrong_encoding_by_line(room, content, line):
    teacher, classroom, _ = room
    report, upload = check(teacher.user, classroom, content)
    assert upload is None and str(report.errors[0]) == line


def test_it_refuses_a_file_too_large_or_without_the_columns(room, settings):
    teacher, classroom, _ = room
    with pytest.raises(FileRefused, match="missing column 'student'"):
        check(teacher.user, classroom, b"name,username\nAna,ana\n")
    settings.ATTEMPT_UPLOAD_MAX_BYTES = 1_000_000
    with pytest.raises(FileRefused, match="larger than 1 MB"):
        check(teacher.user, classroom, b"x" * 1_000_001)
