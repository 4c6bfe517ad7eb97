from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from learners import selectors


@login_required
def home(request):
    student = selectors.student_for_user(request.user)
    context = {
        "student": student,
        "skills": selectors.student_skill_summary(student) if student else [],
        "classrooms": selectors.classrooms_for_user(request.user) if not student else [],
    }
    return render(request, "home.html", context)


@require_GET
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
