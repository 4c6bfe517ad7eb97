"""A student's attempts, summed up per skill and one by one; how an uploaded attempts file is going."""
from __future__ import annotations

from django.db.models import Avg, Count, FloatField, IntegerField, Max
from django.db.models.functions import Cast

from pathlib import Path

from learners.models import Attempt, AttemptUpload, Student, UploadStatus


def student_skill_summary(student: Student) -> list[dict]:
    """Per skill practised: attempts, share correct and the last attempt's time, most practised first."""
    return list(
        Attempt.objects.filter(student=student)
        .values("skill__name")
        .annotate(attempts=Count("id"), last_at=Max("submitted_at"),
                  correct_rate=Avg(Cast("correct", IntegerField()), output_field=FloatField()))
        .order_by("-attempts", "skill__name")
    )


def attempts_per_idempotency_key(keys: list[str]) -> dict[str, int]:
    """How many attempts are stored under each of these idempotency keys (absent: none)."""
    found: dict[str, int] = {}
    for lo in range(0, len(keys), 1000):
        rows = (Attempt.objects.filter(idempotency_key__in=keys[lo:lo + 1000]).values("idempotency_key")
                .annotate(n=Count("id")).values_list("idempotency_key", "n"))
        found |= dict(rows)
    return found


def student_answers(student: Student, limit: int = 50) -> list[Attempt]:
    """The student's latest attempts, newest first, with the exercise's prompt and what they answered."""
    return list(Attempt.objects.filter(student=student).select_related("exercise", "skill")
                .order_by("-submitted_at", "-id")[:limit])


def attempt_upload_progress(upload: AttemptUpload) -> dict:
    """What the upload's page and its poller show: status, percent of the file read, rows written, errors."""
    percent = 100 if upload.status in (UploadStatus.DONE, UploadStatus.FAILED) else 0
    if upload.status == UploadStatus.RUNNING and upload.size:
        percent = min(99, int(100 * _bytes_read(upload) / upload.size))
    return {"status": upload.status, "status_text": str(upload.get_status_display()), "percent": percent,
            "finished": upload.status in (UploadStatus.DONE, UploadStatus.FAILED),
            "rows_valid": upload.rows_valid, "rows_written": upload.rows_written,
            "rows_duplicate": upload.rows_duplicate, "errors": upload.errors}


def progress_path(upload: AttemptUpload) -> Path:
    """Where the import writes how many bytes of the file it has read (its transaction hides the database)."""
    return Path(upload.file.path + ".progress")


def _bytes_read(upload: AttemptUpload) -> int:
    try:
        return int(progress_path(upload).read_text() or 0)
    except (OSError, ValueError):
        return 0
