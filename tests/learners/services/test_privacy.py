"""A student's privacy requests: everything held about them in one download, and their erasure (every row about
them gone, other students' neighbour lists redrawn, no later retraining reading them), both audited."""
import datetime as dt
import io
import json
import zipfile

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.core.exceptions import ValidationError

from learners import engine as eng
from learners import registry
from learners.importers import import_attempts
from learners.models import (
    AccountPolicy, Attempt, AuditAction, AuditEntry, Enrollment, ErasedStudent, MasterySnapshot, ModelVersion, PlanItem,
    PlanOverride, PracticeSkip, Skill, Student, StudentModel, StudentNeighbour, StudyPlan,
)
from learners.services import accounts, overrides, practice, privacy, snapshots, student_models
from tests.fixtures import PASSWORD, UserFactory, retrain

pytestmark = pytest.mark.django_db

KINDS = ["enrolments", "attempts", "student_models", "cohorts", "plans", "plan_items", "overrides", "practice_skips",
         "mastery_snapshots", "neighbours", "neighbour_of", "held_out_by_versions", "audit_entries"]


@pytest.fixture
def ada(school):
    """A student in many other students' neighbour lists, who signs in, with a row of every kind held about a
    student."""
    most_similar = StudentNeighbour.objects.values("neighbour").annotate(n=Count("pk")).order_by("-n", "neighbour")
    ada, skill = Student.objects.get(pk=most_similar[0]["neighbour"]), Skill.objects.order_by("pk").first()
    ada.user = get_user_model().objects.create_user(username="ada-l", password=PASSWORD, first_name="Adalind")
    ada.display_name = "Adalind Learner"
    ada.save()
    overrides.plan_override_add(student=ada, action="remove", skill=skill, reason="Adalind did it in class",
                                author=school.teacher.user)
    practice.practice_skip_record(student=ada, skill=skill)
    snapshots.snapshots_keep(student_id=ada.pk, version=school.version, days=[
        (dt.date(2026, 9, 1), 3, {"goal_p": {str(skill.pk): 0.5}, "goal_mean": 0.5, "practised_mean": 0.5})])
    accounts.password_change_require(user=ada.user, actor=school.teacher.user)
    ModelVersion.objects.filter(pk=school.version.pk).update(heldout_students=[ada.pk, school.learner.pk])
    return ada


def sign_in(client, password=PASSWORD):
    return client.post(reverse("login"), {"username": "ada-l", "password": password}, REMOTE_ADDR="10.0.0.1")


@pytest.fixture
def staff():
    return UserFactory(username="dpo", is_staff=True, is_superuser=True)


def test_it_exports_every_kind_of_data_held_about_a_student(ada, staff):
    archive = zipfile.ZipFile(io.BytesIO(privacy.student_export(student=ada, actor=staff)))
    folder = f"student-{ada.pk}"
    record = json.loads(archive.read(f"{folder}/student.json"))
    assert record["profile"]["login"]["username"] == "ada-l"
    assert record["profile"]["display_name"] == "Adalind Learner"
    empty = [kind for kind in KINDS if not record[kind]]
    assert not empty, f"nothing exported of {empty}"
    assert len(record["attempts"]) == Attempt.objects.filter(student=ada).count()
    assert record["overrides"][0]["reason"] == "Adalind did it in class"
    assert {e["action"] for e in record["audit_entries"]} >= {"roster.enrol", "override.add",
                                                              "account.password_change_required"}
    assert set(archive.namelist()) == {f"{folder}/student.json"} | {f"{folder}/{kind}.csv" for kind in KINDS}
    attempts_csv = archive.read(f"{folder}/attempts.csv").decode("utf-8-sig").splitlines()
    assert attempts_csv[0].startswith("id,submitted_at,skill__code") and len(attempts_csv) == 1 + len(
        record["attempts"])
    entry = AuditEntry.objects.get(action=AuditAction.STUDENT_EXPORT)
    assert (entry.actor, entry.target_id, entry.details["attempts"]) == (staff, str(ada.pk), len(record["attempts"]))


def test_it_erases_every_row_about_a_student_and_disables_their_login(ada, staff, client):
    pk, user = ada.pk, ada.user
    assert sign_in(client, "wrong").status_code == 200 and sign_in(client).status_code == 302
    signed_in = Client()
    signed_in.force_login(user)
    assert signed_in.get(reverse("password_change")).status_code == 200
    client.logout()
    assert AccessAttempt.objects.filter(username="ada-l").exists() or AccessLog.objects.filter(username="ada-l")
    counts = privacy.student_erase(student=ada, actor=staff, reason="request of 3 May")
    assert counts["attempts"] > 0 and counts["neighbour_of"] > 0 and counts["held_out_by_versions"] == 1
    assert not Student.objects.filter(pk=pk).exists()
    for model, field in [(Attempt, "student"), (Enrollment, "student"), (StudentModel, "student"),
                         (StudentNeighbour, "student"), (StudentNeighbour, "neighbour"), (StudyPlan, "student"),
                         (PlanItem, "plan__student"), (PlanOverride, "student"), (PracticeSkip, "student"),
                         (MasterySnapshot, "student")]:
        assert not model.objects.filter(**{field: pk}).exists(), f"{model.__name__}.{field} still holds them"
    assert all(pk not in held for held in ModelVersion.objects.values_list("heldout_students", flat=True))
    user.refresh_from_db()
    assert (user.username, user.first_name, user.email, user.is_active, user.has_usable_password()) == (
        f"erased-{user.pk}", "", "", False, False)
    assert not AccountPolicy.objects.filter(user=user).exists()
    assert not AccessAttempt.objects.filter(username="ada-l").exists()  # their sign-in records (addresses) go
    assert not AccessLog.objects.filter(username="ada-l").exists()
    assert sign_in(client).status_code == 200  # refused
    assert signed_in.get(reverse("password_change")).url.startswith(reverse("login"))  # their session ends


def test_it_keeps_only_ids_in_the_audit_log_of_an_erased_student(ada, staff):
    pk = ada.pk
    privacy.student_erase(student=ada, actor=staff, reason="request of 3 May")
    log = json.dumps(list(AuditEntry.objects.values()), default=str)
    assert "Adalind" not in log and "ada-l" not in log
    erased = AuditEntry.objects.get(action=AuditAction.STUDENT_ERASE)
    assert (erased.actor, erased.target_type, erased.target_id, erased.target_label, erased.reason) == (
        staff, "student", str(pk), f"erased-{pk}", "request of 3 May")
    assert erased.details["attempts"] > 0
    earlier = AuditEntry.objects.filter(target_type="student", target_id=str(pk)).exclude(pk=erased.pk)
    assert earlier.exists() and set(earlier.values_list("target_label", "reason")) == {(f"erased-{pk}", "")}


def test_it_redraws_the_neighbour_lists_the_erased_student_was_in(ada, staff, school):
    version = registry.active_version()
    others = set(StudentNeighbour.objects.filter(neighbour=ada).values_list("student_id", flat=True))
    full = StudentNeighbour.objects.filter(version=version, student=next(iter(others))).count()
    privacy.student_erase(student=ada, actor=staff, reason="request")
    assert not StudentNeighbour.objects.filter(neighbour_id=ada.pk).exists()
    for other in others:  # as many neighbours as before, none of them the erased student
        assert StudentNeighbour.objects.filter(version=version, student=other).count() == full


def test_a_retraining_after_an_erasure_never_reads_the_student(ada, staff, school):
    pk, before = ada.pk, Attempt.objects.count()
    erased = Attempt.objects.filter(student=ada).count()
    privacy.student_erase(student=ada, actor=staff, reason="request")
    assert pk not in eng.read_attempts().students
    _, version = retrain(seed=3)
    assert version.n_attempts == before - erased and version.n_students == len(school.students) - 1
    assert pk not in version.heldout_students
    assert not StudentModel.objects.filter(student_id=pk).exists()


def test_importing_their_rows_again_never_brings_an_erased_student_back(ada, staff, tmp_path):
    path = tmp_path / "again.csv"
    path.write_text("student,skill,correct,timestamp\n"
                    f"{ada.external_id},k0,1,2026-09-01T08:30:00Z\nsomeone-new,k0,0,2026-09-01T08:31:00Z\n")
    external_id = ada.external_id
    privacy.student_erase(student=ada, actor=staff, reason="request")
    assert external_id not in str(list(ErasedStudent.objects.values()))  # a digest, not the id
    with open(path, "rb") as stream:
        report = import_attempts(stream=stream, file_format="csv", file_name="again.csv")
    assert (report.rows_written, report.rows_erased, report.rows_duplicate) == (1, 1, 0)
    assert not Student.objects.filter(external_id=external_id).exists()
    assert Student.objects.filter(external_id="someone-new").exists()


def test_models_prepared_from_attempts_read_before_an_erasure_leave_the_student_out(ada, staff, school):
    arrays = eng.read_attempts()  # as a retraining or rollback that was reading when the erasure came
    privacy.student_erase(student=ada, actor=staff, reason="request")
    version = school.version
    student_models.version_prepare(version=version, engine=registry.version_engine(version), arrays=arrays)
    assert not StudentModel.objects.filter(student_id=ada.pk).exists()
    assert StudentModel.objects.filter(version=version).count() == len(school.students) - 1


def test_it_refuses_an_erasure_without_a_reason_or_of_a_teachers_login(ada, staff, school):
    with pytest.raises(ValidationError, match="Say why"):
        privacy.student_erase(student=ada, actor=staff, reason="  ")
    school.learner.user = school.teacher.user
    with pytest.raises(ValidationError, match="teacher"):
        privacy.student_erase(student=school.learner, actor=staff, reason="request")
    assert Student.objects.filter(pk=ada.pk).exists() and not AuditEntry.objects.filter(
        action=AuditAction.STUDENT_ERASE).exists()
