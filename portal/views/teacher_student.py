from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from learners import dashboards, plans, selectors
from learners.models import PlanOverride
from portal.access import own_student, taught_student
from portal.forms import PlanOverrideForm
from portal.progress import progress_context


@login_required
def home(request):
    if selectors.student_for_user(request.user):
        return redirect("my-plan")
    return render(request, "home.html", {"classrooms": selectors.classrooms_for_user(request.user)})


@login_required
def my_plan(request):
    student = own_student(request.user)
    return render(request, "plan.html", {
        "student": student, "plan": selectors.current_plan(student),
        "skills": selectors.student_skill_summary(student),
    })


@login_required
def student_plan(request, student_id: int):
    student = taught_student(request.user, student_id)
    form = PlanOverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            override = plans.plan_override_add(student=student, author=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The plan is changed; the change will be kept when it is regenerated.")
                             if override.student.plans.exists() else
                             _("The change is saved; it will apply once the first model is trained."))
            return redirect("student-plan", student_id=student.pk)
    visible = selectors.visible_students(request.user)
    return render(request, "student_plan.html", progress_context(student, for_teacher=True) | {
        "student": student, "for_teacher": True, "plan": selectors.current_plan(student), "form": form,
        "overrides": selectors.plan_overrides(student), "skills": selectors.student_skill_summary(student),
        "similar": dashboards.similar_students(student, visible=visible,
                                               own=visible.filter(classrooms__teachers__user=request.user)),
        "similarity_levels": dashboards.similarity_labels(),
    })


@login_required
@require_POST
def override_withdraw(request, override_id: int):
    override = get_object_or_404(PlanOverride, pk=override_id, active=True)
    taught_student(request.user, override.student_id)
    plans.plan_override_withdraw(override=override)
    messages.success(request, _("The change is withdrawn."))
    return redirect("student-plan", student_id=override.student_id)


@require_GET
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
