"""POST /attempts (one) and /attempts/batch (up to 10,000): stored once per idempotency key, answered item by
item (`learners.services.attempts.attempts_record_batch`)."""

import datetime as dt
from dataclasses import asdict

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from learners.services.attempts import BATCH_MAX, AttemptItem, BatchReport, ItemStatus, attempts_record_batch
from portal.api import auth
from portal.api.errors import error_response
from portal.api.types import Id, Text

router = Router(tags=["attempts"])


class AttemptIn(Schema):
    idempotency_key: Text = Field(description="the client's own key (1 to 100 characters): a retry with the same "
                                              "key stores nothing new")
    student_id: Id | None = Field(None, description="the student's id, or give student_external_id")
    student_external_id: Text | None = None
    skill_id: Id | None = Field(None, description="the skill's id, or give skill_code, or an exercise_id")
    skill_code: Text | None = None
    exercise_id: Id | None = None
    correct: bool | None = Field(None, description="give correct, score (0 to 1), or both")
    score: float | None = None
    submitted_at: dt.datetime | None = Field(None, description="when it was answered (default: now; UTC if no "
                                                               "offset is given)")
    duration_seconds: float | None = None
    hints_used: int = Field(0, ge=0, le=2**31 - 1)


class AttemptBatchIn(Schema):
    items: list[AttemptIn] = Field(min_length=1, max_length=BATCH_MAX)


class FieldError(Schema):
    path: str
    message: str


class ItemOut(Schema):
    index: int
    idempotency_key: str
    status: str = Field(description="new, already_stored, refused (see errors) or not_stored (the batch had "
                                    "refused items and was not partial)")
    errors: list[FieldError]


class BatchOut(Schema):
    stored: bool = Field(description="whether the batch's new items were written")
    partial: bool
    new: int
    already_stored: int
    refused: int
    items: list[ItemOut]


class ErrorOut(Schema):
    error: str
    message: str
    errors: list[FieldError]


def _items(body: list[AttemptIn]) -> list[AttemptItem]:
    return [AttemptItem(**item.model_dump()) for item in body]


def _item_out(outcome, prefix: str) -> dict:
    row = asdict(outcome)
    row["errors"] = [{"path": f"{prefix}.{e['field']}", "message": e["message"]} for e in row["errors"]]
    return row


def _batch_out(report: BatchReport) -> dict:
    return {
        "stored": not (report.refused and not report.partial), "partial": report.partial,
        "new": report.count(ItemStatus.NEW), "already_stored": report.count(ItemStatus.STORED),
        "refused": report.refused,
        "items": [_item_out(item, f"body.items.{item.index}") for item in report.items],
    }


@router.post("/attempts", auth=auth.write, response={200: ItemOut, 201: ItemOut, 422: ErrorOut},
             summary="Record one attempt")
def attempt_create(request: HttpRequest, payload: AttemptIn):
    """201 when stored now, 200 when its idempotency key was stored before (nothing new), 422 when refused."""
    report = attempts_record_batch(school=auth.school(request), items=_items([payload]))
    item = _item_out(report.items[0], "body")
    if item["status"] == ItemStatus.REFUSED:
        return error_response(422, "the attempt was refused", item["errors"])
    return Status(201 if item["status"] == ItemStatus.NEW else 200, item)


@router.post("/attempts/batch", auth=auth.write, response={200: BatchOut, 422: BatchOut},
             summary="Record a batch of attempts")
def attempt_batch_create(request: HttpRequest, payload: AttemptBatchIn, partial: bool = False):
    """Up to 10,000 attempts in one transaction. With a refused item nothing is stored (422) unless
    `partial=true`, which stores the valid ones (200). Each item says what became of it."""
    report = attempts_record_batch(school=auth.school(request), items=_items(payload.items), partial=partial)
    body = _batch_out(report)
    return Status(200 if body["stored"] else 422, body)
