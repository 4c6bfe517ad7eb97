"""A student's privacy requests, made by staff: everything held about them as one download (`student_export`),
and their erasure (`student_erase`). Both are recorded in the audit log.

Erasure deletes the student and every row about them (attempts, enrolments, models, neighbours in both
directions, cohort memberships, plans, overrides, skips, snapshots), takes them out of every version's held-out
list and redraws the neighbour lists they were in. Their login, if any, is kept as a disabled, nameless row
(`erased-<id>`, no password, no email, no groups) so that the audit log's ids still point somewhere; its sign-in
records are deleted. The audit log keeps ids only: entries about them lose their names and reasons. Their
attempts are gone, so no later retraining reads them (`engine.read_attempts` reads the attempt table), and their
external id is remembered only as a digest (`ErasedStudent`) that imports skip, so that importing a file again
never brings them back.
"""
from __future__ import annotations

import io
import json
import zipfile
from collections import defaultdict

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils.translation import gettext as _

from learners.csv_export import csv_text
from learners.models import (
    AccountPolicy, AuditAction, AuditEntry, ErasedStudent, ModelVersion, Student, StudentNeighbour, external_id_digest,
)
from learners.selectors.privacy import STUDENT_ROWS, about_student, held_out_by, student_record
from learners.services import similarity
from learners.services.audit import Target, audit_record

ERASED_PREFIX = "erased-"


# -- export ---------------------------------------------------------------------------------------------------
@transaction.atomic
def student_export(*, student: Student, actor) -> bytes:
    """A zip of everything held about `student`: `student.json` (all of it) and one CSV per kind of row. The
    download is recorded in the audit log (how many rows of each kind)."""
    record = student_record(student)
    audit_record(actor=actor, action=AuditAction.STUDENT_EXPORT, target=student,
                 details={kind: len(rows) for kind, rows in record.items() if isinstance(rows, list)})
    return export_archive(record, folder=f"student-{student.pk}")


def export_archive(record: dict, *, folder: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{folder}/student.json", json.dumps(record, cls=DjangoJSONEncoder, ensure_ascii=False,
                                                             indent=1))
        for kind, rows in record.items():
            if isinstance(rows, list):
                archive.writestr(f"{folder}/{kind}.csv", _csv(rows))
    return buffer.getvalue()


def _csv(rows: list[dict]) -> str:
    headers = list(rows[0]) if rows else []
    return csv_text(headers, ([_flat(row[h]) for h in headers] for row in rows))


def _flat(value):
    """A cell: lists and dicts as JSON, anything else as it is."""
    return json.dumps(value, cls=DjangoJSONEncoder) if isinstance(value, (list, dict)) else value


# -- erasure --------------------------------------------------------------------------------------------------
def erasure_check(*, student: Student, reason: str) -> None:
    """Refuses (ValidationError) an erasure without a reason, or of a login that also teaches or is staff."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why: the reason is kept in the audit log.")})
    user = student.user
    if user is not None and (user.is_staff or hasattr(user, "teacher")):
        raise ValidationError(_("This student's login is also a teacher's or staff's: remove that role first."))


@transaction.atomic
def student_erase(*, student: Student, actor, reason: str) -> dict[str, int]:
    """Erase `student` (see the module's docstring) in one transaction; returns how many rows of each kind went.
    The audit entry keeps the student's id, the counts and the reason, nothing else about them."""
    erasure_check(student=student, reason=reason)
    student = Student.objects.select_for_update(of=("self",)).select_related("user", "school").get(pk=student.pk)
    pk, user, school = student.pk, student.user, student.school
    redraw = _lists_they_are_in(pk)
    counts = {kind: query(pk).delete()[0] for kind, query in STUDENT_ROWS.items()}
    counts["held_out_by_versions"] = _out_of_held_out_lists(pk)
    counts["audit_entries_anonymised"] = _audit_anonymise(student)
    if user is not None:
        _login_disable(user)
    if student.external_id:
        ErasedStudent.objects.get_or_create(external_id_sha256=external_id_digest(student.external_id))
    student.delete()
    for version, student_ids in redraw.items():
        similarity.neighbours_write(version=version, student_ids=student_ids)
    audit_record(actor=actor, action=AuditAction.STUDENT_ERASE, target=erased_target(pk), reason=reason.strip(),
                 school=school, details=counts | {"login": user.pk if user is not None else None})
    return counts


def erased_target(pk: int) -> Target:
    return Target(type="student", id=pk, label=f"{ERASED_PREFIX}{pk}")


def _lists_they_are_in(pk: int) -> dict[ModelVersion, list[int]]:
    """Version -> the students whose nearest students include `pk` (their lists are drawn again without it)."""
    found: dict[int, list[int]] = defaultdict(list)
    for version, student in StudentNeighbour.objects.filter(neighbour=pk).values_list("version_id", "student_id"):
        found[version].append(student)
    return {version: found[version.pk] for version in ModelVersion.objects.filter(pk__in=found)}


def _out_of_held_out_lists(pk: int) -> int:
    versions = held_out_by(pk)
    for version in ModelVersion.objects.filter(pk__in=versions).only("heldout_students"):
        version.heldout_students = [s for s in version.heldout_students if s != pk]
        version.save(update_fields=["heldout_students"])
    return len(versions)


def _audit_anonymise(student: Student) -> int:
    """Entries about the student keep their ids, actions and times; names and reasons (which may name them) go."""
    label = erased_target(student.pk).label
    changed = about_student(student).update(target_label=label, reason="")
    if student.user_id is not None:
        AuditEntry.objects.filter(actor=student.user_id).update(actor_label=label)
    return changed


def _login_disable(user) -> None:
    """The login stays (audit entries point at it) but names nobody and can never sign in again."""
    AccessAttempt.objects.filter(username=user.get_username()).delete()
    AccessLog.objects.filter(username=user.get_username()).delete()
    AccessFailureLog.objects.filter(username=user.get_username()).delete()
    AccountPolicy.objects.filter(user=user).delete()
    user.username = f"{ERASED_PREFIX}{user.pk}"
    user.first_name = user.last_name = user.email = ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.last_login = None
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
