"""A classroom's data as tables for CSV: its students' attempts, the mastery table (students by skills, the
overview's numbers) and the current plans. Each is (headers, rows), rows an iterable of lists of plain values
(`learners.csv_export` writes them); the caller has already checked that the user may see the classroom."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np

from learners.csv_export import decimal_text
from learners.models import Attempt, Classroom, PlanItem, PlanReason, Skill
from learners.selectors import dashboards, rosters

Table = tuple[list[str], Iterable[list]]
STUDENT_ORDER = ("student__display_name", "student__external_id", "student_id")  # the overview's order
CHUNK = 2000  # attempts read from the database at a time
STUDENT_FIELDS = ("student__display_name", "student__external_id", "student__user__username", "student_id")


def _name(display_name: str, external_id: str | None, username: str | None, pk: int) -> str:
    """A student's name as `Student.__str__` says it, from values already read."""
    return display_name or username or external_id or f"student {pk}"


def attempts_table(classroom: Classroom) -> Table:
    """One row per attempt of the classroom's students, by student then time; read in chunks as written."""
    headers = ["student", "student_id", "external_id", "skill_code", "skill", "exercise_id", "correct", "score",
               "submitted_at", "duration_seconds", "hints_used", "source"]
    rows = (Attempt.objects.filter(student__in=rosters.enrolled_ids(classroom))
            .order_by(*STUDENT_ORDER, "submitted_at", "pk")
            .values_list(*STUDENT_FIELDS, "skill__code", "skill__name", "exercise_id", "correct", "score",
                         "submitted_at", "duration_seconds", "hints_used", "source"))
    return headers, _attempt_rows(rows.iterator(chunk_size=CHUNK))


def _attempt_rows(rows: Iterable[tuple]) -> Iterator[list]:
    for display_name, external_id, username, pk, code, skill, exercise, correct, score, when, *rest in rows:
        yield [_name(display_name, external_id, username, pk), pk, external_id, code, skill, exercise, correct,
               score, when.isoformat(), *rest]


def mastery_table(classroom: Classroom) -> Table:
    """The overview's heatmap as a table: a row per student (the overview's order), a column per skill of
    P(success) now (3 decimals, empty where unknown), then the goal skills' mean now and after the plan, and the
    status (on_track, watch, at_risk, no_model)."""
    overview = dashboards.class_overview(classroom)
    headers = ["student", "student_id", *_skill_headers(overview.skills), "goal_now", "goal_after_plan", "status"]
    rows = [[row.name, row.pk, *(decimal_text(None if np.isnan(p) else float(p)) for p in mastery),
             decimal_text(row.goal_now), decimal_text(row.forecast), row.status]
            for row, mastery in zip(overview.students, overview.mastery)]
    return headers, rows


def _skill_headers(skills: list[Skill]) -> list[str]:
    """Each skill's name, with its code where another skill has the same name."""
    names = [s.name for s in skills]
    return [f"{s.name} ({s.code})" if names.count(s.name) > 1 else s.name for s in skills]


def plans_table(classroom: Classroom) -> Table:
    """Every item of the current plan of each student of the classroom, as the teacher sees it: session and
    position counted from 1, the reason in words, the predicted P(success), done and pinned."""
    headers = ["student", "student_id", "plan", "session", "position", "skill_code", "skill", "reason",
               "p_success", "done", "pinned"]
    reasons = dict(PlanReason.choices)
    items = (PlanItem.objects.filter(plan__is_current=True, plan__student__in=rosters.enrolled_ids(classroom))
             .order_by(*(f"plan__{f}" for f in STUDENT_ORDER), "position")
             .values_list(*(f"plan__{f}" for f in STUDENT_FIELDS), "plan__number", "session", "position",
                          "skill__code", "skill__name", "reason", "p_success", "done", "pinned"))
    rows = [[_name(d, e, u, pk), pk, number, session + 1, position + 1, code, skill, str(reasons.get(reason, reason)),
             decimal_text(p), done, pinned]
            for d, e, u, pk, number, session, position, code, skill, reason, p, done, pinned in items]
    return headers, rows


TABLES = {"attempts": attempts_table, "mastery": mastery_table, "plans": plans_table}
