"""Charts of a teacher's pages: the class heatmap, the cohort map, one skill's history and spread."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from django.utils.translation import gettext as _

from learners.selectors.dashboards import CohortSummary, Overview, SkillReport
from portal.charts.base import COLOURS, MASTERY_SCALE, Chart, chart, empty_chart, percent

ROW_PX = 20  # heatmap height per student
COLUMN_PX = 16  # heatmap width per skill when the skills would not fit the page with every label
LABEL_CHARS = 24  # a skill's name on the axis is cut to this many characters (the full name is in the hover)
FIT_WIDTH = 900  # about the width a card gives a chart on a laptop


def short_label(name: str, limit: int = LABEL_CHARS) -> str:
    """`name` in at most `limit` characters: its first and last words around an ellipsis (the end of a
    skill's name is often what tells it from its neighbours: "Addition and … Fractions", "… Integers")."""
    if len(name) <= limit:
        return name
    words = name.split()
    tail_room = limit - 3 - min(len(words[0]), limit // 2)  # leave room for (most of) the first word
    tail: list[str] = []
    while len(words) > len(tail) + 1 and len(" ".join([words[-1 - len(tail)], *tail])) <= tail_room:
        tail.insert(0, words[-1 - len(tail)])
    if not tail:
        return name[:limit - 1].rstrip() + "…"
    room = limit - len(" ".join(tail)) - 3
    head: list[str] = []
    while len(head) < len(words) - len(tail) and len(" ".join([*head, words[len(head)]])) <= room:
        head.append(words[len(head)])
    if not head:
        return f"{words[0][:room]}… {' '.join(tail)}"
    return f"{' '.join(head)} … {' '.join(tail)}"


def _short_labels(names: list[str], limit: int = LABEL_CHARS) -> list[str]:
    """Each name shortened; where two would read the same, their beginnings instead, else numbered."""
    labels = [short_label(n, limit) for n in names]
    for shorten in (lambda n: n if len(n) <= limit else n[:limit - 1].rstrip() + "…", None):
        counts: dict[str, int] = {}
        for label in labels:
            counts[label] = counts.get(label, 0) + 1
        if all(c == 1 for c in counts.values()):
            return labels
        if shorten is not None:
            labels = [shorten(n) if counts[label] > 1 else label for n, label in zip(names, labels)]
    return [label if counts[label] == 1 else _numbered(label, i, limit) for i, label in enumerate(labels)]


def _numbered(label: str, i: int, limit: int) -> str:
    suffix = f" ({i + 1})"
    return label if len(label) + len(suffix) <= limit else label[:limit - len(suffix) - 1].rstrip() + "…" + suffix


def _unique(names: list[str]) -> list[str]:
    """The names, made distinct (a heatmap merges columns of equal names) by numbering repeats."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def _skill_axis(names: list[str]) -> tuple[dict, int | None]:
    """The x-axis that labels every skill column (shortened names, angled as the count needs) and the width
    the figure needs for it (None: the page's width is enough)."""
    many = len(names) > 12
    axis = {"title": {"text": _("Skill")}, "side": "top", "tickmode": "array", "tickvals": names,
            "ticktext": _short_labels(names), "tickangle": -90 if many else -45,
            "tickfont": {"size": 10}, "automargin": True}
    needed = 260 + COLUMN_PX * len(names)
    return axis, (needed if many and needed > FIT_WIDTH else None)


def mastery_heatmap(overview: Overview) -> Chart:
    """Students (rows, in the overview's order) by skills (columns), coloured by P(success) now; every column
    is labelled (the full name in the hover). Its text alternative is the page's table of students (same
    order, with each one's means and status)."""
    title = _("Mastery by student and skill")
    if not overview.students or not overview.skills or not any(r.status != "no_model" for r in overview.students):
        summary = _("No mastery to show yet: it appears once a model is trained and students practise.")
        return empty_chart(dom_id="class-heatmap", title=title, summary=summary)
    names = [r.name for r in overview.students]
    skills = _unique([s.name for s in overview.skills])
    figure = go.Figure(go.Heatmap(
        z=overview.mastery.astype(np.float32), x=skills, y=names,
        zmin=0, zmax=1, colorscale=MASTERY_SCALE, hoverongaps=False, xgap=1, ygap=1,
        colorbar={"title": {"text": _("P(success)")}, "tickformat": ".0%", "thickness": 12},
        hovertemplate="%{y}<br>%{x}: %{z:.0%}<extra></extra>",
    ))
    xaxis, width = _skill_axis(skills)
    figure.update_layout(xaxis=xaxis)
    if width:
        figure.update_layout(width=width)
    figure.update_yaxes(title_text=_("Student"), autorange="reversed", tickfont={"size": 11})
    label_px = 7 * max(len(t) for t in xaxis["ticktext"])  # the angled labels above the columns
    height = max(320, ROW_PX * len(names) + 140 + label_px)
    return chart(figure, dom_id="class-heatmap", title=title, headers=[], rows=[], height=height,
                 summary=_("%(n)d students by %(k)d skills; %(on)d on track. The table of students below "
                           "gives each one's mean on the goal skills now and after the plan, and status.")
                 % {"n": len(names), "k": len(overview.skills), "on": overview.counts["on_track"]})


def cohort_scatter(dots: list[dict], cohorts: list[CohortSummary]) -> Chart:
    """The classroom's students on the first two principal components of their embeddings, by cohort."""
    title = _("Students by how they learn (similar students are close)")
    headers = [_("Student"), _("Cohort"), _("Goal skills now (mean)")]
    label = {c.index: _("Cohort %(n)s") % {"n": c.index + 1} for c in cohorts}
    rows = [[d["student"].name, label.get(d["student"].cohort, "–"), percent(d["student"].goal_now)]
            for d in dots]
    if len(dots) < 2:
        return empty_chart(dom_id="cohort-map", title=title, headers=headers, rows=rows,
                           summary=_("The map appears once at least two students of this classroom have a model."))
    figure = go.Figure()
    groups = sorted({d["student"].cohort for d in dots}, key=lambda c: (c is None, c or 0))
    for n, cohort in enumerate(groups):
        members = [d for d in dots if d["student"].cohort == cohort]
        figure.add_trace(go.Scatter(
            x=[d["x"] for d in members], y=[d["y"] for d in members], mode="markers",
            name=label.get(cohort, _("No cohort")), text=[d["student"].name for d in members],
            marker={"size": 10, "color": COLOURS[n % len(COLOURS)], "line": {"width": 1, "color": "#fff"}},
            hovertemplate="%{text}<extra>%{fullData.name}</extra>",
        ))
    figure.update_xaxes(title_text=_("First direction of difference"), showticklabels=False)
    figure.update_yaxes(title_text=_("Second direction of difference"), showticklabels=False)
    return chart(figure, dom_id="cohort-map", title=title, headers=headers, rows=rows, height=420,
                 summary=_("%(n)d students in %(k)d cohorts.") % {"n": len(dots), "k": len(groups)})


def skill_history(report: SkillReport) -> Chart:
    """Attempts per week (bars) and the share correct (line) on one skill in this classroom."""
    title = _("Practice of %(skill)s by week") % {"skill": report.skill.name}
    headers = [_("Week of"), _("Attempts"), _("Correct")]
    rows = [[week.isoformat(), n, percent(rate)] for week, n, rate in report.weekly]
    if not report.weekly:
        return empty_chart(dom_id="skill-history", title=title, headers=headers, rows=rows,
                           summary=_("No one in this classroom has practised this skill yet."))
    weeks = [w.isoformat() for w, _n, _r in report.weekly]
    figure = go.Figure([
        go.Bar(x=weeks, y=[n for _w, n, _r in report.weekly], name=_("Attempts"), marker_color="#cbd5e1",
               hovertemplate="%{x}: %{y}<extra></extra>"),
        go.Scatter(x=weeks, y=[r for _w, _n, r in report.weekly], name=_("Correct"), yaxis="y2",
                   mode="lines+markers", line={"color": COLOURS[0], "width": 2},
                   hovertemplate="%{x}: %{y:.0%}<extra></extra>"),
    ])
    figure.update_layout(yaxis={"title": {"text": _("Attempts")}},
                         yaxis2={"title": {"text": _("Share correct")}, "overlaying": "y", "side": "right",
                                 "tickmode": "linear", "tick0": 0, "dtick": 0.25,
                                 "range": [0, 1], "tickformat": ".0%", "showgrid": False})
    figure.update_xaxes(title_text=_("Week"))
    return chart(figure, dom_id="skill-history", title=title, headers=headers, rows=rows,
                 summary=_("%(n)d attempts, %(p)s correct.") % {"n": report.attempts, "p": percent(report.correct_rate)})


def skill_spread(report: SkillReport) -> Chart:
    """How many students are at each level of P(success) on the skill."""
    title = _("Where the class stands on %(skill)s") % {"skill": report.skill.name}
    headers = [_("Student"), _("P(success) now")]
    rows = [[row.name, percent(p)] for row, p in report.mastery]
    if not report.mastery:
        return empty_chart(dom_id="skill-spread", title=title, headers=headers, rows=rows,
                           summary=_("No student of this classroom has a model yet."))
    figure = go.Figure(go.Histogram(
        x=[p for _r, p in report.mastery], xbins={"start": 0, "end": 1.0001, "size": 0.1},
        marker_color=COLOURS[0], hovertemplate=_("%{x}: %{y} students") + "<extra></extra>",
    ))
    figure.update_xaxes(title_text=_("P(success) now"), range=[0, 1], tickformat=".0%")
    figure.update_yaxes(title_text=_("Students"))
    return chart(figure, dom_id="skill-spread", title=title, headers=headers, rows=rows, height=300,
                 summary=_("%(n)d students; the weakest first in the table.") % {"n": len(report.mastery)})
