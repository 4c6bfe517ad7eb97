"""Every read the pages need, filtered by who asks."""
from __future__ import annotations

from django.db.models import Avg, Count, Max, QuerySet

from learners.models import Attempt, Classroom, Student


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
        .annotate(attempts=Count("id"), correct_rate=Avg("score"), last_at=Max("submitted_at"))
        .order_by("-attempts", "skill__name")
    )
