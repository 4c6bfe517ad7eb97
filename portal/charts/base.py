from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field, replace

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
    figure_json: str  # Plotly's JSON (data + layout + narrow), escaped for a <script> element
    headers: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)
    summary: str = ""  # one sentence in words for screen readers and for an empty chart
    empty: bool = False  # no data: the page shows `summary` instead of a blank figure
    height: int = 360
    csv_url: str = ""  # where its data downloads as CSV (set by the page's view: see `downloadable`)

    @property
    def data_id(self) -> str:
        return f"{self.dom_id}-data"


def chart(figure: go.Figure, *, dom_id: str, title: str, headers: list[str], rows: list[list],
          summary: str = "", empty: bool = False, height: int = 360) -> Chart:
    """Give a figure the site's look (title, font, margins, height), its phone layout (`narrow`, see
    `phone_layout`) and pair it with its table. The look is merged into the figure's JSON, not set through
    plotly's validating updates (several times faster)."""
    spec = figure.to_plotly_json()
    layout = spec["layout"]
    for key, value in _site_layout(title, height).items():
        layout[key] = value if key in ("title", "height") else _merged(value, layout.get(key))
    for key in {"xaxis", "yaxis", *(k for k in layout if k.startswith(("xaxis", "yaxis")))}:
        layout[key] = _merged(AXIS, layout.get(key) or {})  # a new dict: AXIS itself must stay as it is
    _tick_days(spec["data"], layout)
    if not empty:
        spec["narrow"] = phone_layout(spec["data"], layout)
    return Chart(dom_id=dom_id, title=title, figure_json=_script_safe(pio.to_json(spec, validate=False)),
                 headers=headers, rows=rows, summary=summary, empty=empty, height=height)


def downloadable(chart: Chart, url: str) -> Chart:
    """The chart with a link to its data as CSV (portal/views/exports.py), unless it is empty."""
    return chart if chart.empty else replace(chart, csv_url=url)


def empty_chart(*, dom_id: str, title: str, summary: str, headers: list[str] | None = None,
                rows: list[list] | None = None) -> Chart:
    """A chart with nothing to draw yet: its summary says what will fill it (a table may still have rows)."""
    return chart(go.Figure(), dom_id=dom_id, title=title, headers=headers or [], rows=rows or [], summary=summary,
                 empty=True)


AXIS = {"gridcolor": "#e5e7eb", "zeroline": False, "automargin": True}


DAY_MS = 24 * 3600 * 1000
FEW_DAYS = 7
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")  # a day, or the start of a moment


def _tick_days(data: list[dict], layout: dict) -> None:
    """An axis of days (dates without a time) spanning less than FEW_DAYS is ticked once a day, with half a
    day of room at either end, and its bars are most of a day wide (plotly would tick hours and draw a lone
    bar one millisecond wide)."""
    for key in [k for k in layout if k.startswith(("xaxis", "yaxis"))]:
        axis, values = layout[key], _values_on(data, key)
        if not values or "range" in axis or "dtick" in axis or not all(
                isinstance(v, str) and _DATE.fullmatch(v) for v in values):
            continue
        days = sorted({dt.datetime.fromisoformat(v) for v in values})
        if (days[-1] - days[0]).days >= FEW_DAYS:
            continue
        half_day = dt.timedelta(hours=12)
        layout[key] = axis | {"type": "date", "dtick": DAY_MS,
                              "range": [(days[0] - half_day).isoformat(), (days[-1] + half_day).isoformat()]}
        for trace in _traces_on(data, key):
            if trace.get("type") == "bar" and "width" not in trace:
                trace["width"] = DAY_MS * 4 // 5


def _site_layout(title: str, height: int) -> dict:
    return {
        "title": {"text": title, "x": 0, "xanchor": "left", "y": 1, "yanchor": "top", "yref": "container",
                  "pad": {"t": 10}, "font": {"size": 16}},
        "font": {"family": FONT, "size": 13}, "height": height, "margin": {"l": 60, "r": 20, "t": 50, "b": 50},
        "paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff", "colorway": COLOURS,
        "legend": {"orientation": "h", "y": -0.3, "x": 0},
    }


# The phone layout. static/js/charts.js draws a chart with it when the chart's box is narrower than
# NARROW_BELOW_PX; its texts are wrapped for a plot about 300 px wide (a 360 px screen less the page's padding),
# in columns: a Latin letter is one column, a Chinese character two.
NARROW_BELOW_PX = 640
TITLE_COLUMNS, AXIS_TITLE_COLUMNS, TICK_COLUMNS, LEGEND_COLUMNS = 38, 30, 16, 40
TICK_LINES = 3  # a longer category label ends in "…" (its hover text and the chart's table have it whole)
LINE_PX = {"title": 18, "tick": 13, "legend": 15}
NARROW_FONT, NARROW_TICK_FONT, NARROW_TITLE_FONT = 11, 11, 14
NARROW_NTICKS = 6
PLOT_WIDTH_PX = 300


def phone_layout(data: list[dict], layout: dict) -> dict:
    """What changes on a narrow screen: {"below": px, "layout": a patch merged over the layout, "data": one
    patch per trace}. Smaller fonts and margins, the title and long labels wrapped onto lines, fewer ticks on
    value axes, the legend under the plot, no drag-to-zoom (a finger on the chart scrolls the page), and the
    extra height all that needs."""
    title, title_lines = wrap(layout["title"]["text"], TITLE_COLUMNS)
    patch = {
        # plotly sets a title of several lines 10 px higher than one of a single line: out of the drawing
        "title": {"text": title, "font": {"size": NARROW_TITLE_FONT}, "pad": {"t": 10 if title_lines == 1 else 20}},
        "font": {"size": NARROW_FONT},
        "margin": {"l": 8, "r": 16, "t": 34 + LINE_PX["title"] * title_lines, "b": 16},
        "dragmode": False,
    }
    extra_px = LINE_PX["title"] * (title_lines - 1)
    categories = _category_labels(data, layout)
    for key in sorted(k for k in layout if k.startswith(("xaxis", "yaxis"))):
        patch[key], axis_px = _axis_patch(key, layout[key], categories.get(key), data, layout["height"])
        extra_px += axis_px
    names = [wrap(t["name"], LEGEND_COLUMNS) if _in_legend(t, data) else None for t in data]
    if any(names):
        patch["legend"] = {"orientation": "h", "x": 0, "xref": "container", "xanchor": "left",
                           "y": 0, "yref": "container", "yanchor": "bottom", "font": {"size": NARROW_FONT}}
        extra_px += _legend_px([name for name in names if name])
    patch["height"] = layout["height"] + extra_px
    return {"below": NARROW_BELOW_PX, "layout": patch,
            "data": [{"name": name[0]} if name else {} for name in names]}


def _axis_patch(key: str, axis: dict, labels: list[str] | None, data: list[dict], height: int) -> tuple[dict, int]:
    """One axis's phone patch and the height it adds: category labels wrapped (y) or kept short (x) unless
    the builder gave its own, fewer ticks on a value axis, a horizontal axis title wrapped."""
    patch = {"tickfont": {"size": NARROW_TICK_FONT}}
    extra_px = 0
    horizontal = key.startswith("xaxis")
    title = (axis.get("title") or {}).get("text")
    if title and horizontal:
        text, lines = wrap(title, AXIS_TITLE_COLUMNS)
        patch["title"] = {"text": text}
        extra_px += 14 * (lines - 1)
    if "ticktext" in axis:  # the builder's own labels, made to fit
        pass
    elif labels:
        lines = TICK_LINES if not horizontal else 2
        wrapped = [wrap(label, TICK_COLUMNS, lines=lines) for label in labels]
        patch |= {"tickmode": "array", "tickvals": labels, "ticktext": [text for text, _n in wrapped]}
        if not horizontal:
            extra_px += _category_rows_px(len(labels), max(n for _t, n in wrapped), _bars_per_category(data, key),
                                          height)
    elif axis.get("type") != "date":
        patch["nticks"] = NARROW_NTICKS
        if isinstance(axis.get("dtick"), (int, float)):
            numbers = [v for v in _values_on(data, key) if isinstance(v, (int, float))]
            patch["dtick"] = _coarser_dtick(axis["dtick"], numbers)
    return patch, extra_px


def _coarser_dtick(dtick: float, values: list[float]) -> float:
    """A multiple of `dtick` that leaves at most NARROW_NTICKS steps across `values`."""
    if not values:
        return dtick
    steps = (max(values) - min(values)) / dtick
    return dtick * max(1, -(-int(steps) // NARROW_NTICKS))


def _traces_on(data: list[dict], key: str) -> list[dict]:
    """The traces drawn along one axis ("xaxis", "yaxis2", ...)."""
    return [t for t in data if _axis_key(t.get(f"{key[0]}axis", key[0])) == key]


def _values_on(data: list[dict], key: str) -> list:
    """Every value the traces draw along one axis."""
    return [v for t in _traces_on(data, key) for v in (t.get(key[0]) if t.get(key[0]) is not None else ())]


def _category_labels(data: list[dict], layout: dict) -> dict[str, list[str]]:
    """Axis key ("xaxis", "yaxis2", ...) -> the text categories drawn along it, in order of appearance."""
    found: dict[str, list[str]] = {}
    for trace in data:
        for letter in ("x", "y"):
            values = trace.get(letter)
            if values is None or len(values) == 0:
                continue
            key = _axis_key(trace.get(f"{letter}axis", letter))
            if layout.get(key, {}).get("type") == "date" or not all(isinstance(v, str) for v in values):
                continue
            if _DATE.match(values[0]):  # dates are not categories
                continue
            seen = found.setdefault(key, [])
            seen += [v for v in dict.fromkeys(values) if v not in seen]
    return found


def _axis_key(ref: str) -> str:
    """A trace's axis reference ("x", "y2") as its layout key ("xaxis", "yaxis2")."""
    return f"{ref[0]}axis{ref[1:]}"


def _bars_per_category(data: list[dict], key: str) -> int:
    return max(1, sum(1 for t in _traces_on(data, key) if t.get("type") == "bar"))


def _category_rows_px(n: int, label_lines: int, bars: int, height: int) -> int:
    """The height a chart must grow by for each of its n categories to have room for a wrapped label (or for
    its bars side by side): nothing when the plot already has it."""
    row_px = max(label_lines * LINE_PX["tick"] + 8, bars * 12 + 8)
    plot_px = height - 110  # the desktop layout's margins and title
    return max(0, n * row_px - plot_px)


def _in_legend(trace: dict, data: list[dict]) -> bool:
    if trace.get("showlegend") is False or not trace.get("name"):
        return False
    return trace.get("showlegend") is True or sum(1 for t in data if t.get("showlegend") is not False) > 1


def _legend_px(names: list[tuple[str, int]]) -> int:
    """The legend's height on a phone: its entries packed in rows across the plot's width."""
    rows_px, row_width, row_lines = 0, 0, 0
    for text, lines in names:
        width = 40 + 6 * max(_columns(line) for line in text.split("<br>"))
        if row_width and row_width + width > PLOT_WIDTH_PX:
            rows_px += LINE_PX["legend"] * row_lines + 4
            row_width, row_lines = 0, 0
        row_width += width
        row_lines = max(row_lines, lines)
    return rows_px + LINE_PX["legend"] * row_lines + 24


def wrap(text: str, columns: int, *, lines: int = 0) -> tuple[str, int]:
    """`text` on lines of at most `columns` columns joined by Plotly's <br>, and how many lines: broken
    between words (or between Chinese characters, or inside a word too long for a line); with `lines`, at
    most that many, the last one ending in "…" when the text goes on."""
    out: list[str] = []
    line = ""
    for piece in _pieces(text):  # each piece starts with a letter and may end in spaces
        if line and _columns((line + piece).rstrip()) > columns:
            out.append(line.rstrip())
            line = piece
        else:
            line += piece
        while _columns(line.rstrip()) > columns:  # one word longer than a line
            head, line = _split_at(line, columns)
            out.append(head)
    if line.strip():
        out.append(line.rstrip())
    if lines and len(out) > lines:
        out = out[:lines - 1] + [_split_at(out[lines - 1], columns - 1)[0].rstrip() + "…"]
    return "<br>".join(out), max(1, len(out))


def _pieces(text: str) -> list[str]:
    """Where a line may break: after each run of spaces, and around every wide (Chinese...) character."""
    pieces: list[str] = []
    for character in text.strip():
        wide = _char_columns(character) == 2
        if wide or not pieces or _char_columns(pieces[-1][-1]) == 2 or (pieces[-1][-1].isspace()
                                                                         and not character.isspace()):
            pieces.append(character)
        else:
            pieces[-1] += character
    return pieces


def _split_at(text: str, columns: int) -> tuple[str, str]:
    """The longest head of `text` within `columns` columns (at least one character), and the rest."""
    used = 0
    for n, character in enumerate(text):
        used += _char_columns(character)
        if used > columns and n:
            return text[:n], text[n:]
    return text, ""


def _columns(text: str) -> int:
    return sum(_char_columns(c) for c in text)


def _char_columns(character: str) -> int:
    return 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1


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


def points(p: float) -> str:
    """A difference of chances in percentage points, as a number: 0.05 -> "5"."""
    return f"{100 * p:.0f}"
