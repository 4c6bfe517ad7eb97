"""The durable refresh queue: which students' models wait for a refresh, in the database.

Whatever writes attempts marks their students (`refresh_requests_mark`) in the same transaction, so an
acknowledged attempt always has its refresh on record, whatever happens to Redis or a worker. A refresh task
claims due students (`SELECT ... FOR UPDATE SKIP LOCKED`: several workers share the queue), refreshes them and
deletes only the requests its refresh covered: a student who answered again meanwhile stays queued. A claim
older than the refresh task's time limit died with its worker and is due again; a restarted worker releases
its own at once (`refresh_claims_release`). `learners.refresh_queue` only wakes a worker soon.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from learners.models import RefreshRequest
from learners.services import student_models
from learners.tasks import refresh_student_models

TAKE_AT_MOST = 2000  # students one claim takes
BATCHES_PER_TASK = 10  # then the task hands over to a fresh one (time limits stay per batch)
CLAIM_STALE_SECONDS = refresh_student_models.time_limit + 60
MARK_BATCH = 1000


def refresh_requests_mark(*, student_ids: Iterable[int]) -> None:
    """Queue these students' refresh; call inside the transaction that writes their attempts. A student already
    queued (or being refreshed) is queued again as of now."""
    now = timezone.now()
    rows = [RefreshRequest(student_id=s, requested_at=now) for s in sorted({int(s) for s in student_ids})]
    RefreshRequest.objects.bulk_create(rows, batch_size=MARK_BATCH, update_conflicts=True, unique_fields=["student"],
                                       update_fields=["requested_at", "claimed_by", "claimed_at"])


def _due() -> Q:
    stale = timezone.now() - dt.timedelta(seconds=CLAIM_STALE_SECONDS)
    return Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale)


def refresh_requests_due() -> int:
    """How many students wait for a refresh that no live task has."""
    return RefreshRequest.objects.filter(_due()).count()


@transaction.atomic
def refresh_requests_claim(*, claimer: str, limit: int = TAKE_AT_MOST) -> dict[int, dt.datetime]:
    """Claim up to `limit` due students, oldest request first: {student id: the request time claimed}."""
    rows = dict(RefreshRequest.objects.select_for_update(skip_locked=True).filter(_due())
                .order_by("requested_at", "student_id").values_list("student_id", "requested_at")[:limit])
    RefreshRequest.objects.filter(student_id__in=rows).update(claimed_by=claimer, claimed_at=timezone.now())
    return rows


@transaction.atomic
def refresh_requests_clear(*, claimed: dict[int, dt.datetime]) -> int:
    """Delete the requests a finished refresh covered (those not asked again since the claim). Returns how many."""
    current = RefreshRequest.objects.select_for_update(skip_locked=True).filter(student_id__in=claimed)
    done = [s for s, at in current.values_list("student_id", "requested_at") if at == claimed[s]]
    RefreshRequest.objects.filter(student_id__in=done).delete()
    return len(done)


def refresh_claims_release(*, claimer_prefix: str) -> int:
    """Give back the claims of a task (its id) or of every task of a worker ("node name/") that stopped."""
    return RefreshRequest.objects.filter(claimed_by__startswith=claimer_prefix).update(claimed_by="", claimed_at=None)


def refresh_requests_process(*, claimer: str, student_ids: Iterable[int] = ()) -> tuple[int, bool]:
    """Refresh the queued students (and `student_ids`), a claim at a time: (how many were refreshed, whether some
    are still due). A failure gives the claim back before it is raised."""
    if student_ids:  # a message queued by an older version of this code carries its students
        with transaction.atomic():
            refresh_requests_mark(student_ids=student_ids)
    refreshed = 0
    for _ in range(BATCHES_PER_TASK):
        claimed = refresh_requests_claim(claimer=claimer, limit=TAKE_AT_MOST)
        if not claimed:
            return refreshed, False
        try:
            refreshed += student_models.student_models_refresh(student_ids=claimed)
        except BaseException:
            refresh_claims_release(claimer_prefix=claimer)
            raise
        refresh_requests_clear(claimed=claimed)
    return refreshed, refresh_requests_due() > 0


@transaction.atomic
def refresh_requests_take_all() -> list[int]:
    """Remove and return every queued student (an operator's drain, e.g. of the backlog a demo import leaves when
    no worker ran, before measuring one attempt's latency)."""
    rows = RefreshRequest.objects.select_for_update()
    ids = sorted(rows.values_list("student_id", flat=True))
    RefreshRequest.objects.filter(student_id__in=ids).delete()
    return ids
