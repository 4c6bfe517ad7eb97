"""Work a teacher assigns a classroom, or a group of its students, with a due date: set, changed and archived by
the classroom's teachers (or staff). Once the change is committed the plans of every student it concerns (before
and after it) are regenerated, so that each makes room for the work before its date (`services.plans`)."""
from __future__ import annotations

import datetime as dt
from typing import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from learners.models import Assignment, Classroom, Exercise, Skill, Student
from learners.selectors import assignments as selected
from learners.selectors.dashboards import classroom_skills
from learners.selectors.practice import answerable
from learners.selectors.rosters import enrolled_ids
from learners.services.plans import plans_regenerate

MASTERY_RANGE = (0.5, 0.99)  # a chance of success to reach, when one is asked


def _check_may(classroom: Classroom, by) -> None:
    if not (by.is_staff or classroom.teachers.filter(user=by).exists()):
        raise PermissionDenied(_("Only the classroom's teachers (or staff) may set its assignments."))


def _check(*, classroom: Classroom, skill: Skill, due_on: dt.date, students: list[Student],
           exercises: list[Exercise], items: int, mastery: float | None, due_kept: bool = False) -> None:
    """Every problem at once, by field; `due_kept`: the due date is unchanged, so it may be past."""
    errors = {}
    if skill not in classroom_skills(classroom):
        errors["skill"] = _("%(skill)s is not a skill of %(classroom)s's course.") % {
            "skill": skill, "classroom": classroom}
    elif not answerable().filter(Q(classroom__isnull=True) | Q(classroom=classroom), skill=skill).exists():
        errors["skill"] = _("%(skill)s has no exercise to practise here yet: write one first.") % {"skill": skill}
    if due_on < timezone.localdate() and not due_kept:
        errors["due_on"] = _("The due date %(date)s is in the past: choose today or a later day.") % {
            "date": formats.date_format(due_on, "SHORT_DATE_FORMAT")}
    enrolled = set(enrolled_ids(classroom).values_list("student_id", flat=True))
    outside = sorted(str(s) for s in students if s.pk not in enrolled)
    if outside:
        errors["students"] = _("Not in %(classroom)s: %(names)s.") % {"classroom": classroom,
                                                                      "names": ", ".join(outside)}
    usable = set(answerable().filter(Q(classroom__isnull=True) | Q(classroom=classroom), skill=skill,
                                     pk__in=[e.pk for e in exercises]).values_list("pk", flat=True))
    foreign = sorted(e.pk for e in exercises if e.pk not in usable)
    if foreign:
        errors["exercises"] = _("Exercises %(ids)s are not exercises of %(skill)s that this classroom can use.") % {
            "ids": ", ".join(f"#{pk}" for pk in foreign), "skill": skill}
    if not 1 <= items <= Assignment.MAX_ITEMS:
        errors["items"] = _("Choose between 1 and %(n)d exercises.") % {"n": Assignment.MAX_ITEMS}
    if mastery is not None and not MASTERY_RANGE[0] <= mastery <= MASTERY_RANGE[1]:
        errors["mastery"] = _("The chance of success to reach is between %(low)d%% and %(high)d%%.") % {
            "low": round(100 * MASTERY_RANGE[0]), "high": round(100 * MASTERY_RANGE[1])}
    if errors:
        raise ValidationError(errors)


def _regenerate_on_commit(assignment: Assignment, before: Iterable[int] = ()) -> None:
    """Once committed, the plans of the students it concerns now, and of those it concerned before the change."""
    ids = set(before) | set(selected.targets([assignment])[assignment.pk])
    transaction.on_commit(lambda: plans_regenerate(student_ids=ids))


@transaction.atomic
def assignment_create(*, classroom: Classroom, skill: Skill, due_on: dt.date, by, students: Iterable[Student] = (),
                      exercises: Iterable[Exercise] = (), items: int = 5, mastery: float | None = None,
                      note: str = "") -> Assignment:
    """Assign `items` exercises of `skill` (or the listed `exercises`, then as many as they are), and a chance of
    success to reach when `mastery` is given, to the classroom's `students` (none: the whole class) by `due_on`."""
    _check_may(classroom, by)
    students, exercises = list(students), list(exercises)
    items = len(exercises) or items
    _check(classroom=classroom, skill=skill, due_on=due_on, students=students, exercises=exercises, items=items,
           mastery=mastery)
    assignment = Assignment.objects.create(classroom=classroom, skill=skill, due_on=due_on, items=items,
                                           mastery=mastery, note=note.strip()[:200], created_by=by)
    assignment.students.set(students)
    assignment.exercises.set(exercises)
    _regenerate_on_commit(assignment)
    return assignment


@transaction.atomic
def assignment_update(*, assignment: Assignment, by, skill: Skill, due_on: dt.date, students: Iterable[Student],
                      exercises: Iterable[Exercise] = (), items: int = 5, mastery: float | None = None,
                      note: str = "") -> Assignment:
    """Change an open assignment (what was already done for it still counts); a due date left as it was may be
    past."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    _check_may(assignment.classroom, by)
    if assignment.archived:
        raise ValidationError(_("This assignment is archived: it can no longer be changed."))
    students, exercises = list(students), list(exercises)
    items = len(exercises) or items
    _check(classroom=assignment.classroom, skill=skill, due_on=due_on, students=students, exercises=exercises,
           items=items, mastery=mastery, due_kept=due_on == assignment.due_on)
    before = selected.targets([assignment])[assignment.pk]
    assignment.skill, assignment.due_on, assignment.items, assignment.mastery = skill, due_on, items, mastery
    assignment.note = note.strip()[:200]
    assignment.save()
    assignment.students.set(students)
    assignment.exercises.set(exercises)
    _regenerate_on_commit(assignment, before)
    return assignment


@transaction.atomic
def assignment_archive(*, assignment: Assignment, by) -> Assignment:
    """Archive an assignment: plans stop making room for it; its record and standings stay readable."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    _check_may(assignment.classroom, by)
    if not assignment.archived:
        assignment.archived_at = timezone.now()
        assignment.save(update_fields=["archived_at", "updated_at"])
        _regenerate_on_commit(assignment)
    return assignment
