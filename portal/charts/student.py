"""A student's progress charts: mastery per skill with its uncertainty, mastery over time, and the plan
against no plan. Pure functions of `learners.selectors.progress`' data; every number in the tables is a percentage."""
from __future__ import annotations

import plotly.graph_objects as go
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from learners.selectors.progress import GoalForecast, PlanTrajectory, SkillMastery, Timeline
from portal.charts.base import MASTERY_SCALE, Chart, chart, empty_chart, percent

PERCENT_AXIS = {"range": [0, 1], "tickformat": ".0%"}


# The progress page's charts, by their element id (a chart's data downloads under it).
MASTERY_CHART, TIMELINE_CHART, FORECAST_CHART, TRAJECTORY_CHART = (
    "mastery-chart", "mastery-over-time", "plan-forecast", "plan-trajectory")
PROGRESS_CHARTS = (MASTERY_CHART, TIMELINE_CHART, FORECAST_CHART, TRAJECTORY_CHART)


def mastery_chart(skills: list[SkillMastery], *, more: int = 0, dom_id: str = MASTERY_CHART,
                  for_teacher: bool = False) -> Chart:
    """Horizontal bars of P(correct) now per skill, each with its uncertainty band as an error bar.
    for_teacher: the words speak of the student, not to them (as in every builder here)."""
    title = _("Mastery per skill now")
    if not skills:
        summary = (_("Once the student has answered a few exercises, their mastery of each skill appears here.")
                   if for_teacher else _("Answer a few exercises and your mastery of each skill appears here."))
        return empty_chart(dom_id=dom_id, title=title, summary=summary)
    names = [_goal_label(s) for s in skills]
    figure = go.Figure(go.Bar(
        x=[s.mastery for s in skills], y=names, orientation="h", name=_("Chance of a correct answer"),
        marker={"color": [s.mastery for s in skills], "colorscale": MASTERY_SCALE, "cmin": 0, "cmax": 1},
        error_x={"type": "data", "symmetric": False, "array": [s.high - s.mastery for s in skills],
                 "arrayminus": [s.mastery - s.low for s in skills], "color": "#374151"},
        hovertemplate="%{y}: %{x:.0%}<extra></extra>",
    ), layout=_axes(_("Chance of a correct answer, with its likely range"), _("Skill"), x=PERCENT_AXIS,
                    y={"autorange": "reversed"}))
    return chart(figure, dom_id=dom_id, title=title, summary=_mastery_summary(skills, more),
                 height=140 + 26 * len(skills),
                 headers=[_("Skill"), _("Goal"), _("Attempts"), _("Mastery"), _("Likely between")],
                 rows=[[s.name, _("yes") if s.is_goal else _("no"), s.attempts, percent(s.mastery),
                        f"{percent(s.low)} – {percent(s.high)}"] for s in skills])


def _mastery_summary(skills: list[SkillMastery], more: int) -> str:
    strongest = max(skills, key=lambda s: s.mastery)
    weakest = min(skills, key=lambda s: s.mastery)
    summary = ngettext("%(n)d skill.", "%(n)d skills.", len(skills)) % {"n": len(skills)} + " " + _(
        "Strongest: %(best)s (%(best_p)s); weakest: %(worst)s (%(worst_p)s).") % {
        "best": strongest.name, "best_p": percent(strongest.mastery),
        "worst": weakest.name, "worst_p": percent(weakest.mastery)}
    if more:
        summary += " " + ngettext("%(n)d more skill is not shown.", "%(n)d more skills are not shown.", more) % {
            "n": more}
    return summary


def _goal_label(skill: SkillMastery) -> str:
    return f"★ {skill.name}" if skill.is_goal else skill.name


def mastery_over_time_chart(timeline: Timeline | None, *, dom_id: str = TIMELINE_CHART,
                            for_teacher: bool = False) -> Chart:
    """Lines of mean mastery (goal skills, practised skills) and of each weakest goal skill, per practice day."""
    title = _("Mastery over time")
    if timeline is None or not timeline.days:
        summary = (_("Once the student has answered a few exercises, their progress over time appears here.")
                   if for_teacher else _("Answer a few exercises and your progress over time appears here."))
        return empty_chart(dom_id=dom_id, title=title, summary=summary)
    days = [day.isoformat() for day in timeline.days]
    has_goals = any(v is not None for v in timeline.goal_mean)
    lines = [_line(days, timeline.goal_mean, _("Goal skills (mean)"), width=4)] if has_goals else []
    lines.append(_line(days, timeline.practised_mean, _("Skills practised (mean)"), width=4, dash="dot"))
    lines += [_line(days, values, name, width=1.5) for name, values in timeline.goal_lines.items()]
    figure = go.Figure(lines, layout=_axes(_("Day of practice"), _("Chance of a correct answer"),
                                           x={"type": "date"}, y=PERCENT_AXIS))
    first, last = timeline.practised_mean[0], timeline.practised_mean[-1]
    summary = ngettext(
        "Over %(n)d day of practice, mean mastery of the skills practised went from %(a)s to %(b)s.",
        "Over %(n)d days of practice, mean mastery of the skills practised went from %(a)s to %(b)s.",
        len(days)) % {"n": len(days), "a": percent(first), "b": percent(last)}
    headers = [_("Day"), _("Attempts so far"), _("Skills practised (mean)")]
    headers += [_("Goal skills (mean)")] if has_goals else []
    headers += list(timeline.goal_lines)
    rows = [[date_format(day, "SHORT_DATE_FORMAT"), timeline.attempts[i], percent(timeline.practised_mean[i])]
            + ([percent(timeline.goal_mean[i])] if has_goals else [])
            + [percent(values[i]) for values in timeline.goal_lines.values()]
            for i, day in enumerate(timeline.days)]
    return chart(figure, dom_id=dom_id, title=title, headers=headers, rows=rows, summary=summary, height=420)


def _axes(x_title: str, y_title: str, *, x: dict | None = None, y: dict | None = None) -> dict:
    """A layout's two axes with their titles (given in the constructor: each plotly update is slow)."""
    return {"xaxis": {"title": {"text": x_title}, **(x or {})}, "yaxis": {"title": {"text": y_title}, **(y or {})}}


def _line(x, y, name: str, *, width: float, dash: str = "solid") -> dict:
    return {"type": "scatter", "x": x, "y": y, "name": name, "mode": "lines+markers",
            "line": {"width": width, "dash": dash}, "hovertemplate": "%{fullData.name}: %{y:.0%}<extra></extra>"}


def plan_forecast_chart(goals: list[GoalForecast], *, dom_id: str = FORECAST_CHART, limit: int = 15,
                        for_teacher: bool = False) -> Chart:
    """Grouped bars per goal skill: P(success) with no more practice against after the plan (the first
    `limit` goals in the chart, all of them in the table)."""
    title = _("What the plan should achieve")
    if not goals:
        summary = (_("No study plan yet: once the student has one, its forecast appears here.")
                   if for_teacher else _("No study plan yet: once you have one, its forecast appears here."))
        return empty_chart(dom_id=dom_id, title=title, summary=summary)
    shown = goals[:limit]
    names = [g.name for g in shown]
    figure = go.Figure([
        go.Bar(y=names, x=[g.without_plan for g in shown], name=_("With no more practice"), marker_color="#9ca3af",
               orientation="h", hovertemplate="%{y}: %{x:.0%}<extra></extra>"),
        go.Bar(y=names, x=[g.with_plan for g in shown], name=_("After the plan"), marker_color="#2563eb",
               orientation="h", hovertemplate="%{y}: %{x:.0%}<extra></extra>"),
    ], layout={"barmode": "group", **_axes(_("Chance of success"), _("Goal skill"), x=PERCENT_AXIS,
                                           y={"autorange": "reversed"})})
    raised = {"n": sum(1 for g in goals if (g.with_plan or 0) > (g.without_plan or 0)), "total": len(goals)}
    summary = ngettext(
        "The plan is expected to raise the student's chance of success on %(n)d of %(total)d goal skill.",
        "The plan is expected to raise the student's chance of success on %(n)d of %(total)d goal skills.",
        len(goals)) % raised if for_teacher else ngettext(
        "The plan is expected to raise your chance of success on %(n)d of %(total)d goal skill.",
        "The plan is expected to raise your chance of success on %(n)d of %(total)d goal skills.",
        len(goals)) % raised
    return chart(figure, dom_id=dom_id, title=title, summary=summary, height=160 + 34 * len(shown),
                 headers=[_("Goal skill"), _("With no more practice"), _("After the plan")],
                 rows=[[g.name, percent(g.without_plan), percent(g.with_plan)] for g in goals])


def plan_trajectory_chart(trajectory: PlanTrajectory | None, *, dom_id: str = TRAJECTORY_CHART,
                          for_teacher: bool = False) -> Chart:
    """One line per goal skill the plan practises: the expected chance of success after each plan item."""
    title = _("Expected progress along the plan")
    if trajectory is None or not trajectory.lines:
        summary = (_("The expected progress appears here once the student's plan practises a goal skill.")
                   if for_teacher else _("The expected progress appears here once your plan practises a goal skill."))
        return empty_chart(dom_id=dom_id, title=title, summary=summary)
    figure = go.Figure([_line(trajectory.steps, values, name, width=2) for name, values in trajectory.lines.items()],
                       layout=_axes(_("Plan exercises done"), _("Chance of success"),
                                    x={"dtick": max(1, len(trajectory.steps) // 10)}, y=PERCENT_AXIS))
    summary = "; ".join(_("%(skill)s from %(a)s to %(b)s") % {"skill": name, "a": percent(v[0]), "b": percent(v[-1])}
                        for name, v in trajectory.lines.items())
    return chart(figure, dom_id=dom_id, title=title, summary=summary, height=400,
                 headers=[_("Plan exercises done")] + list(trajectory.lines),
                 rows=[[step] + [percent(values[i]) for values in trajectory.lines.values()]
                       for i, step in enumerate(trajectory.steps)])
