"""What one school may see (an API token's reach): its students, classrooms and enrolments, every skill, and
the bank's exercises with its own classrooms' exercises. Anything else is not found."""
from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from learners.models import Classroom, Enrollment, Exercise, School, Skill, Student


def school_students(school: School, *, active: bool | None = None) -> QuerySet[Student]:
    students = Student.objects.filter(school=school).order_by("pk")
    return students if active is None else students.filter(active=active)


def school_student(school: School, student_id: int) -> Student:
    return get_object_or_404(Student, school=school, pk=student_id)


def school_classrooms(school: School, *, active: bool | None = None) -> QuerySet[Classroom]:
    classrooms = Classroom.objects.filter(school=school).order_by("pk")
    return classrooms if active is None else classrooms.filter(active=active)


def school_classroom(school: School, classroom_id: int) -> Classroom:
    return get_object_or_404(Classroom, school=school, pk=classroom_id)


def classroom_enrollments(classroom: Classroom, *, active: bool | None = None) -> QuerySet[Enrollment]:
    enrollments = classroom.enrollments.order_by("pk")
    return enrollments if active is None else enrollments.filter(active=active)


def classroom_enrollment(classroom: Classroom, student_id: int) -> Enrollment:
    return get_object_or_404(Enrollment, classroom=classroom, student_id=student_id)


def skills() -> QuerySet[Skill]:
    return Skill.objects.order_by("pk")


def skill(skill_id: int) -> Skill:
    return get_object_or_404(Skill, pk=skill_id)


def school_exercises(school: School, *, skill_id: int | None = None) -> QuerySet[Exercise]:
    exercises = Exercise.objects.filter(Q(classroom__isnull=True) | Q(classroom__school=school)).order_by("pk")
    return exercises if skill_id is None else exercises.filter(skill_id=skill_id)


def school_exercise(school: School, exercise_id: int) -> Exercise:
    return get_object_or_404(school_exercises(school), pk=exercise_id)
