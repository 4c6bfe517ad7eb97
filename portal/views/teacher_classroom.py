"""A teacher's pages about one classroom: overview heatmap, needs attention, cohorts, one skill."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from learners.models import Classroom, Skill
from learners.selectors import dashboards
from learners.selectors.content import exercise_counts
from learners.services import prerequisites
from portal.access import taught_classroom, taught_skill
from portal.charts import teacher as charts
from portal.charts.base import Chart, downloadable, percent, points
from portal.forms import OverviewFilterForm, PrerequisiteForm


@login_required
def classroom(request, classroom_id: int):
    room = taught_classroom(request.user, classroom_id)
    skills = dashboards.classroom_skills(room)
    form = OverviewFilterForm(request.GET or None, skills=skills, cohorts=dashboards.classroom_cohorts(room))
    choice = form.cleaned_data if form.is_valid() else {}  # a filter it cannot use: the whole class, and why
    overview = dashboards.class_overview(
        room, all_skills=skills, cohort=choice.get("cohort"), skill_ids=[s.pk for s in choice.get("skills") or []],
        sort=choice.get("sort") or "name")
    labels = dashboards.status_labels()
    _add_display_text(overview.students)
    return render(request, "teacher/overview.html", {
        "classroom": room, "tab": "overview", "form": form, "overview": overview,
        "status_counts": [(status, labels[status], overview.counts[status]) for status in dashboards.STATUSES],
        "skill_rows": _skill_rows(room, overview), "filters": _filter_options(form, choice, skills),
        "heatmap": downloadable(charts.mastery_heatmap(overview),  # its data: the mastery table
                                reverse("classroom-export", args=[room.pk, "mastery"])),
        "thresholds": _thresholds(),
    }, status=400 if form.errors else 200)


def _thresholds() -> dict[str, str]:
    """The dashboards' thresholds as the pages say them (each defined once, in `learners.selectors.dashboards`)."""
    return {"on_track": percent(dashboards.ON_TRACK), "at_risk": percent(dashboards.AT_RISK),
            "falling": points(dashboards.FALLING), "falling_days": str(dashboards.FALLING_DAYS),
            "cohort_difference": points(dashboards.COHORT_DIFFERENCE)}


def _skill_rows(room: Classroom, overview: dashboards.Overview) -> list[tuple[str, str, str]]:
    """(name, url, class mean as text) per skill, weakest first."""
    ranked = sorted(zip(overview.skills, overview.skill_means), key=lambda t: (t[1] is None, t[1] or 0))
    return [(skill.name, reverse("classroom-skill", args=[room.pk, skill.pk]), percent(mean)) for skill, mean in ranked]


def _filter_options(form: OverviewFilterForm, choice: dict, skills: list[Skill]) -> dict:
    """The filter form's choices with what is selected, for a plain template loop (Django's widget templates
    take tens of milliseconds for 110 skills)."""
    chosen_skills = {s.pk for s in choice.get("skills") or []}
    return {
        "sort": [(value, label, value == (choice.get("sort") or "name")) for value, label in form.fields["sort"].choices],
        "cohort": [(value, label, value == choice.get("cohort") or (value == "" and choice.get("cohort") is None))
                   for value, label in form.fields["cohort"].choices],
        "skills": [(skill.pk, skill.name, skill.pk in chosen_skills) for skill in skills],
    }


def _add_display_text(rows: list[dashboards.StudentRow]) -> None:
    """Each row's numbers as text, formatted here: for 200 rows it is several times faster than template tags
    (and one URL reversed for all rows, not one each)."""
    url = reverse("student-plan", args=[0]).replace("/0/", "/{}/")
    for row in rows:
        row.now_text, row.forecast_text = percent(row.goal_now), percent(row.forecast)
        row.last_text = formats.date_format(timezone.localtime(row.last_attempt), "SHORT_DATE_FORMAT") \
            if row.last_attempt else "–"
        row.url = url.format(row.pk)


@login_required
def attention(request, classroom_id: int):
    room = taught_classroom(request.user, classroom_id)
    students = dashboards.needs_attention(room)
    _add_display_text([a.student for a in students])
    return render(request, "teacher/attention.html", {
        "classroom": room, "tab": "attention", "students": students,
        "inactive_days": dashboards.INACTIVE_DAYS, "thresholds": _thresholds(),
    })


@login_required
def cohorts(request, classroom_id: int):
    room = taught_classroom(request.user, classroom_id)
    dots, summaries = dashboards.cohort_map(room)
    return render(request, "teacher/cohorts.html", {
        "classroom": room, "tab": "cohorts", "cohorts": [c for c in summaries if c.members],
        "map": downloadable(charts.cohort_scatter(dots, summaries),
                           reverse("classroom-chart", args=[room.pk, "cohort-map"])), "thresholds": _thresholds(),
    })


@login_required
def skill(request, classroom_id: int, skill_id: int):
    room, chosen = taught_skill(request.user, classroom_id, skill_id)
    form = PrerequisiteForm(request.POST or None, skill=chosen)
    if request.method == "POST" and form.is_valid():
        try:
            prerequisites.skill_prerequisite_set(school=room.school, skill=chosen,
                                                 prerequisite=form.cleaned_data["prerequisite"],
                                                 required=form.cleaned_data["action"] == "add", by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Prerequisites saved; plans use them from their next regeneration."))
            return redirect("classroom-skill", classroom_id=room.pk, skill_id=chosen.pk)
    report = dashboards.skill_report(room, chosen)
    own_exercises, bank_exercises = exercise_counts(room, chosen)
    return render(request, "teacher/skill.html", {
        "classroom": room, "tab": "overview", "report": report, "form": form,
        "own_exercises": own_exercises, "bank_exercises": bank_exercises,
    } | {key: downloadable(chart, reverse("classroom-skill-chart", args=[room.pk, chosen.pk, chart.dom_id]))
         for key, chart in skill_charts(report).items()})


def skill_charts(report: dashboards.SkillReport) -> dict[str, Chart]:
    """The skill page's two charts, by their key in the template."""
    return {"history": charts.skill_history(report), "spread": charts.skill_spread(report)}
