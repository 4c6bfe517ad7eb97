"""A teacher's own exercises for one skill of a classroom: the list, add and edit with a preview of exactly what a
student sees, delete, import (checked row by row before anything is written) and export as CSV or JSON."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from learners.selectors.content import classroom_exercises
from learners.services import content
from learners.answers import answer_input, expected_display, instruction
from learners.models import Classroom, Exercise, Skill
from portal.access import taught_skill
from portal.forms import ExerciseForm, ExerciseImportForm


@login_required
def exercises(request, classroom_id: int, skill_id: int):
    room, skill = taught_skill(request.user, classroom_id, skill_id)
    form = ExerciseImportForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        preview = _import(request, form, room, skill)
        if preview is None and not form.errors:
            return redirect("skill-exercises", classroom_id=room.pk, skill_id=skill.pk)
    every = list(classroom_exercises(room, skill))
    return render(request, "teacher/exercises.html", {
        "classroom": room, "tab": "overview", "skill": skill, "import_form": form, "preview": preview,
        "own": [e for e in every if e.classroom_id == room.pk],
        "bank_count": sum(e.classroom_id is None for e in every),
    })


def _import(request, form: ExerciseImportForm, room: Classroom, skill: Skill) -> dict | None:
    """The checked rows to confirm (a preview); None once imported, or when the file cannot be read (the form
    then says why)."""
    try:
        text, fmt = form.read()
        if request.POST.get("confirm"):
            added = content.exercises_import(classroom=room, skill=skill, author=request.user, content=text,
                                             fmt=fmt)
            messages.success(request, _("%(n)d exercises imported.") % {"n": added})
            return None
        preview = content.exercises_import_preview(classroom=room, skill=skill, content=text, fmt=fmt)
    except ValidationError as error:
        form.add_error(None, error)
        return None
    return {"content": text, "fmt": fmt, "drafts": preview.drafts, "errors": preview.errors,
            "already": preview.already}


@login_required
def exercise_edit(request, classroom_id: int, skill_id: int, exercise_id: int | None = None):
    room, skill = taught_skill(request.user, classroom_id, skill_id)
    exercise = get_object_or_404(Exercise, pk=exercise_id, classroom=room, skill=skill) \
        if exercise_id is not None else None  # /exercises/0/ is an exercise no row has, not a new one
    initial = ExerciseForm.initial_for(exercise) if exercise else {"rounding": "", "fraction_form": "simplest"}
    form = ExerciseForm(request.POST or None, initial=initial)
    preview = None
    if request.method == "POST" and form.is_valid():
        draft = form.draft()
        problems = content.draft_problems(draft)
        if problems:
            form.add_service_errors(ValidationError(problems))
        elif "save" in request.POST:
            content.exercise_save(classroom=room, skill=skill, author=request.user, draft=draft, exercise=exercise)
            messages.success(request, _("The exercise is saved: students of %(classroom)s get it first.")
                             % {"classroom": room.name})
            return redirect("skill-exercises", classroom_id=room.pk, skill_id=skill.pk)
        else:
            shown = draft.exercise(skill=skill)
            preview = {"exercise": shown, "instruction": instruction(shown), "input": answer_input(shown),
                       "choices": list(enumerate(shown.choices)), "expected": expected_display(shown)}
    return render(request, "teacher/exercise_form.html", {
        "classroom": room, "tab": "overview", "skill": skill, "form": form, "exercise": exercise, "preview": preview,
    })


@login_required
@require_POST
def exercise_delete(request, classroom_id: int, skill_id: int, exercise_id: int):
    room, skill = taught_skill(request.user, classroom_id, skill_id)
    content.exercise_delete(classroom=room,
                            exercise=get_object_or_404(Exercise, pk=exercise_id, classroom=room, skill=skill))
    messages.success(request, _("The exercise is deleted."))
    return redirect("skill-exercises", classroom_id=room.pk, skill_id=skill.pk)


@login_required
def exercises_export(request, classroom_id: int, skill_id: int, fmt: str):
    room, skill = taught_skill(request.user, classroom_id, skill_id)
    if fmt not in ("csv", "json"):
        raise Http404
    exported = content.exercises_export(classroom_exercises(room, skill), fmt)
    response = HttpResponse(exported, content_type="text/csv; charset=utf-8" if fmt == "csv"
                            else "application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="exercises-{slugify(skill.name)[:60]}.{fmt}"'
    return response
