"""Staff pages for a student's privacy requests: what is held about them, its download, and their erasure."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from learners.models import Student
from learners.selectors.privacy import student_data_counts
from learners.services import privacy
from portal.forms import ErasureForm
from portal.views.staff import staff_with_permission

VIEW_STUDENTS, ERASE_STUDENTS = "learners.view_student", "learners.delete_student"


def _page(request, student: Student, form: ErasureForm, status: int = 200):
    return render(request, "staff/privacy.html", {
        "student": student, "counts": student_data_counts(student), "form": form,
        "may_erase": request.user.has_perm(ERASE_STUDENTS)}, status=status)


@staff_with_permission(VIEW_STUDENTS)
@require_GET
def student_privacy(request, student_id: int):
    return _page(request, get_object_or_404(Student, pk=student_id), ErasureForm())


@staff_with_permission(VIEW_STUDENTS)
@require_GET
def student_export(request, student_id: int):
    student = get_object_or_404(Student, pk=student_id)
    archive = privacy.student_export(student=student, actor=request.user)
    response = HttpResponse(archive, content_type="application/zip")
    name = f"student-{student.pk}-{timezone.localdate().isoformat()}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@staff_with_permission(ERASE_STUDENTS)
@require_POST
def student_erase(request, student_id: int):
    student = get_object_or_404(Student, pk=student_id)
    form = ErasureForm(request.POST)
    if form.is_valid():
        try:
            privacy.student_erase(student=student, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Student %(id)s is erased.") % {"id": student_id})
            return redirect("admin:learners_student_changelist")
    return _page(request, student, form, status=400)
