"""The student's Practice page: the next item of their plan, one exercise, an answer, immediate feedback."""
import time

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from learners.selectors import practice as reads
from learners.services import plans as plan_services
from learners.services import attempts
from learners.services.practice import practice_skip_record
from learners.answers import AnswerResult, answer_check, answer_input, choice_given, instruction, normalized
from learners.models import AnswerKind, AttemptSource, Exercise, PlanItem, Student
from portal.access import own_student
from portal.practice_keys import KeyRefused, practice_key_idempotency, practice_key_issue
from portal.ratelimit import answer_allowed

MAX_DURATION_SECONDS = 3 * 3600  # longer than this: the page was left open, the time says nothing


def _exercise_context(student: Student, item: PlanItem, exercise: Exercise | None, *, key: str = "",
                      started: str = "") -> dict:
    """What the exercise form needs; `key` (signed by the server, see portal.practice_keys) and `started` come
    back with it."""
    if not key and exercise is not None:
        key = practice_key_issue(student, item, exercise)
    return {
        "item": item, "exercise": exercise, "key": key, "started": started or int(time.time()),
        "instruction": instruction(exercise) if exercise else "",
        "input": answer_input(exercise) if exercise else "",
        "choices": list(enumerate(exercise.choices)) if exercise else [],
    }


@login_required
def practice(request):
    student = own_student(request.user)
    if request.method == "POST":
        return _answer(request, student)
    step = reads.next_item(student, plan_services.plan_of_today(student=student))
    context = {"student": student, "step": step, "answered_today": reads.answered_today(student)}
    if step.item is not None:
        context |= _exercise_context(student, step.item, reads.exercise_for_item(student, step.item))
    return render(request, "practice.html", context)


@login_required
@require_POST
def practice_skip(request):
    """Move past the current item's skill for today, whatever plan comes next."""
    student = own_student(request.user)
    item = reads.student_plan_item(student, request.POST.get("item", ""))
    if item is not None:
        practice_skip_record(student=student, skill=item.skill)
    return redirect("practice")


def _duration(started: str) -> float | None:
    moment = reads.small_number(started)
    if moment is None:
        return None
    seconds = time.time() - moment
    return seconds if 0 <= seconds <= MAX_DURATION_SECONDS else None


def _refused(request, student: Student, error: str, status: int = 400):
    return render(request, "practice.html", {"student": student, "step": None, "error": error}, status=status)


def _answer(request, student: Student):
    if not answer_allowed(student):
        return _refused(request, student, _(
            "You have sent a lot of answers in the last minute, so this one was not recorded. Wait a minute, then "
            "go on."), status=429)
    post = request.POST
    item = reads.student_plan_item(student, post.get("item", ""))
    exercise = reads.item_exercise(item, post.get("exercise", ""), student) if item else None
    key = post.get("key", "")
    try:
        if item is None or exercise is None:
            raise KeyRefused()
        idempotency_key = practice_key_idempotency(key, student, item, exercise)
    except KeyRefused as refused:
        return _refused(request, student, _(
            "This exercise page is too old, so the answer was not recorded. Open Practice again for a fresh one."
        ) if refused.expired else _("This answer does not match an exercise of your plan, so it was not recorded."))
    context = {"student": student, "step": reads.NextItem(item.plan, item, item.position, item.plan.items.count())}
    context |= _exercise_context(student, item, exercise, key=key, started=post.get("started", ""))
    given = post.get("answer", "")
    result = answer_check(exercise, given)
    if not result.readable:
        return render(request, "practice.html", context | {
            "error": result.message, "given": given.strip()[:200], "answered_today": reads.answered_today(student)})
    # Everything the confirmation shows is made before the attempt is stored: nothing is stored unless the page
    # that confirms it can be shown.
    shown = {"feedback": result, "given_display": _given_display(exercise, given)}
    return _record(request, student, exercise, result, context | shown, idempotency_key=idempotency_key)


def _record(request, student: Student, exercise: Exercise, result, context: dict, *, idempotency_key: str):
    try:
        attempt, created = attempts.attempt_record(
            student=student, exercise=exercise, correct=result.correct, source=AttemptSource.WEB,
            duration_seconds=_duration(request.POST.get("started", "")),
            idempotency_key=idempotency_key, answer_text=context.get("given_display") or "",
        )
    except ValidationError:
        return render(request, "practice.html", context | {
            "feedback": None, "answered_today": reads.answered_today(student),
            "error": _("This answer could not be recorded; please try the next exercise.")}, status=400)
    if not created:  # the same form sent again: what counts is what was recorded the first time
        context["feedback"] = AnswerResult(attempt.correct, result.expected,
                                           _("Correct!") if attempt.correct else _("Not quite."))
        context["given_display"] = ""
    return render(request, "practice.html", context | {
        "correct": attempt.correct, "recorded_before": not created, "answered_today": reads.answered_today(student),
    })


def _given_display(exercise: Exercise, given: str) -> str:
    if exercise.answer_kind == AnswerKind.CHOICE:
        return choice_given(exercise.choices, normalized(given)) or given.strip()
    return given.strip()
