"""Everything held about one student, as tables (lists of flat rows) and a profile: what a privacy export
downloads (`services.privacy.student_export`). The caller has checked that the user may see it (staff only).
Other students appear by their id alone."""
from __future__ import annotations

from learners.models import (
    AccountPolicy, Attempt, AuditEntry, Enrollment, MasterySnapshot, ModelVersion, PlanItem, PlanOverride,
    PracticeSkip, Student, StudentModel, StudentNeighbour, StudyPlan,
)

Rows = list[dict]
STUDENT_ROWS = {  # every kind of row about one student (erasure deletes them all): its query, from the student's pk
    "attempts": lambda pk: Attempt.objects.filter(student=pk),
    "enrolments": lambda pk: Enrollment.objects.filter(student=pk),
    "student_models": lambda pk: StudentModel.objects.filter(student=pk),
    "neighbours": lambda pk: StudentNeighbour.objects.filter(student=pk),
    "neighbour_of": lambda pk: StudentNeighbour.objects.filter(neighbour=pk),
    "plans": lambda pk: StudyPlan.objects.filter(student=pk),
    "overrides": lambda pk: PlanOverride.objects.filter(student=pk),
    "practice_skips": lambda pk: PracticeSkip.objects.filter(student=pk),
    "mastery_snapshots": lambda pk: MasterySnapshot.objects.filter(student=pk),
}


def student_data_counts(student: Student) -> dict[str, int]:
    """How many rows of each kind are held about `student` (and audit entries about them)."""
    return {kind: query(student.pk).count() for kind, query in STUDENT_ROWS.items()} | {
        "audit_entries": about_student(student).count()}


def student_record(student: Student) -> dict[str, dict | Rows]:
    """{"profile": {...}, and per kind of data a list of rows}: every row about `student` in the database."""
    pk = student.pk
    return {
        "profile": _profile(student),
        "enrolments": list(STUDENT_ROWS["enrolments"](pk).order_by("joined_at", "pk").values(
            "classroom_id", "classroom__name", "classroom__school__name", "joined_at")),
        "attempts": list(STUDENT_ROWS["attempts"](pk).order_by("submitted_at", "pk").values(
            "id", "submitted_at", "skill__code", "skill__name", "exercise_id", "correct", "score",
            "answer_text", "duration_seconds", "hints_used", "source", "idempotency_key", "created_at")),
        "student_models": list(STUDENT_ROWS["student_models"](pk).order_by("version_id").values(
            "version_id", "n_attempts", "cohort__index", "parameters", "embedding", "updated_at")),
        "cohorts": list(StudentModel.objects.filter(student=pk, cohort__isnull=False).order_by("version_id").values(
            "version_id", "cohort__index", "cohort__size")),
        "plans": list(STUDENT_ROWS["plans"](pk).order_by("number").values(
            "number", "is_current", "version_id", "goal_skills", "forecast_with_plan", "forecast_without_plan",
            "goal_forecast", "goal_forecast_without", "in_class", "created_at")),
        "plan_items": list(PlanItem.objects.filter(plan__student=pk).order_by("plan__number", "position").values(
            "plan__number", "position", "session", "skill__code", "skill__name", "exercise_id", "reason",
            "p_success", "expected_gain", "pinned", "done")),
        "overrides": list(STUDENT_ROWS["overrides"](pk).order_by("created_at", "pk").values(
            "id", "action", "skill__code", "skill__name", "position", "per_session", "reason", "author__username",
            "active", "created_at", "withdrawn_at")),
        "practice_skips": list(STUDENT_ROWS["practice_skips"](pk).order_by("created_at", "pk").values(
            "skill__code", "skill__name", "created_at")),
        "mastery_snapshots": list(STUDENT_ROWS["mastery_snapshots"](pk).order_by("day").values(
            "day", "version_id", "attempts", "goal_mean", "practised_mean", "goal_p", "updated_at")),
        "neighbours": list(STUDENT_ROWS["neighbours"](pk).order_by("version_id", "rank").values(
            "version_id", "rank", "neighbour_id", "distance")),
        "neighbour_of": list(STUDENT_ROWS["neighbour_of"](pk).order_by("version_id", "student_id")
                             .values("version_id", "student_id", "rank")),
        "held_out_by_versions": [{"version_id": version} for version in held_out_by(pk)],
        "audit_entries": list(about_student(student).order_by("at", "pk").values(
            "at", "actor_label", "action", "target_type", "target_id", "target_label", "school__name", "reason",
            "details")),
    }


def _profile(student: Student) -> dict:
    user = student.user
    login = None if user is None else {
        "username": user.get_username(), "first_name": user.first_name, "last_name": user.last_name,
        "email": user.email, "is_active": user.is_active, "date_joined": user.date_joined,
        "last_login": user.last_login,
        "must_change_password": AccountPolicy.objects.filter(user=user, must_change_password=True).exists(),
    }
    return {"id": student.pk, "external_id": student.external_id, "display_name": student.display_name,
            "school": student.school.name if student.school_id else None, "created_at": student.created_at,
            "login": login}


def about_student(student: Student):
    """The audit entries about this student, or about their login."""
    entries = AuditEntry.objects.filter(target_type="student", target_id=str(student.pk))
    if student.user_id is not None:
        entries |= AuditEntry.objects.filter(target_type="user", target_id=str(student.user_id))
    return entries


def held_out_by(student_pk: int) -> list[int]:
    """The model versions that kept this student out of training, to validate on."""
    return [version for version, held in ModelVersion.objects.order_by("pk").values_list("pk", "heldout_students")
            if student_pk in held]
