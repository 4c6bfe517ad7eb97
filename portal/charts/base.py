from __future__ import annotations

from dataclasses import dataclass, field

import plotly.graph_objects as go
import plotly.io as pio

FONT = 'system-ui, -apple-system, "Segoe UI", "Noto Sans SC", sans-serif'
COLOURS = ["#2563eb", "#f59e0b", "#10b981", "#ef4444", "#8b5cf6", "#0891b2", "#db2777", "#65a30d"]
MASTERY_SCALE = [[0.0, "#b91c1c"], [0.5, "#fde68a"], [0.8, "#86efac"], [1.0, "#15803d"]]


@dataclass(frozen=True)
class Chart:
    """A figure ready for the page: the Plotly JSON, its title, and the same data as a table."""

    dom_id: str
    title: str
    figure_json: str  # Plotly's JSON (data + layout), escaped for a <script> element
    headers: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)
    summary: str = ""  # one sentence in words for screen readers and for an empty chart
    empty: bool = False  # no data: the page shows `summary` instead of a blank figure
    height: int = 360

    @property
    def data_id(self) -> str:
        return f"{self.dom_id}-data"


def chart(figure: go.Figure, *, dom_id: str, title: str, headers: list[str], rows: list[list],
          summary: str = "", empty: bool = False, height: int = 360) -> Chart:
    """Give a figure the site's look (title, font, margins, height) and pair it with its table. The look is
    merged into the figure's JSON, not set through plotly's validating updates (several times faster)."""
    spec = figure.to_plotly_json()
    layout = spec["layout"]
    for key, value in _site_layout(title, height).items():
        layout[key] = value if key in ("title", "height") else _merged(value, layout.get(key))
    for key in {"xaxis", "yaxis", *(k for k in layout if k.startswith(("xaxis", "yaxis")))}:
        layout[key] = _merged(AXIS, layout.get(key))
    return Chart(dom_id=dom_id, title=title, figure_json=_script_safe(pio.to_json(spec, validate=False)),
                 headers=headers, rows=rows, summary=summary, empty=empty, height=height)


def empty_chart(*, dom_id: str, title: str, summary: str, headers: list[str] | None = None,
                rows: list[list] | None = None) -> Chart:
    """A chart with nothing to draw yet: its summary says what will fill it (a table may still have rows)."""
    return chart(go.Figure(), dom_id=dom_id, title=title, headers=headers or [], rows=rows or [], summary=summary,
                 empty=True)


AXIS = {"gridcolor": "#e5e7eb", "zeroline": False, "automargin": True}


def _site_layout(title: str, height: int) -> dict:
    return {
        "title": {"text": title, "x": 0, "xanchor": "left", "y": 1, "yanchor": "top", "yref": "container",
                  "pad": {"t": 10}, "font": {"size": 16}},
        "font": {"family": FONT, "size": 13}, "height": height, "margin": {"l": 60, "r": 20, "t": 50, "b": 50},
        "paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff", "colorway": COLOURS,
        "legend": {"orientation": "h", "y": -0.3, "x": 0},
    }


def _merged(default, own):
    """`own` over `default`, dicts merged key by key."""
    if isinstance(default, dict) and isinstance(own, dict):
        return {**default, **{k: _merged(default.get(k), v) for k, v in own.items()}}
    return default if own is None else own


def _script_safe(text: str) -> str:
    """JSON that cannot end its <script> element early (as Django's json_script escapes it)."""
    return text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")


def percent(p: float | None) -> str:
    return "–" if p is None else f"{100 * p:.0f}%"
