"""Downloads as CSV: a classroom's attempts, mastery table and plans (its teachers and staff only), and the data
of every chart of the teacher's and the student's pages, rebuilt as the page builds it (a student: their own)."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.contrib.auth.decorators import login_required
from django.http import Http404, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify

from learners.csv_export import csv_lines
from learners.selectors import dashboards, exports
from learners.selectors.progress import student_progress
from portal.access import own_student, taught_classroom, taught_skill, taught_student
from portal.charts import teacher as teacher_charts
from portal.charts.base import Chart
from portal.charts.student import PROGRESS_CHARTS
from portal.views.student import progress_charts
from portal.views.teacher_classroom import skill_charts


def csv_download(lines: Iterator[str], name: str, fallback: str, what: str) -> StreamingHttpResponse:
    """The lines streamed as `<name's slug>-<what>-<today>.csv` (a name with no Latin letters: `fallback`)."""
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    filename = f"{slugify(name)[:60] or fallback}-{what}-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def chart_download(charts: Iterable[Chart], chart: str, name: str, fallback: str) -> StreamingHttpResponse:
    """The table that is the chart's text alternative (its data, as the page shows it) as CSV; 404 for a
    chart the page does not have, or one with nothing to show."""
    found = next((c for c in charts if c.dom_id == chart and not c.empty), None)
    if found is None:
        raise Http404
    return csv_download(csv_lines(found.headers, found.rows), name, fallback, chart)


@login_required
def classroom_table(request, classroom_id: int, table: str):
    room = taught_classroom(request.user, classroom_id)
    if table not in exports.TABLES:
        raise Http404
    headers, rows = exports.TABLES[table](room)
    return csv_download(csv_lines(headers, rows), room.name, f"classroom-{room.pk}", table)


@login_required
def classroom_chart(request, classroom_id: int, chart: str):
    room = taught_classroom(request.user, classroom_id)
    return chart_download([teacher_charts.cohort_scatter(*dashboards.cohort_map(room))], chart, room.name,
                          f"classroom-{room.pk}")


@login_required
def skill_chart(request, classroom_id: int, skill_id: int, chart: str):
    room, skill = taught_skill(request.user, classroom_id, skill_id)
    return chart_download(skill_charts(dashboards.skill_report(room, skill)).values(), chart,
                          f"{room.name} {skill.name}", f"classroom-{room.pk}-skill-{skill.pk}")


def _progress_chart_known(chart: str) -> None:
    """404 before a student's progress is built (building it keeps past days' snapshots)."""
    if chart not in PROGRESS_CHARTS:
        raise Http404


@login_required
def my_progress_chart(request, chart: str):
    student = own_student(request.user)
    _progress_chart_known(chart)
    return chart_download(progress_charts(student_progress(student)).values(), chart, str(student),
                          f"student-{student.pk}")


@login_required
def student_chart(request, student_id: int, chart: str):
    student = taught_student(request.user, student_id)
    _progress_chart_known(chart)
    return chart_download(progress_charts(student_progress(student), for_teacher=True).values(), chart,
                          str(student), f"student-{student.pk}")
