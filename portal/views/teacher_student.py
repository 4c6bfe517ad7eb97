"""A student's plan and progress as their teacher sees them: changes to the plan (kept through every new plan),
their withdrawal, and the most similar students."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from learners.models import PlanOverride
from learners.selectors import assignments, attempts, plans, rosters, similarity
from learners.services import overrides
from portal.access import taught_student
from portal.charts.base import percent
from portal.forms import PlanOverrideForm
from portal.views.student import progress_context


@login_required
def student_plan(request, student_id: int):
    student = taught_student(request.user, student_id)
    form = PlanOverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            override = overrides.plan_override_add(student=student, author=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The plan is changed; the change will be kept when it is regenerated.")
                             if override.student.plans.exists() else
                             _("The change is saved; it will apply once the first model is trained."))
            return redirect("student-plan", student_id=student.pk)
    visible = rosters.visible_students(request.user)
    return render(request, "student_plan.html", progress_context(student, for_teacher=True) | {
        "student": student, "for_teacher": True, "plan": plans.current_plan(student), "form": form,
        "overrides": plans.plan_overrides(student), "assignments": assignments.student_assignments(student),
        "skills": attempts.student_skill_summary(student), "answers": attempts.student_answers(student),
        "similar": similarity.similar_students(student, visible=visible,
                                               own=rosters.own_students(request.user)),
        "similarity_levels": similarity.similarity_labels(),
        "similarity_shares": {level: percent(share) for level, share in similarity.similarity_shares().items()},
    })


@login_required
@require_POST
def override_withdraw(request, override_id: int):
    override = get_object_or_404(PlanOverride, pk=override_id, active=True)
    taught_student(request.user, override.student_id)
    overrides.plan_override_withdraw(override=override, actor=request.user)
    messages.success(request, _("The change is withdrawn."))
    return redirect("student-plan", student_id=override.student_id)
