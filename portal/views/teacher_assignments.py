"""A classroom's assignments: the list with a form to set one, each one's standings with a form to change it, and
its archiving."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from learners.models import Assignment, Classroom
from learners.selectors import assignments as selected
from learners.selectors.dashboards import classroom_skills
from learners.services import assignments
from portal.access import taught_classroom
from portal.forms import AssignmentForm


def _form(request, room: Classroom, initial: dict | None = None) -> AssignmentForm:
    return AssignmentForm(request.POST or None, classroom=room, skills=classroom_skills(room), initial=initial)


def _saved(form: AssignmentForm, write) -> Assignment | None:
    """The assignment `write(**values)` returns, or None with the service's refusal on the form."""
    if not form.is_valid():
        return None
    try:
        return write(**form.values())
    except ValidationError as error:
        form.add_error(None, error)
        return None


def _status_counts(row: selected.AssignmentRow) -> list[tuple[str, str, int]]:
    labels = selected.status_labels()
    return [(status, labels[status], row.counts[status]) for status in selected.STATUSES]


@login_required
def assignment_list(request, classroom_id: int):
    room = taught_classroom(request.user, classroom_id)
    form = _form(request, room)
    if request.method == "POST":
        work = _saved(form, lambda **values: assignments.assignment_create(classroom=room, by=request.user, **values))
        if work is not None:
            messages.success(request, _("Assigned; the students' plans make room for it before its due date."))
            return redirect("assignment", classroom_id=room.pk, assignment_id=work.pk)
    rows = selected.classroom_assignments(room)
    return render(request, "teacher/assignments.html", {
        "classroom": room, "tab": "assignments", "form": form, "rows": [(row, _status_counts(row)) for row in rows],
        "archived": selected.classroom_assignments(room, archived=True),
    }, status=400 if form.errors else 200)


@login_required
def assignment(request, classroom_id: int, assignment_id: int):
    room = taught_classroom(request.user, classroom_id)
    work = get_object_or_404(Assignment, pk=assignment_id, classroom=room)
    form = _form(request, room, AssignmentForm.initial_for(work))
    if request.method == "POST":
        saved = _saved(form, lambda **values: assignments.assignment_update(assignment=work, by=request.user,
                                                                            **values))
        if saved is not None:
            messages.success(request, _("The assignment is changed; plans follow it."))
            return redirect("assignment", classroom_id=room.pk, assignment_id=work.pk)
    row = selected.assignment_detail(work)
    return render(request, "teacher/assignment.html", {
        "classroom": room, "tab": "assignments", "form": form, "row": row, "counts": _status_counts(row),
        "labels": selected.status_labels(),
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def assignment_archive(request, classroom_id: int, assignment_id: int):
    room = taught_classroom(request.user, classroom_id)
    work = get_object_or_404(Assignment, pk=assignment_id, classroom=room)
    assignments.assignment_archive(assignment=work, by=request.user)
    messages.success(request, _("The assignment is archived; plans no longer make room for it."))
    return redirect("classroom-assignments", classroom_id=room.pk)
