"""Figures drawn by the server as SVG: a small drawing API (`Svg`) and a coordinate plane (`Plane`).

A figure scales to its container (the page's CSS caps it at the screen's width), carries its text
alternative as `aria-label` and `<title>`, and uses presentation attributes only (no style, no script).
"""
from __future__ import annotations

import math
from html import escape

INK = "#1f2937"
MUTED = "#6b7280"
GRID = "#d1d5db"
# Okabe-Ito: told apart by readers with any common colour-vision deficiency.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
MAX_PLANE_PX = 300  # the widest (and tallest) grid of a coordinate plane, margins aside


def with_minus_signs(text: str) -> str:
    """A label with typographic minus signs (U+2212) for its hyphens: -3 -> −3."""
    return text.replace("-", "\u2212")


def _n(value: float) -> str:
    """A coordinate, short: 12, 12.5, 12.35."""
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


class Svg:
    """An SVG drawing in a `width` x `height` box (units: CSS pixels at full size; y grows downwards)."""

    def __init__(self, width: int, height: int, *, alt: str):
        if not alt.strip():
            raise ValueError("a figure needs a text alternative")
        self.width, self.height, self.alt = width, height, alt.strip()
        self.parts: list[str] = []

    def _stroke(self, color: str, width: float, dashed: bool) -> str:
        dash = ' stroke-dasharray="6 4"' if dashed else ""
        return f'stroke="{color}" stroke-width="{_n(width)}"{dash}'

    def line(self, x1: float, y1: float, x2: float, y2: float, *, color: str = INK, width: float = 2,
             dashed: bool = False) -> None:
        self.parts.append(f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" '
                          f'{self._stroke(color, width, dashed)} stroke-linecap="round"/>')

    def polyline(self, points: list[tuple[float, float]], *, color: str = INK, width: float = 2,
                 dashed: bool = False) -> None:
        coordinates = " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
        self.parts.append(f'<polyline points="{coordinates}" fill="none" {self._stroke(color, width, dashed)} '
                          f'stroke-linejoin="round"/>')

    def polygon(self, points: list[tuple[float, float]], *, fill: str = "none", color: str = INK,
                width: float = 2, dashed: bool = False, opacity: float = 1) -> None:
        coordinates = " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
        fade = f' fill-opacity="{_n(opacity)}"' if opacity < 1 else ""
        self.parts.append(f'<polygon points="{coordinates}" fill="{fill}"{fade} '
                          f'{self._stroke(color, width, dashed)} stroke-linejoin="round"/>')

    def rect(self, x: float, y: float, width: float, height: float, *, fill: str = "none", color: str = INK,
             stroke_width: float = 1.5, opacity: float = 1) -> None:
        fade = f' fill-opacity="{_n(opacity)}"' if opacity < 1 else ""
        self.parts.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="{_n(height)}" '
                          f'fill="{fill}"{fade} {self._stroke(color, stroke_width, False)}/>')

    def circle(self, cx: float, cy: float, r: float, *, fill: str = "none", color: str = INK, width: float = 2,
               opacity: float = 1) -> None:
        fade = f' fill-opacity="{_n(opacity)}"' if opacity < 1 else ""
        self.parts.append(f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(r)}" fill="{fill}"{fade} '
                          f'{self._stroke(color, width, False)}/>')

    def dot(self, cx: float, cy: float, *, color: str = INK, r: float = 4.5) -> None:
        self.circle(cx, cy, r, fill=color, color=color, width=1)

    def path(self, d: str, *, fill: str = "none", color: str = INK, width: float = 2, dashed: bool = False,
             opacity: float = 1) -> None:
        fade = f' fill-opacity="{_n(opacity)}"' if opacity < 1 else ""
        self.parts.append(f'<path d="{escape(d)}" fill="{fill}"{fade} {self._stroke(color, width, dashed)} '
                          f'stroke-linejoin="round"/>')

    def text(self, x: float, y: float, label: str, *, size: float = 14, anchor: str = "middle",
             color: str = INK, bold: bool = False, italic: bool = False) -> None:
        """`label` centred vertically on y; anchor: start, middle or end."""
        weight = ' font-weight="bold"' if bold else ""
        slant = ' font-style="italic"' if italic else ""
        self.parts.append(f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}" text-anchor="{anchor}" '
                          f'dominant-baseline="central" fill="{color}"{weight}{slant}>{escape(str(label))}</text>')

    def arrow(self, x1: float, y1: float, x2: float, y2: float, *, color: str = INK, width: float = 2,
              head: float = 9) -> None:
        """A line from (x1, y1) with an arrowhead at (x2, y2)."""
        self.line(x1, y1, x2, y2, color=color, width=width)
        angle = math.atan2(y2 - y1, x2 - x1)
        left = (x2 - head * math.cos(angle - 0.4), y2 - head * math.sin(angle - 0.4))
        right = (x2 - head * math.cos(angle + 0.4), y2 - head * math.sin(angle + 0.4))
        self.polygon([(x2, y2), left, right], fill=color, color=color, width=1)

    def angle_arc(self, cx: float, cy: float, start_degrees: float, end_degrees: float, *, r: float = 22,
                  color: str = INK, width: float = 1.5) -> None:
        """An arc marking the angle at (cx, cy) from one direction to another, counter-clockwise as seen
        on the page (angles in degrees, 0 = to the right, 90 = up)."""
        sweep = (end_degrees - start_degrees) % 360
        if abs(sweep - 90) < 1e-9:  # a right angle: the little square
            a, b = math.radians(start_degrees), math.radians(end_degrees)
            s = r * 0.6
            p1 = (cx + s * math.cos(a), cy - s * math.sin(a))
            p3 = (cx + s * math.cos(b), cy - s * math.sin(b))
            p2 = (p1[0] + p3[0] - cx, p1[1] + p3[1] - cy)
            self.polyline([p1, p2, p3], color=color, width=width)
            return
        a, b = math.radians(start_degrees), math.radians(start_degrees + sweep)
        x1, y1 = cx + r * math.cos(a), cy - r * math.sin(a)
        x2, y2 = cx + r * math.cos(b), cy - r * math.sin(b)
        large = 1 if sweep > 180 else 0
        self.path(f"M {_n(x1)} {_n(y1)} A {_n(r)} {_n(r)} 0 {large} 0 {_n(x2)} {_n(y2)}", color=color, width=width)

    def render(self) -> str:
        alt = escape(self.alt)
        return (f'<svg xmlns="http://www.w3.org/2000/svg" class="figure" viewBox="0 0 {self.width} {self.height}" '
                f'width="{self.width}" height="{self.height}" role="img" aria-label="{alt}" '
                f'font-family="{escape(FONT)}"><title>{alt}</title>{"".join(self.parts)}</svg>')


class Plane:
    """A coordinate plane from (xmin, ymin) to (xmax, ymax) with its grid, axes and numbered ticks; drawing
    methods take coordinates in the plane's units."""

    def __init__(self, xmin: int, xmax: int, ymin: int, ymax: int, *, alt: str, unit: int = 24,
                 label_every: int = 1, grid: bool = True, x_label: str = "x", y_label: str = "y",
                 step: float = 1):
        self.xmin, self.xmax, self.ymin, self.ymax, self.step = xmin, xmax, ymin, ymax, step
        # pixels per unit of the plane: a grid square of `unit` px, smaller where the plane would be wider than
        # MAX_PLANE_PX (a phone then shows the figure near its full size, its labels readable)
        self.unit = min(unit, MAX_PLANE_PX * step / max(xmax - xmin, ymax - ymin)) / step
        self.margin = 28
        width = int((xmax - xmin) * self.unit + 2 * self.margin)
        height = int((ymax - ymin) * self.unit + 2 * self.margin)
        self.svg = Svg(width, height, alt=alt)
        self._draw_frame(grid, label_every, x_label, y_label)

    def px(self, x: float, y: float) -> tuple[float, float]:
        return (self.margin + (x - self.xmin) * self.unit, self.margin + (self.ymax - y) * self.unit)

    def _ticks(self, lo: float, hi: float) -> list[float]:
        count = int(round((hi - lo) / self.step))
        return [lo + i * self.step for i in range(count + 1)]

    def _draw_frame(self, grid: bool, label_every: int, x_label: str, y_label: str) -> None:
        xs, ys = self._ticks(self.xmin, self.xmax), self._ticks(self.ymin, self.ymax)
        if grid:
            for x in xs:
                self.svg.line(*self.px(x, self.ymin), *self.px(x, self.ymax), color=GRID, width=1)
            for y in ys:
                self.svg.line(*self.px(self.xmin, y), *self.px(self.xmax, y), color=GRID, width=1)
        origin_y = min(max(0, self.ymin), self.ymax)
        origin_x = min(max(0, self.xmin), self.xmax)
        left, right = self.px(self.xmin, origin_y), self.px(self.xmax, origin_y)
        self.svg.arrow(left[0] - 10, left[1], right[0] + 12, right[1], width=1.5, head=7)
        bottom, top = self.px(origin_x, self.ymin), self.px(origin_x, self.ymax)
        self.svg.arrow(bottom[0], bottom[1] + 10, top[0], top[1] - 12, width=1.5, head=7)
        self.svg.text(right[0] + 14, right[1] - 12, x_label, size=13, italic=True)
        self.svg.text(top[0] + 14, top[1] - 8, y_label, size=13, italic=True)
        every = label_every * self.step
        for x in xs:
            if x != origin_x and _multiple(x, every):
                px, py = self.px(x, origin_y)
                self.svg.line(px, py - 3, px, py + 3, width=1)
                self.svg.text(px, py + 12, _label(x), size=11, color=MUTED)
        for y in ys:
            if y != origin_y and _multiple(y, every):
                px, py = self.px(origin_x, y)
                self.svg.line(px - 3, py, px + 3, py, width=1)
                self.svg.text(px - 6, py, _label(y), size=11, color=MUTED, anchor="end")
        if self.xmin <= 0 <= self.xmax and self.ymin <= 0 <= self.ymax:
            px, py = self.px(0, 0)
            self.svg.text(px - 6, py + 11, "0", size=11, color=MUTED, anchor="end")

    def point(self, x: float, y: float, label: str = "", *, color: str = PALETTE[0], dx: float = 8,
              dy: float = -12) -> None:
        px, py = self.px(x, y)
        self.svg.dot(px, py, color=color)
        if label:
            self.svg.text(px + dx, py + dy, label, size=13, color=color, anchor="start", bold=True)

    def segment(self, p: tuple[float, float], q: tuple[float, float], *, color: str = PALETTE[0],
                width: float = 2.5, dashed: bool = False) -> None:
        self.svg.line(*self.px(*p), *self.px(*q), color=color, width=width, dashed=dashed)

    def polygon(self, points: list[tuple[float, float]], *, color: str = PALETTE[0], fill: str = PALETTE[0],
                opacity: float = 0.15, dashed: bool = False) -> None:
        self.svg.polygon([self.px(x, y) for x, y in points], fill=fill, color=color, opacity=opacity,
                         dashed=dashed, width=2.5)

    def line(self, slope: float, intercept: float, *, color: str = PALETTE[0], width: float = 2.5,
             label: str = "") -> None:
        """The line y = slope x + intercept, clipped to the plane."""
        self.curve(lambda x: slope * x + intercept, color=color, width=width, samples=2, label=label)

    def vertical(self, x: float, *, color: str = PALETTE[0], width: float = 2.5) -> None:
        self.segment((x, self.ymin), (x, self.ymax), color=color, width=width)

    def curve(self, f, *, color: str = PALETTE[0], width: float = 2.5, samples: int = 120,
              label: str = "") -> None:
        """y = f(x) across the plane, cut where it leaves it."""
        runs: list[list[tuple[float, float]]] = [[]]
        xs = [self.xmin + (self.xmax - self.xmin) * i / (samples - 1) for i in range(samples)]
        if samples == 2:  # a straight line: clip it exactly
            xs = _clipped_xs(f, self.xmin, self.xmax, self.ymin, self.ymax)
        for x in xs:
            y = f(x)
            if self.ymin - 1e-9 <= y <= self.ymax + 1e-9:
                runs[-1].append(self.px(x, y))
            elif runs[-1]:
                runs.append([])
        for run in runs:
            if len(run) >= 2:
                self.svg.polyline(run, color=color, width=width)
        if label and runs[0]:
            end = max((p for run in runs for p in run), key=lambda p: p[0])
            self.svg.text(end[0] - 4, end[1] - 12, label, size=13, color=color, anchor="end", bold=True)

    def render(self) -> str:
        return self.svg.render()


class SvgChart:
    """A graph of data or of a relationship in the first quadrant: grid lines with their numbers from (x_lo, y_lo)
    to (x_hi, y_hi), the two axes and their titles, in a `width` x `height` box whose plotting area runs from
    `left` to `right` and from `top` down to `bottom` (pixels). Drawing methods take the graph's units."""

    def __init__(self, width: int, height: int, *, x_axis: tuple[int, int, int], y_axis: tuple[int, int, int],
                 x_title: str, y_title: str, alt: str, left: float = 62, right: float | None = None,
                 top: float = 40, bottom: float | None = None):
        (self.x_lo, self.x_hi, x_step), (self.y_lo, self.y_hi, y_step) = x_axis, y_axis
        self.left, self.right = left, width - 20 if right is None else right
        self.top, self.bottom = top, height - 64 if bottom is None else bottom
        self.svg = Svg(width, height, alt=alt)
        for x in range(self.x_lo, self.x_hi + 1, x_step):
            self.svg.line(*self.px(x, self.y_lo), *self.px(x, self.y_hi), color=GRID, width=1)
            self.svg.text(self.px(x, self.y_lo)[0], self.bottom + 14, str(x), size=12, color=MUTED)
        for y in range(self.y_lo, self.y_hi + 1, y_step):
            self.svg.line(*self.px(self.x_lo, y), *self.px(self.x_hi, y), color=GRID, width=1)
            self.svg.text(self.left - 8, self.px(self.x_lo, y)[1], str(y), size=12, color=MUTED, anchor="end")
        self.svg.line(self.left, self.bottom, self.right + 6, self.bottom, width=1.5)
        self.svg.line(self.left, self.bottom, self.left, self.top - 6, width=1.5)
        self.svg.text(12, 16, y_title, size=13, anchor="start", bold=True)
        self.svg.text((self.left + self.right) / 2, self.bottom + 36, x_title, size=13, bold=True)

    def px(self, x: float, y: float) -> tuple[float, float]:
        x, y = float(x), float(y)
        return (self.left + (x - self.x_lo) / (self.x_hi - self.x_lo) * (self.right - self.left),
                self.bottom - (y - self.y_lo) / (self.y_hi - self.y_lo) * (self.bottom - self.top))

    def line(self, slope: float, intercept: float, *, color: str = PALETTE[0], width: float = 2.5) -> None:
        """The line y = slope x + intercept, clipped to the graph."""
        slope, intercept = float(slope), float(intercept)
        xs = _clipped_xs(lambda x: slope * x + intercept, self.x_lo, self.x_hi, self.y_lo, self.y_hi)
        if xs:
            (x1, y1), (x2, y2) = (self.px(x, slope * x + intercept) for x in xs)
            self.svg.line(x1, y1, x2, y2, color=color, width=width)

    def broken_line(self, points: list[tuple[float, float]], *, color: str = PALETTE[0], width: float = 3) -> None:
        self.svg.polyline([self.px(x, y) for x, y in points], color=color, width=width)

    def dot(self, x: float, y: float, *, color: str = PALETTE[0], r: float = 4.5) -> None:
        self.svg.dot(*self.px(x, y), color=color, r=r)

    def render(self) -> str:
        return self.svg.render()


class NumberLine:
    """A number line from `lo` in `ticks` equal steps of `step`, with an arrow at each end and a longer, labelled
    mark at every `label_every`-th tick; `label(value)` writes a label. `x(value)` is where a value lies."""

    def __init__(self, lo, step, ticks: int, *, alt: str, label_every: int = 1, label=str, width: int = 480,
                 height: int = 112, y: float = 64, margin: float = 36):
        self.lo, self.step, self.y = lo, step, y
        self.left, right = margin, width - margin
        self.spacing = (right - self.left) / ticks
        self.svg = Svg(width, height, alt=alt)
        middle = (self.left + right) / 2
        self.svg.arrow(middle, y, right + 24, y, width=2, head=9)
        self.svg.arrow(middle, y, self.left - 24, y, width=2, head=9)
        for i in range(ticks + 1):
            x = self.left + i * self.spacing
            major = i % label_every == 0
            self.svg.line(x, y - (10 if major else 6), x, y + (10 if major else 6), width=2 if major else 1.5)
            if major:
                self.svg.text(x, y + 27, with_minus_signs(label(lo + i * step)), size=14)

    def x(self, value) -> float:
        return self.left + float((value - self.lo) / self.step) * self.spacing

    def render(self) -> str:
        return self.svg.render()


def _clipped_xs(f, xmin: float, xmax: float, ymin: float, ymax: float) -> list[float]:
    """The two ends, in x, of the straight line y = f(x) inside the box ([] if it misses the box)."""
    y0, y1 = f(xmin), f(xmax)
    if y0 == y1:
        return [xmin, xmax] if ymin <= y0 <= ymax else []
    slope = (y1 - y0) / (xmax - xmin)
    lo = max(xmin, min((ymin - y0) / slope + xmin, (ymax - y0) / slope + xmin))
    hi = min(xmax, max((ymin - y0) / slope + xmin, (ymax - y0) / slope + xmin))
    return [lo, hi] if lo < hi else []


def _multiple(value: float, every: float) -> bool:
    ratio = value / every
    return abs(ratio - round(ratio)) < 1e-9


def _label(value: float) -> str:
    return str(int(round(value))) if abs(value - round(value)) < 1e-9 else _n(value)
