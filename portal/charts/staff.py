"""Charts of the staff Models page: versions' validation AUC over time, a run's learning curve."""
from __future__ import annotations

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from portal.charts.base import COLOURS, Chart, chart, empty_chart


def versions_auc(versions: list) -> Chart:
    """Each version's validation AUC by the time it was made, one marker colour per status."""
    title = _("Validation AUC of each model version")
    headers = [_("Version"), _("Status"), _("Created"), _("Validation AUC")]
    ordered = sorted(versions, key=lambda v: v.created_at)
    rows = [[f"v{v.pk}", v.get_status_display(), v.created_at.strftime("%Y-%m-%d %H:%M"),
             "–" if v.valid_auc is None else f"{v.valid_auc:.4f}"] for v in ordered]
    scored = [v for v in ordered if v.valid_auc is not None]
    if not scored:
        return empty_chart(dom_id="versions-auc", title=title, headers=headers, rows=rows,
                           summary=_("No version has been validated yet."))
    figure = go.Figure(go.Scatter(x=[v.created_at.isoformat() for v in scored], y=[v.valid_auc for v in scored],
                                  mode="lines", line={"color": "#cbd5e1"}, showlegend=False, hoverinfo="skip"))
    for n, status in enumerate(sorted({v.status for v in scored})):
        members = [v for v in scored if v.status == status]
        figure.add_trace(go.Scatter(
            x=[v.created_at.isoformat() for v in members], y=[v.valid_auc for v in members], mode="markers",
            name=members[0].get_status_display(), text=[f"v{v.pk}" for v in members],
            marker={"size": 10, "color": COLOURS[n % len(COLOURS)]}, hovertemplate="%{text}: %{y:.4f}<extra></extra>"))
    figure.update_xaxes(title_text=_("Created"), type="date")
    low = min(v.valid_auc for v in scored)
    figure.update_yaxes(title_text=_("Validation AUC"), tickformat=".2f", range=[min(0.5, low - 0.02), 1.0])
    best = max(scored, key=lambda v: v.valid_auc)
    return chart(figure, dom_id="versions-auc", title=title, headers=headers, rows=rows, height=320,
                 summary=_("%(n)d versions; the best, v%(v)s, has %(auc).4f.")
                 % {"n": len(scored), "v": best.pk, "auc": best.valid_auc})


def learning_curve(run) -> Chart:
    """Training loss and validation AUC per epoch of one run."""
    title = _("Training run %(run)s, epoch by epoch") % {"run": run.pk}
    history = run.history or []
    headers = [_("Epoch"), _("Loss"), _("Validation AUC")]
    rows = [[h.get("epoch"), f"{h.get('loss', 0):.4f}", f"{h.get('valid_auc', 0):.4f}"] for h in history]
    if not history:
        return empty_chart(dom_id="learning-curve", title=title, headers=headers, rows=rows,
                           summary=_("This run has not finished an epoch yet."))
    epochs = [h.get("epoch") for h in history]
    figure = go.Figure([
        go.Scatter(x=epochs, y=[h.get("loss") for h in history], name=_("Loss"), mode="lines+markers",
                   line={"color": COLOURS[1]}),
        go.Scatter(x=epochs, y=[h.get("valid_auc") for h in history], name=_("Validation AUC"), yaxis="y2",
                   mode="lines+markers", line={"color": COLOURS[0]}),
    ])
    figure.update_layout(yaxis={"title": {"text": _("Loss")}},
                         yaxis2={"title": {"text": _("Validation AUC")}, "overlaying": "y", "side": "right",
                                 "showgrid": False})
    figure.update_xaxes(title_text=_("Epoch"), dtick=1)
    return chart(figure, dom_id="learning-curve", title=title, headers=headers, rows=rows, height=300,
                 summary=_("%(n)d epochs; last validation AUC %(auc).4f.")
                 % {"n": len(history), "auc": history[-1].get("valid_auc") or 0})
