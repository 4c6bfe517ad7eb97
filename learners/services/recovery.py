"""Taking up the work a stopped worker left: what the sweep (every minute) and each worker's start run."""
from __future__ import annotations

from learners import refresh_queue
from learners.services import attempt_uploads, refreshes, training


def interrupted_work_recover(*, worker: str | None = None) -> dict:
    """Training runs whose worker died are failed (or, past activation, queued again to finish) and imports that
    died are queued again; with `worker` (a node name starting up) its own runs, imports and refresh claims are
    taken as dead at once. Then, when students wait for a refresh, a worker is woken."""
    runs = training.interrupted_runs_recover(worker=worker)
    uploads = attempt_uploads.attempt_uploads_recover(worker=worker)
    released = refreshes.refresh_claims_release(claimer_prefix=f"{worker}/") if worker else 0
    due = refreshes.refresh_requests_due()
    if due:
        refresh_queue.wake()
    return {"training_runs": [run.pk for run in runs], "uploads_requeued": uploads, "claims_released": released,
            "refreshes_due": due}
