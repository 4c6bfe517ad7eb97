"""The landing page (a student goes on to their plan, a teacher sees their classrooms) and the health check."""
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from learners.selectors import rosters
from portal.health import health_report


@login_required
def home(request):
    if rosters.student_for_user(request.user):
        return redirect("my-plan")
    return render(request, "home.html", {"classrooms": rosters.classrooms_for_user(request.user)})


@require_GET
def healthz(request):
    report = health_report()
    return JsonResponse(report, status=503 if report["status"] == "down" else 200)
