"""The student's Practice page: the next item of their plan, one exercise, an answer, immediate feedback."""
import re
import time
import uuid

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from learners import content, selectors, services
from learners import practice as reads
from learners.answers import answer_check
from learners.models import AttemptSource, Exercise, PlanItem, Student
from portal.access import own_student

MAX_DURATION_SECONDS = 3 * 3600  # longer than this: the page was left open, the time says nothing


def _skip_key(plan_id: int) -> str:
    return f"practice-skipped-{plan_id}"


def _exercise_context(item: PlanItem, exercise: Exercise | None, *, key: str = "", started: str = "") -> dict:
    """What the exercise form needs; `key` (the attempt's idempotency key) and `started` come back with it."""
    return {
        "item": item, "exercise": exercise, "key": key or uuid.uuid4().hex, "started": started or int(time.time()),
        "instruction": content.instruction(exercise) if exercise else "",
        "input": content.answer_input(exercise) if exercise else "",
        "choices": list(enumerate(exercise.choices)) if exercise else [],
    }


@login_required
def practice(request):
    student = own_student(request.user)
    if request.method == "POST":
        return _answer(request, student)
    plan = selectors.current_study_plan(student)
    skipped = request.session.get(_skip_key(plan.pk), 0) if plan else 0
    step = reads.next_item(student, plan, skipped=skipped)
    context = {"student": student, "step": step, "answered_today": reads.answered_today(student)}
    if step.item is not None:
        context |= _exercise_context(step.item, reads.exercise_for_item(student, step.item))
    return render(request, "practice.html", context)


@login_required
@require_POST
def practice_skip(request):
    """Move past the current item without answering (its skill has no exercise, say)."""
    student = own_student(request.user)
    plan = selectors.current_study_plan(student)
    if plan is not None and str(plan.pk) == request.POST.get("plan"):
        request.session[_skip_key(plan.pk)] = request.session.get(_skip_key(plan.pk), 0) + 1
    return redirect("practice")


def _duration(started: str) -> float | None:
    if not started.isdigit():
        return None
    seconds = time.time() - int(started)
    return seconds if 0 <= seconds <= MAX_DURATION_SECONDS else None


def _answer(request, student: Student):
    post = request.POST
    item = reads.student_plan_item(student, post.get("item", ""))
    exercise = reads.item_exercise(item, post.get("exercise", "")) if item else None
    key = post.get("key", "")
    if item is None or exercise is None or not re.fullmatch(r"[0-9a-f]{32}", key):
        return render(request, "practice.html", {
            "student": student, "step": None,
            "error": _("This answer does not match an exercise of your plan, so it was not recorded."),
        }, status=400)
    context = {"student": student, "step": reads.NextItem(item.plan, item, item.position, item.plan.items.count()),
               "answered_today": reads.answered_today(student)}
    context |= _exercise_context(item, exercise, key=key, started=post.get("started", ""))
    given = post.get("answer", "").strip()
    if not given:
        return render(request, "practice.html", context | {"error": _("Write an answer first.")})
    result = answer_check(exercise, given)
    if not result.readable:
        return render(request, "practice.html", context | {"error": result.message, "given": given})
    return _record(request, student, exercise, result, given, context)


def _record(request, student: Student, exercise: Exercise, result, given: str, context: dict):
    try:
        attempt, created = services.attempt_record(
            student=student, exercise=exercise, correct=result.correct, source=AttemptSource.WEB,
            duration_seconds=_duration(request.POST.get("started", "")),
            idempotency_key=f"practice:{student.pk}:{context['key']}",
        )
    except ValidationError:
        return render(request, "practice.html", context | {
            "error": _("This answer could not be recorded; please try the next exercise.")}, status=400)
    return render(request, "practice.html", context | {
        "feedback": result, "correct": attempt.correct, "given_display": _given_display(exercise, given),
        "recorded_before": not created,
    })


def _given_display(exercise: Exercise, given: str) -> str:
    choices = [str(c) for c in exercise.choices]
    return choices[int(given)] if given.isdigit() and int(given) < len(choices) else given
