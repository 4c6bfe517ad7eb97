"""The durable refresh queue: requests written with the attempts, claimed, cleared only when covered."""
import datetime as dt
import io

import pytest
from django.db import transaction
from django.utils import timezone

from learners.importers import import_attempts
from learners.models import Attempt, RefreshRequest, Skill, Student, StudentModel
from learners.services import attempts, recovery, refreshes
from learners.tasks import refresh_student_models

pytestmark = pytest.mark.django_db


def queued() -> set[int]:
    return set(RefreshRequest.objects.values_list("student_id", flat=True))


def n_attempts(version, students) -> list[int]:
    return [StudentModel.objects.get(version=version, student=s).n_attempts for s in students]


def test_it_queues_the_refresh_in_the_transaction_of_the_attempt(trained, django_capture_on_commit_callbacks):
    student, skill = trained[0], Skill.objects.first()
    with django_capture_on_commit_callbacks(execute=False) as woken:
        attempts.attempt_record(student=student, skill=skill, correct=True)
    assert queued() == {student.pk} and len(woken) == 1  # the wake-up comes once the attempt is committed
    with pytest.raises(RuntimeError), transaction.atomic():
        attempts.attempt_record(student=trained[1], skill=skill, correct=True)
        raise RuntimeError("the request failed after the attempt")
    assert queued() == {student.pk}  # neither the attempt nor its request survived the rollback


def test_it_refreshes_an_attempts_student_at_once_when_tasks_run_eagerly(trained, django_capture_on_commit_callbacks):
    version, skill = trained[0].models.first().version, Skill.objects.first()
    before = n_attempts(version, trained[:2])
    with django_capture_on_commit_callbacks(execute=True):
        for student in trained[:2]:
            attempts.attempt_record(student=student, skill=skill, correct=True)
    assert n_attempts(version, trained[:2]) == [n + 1 for n in before] and queued() == set()


def test_it_keeps_a_request_made_after_the_claim(trained):
    refreshes.refresh_requests_mark(student_ids=[s.pk for s in trained[:3]])
    claimed = refreshes.refresh_requests_claim(claimer="w1@host/t1")
    assert set(claimed) == {s.pk for s in trained[:3]}
    refreshes.refresh_requests_mark(student_ids=[trained[0].pk])  # answered again during the refresh
    assert refreshes.refresh_requests_clear(claimed=claimed) == 2
    assert queued() == {trained[0].pk}
    assert RefreshRequest.objects.get(student=trained[0]).claimed_by == ""  # due again, for the next task


def test_it_claims_no_student_twice_until_the_claim_goes_stale(trained):
    refreshes.refresh_requests_mark(student_ids=[trained[0].pk])
    assert refreshes.refresh_requests_claim(claimer="w1@host/t1")
    assert refreshes.refresh_requests_claim(claimer="w2@host/t2") == {} and refreshes.refresh_requests_due() == 0
    long_ago = timezone.now() - dt.timedelta(seconds=refreshes.CLAIM_STALE_SECONDS + 1)
    RefreshRequest.objects.update(claimed_at=long_ago)  # its worker died and never came back
    assert set(refreshes.refresh_requests_claim(claimer="w2@host/t2")) == {trained[0].pk}


def test_it_releases_a_restarted_workers_claims_and_refreshes_them(trained):
    version = trained[0].models.first().version
    skill = Skill.objects.first()
    Attempt.objects.create(student=trained[0], skill=skill, correct=True, score=1.0, submitted_at=timezone.now(),
                           idempotency_key="written-by-a-worker-that-died")
    refreshes.refresh_requests_mark(student_ids=[trained[0].pk, trained[1].pk])
    refreshes.refresh_requests_claim(claimer="w1@host/t1")  # then w1 is killed
    before = n_attempts(version, trained[:2])
    report = recovery.interrupted_work_recover(worker="w1@host")  # w1 starts again: wakes an (eager) refresh
    assert report["claims_released"] == 2 and report["refreshes_due"] == 2
    assert n_attempts(version, trained[:2]) == [before[0] + 1, before[1]] and queued() == set()


def test_it_refreshes_what_is_queued_when_the_sweep_runs(trained):
    refreshes.refresh_requests_mark(student_ids=[s.pk for s in trained[:4]])
    assert recovery.interrupted_work_recover()["refreshes_due"] == 4
    assert queued() == set()


def test_it_processes_a_claim_at_a_time_and_says_when_some_are_left(trained, monkeypatch):
    monkeypatch.setattr(refreshes, "TAKE_AT_MOST", 3)
    monkeypatch.setattr(refreshes, "BATCHES_PER_TASK", 2)
    refreshes.refresh_requests_mark(student_ids=[s.pk for s in trained[:8]])
    assert refreshes.refresh_requests_process(claimer="w1@host/t1") == (6, True)
    assert len(queued()) == 2
    assert refresh_student_models.delay().get() == 2 and queued() == set()


def test_it_queues_every_student_of_an_import_in_its_transaction():
    csv = b"student,skill,correct,timestamp\ns1,add,1,2026-09-01T08:30:00Z\ns2,add,0,2026-09-01T08:31:00Z\n"
    import_attempts(stream=io.BytesIO(csv), file_format="csv", file_name="two.csv")
    assert queued() == set(Student.objects.filter(external_id__in=["s1", "s2"]).values_list("pk", flat=True))


def test_it_hands_the_whole_queue_to_a_drain(trained):
    refreshes.refresh_requests_mark(student_ids=[trained[2].pk, trained[1].pk])
    assert refreshes.refresh_requests_take_all() == sorted([trained[1].pk, trained[2].pk])
    assert queued() == set() and refreshes.refresh_requests_take_all() == []
