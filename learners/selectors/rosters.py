"""Every read the pages need, filtered by who asks."""
from __future__ import annotations

from django.db.models import Avg, Count, FloatField, IntegerField, Max, Q, QuerySet
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from learners.models import (
    Attempt, Classroom, ModelStatus, ModelVersion, PlanOverride, Skill, Student, StudentModel, StudyPlan, TrainingRun,
)


def student_for_user(user) -> Student | None:
    return Student.objects.filter(user=user).first() if user.is_authenticated else None


def classrooms_for_user(user) -> QuerySet[Classroom]:
    """The classrooms a user teaches (all of them for staff)."""
    classrooms = Classroom.objects.select_related("school")
    if not user.is_staff:
        classrooms = classrooms.filter(teachers__user=user)
    return classrooms.annotate(student_total=Count("enrollments", distinct=True)).order_by("school__name", "name")


def student_skill_summary(student: Student) -> list[dict]:
    """Per skill practised: attempts, share correct and the last attempt's time, most practised first."""
    return list(
        Attempt.objects.filter(student=student)
        .values("skill__name")
        .annotate(attempts=Count("id"), last_at=Max("submitted_at"),
                  correct_rate=Avg(Cast("correct", IntegerField()), output_field=FloatField()))
        .order_by("-attempts", "skill__name")
    )


def model_versions(limit: int = 50) -> QuerySet[ModelVersion]:
    return ModelVersion.objects.order_by("-created_at")[:limit]


def training_runs(limit: int = 20) -> QuerySet[TrainingRun]:
    return TrainingRun.objects.select_related("version", "requested_by").order_by("-queued_at")[:limit]


def stage_labels() -> dict[str, str]:
    """The words for a training run's stage (`learners.pipeline` writes the codes)."""
    return {"reading": _("reading the attempts"), "training": _("training"), "evaluating": _("evaluating"),
            "rejected": _("not activated"), "regenerating": _("regenerating student models"),
            "planning": _("making study plans"), "done": _("done")}


def training_run_summary(run: TrainingRun) -> dict:
    last = run.history[-1] if run.history else {}
    return {
        "id": run.pk, "status": run.status, "status_label": run.get_status_display(), "stage": run.stage,
        "stage_label": stage_labels().get(run.stage, run.stage),
        "epoch": run.epoch, "epochs_total": run.epochs_total, "percent": run.percent,
        "loss": last.get("loss"), "valid_auc": last.get("valid_auc"),
        "version": run.version_id, "error": run.error.strip().splitlines()[-1] if run.error.strip() else "",
    }


def visible_students(user) -> QuerySet[Student]:
    """Students a user may see: staff all, a teacher those of their classrooms, a student only themself."""
    if not user.is_authenticated:
        return Student.objects.none()
    if user.is_staff:
        return Student.objects.all()
    return Student.objects.filter(Q(user=user) | Q(classrooms__teachers__user=user)).distinct()


def classroom_students(classroom: Classroom) -> QuerySet[Student]:
    return classroom.students.select_related("user").order_by("display_name", "external_id")


def current_study_plan(student: Student) -> StudyPlan | None:
    return StudyPlan.objects.filter(student=student, is_current=True).first()


def current_plan(student: Student) -> dict | None:
    """The student's current plan: its items by session (with skill names), goals and forecasts."""
    plan = current_study_plan(student)
    if plan is None:
        return None
    items = list(plan.items.select_related("skill", "exercise").order_by("position"))
    names = dict(Skill.objects.filter(pk__in=plan.goal_skills + plan.in_class).values_list("pk", "name"))
    goals = [{"skill": names.get(pk, pk), "with_plan": plan.forecast_with_plan.get(str(pk)),
              "without_plan": plan.forecast_without_plan.get(str(pk))} for pk in plan.goal_skills]
    goals.sort(key=lambda g: -((g["with_plan"] or 0) - (g["without_plan"] or 0)))  # what the plan moves most first
    sessions = [{"number": n + 1, "items": [i for i in items if i.session == n]}
                for n in sorted({i.session for i in items})]
    return {"plan": plan, "sessions": sessions, "goals": goals,
            "in_class": sorted(names.get(pk, str(pk)) for pk in plan.in_class)}


def plan_overrides(student: Student) -> QuerySet[PlanOverride]:
    return student.plan_overrides.select_related("skill", "author").order_by("-created_at")


def classroom_cohorts(classroom: Classroom) -> list[int]:
    """Cohort indexes (0-based) of the classroom's students under the active model version."""
    return sorted(set(
        StudentModel.objects.filter(version__status=ModelStatus.ACTIVE, student__classrooms=classroom,
                                    cohort__isnull=False).values_list("cohort__index", flat=True)))
