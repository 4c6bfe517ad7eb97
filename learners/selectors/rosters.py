"""Who is who and who may see whom: a user's student, the classrooms they teach, the students they may see."""
from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from learners.models import Classroom, Student


def student_for_user(user) -> Student | None:
    return Student.objects.filter(user=user).first() if user.is_authenticated else None


def classrooms_for_user(user) -> QuerySet[Classroom]:
    """The classrooms a user teaches (all of them for staff)."""
    classrooms = Classroom.objects.select_related("school")
    if not user.is_staff:
        classrooms = classrooms.filter(teachers__user=user)
    return classrooms.annotate(student_total=Count("enrollments", distinct=True)).order_by("school__name", "name")


def visible_students(user) -> QuerySet[Student]:
    """Students a user may see: staff all, a teacher those of their classrooms, a student only themself."""
    if not user.is_authenticated:
        return Student.objects.none()
    if user.is_staff:
        return Student.objects.all()
    return Student.objects.filter(Q(user=user) | Q(classrooms__teachers__user=user)).distinct()


def own_students(user) -> QuerySet[Student]:
    """The students of the classrooms a user teaches."""
    return Student.objects.filter(classrooms__teachers__user=user).distinct()


def classroom_students(classroom: Classroom) -> QuerySet[Student]:
    return classroom.students.select_related("user").order_by("display_name", "external_id")
