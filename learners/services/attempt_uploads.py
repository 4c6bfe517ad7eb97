"""Attempts files uploaded in the browser: checked (nothing written), then imported through the same importer as
`manage.py import_attempts`, a large file on the worker. A teacher's file may write only their classrooms'
students; staff's any student (missing ones are created, as the command does)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from learners.importers import CheckReport, FileRefused, ImportRefused, attempts_check, import_attempts
from learners.models import AttemptUpload, Classroom, UploadStatus
from learners.selectors.attempts import progress_path
from learners.selectors.rosters import upload_students
from learners.tasks import import_attempt_upload

MAX_ERRORS_KEPT = 200
IMPORT_STALE_SECONDS = import_attempt_upload.time_limit + 60  # a running import this old has died


def attempt_upload_check(*, uploaded_by, classroom: Classroom, file: UploadedFile) -> tuple[CheckReport,
                                                                                           AttemptUpload | None]:
    """The file's report; a file with no bad row is kept, ready to import. Raises FileRefused for a file that
    cannot be read at all (too large, not a CSV of attempts)."""
    if file.size > settings.ATTEMPT_UPLOAD_MAX_BYTES:
        raise FileRefused(f"the file is larger than {settings.ATTEMPT_UPLOAD_MAX_BYTES // 1_000_000} MB")
    restricted = not uploaded_by.is_staff
    file.seek(0)
    report = attempts_check(stream=file, allowed_students=upload_students(uploaded_by) if restricted else None,
                            max_errors=MAX_ERRORS_KEPT)
    if report.rows_invalid or not report.rows_valid:
        return report, None
    file.seek(0)
    upload = AttemptUpload(uploaded_by=uploaded_by, classroom=classroom, restricted=restricted,
                           file_name=Path(file.name or "attempts.csv").name[-255:], size=file.size,
                           rows_valid=report.rows_valid)
    upload.file.save("attempts.csv", file, save=False)
    upload.save()
    return report, upload


def attempt_upload_start(*, upload: AttemptUpload) -> AttemptUpload:
    """Import a checked file now when it is small, else queue it for the worker."""
    if upload.status != UploadStatus.CHECKED:
        return upload
    if upload.size <= settings.ATTEMPT_UPLOAD_INLINE_BYTES:
        return attempt_upload_import(upload=upload)
    AttemptUpload.objects.filter(pk=upload.pk).update(status=UploadStatus.QUEUED)
    transaction.on_commit(lambda: import_attempt_upload.delay(upload.pk))
    upload.status = UploadStatus.QUEUED
    return upload


def attempt_upload_import(*, upload: AttemptUpload, worker: str = "") -> AttemptUpload:
    """Import the file in one transaction (all or nothing); the upload says how it went. Only a checked or queued
    upload is imported, claimed first: a re-delivered task finds it running or finished and leaves it."""
    claimed = AttemptUpload.objects.filter(pk=upload.pk, status__in=(UploadStatus.CHECKED, UploadStatus.QUEUED)) \
        .update(status=UploadStatus.RUNNING, started_at=timezone.now(), worker=worker)
    if not claimed:
        upload.refresh_from_db()
        return upload
    upload.status = UploadStatus.RUNNING
    progress = progress_path(upload)
    done = 0

    def advance(n: int) -> None:
        nonlocal done
        done += n
        progress.write_text(str(done))

    allowed = upload_students(upload.uploaded_by) if upload.restricted else None
    try:
        with upload.file.open("rb") as stream:
            report = import_attempts(stream=stream, file_format="csv", file_name=upload.file_name,
                                     progress=advance, allowed_students=allowed)
    except ImportRefused as refused:
        upload.errors = [str(e) for e in refused.report.errors[:MAX_ERRORS_KEPT]]
        return _finish(upload, UploadStatus.FAILED)
    except FileRefused as refused:
        upload.errors = [str(refused)]
        return _finish(upload, UploadStatus.FAILED)
    upload.rows_written, upload.rows_duplicate = report.rows_written, report.rows_duplicate
    return _finish(upload, UploadStatus.DONE)


def attempt_uploads_recover(*, worker: str | None = None) -> list[int]:
    """Queue again the imports that died with their worker: with `worker` (a node name starting up), its own at
    once; else those running for longer than the import task may. An import is one transaction, so nothing of
    a dead one was written. Returns the uploads queued again."""
    running = AttemptUpload.objects.filter(status=UploadStatus.RUNNING)
    if worker:
        dead = running.filter(worker=worker)
    else:
        dead = running.filter(started_at__lt=timezone.now() - dt.timedelta(seconds=IMPORT_STALE_SECONDS))
    pks = list(dead.values_list("pk", flat=True))
    AttemptUpload.objects.filter(pk__in=pks, status=UploadStatus.RUNNING).update(status=UploadStatus.QUEUED)
    for pk in pks:
        import_attempt_upload.delay(pk)
    return pks


def _finish(upload: AttemptUpload, status: str) -> AttemptUpload:
    """Record the outcome; the file and its progress are no longer needed."""
    progress_path(upload).unlink(missing_ok=True)
    upload.file.delete(save=False)
    upload.status, upload.finished_at = status, timezone.now()
    upload.save(update_fields=["status", "finished_at", "errors", "rows_written", "rows_duplicate", "file"])
    return upload
