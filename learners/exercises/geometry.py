"""Generators of geometry: areas and perimeters of polygons and circles, volumes and surface areas of solids,
nets, the Pythagorean theorem, angles, congruence and similar figures, and transformations of the plane.

Every length, area and volume carries its unit; answers that involve pi are computed with 3.14 (the prompt
says so) and asked rounded to 2 decimal places. Figures are drawn in model coordinates (y upwards) by
`_Canvas`, which scales them into their box.
"""
from __future__ import annotations

import math
import random
from decimal import Decimal, localcontext
from fractions import Fraction

from learners.exercises.figures import INK, MUTED, PALETTE, Plane, Svg
from learners.exercises.problem import (
    Problem, and_list, article, choices_with, decimal_text, fraction_text, generator, latex_fraction, latex_mixed,
    latex_money, linear_text, plural, point_text, signed_term,
)
from learners.exercises.words import NAMES
from learners.models import AnswerForm, AnswerKind

PI = Fraction(314, 100)
PI_NOTE = "Use $3.14$ for $\\pi$."
LENGTHS = ("cm", "m", "in", "ft")
_POWER = {1: "", 2: "²", 3: "³"}
FILL = PALETTE[0]
ACCENT = PALETTE[5]


# -- small helpers ----------------------------------------------------------------------------------------
def _d(value, decimals: int | None = None) -> str:
    """A number as a decimal: 12, 7.5, 0.25 (rounded half up to `decimals` places when given)."""
    return decimal_text(value, decimals)


def _u(unit: str, power: int = 1) -> str:
    """A unit as prose writes it: cm, cm², cm³."""
    return f"{unit}{_POWER[power]}"


def _au(unit: str, power: int = 1) -> str:
    """A unit as the checker names it: cm, cm^2, cm^3."""
    return unit if power == 1 else f"{unit}^{power}"


def _m(value, unit: str = "", power: int = 1) -> str:
    """A measure in a prompt: '$12.5$ cm²'."""
    return f"${_d(value)}$ {_u(unit, power)}".rstrip() if unit else f"${_d(value)}$"


def _half_or_whole(rng: random.Random, lo: int, hi: int, halves: float = 0.25):
    """A whole number from lo to hi, or (with chance `halves`) one and a half more."""
    value = rng.randint(lo, hi)
    return value + Fraction(1, 2) if rng.random() < halves else value


def _shoelace_area(points) -> Fraction:
    total = Fraction(0)
    for (x1, y1), (x2, y2) in zip(points, [*points[1:], points[0]]):
        total += Fraction(x1) * Fraction(y2) - Fraction(x2) * Fraction(y1)
    return abs(total) / 2


def _sqrt_text(n: int, decimals: int) -> str:
    """The square root of n, rounded half up to `decimals` places, exactly."""
    with localcontext() as context:
        context.prec = 60
        return decimal_text(str(Decimal(n).sqrt()), decimals)


# -- drawing ----------------------------------------------------------------------------------------------
class _Canvas:
    """A figure in model coordinates (y upwards), scaled uniformly and centred in a width x height box with
    room for labels around it (pad: top, right, bottom, left)."""

    def __init__(self, points, *, alt: str, width: int = 380, height: int = 250,
                 pad: tuple[int, int, int, int] = (34, 64, 34, 64)):
        top, right, bottom, left = pad
        xs, ys = [float(p[0]) for p in points], [float(p[1]) for p in points]
        span_x, span_y = max(max(xs) - min(xs), 1e-9), max(max(ys) - min(ys), 1e-9)
        self.scale = min((width - left - right) / span_x, (height - top - bottom) / span_y)
        self.x0 = left + (width - left - right - span_x * self.scale) / 2 - min(xs) * self.scale
        self.y0 = top + (height - top - bottom - span_y * self.scale) / 2 + max(ys) * self.scale
        self.svg = Svg(width, height, alt=alt)

    def px(self, p) -> tuple[float, float]:
        return self.x0 + float(p[0]) * self.scale, self.y0 - float(p[1]) * self.scale

    def polygon(self, points, *, fill: str = FILL, opacity: float = 0.12, color: str = INK, dashed: bool = False,
                width: float = 2) -> None:
        self.svg.polygon([self.px(p) for p in points], fill=fill, opacity=opacity, color=color, dashed=dashed,
                         width=width)

    def segment(self, p, q, *, color: str = INK, width: float = 2, dashed: bool = False) -> None:
        self.svg.line(*self.px(p), *self.px(q), color=color, width=width, dashed=dashed)

    def text(self, p, label: str, *, dx: float = 0, dy: float = 0, **kwargs) -> None:
        x, y = self.px(p)
        self.svg.text(x + dx, y + dy, label, **kwargs)

    def edge_label(self, p, q, label: str, outward: tuple[float, float], *, color: str = INK,
                   gap: float = 0) -> None:
        """`label` beside the edge p-q, on the side of the model direction `outward`."""
        (x1, y1), (x2, y2) = self.px(p), self.px(q)
        nx, ny = float(outward[0]), -float(outward[1])
        length = math.hypot(nx, ny) or 1
        nx, ny = nx / length, ny / length
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        if abs(nx) >= 0.5:
            off = 7 + 7 * abs(ny) + gap
            self.svg.text(mx + nx * off, my + ny * off, label, anchor="start" if nx > 0 else "end", color=color)
        else:
            off = 13 + gap
            self.svg.text(mx + nx * off, my + ny * off, label, color=color)

    def side_labels(self, points, labels: dict[int, str], *, color: str = INK) -> None:
        """Labels on the sides of a polygon, outside it: labels[i] goes on the side from points[i] to the next."""
        signed = _signed_area(points)
        for index, label in labels.items():
            p, q = points[index], points[(index + 1) % len(points)]
            dx, dy = float(q[0]) - float(p[0]), float(q[1]) - float(p[1])
            outward = (dy, -dx) if signed > 0 else (-dy, dx)
            self.edge_label(p, q, label, outward, color=color)

    def right_angle(self, vertex, a, b, *, size: float = 11, color: str = INK) -> None:
        """The little square marking a right angle at `vertex` between the directions to a and b."""
        vx, vy = self.px(vertex)
        ux, uy = _unit(self.px(a), (vx, vy))
        wx, wy = _unit(self.px(b), (vx, vy))
        self.svg.polyline([(vx + size * ux, vy + size * uy), (vx + size * (ux + wx), vy + size * (uy + wy)),
                           (vx + size * wx, vy + size * wy)], color=color, width=1.5)

    def angle(self, vertex, a, b, label: str = "", *, r: float = 24, arcs: int = 1, color: str = INK,
              label_color: str | None = None) -> None:
        """An arc (or `arcs` arcs) marking the angle a-vertex-b (the one under 180°), with `label` outside it."""
        start, end = _direction(vertex, a), _direction(vertex, b)
        if (end - start) % 360 > 180:
            start, end = end, start
        cx, cy = self.px(vertex)
        for k in range(arcs):
            self.svg.angle_arc(cx, cy, start, end, r=r + 5 * k, color=color)
        if label:
            middle = math.radians(start + ((end - start) % 360) / 2)
            distance = r + 5 * (arcs - 1) + 8 + 3.6 * len(label)
            self.svg.text(cx + distance * math.cos(middle), cy - distance * math.sin(middle), label,
                          color=label_color or color, size=13)

    def ticks(self, p, q, count: int, *, color: str = INK) -> None:
        """`count` tick marks across the middle of the segment p-q (equal sides)."""
        (x1, y1), (x2, y2) = self.px(p), self.px(q)
        ux, uy = _unit((x2, y2), (x1, y1))
        nx, ny = -uy, ux
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        for k in range(count):
            shift = (k - (count - 1) / 2) * 5
            cx, cy = mx + ux * shift, my + uy * shift
            self.svg.line(cx - nx * 6, cy - ny * 6, cx + nx * 6, cy + ny * 6, color=color, width=1.5)

    def render(self) -> str:
        return self.svg.render()


def _unit(p, origin) -> tuple[float, float]:
    dx, dy = p[0] - origin[0], p[1] - origin[1]
    length = math.hypot(dx, dy) or 1
    return dx / length, dy / length


def _direction(origin, p) -> float:
    """The direction from origin to p in degrees (model coordinates: 0 = right, 90 = up)."""
    return math.degrees(math.atan2(float(p[1]) - float(origin[1]), float(p[0]) - float(origin[0]))) % 360


def _mirrored(points, flip_x: bool, flip_y: bool = False):
    return [(-x if flip_x else x, -y if flip_y else y) for x, y in points]


def _centroid(points) -> tuple[float, float]:
    return (sum(float(p[0]) for p in points) / len(points), sum(float(p[1]) for p in points) / len(points))


def _clamp(value: float, lo: float, hi: float) -> float:
    return max(lo, min(hi, value))


# == areas of polygons ===================================================================================
def _trapezoid_svg(b1, b2, h, d, *, flip: bool, labels: tuple[str, str, str], alt: str) -> str:
    """A trapezoid with bases b1 (bottom) and b2 (top, starting d to the right), drawn with a height that
    keeps it readable; flip turns it upside down. labels: the long base, the short base, the height."""
    drawn = _clamp(float(h), 0.35 * float(b1), 0.75 * float(b1))
    points = [(0, 0), (float(b1), 0), (float(d + b2), drawn), (float(d), drawn)]
    foot_top, foot_bottom = (float(d), drawn), (float(d), 0)
    if flip:
        points = [(float(b1) - x, drawn - y) for x, y in points]
        foot_top, foot_bottom = (float(b1) - float(d), 0), (float(b1) - float(d), drawn)
    canvas = _Canvas(points, alt=alt)
    canvas.polygon(points)
    canvas.side_labels(points, {0: labels[0], 2: labels[1]})
    if d == 0:  # a right trapezoid: its left side is the height
        canvas.side_labels(points, {3: labels[2]})
        canvas.right_angle(points[0], points[1], points[3])
        canvas.right_angle(points[3], points[2], points[0])
    else:
        canvas.segment(foot_top, foot_bottom, dashed=True, width=1.5)
        low = foot_bottom if not flip else foot_top
        high = foot_top if not flip else foot_bottom
        canvas.right_angle(low, (low[0] + 1, low[1]), high)
        canvas.text(((low[0] + high[0]) / 2, (low[1] + high[1]) / 2), labels[2], dx=7, anchor="start")
    return canvas.render()


TRAPEZOID_THINGS = (("garden bed", "m"), ("window pane", "cm"), ("tabletop", "in"), ("patio", "ft"),
                    ("road sign", "cm"), ("field", "m"), ("ramp's side panel", "ft"), ("lawn", "m"))


@generator("area_trapezoid_figure", "Area Trapezoid")
def area_trapezoid_figure(rng: random.Random) -> Problem:
    template = rng.randrange(3)
    unit = rng.choice(LENGTHS)
    thing, name = None, rng.choice(NAMES)
    if template == 2:
        thing, unit = rng.choice(TRAPEZOID_THINGS)
    b1 = rng.randint(8, 22)
    b2 = rng.randint(3, b1 - 3)
    h = _half_or_whole(rng, 3, 14)
    shape = rng.choice(("right", "isosceles", "other"))
    d = 0 if shape == "right" else Fraction(b1 - b2, 2) if shape == "isosceles" else \
        Fraction(rng.randint(1, 2 * (b1 - b2) - 1), 2)
    flip = rng.random() < 0.3
    area = Fraction(b1 + b2) * h / 2
    alt = (f"A trapezoid. Its parallel sides are {_d(b1)} {unit} and {_d(b2)} {unit} long, and the height "
           f"between them is {_d(h)} {unit}.")
    figure = _trapezoid_svg(b1, b2, h, d, flip=flip, alt=alt,
                            labels=(f"{_d(b1)} {unit}", f"{_d(b2)} {unit}", f"{_d(h)} {unit}"))
    prompt = (
        "What is the area of the trapezoid in the figure?",
        f"A trapezoid has parallel sides of {_m(b1, unit)} and {_m(b2, unit)}, and a height of {_m(h, unit)}. "
        f"What is its area?",
        f"{name}'s {thing} is shaped like the trapezoid in the figure. What is the area of the {thing}?",
    )[template]
    return Problem(
        prompt=prompt, answer=_d(area), unit=_au(unit, 2),
        hint="Add the two parallel sides, multiply by the height, then take half.",
        solution=f"$A = \\frac{{1}}{{2}}(b_1 + b_2)h = \\frac{{1}}{{2}}({_d(b1)} + {_d(b2)}) \\times {_d(h)} "
                 f"= {_d(area)}$ {_u(unit, 2)}.",
        figure=figure, figure_alt=alt,
        params={"b1": b1, "b2": b2, "h": h, "d": d},
    )


@generator("area_trapezoid_missing", "Area Trapezoid")
def area_trapezoid_missing(rng: random.Random) -> Problem:
    unit = rng.choice(LENGTHS)
    b1 = rng.randint(7, 20)
    b2 = rng.randint(2, b1 - 2)
    h = rng.randint(2, 12)
    area = Fraction(b1 + b2) * h / 2
    unknown = rng.choice(("h", "b1", "b2"))
    thing = rng.choice(("trapezoid", "trapezoid-shaped garden", "trapezoid-shaped tile", "trapezoid-shaped sign"))
    a_thing = f"{article(thing).capitalize()} {thing}"
    if unknown == "h":
        prompt = (f"{a_thing} has an area of {_m(area, unit, 2)}. Its parallel sides are {_m(b1, unit)} "
                  f"and {_m(b2, unit)} long. What is its height?")
        answer = h
        solution = (f"$A = \\frac{{1}}{{2}}(b_1 + b_2)h$, so $h = \\frac{{2A}}{{b_1 + b_2}} = "
                    f"\\frac{{2 \\times {_d(area)}}}{{{b1 + b2}}} = {h}$ {unit}.")
        labels = (f"{b1} {unit}", f"{b2} {unit}", "?")
    else:
        known, answer = (b2, b1) if unknown == "b1" else (b1, b2)
        prompt = (f"{a_thing} has an area of {_m(area, unit, 2)} and a height of {_m(h, unit)}. One of its "
                  f"parallel sides is {_m(known, unit)} long. How long is the other parallel side?")
        solution = (f"$b_1 + b_2 = \\frac{{2A}}{{h}} = \\frac{{2 \\times {_d(area)}}}{{{h}}} = {b1 + b2}$, so the "
                    f"other side is ${b1 + b2} - {known} = {answer}$ {unit}.")
        labels = ("?" if unknown == "b1" else f"{b1} {unit}", "?" if unknown == "b2" else f"{b2} {unit}",
                  f"{h} {unit}")
    alt = (f"A trapezoid labelled with its measures: long parallel side {labels[0]}, short parallel side "
           f"{labels[1]}, height {labels[2]}. Its area is {_d(area)} {_u(unit, 2)}.").replace("?", "unknown")
    d = Fraction(b1 - b2, 2)
    return Problem(
        prompt=prompt, answer=_d(answer), unit=_au(unit),
        hint="Start from $A = \\frac{1}{2}(b_1 + b_2)h$ and put in what you know.",
        solution=solution,
        figure=_trapezoid_svg(b1, b2, h, d, flip=False, labels=labels, alt=alt), figure_alt=alt,
        params={"area": area, "b1": b1 if unknown != "b1" else None, "b2": b2 if unknown != "b2" else None,
                "h": h if unknown != "h" else None, "unknown": unknown},
    )


# -- rectilinear and composite figures ------------------------------------------------------------------
def _rectilinear_shape(rng: random.Random, kind: str) -> dict:
    """An L, U or T shape: its vertices (counter-clockwise, whole numbers), area and perimeter worked out from
    its rectangles, the sides that carry a label (enough to find the others) and how it splits."""
    if kind == "L":
        w, h = rng.randint(7, 16), rng.randint(6, 14)
        cw, ch = rng.randint(2, w - 3), rng.randint(2, h - 3)
        return {"points": [(0, 0), (w, 0), (w, h - ch), (w - cw, h - ch), (w - cw, h), (0, h)],
                "area": w * h - cw * ch, "perimeter": 2 * (w + h),
                "labelled": [0, 1, 4, 5] if rng.random() < 0.6 else list(range(6)),
                "how": f"a ${w} \\times {h}$ rectangle minus a ${cw} \\times {ch}$ corner",
                "sides": f"the sides across add up to ${w}$ twice and the sides up and down to ${h}$ twice"}
    if kind == "U":
        w, h = rng.randint(9, 18), rng.randint(6, 13)
        nw, nd = rng.randint(2, w - 6), rng.randint(2, h - 2)
        a = rng.randint(2, w - nw - 2)
        return {"points": [(0, 0), (w, 0), (w, h), (a + nw, h), (a + nw, h - nd), (a, h - nd), (a, h), (0, h)],
                "area": w * h - nw * nd, "perimeter": 2 * (w + h) + 2 * nd,
                "labelled": [0, 1, 2, 3, 4, 6],
                "how": f"a ${w} \\times {h}$ rectangle minus a ${nw} \\times {nd}$ notch",
                "sides": f"the outline of the ${w} \\times {h}$ rectangle plus the notch's two sides of ${nd}$"}
    w, t = rng.randint(8, 16), rng.randint(2, 5)
    s, hs = rng.randint(2, w - 4), rng.randint(3, 10)
    a = rng.randint(1, w - s - 1)
    return {"points": [(a, 0), (a + s, 0), (a + s, hs), (w, hs), (w, hs + t), (0, hs + t), (0, hs), (a, hs)],
            "area": w * t + s * hs, "perimeter": 2 * w + 2 * t + 2 * hs,
            "labelled": [0, 1, 3, 4, 6],
            "how": f"a ${w} \\times {t}$ bar plus a ${s} \\times {hs}$ stem",
            "sides": f"the sides across add up to ${w}$ twice, and the sides up and down to ${t}$ twice and "
                     f"${hs}$ twice"}


def _turned(points, quarter_turns: int, flip: bool):
    """The points turned by quarter turns and maybe mirrored (lengths and angles stay)."""
    out = _mirrored(points, flip)
    for _turn in range(quarter_turns):
        out = [(-y, x) for x, y in out]
    return out


def _walk_text(points, unit: str) -> str:
    """Going around a rectilinear figure in words: '12 cm right, 4 cm up, ...'."""
    steps = []
    for (x1, y1), (x2, y2) in zip(points, [*points[1:], points[0]]):
        dx, dy = x2 - x1, y2 - y1
        direction = "right" if dx > 0 else "left" if dx < 0 else "up" if dy > 0 else "down"
        steps.append(f"{_d(abs(dx) + abs(dy))} {unit} {direction}")
    return ", ".join(steps)


def _side_text(points, index: int, unit: str) -> str:
    """The length of a rectilinear figure's side from points[index] to the next point: '12 cm'."""
    p, q = points[index], points[(index + 1) % len(points)]
    return f"{_d(abs(q[0] - p[0]) + abs(q[1] - p[1]))} {unit}"


def _rectilinear_svg(points, labelled: list[int], unit: str, alt: str, *, marks: bool = True) -> str:
    canvas = _Canvas(points, alt=alt, width=400, height=300)
    canvas.polygon(points)
    canvas.side_labels(points, {i: _side_text(points, i, unit) for i in labelled})
    if marks:
        for i, p in enumerate(points):  # right angles at the convex corners
            prev, nxt = points[i - 1], points[(i + 1) % len(points)]
            cross = (p[0] - prev[0]) * (nxt[1] - p[1]) - (p[1] - prev[1]) * (nxt[0] - p[0])
            signed = _signed_area(points)
            if cross * signed > 0:
                canvas.right_angle(p, prev, nxt, size=8)
    return canvas.render()


def _signed_area(points) -> float:
    return sum(float(a[0]) * float(b[1]) - float(b[0]) * float(a[1]) for a, b in zip(points, [*points[1:], points[0]]))


ROOMS = (("floor plan of {name}'s bedroom", "m", "floor"), ("plan of a swimming pool deck", "m", "deck"),
         ("shape of a garden", "ft", "garden"), ("plan of an art studio", "ft", "studio floor"),
         ("shape of a metal plate", "cm", "plate"), ("shape of a wooden sign", "in", "sign"))


@generator("area_composite_rectilinear", "Area Irregular Figure")
def area_composite_rectilinear(rng: random.Random) -> Problem:
    kind = rng.choice("LUT")
    shape = _rectilinear_shape(rng, kind)
    area, how, labelled_index = shape["area"], shape["how"], shape["labelled"]
    points = _turned(shape["points"], rng.randrange(4), rng.random() < 0.5)
    template = rng.randrange(2)
    unit = rng.choice(LENGTHS)
    name = rng.choice(NAMES)
    if template == 1:
        plan, unit, what = rng.choice(ROOMS)
        plan = plan.format(name=name)
        prompt = f"The figure shows the {plan}. All corners are right angles. What is the area of the {what}?"
    else:
        prompt = "All corners of the figure are right angles. What is its area?"
    alt = (f"A figure with only right angles; going around it, its sides are {_walk_text(points, unit)}. "
           f"Labelled sides: " + ", ".join(_side_text(points, i, unit) for i in labelled_index) + ".")
    return Problem(
        prompt=prompt, answer=_d(area), unit=_au(unit, 2),
        hint="Split the figure into rectangles, or take a big rectangle and subtract the missing part. "
             "Find unlabelled sides from the labelled ones.",
        solution=f"The figure is {how}: its area is ${area}$ {_u(unit, 2)}.",
        figure=_rectilinear_svg(points, labelled_index, unit, alt), figure_alt=alt,
        params={"points": points},
    )


@generator("area_composite_triangles", "Area Irregular Figure")
def area_composite_triangles(rng: random.Random) -> Problem:
    kind = rng.choice(("house", "ramp", "notch", "shed"))
    unit = rng.choice(LENGTHS)
    w, h = rng.randint(4, 14), rng.randint(3, 10)
    dashed: list[tuple] = []
    if kind == "house":
        w += w % 2
        t = rng.randint(2, 8)
        points = [(0, 0), (w, 0), (w, h), (Fraction(w, 2), h + t), (0, h)]
        area = w * h + Fraction(w * t, 2)
        labels = {0: f"{w} {unit}", 4: f"{h} {unit}"}
        dashed = [((Fraction(w, 2), h + t), (Fraction(w, 2), h), f"{t} {unit}")]
        how = (f"a rectangle (${w} \\times {h} = {w * h}$) plus a triangle ($\\frac{{1}}{{2}} \\times {w} \\times {t} "
               f"= {_d(Fraction(w * t, 2))}$)")
        words = (f"a rectangle {w} {unit} wide and {h} {unit} tall with a triangle on top; the triangle's base is "
                 f"the rectangle's top side and its height, shown dashed, is {t} {unit}")
    elif kind == "ramp":
        b = rng.randint(2, 9)
        points = [(0, 0), (w + b, 0), (w, h), (0, h)]
        area = w * h + Fraction(b * h, 2)
        labels = {0: f"{w + b} {unit}", 2: f"{w} {unit}", 3: f"{h} {unit}"}
        dashed = [((w, h), (w, 0), "")]
        how = (f"a rectangle (${w} \\times {h} = {w * h}$) plus a right triangle with legs ${w + b} - {w} = {b}$ "
               f"and ${h}$ ($\\frac{{1}}{{2}} \\times {b} \\times {h} = {_d(Fraction(b * h, 2))}$)")
        words = (f"a four-sided figure with right angles at the two left corners: the bottom side is {w + b} {unit}, "
                 f"the top side is {w} {unit} and the left side is {h} {unit}; the right side slants")
    elif kind == "notch":
        w = max(w, 6)
        h = max(h, w // 2)
        nw = rng.randint(2, w - 3)
        a = rng.randint(1, w - nw - 1)
        nd = rng.randint(max(1, h // 3), h - 1)
        points = [(0, 0), (w, 0), (w, h), (a + nw, h), (a + Fraction(nw, 2), h - nd), (a, h), (0, h)]
        area = w * h - Fraction(nw * nd, 2)
        labels = {0: f"{w} {unit}", 1: f"{h} {unit}"}
        dashed = [((a, h), (a + nw, h), f"{nw} {unit}"),
                  ((a + Fraction(nw, 2), h), (a + Fraction(nw, 2), h - nd), f"{nd} {unit}")]
        how = (f"a rectangle (${w} \\times {h} = {w * h}$) minus a triangle ($\\frac{{1}}{{2}} \\times {nw} \\times "
               f"{nd} = {_d(Fraction(nw * nd, 2))}$)")
        words = (f"a rectangle {w} {unit} wide and {h} {unit} tall with a triangle cut out of its top side; the cut "
                 f"is {nw} {unit} wide and {nd} {unit} deep")
    else:  # shed: a rectangle with a right triangle on top
        t = rng.randint(2, 7)
        points = [(0, 0), (w, 0), (w, h), (0, h + t)]
        area = w * h + Fraction(w * t, 2)
        labels = {0: f"{w} {unit}", 1: f"{h} {unit}", 3: f"{h + t} {unit}"}
        dashed = [((0, h), (w, h), "")]
        how = (f"a rectangle (${w} \\times {h} = {w * h}$) plus a right triangle with legs ${w}$ and "
               f"${h + t} - {h} = {t}$ ($\\frac{{1}}{{2}} \\times {w} \\times {t} = {_d(Fraction(w * t, 2))}$)")
        words = (f"a four-sided figure with a {w} {unit} bottom, a {h} {unit} right side and a {h + t} {unit} left "
                 f"side, both upright at right angles to the bottom; the top side slants")
    flip = rng.random() < 0.5
    drawn = _mirrored(points, flip)
    alt = f"The figure is {words}."
    canvas = _Canvas(drawn, alt=alt, width=400, height=300)
    canvas.polygon(drawn)
    canvas.side_labels(drawn, labels)
    for p, q, label in dashed:
        p, q = _mirrored([p, q], flip)
        canvas.segment(p, q, dashed=True, width=1.5)
        if label and p[1] == q[1]:  # a dashed side across the top: its label above it
            canvas.text(((float(p[0]) + float(q[0])) / 2, float(p[1])), label, dy=-13)
        elif label:
            canvas.text(((float(p[0]) + float(q[0])) / 2, (float(p[1]) + float(q[1])) / 2), label, dx=7,
                        anchor="start")
    canvas.right_angle(drawn[0], drawn[1], drawn[-1], size=9)
    prompt = rng.choice(("What is the area of the figure?", "Find the area of the shaded figure.",
                         f"{rng.choice(NAMES)} cut this shape out of card. What is its area?"))
    return Problem(
        prompt=prompt, answer=_d(area), unit=_au(unit, 2),
        hint="Split the figure into a rectangle and a triangle (or take a triangle away from a rectangle).",
        solution=f"The figure is {how}, so its area is ${_d(area)}$ {_u(unit, 2)}.",
        figure=canvas.render(), figure_alt=alt,
        params={"points": points},
    )


# -- rectangles ----------------------------------------------------------------------------------------
RECTANGLE_THINGS = {  # thing: {unit: (shortest, longest) side}
    "poster": {"cm": (20, 90), "in": (8, 36)}, "bedroom floor": {"m": (2, 6), "ft": (8, 20)},
    "vegetable garden": {"m": (2, 15), "ft": (5, 40)}, "tablet screen": {"cm": (10, 30), "in": (5, 12)},
    "rug": {"ft": (3, 12), "m": (1, 4)}, "parking lot": {"m": (15, 60)}, "photo": {"cm": (8, 30), "in": (3, 12)},
    "table top": {"cm": (50, 200), "in": (24, 72)}, "soccer field": {"m": (45, 100)},
}


def _rectangle_svg(length, width, labels: tuple[str, str], alt: str, *, square: bool = False) -> str:
    drawn_w = _clamp(float(width), 0.3 * float(length), 1.4 * float(length))
    points = [(0, 0), (float(length), 0), (float(length), drawn_w), (0, drawn_w)]
    canvas = _Canvas(points, alt=alt)
    canvas.polygon(points)
    canvas.side_labels(points, {0: labels[0], 1: labels[1]} if labels[1] else {0: labels[0]})
    for i in range(4):
        canvas.right_angle(points[i], points[i - 1], points[(i + 1) % 4], size=9)
    if square:
        for i in range(4):
            canvas.ticks(points[i], points[(i + 1) % 4], 1)
    return canvas.render()


@generator("area_rectangle_figure", "Area Rectangle")
def area_rectangle_figure(rng: random.Random) -> Problem:
    unit = rng.choice(LENGTHS)
    square = rng.random() < 0.25
    if square:
        length = width = _half_or_whole(rng, 2, 20, 0.2)
    else:
        length = rng.randint(3, 25)
        width = rng.choice([w for w in range(2, 20) if w != length])
        if rng.random() < 0.3:
            width += rng.choice((Fraction(1, 2), Fraction(1, 5), Fraction(3, 10), Fraction(4, 5)))
    area = Fraction(length) * width
    if square:
        alt = f"A square with all four sides marked equal; one side is labelled {_d(length)} {unit}."
        prompt = "The figure is a square. What is its area?"
        solution = (f"All sides of a square are equal: $A = {_d(length)} \\times {_d(length)} = {_d(area)}$ "
                    f"{_u(unit, 2)}.")
        labels = (f"{_d(length)} {unit}", "")
    else:
        alt = f"A rectangle {_d(length)} {unit} long and {_d(width)} {unit} wide."
        prompt = rng.choice(("What is the area of the rectangle?", "Find the area of the rectangle shown.",
                             f"{rng.choice(NAMES)} drew this rectangle. What is its area?"))
        solution = f"$A = \\ell \\times w = {_d(length)} \\times {_d(width)} = {_d(area)}$ {_u(unit, 2)}."
        labels = (f"{_d(length)} {unit}", f"{_d(width)} {unit}")
    return Problem(
        prompt=prompt, answer=_d(area), unit=_au(unit, 2),
        hint="Area of a rectangle = length × width.", solution=solution,
        figure=_rectangle_svg(length, width, labels, alt, square=square), figure_alt=alt,
        params={"length": length, "width": width},
    )


@generator("area_rectangle_word", "Area Rectangle")
def area_rectangle_word(rng: random.Random) -> Problem:
    thing = rng.choice(list(RECTANGLE_THINGS))
    unit = rng.choice(list(RECTANGLE_THINGS[thing]))
    lo, hi = RECTANGLE_THINGS[thing][unit]
    name = rng.choice(NAMES)
    template = rng.choice(("area", "area", "width", "square", "cost"))
    length = rng.randint(lo + 1, hi)
    width = rng.randint(lo, length - 1)
    params: dict = {"template": template}
    answer_unit, decimals = _au(unit, 2), None
    if template == "area":
        if rng.random() < 0.3:
            length += Fraction(1, 2)
        area = length * Fraction(width)
        prompt = (f"{name}'s {thing} is a rectangle {_m(length, unit)} long and {_m(width, unit)} wide. "
                  f"What is its area?")
        answer = area
        solution = f"$A = {_d(length)} \\times {width} = {_d(area)}$ {_u(unit, 2)}."
        params.update(length=length, width=width)
    elif template == "width":
        area = length * width
        prompt = (f"A rectangular {thing} has an area of {_m(area, unit, 2)}. It is {_m(length, unit)} long. "
                  f"How wide is it?")
        answer, answer_unit = width, _au(unit)
        solution = f"$w = A \\div \\ell = {area} \\div {length} = {width}$ {unit}."
        params.update(area=area, length=length)
    elif template == "square":
        side = rng.randint(lo, hi)
        perimeter = 4 * side
        prompt = f"A square {thing} has a perimeter of {_m(perimeter, unit)}. What is its area?"
        answer = side * side
        solution = (f"Each side is ${perimeter} \\div 4 = {side}$ {unit}, so $A = {side} \\times {side} = {answer}$ "
                    f"{_u(unit, 2)}.")
        params.update(perimeter=perimeter)
    else:
        unit = rng.choice(("m", "ft"))
        thing = rng.choice(("room", "hallway", "office", "classroom"))
        length, width = rng.randint(3, 12), rng.randint(2, 9)
        price = Fraction(rng.randint(8, 60) * 25, 100)
        answer = length * width * price
        material = rng.choice(("Carpet", "Floor tile", "Wood flooring"))
        prompt = (f"{material} costs ${latex_money(price, cents=True)}$ per square "
                  f"{'meter' if unit == 'm' else 'foot'}. How much does it cost to cover the floor of a rectangular "
                  f"{thing} {_m(length, unit)} long and {_m(width, unit)} wide?")
        answer_unit, decimals = "$", 2
        solution = (f"The floor is ${length} \\times {width} = {length * width}$ {_u(unit, 2)}; "
                    f"${length * width} \\times {latex_money(price, cents=True)} = "
                    f"{latex_money(answer, cents=True)}$.")
        params.update(length=length, width=width, price=price)
    return Problem(
        prompt=prompt, answer=_d(answer, decimals), unit=answer_unit, decimals=decimals,
        hint="Area of a rectangle = length × width.", solution=solution, params=params,
    )


# -- triangles and parallelograms --------------------------------------------------------------------------
TRIPLES = ((3, 4, 5), (5, 12, 13), (8, 15, 17), (7, 24, 25), (20, 21, 29), (9, 40, 41))


def _scaled_triples(limit: int = 60) -> list[tuple[int, int, int]]:
    out = []
    for a, b, c in TRIPLES:
        k = 1
        while k * c <= limit:
            out.append((k * a, k * b, k * c))
            k += 1
    return out


SCALED_TRIPLES = _scaled_triples()


def _triangle_svg(b, h, p, *, labels: tuple[str, str], alt: str, slant: str = "", flip: bool = False) -> str:
    """A triangle with base b along the bottom, apex above the point p of the base line (p < 0 or p > b: an
    obtuse triangle with the base extended), the height dashed; `slant` labels the side from the base's left
    end to the apex. flip mirrors it left to right."""
    scale_y = _clamp(float(h), 0.4 * float(b), 0.9 * float(b)) / float(h)
    apex = (float(p), float(h) * scale_y)
    points = [(0.0, 0.0), (float(b), 0.0), apex]
    foot = (float(p), 0.0)
    if flip:
        points, (foot,) = _mirrored(points, True), _mirrored([foot], True)
        apex = points[2]
    canvas = _Canvas([*points, foot], alt=alt)
    canvas.polygon(points)
    canvas.side_labels(points, {0: labels[0]})
    if slant:  # the side from the apex that is not the height
        canvas.side_labels(points, {1 if p == 0 else 2: slant})
    if p == 0 or p == b:
        canvas.side_labels(points, {2 if p == 0 else 1: labels[1]})
        corner = points[0] if p == 0 else points[1]
        canvas.right_angle(corner, points[1] if p == 0 else points[0], apex)
        return canvas.render()
    canvas.segment(apex, foot, dashed=True, width=1.5)
    if p < 0 or p > b:
        near = points[0] if p < 0 else points[1]
        canvas.segment(foot, near, dashed=True, width=1.5, color=MUTED)
    canvas.right_angle(foot, points[1] if foot[0] < points[1][0] else points[0], apex, size=9)
    # the height's label goes on the side of the dashed line with more room at half the height
    half = apex[1] / 2
    across = [a[0] + (apex[0] - a[0]) * half / apex[1] for a in points[:2]]  # the two slanted sides there
    left_room, right_room = foot[0] - min(across), max(across) - foot[0]
    if left_room < 0 or right_room < 0:  # the height lies outside the triangle: label it on its outer side
        on_left = right_room > 0
    else:
        on_left = left_room > right_room
    canvas.text((foot[0], half), labels[1], dx=-7 if on_left else 7, anchor="end" if on_left else "start")
    return canvas.render()


TRIANGLE_THINGS = (("pennant", "cm"), ("sail", "m"), ("garden corner", "ft"), ("roof gable", "ft"),
                   ("road sign", "cm"), ("scarf", "in"))


@generator("area_triangle_figure", "Area Triangle")
def area_triangle_figure(rng: random.Random) -> Problem:
    unit = rng.choice(LENGTHS)
    b, h = rng.randint(4, 20), _half_or_whole(rng, 3, 15, 0.2)
    shape = rng.choice(("acute", "acute", "right", "obtuse"))
    if shape == "acute":
        p = Fraction(rng.randint(b // 2, 3 * b // 2), 2)
        p = min(max(p, Fraction(b, 4)), Fraction(3 * b, 4))
    elif shape == "right":
        p = rng.choice((0, b))
    else:
        p = rng.choice((-1, 1)) * rng.randint(1, max(2, b // 2))
        p = p if p < 0 else b + p
    area = Fraction(b) * h / 2
    template = rng.randrange(3)
    thing, _unit = rng.choice(TRIANGLE_THINGS)
    if template == 2:
        unit = _unit
    alt = (f"A triangle with a base of {b} {unit} and a height of {_d(h)} {unit}"
           + (", measured along the side at a right angle to the base." if p in (0, b) else
              ", drawn as a dashed line from the top vertex at a right angle to the base"
              + (" extended outside the triangle." if (p < 0 or p > b) else ".")))
    prompt = ("What is the area of the triangle?",
              f"A triangle has a base of {_m(b, unit)} and a height of {_m(h, unit)}. What is its area?",
              f"A triangular {thing} has the shape and measures shown. What is its area?")[template]
    return Problem(
        prompt=prompt, answer=_d(area), unit=_au(unit, 2),
        hint="Area of a triangle = half of base × height (the height is at a right angle to the base).",
        solution=f"$A = \\frac{{1}}{{2}}bh = \\frac{{1}}{{2}} \\times {b} \\times {_d(h)} = {_d(area)}$ {_u(unit, 2)}.",
        figure=_triangle_svg(b, h, p, labels=(f"{b} {unit}", f"{_d(h)} {unit}"), alt=alt, flip=rng.random() < 0.3),
        figure_alt=alt,
        params={"b": b, "h": h, "p": p},
    )


@generator("area_triangle_word", "Area Triangle")
def area_triangle_word(rng: random.Random) -> Problem:
    unit = rng.choice(LENGTHS)
    template = rng.choice(("legs", "legs", "height", "base"))
    name = rng.choice(NAMES)
    if template == "legs":
        a, b, c = rng.choice([t for t in SCALED_TRIPLES if t[2] <= 40])
        if rng.random() < 0.5:
            a, b = b, a
        area = Fraction(a * b, 2)
        thing = rng.choice(("right triangle", "right-triangle-shaped garden", "right-triangle-shaped sail",
                            "right-triangle-shaped ramp panel"))
        prompt = (f"A {thing} has legs of {_m(a, unit)} and {_m(b, unit)}, and a longest side of {_m(c, unit)}. "
                  f"What is its area?")
        alt = f"A right triangle with legs {a} {unit} and {b} {unit} and hypotenuse {c} {unit}."
        figure = _triangle_svg(b, a, 0, labels=(f"{b} {unit}", f"{a} {unit}"), alt=alt, slant=f"{c} {unit}",
                               flip=rng.random() < 0.5)
        return Problem(
            prompt=prompt, answer=_d(area), unit=_au(unit, 2),
            hint="In a right triangle the two legs are a base and its height; the longest side is not needed.",
            solution=f"The legs are at right angles: $A = \\frac{{1}}{{2}} \\times {a} \\times {b} = {_d(area)}$ "
                     f"{_u(unit, 2)}.",
            figure=figure, figure_alt=alt,
            params={"template": template, "sides": (a, b, c)},
        )
    b, h = rng.randint(3, 24), rng.randint(2, 18)
    area = Fraction(b * h, 2)
    thing = rng.choice(("triangle", "triangular flag", "triangular tile", "triangular flower bed"))
    if template == "height":
        prompt = (f"{name} has a {thing} with an area of {_m(area, unit, 2)} and a base of {_m(b, unit)}. "
                  f"What is its height?")
        answer = h
        solution = (f"$A = \\frac{{1}}{{2}}bh$, so $h = \\frac{{2A}}{{b}} = "
                    f"\\frac{{2 \\times {_d(area)}}}{{{b}}} = {h}$ {unit}.")
        labels = (f"{b} {unit}", "?")
        params = {"template": template, "area": area, "b": b}
    else:
        prompt = (f"{name} has a {thing} with an area of {_m(area, unit, 2)} and a height of {_m(h, unit)}. "
                  f"How long is its base?")
        answer = b
        solution = (f"$A = \\frac{{1}}{{2}}bh$, so $b = \\frac{{2A}}{{h}} = "
                    f"\\frac{{2 \\times {_d(area)}}}{{{h}}} = {b}$ {unit}.")
        labels = ("?", f"{h} {unit}")
        params = {"template": template, "area": area, "h": h}
    alt = (f"A triangle with base {labels[0]} and height {labels[1]}; its area is {_d(area)} "
           f"{_u(unit, 2)}.").replace("?", "unknown")
    return Problem(
        prompt=prompt, answer=_d(answer), unit=_au(unit),
        hint="Put what you know into $A = \\frac{1}{2}bh$ and solve for the missing length.",
        solution=solution,
        figure=_triangle_svg(b, h, Fraction(b * rng.randint(3, 7), 10), labels=labels, alt=alt), figure_alt=alt,
        params=params,
    )


def _parallelogram_svg(b, h, d, *, labels: tuple[str, str, str], alt: str, flip: bool) -> str:
    """A parallelogram with base b, height h, the top side shifted d to the right; labels: base, height and
    the slanted side ('' for none)."""
    scale_y = _clamp(float(h), 0.35 * float(b), 0.8 * float(b)) / float(h)
    top = float(h) * scale_y
    points = [(0.0, 0.0), (float(b), 0.0), (float(b + d), top), (float(d), top)]
    foot_top, foot = (float(d), top), (float(d), 0.0)
    if flip:
        points = _mirrored(points, True)
        foot_top, foot = _mirrored([foot_top, foot], True)
    canvas = _Canvas(points, alt=alt)
    canvas.polygon(points)
    canvas.side_labels(points, {0: labels[0]})
    if labels[2]:
        canvas.side_labels(points, {3: labels[2]})
    canvas.segment(foot_top, foot, dashed=True, width=1.5)
    canvas.right_angle(foot, points[1], foot_top, size=9)
    canvas.text((foot[0], top / 2), labels[1], dx=-7 if flip else 7, anchor="end" if flip else "start")
    return canvas.render()


@generator("area_parallelogram_figure", "Area Parallelogram")
def area_parallelogram_figure(rng: random.Random) -> Problem:
    unit = rng.choice(LENGTHS)
    with_slant = rng.random() < 0.6
    if with_slant:
        d, h, s = rng.choice([t for t in SCALED_TRIPLES if t[2] <= 26])
        if rng.random() < 0.5:
            d, h = h, d
        b = rng.randint(d + 2, d + 14)
    else:
        b, h, s = rng.randint(5, 22), _half_or_whole(rng, 3, 14, 0.25), None
        d = Fraction(rng.randint(2, 2 * b - 4), 4)
    area = Fraction(b) * h
    alt = (f"A parallelogram with a base of {b} {unit} and a height of {_d(h)} {unit}, drawn dashed at a right "
           f"angle to the base" + (f"; its slanted side is {s} {unit}." if s else "."))
    prompt = rng.choice(("What is the area of the parallelogram?", "Find the area of the parallelogram shown.",
                         f"A parallelogram-shaped {rng.choice(('parking space', 'tile', 'garden', 'label'))} has "
                         f"the measures shown. What is its area?"))
    return Problem(
        prompt=prompt, answer=_d(area), unit=_au(unit, 2),
        hint="Area of a parallelogram = base × height; the height is at a right angle to the base, "
             "not the slanted side.",
        solution=f"$A = bh = {b} \\times {_d(h)} = {_d(area)}$ {_u(unit, 2)}"
                 + (f" (the slanted side, {s} {unit}, is not needed)." if s else "."),
        figure=_parallelogram_svg(b, h, d, labels=(f"{b} {unit}", f"{_d(h)} {unit}", f"{s} {unit}" if s else ""),
                                  alt=alt, flip=rng.random() < 0.4),
        figure_alt=alt,
        params={"b": b, "h": h, "d": d},
    )


@generator("area_parallelogram_word", "Area Parallelogram")
def area_parallelogram_word(rng: random.Random) -> Problem:
    unit = rng.choice(LENGTHS)
    b, h = rng.randint(3, 25), rng.randint(2, 16)
    template = rng.choice(("area", "height", "base"))
    thing = rng.choice(("parallelogram", "parallelogram-shaped lot", "parallelogram-shaped tile",
                        "parallelogram-shaped banner", "parallelogram-shaped window"))
    area = b * h
    if template == "area":
        side = rng.randint(h + 1, h + 9)
        prompt = (f"A {thing} has a base of {_m(b, unit)}, a height of {_m(h, unit)} and slanted sides of "
                  f"{_m(side, unit)}. What is its area?")
        answer, answer_unit = area, _au(unit, 2)
        solution = f"$A = bh = {b} \\times {h} = {area}$ {_u(unit, 2)}; the slanted side is not used."
        params = {"template": template, "b": b, "h": h}
        labels = (f"{b} {unit}", f"{h} {unit}", "")
    elif template == "height":
        prompt = f"A {thing} has an area of {_m(area, unit, 2)} and a base of {_m(b, unit)}. What is its height?"
        answer, answer_unit = h, _au(unit)
        solution = f"$h = A \\div b = {area} \\div {b} = {h}$ {unit}."
        params = {"template": template, "area": area, "b": b}
        labels = (f"{b} {unit}", "?", "")
    else:
        prompt = f"A {thing} has an area of {_m(area, unit, 2)} and a height of {_m(h, unit)}. How long is its base?"
        answer, answer_unit = b, _au(unit)
        solution = f"$b = A \\div h = {area} \\div {h} = {b}$ {unit}."
        params = {"template": template, "area": area, "h": h}
        labels = ("?", f"{h} {unit}", "")
    alt = f"A parallelogram with base {labels[0]} and height {labels[1]}.".replace("?", "unknown")
    return Problem(
        prompt=prompt, answer=_d(answer), unit=answer_unit,
        hint="Area of a parallelogram = base × height.", solution=solution,
        figure=_parallelogram_svg(b, h, Fraction(b, 3), labels=labels, alt=alt, flip=False), figure_alt=alt,
        params=params,
    )


# == circles ===============================================================================================
def _circle_svg(show: str, label: str, alt: str, *, part: str = "full", angle: float = 0) -> str:
    """A circle (or half or quarter of one) with its radius or diameter drawn and labelled.
    show: 'r' or 'd'; part: 'full', 'semi' (flat side down, the diameter labelled) or 'quarter'."""
    svg = Svg(300, 250 if part == "full" else 200, alt=alt)
    if part == "full":
        cx, cy, r = 150, 125, 95
        svg.circle(cx, cy, r, fill=FILL, opacity=0.12)
        svg.dot(cx, cy, r=3.5)
        a = math.radians(angle)
        if show == "r":
            x, y = cx + r * math.cos(a), cy - r * math.sin(a)
            svg.line(cx, cy, x, y, color=ACCENT, width=2.5)
            svg.text((cx + x) / 2 - 12 * math.sin(a), (cy + y) / 2 - 12 * math.cos(a), label, color=ACCENT)
        else:
            x1, y1 = cx - r * math.cos(a), cy + r * math.sin(a)
            x2, y2 = cx + r * math.cos(a), cy - r * math.sin(a)
            svg.line(x1, y1, x2, y2, color=ACCENT, width=2.5)
            svg.text(cx + 40 * math.cos(a) - 13 * math.sin(a), cy - 40 * math.sin(a) - 13 * math.cos(a), label,
                     color=ACCENT)
    elif part == "semi":
        cx, cy, r = 150, 160, 120
        svg.path(f"M {cx - r} {cy} A {r} {r} 0 0 1 {cx + r} {cy} Z", fill=FILL, opacity=0.12)
        svg.line(cx - r, cy, cx + r, cy, color=ACCENT, width=2.5)
        svg.text(cx, cy + 16, label, color=ACCENT)
    else:
        cx, cy, r = 90, 175, 150
        svg.path(f"M {cx} {cy} L {cx + r} {cy} A {r} {r} 0 0 0 {cx} {cy - r} Z", fill=FILL, opacity=0.12)
        svg.line(cx, cy, cx + r, cy, color=ACCENT, width=2.5)
        svg.polyline([(cx + 11, cy), (cx + 11, cy - 11), (cx, cy - 11)], width=1.5)
        svg.text(cx + r / 2, cy + 14, label, color=ACCENT)
    return svg.render()


def _radius_or_diameter(show: str, r) -> tuple:
    """What a circle of radius r is given by: (the length, its name, the step from it to the radius), for the
    radius ('r') or the diameter ('d')."""
    if show == "r":
        return r, "radius", ""
    return 2 * r, "diameter", f"The radius is half the diameter: $r = {_d(2 * r)} \\div 2 = {_d(r)}$. "


@generator("area_circle_figure", "Area Circle")
def area_circle_figure(rng: random.Random) -> Problem:
    unit = rng.choice(LENGTHS)
    show = rng.choice("rd")
    r = _half_or_whole(rng, 2, 20, 0.15) if show == "r" else rng.randint(2, 20)
    given, word, step = _radius_or_diameter(show, r)
    area = PI * r * r
    alt = f"A circle with its {word} drawn and labelled {_d(given)} {unit}."
    template = rng.randrange(3)
    prompt = (f"What is the area of the circle? {PI_NOTE}",
              f"A circle has a {word} of {_m(given, unit)}. What is its area? {PI_NOTE}",
              f"{rng.choice(NAMES)} draws a circular "
              f"{rng.choice(('pond', 'rug', 'clock face', 'target', 'table top'))} "
              f"with the {word} shown. What is its area? {PI_NOTE}")[template]
    return Problem(
        prompt=prompt, answer=_d(area, 2), decimals=2, unit=_au(unit, 2),
        hint="$A = \\pi r^2$, where r is the radius (half the diameter).",
        solution=step + f"$A = \\pi r^2 \\approx 3.14 \\times {_d(r)}^2 = {_d(area)}$ {_u(unit, 2)}.",
        figure=_circle_svg(show, f"{_d(given)} {unit}", alt, angle=rng.choice((0, 0, 30, -30))), figure_alt=alt,
        params={"given": given, "show": show},
    )


@generator("area_circle_parts", "Area Circle")
def area_circle_parts(rng: random.Random) -> Problem:
    unit = rng.choice(LENGTHS)
    template = rng.choice(("semi", "quarter", "circumference", "pizza"))
    name = rng.choice(NAMES)
    figure, alt = "", ""
    if template == "semi":
        d = 2 * rng.randint(2, 15)
        area = PI * (d // 2) ** 2 / 2
        thing = rng.choice(("semicircle", "semicircular window", "semicircular rug", "semicircular stage"))
        prompt = f"What is the area of the {thing} with the diameter shown? {PI_NOTE}"
        alt = f"A semicircle; its straight side, a diameter, is {d} {unit}."
        figure = _circle_svg("d", f"{d} {unit}", alt, part="semi")
        solution = (f"The radius is ${d} \\div 2 = {d // 2}$. Half a circle: $A = \\frac{{1}}{{2}}\\pi r^2 \\approx "
                    f"\\frac{{1}}{{2}} \\times 3.14 \\times {d // 2}^2 = {_d(area)}$ {_u(unit, 2)}.")
        params = {"template": template, "d": d}
    elif template == "quarter":
        r = rng.randint(2, 20)
        area = PI * r * r / 4
        prompt = f"What is the area of the quarter circle? {PI_NOTE}"
        alt = f"A quarter of a circle; its two straight sides are radii of {r} {unit} at a right angle."
        figure = _circle_svg("r", f"{r} {unit}", alt, part="quarter")
        solution = (f"A quarter circle: $A = \\frac{{1}}{{4}}\\pi r^2 \\approx \\frac{{1}}{{4}} \\times 3.14 \\times "
                    f"{r}^2 = {_d(area)}$ {_u(unit, 2)}.")
        params = {"template": template, "r": r}
    elif template == "circumference":
        d = rng.randint(2, 30)
        c = PI * d
        thing = rng.choice(("circular flower bed", "circular table", "circular pool cover", "circular mirror"))
        prompt = f"The circumference of a {thing} is {_m(c, unit)}. What is its area? {PI_NOTE}"
        area = PI * Fraction(d, 2) ** 2
        solution = (f"$d = C \\div \\pi \\approx {_d(c)} \\div 3.14 = {d}$, so $r = {_d(Fraction(d, 2))}$ and "
                    f"$A \\approx 3.14 \\times {_d(Fraction(d, 2))}^2 = {_d(area)}$ {_u(unit, 2)}.")
        params = {"template": template, "c": c}
    else:
        unit = rng.choice(("in", "cm"))
        d = rng.choice((8, 10, 12, 14, 16, 18)) if unit == "in" else rng.choice((20, 24, 26, 30, 32, 36, 40))
        slices = rng.choice((4, 6, 8))
        area = PI * Fraction(d, 2) ** 2 / slices
        prompt = (f"{name} cuts a pizza with a diameter of {_m(d, unit)} into {slices} equal slices. "
                  f"What is the area of one slice? {PI_NOTE}")
        solution = (f"$r = {d // 2}$; the whole pizza is $3.14 \\times {d // 2}^2 = {_d(PI * (d // 2) ** 2)}$ "
                    f"{_u(unit, 2)}, and one slice is ${_d(PI * (d // 2) ** 2)} \\div {slices} \\approx "
                    f"{_d(area, 2)}$ {_u(unit, 2)}.")
        params = {"template": template, "d": d, "slices": slices}
    return Problem(
        prompt=prompt, answer=_d(area, 2), decimals=2, unit=_au(unit, 2),
        hint="Area of a whole circle: $A = \\pi r^2$; take the right part of it.", solution=solution,
        figure=figure, figure_alt=alt, params=params,
    )


@generator("circumference_figure", "Circumference")
def circumference_figure(rng: random.Random) -> Problem:
    unit = rng.choice(LENGTHS)
    show = rng.choice("rd")
    given = _half_or_whole(rng, 2, 25, 0.15)
    d = 2 * given if show == "r" else given
    word = "radius" if show == "r" else "diameter"
    circumference = PI * d
    alt = f"A circle with its {word} drawn and labelled {_d(given)} {unit}."
    template = rng.randrange(3)
    prompt = (f"What is the circumference of the circle? {PI_NOTE}",
              f"A circle has a {word} of {_m(given, unit)}. What is its circumference? {PI_NOTE}",
              f"{rng.choice(NAMES)} wants to put a ribbon around the edge of a circular "
              f"{rng.choice(('cake', 'lampshade', 'drum', 'hoop', 'plate'))} with the {word} shown. How long must the "
              f"ribbon be? {PI_NOTE}")[template]
    formula = (f"C = 2\\pi r \\approx 2 \\times 3.14 \\times {_d(given)}" if show == "r"
               else f"C = \\pi d \\approx 3.14 \\times {_d(given)}")
    return Problem(
        prompt=prompt, answer=_d(circumference, 2), decimals=2, unit=_au(unit),
        hint="$C = \\pi d = 2\\pi r$.",
        solution=f"${formula} = {_d(circumference)}$ {unit}.",
        figure=_circle_svg(show, f"{_d(given)} {unit}", alt, angle=rng.choice((0, 30, -30, 45))), figure_alt=alt,
        params={"given": given, "show": show},
    )


@generator("circumference_word", "Circumference")
def circumference_word(rng: random.Random) -> Problem:
    template = rng.choice(("wheel", "diameter", "radius", "semicircle"))
    name = rng.choice(NAMES)
    figure, alt, answer_unit = "", "", ""
    if template == "wheel":
        unit = rng.choice(("cm", "in"))
        d = rng.choice((50, 60, 64, 66, 70, 71)) if unit == "cm" else rng.choice((12, 16, 20, 24, 26, 27, 28))
        turns = rng.randint(3, 40)
        thing = rng.choice(("bicycle wheel", "scooter wheel", "wheelchair wheel", "unicycle wheel"))
        answer = PI * d * turns
        prompt = (f"{name}'s {thing} has a diameter of {_m(d, unit)}. How far does it roll in {turns} full turns? "
                  f"{PI_NOTE}")
        solution = (f"One turn covers one circumference: $3.14 \\times {d} = {_d(PI * d)}$ {unit}. "
                    f"${turns} \\times {_d(PI * d)} = {_d(answer)}$ {unit}.")
        params = {"template": template, "d": d, "turns": turns}
        answer_unit = unit
    elif template in ("diameter", "radius"):
        unit = rng.choice(LENGTHS)
        c = rng.randint(10, 120)
        answer = Fraction(c) / PI / (1 if template == "diameter" else 2)
        thing = rng.choice(("circular track", "tree trunk", "circular tablecloth", "circular fountain", "hula hoop"))
        prompt = f"The circumference of a {thing} is {_m(c, unit)}. What is its {template}? {PI_NOTE}"
        solution = (f"$d = C \\div \\pi \\approx {c} \\div 3.14 \\approx {_d(Fraction(c) / PI, 2)}$ {unit}"
                    + ("." if template == "diameter" else
                       f", and the radius is half of it: $r = C \\div (2\\pi) \\approx {_d(answer, 2)}$ {unit}."))
        params = {"template": template, "c": c}
        answer_unit = unit
    else:
        unit = rng.choice(LENGTHS)
        d = 2 * rng.randint(2, 15)
        answer = PI * d / 2 + d
        prompt = (f"A {rng.choice(('window', 'garden bed', 'rug', 'stage'))} is shaped like the semicircle shown. "
                  f"What is its perimeter, the curved edge and the straight edge together? {PI_NOTE}")
        alt = f"A semicircle whose straight side, a diameter, is {d} {unit}."
        figure = _circle_svg("d", f"{d} {unit}", alt, part="semi")
        solution = (f"The curved edge is half a circumference: $\\frac{{1}}{{2}} \\times 3.14 \\times {d} = "
                    f"{_d(PI * d / 2)}$; add the diameter: ${_d(PI * d / 2)} + {d} = {_d(answer)}$ {unit}.")
        params = {"template": template, "d": d}
        answer_unit = unit
    return Problem(
        prompt=prompt, answer=_d(answer, 2), decimals=2, unit=_au(answer_unit),
        hint="$C = \\pi d$: the circumference is about 3.14 times the diameter.", solution=solution,
        figure=figure, figure_alt=alt, params=params,
    )


# == perimeter ===========================================================================================
POLYGON_NAMES = {3: "triangle", 4: "quadrilateral", 5: "pentagon", 6: "hexagon", 7: "heptagon", 8: "octagon",
                 9: "nonagon", 10: "decagon", 12: "dodecagon"}


def _random_convex(rng: random.Random, n: int) -> list[tuple[float, float]]:
    turns = [2 * math.pi * (k + rng.uniform(-0.25, 0.25)) / n for k in range(n)]
    return [(math.cos(t) * rng.uniform(0.75, 1), math.sin(t) * rng.uniform(0.75, 1)) for t in turns]


@generator("perimeter_polygon_figure", "Perimeter of a Polygon")
def perimeter_polygon_figure(rng: random.Random) -> Problem:
    template = rng.randrange(3)
    unit = rng.choice(LENGTHS if template == 0 else ("m", "ft", "yd"))
    n = rng.choice((3, 4, 5, 5, 6))
    tenths = rng.random() < 0.3
    while True:
        points = _random_convex(rng, n)
        lengths = [math.dist(p, q) for p, q in zip(points, [*points[1:], points[0]])]
        scale = rng.randint(5, 14) / (sum(lengths) / n)
        sides = [Fraction(round(x * scale * 10), 10) if tenths else Fraction(round(x * scale)) for x in lengths]
        if min(sides) >= 1 and 2 * max(sides) < sum(sides):
            break
    perimeter = sum(sides)
    alt = f"A {POLYGON_NAMES[n]} with sides of " + ", ".join(f"{_d(x)} {unit}" for x in sides) + "."
    canvas = _Canvas(points, alt=alt, width=380, height=280)
    canvas.polygon(points)
    canvas.side_labels(points, {i: f"{_d(x)} {unit}" for i, x in enumerate(sides)})
    name = rng.choice(NAMES)
    prompt = (
        f"What is the perimeter of the {POLYGON_NAMES[n]}?",
        f"{name} walks once around the edge of a park shaped like this {POLYGON_NAMES[n]}. How far does "
        f"{name} walk?",
        f"How much fencing is needed to go once around a field shaped like this {POLYGON_NAMES[n]}?",
    )[template]
    return Problem(
        prompt=prompt, answer=_d(perimeter), unit=_au(unit),
        hint="The perimeter is the distance all the way around: add the lengths of all the sides.",
        solution="$" + " + ".join(_d(x) for x in sides) + f" = {_d(perimeter)}$ {unit}.",
        figure=canvas.render(), figure_alt=alt,
        params={"sides": sides},
    )


def _regular_polygon_svg(n: int, label: str, alt: str, *, ticks: bool = True) -> str:
    points = [(math.cos(math.pi / 2 + math.pi / n + 2 * math.pi * k / n),
               math.sin(math.pi / 2 + math.pi / n + 2 * math.pi * k / n)) for k in range(n)]
    bottom = min(range(n), key=lambda k: points[k][1] + points[(k + 1) % n][1])
    canvas = _Canvas(points, alt=alt, width=300, height=260, pad=(24, 40, 34, 40))
    canvas.polygon(points)
    for k in range(n if ticks else 0):
        canvas.ticks(points[k], points[(k + 1) % n], 1)
    if label:
        canvas.side_labels(points, {bottom: label})
    return canvas.render()


@generator("perimeter_regular_and_rectangle", "Perimeter of a Polygon")
def perimeter_regular_and_rectangle(rng: random.Random) -> Problem:
    unit = rng.choice(LENGTHS)
    template = rng.choice(("regular", "regular_side", "rectangle", "rectangle_width"))
    name = rng.choice(NAMES)
    figure, alt = "", ""
    if template.startswith("regular"):
        n = rng.choice((3, 4, 5, 6, 8, 10, 12))
        shape = "square" if n == 4 else "equilateral triangle" if n == 3 else f"regular {POLYGON_NAMES[n]}"
        side = _half_or_whole(rng, 2, 25, 0.2)
        perimeter = n * side
        if template == "regular":
            prompt = f"Every side of this {shape} is {_m(side, unit)} long. What is its perimeter?"
            answer = perimeter
            alt = (f"{article(shape).capitalize()} {shape} with {n} equal sides; one side is labelled "
                   f"{_d(side)} {unit}.")
            figure = _regular_polygon_svg(n, f"{_d(side)} {unit}", alt)
            solution = f"It has {n} equal sides: ${n} \\times {_d(side)} = {_d(perimeter)}$ {unit}."
            params = {"template": template, "n": n, "side": side}
        else:
            prompt = (f"{article(shape).capitalize()} {shape} has a perimeter of {_m(perimeter, unit)}. How long "
                      f"is each of its sides?")
            answer = side
            alt = f"{article(shape).capitalize()} {shape} with {n} equal sides; the length of a side is unknown."
            figure = _regular_polygon_svg(n, "?", alt)
            solution = f"Its {n} sides are equal: ${_d(perimeter)} \\div {n} = {_d(side)}$ {unit}."
            params = {"template": template, "n": n, "perimeter": perimeter}
    else:
        length, width = rng.randint(5, 40), rng.randint(2, 30)
        if length == width:
            length += 1
        thing = rng.choice(("garden", "playground", "swimming pool", "picture frame", "field", "dog run"))
        perimeter = 2 * (length + width)
        if template == "rectangle":
            prompt = (f"{name} puts a fence around a rectangular {thing} {_m(length, unit)} long and "
                      f"{_m(width, unit)} wide. How long is the fence?")
            answer = perimeter
            solution = f"$P = 2(\\ell + w) = 2({length} + {width}) = {perimeter}$ {unit}."
            params = {"template": template, "length": length, "width": width}
        else:
            prompt = (f"A rectangular {thing} has a perimeter of {_m(perimeter, unit)}. It is {_m(length, unit)} "
                      f"long. How wide is it?")
            answer = width
            solution = (f"Length plus width is half the perimeter: ${perimeter} \\div 2 = {length + width}$, so "
                        f"$w = {length + width} - {length} = {width}$ {unit}.")
            params = {"template": template, "length": length, "perimeter": perimeter}
    return Problem(
        prompt=prompt, answer=_d(answer), unit=_au(unit),
        hint="The perimeter is the sum of all the side lengths.", solution=solution,
        figure=figure, figure_alt=alt, params=params,
    )


@generator("perimeter_rectilinear", "Perimeter of a Polygon")
def perimeter_rectilinear(rng: random.Random) -> Problem:
    shape = _rectilinear_shape(rng, rng.choice("LUT"))
    points = _turned(shape["points"], rng.randrange(4), rng.random() < 0.5)
    unit = rng.choice(LENGTHS)
    labelled = shape["labelled"]
    alt = (f"A figure with only right angles; going around it, its sides are {_walk_text(points, unit)}. "
           f"Labelled sides: " + ", ".join(_side_text(points, i, unit) for i in labelled) + ".")
    prompt = rng.choice((
        "All corners of the figure are right angles. What is its perimeter?",
        f"{rng.choice(NAMES)} puts a border around a {rng.choice(('garden', 'patio', 'rug', 'sign'))} with this "
        f"shape. All corners are right angles. How long is the border?",
    ))
    return Problem(
        prompt=prompt, answer=_d(shape["perimeter"]), unit=_au(unit),
        hint="Find the unlabelled sides from the labelled ones, then add all the sides.",
        solution=f"Going all the way around, {shape['sides']}: the perimeter is ${shape['perimeter']}$ {unit}.",
        figure=_rectilinear_svg(points, labelled, unit, alt), figure_alt=alt,
        params={"points": points},
    )


# == solids ================================================================================================
def _box_svg(length, width, height, *, labels: tuple[str, str, str], alt: str) -> str:
    """A rectangular prism in oblique view: length across the front, width going back, height up."""
    dims = [float(length), float(width), float(height)]
    biggest = max(dims)
    big_l, big_w, big_h = (max(x, biggest / 3) for x in dims)
    dx, dy = big_w * 0.5 * math.cos(math.radians(35)), big_w * 0.5 * math.sin(math.radians(35))
    front = [(0, 0), (big_l, 0), (big_l, big_h), (0, big_h)]
    top = [(0, big_h), (big_l, big_h), (big_l + dx, big_h + dy), (dx, big_h + dy)]
    side = [(big_l, 0), (big_l + dx, dy), (big_l + dx, big_h + dy), (big_l, big_h)]
    canvas = _Canvas([*front, *top, *side], alt=alt, width=380, height=280, pad=(24, 70, 34, 70))
    for hidden in (((0, 0), (dx, dy)), ((dx, dy), (big_l + dx, dy)), ((dx, dy), (dx, big_h + dy))):
        canvas.segment(*hidden, dashed=True, width=1.2, color=MUTED)
    canvas.polygon(front, opacity=0.1)
    canvas.polygon(top, opacity=0.22)
    canvas.polygon(side, opacity=0.32)
    canvas.edge_label((0, 0), (big_l, 0), labels[0], (0, -1))
    canvas.edge_label((big_l, 0), (big_l + dx, dy), labels[1], (dy, -dx))
    canvas.edge_label((0, 0), (0, big_h), labels[2], (-1, 0))
    return canvas.render()


def _cylinder_svg(radius, height, *, show: str, labels: tuple[str, str], alt: str) -> str:
    """A cylinder standing up, its radius or diameter drawn on the top face; labels: that length, the height."""
    ratio = _clamp(float(height) / (2 * float(radius)), 0.45, 1.8)
    if ratio >= 1:
        body = 180.0
        rx = body / (2 * ratio)
    else:
        rx = 95.0
        body = 2 * rx * ratio
    ry = rx * 0.3
    svg = Svg(320, int(body + 2 * ry + 70), alt=alt)
    cx, top = 150, ry + 30
    bottom = top + body
    svg.path(f"M {cx - rx:.1f} {top:.1f} L {cx - rx:.1f} {bottom:.1f} A {rx:.1f} {ry:.1f} 0 0 0 {cx + rx:.1f} "
             f"{bottom:.1f} L {cx + rx:.1f} {top:.1f} Z", fill=FILL, opacity=0.12, color="none")
    svg.line(cx - rx, top, cx - rx, bottom)
    svg.line(cx + rx, top, cx + rx, bottom)
    svg.path(f"M {cx - rx:.1f} {bottom:.1f} A {rx:.1f} {ry:.1f} 0 0 0 {cx + rx:.1f} {bottom:.1f}")
    svg.path(f"M {cx - rx:.1f} {bottom:.1f} A {rx:.1f} {ry:.1f} 0 0 1 {cx + rx:.1f} {bottom:.1f}", dashed=True,
             color=MUTED, width=1.2)
    svg.path(f"M {cx - rx:.1f} {top:.1f} A {rx:.1f} {ry:.1f} 0 0 1 {cx + rx:.1f} {top:.1f} A {rx:.1f} {ry:.1f} "
             f"0 0 1 {cx - rx:.1f} {top:.1f} Z", fill=FILL, opacity=0.25)
    svg.dot(cx, top, r=3)
    if show == "r":
        svg.line(cx, top, cx + rx, top, color=ACCENT, width=2.5)
        svg.text(cx + rx / 2, top - ry - 10, labels[0], color=ACCENT)
    else:
        svg.line(cx - rx, top, cx + rx, top, color=ACCENT, width=2.5)
        svg.text(cx, top - ry - 10, labels[0], color=ACCENT)
    svg.text(cx + rx + 8, (top + bottom) / 2, labels[1], anchor="start")
    return svg.render()


def _sphere_svg(show: str, label: str, alt: str, *, hemisphere: bool = False) -> str:
    svg = Svg(300, 250 if not hemisphere else 190, alt=alt)
    cx, cy, r = 150, (125 if not hemisphere else 60), 95
    if hemisphere:
        svg.path(f"M {cx - r} {cy} A {r} {r} 0 0 0 {cx + r} {cy}", fill=FILL, opacity=0.12)
        svg.path(f"M {cx - r} {cy} A {r} {r * 0.3:.1f} 0 0 0 {cx + r} {cy} A {r} {r * 0.3:.1f} 0 0 0 {cx - r} {cy}",
                 fill=FILL, opacity=0.2)
    else:
        svg.circle(cx, cy, r, fill=FILL, opacity=0.12)
        svg.path(f"M {cx - r} {cy} A {r} {r * 0.3:.1f} 0 0 0 {cx + r} {cy}", width=1.2)
        svg.path(f"M {cx - r} {cy} A {r} {r * 0.3:.1f} 0 0 1 {cx + r} {cy}", dashed=True, color=MUTED, width=1.2)
    svg.dot(cx, cy, r=3)
    svg.line(cx if show == "r" else cx - r, cy, cx + r, cy, color=ACCENT, width=2.5)
    svg.text(cx + r / 2, cy - 12, label, color=ACCENT)
    return svg.render()


@generator("volume_rectangular_prism_figure", "Volume Rectangular Prism")
def volume_rectangular_prism_figure(rng: random.Random) -> Problem:
    unit = rng.choice(LENGTHS)
    cube = rng.random() < 0.2
    if cube:
        length = width = height = rng.randint(2, 12)
    else:
        length, width, height = rng.randint(2, 15), rng.randint(2, 12), _half_or_whole(rng, 2, 12, 0.25)
    volume = length * width * Fraction(height)
    if cube:
        alt = f"A cube with edges of {length} {unit}."
        labels = (f"{length} {unit}", "", "")
        prompt = "The figure is a cube. What is its volume?"
        solution = f"$V = s^3 = {length}^3 = {volume}$ {_u(unit, 3)}."
    else:
        alt = f"A rectangular prism {length} {unit} long, {width} {unit} wide and {_d(height)} {unit} high."
        labels = (f"{length} {unit}", f"{width} {unit}", f"{_d(height)} {unit}")
        prompt = rng.choice(("What is the volume of the rectangular prism?", "Find the volume of the box shown.",
                             f"{rng.choice(NAMES)} fills this box with sand. How much sand fits in the box?"))
        solution = f"$V = \\ell w h = {length} \\times {width} \\times {_d(height)} = {_d(volume)}$ {_u(unit, 3)}."
    return Problem(
        prompt=prompt, answer=_d(volume), unit=_au(unit, 3),
        hint="Volume of a rectangular prism = length × width × height.", solution=solution,
        figure=_box_svg(length, width, height, labels=labels, alt=alt), figure_alt=alt,
        params={"length": length, "width": width, "height": height},
    )


@generator("volume_rectangular_prism_word", "Volume Rectangular Prism")
def volume_rectangular_prism_word(rng: random.Random) -> Problem:
    template = rng.choice(("volume", "missing", "cubes", "small_cubes"))
    name = rng.choice(NAMES)
    unit = rng.choice(LENGTHS)
    length, width, height = rng.randint(3, 30), rng.randint(2, 20), rng.randint(2, 20)
    thing = rng.choice(("fish tank", "shoebox", "sandbox", "storage bin", "cereal box", "planter"))
    answer_unit = _au(unit, 3)
    if template == "volume":
        volume = length * width * height
        prompt = (f"{name}'s {thing} is a rectangular prism {_m(length, unit)} long, {_m(width, unit)} wide and "
                  f"{_m(height, unit)} tall. What is its volume?")
        answer = volume
        solution = f"$V = {length} \\times {width} \\times {height} = {volume}$ {_u(unit, 3)}."
        params = {"template": template, "dims": (length, width, height)}
    elif template == "missing":
        volume = length * width * height
        prompt = (f"A {thing} shaped like a rectangular prism has a volume of {_m(volume, unit, 3)}. Its base is "
                  f"{_m(length, unit)} by {_m(width, unit)}. How tall is it?")
        answer, answer_unit = height, _au(unit)
        solution = (f"The base has area ${length} \\times {width} = {length * width}$; "
                    f"$h = {volume} \\div {length * width} = {height}$ {unit}.")
        params = {"template": template, "volume": volume, "base": (length, width)}
    elif template == "cubes":
        length, width, height = rng.randint(2, 9), rng.randint(2, 8), rng.randint(2, 7)
        answer, answer_unit = length * width * height, ""
        prompt = (f"{name} packs 1-centimeter cubes into a box {_m(length, 'cm')} long, {_m(width, 'cm')} wide "
                  f"and {_m(height, 'cm')} tall, with no gaps. How many cubes fit?")
        solution = (f"Each layer holds ${length} \\times {width} = {length * width}$ cubes and there are ${height}$ "
                    f"layers: ${length * width} \\times {height} = {answer}$ cubes.")
        params = {"template": template, "dims": (length, width, height), "edge": 1}
    else:
        edge = rng.choice((Fraction(1, 2), Fraction(1, 4), Fraction(1, 3)))
        dims = tuple(edge * rng.randint(2, 8 if edge == Fraction(1, 2) else 10) for _ in range(3))
        count = 1
        for x in dims:
            count *= x / edge
        answer, answer_unit = count, ""
        from_mixed = [latex_mixed(x) for x in dims]
        prompt = (f"A box is ${from_mixed[0]}$ in long, ${from_mixed[1]}$ in wide and ${from_mixed[2]}$ in tall. "
                  f"How many cubes with edges of ${latex_fraction(edge)}$ in fill it exactly?")
        counts = [int(x / edge) for x in dims]
        solution = (f"Along the edges fit ${counts[0]}$, ${counts[1]}$ and ${counts[2]}$ cubes: "
                    f"${counts[0]} \\times {counts[1]} \\times {counts[2]} = {count}$ cubes.")
        params = {"template": template, "dims": dims, "edge": edge}
    return Problem(
        prompt=prompt, answer=_d(answer), unit=answer_unit,
        hint="Volume = length × width × height (the area of the base times the height).", solution=solution,
        params=params,
    )


@generator("surface_area_rectangular_prism_figure", "Surface Area Rectangular Prism")
def surface_area_rectangular_prism_figure(rng: random.Random) -> Problem:
    unit = rng.choice(LENGTHS)
    cube = rng.random() < 0.2
    if cube:
        length = width = height = rng.randint(2, 15)
    else:
        length, width, height = rng.randint(2, 15), rng.randint(2, 12), rng.randint(2, 12)
    area = 2 * (length * width + length * height + width * height)
    if cube:
        alt = f"A cube with edges of {length} {unit}."
        labels = (f"{length} {unit}", "", "")
        prompt = "The figure is a cube. What is its surface area?"
        solution = f"Six square faces: $6 \\times {length}^2 = {area}$ {_u(unit, 2)}."
    else:
        alt = f"A rectangular prism {length} {unit} long, {width} {unit} wide and {height} {unit} high."
        labels = (f"{length} {unit}", f"{width} {unit}", f"{height} {unit}")
        prompt = rng.choice(("What is the surface area of the rectangular prism?",
                             "Find the total area of all six faces of the box.",
                             f"{rng.choice(NAMES)} paints every face of this block. What area is painted?"))
        solution = (f"$SA = 2(\\ell w + \\ell h + wh) = 2({length * width} + {length * height} + {width * height}) "
                    f"= {area}$ {_u(unit, 2)}.")
    return Problem(
        prompt=prompt, answer=_d(area), unit=_au(unit, 2),
        hint="Add the areas of the six faces: opposite faces are equal, so find three and double.",
        solution=solution,
        figure=_box_svg(length, width, height, labels=labels, alt=alt), figure_alt=alt,
        params={"dims": (length, width, height), "open_top": False},
    )


@generator("surface_area_rectangular_prism_word", "Surface Area Rectangular Prism")
def surface_area_rectangular_prism_word(rng: random.Random) -> Problem:
    template = rng.choice(("wrap", "open", "cube", "paint"))
    name = rng.choice(NAMES)
    unit = rng.choice(("cm", "in"))
    length, width, height = rng.randint(3, 25), rng.randint(2, 20), rng.randint(2, 15)
    if template == "wrap":
        area = 2 * (length * width + length * height + width * height)
        prompt = (f"{name} wraps a gift box {_m(length, unit)} long, {_m(width, unit)} wide and {_m(height, unit)} "
                  f"tall. With no overlap, how much paper covers the box exactly?")
        solution = (f"$2({length} \\times {width} + {length} \\times {height} + {width} \\times {height}) = "
                    f"{area}$ {_u(unit, 2)}.")
        open_top = False
    elif template == "open":
        area = length * width + 2 * (length * height + width * height)
        thing = rng.choice(("a box with no lid", "an open-top planter", "an open-top tray", "a topless storage bin"))
        prompt = (f"How much cardboard is needed to make {thing} {_m(length, unit)} long, {_m(width, unit)} wide "
                  f"and {_m(height, unit)} tall? (There is no top face.)")
        solution = (f"Bottom ${length} \\times {width} = {length * width}$, front and back $2 \\times {length} \\times "
                    f"{height} = {2 * length * height}$, sides $2 \\times {width} \\times {height} = "
                    f"{2 * width * height}$: ${area}$ {_u(unit, 2)}.")
        open_top = True
    elif template == "cube":
        length = width = height = rng.randint(2, 20)
        area = 6 * length * length
        prompt = (f"A cube-shaped {rng.choice(('die', 'box', 'block', 'ice cube'))} has edges of "
                  f"{_m(length, unit)}. What is its surface area?")
        solution = (f"Six faces of ${length} \\times {length} = {length * length}$: ${6 * length * length}$ "
                    f"{_u(unit, 2)}.")
        open_top = False
    else:
        unit = rng.choice(("m", "ft"))
        length, width, height = rng.randint(2, 9), rng.randint(2, 8), rng.randint(2, 6)
        area = length * width + 2 * (length * height + width * height)
        prompt = (f"{name} paints the outside of a wooden chest {_m(length, unit)} long, {_m(width, unit)} wide and "
                  f"{_m(height, unit)} tall: every face except the bottom. What area is painted?")
        solution = (f"Top ${length * width}$, front and back ${2 * length * height}$, ends ${2 * width * height}$: "
                    f"${area}$ {_u(unit, 2)}.")
        open_top = True
    return Problem(
        prompt=prompt, answer=_d(area), unit=_au(unit, 2),
        hint="List the faces that are covered and add their areas.", solution=solution,
        params={"dims": (length, width, height), "open_top": open_top},
    )


@generator("volume_cylinder_figure", "Volume Cylinder")
def volume_cylinder_figure(rng: random.Random) -> Problem:
    unit = rng.choice(LENGTHS)
    show = rng.choice("rd")
    r, h = rng.randint(1, 12), _half_or_whole(rng, 2, 20, 0.2)
    given, word, step = _radius_or_diameter(show, r)
    volume = PI * r * r * h
    alt = f"A cylinder with a {word} of {given} {unit} and a height of {_d(h)} {unit}."
    prompt = rng.choice((f"What is the volume of the cylinder? {PI_NOTE}",
                         f"A cylinder has a {word} of {_m(given, unit)} and a height of {_m(h, unit)}. What is its "
                         f"volume? {PI_NOTE}",
                         f"How much water fills a cylindrical {rng.choice(('vase', 'tank', 'glass', 'bucket'))} "
                         f"with the measures shown? {PI_NOTE}"))
    return Problem(
        prompt=prompt, answer=_d(volume, 2), decimals=2, unit=_au(unit, 3),
        hint="Volume of a cylinder = area of the circular base × height: $V = \\pi r^2 h$.",
        solution=step + f"$V = \\pi r^2 h \\approx 3.14 \\times {r}^2 \\times {_d(h)} = {_d(volume)}$ {_u(unit, 3)}.",
        figure=_cylinder_svg(r, h, show=show, labels=(f"{given} {unit}", f"{_d(h)} {unit}"), alt=alt),
        figure_alt=alt,
        params={"given": given, "show": show, "h": h},
    )


@generator("volume_cylinder_word", "Volume Cylinder")
def volume_cylinder_word(rng: random.Random) -> Problem:
    template = rng.choice(("can", "tank", "half", "compare"))
    name = rng.choice(NAMES)
    unit = rng.choice(("cm", "in")) if template != "tank" else rng.choice(("m", "ft"))
    d, h = 2 * rng.randint(2, 10), rng.randint(3, 25)
    if template == "can":
        thing = rng.choice(("soup can", "paint can", "coffee tin", "candle", "water bottle"))
        volume = PI * (d // 2) ** 2 * h
        prompt = (f"A {thing} is a cylinder {_m(d, unit)} across (its diameter) and {_m(h, unit)} tall. "
                  f"What is its volume? {PI_NOTE}")
        solution = f"$r = {d // 2}$; $V \\approx 3.14 \\times {d // 2}^2 \\times {h} = {_d(volume)}$ {_u(unit, 3)}."
        params = {"template": template, "d": d, "h": h, "part": 1}
    elif template == "tank":
        r, h = rng.randint(1, 6), rng.randint(2, 12)
        d = 2 * r
        volume = PI * r * r * h
        prompt = (f"A cylindrical water tank has a radius of {_m(r, unit)} and a height of {_m(h, unit)}. "
                  f"How much water does it hold when full? {PI_NOTE}")
        solution = f"$V = \\pi r^2 h \\approx 3.14 \\times {r}^2 \\times {h} = {_d(volume)}$ {_u(unit, 3)}."
        params = {"template": template, "d": d, "h": h, "part": 1}
    elif template == "half":
        h = 2 * rng.randint(3, 15)
        volume = PI * (d // 2) ** 2 * h / 2
        prompt = (f"{name} fills a cylindrical glass with a diameter of {_m(d, unit)} and a height of "
                  f"{_m(h, unit)} halfway up with juice. What volume of juice is in the glass? {PI_NOTE}")
        solution = (f"The juice is a cylinder ${h // 2}$ {unit} tall: $3.14 \\times {d // 2}^2 \\times {h // 2} = "
                    f"{_d(volume)}$ {_u(unit, 3)}.")
        params = {"template": template, "d": d, "h": h, "part": Fraction(1, 2)}
    else:
        d2 = d + 2 * rng.randint(1, 4)
        volume = PI * ((d2 // 2) ** 2 - (d // 2) ** 2) * h
        prompt = (f"Two cylindrical cans are both {_m(h, unit)} tall. One has a diameter of {_m(d, unit)} and the "
                  f"other {_m(d2, unit)}. How much more does the wider can hold? {PI_NOTE}")
        solution = (f"$3.14 \\times {d2 // 2}^2 \\times {h} - 3.14 \\times {d // 2}^2 \\times {h} = "
                    f"{_d(PI * (d2 // 2) ** 2 * h)} - {_d(PI * (d // 2) ** 2 * h)} = {_d(volume)}$ {_u(unit, 3)}.")
        params = {"template": template, "d": d, "d2": d2, "h": h}
    return Problem(
        prompt=prompt, answer=_d(volume, 2), decimals=2, unit=_au(unit, 3),
        hint="$V = \\pi r^2 h$; the radius is half the diameter.", solution=solution, params=params,
    )


@generator("surface_area_cylinder_figure", "Surface Area Cylinder")
def surface_area_cylinder_figure(rng: random.Random) -> Problem:
    unit = rng.choice(LENGTHS)
    show = rng.choice("rd")
    r, h = rng.randint(1, 12), rng.randint(2, 20)
    given, word, step = _radius_or_diameter(show, r)
    bases, side = 2 * PI * r * r, 2 * PI * r * h
    area = bases + side
    alt = f"A closed cylinder with a {word} of {given} {unit} and a height of {h} {unit}."
    prompt = rng.choice((f"What is the total surface area of the cylinder, including its top and bottom? {PI_NOTE}",
                         f"A closed cylinder has a {word} of {_m(given, unit)} and a height of {_m(h, unit)}. What is "
                         f"its surface area? {PI_NOTE}",
                         f"How much sheet metal covers the whole outside of a closed cylindrical tank with the "
                         f"measures shown? {PI_NOTE}"))
    return Problem(
        prompt=prompt, answer=_d(area, 2), decimals=2, unit=_au(unit, 2),
        hint="Two circles ($\\pi r^2$ each) plus the curved side, a rectangle of $2\\pi r$ by $h$.",
        solution=step + f"Two bases: $2 \\times 3.14 \\times {r}^2 = {_d(bases)}$; curved side: "
                        f"$2 \\times 3.14 \\times {r} \\times {h} = {_d(side)}$; total ${_d(area)}$ {_u(unit, 2)}.",
        figure=_cylinder_svg(r, h, show=show, labels=(f"{given} {unit}", f"{h} {unit}"), alt=alt), figure_alt=alt,
        params={"given": given, "show": show, "h": h, "bases": 2},
    )


@generator("surface_area_cylinder_word", "Surface Area Cylinder")
def surface_area_cylinder_word(rng: random.Random) -> Problem:
    template = rng.choice(("label", "open", "closed"))
    unit = rng.choice(("cm", "in"))
    d, h = 2 * rng.randint(2, 10), rng.randint(4, 25)
    r = d // 2
    if template == "label":
        area = PI * d * h
        bases = 0
        prompt = (f"A paper label covers the curved side of a can (not the top or bottom). The can has a diameter "
                  f"of {_m(d, unit)} and a height of {_m(h, unit)}. What is the area of the label? {PI_NOTE}")
        solution = (f"Unrolled, the label is a rectangle: the circumference $3.14 \\times {d} = {_d(PI * d)}$ by the "
                    f"height ${h}$: ${_d(area)}$ {_u(unit, 2)}.")
    elif template == "open":
        area = PI * r * r + PI * d * h
        bases = 1
        thing = rng.choice(("cup", "flower pot", "pencil holder", "bucket"))
        prompt = (f"A cylindrical {thing} has a bottom but no top. Its diameter is {_m(d, unit)} and its height is "
                  f"{_m(h, unit)}. What is the area of its outside surface (bottom and side)? {PI_NOTE}")
        solution = (f"Bottom: $3.14 \\times {r}^2 = {_d(PI * r * r)}$; side: $3.14 \\times {d} \\times {h} = "
                    f"{_d(PI * d * h)}$; total ${_d(area)}$ {_u(unit, 2)}.")
    else:
        area = 2 * PI * r * r + PI * d * h
        bases = 2
        prompt = (f"{rng.choice(NAMES)} covers a closed cylindrical box, {_m(d, unit)} in diameter and "
                  f"{_m(h, unit)} tall, with fabric. How much fabric covers it exactly? {PI_NOTE}")
        solution = (f"Two circles: $2 \\times 3.14 \\times {r}^2 = {_d(2 * PI * r * r)}$; side: $3.14 \\times {d} "
                    f"\\times {h} = {_d(PI * d * h)}$; total ${_d(area)}$ {_u(unit, 2)}.")
    return Problem(
        prompt=prompt, answer=_d(area, 2), decimals=2, unit=_au(unit, 2),
        hint="The curved side unrolls into a rectangle as long as the circumference; each base is a circle.",
        solution=solution,
        params={"given": d, "show": "d", "h": h, "bases": bases},
    )


@generator("volume_sphere_figure", "Volume Sphere")
def volume_sphere_figure(rng: random.Random) -> Problem:
    unit = rng.choice(LENGTHS)
    show = rng.choice("rd")
    r = rng.randint(1, 15)
    given, word, step = _radius_or_diameter(show, r)
    volume = Fraction(4, 3) * PI * r ** 3
    alt = f"A sphere with its {word} drawn and labelled {given} {unit}."
    prompt = rng.choice((f"What is the volume of the sphere? {PI_NOTE}",
                         f"A sphere has a {word} of {_m(given, unit)}. What is its volume? {PI_NOTE}",
                         f"How much air is inside a ball with the {word} shown? {PI_NOTE}"))
    return Problem(
        prompt=prompt, answer=_d(volume, 2), decimals=2, unit=_au(unit, 3),
        hint="$V = \\frac{4}{3}\\pi r^3$.",
        solution=step + f"$V = \\frac{{4}}{{3}}\\pi r^3 \\approx \\frac{{4}}{{3}} \\times 3.14 \\times {r}^3 "
                        f"\\approx {_d(volume, 2)}$ {_u(unit, 3)}.",
        figure=_sphere_svg(show, f"{given} {unit}", alt), figure_alt=alt,
        params={"given": given, "show": show, "part": 1},
    )


@generator("volume_sphere_word", "Volume Sphere")
def volume_sphere_word(rng: random.Random) -> Problem:
    template = rng.choice(("ball", "hemisphere", "difference"))
    unit = rng.choice(("cm", "in"))
    figure, alt = "", ""
    if template == "ball":
        thing = rng.choice(("basketball", "beach ball", "globe", "gumball", "snow globe", "marble", "bowling ball"))
        d = rng.choice({"basketball": (24, 24, 22) if unit == "cm" else (10, 9, 10), "beach ball": (30, 40, 50, 60)
                        if unit == "cm" else (12, 16, 20, 24), "globe": (30, 32, 40) if unit == "cm" else (12, 16),
                        "gumball": (2, 4) if unit == "cm" else (1, 2), "snow globe": (8, 10, 12, 14) if unit == "cm"
                        else (4, 6), "marble": (2, 4) if unit == "cm" else (1, 2), "bowling ball": (22, 20)
                        if unit == "cm" else (8, 9)}[thing])
        volume = Fraction(4, 3) * PI * Fraction(d, 2) ** 3
        prompt = f"A {thing} is a sphere with a diameter of {_m(d, unit)}. What is its volume? {PI_NOTE}"
        solution = (f"$r = {_d(Fraction(d, 2))}$; $V = \\frac{{4}}{{3}} \\times 3.14 \\times {_d(Fraction(d, 2))}^3 "
                    f"\\approx {_d(volume, 2)}$ {_u(unit, 3)}.")
        params = {"template": template, "d": d}
    elif template == "hemisphere":
        r = rng.randint(2, 15)
        volume = Fraction(2, 3) * PI * r ** 3
        thing = rng.choice(("bowl", "dome", "igloo model", "fish bowl"))
        prompt = (f"A {thing} is shaped like half a sphere (a hemisphere) with a radius of {_m(r, unit)}. What is "
                  f"its volume? {PI_NOTE}")
        alt = f"A hemisphere with a radius of {r} {unit}."
        figure = _sphere_svg("r", f"{r} {unit}", alt, hemisphere=True)
        solution = (f"Half of $\\frac{{4}}{{3}}\\pi r^3$: $\\frac{{2}}{{3}} \\times 3.14 \\times {r}^3 \\approx "
                    f"{_d(volume, 2)}$ {_u(unit, 3)}.")
        params = {"template": template, "r": r}
    else:
        r1 = rng.randint(1, 8)
        r2 = r1 + rng.randint(1, 5)
        volume = Fraction(4, 3) * PI * (r2 ** 3 - r1 ** 3)
        prompt = (f"{rng.choice(NAMES)} has two balls with radii {_m(r1, unit)} and {_m(r2, unit)}. How much greater "
                  f"is the volume of the larger ball? {PI_NOTE}")
        solution = (f"$\\frac{{4}}{{3}} \\times 3.14 \\times ({r2}^3 - {r1}^3) = \\frac{{4}}{{3}} \\times 3.14 \\times "
                    f"{r2 ** 3 - r1 ** 3} \\approx {_d(volume, 2)}$ {_u(unit, 3)}.")
        params = {"template": template, "r1": r1, "r2": r2}
    return Problem(
        prompt=prompt, answer=_d(volume, 2), decimals=2, unit=_au(unit, 3),
        hint="$V = \\frac{4}{3}\\pi r^3$, with r half the diameter.", solution=solution,
        figure=figure, figure_alt=alt, params=params,
    )


# == nets ===================================================================================================
# The eleven nets of a cube, as the cells (column, row) of their squares.
CUBE_NETS = (
    ((0, 2), (0, 1), (1, 1), (2, 1), (3, 1), (0, 0)), ((0, 2), (0, 1), (1, 1), (2, 1), (3, 1), (1, 0)),
    ((0, 2), (0, 1), (1, 1), (2, 1), (3, 1), (2, 0)), ((0, 2), (0, 1), (1, 1), (2, 1), (3, 1), (3, 0)),
    ((1, 2), (0, 1), (1, 1), (2, 1), (3, 1), (1, 0)), ((1, 2), (0, 1), (1, 1), (2, 1), (3, 1), (2, 0)),
    ((0, 2), (1, 2), (1, 1), (2, 1), (3, 1), (1, 0)), ((0, 2), (1, 2), (1, 1), (2, 1), (3, 1), (2, 0)),
    ((0, 2), (1, 2), (1, 1), (2, 1), (3, 1), (3, 0)), ((0, 2), (1, 2), (1, 1), (2, 1), (2, 0), (3, 0)),
    ((0, 1), (1, 1), (2, 1), (2, 0), (3, 0), (4, 0)),
)
SOLIDS = ("cube", "rectangular prism", "triangular prism", "square pyramid", "triangular pyramid", "cylinder",
          "cone", "pentagonal prism", "pentagonal pyramid")
NET_DISTRACTORS = {
    "cube": ("square pyramid", "triangular prism", "pentagonal prism", "cylinder"),
    "rectangular prism": ("cube", "square pyramid", "triangular prism", "pentagonal prism"),
    "triangular prism": ("triangular pyramid", "rectangular prism", "square pyramid", "pentagonal prism"),
    "square pyramid": ("triangular pyramid", "cube", "triangular prism", "pentagonal pyramid"),
    "triangular pyramid": ("triangular prism", "square pyramid", "pentagonal pyramid", "cone"),
    "cylinder": ("cone", "sphere", "rectangular prism", "triangular prism"),
    "cone": ("cylinder", "square pyramid", "sphere", "triangular pyramid"),
    "pentagonal prism": ("pentagonal pyramid", "hexagonal prism", "rectangular prism", "triangular prism"),
    "pentagonal pyramid": ("pentagonal prism", "square pyramid", "hexagonal pyramid", "triangular pyramid"),
}


def _regular(n: int, center, radius: float, start: float) -> list[tuple[float, float]]:
    return [(center[0] + radius * math.cos(start + 2 * math.pi * k / n),
             center[1] + radius * math.sin(start + 2 * math.pi * k / n)) for k in range(n)]


def _outward_triangle(p, q, height: float, inside) -> list[tuple[float, float]]:
    """An isosceles triangle on the segment p-q, pointing away from the point `inside`."""
    mx, my = (p[0] + q[0]) / 2, (p[1] + q[1]) / 2
    nx, ny = -(q[1] - p[1]), q[0] - p[0]
    length = math.hypot(nx, ny)
    nx, ny = nx / length, ny / length
    if (mx - inside[0]) * nx + (my - inside[1]) * ny < 0:
        nx, ny = -nx, -ny
    return [p, q, (mx + nx * height, my + ny * height)]


def _net_faces(solid: str, rng: random.Random) -> tuple[list[list[tuple[float, float]]], str]:
    """The faces of a net of `solid` (polygons; circles as many-sided polygons) and the net in words."""
    if solid == "cube":
        cells = rng.choice(CUBE_NETS)
        faces = [[(c, r), (c + 1, r), (c + 1, r + 1), (c, r + 1)] for c, r in cells]
        return faces, "six equal squares joined edge to edge"
    if solid == "rectangular prism":
        l, w, h = rng.sample((1.0, 1.6, 2.3), 3)
        faces = [[(x, 0), (x + dx, 0), (x + dx, h), (x, h)] for x, dx in ((0, w), (w, l), (w + l, w), (2 * w + l, l))]
        faces += [[(w, h), (w + l, h), (w + l, h + w), (w, h + w)], [(w, -w), (w + l, -w), (w + l, 0), (w, 0)]]
        return faces, ("six rectangles: four in a row, with one more above and one below the second; opposite "
                       "rectangles match, but they are not all the same size")
    if solid == "triangular prism":
        side, length = 1.0, rng.choice((1.8, 2.2, 2.6))
        faces = [[(x, 0), (x + side, 0), (x + side, length), (x, length)] for x in (0, side, 2 * side)]
        faces.append(_outward_triangle((side, length), (2 * side, length), side * math.sqrt(3) / 2, (1.5, 0)))
        faces.append(_outward_triangle((side, 0), (2 * side, 0), side * math.sqrt(3) / 2, (1.5, length)))
        return faces, "three equal rectangles in a row, with a triangle above and a triangle below the middle one"
    if solid in ("square pyramid", "pentagonal pyramid"):
        n = 4 if solid == "square pyramid" else 5
        base = _regular(n, (0, 0), 1.0, math.pi / 4 if n == 4 else math.pi / 2)
        faces = [base] + [_outward_triangle(base[k], base[(k + 1) % n], rng.choice((1.3, 1.6, 1.9)), (0, 0))
                          for k in range(n)]
        shape = "a square" if n == 4 else "a regular pentagon"
        return faces, f"{shape} with a triangle on each of its {n} sides, all the triangles pointing outwards"
    if solid == "triangular pyramid":
        big = [(0, 0), (2, 0), (1, math.sqrt(3))]
        mids = [(1, 0), (1.5, math.sqrt(3) / 2), (0.5, math.sqrt(3) / 2)]
        faces = [[big[0], mids[0], mids[2]], [mids[0], big[1], mids[1]], [mids[2], mids[1], big[2]],
                 [mids[0], mids[1], mids[2]]]
        return faces, "four equal triangles: one in the middle with one on each of its sides, making a large triangle"
    if solid == "cylinder":
        r = 0.5
        width, height = 2 * math.pi * r, rng.choice((1.6, 2.0, 2.4))
        a, b = rng.uniform(r, width - r), rng.uniform(r, width - r)
        faces = [[(0, 0), (width, 0), (width, height), (0, height)],
                 _regular(40, (a, height + r), r, 0), _regular(40, (b, -r), r, 0)]
        return faces, "a rectangle with a circle touching its top side and another circle touching its bottom side"
    if solid == "cone":
        slant, r = 2.0, rng.choice((0.6, 0.8, 1.0))
        sweep = 2 * math.pi * r / slant
        start = math.pi / 2 - sweep / 2
        sector = [(0, 0)] + [(slant * math.cos(start + sweep * k / 24), slant * math.sin(start + sweep * k / 24))
                             for k in range(25)]
        faces = [sector, _regular(40, (0, -r), r, 0)]
        return faces, "a sector of a circle (a fan shape) with a small circle touching the point of the fan"
    # pentagonal prism
    side, length = 1.0, rng.choice((1.6, 2.0))
    faces = [[(x, 0), (x + side, 0), (x + side, length), (x, length)] for x in (0, 1, 2, 3, 4)]
    apothem = side / (2 * math.tan(math.pi / 5))
    radius = side / (2 * math.sin(math.pi / 5))
    faces.append(_regular(5, (2.5, length + apothem), radius, -math.pi / 2))
    faces.append(_regular(5, (2.5, -apothem), radius, math.pi / 2))
    return faces, "five equal rectangles in a row, with a pentagon above and a pentagon below the middle one"


def _transformed_faces(faces, quarter: int, flip: bool):
    return [[(round(x, 3), round(y, 3)) for x, y in _turned(face, quarter, flip)] for face in faces]


@generator("net_identify_solid", "Nets of 3D Figures")
def net_identify_solid(rng: random.Random) -> Problem:
    solid = rng.choice(SOLIDS)
    faces, words = _net_faces(solid, rng)
    faces = _transformed_faces(faces, rng.randrange(4), rng.random() < 0.5)
    alt = f"A net made of {words}."
    canvas = _Canvas([p for face in faces for p in face], alt=alt, width=400, height=300, pad=(16, 16, 16, 16))
    for k, face in enumerate(faces):
        canvas.polygon(face, fill=PALETTE[k % 3], opacity=0.18)
    wrong = rng.sample(NET_DISTRACTORS[solid], 3)
    choices = choices_with(solid, wrong, rng)
    prompt = rng.choice((
        "Which solid can be folded from this net?",
        f"{rng.choice(NAMES)} cuts out this net and folds it along the lines. Which solid does it make?",
        "The figure shows a net. Which three-dimensional figure does it fold into?",
    ))
    return Problem(
        prompt=prompt, answer=solid, kind=AnswerKind.CHOICE, choices=choices,
        hint="Count the faces and look at their shapes: prisms have two matching bases joined by rectangles, "
             "pyramids have one base with triangles meeting at a point.",
        solution=f"The net has {words}; folded up, it makes a {solid}.",
        figure=canvas.render(), figure_alt=alt,
        params={"faces": faces},
    )


def _net_surface(kind: str, rng: random.Random, unit: str):
    """Faces with exact coordinates, labels to draw (segment, text, outward direction), the surface area
    by its formula, the solution's working and the net in words."""
    if kind == "box":
        dims = rng.sample(range(2, 13), 3)
        l, w, h = dims
        faces = [[(x, 0), (x + dx, 0), (x + dx, h), (x, h)] for x, dx in ((0, w), (w, l), (w + l, w), (2 * w + l, l))]
        faces += [[(w, h), (w + l, h), (w + l, h + w), (w, h + w)], [(w, -w), (w + l, -w), (w + l, 0), (w, 0)]]
        labels = [(((w, h + w), (w + l, h + w)), f"{l} {unit}", (0, 1)),
                  (((w, h), (w, h + w)), f"{w} {unit}", (-1, 0)),
                  (((0, 0), (0, h)), f"{h} {unit}", (-1, 0))]
        area = 2 * (l * w + l * h + w * h)
        working = f"$2({l} \\times {w}) + 2({l} \\times {h}) + 2({w} \\times {h}) = {area}$"
        words = (f"the net of a box: four rectangles in a row, {w} by {h}, {l} by {h}, {w} by {h} and {l} by {h} "
                 f"{unit}, with a {l} by {w} rectangle above and below the second one")
        return faces, labels, area, working, words
    if kind == "cube":
        s = rng.randint(2, 15)
        cells = rng.choice(CUBE_NETS)
        faces = [[(c * s, r * s), ((c + 1) * s, r * s), ((c + 1) * s, (r + 1) * s), (c * s, (r + 1) * s)]
                 for c, r in cells]
        c, r = min(cells)
        labels = [(((c * s, r * s), (c * s, (r + 1) * s)), f"{s} {unit}", (-1, 0))]
        area = 6 * s * s
        working = f"$6 \\times {s}^2 = 6 \\times {s * s} = {area}$"
        words = f"six squares with sides of {s} {unit}, joined edge to edge"
        return faces, labels, area, working, words
    if kind == "prism":
        a, b, c = rng.choice([t for t in SCALED_TRIPLES if t[2] <= 20])
        length = rng.randint(4, 15)
        faces = [[(0, 0), (b, 0), (b, length), (0, length)], [(b, 0), (b + a, 0), (b + a, length), (b, length)],
                 [(b + a, 0), (b + a + c, 0), (b + a + c, length), (b + a, length)],
                 [(b, length), (b + a, length), (b, length + b)], [(0, 0), (b, 0), (b, -a)]]
        labels = [(((0, length), (b, length)), f"{b} {unit}", (0, 1)),
                  (((b, 0), (b + a, 0)), f"{a} {unit}", (0, -1)),
                  (((b + a, 0), (b + a + c, 0)), f"{c} {unit}", (0, -1)),
                  (((0, 0), (0, length)), f"{length} {unit}", (-1, 0))]
        area = a * b + (a + b + c) * length
        working = (f"two triangles $2 \\times \\frac{{1}}{{2}} \\times {a} \\times {b} = {a * b}$ plus three "
                   f"rectangles "
                   f"$({b} + {a} + {c}) \\times {length} = {(a + b + c) * length}$: ${area}$")
        words = (f"the net of a triangular prism: three rectangles in a row, {b}, {a} and {c} {unit} wide and "
                 f"{length} {unit} long, and two right triangles with legs {a} and {b} {unit} "
                 f"(and longest side {c} {unit})")
        return faces, labels, area, working, words
    s, t = rng.randint(2, 12), rng.randint(3, 14)
    half = Fraction(s, 2)
    faces = [[(0, 0), (s, 0), (s, s), (0, s)], [(0, s), (s, s), (half, s + t)], [(s, 0), (s, s), (s + t, half)],
             [(0, 0), (s, 0), (half, -t)], [(0, 0), (0, s), (-t, half)]]
    labels = [(((0, 0), (s, 0)), f"{s} {unit}", (0, 1)), (((half, s + t), (half, s)), f"{t} {unit}", (1, 0))]
    area = s * s + 4 * Fraction(s * t, 2)
    working = (f"the square ${s} \\times {s} = {s * s}$ plus four triangles $4 \\times \\frac{{1}}{{2}} \\times {s} "
               f"\\times {t} = {_d(4 * Fraction(s * t, 2))}$: ${_d(area)}$")
    words = (f"the net of a square pyramid: a square with sides of {s} {unit} and four equal triangles on its "
             f"sides, each with a base of {s} {unit} and a height of {t} {unit} (shown dashed in the top triangle)")
    return faces, labels, area, working, words


@generator("net_surface_area", "Nets of 3D Figures")
def net_surface_area(rng: random.Random) -> Problem:
    kind = rng.choice(("box", "cube", "prism", "pyramid"))
    unit = rng.choice(LENGTHS)
    faces, labels, area, working, words = _net_surface(kind, rng, unit)
    alt = f"A net: {words}."
    points = [p for face in faces for p in face]
    canvas = _Canvas(points, alt=alt, width=420, height=330, pad=(30, 30, 30, 60))
    for k, face in enumerate(faces):
        canvas.polygon(face, fill=PALETTE[k % 3], opacity=0.16)
    for (p, q), text, outward in labels:
        if kind == "pyramid" and outward == (1, 0):
            canvas.segment(p, q, dashed=True, width=1.5)
            canvas.text(((float(p[0]) + float(q[0])) / 2, (float(p[1]) + float(q[1])) / 2), text, dx=6,
                        anchor="start", size=13)
        elif kind == "pyramid":
            canvas.text(((float(p[0]) + float(q[0])) / 2, float(p[1])), text, dy=-12, size=13)
        else:
            canvas.edge_label(p, q, text, outward)
    solid = {"box": "rectangular prism", "cube": "cube", "prism": "triangular prism", "pyramid": "square pyramid"}[kind]
    prompt = rng.choice((
        f"The net folds into a {solid}. What is the surface area of the {solid}?",
        f"{rng.choice(NAMES)} folds this net into a {solid}. How much paper is in the net?",
        "What is the total area of the net?",
    ))
    return Problem(
        prompt=prompt, answer=_d(area), unit=_au(unit, 2),
        hint="The surface area is the sum of the areas of all the faces in the net.",
        solution=f"Add the faces: {working} {_u(unit, 2)}.",
        figure=canvas.render(), figure_alt=alt,
        params={"faces": faces},
    )


# == the Pythagorean theorem ===============================================================================
def _right_triangle_svg(a_label: str, b_label: str, c_label: str, alt: str, *, a=3, b=4, flip: bool = False) -> str:
    """A right triangle with leg a upright, leg b along the bottom and hypotenuse c."""
    return _triangle_svg(b, a, 0, labels=(b_label, a_label), alt=alt, slant=c_label, flip=flip)


@generator("pythagorean_hypotenuse", "Pythagorean Theorem")
def pythagorean_hypotenuse(rng: random.Random) -> Problem:
    unit = rng.choice(LENGTHS)
    if rng.random() < 0.5:
        a, b, c = rng.choice(SCALED_TRIPLES[:18])
        decimals, answer = None, str(c)
    else:
        a, b = rng.randint(2, 15), rng.randint(2, 15)
        while math.isqrt(a * a + b * b) ** 2 == a * a + b * b:
            b += 1
        decimals = rng.choice((1, 1, 2))
        answer = _sqrt_text(a * a + b * b, decimals)
    if rng.random() < 0.5:
        a, b = b, a
    alt = f"A right triangle with legs of {a} {unit} and {b} {unit}; the hypotenuse is unknown."
    prompt = rng.choice((
        "What is the length of the hypotenuse of the right triangle?",
        f"A right triangle has legs of {_m(a, unit)} and {_m(b, unit)}. How long is its hypotenuse?",
        "How long is the longest side of the right triangle?",
    ))
    root = f"\\sqrt{{{a * a + b * b}}}"
    return Problem(
        prompt=prompt, answer=answer, decimals=decimals, unit=_au(unit),
        hint="$a^2 + b^2 = c^2$: add the squares of the legs, then take the square root.",
        solution=f"$c^2 = {a}^2 + {b}^2 = {a * a} + {b * b} = {a * a + b * b}$, so $c = {root}"
                 + (f" = {answer}$ {unit}." if decimals is None else f" \\approx {answer}$ {unit}."),
        figure=_right_triangle_svg(f"{a} {unit}", f"{b} {unit}", "?", alt, a=a, b=b, flip=rng.random() < 0.5),
        figure_alt=alt,
        params={"legs": (a, b), "find": "c"},
    )


@generator("pythagorean_leg", "Pythagorean Theorem")
def pythagorean_leg(rng: random.Random) -> Problem:
    unit = rng.choice(LENGTHS)
    if rng.random() < 0.5:
        a, b, c = rng.choice(SCALED_TRIPLES[:18])
        if rng.random() < 0.5:
            a, b = b, a
        decimals, answer = None, str(b)
    else:
        c = rng.randint(6, 25)
        a = rng.randint(2, c - 1)
        while math.isqrt(c * c - a * a) ** 2 == c * c - a * a:
            a = a - 1 if a > 2 else c - 1
        b = None
        decimals = rng.choice((1, 1, 2))
        answer = _sqrt_text(c * c - a * a, decimals)
    alt = f"A right triangle with one leg of {a} {unit} and a hypotenuse of {c} {unit}; the other leg is unknown."
    prompt = rng.choice((
        "What is the length of the missing leg of the right triangle?",
        f"A right triangle has a hypotenuse of {_m(c, unit)} and one leg of {_m(a, unit)}. How long is the other leg?",
        "Find the unknown side of the right triangle.",
    ))
    root = f"\\sqrt{{{c * c - a * a}}}"
    shape_b = b if b else max(1, round(math.sqrt(c * c - a * a)))
    return Problem(
        prompt=prompt, answer=answer, decimals=decimals, unit=_au(unit),
        hint="$a^2 + b^2 = c^2$, so a leg is $\\sqrt{c^2 - a^2}$.",
        solution=f"$b^2 = {c}^2 - {a}^2 = {c * c} - {a * a} = {c * c - a * a}$, so $b = {root}"
                 + (f" = {answer}$ {unit}." if decimals is None else f" \\approx {answer}$ {unit}."),
        figure=_right_triangle_svg(f"{a} {unit}", "?", f"{c} {unit}", alt, a=a, b=shape_b, flip=rng.random() < 0.5),
        figure_alt=alt,
        params={"leg": a, "hypotenuse": c, "find": "b"},
    )


@generator("pythagorean_word", "Pythagorean Theorem")
def pythagorean_word(rng: random.Random) -> Problem:
    template = rng.choice(("ladder", "screen", "walk", "field", "ramp"))
    name = rng.choice(NAMES)
    exact = rng.random() < 0.5
    if exact:
        a, b, c = rng.choice(SCALED_TRIPLES[:14])
    else:
        a, b = rng.randint(3, 20), rng.randint(3, 20)
        while math.isqrt(a * a + b * b) ** 2 == a * a + b * b:
            b += 1
        c = None
    if template == "ladder":
        unit = rng.choice(("ft", "m"))
        if c is None:
            c = max(a, b) + rng.randint(1, 6)
            a = min(a, b)
            while math.isqrt(c * c - a * a) ** 2 == c * c - a * a:
                c += 1
        prompt = (f"A ladder {_m(c, unit)} long leans against a wall. Its foot is {_m(a, unit)} from the wall. "
                  f"How high up the wall does the ladder reach?")
        square, find = c * c - a * a, "leg"
        working = f"$h^2 = {c}^2 - {a}^2 = {square}$"
        params = {"leg": a, "hypotenuse": c, "find": "b"}
    else:
        unit, prompt = {
            "screen": ("in", f"A screen is {_m(b, 'in')} wide and {_m(a, 'in')} tall. How long is its diagonal?"),
            "walk": ("km", f"{name} walks {_m(a, 'km')} north and then {_m(b, 'km')} east. How far is {name} "
                           f"from the starting point, in a straight line?"),
            "field": ("m", f"A rectangular field is {_m(b, 'm')} long and {_m(a, 'm')} wide. How long is a path "
                           f"straight across it from one corner to the opposite corner?"),
            "ramp": ("ft", f"A ramp rises {_m(a, 'ft')} over a horizontal distance of {_m(b, 'ft')}. How long is "
                           f"the ramp's sloping surface?"),
        }[template]
        square, find = a * a + b * b, "hypotenuse"
        working = f"$d^2 = {a}^2 + {b}^2 = {square}$"
        params = {"legs": (a, b), "find": "c"}
    root = math.isqrt(square)
    if root * root == square:
        answer, decimals = str(root), None
        ending = f", so the answer is $\\sqrt{{{square}}} = {root}$ {unit}."
    else:
        decimals = 1
        answer = _sqrt_text(square, 1)
        ending = f", so the answer is $\\sqrt{{{square}}} \\approx {answer}$ {unit}."
    return Problem(
        prompt=prompt, answer=answer, decimals=decimals, unit=unit,
        hint="Picture the right triangle: which side is the hypotenuse (across from the right angle)?",
        solution=f"The {find} of a right triangle: {working}{ending}",
        params=params,
    )


# == angles =================================================================================================
def _deg(value) -> str:
    """An angle in a prompt: $35°$ written as $35^\\circ$."""
    return f"${_d(value)}^\\circ$"


def _ray_point(origin, degrees: float, length: float = 1.0) -> tuple[float, float]:
    return (origin[0] + length * math.cos(math.radians(degrees)), origin[1] + length * math.sin(math.radians(degrees)))


def _split_angle_svg(total: int, part, labels: tuple[str, str], alt: str, base: float) -> str:
    """A right angle (total 90) or a straight angle (180) split by a ray into `part` and the rest, labelled."""
    o = (0.0, 0.0)
    a, c, b = _ray_point(o, base), _ray_point(o, base + float(part)), _ray_point(o, base + total)
    canvas = _Canvas([o, a, b, c, (-0.2, -0.2), (0.2, 0.2)], alt=alt, width=340, height=260, pad=(30, 30, 30, 30))
    for p in (a, b, c):
        canvas.segment(o, p, width=2.5)
    if total == 180:
        canvas.segment(o, a, width=2.5)
    for name, p in (("A", a), ("C", c), ("B", b)):
        ux, uy = _unit(p, o)
        canvas.text(p, name, dx=12 * ux, dy=-12 * uy, bold=True, size=14)
    canvas.text(o, "O", dx=-10, dy=12, bold=True, size=14)
    canvas.angle(o, a, c, labels[0], r=30, color=PALETTE[0])
    canvas.angle(o, c, b, labels[1], r=44, color=ACCENT)
    if total == 90:
        canvas.right_angle(o, a, b, size=12)
    return canvas.render()


@generator("complementary_supplementary_angle", "Complementary and Supplementary Angles")
def complementary_supplementary_angle(rng: random.Random) -> Problem:
    kind = rng.choice(("complementary", "supplementary"))
    total = 90 if kind == "complementary" else 180
    part = rng.randint(12, total - 12)
    if rng.random() < 0.15:
        part += Fraction(1, 2)
    answer = total - part
    noun = "complement" if kind == "complementary" else "supplement"
    template = rng.randrange(3)
    figure, alt = "", ""
    if template == 0:
        prompt = f"What is the {noun} of an angle that measures {_deg(part)}?"
    elif template == 1:
        base = rng.choice((0, 0, 15, 30, 200, 180)) if total == 90 else rng.choice((0, 0, 10, 180))
        shape = "a right angle" if total == 90 else "a straight line"
        alt = (f"Angle AOB is {shape} (AOB measures {total} degrees). Ray OC lies between OA and OB; angle AOC "
               f"measures {_d(part)} degrees and angle COB is unknown.")
        figure = _split_angle_svg(total, part, (f"{_d(part)}°", "?"), alt, base)
        what = "∠AOB is a right angle" if total == 90 else "A, O and B lie on a straight line"
        prompt = f"In the figure, {what}. What is the measure of $\\angle COB$?"
    else:
        name = rng.choice(NAMES)
        prompt = (f"{name} draws two {kind} angles. One of them measures {_deg(part)}. What does the other "
                  f"one measure?")
    return Problem(
        prompt=prompt, answer=_d(answer), unit="°",
        hint="Complementary angles add up to $90^\\circ$; supplementary angles add up to $180^\\circ$.",
        solution=f"{kind.capitalize()} angles add up to ${total}^\\circ$: ${total} - {_d(part)} = "
                 f"{_d(answer)}^\\circ$.",
        figure=figure, figure_alt=alt,
        params={"kind": kind, "part": part},
    )


def _substituted(p: int, q: int, x) -> str:
    """p x + q with x put in: '3 \\times 12 + 5', '12 - 4'."""
    product = f"{x}" if p == 1 else f"{p} \\times {x}"
    return f"{product} {signed_term(q)}" if q else product


def _expression(p: int, q: int) -> str:
    """'3x + 12', 'x - 5', '2x'."""
    return linear_text([(p, "x"), (q, "")])


@generator("complementary_supplementary_algebra", "Complementary and Supplementary Angles")
def complementary_supplementary_algebra(rng: random.Random) -> Problem:
    kind = rng.choice(("complementary", "supplementary"))
    total = 90 if kind == "complementary" else 180
    template = rng.choice(("expressions", "expressions", "times", "more"))
    if template == "expressions":
        while True:
            x = rng.randint(4, 30)
            p, r = rng.randint(1, 5), rng.randint(1, 5)
            first = rng.randint(15, total - 15)
            q, s = first - p * x, (total - first) - r * x
            if q != 0 and s != 0 and abs(q) <= 60 and abs(s) <= 60:
                break
        ask = rng.choice(("x", "first", "second"))
        answer = {"x": x, "first": first, "second": total - first}[ask]
        what = {"x": "the value of $x$", "first": f"the measure of the angle $({_expression(p, q)})^\\circ$",
                "second": f"the measure of the angle $({_expression(r, s)})^\\circ$"}[ask]
        prompt = (f"Two angles are {kind}. They measure $({_expression(p, q)})^\\circ$ and "
                  f"$({_expression(r, s)})^\\circ$. What is {what}?")
        equation = f"({_expression(p, q)}) + ({_expression(r, s)}) = {total}"
        solution = (f"${equation}$, so ${_expression(p + r, q + s)} = {total}$ and $x = {x}$."
                    + ("" if ask == "x" else f" The angle is ${_d(answer)}^\\circ$."))
        params = {"kind": kind, "template": template, "p": p, "q": q, "r": r, "s": s, "ask": ask}
        unit = "" if ask == "x" else "°"
    elif template == "times":
        k = rng.choice((2, 3, 4, 5, 8, 9) if total == 180 else (2, 4, 5, 9))
        other = Fraction(total, k + 1)
        answer = k * other
        noun = "complement" if kind == "complementary" else "supplement"
        prompt = f"An angle is {k} times as large as its {noun}. What is the measure of the angle?"
        solution = (f"If the {noun} is $x$, then $x + {k}x = {total}$, so $x = {_d(other)}$ and the angle is "
                    f"${k} \\times {_d(other)} = {_d(answer)}^\\circ$.")
        params = {"kind": kind, "template": template, "k": k}
        unit = "°"
    else:
        diff = 2 * rng.randint(3, total // 2 - 8)
        answer = Fraction(total + diff, 2)
        noun = "complement" if kind == "complementary" else "supplement"
        prompt = f"An angle is {_deg(diff)} more than its {noun}. What is the measure of the angle?"
        solution = (f"If the {noun} is $x$, the angle is $x + {diff}$: $2x + {diff} = {total}$, so "
                    f"$x = {_d(Fraction(total - diff, 2))}$ and the angle is ${_d(answer)}^\\circ$.")
        params = {"kind": kind, "template": template, "diff": diff}
        unit = "°"
    return Problem(
        prompt=prompt, answer=_d(answer), unit=unit,
        hint=f"{kind.capitalize()} angles add up to ${total}^\\circ$: write an equation and solve it.",
        solution=solution, params=params,
    )


def _triangle_from_angles(a, b) -> list[tuple[float, float]]:
    """A triangle with angle a at (0, 0) and angle b at (1, 0) (degrees), apex above."""
    ta, tb = math.tan(math.radians(float(a))), math.tan(math.radians(float(b)))
    x = tb / (ta + tb) if math.isfinite(ta) and math.isfinite(tb) else 0
    return [(0.0, 0.0), (1.0, 0.0), (x, x * ta)]


def _angle_triangle_svg(angles, labels: tuple[str, str, str], alt: str, *, right: int | None = None,
                        ticks: tuple[int, ...] = (), exterior: str = "", names: str = "ABC") -> str:
    """A triangle drawn with its angles (at the left, right and top vertex), each labelled inside; `right`:
    the vertex with a right angle; `ticks`: the sides (0 bottom, 1 right, 2 left) marked equal; `exterior`: a
    label for the exterior angle at the right vertex (the bottom side extended)."""
    a, b, _c = angles
    if float(a) == 90 or float(b) == 90:
        pts = [(0.0, 0.0), (1.0, 0.0), (0.0, math.tan(math.radians(float(b)))) if float(a) == 90 else
               (1.0, math.tan(math.radians(float(a))))]
    else:
        pts = _triangle_from_angles(a, b)
    extra = [(1.5, 0.0)] if exterior else []
    canvas = _Canvas([*pts, *extra], alt=alt, width=400, height=270, pad=(30, 40, 30, 40))
    canvas.polygon(pts)
    for k, (name, p) in enumerate(zip(names, pts)):
        ux, uy = _unit(p, _centroid(pts))
        canvas.text(p, name, dx=14 * ux, dy=-14 * uy, bold=True, size=14)
    for k in range(3):
        if right == k:
            canvas.right_angle(pts[k], pts[(k + 1) % 3], pts[k - 1])
            continue
        if labels[k]:
            canvas.angle(pts[k], pts[(k + 1) % 3], pts[k - 1], labels[k], r=22)
    sides = [(pts[0], pts[1]), (pts[1], pts[2]), (pts[2], pts[0])]
    for side in ticks:
        canvas.ticks(*sides[side], 1)
    if exterior:
        end = (1.45, 0.0)
        canvas.segment(pts[1], end, width=2)
        canvas.angle(pts[1], end, pts[2], exterior, r=26, color=ACCENT)
    return canvas.render()


@generator("triangle_missing_angle", "Interior Angles Triangle")
def triangle_missing_angle(rng: random.Random) -> Problem:
    template = rng.choice(("two", "two", "right", "isosceles_base", "isosceles_vertex", "exterior"))
    names = rng.choice(("ABC", "PQR", "DEF", "XYZ", "KLM"))
    right, ticks, exterior = None, (), ""
    if template == "two":
        a, b = rng.randint(25, 100), rng.randint(25, 100)
        while a + b > 160:
            b -= 20
        angles = (a, b, 180 - a - b)
        labels = (f"{a}°", f"{b}°", "?")
        answer = 180 - a - b
        prompt = f"Two angles of triangle {names} are shown. What is the measure of $\\angle {names[2]}$?"
        solution = f"The angles of a triangle add up to $180^\\circ$: $180 - {a} - {b} = {answer}^\\circ$."
        alt_angles = f"angle {names[0]} is {a} degrees, angle {names[1]} is {b} degrees, angle {names[2]} is unknown"
        params = {"template": template, "known": (a, b)}
    elif template == "right":
        a = rng.randint(15, 75)
        angles = (90, a, 90 - a) if rng.random() < 0.5 else (a, 90, 90 - a)
        right = 0 if angles[0] == 90 else 1
        labels = tuple("" if k == right else f"{a}°" if k != 2 else "?" for k in range(3))
        answer = 90 - a
        prompt = f"Triangle {names} is a right triangle. What is the measure of $\\angle {names[2]}$?"
        solution = (f"$180 - 90 - {a} = {answer}^\\circ$ (the two acute angles of a right triangle add up to "
                    f"$90^\\circ$).")
        alt_angles = (f"angle {names[right]} is a right angle, angle {names[1 - right]} is {a} degrees, angle "
                      f"{names[2]} is unknown")
        params = {"template": template, "known": (90, a)}
    elif template == "isosceles_base":
        top = rng.randint(20, 140)
        base = Fraction(180 - top, 2)
        angles = (base, base, top)
        labels = ("?", "", f"{top}°")
        ticks = (1, 2)
        answer = base
        prompt = (f"Triangle {names} is isosceles: sides ${names[2]}{names[0]}$ and ${names[2]}{names[1]}$ are equal. "
                  f"What is the measure of $\\angle {names[0]}$?")
        solution = (f"The base angles are equal and the three angles add up to $180^\\circ$: "
                    f"$(180 - {top}) \\div 2 = {_d(base)}^\\circ$.")
        alt_angles = (f"sides {names[2]}{names[0]} and {names[2]}{names[1]} are marked equal, angle {names[2]} is "
                      f"{top} degrees, angle {names[0]} is unknown")
        params = {"template": template, "top": top}
    elif template == "isosceles_vertex":
        base = rng.randint(20, 85)
        angles = (base, base, 180 - 2 * base)
        labels = (f"{base}°", "", "?")
        ticks = (1, 2)
        answer = 180 - 2 * base
        prompt = (f"Triangle {names} is isosceles: sides ${names[2]}{names[0]}$ and ${names[2]}{names[1]}$ are equal. "
                  f"What is the measure of $\\angle {names[2]}$?")
        solution = f"The base angles are both ${base}^\\circ$: $180 - 2 \\times {base} = {answer}^\\circ$."
        alt_angles = (f"sides {names[2]}{names[0]} and {names[2]}{names[1]} are marked equal, angle {names[0]} is "
                      f"{base} degrees, angle {names[2]} is unknown")
        params = {"template": template, "base": base}
    else:
        a, c = rng.randint(25, 80), rng.randint(25, 80)
        angles = (a, 180 - a - c, c)
        ask_exterior = rng.random() < 0.5
        if ask_exterior:
            labels, exterior, answer = (f"{a}°", "", f"{c}°"), "?", a + c
            prompt = (f"Side ${names[0]}{names[1]}$ of triangle {names} is extended past ${names[1]}$. What is the "
                      f"measure of the exterior angle marked ?")
            solution = (f"An exterior angle equals the sum of the two remote interior angles: "
                        f"${a} + {c} = {answer}^\\circ$.")
            alt_angles = (f"angle {names[0]} is {a} degrees, angle {names[2]} is {c} degrees; side "
                          f"{names[0]}{names[1]} "
                          f"is extended past {names[1]} and the exterior angle there is unknown")
        else:
            labels, exterior, answer = (f"{a}°", "", "?"), f"{a + c}°", c
            prompt = (f"Side ${names[0]}{names[1]}$ of triangle {names} is extended past ${names[1]}$. What is the "
                      f"measure of $\\angle {names[2]}$?")
            solution = (f"The exterior angle ${a + c}^\\circ$ equals the sum of the remote interior angles: "
                        f"${a + c} - {a} = {c}^\\circ$.")
            alt_angles = (f"angle {names[0]} is {a} degrees, angle {names[2]} is unknown; side {names[0]}{names[1]} is "
                          f"extended past {names[1]} and the exterior angle there is {a + c} degrees")
        params = {"template": template, "a": a, "c": c, "ask_exterior": ask_exterior}
    alt = (f"Triangle {names} with {names[0]} at the bottom left, {names[1]} at the bottom right and {names[2]} at the "
           f"top: {alt_angles}.")
    return Problem(
        prompt=prompt, answer=_d(answer), unit="°",
        hint="The three angles of a triangle add up to $180^\\circ$.", solution=solution,
        figure=_angle_triangle_svg(angles, labels, alt, right=right, ticks=ticks, exterior=exterior, names=names),
        figure_alt=alt, params=params,
    )


@generator("triangle_angles_algebra", "Interior Angles Triangle")
def triangle_angles_algebra(rng: random.Random) -> Problem:
    template = rng.choice(("expressions", "expressions", "ratio"))
    names = rng.choice(("ABC", "PQR", "DEF", "XYZ", "JKL"))
    if template == "ratio":
        while True:
            ratio = sorted(rng.sample(range(1, 10), 3))
            if 180 % sum(ratio) == 0 and math.gcd(*ratio) == 1:
                break
        unit_angle = 180 // sum(ratio)
        angles = [k * unit_angle for k in ratio]
        ask = rng.choice(("largest", "smallest"))
        answer = max(angles) if ask == "largest" else min(angles)
        prompt = (f"The angles of a triangle are in the ratio ${ratio[0]} : {ratio[1]} : {ratio[2]}$. What is the "
                  f"measure of the {ask} angle?")
        solution = (f"${linear_text([(ratio[0], 'x'), (ratio[1], 'x'), (ratio[2], 'x')])} = 180$, so "
                    f"${sum(ratio)}x = 180$ and $x = {unit_angle}$; "
                    f"the {ask} angle is ${answer}^\\circ$.")
        return Problem(
            prompt=prompt, answer=str(answer), unit="°",
            hint="Write the angles as multiples of one number x; they add up to $180^\\circ$.",
            solution=solution, params={"template": template, "ratio": ratio, "ask": ask},
        )
    while True:
        x = rng.randint(5, 40)
        coefficients = [rng.randint(1, 4) for _ in range(3)]
        constants = [rng.randint(-20, 30) for _ in range(2)]
        constants.append(180 - sum(c * x for c in coefficients) - sum(constants))
        angles = [c * x + k for c, k in zip(coefficients, constants)]
        if all(20 <= v <= 130 for v in angles) and abs(constants[2]) <= 60:
            break
    expressions = [_expression(c, k) for c, k in zip(coefficients, constants)]
    ask = rng.choice(("x", "x", 0, 1, 2))
    answer = x if ask == "x" else angles[ask]
    what = "the value of $x$" if ask == "x" else f"the measure of $\\angle {names[ask]}$"
    prompt = (f"In triangle {names}, $\\angle {names[0]} = ({expressions[0]})^\\circ$, "
              f"$\\angle {names[1]} = ({expressions[1]})^\\circ$ and $\\angle {names[2]} = ({expressions[2]})^\\circ$. "
              f"What is {what}?")
    total = _expression(sum(coefficients), sum(constants))
    solution = f"The angles add up to $180^\\circ$: ${total} = 180$, so $x = {x}$"
    if ask == "x":
        solution += "."
    else:
        worked = _substituted(coefficients[ask], constants[ask], x)
        solution += f" and $\\angle {names[ask]} = {worked} = {answer}^\\circ$."
    alt = (f"Triangle {names}: angle {names[0]} is ({expressions[0]}) degrees, angle {names[1]} is ({expressions[1]}) "
           f"degrees and angle {names[2]} is ({expressions[2]}) degrees.")
    figure = _angle_triangle_svg(angles, tuple(f"({e})°" for e in expressions), alt, names=names)
    return Problem(
        prompt=prompt, answer=str(answer), unit="" if ask == "x" else "°",
        hint="Add the three expressions, set the sum equal to $180$ and solve for x.", solution=solution,
        figure=figure, figure_alt=alt,
        params={"template": template, "coefficients": coefficients, "constants": constants, "ask": ask},
    )


def _polygon_with_angles(rng: random.Random, angles: list[int]) -> list[tuple[float, float]] | None:
    """A convex polygon with these interior angles (degrees, in order around it), or None if the random
    side lengths tried do not close it nicely."""
    n = len(angles)
    headings, heading = [], 0.0
    for k in range(n):  # side k leaves vertex k; at vertex k the walk turns by its exterior angle
        if k:
            heading += 180 - angles[k]
        headings.append(math.radians(heading))
    lengths = [rng.uniform(0.9, 1.4) for _ in range(n - 2)]
    sx = sum(l * math.cos(h) for l, h in zip(lengths, headings))
    sy = sum(l * math.sin(h) for l, h in zip(lengths, headings))
    (c1, s1), (c2, s2) = [(math.cos(h), math.sin(h)) for h in headings[-2:]]
    det = c1 * s2 - c2 * s1
    if abs(det) < 1e-9:
        return None
    l1 = (-sx * s2 + sy * c2) / det
    l2 = (-c1 * sy + s1 * sx) / det
    if not (0.7 <= l1 <= 1.8 and 0.7 <= l2 <= 1.8):
        return None
    lengths += [l1, l2]
    points, x, y = [], 0.0, 0.0
    for length, h in zip(lengths, headings):
        points.append((x, y))
        x, y = x + length * math.cos(h), y + length * math.sin(h)
    return points


def _random_angles(rng: random.Random, n: int) -> list[int]:
    total = (n - 2) * 180
    angles = [total // n] * n
    angles[0] += total - sum(angles)
    low, high = (60, 150) if n == 4 else (80, 165)
    for _step in range(3 * n):
        i, j = rng.sample(range(n), 2)
        shift = rng.randint(1, 25)
        if angles[i] + shift <= high and angles[j] - shift >= low:
            angles[i] += shift
            angles[j] -= shift
    return angles


@generator("polygon_missing_angle", "Interior Angles Figures with More than 3 Sides")
def polygon_missing_angle(rng: random.Random) -> Problem:
    n = rng.choice((4, 4, 5, 6))
    while True:
        angles = _random_angles(rng, n)
        points = _polygon_with_angles(rng, angles)
        if points is not None:
            break
    missing = rng.randrange(n)
    letters = "ABCDEF"[:n]
    name = {4: "quadrilateral", 5: "pentagon", 6: "hexagon"}[n]
    known = [(letters[k], angles[k]) for k in range(n) if k != missing]
    alt = (f"A {name} {letters} with its angles marked: " +
           ", ".join(f"angle {letter} is {value} degrees" for letter, value in known) +
           f", and angle {letters[missing]} is unknown.")
    canvas = _Canvas(points, alt=alt, width=400, height=300, pad=(30, 40, 30, 40))
    canvas.polygon(points)
    center = _centroid(points)
    for k, p in enumerate(points):
        canvas.angle(p, points[(k + 1) % n], points[k - 1], "?" if k == missing else f"{angles[k]}°", r=20,
                     color=ACCENT if k == missing else INK)
        ux, uy = _unit(p, center)
        canvas.text(p, letters[k], dx=14 * ux, dy=-14 * uy, bold=True, size=14)
    total = (n - 2) * 180
    answer = angles[missing]
    prompt = rng.choice((f"What is the measure of $\\angle {letters[missing]}$ in the {name}?",
                         f"Find the missing angle of {name} {letters}."))
    return Problem(
        prompt=prompt, answer=str(answer), unit="°",
        hint="The angles of a polygon with n sides add up to $(n - 2) \\times 180^\\circ$.",
        solution=(f"A {name} has {n} sides, so its angles add up to $({n} - 2) \\times 180 = {total}^\\circ$. "
                  f"${total} - (" + " + ".join(str(v) for _l, v in known) + f") = {answer}^\\circ$."),
        figure=canvas.render(), figure_alt=alt,
        params={"known": [v for _l, v in known]},
    )


REGULAR_SIDES = (5, 6, 8, 9, 10, 12, 15, 18, 20)


@generator("polygon_angle_sum", "Interior Angles Figures with More than 3 Sides")
def polygon_angle_sum(rng: random.Random) -> Problem:
    template = rng.choice(("sum", "regular", "sides_from_sum", "sides_from_angle"))
    figure, alt = "", ""
    if template == "sum":
        n = rng.randint(4, 20)
        answer = (n - 2) * 180
        shape = f"{POLYGON_NAMES[n]} ({n} sides)" if n in POLYGON_NAMES else f"polygon with {n} sides"
        prompt = f"What is the sum of the interior angles of {article(shape)} {shape}?"
        solution = f"$({n} - 2) \\times 180 = {answer}^\\circ$."
        unit = "°"
        if n in POLYGON_NAMES:
            alt = f"{article(shape).capitalize()} {POLYGON_NAMES[n]}: a polygon with {n} sides."
            figure = _regular_polygon_svg(n, "", alt, ticks=False)
    elif template == "regular":
        n = rng.choice(REGULAR_SIDES)
        answer = Fraction((n - 2) * 180, n)
        shape = f"regular {POLYGON_NAMES[n]}" if n in POLYGON_NAMES else f"regular polygon with {n} sides"
        prompt = f"What is the measure of each interior angle of a {shape}?"
        solution = (f"The angles add up to $({n} - 2) \\times 180 = {(n - 2) * 180}^\\circ$, shared equally by {n} "
                    f"angles: ${(n - 2) * 180} \\div {n} = {_d(answer)}^\\circ$.")
        unit = "°"
        if n in POLYGON_NAMES:
            alt = f"A {shape}: {n} equal sides and {n} equal angles."
            figure = _regular_polygon_svg(n, "", alt)
    elif template == "sides_from_sum":
        n = rng.randint(5, 20)
        total = (n - 2) * 180
        prompt = f"The interior angles of a polygon add up to ${total}^\\circ$. How many sides does it have?"
        answer = n
        solution = f"$(n - 2) \\times 180 = {total}$, so $n - 2 = {n - 2}$ and $n = {n}$."
        unit = ""
    else:
        n = rng.choice(REGULAR_SIDES)
        angle = Fraction((n - 2) * 180, n)
        prompt = f"Each interior angle of a regular polygon measures ${_d(angle)}^\\circ$. How many sides does it have?"
        answer = n
        solution = (f"Each exterior angle is $180 - {_d(angle)} = {_d(180 - angle)}^\\circ$ and the exterior "
                    f"angles add "
                    f"up to $360^\\circ$: $360 \\div {_d(180 - angle)} = {n}$ sides.")
        unit = ""
    return Problem(
        prompt=prompt, answer=_d(answer), unit=unit,
        hint="A polygon with n sides splits into $n - 2$ triangles from one vertex, so its angles add up to "
             "$(n - 2) \\times 180^\\circ$.",
        solution=solution, figure=figure, figure_alt=alt,
        params={"template": template, "n": n if template in ("sum", "regular") else None,
                "total": (n - 2) * 180 if template == "sides_from_sum" else None,
                "angle": Fraction((n - 2) * 180, n) if template == "sides_from_angle" else None},
    )


# -- parallel lines cut by a transversal ---------------------------------------------------------------------
# Angles 1-4 sit around the crossing with line m (top), 5-8 around line n (bottom): above-left, above-right,
# below-left, below-right.
EQUAL_PAIRS = {"vertical angles": ((1, 4), (2, 3), (5, 8), (6, 7)),
               "corresponding angles": ((1, 5), (2, 6), (3, 7), (4, 8)),
               "alternate interior angles": ((3, 6), (4, 5)),
               "alternate exterior angles": ((1, 8), (2, 7))}
SUPPLEMENTARY_PAIRS = {"a linear pair": ((1, 2), (1, 3), (2, 4), (3, 4), (5, 6), (5, 7), (6, 8), (7, 8)),
                       "same-side interior angles": ((3, 5), (4, 6)),
                       "same-side exterior angles": ((1, 7), (2, 8))}


def _relation(i: int, j: int) -> tuple[str, bool]:
    """The name of the pair of angles i, j and whether they are equal (else supplementary)."""
    pair = (min(i, j), max(i, j))
    for name, pairs in EQUAL_PAIRS.items():
        if pair in pairs:
            return name, True
    for name, pairs in SUPPLEMENTARY_PAIRS.items():
        if pair in pairs:
            return name, False
    raise ValueError(pair)


def _named_pairs() -> list[tuple[int, int]]:
    return [pair for pairs in (*EQUAL_PAIRS.values(), *SUPPLEMENTARY_PAIRS.values()) for pair in pairs]


def _angle_measure(position: int, theta: int) -> int:
    """Angle `position` when the transversal makes the angle theta with the lines (above-right of a crossing)."""
    return theta if position in (2, 3, 6, 7) else 180 - theta


def _transversal_svg(theta: int, labels: dict[int, str], alt: str, *, accent: tuple[int, ...] = ()) -> str:
    """Lines m and n (horizontal) cut by the transversal t rising at theta degrees; labels[k] written in the
    angle k (numbering as in EQUAL_PAIRS)."""
    svg = Svg(400, 280, alt=alt)
    ys = (95, 195)
    cot = 1 / math.tan(math.radians(theta))
    crossings = [(200 + 50 * cot, ys[0]), (200 - 50 * cot, ys[1])]
    for y, name in zip(ys, "mn"):
        svg.line(20, y, 360, y, width=2)
        svg.text(372, y, name, anchor="start", size=15)
        for x in (60, 300):  # arrowheads: the lines are parallel
            svg.polyline([(x - 6, y - 6), (x, y), (x - 6, y + 6)], width=2)
    dx, dy = math.cos(math.radians(theta)), -math.sin(math.radians(theta))
    top, bottom = crossings[0], crossings[1]
    end = (top[0] + 75 * dx, top[1] + 75 * dy)
    start = (bottom[0] - 75 * dx, bottom[1] - 75 * dy)
    svg.line(*start, *end, width=2)
    svg.text(end[0] + 10 * dx + 8, end[1] + 10 * dy, "t", size=15)
    for k, text in labels.items():  # above or below the line, left or right of the transversal
        cx, cy = crossings[(k - 1) // 4]
        above, left = (k - 1) % 4 < 2, (k - 1) % 2 == 0
        dy = -13 if above else 13
        x_t = cx - dy * cot  # where the transversal is at that height
        color = ACCENT if k in accent else INK
        svg.text(x_t - 8 if left else x_t + 8, cy + dy, text, size=13, color=color, bold=k in accent,
                 anchor="end" if left else "start")
    return svg.render()


POSITION_WORDS = {1: "above line m, left of t", 2: "above line m, right of t", 3: "below line m, left of t",
                  4: "below line m, right of t", 5: "above line n, left of t", 6: "above line n, right of t",
                  7: "below line n, left of t", 8: "below line n, right of t"}


def _transversal_alt(theta: int, labels: dict[int, str]) -> str:
    lean = "up to the right" if theta < 90 else "up to the left"
    return ("Parallel lines m (top) and n (bottom) are cut by a transversal t that slants " + lean + ". "
            + "; ".join(f"{'T' if n == 0 else 't'}he angle {POSITION_WORDS[k]} is labelled {text}"
                        for n, (k, text) in enumerate(sorted(labels.items()))) + ".")


def _theta(rng: random.Random) -> int:
    return rng.choice([t for t in range(40, 141) if abs(t - 90) >= 15])


@generator("parallel_lines_angle", "Angles on Parallel Lines Cut by a Transversal")
def parallel_lines_angle(rng: random.Random) -> Problem:
    theta = _theta(rng)
    given, asked = rng.choice(_named_pairs())
    if rng.random() < 0.5:
        given, asked = asked, given
    value = _angle_measure(given, theta)
    name, equal = _relation(given, asked)
    answer = value if equal else 180 - value
    if rng.random() < 0.5:
        labels = {k: str(k) for k in range(1, 9)}
        alt = _transversal_alt(theta, labels)
        figure = _transversal_svg(theta, labels, alt, accent=(given, asked))
        prompt = (f"Lines m and n are parallel. $\\angle {given}$ measures {_deg(value)}. What is the measure of "
                  f"$\\angle {asked}$?")
    else:
        labels = {given: f"{value}°", asked: "x"}
        alt = _transversal_alt(theta, labels)
        figure = _transversal_svg(theta, labels, alt, accent=(asked,))
        prompt = "Lines m and n are parallel. What is the value of $x$?"
    reason = "so they are equal" if equal else "so they add up to $180^\\circ$"
    return Problem(
        prompt=prompt, answer=str(answer), unit="°",
        hint="Corresponding, alternate and vertical angles are equal; a linear pair or same-side angles add up "
             "to $180^\\circ$.",
        solution=f"The two angles are {name}, {reason}: the answer is " +
                 (f"${answer}^\\circ$." if equal else f"$180 - {value} = {answer}^\\circ$."),
        figure=figure, figure_alt=alt,
        params={"given": given, "value": value, "asked": asked},
    )


@generator("parallel_lines_algebra", "Angles on Parallel Lines Cut by a Transversal")
def parallel_lines_algebra(rng: random.Random) -> Problem:
    theta = _theta(rng)
    first, second = rng.choice([pair for pair in _named_pairs() if pair not in ((1, 4), (2, 3), (5, 8), (6, 7))])
    if rng.random() < 0.5:
        first, second = second, first
    name, equal = _relation(first, second)
    a, b = _angle_measure(first, theta), _angle_measure(second, theta)
    while True:
        x = rng.randint(5, 30)
        p, r = rng.randint(2, 6), rng.randint(1, 5)
        if p == r:
            continue
        q, s = a - p * x, b - r * x
        if q != 0 and s != 0 and abs(q) <= 80 and abs(s) <= 80:
            break
    e1, e2 = _expression(p, q), _expression(r, s)
    labels = {first: f"({e1})°", second: f"({e2})°"}
    alt = _transversal_alt(theta, labels)
    ask = rng.choice(("x", "x", "angle"))
    prompt = ("Lines m and n are parallel. What is the value of $x$?" if ask == "x" else
              f"Lines m and n are parallel. What is the measure of the angle labelled $({e1})^\\circ$?")
    equation = f"{e1} = {e2}" if equal else f"({e1}) + ({e2}) = 180"
    answer = x if ask == "x" else a
    return Problem(
        prompt=prompt, answer=str(answer), unit="" if ask == "x" else "°",
        hint="Decide whether the two angles are equal or add up to $180^\\circ$, then write an equation.",
        solution=f"The angles are {name}, so ${equation}$, which gives $x = {x}$"
                 + ("." if ask == "x" else f"; the angle is ${_substituted(p, q, x)} = {a}^\\circ$."),
        figure=_transversal_svg(theta, labels, alt), figure_alt=alt,
        params={"first": first, "second": second, "p": p, "q": q, "r": r, "s": s, "ask": ask},
    )


@generator("parallel_lines_relationship", "Angles on Parallel Lines Cut by a Transversal")
def parallel_lines_relationship(rng: random.Random) -> Problem:
    theta = _theta(rng)
    i, j = rng.choice([pair for pair in _named_pairs()])
    if rng.random() < 0.5:
        i, j = j, i
    name, _equal = _relation(i, j)
    labels = {k: str(k) for k in range(1, 9)}
    alt = _transversal_alt(theta, labels)
    names = [*EQUAL_PAIRS, *SUPPLEMENTARY_PAIRS]
    wrong = [n for n in names if n != name]
    rng.shuffle(wrong)
    return Problem(
        prompt=f"Lines m and n are parallel and t is a transversal. How are $\\angle {i}$ and $\\angle {j}$ related?",
        answer=name, kind=AnswerKind.CHOICE, choices=choices_with(name, wrong, rng),
        hint="Interior angles lie between the parallel lines; alternate angles lie on opposite sides of the "
             "transversal; corresponding angles are in the same place at the two crossings.",
        solution=f"$\\angle {i}$ is {POSITION_WORDS[i]} and $\\angle {j}$ is {POSITION_WORDS[j]}: they are {name}.",
        figure=_transversal_svg(theta, labels, alt, accent=(i, j)), figure_alt=alt,
        params={"i": i, "j": j, "choices": names},
    )


# -- kinds of angles ----------------------------------------------------------------------------------------
ANGLE_KINDS = ("acute", "right", "obtuse", "straight")


def _angle_kind_of(measure) -> str:
    return "acute" if measure < 90 else "right" if measure == 90 else "obtuse" if measure < 180 else "straight"


@generator("classify_angle_figure", "Angles - Obtuse, Acute, and Right")
def classify_angle_figure(rng: random.Random) -> Problem:
    kind = rng.choice(("acute", "acute", "right", "obtuse", "obtuse", "straight"))
    measure = {"acute": rng.randint(15, 75), "right": 90, "obtuse": rng.randint(105, 165), "straight": 180}[kind]
    base = rng.choice((0, 0, 10, 20, 30, 45, 60, 90, 120, 180, 200, 270, 330))
    names = rng.choice(("ABC", "PQR", "XYZ", "DEF", "LMN"))
    vertex = (0.0, 0.0)
    first, second = _ray_point(vertex, base), _ray_point(vertex, base + measure)
    shown = rng.random() < 0.35
    alt = (f"Angle {names} with its vertex at {names[1]}: ray {names[1]}{names[0]} and ray {names[1]}{names[2]} "
           f"open to {measure} degrees.")
    canvas = _Canvas([vertex, first, second, (-0.15, -0.15), (0.15, 0.15)], alt=alt, width=320, height=260,
                     pad=(30, 30, 30, 30))
    canvas.segment(vertex, first, width=2.5)
    canvas.segment(vertex, second, width=2.5)
    for letter, p in zip(names, (first, vertex, second)):
        ux, uy = _unit(p, vertex) if p != vertex else _unit(vertex, _ray_point(vertex, base + measure / 2))
        canvas.text(p, letter, dx=13 * ux, dy=-13 * uy, bold=True, size=14)
    if kind == "right":
        canvas.right_angle(vertex, first, second, size=14)
    elif kind == "straight":  # the arc from the first ray counterclockwise to the second
        cx, cy = canvas.px(vertex)
        canvas.svg.angle_arc(cx, cy, base, base + 180, r=26, color=ACCENT)
        if shown:
            middle = math.radians(base + 90)
            canvas.svg.text(cx + 48 * math.cos(middle), cy - 48 * math.sin(middle), "180°", color=ACCENT, size=13)
    else:
        canvas.angle(vertex, first, second, f"{measure}°" if shown else "", r=26, color=ACCENT)
    subject = rng.choice(("angle", "scissors", "laptop", "door", "book"))
    if shown and kind != "right":
        prompt = f"$\\angle {names}$ measures ${measure}^\\circ$. What kind of angle is it?"
    elif subject == "angle":
        prompt = f"What kind of angle is $\\angle {names}$?"
    else:
        verb = {"scissors": "opens a pair of scissors", "laptop": "opens a laptop", "door": "opens a door",
                "book": "opens a book"}[subject]
        prompt = f"{rng.choice(NAMES)} {verb} to the angle shown, $\\angle {names}$. What kind of angle is it?"
    why = {"acute": "less than $90^\\circ$", "right": "exactly $90^\\circ$ (the square corner)",
           "obtuse": "between $90^\\circ$ and $180^\\circ$", "straight": "exactly $180^\\circ$ (a straight line)"}[kind]
    return Problem(
        prompt=prompt, answer=kind, kind=AnswerKind.CHOICE, choices=choices_with(kind, list(ANGLE_KINDS), rng),
        hint="Compare the angle with a square corner ($90^\\circ$) and with a straight line ($180^\\circ$).",
        solution=f"The angle measures {why}, so it is {kind}.",
        figure=canvas.render(), figure_alt=alt,
        params={"rays": (first, second)},
    )


def _clock_svg(hour: int, minute: int, alt: str) -> str:
    svg = Svg(260, 260, alt=alt)
    cx, cy, r = 130, 130, 110
    svg.circle(cx, cy, r, fill="#ffffff", width=3)
    for k in range(60):
        a = math.radians(90 - 6 * k)
        inner = r - (10 if k % 5 == 0 else 5)
        svg.line(cx + inner * math.cos(a), cy - inner * math.sin(a), cx + r * math.cos(a), cy - r * math.sin(a),
                 width=2 if k % 5 == 0 else 1, color=INK if k % 5 == 0 else MUTED)
    for k in range(1, 13):
        a = math.radians(90 - 30 * k)
        svg.text(cx + (r - 24) * math.cos(a), cy - (r - 24) * math.sin(a), str(k), size=15)
    hour_angle = math.radians(90 - (30 * (hour % 12) + minute / 2))
    minute_angle = math.radians(90 - 6 * minute)
    svg.line(cx, cy, cx + 55 * math.cos(hour_angle), cy - 55 * math.sin(hour_angle), width=6)
    svg.line(cx, cy, cx + 85 * math.cos(minute_angle), cy - 85 * math.sin(minute_angle), width=3.5,
             color=PALETTE[0])
    svg.dot(cx, cy, r=5)
    return svg.render()


@generator("classify_clock_angle", "Angles - Obtuse, Acute, and Right")
def classify_clock_angle(rng: random.Random) -> Problem:
    while True:
        hour, minute = rng.randint(1, 12), rng.choice((0, 0, 0, 30, 15, 45, 10, 20, 40, 50))
        angle = abs(30 * hour - Fraction(11, 2) * minute) % 360
        angle = min(angle, 360 - angle)
        if angle in (90, 180) or (15 <= angle <= 78) or (102 <= angle <= 170):
            break
    kind = _angle_kind_of(angle)
    alt = (f"A clock showing {hour}:{minute:02d}: the short hour hand points "
           + (f"at {hour}" if minute == 0 else f"between {hour} and {hour % 12 + 1}")
           + f", the long minute hand points at {minute // 5 if minute else 12}.")
    return Problem(
        prompt=f"The clock shows {hour}:{minute:02d}. What kind of angle do the two hands make (the smaller angle "
               f"between them)?",
        answer=kind, kind=AnswerKind.CHOICE, choices=choices_with(kind, list(ANGLE_KINDS), rng),
        hint="Each hour mark on a clock is $30^\\circ$ from the next, and the hour hand moves between the marks "
             "as the minutes pass.",
        solution=f"The hands are ${_d(angle)}^\\circ$ apart, so the angle is {kind}.",
        figure=_clock_svg(hour, minute, alt), figure_alt=alt,
        params={"hour": hour, "minute": minute},
    )


# == congruence and similarity ================================================================================
def _triangle_from_sides(a, b, c) -> list[tuple[float, float]]:
    """Vertices A, B, C with BC = a, CA = b, AB = c: A at the origin, B on the x-axis, C above."""
    a, b, c = float(a), float(b), float(c)
    x = (b * b + c * c - a * a) / (2 * c)
    return [(0.0, 0.0), (c, 0.0), (x, math.sqrt(max(b * b - x * x, 1e-9)))]


def _placed(points, angle: float, flip: bool, offset: tuple[float, float]):
    """The points turned by `angle` degrees about their centroid, maybe mirrored, then moved by offset."""
    cx, cy = _centroid(points)
    out = []
    for x, y in points:
        x, y = x - cx, y - cy
        if flip:
            x = -x
        t = math.radians(angle)
        out.append((x * math.cos(t) - y * math.sin(t) + offset[0], x * math.sin(t) + y * math.cos(t) + offset[1]))
    return out


def _pair_canvas(first, second, alt: str, width: int = 460, height: int = 260) -> _Canvas:
    return _Canvas([*first, *second], alt=alt, width=width, height=height, pad=(34, 40, 34, 40))


def _vertex_names(canvas: _Canvas, points, names: str) -> None:
    center = _centroid(points)
    for name, p in zip(names, points):
        ux, uy = _unit(p, center)
        canvas.text(p, name, dx=14 * ux, dy=-14 * uy, bold=True, size=14)


def _second_triangle(rng: random.Random, first, size: float) -> list[tuple[float, float]]:
    return _placed(first, rng.choice((0, 90, 180, 270, 30, 150, 210)), rng.random() < 0.5, (size * 1.9, 0.0))


SECOND_NAMES = ("DEF", "PQR", "XYZ", "JKL", "STU")


@generator("congruent_triangles_parts", "Congruence")
def congruent_triangles_parts(rng: random.Random) -> Problem:
    letters = rng.choice(SECOND_NAMES)
    order = rng.sample(range(3), 3)
    image = "".join(letters[k] for k in order)  # triangle ABC is congruent to triangle `image`: A -> image[0] ...
    unit = rng.choice(LENGTHS)
    mode = rng.choice(("side", "side", "angle", "third_angle"))
    if mode == "side":
        while True:
            a, b, c = rng.randint(4, 15), rng.randint(4, 15), rng.randint(4, 15)
            if a < b + c and b < a + c and c < a + b and len({a, b, c}) == 3:
                break
        first = _triangle_from_sides(a, b, c)
        lengths = {"AB": c, "BC": a, "CA": b}
        side = rng.choice(("AB", "BC", "CA"))
        asked = image["ABC".index(side[0])] + image["ABC".index(side[1])]
        answer, answer_unit = lengths[side], _au(unit)
        prompt = f"$\\triangle ABC \\cong \\triangle {image}$. What is the length of ${asked}$?"
        solution = (f"In $\\triangle ABC \\cong \\triangle {image}$, ${asked}$ corresponds to ${side}$, and "
                    f"corresponding sides of congruent triangles are equal: ${asked} = {answer}$ {unit}.")
        facts = f"AB = {c} {unit}, BC = {a} {unit} and CA = {b} {unit}"
        params = {"mode": mode, "image": image, "sides": lengths, "asked": asked}
    else:
        while True:
            angle_a, angle_b = rng.randint(30, 100), rng.randint(30, 100)
            if angle_a + angle_b <= 150 and angle_a != angle_b:
                break
        angle_c = 180 - angle_a - angle_b
        first = _triangle_from_angles(angle_a, angle_b)
        angles = {"A": angle_a, "B": angle_b, "C": angle_c}
        vertex = "C" if mode == "third_angle" else rng.choice("AB")
        asked = image["ABC".index(vertex)]
        answer, answer_unit = angles[vertex], "°"
        prompt = f"$\\triangle ABC \\cong \\triangle {image}$. What is the measure of $\\angle {asked}$?"
        solution = (f"$\\angle {asked}$ corresponds to $\\angle {vertex}$"
                    + (f", and $\\angle C = 180 - {angle_a} - {angle_b} = {angle_c}^\\circ$" if vertex == "C" else "")
                    + f": $\\angle {asked} = {answer}^\\circ$.")
        facts = f"angle A = {angle_a} degrees, angle B = {angle_b} degrees"
        params = {"mode": mode, "image": image, "angles": {"A": angle_a, "B": angle_b}, "asked": asked}
    size = max(max(p[0] for p in first) - min(p[0] for p in first), max(p[1] for p in first))
    second = _second_triangle(rng, first, size)
    alt = (f"Two triangles. Triangle ABC on the left has {facts}. Triangle {letters} on the right is the same "
           f"triangle turned" + (" and flipped" if _signed_area(second) * _signed_area(first) < 0 else "")
           + f", with its vertices labelled {image[0]}, {image[1]} and {image[2]} matching A, B and C.")
    canvas = _pair_canvas(first, second, alt)
    canvas.polygon(first)
    canvas.polygon(second, fill=PALETTE[1])
    _vertex_names(canvas, first, "ABC")
    _vertex_names(canvas, second, image)
    if mode == "side":
        canvas.side_labels(first, {0: f"{lengths['AB']} {unit}", 1: f"{lengths['BC']} {unit}",
                                   2: f"{lengths['CA']} {unit}"})
    else:
        canvas.angle(first[0], first[1], first[2], f"{angle_a}°", r=20)
        canvas.angle(first[1], first[2], first[0], f"{angle_b}°", r=20)
    return Problem(
        prompt=prompt, answer=str(answer), unit=answer_unit,
        hint="The order of the letters in the congruence statement tells which parts match.",
        solution=solution, figure=canvas.render(), figure_alt=alt, params=params,
    )


CRITERIA = ("SSS", "SAS", "ASA", "AAS")
NOT_ENOUGH = "not enough information"


def _marked_parts(rng: random.Random, rule: str) -> tuple[list[str], list[str]]:
    """Sides ('AB') and angles ('A') of triangle ABC marked equal to their partners, for a rule: SSS, SAS, ASA,
    AAS, SSA or AAA."""
    a, b, c = rng.sample("ABC", 3)
    side = lambda p, q: "".join(sorted(p + q))  # noqa: E731 - a name for a side, letters in order
    if rule == "SSS":
        return ["AB", "BC", "AC"], []
    if rule == "SAS":
        return [side(a, b), side(a, c)], [a]
    if rule == "ASA":
        return [side(a, b)], [a, b]
    if rule == "AAS":
        return [side(b, c)], [a, b]
    if rule == "SSA":
        return [side(a, b), side(b, c)], [a]
    return [], ["A", "B", "C"]


@generator("congruence_criterion", "Congruence")
def congruence_criterion(rng: random.Random) -> Problem:
    rule = rng.choice(("SSS", "SAS", "ASA", "AAS", "SSA", "AAA"))
    sides, angles = _marked_parts(rng, rule)
    letters = rng.choice(SECOND_NAMES)
    partner = dict(zip("ABC", letters))
    while True:
        a, b, c = rng.randint(5, 12), rng.randint(5, 12), rng.randint(5, 12)
        if a < b + c and b < a + c and c < a + b and len({a, b, c}) == 3:
            break
    first = _triangle_from_sides(a, b, c)
    size = max(max(p[0] for p in first) - min(p[0] for p in first), max(p[1] for p in first))
    second = _second_triangle(rng, first, size)
    if rule == "AAA":  # similar, not congruent: the second one is smaller
        center = _centroid(second)
        second = [(center[0] + 0.7 * (x - center[0]), center[1] + 0.7 * (y - center[1])) for x, y in second]
    described = ([f"side {s} and side {partner[s[0]]}{partner[s[1]]} ({k + 1} {plural(k + 1, 'tick')} each)"
                  for k, s in enumerate(sides)]
                 + [f"angle {v} and angle {partner[v]} ({k + 1} {plural(k + 1, 'arc')} each)"
                    for k, v in enumerate(angles)])
    alt = (f"Two triangles, ABC and {letters} (with A matching {partner['A']}, B matching {partner['B']} and C "
           f"matching {partner['C']}). Marked equal: " + "; ".join(described) + ". Nothing else is marked.")
    canvas = _pair_canvas(first, second, alt)
    canvas.polygon(first)
    canvas.polygon(second, fill=PALETTE[1])
    _vertex_names(canvas, first, "ABC")
    _vertex_names(canvas, second, letters)
    index = {"A": 0, "B": 1, "C": 2}
    for k, s in enumerate(sides):
        for points in (first, second):
            canvas.ticks(points[index[s[0]]], points[index[s[1]]], k + 1)
    for k, v in enumerate(angles):
        for points in (first, second):
            i = index[v]
            canvas.angle(points[i], points[(i + 1) % 3], points[i - 1], r=16, arcs=k + 1, color=ACCENT)
    answer = rule if rule in CRITERIA else NOT_ENOUGH
    options = [*CRITERIA, NOT_ENOUGH]
    wrong = [o for o in options if o != answer]
    rng.shuffle(wrong)
    why = {"SSS": "three pairs of sides are equal",
           "SAS": "two pairs of sides and the angles between them are equal",
           "ASA": "two pairs of angles and the sides between them are equal",
           "AAS": "two pairs of angles and a pair of sides not between them are equal",
           "SSA": "two sides and an angle that is not between them do not fix a triangle",
           "AAA": "equal angles only fix the shape, not the size"}[rule]
    return Problem(
        prompt=f"The marks show which parts of $\\triangle ABC$ and $\\triangle {letters}$ are equal. Which rule "
               f"proves that the triangles are congruent?",
        answer=answer, kind=AnswerKind.CHOICE, choices=choices_with(answer, wrong, rng),
        hint="S stands for a pair of equal sides, A for a pair of equal angles; the order tells whether the angle "
             "lies between the sides (or the side between the angles).",
        solution=f"Here {why}" + (f": {rule}." if rule in CRITERIA else ", so there is not enough information."),
        figure=canvas.render(), figure_alt=alt,
        params={"sides": sides, "angles": angles, "options": options},
    )


def _factor_text(k) -> str:
    k = Fraction(k)
    return _d(k) if k.denominator in (1, 2, 4, 5) else latex_fraction(k)


@generator("similar_figures_missing_side", "Calculations with Similar Figures")
def similar_figures_missing_side(rng: random.Random) -> Problem:
    shape = rng.choice(("triangle", "triangle", "rectangle"))
    unit = rng.choice(LENGTHS)
    k = rng.choice((2, 3, Fraction(3, 2), Fraction(5, 2), Fraction(4, 3)))
    if shape == "triangle":
        while True:
            small = [rng.randint(3, 15) for _ in range(3)]
            not_flat = 5 * max(small) <= 4 * (sum(small) - max(small))
            if not_flat and len(set(small)) == 3 and all((k * s).denominator <= 2 for s in small):
                break
        first_name, big_name = "ABC", rng.choice(SECOND_NAMES)
        first = _triangle_from_sides(small[1], small[2], small[0])  # sides AB, BC, CA = small[0], [1], [2]
        statement = f"$\\triangle ABC \\sim \\triangle {big_name}$"
    else:
        while True:
            small = [rng.randint(2, 12), rng.randint(2, 12)]
            if small[0] != small[1] and max(small) <= 2.5 * min(small) and all((k * s).denominator <= 2 for s in small):
                break
        first_name, big_name = "ABCD", rng.choice(("EFGH", "PQRS", "WXYZ", "JKLM"))
        first = [(0.0, 0.0), (float(small[0]), 0.0), (float(small[0]), float(small[1])), (0.0, float(small[1]))]
        statement = f"rectangle ${first_name}$ is similar to rectangle ${big_name}$"
    large = [k * x for x in small]
    unknown_in = rng.choice(("large", "large", "small"))
    asked = rng.randrange(len(small))
    known = rng.choice([i for i in range(len(small)) if i != asked])
    if unknown_in == "large":
        small_labels = {i: f"{_d(x)} {unit}" for i, x in enumerate(small)}
        large_labels = {known: f"{_d(large[known])} {unit}", asked: "x"}
        answer = large[asked]
    else:
        large_labels = {i: f"{_d(x)} {unit}" for i, x in enumerate(large)}
        small_labels = {known: f"{_d(small[known])} {unit}", asked: "x"}
        answer = small[asked]
    width = max(p[0] for p in first) - min(p[0] for p in first)
    gap = 0.45 * width * (1 + float(k))  # room between the two figures for their labels
    second = [(x * float(k) + max(p[0] for p in first) + gap, y * float(k)) for x, y in first]

    def describe(labels: dict, names: str) -> str:
        return ", ".join(f"{names[i]}{names[(i + 1) % len(names)]} = {text}" for i, text in sorted(labels.items()))

    alt = (f"Two similar {shape}s. {shape.capitalize()} {first_name}: {describe(small_labels, first_name)}. "
           f"{shape.capitalize()} {big_name}: {describe(large_labels, big_name)}.")
    canvas = _Canvas([*first, *second], alt=alt, width=460, height=280, pad=(34, 60, 34, 60))
    canvas.polygon(first)
    canvas.polygon(second, fill=PALETTE[1])
    _vertex_names(canvas, first, first_name)
    _vertex_names(canvas, second, big_name)
    canvas.side_labels(first, small_labels)
    canvas.side_labels(second, large_labels)
    ratio = f"\\frac{{{_d(large[known])}}}{{{_d(small[known])}}}"
    if unknown_in == "large":
        working = f"$x = {_d(small[asked])} \\times {_factor_text(k)} = {_d(answer)}$"
    else:
        working = f"$x = {_d(large[asked])} \\div {_factor_text(k)} = {_d(answer)}$"
    return Problem(
        prompt=f"In the figure, {statement}. What is the value of $x$?",
        answer=_d(answer), unit=_au(unit),
        hint="Corresponding sides of similar figures are in the same ratio: find the scale factor from a pair of "
             "matching sides you know.",
        solution=f"The scale factor from the smaller figure to the larger is ${ratio} = {_factor_text(k)}$; "
                 f"{working} {unit}.",
        figure=canvas.render(), figure_alt=alt,
        params={"small": {i: small[i] for i in small_labels if small_labels[i] != "x"},
                "large": {i: large[i] for i in large_labels if large_labels[i] != "x"},
                "asked": asked, "unknown_in": unknown_in},
    )


@generator("similar_figures_word", "Calculations with Similar Figures")
def similar_figures_word(rng: random.Random) -> Problem:
    template = rng.choice(("shadow", "photo", "model", "triangle"))
    name = rng.choice(NAMES)
    if template == "shadow":
        unit = rng.choice(("ft", "m"))
        person = rng.choice((5, 6)) if unit == "ft" else rng.choice((Fraction(3, 2), Fraction(8, 5), Fraction(9, 5), 2))
        shadow = rng.choice((2, 3, 4, 8)) if unit == "ft" else rng.choice((1, 2, 3, 4))
        tree_shadow = shadow * rng.randint(3, 12)
        answer = person * Fraction(tree_shadow, shadow)
        thing = rng.choice(("tree", "flagpole", "building", "lamp post"))
        prompt = (f"{name} is {_m(person, unit)} tall and casts a shadow {_m(shadow, unit)} long. At the same time a "
                  f"{thing} casts a shadow {_m(tree_shadow, unit)} long. How tall is the {thing}?")
        solution = (f"The triangles are similar: $\\frac{{h}}{{{tree_shadow}}} = "
                    f"\\frac{{{_d(person)}}}{{{shadow}}}$, so "
                    f"$h = {tree_shadow} \\times {_d(person)} \\div {shadow} = {_d(answer)}$ {unit}.")
        params = {"a": person, "b": shadow, "d": tree_shadow}  # a : b = x : d
    elif template == "photo":
        unit = rng.choice(("in", "cm"))
        w, h = rng.choice(((4, 6), (5, 7), (3, 5), (8, 10), (6, 9), (10, 15)))
        k = rng.choice((2, 3, Fraction(3, 2), Fraction(5, 2)))
        new_w = k * w
        answer = k * h
        prompt = (f"A photo {_m(w, unit)} wide and {_m(h, unit)} tall is enlarged so that it is {_m(new_w, unit)} "
                  f"wide. The enlargement is similar to the photo. How tall is it?")
        solution = (f"$\\frac{{h}}{{{h}}} = \\frac{{{_d(new_w)}}}{{{w}}}$, so $h = {h} \\times {_d(new_w)} \\div {w} = "
                    f"{_d(answer)}$ {unit}.")
        params = {"a": h, "b": w, "d": new_w}
    elif template == "model":
        unit = rng.choice(("cm", "in"))
        scale = rng.choice((10, 20, 25, 50)) if unit == "cm" else rng.choice((12, 24, 36, 48))
        model_length, model_width = rng.randint(4, 30), rng.randint(2, 12)
        real_unit = "m" if unit == "cm" else "ft"
        factor = Fraction(1, 100) if unit == "cm" else Fraction(1, 12)
        real_length = model_length * scale * factor
        answer = model_width * scale * factor
        thing = rng.choice(("boat", "car", "plane", "house", "bus"))
        prompt = (f"A model {thing} is similar to the real {thing}. The model is {_m(model_length, unit)} long and "
                  f"{_m(model_width, unit)} wide; the real {thing} is {_m(real_length, real_unit)} long. How wide is "
                  f"the real {thing}?")
        per = real_length / model_length
        solution = (f"The real {thing} has ${_d(real_length)} \\div {model_length} = {_d(per)}$ {real_unit} for each "
                    f"{unit} of the model, so it is ${model_width} \\times {_d(per)} = {_d(answer)}$ {real_unit} wide.")
        unit = real_unit
        params = {"a": real_length, "b": model_length, "d": model_width}
    else:
        unit = rng.choice(LENGTHS)
        small_base, small_height = rng.randint(2, 9), rng.randint(2, 9)
        k = rng.choice((2, 3, 4, Fraction(3, 2), Fraction(5, 2)))
        big_base = k * small_base
        answer = k * small_height
        prompt = (f"Two right triangles are similar. The smaller one has a base of {_m(small_base, unit)} and a "
                  f"height of {_m(small_height, unit)}; the larger one has a base of {_m(big_base, unit)}. What is "
                  f"the height of the larger triangle?")
        solution = (f"The scale factor is ${_d(big_base)} \\div {small_base} = {_d(k)}$, so the height is "
                    f"${small_height} \\times {_d(k)} = {_d(answer)}$ {unit}.")
        params = {"a": small_height, "b": small_base, "d": big_base}
    return Problem(
        prompt=prompt, answer=_d(answer), unit=_au(unit),
        hint="Set up a proportion between matching lengths of the two similar figures.",
        solution=solution, params=params,
    )


# -- changing dimensions proportionally -------------------------------------------------------------------
SCALED_SHAPES = {  # shape: (what is scaled, [(measure, power)])
    "square": ("every side", [("perimeter", 1), ("area", 2)]),
    "rectangle": ("its length and its width", [("perimeter", 1), ("area", 2)]),
    "triangle": ("every side", [("perimeter", 1), ("area", 2)]),
    "circle": ("the radius", [("circumference", 1), ("area", 2)]),
    "cube": ("every edge", [("surface area", 2), ("volume", 3)]),
    "rectangular prism": ("its length, width and height", [("surface area", 2), ("volume", 3)]),
    "cylinder": ("its radius and its height", [("surface area", 2), ("volume", 3)]),
    "sphere": ("the radius", [("surface area", 2), ("volume", 3)]),
}


def _power_latex(k: Fraction, power: int) -> str:
    """3^2, \\left(\\frac{1}{2}\\right)^3."""
    return f"{k}^{power}" if k.denominator == 1 else f"\\left({latex_fraction(k)}\\right)^{power}"


def _factor_words(k: Fraction) -> str:
    if k == Fraction(1, 2):
        return "halved (multiplied by $\\frac{1}{2}$)"
    if k == 2:
        return "doubled (multiplied by $2$)"
    if k == 3:
        return "tripled (multiplied by $3$)"
    return f"multiplied by ${latex_fraction(k) if k.denominator != 1 else k}$"


@generator("scale_effect_factor", "Effect of Changing Dimensions of a Shape Prportionally")
def scale_effect_factor(rng: random.Random) -> Problem:
    shape = rng.choice(list(SCALED_SHAPES))
    scaled, measures = SCALED_SHAPES[shape]
    measure, power = rng.choice(measures)
    a_shape = f"{article(shape)} {shape}"
    if power == 1 or rng.random() < 0.7:
        k = rng.choice((Fraction(2), Fraction(3), Fraction(4), Fraction(5), Fraction(10), Fraction(1, 2),
                        Fraction(1, 3), Fraction(3, 2)))
        answer = k ** power
        prompt = (f"For {a_shape}, {scaled} {'is' if scaled.startswith(('the', 'every')) else 'are'} "
                  f"{_factor_words(k)}. By what number is its {measure} multiplied?")
        form = AnswerForm.ANY if answer.denominator == 1 else AnswerForm.FRACTION
        solution = (f"Lengths are multiplied by ${latex_fraction(k)}$, so the {measure} is multiplied by "
                    + (f"the same number, ${latex_fraction(answer)}$." if power == 1 else
                       f"${_power_latex(k, power)} = {latex_fraction(answer)}$, because it is measured in "
                       f"{['', '', 'square', 'cubic'][power]} units."))
        params = {"shape": shape, "measure": measure, "k": k, "factor": None}
        text = fraction_text(answer)
    else:
        k = Fraction(rng.randint(2, 5 if power == 3 else 9))
        factor = k ** power
        prompt = (f"For {a_shape}, {scaled} {'is' if scaled.startswith(('the', 'every')) else 'are'} "
                  f"multiplied by the same number, and its {measure} becomes ${factor}$ times as large. By what "
                  f"number were the lengths multiplied?")
        answer, form, text = k, AnswerForm.ANY, str(k)
        root = "\\sqrt" if power == 2 else "\\sqrt[3]"
        solution = (f"The {measure} is multiplied by the {'square' if power == 2 else 'cube'} of the scale factor, "
                    f"so the factor is ${root}{{{factor}}} = {k}$.")
        params = {"shape": shape, "measure": measure, "k": None, "factor": factor}
    return Problem(
        prompt=prompt, answer=text, form=form,
        hint="When all lengths are multiplied by k, perimeters are multiplied by k, areas by $k^2$ and volumes "
             "by $k^3$.",
        solution=solution, params=params,
    )


@generator("scale_effect_new_value", "Effect of Changing Dimensions of a Shape Prportionally")
def scale_effect_new_value(rng: random.Random) -> Problem:
    template = rng.choice(("area", "perimeter", "volume", "circle", "box_surface"))
    unit = rng.choice(LENGTHS)
    k = rng.choice((Fraction(2), Fraction(3), Fraction(4), Fraction(1, 2), Fraction(3, 2), Fraction(5, 2)))
    name = rng.choice(NAMES)
    params: dict = {"template": template, "k": k}
    if template == "area":
        shape = rng.choice(("rectangle", "triangle", "parallelogram", "trapezoid", "photo"))
        old = rng.randint(3, 60) * 2
        answer, power = old * k * k, 2
        prompt = (f"{name} has a {shape} with an area of {_m(old, unit, 2)}. Each of its lengths is "
                  f"{_factor_words(k)} to make a similar {shape}. What is the area of the new {shape}?")
        params["old"] = old
    elif template == "perimeter":
        shape = rng.choice(("triangle", "pentagon", "rectangle", "hexagon"))
        old = rng.randint(5, 80) * 2
        answer, power = old * k, 1
        prompt = (f"A {shape} has a perimeter of {_m(old, unit)}. Every side is {_factor_words(k)}. What is the new "
                  f"perimeter?")
        params["old"] = old
    elif template == "volume":
        shape = rng.choice(("cube", "rectangular box", "cylinder-shaped can", "pyramid"))
        old = rng.randint(2, 40) * 8
        answer, power = old * k ** 3, 3
        prompt = (f"A {shape} has a volume of {_m(old, unit, 3)}. Every length of it is {_factor_words(k)}. "
                  f"What is the volume of the new, similar {shape}?")
        params["old"] = old
    elif template == "circle":
        old = rng.randint(5, 120) * 4
        answer, power = old * k * k, 2
        prompt = (f"A circle has an area of {_m(old, unit, 2)}. Its radius is {_factor_words(k)}. What is the area "
                  f"of the new circle?")
        params["old"] = old
    else:
        dims = [rng.randint(1, 6) * 2 for _ in range(3)]
        old = 2 * (dims[0] * dims[1] + dims[0] * dims[2] + dims[1] * dims[2])
        answer, power = old * k * k, 2
        prompt = (f"A box {dims[0]} by {dims[1]} by {dims[2]} {unit} has a surface area of {_m(old, unit, 2)}. Every "
                  f"edge is {_factor_words(k)}. What is the surface area of the new box?")
        params["dims"] = dims
    kind = {1: "perimeter", 2: "area", 3: "volume"}[power]
    return Problem(
        prompt=prompt, answer=_d(answer), unit=_au(unit, power),
        hint=f"Multiplying every length by k multiplies the {kind} by " + ("k." if power == 1 else f"$k^{power}$."),
        solution=(f"The {kind} is multiplied by the same number, ${latex_fraction(k)}$" if power == 1 else
                  f"The {kind} is multiplied by ${_power_latex(k, power)} = {latex_fraction(k ** power)}$")
        + f": ${_d(old)} \\times {latex_fraction(k ** power)} = {_d(answer)}$ {_u(unit, power)}.",
        params=params,
    )


# == transformations on the coordinate plane ================================================================
GRID = 7  # the plane runs from -GRID to GRID both ways


def _random_triangle(rng: random.Random) -> list[tuple[int, int]]:
    """A compact triangle with whole-number vertices inside one quadrant (away from the axes)."""
    sx, sy = rng.choice((-1, 1)), rng.choice((-1, 1))
    while True:
        width, height = rng.randint(2, 4), rng.randint(2, 4)
        x0, y0 = rng.randint(1, 6 - width), rng.randint(1, 6 - height)
        points = [(sx * rng.randint(x0, x0 + width), sy * rng.randint(y0, y0 + height)) for _ in range(3)]
        if _shoelace_area(points) >= 2 and len(set(points)) == 3:
            return points


def _plane_figure(shapes: list[tuple[list, str | list[str], str]], alt: str, *,
                  line: tuple[str, float] | None = None) -> str:
    """A coordinate plane with polygons (points, vertex letters, colour); `line` draws a mirror line:
    ('x', a) for x = a, ('y', b) for y = b, ('diagonal', 1) for y = x, ('diagonal', -1) for y = -x."""
    plane = Plane(-GRID, GRID, -GRID, GRID, alt=alt, unit=24)
    if line is not None:
        kind, value = line
        if kind == "x":
            plane.segment((value, -GRID), (value, GRID), color=PALETTE[2], width=2.5, dashed=True)
        elif kind == "y":
            plane.segment((-GRID, value), (GRID, value), color=PALETTE[2], width=2.5, dashed=True)
        else:
            plane.segment((-GRID, -GRID * value), (GRID, GRID * value), color=PALETTE[2], width=2.5, dashed=True)
    for points, letters, color in shapes:
        plane.polygon(points, color=color, fill=color)
        center = _centroid(points)
        for (x, y), letter in zip(points, letters):
            ux, uy = _unit((x, y), center)
            plane.point(x, y, "", color=color)
            px, py = plane.px(x, y)
            plane.svg.text(px + 13 * ux, py - 13 * uy, letter, size=13, color=color, bold=True)
    return plane.render()


def _listed(points, letters: str) -> str:
    return ", ".join(f"{letter}{point_text(*p)}" for letter, p in zip(letters, points))


def _primed(letters: str) -> list[str]:
    return [f"{letter}'" for letter in letters]


def _image_figure(original, letters: str, image, *, mirror: bool = False) -> tuple[str, str]:
    """The text alternative and the figure of triangle `letters` and its image (the letters primed)."""
    primed = _primed(letters)
    alt = (f"Triangle {letters} with vertices {_listed(original, letters)}, and its {'mirror ' if mirror else ''}"
           f"image triangle {''.join(primed)} with vertices {_listed(image, primed)}.")
    return alt, _plane_figure([(original, letters, PALETTE[0]), (image, primed, PALETTE[5])], alt)


ROTATIONS = {"cw90": ("90° clockwise", lambda p: (p[1], -p[0]), "(x, y) \\rightarrow (y, -x)"),
             "ccw90": ("90° counterclockwise", lambda p: (-p[1], p[0]), "(x, y) \\rightarrow (-y, x)"),
             "180": ("180°", lambda p: (-p[0], -p[1]), "(x, y) \\rightarrow (-x, -y)")}


@generator("rotation_image_point", "Rotations")
def rotation_image_point(rng: random.Random) -> Problem:
    code = rng.choice(list(ROTATIONS))
    words, rule, latex = ROTATIONS[code]
    letters = rng.choice(("ABC", "PQR", "DEF", "JKL"))
    points = _random_triangle(rng)
    index = rng.randrange(3)
    image = rule(points[index])
    alt = f"Triangle {letters} on a coordinate grid, with vertices {_listed(points, letters)}."
    prompt = rng.choice((
        f"Triangle {letters} is rotated {words} about the origin. What are the coordinates of the image of "
        f"${letters[index]}$?",
        f"{rng.choice(NAMES)} rotates triangle {letters} {words} around the origin. Where does vertex "
        f"${letters[index]}$ end up?",
    ))
    return Problem(
        prompt=prompt, answer=point_text(*image), kind=AnswerKind.POINT,
        hint="Rotating about the origin by 90° swaps the coordinates and changes one sign; by 180° it changes both "
             "signs.",
        solution=f"${letters[index]}$ is at ${point_text(*points[index])}$. A rotation of {words} about the origin "
                 f"maps ${latex}$, so the image is ${point_text(*image)}$.",
        figure=_plane_figure([(points, letters, PALETTE[0])], alt), figure_alt=alt,
        params={"point": points[index], "code": code},
    )


def _identify_options(original, image, candidates: dict[str, tuple[str, object]], answer_code: str, rng):
    """The right option's text, the choices (3 wrong ones whose image differs) and the options as params."""
    options = [(text, code) for code, (text, rule) in candidates.items()
               if code == answer_code or [rule(p) for p in original] != image]
    right = candidates[answer_code][0]
    wrong = [text for text, code in options if code != answer_code]
    rng.shuffle(wrong)
    choices = choices_with(right, wrong, rng)
    return right, choices, [(text, code) for text, code in options if text in choices]


@generator("rotation_identify", "Rotations")
def rotation_identify(rng: random.Random) -> Problem:
    code = rng.choice(list(ROTATIONS))
    letters = rng.choice(("ABC", "PQR", "DEF", "JKL"))
    original = _random_triangle(rng)
    image = [ROTATIONS[code][1](p) for p in original]
    candidates = {c: (f"a rotation of {w} about the origin", rule) for c, (w, rule, _l) in ROTATIONS.items()}
    candidates["rx"] = ("a reflection across the x-axis", lambda p: (p[0], -p[1]))
    candidates["ry"] = ("a reflection across the y-axis", lambda p: (-p[0], p[1]))
    right, choices, options = _identify_options(original, image, candidates, code, rng)
    primed = _primed(letters)
    alt, figure = _image_figure(original, letters, image)
    return Problem(
        prompt=f"Which transformation maps triangle {letters} onto triangle {''.join(primed)}?",
        answer=right, kind=AnswerKind.CHOICE, choices=choices,
        hint="Follow one vertex: compare its coordinates before and after.",
        solution=f"${letters[0]}{point_text(*original[0])}$ goes to ${primed[0]}{point_text(*image[0])}$, and so "
                 f"every vertex moves by the rule of {right}: ${ROTATIONS[code][2]}$.",
        figure=figure, figure_alt=alt,
        params={"original": original, "image": image, "options": options},
    )


def _mirror_rule(line: tuple[str, int]):
    kind, value = line
    if kind == "x":
        return lambda p: (2 * value - p[0], p[1])
    if kind == "y":
        return lambda p: (p[0], 2 * value - p[1])
    if value == 1:
        return lambda p: (p[1], p[0])
    return lambda p: (-p[1], -p[0])


def _line_name(line: tuple[str, int]) -> str:
    kind, value = line
    if kind == "x":
        return "the y-axis" if value == 0 else f"the line $x = {value}$"
    if kind == "y":
        return "the x-axis" if value == 0 else f"the line $y = {value}$"
    return "the line $y = x$" if value == 1 else "the line $y = -x$"


def _mirror_line(rng: random.Random) -> tuple[str, int]:
    return rng.choice((("x", 0), ("y", 0), ("x", 0), ("y", 0), ("diagonal", 1), ("diagonal", -1),
                       ("x", rng.choice((-3, -2, -1, 1, 2, 3))), ("y", rng.choice((-3, -2, -1, 1, 2, 3)))))


def _fits(points) -> bool:
    return all(-GRID + 1 <= x <= GRID - 1 and -GRID + 1 <= y <= GRID - 1 for x, y in points)


@generator("reflection_image_point", "Reflection")
def reflection_image_point(rng: random.Random) -> Problem:
    while True:
        line = _mirror_line(rng)
        points = _random_triangle(rng)
        rule = _mirror_rule(line)
        if _fits([rule(p) for p in points]) and all(rule(p) != p for p in points):
            break
    letters = rng.choice(("ABC", "PQR", "DEF", "JKL"))
    index = rng.randrange(3)
    image = rule(points[index])
    shown = line if line[1] != 0 or line[0] == "diagonal" else None
    alt = (f"Triangle {letters} on a coordinate grid, with vertices {_listed(points, letters)}"
           + (f"; {_line_name(line).replace('$', '')} is drawn dashed." if shown else "."))
    prompt = rng.choice((
        f"Triangle {letters} is reflected across {_line_name(line)}. What are the coordinates of the image of "
        f"${letters[index]}$?",
        f"{rng.choice(NAMES)} reflects triangle {letters} in {_line_name(line)}. Where does vertex "
        f"${letters[index]}$ land?",
    ))
    kind, value = line
    if kind == "diagonal":
        how = "swaps the coordinates" if value == 1 else "swaps the coordinates and changes both signs"
    elif kind == "x":
        how = (f"keeps y and puts x as far on the other side of $x = {value}$: $x' = 2 \\times {value} - x$"
               if value else "changes the sign of x")
    else:
        how = (f"keeps x and puts y as far on the other side of $y = {value}$: $y' = 2 \\times {value} - y$"
               if value else "changes the sign of y")
    return Problem(
        prompt=prompt, answer=point_text(*image), kind=AnswerKind.POINT,
        hint="A reflection puts each point at the same distance on the other side of the mirror line.",
        solution=f"${letters[index]}$ is at ${point_text(*points[index])}$; reflecting across {_line_name(line)} "
                 f"{how}, giving ${point_text(*image)}$.",
        figure=_plane_figure([(points, letters, PALETTE[0])], alt, line=shown), figure_alt=alt,
        params={"point": points[index], "line": line},
    )


@generator("reflection_identify", "Reflection")
def reflection_identify(rng: random.Random) -> Problem:
    while True:
        line = _mirror_line(rng)
        original = _random_triangle(rng)
        image = [_mirror_rule(line)(p) for p in original]
        if _fits(image) and len(set(image) & set(original)) == 0:
            break
    letters = rng.choice(("ABC", "PQR", "DEF", "JKL"))
    primed = _primed(letters)
    lines = {line, ("x", 0), ("y", 0), ("diagonal", 1), ("diagonal", -1)}
    other = ("x", rng.choice((-2, -1, 1, 2))) if line[0] != "x" else ("y", rng.choice((-2, -1, 1, 2)))
    lines.add(other)
    candidates = {f"{kind}:{value}": (_line_name((kind, value)), _mirror_rule((kind, value)))
                  for kind, value in sorted(lines)}
    code = f"{line[0]}:{line[1]}"
    right, choices, options = _identify_options(original, image, candidates, code, rng)
    alt, figure = _image_figure(original, letters, image, mirror=True)
    return Problem(
        prompt=f"Triangle {''.join(primed)} is the reflection of triangle {letters}. Across which line was it "
               f"reflected?",
        answer=right, kind=AnswerKind.CHOICE, choices=choices,
        hint="The mirror line lies halfway between each vertex and its image.",
        solution=f"${letters[0]}{point_text(*original[0])}$ and ${primed[0]}{point_text(*image[0])}$ are the same "
                 f"distance from {right}, on opposite sides, and so are the other vertices.",
        figure=figure, figure_alt=alt,
        params={"original": original, "image": image, "options": options},
    )


def _movement(dx: int, dy: int) -> str:
    """'3 units right and 2 units down', '1 unit left', '4 units up'."""
    parts = []
    if dx:
        parts.append(f"{abs(dx)} {plural(abs(dx), 'unit')} {'right' if dx > 0 else 'left'}")
    if dy:
        parts.append(f"{abs(dy)} {plural(abs(dy), 'unit')} {'up' if dy > 0 else 'down'}")
    return and_list(parts)


def _shifted(variable: str, d: int) -> str:
    return f"{variable} {signed_term(d)}" if d else variable


@generator("translation_image_point", "Translations")
def translation_image_point(rng: random.Random) -> Problem:
    while True:
        dx, dy = rng.randint(-6, 6), rng.randint(-6, 6)
        points = _random_triangle(rng)
        if (dx or dy) and _fits([(x + dx, y + dy) for x, y in points]):
            break
    letters = rng.choice(("ABC", "PQR", "DEF", "JKL"))
    index = rng.randrange(3)
    x, y = points[index]
    image = (x + dx, y + dy)
    template = rng.randrange(3)
    other = (index + 1) % 3
    moved = (points[other][0] + dx, points[other][1] + dy)
    alt = f"Triangle {letters} on a coordinate grid, with vertices {_listed(points, letters)}."
    rule = f"$(x, y) \\rightarrow ({_shifted('x', dx)}, {_shifted('y', dy)})$"
    if template == 0:
        prompt = (f"Triangle {letters} is translated {_movement(dx, dy)}. What are the coordinates of the image of "
                  f"${letters[index]}$?")
    elif template == 1:
        prompt = f"Triangle {letters} is translated by the rule {rule}. Where does ${letters[index]}$ go?"
    else:
        prompt = (f"A translation moves ${letters[other]}$ to ${letters[other]}'{point_text(*moved)}$. Where does "
                  f"the same translation move ${letters[index]}$?")
    return Problem(
        prompt=prompt, answer=point_text(*image), kind=AnswerKind.POINT,
        hint="A translation adds the same amount to every x-coordinate and the same amount to every y-coordinate.",
        solution=f"The translation moves every point {_movement(dx, dy)}, {rule}: "
                 f"${letters[index]}{point_text(*points[index])} \\rightarrow {point_text(*image)}$.",
        figure=_plane_figure([(points, letters, PALETTE[0])], alt), figure_alt=alt,
        params={"points": points, "index": index, "template": template,
                "shift": (dx, dy) if template < 2 else None, "other": other, "moved": moved if template == 2 else None},
    )


@generator("translation_identify", "Translations")
def translation_identify(rng: random.Random) -> Problem:
    while True:
        dx, dy = rng.randint(-6, 6), rng.randint(-6, 6)
        original = _random_triangle(rng)
        image = [(x + dx, y + dy) for x, y in original]
        if dx and dy and abs(dx) != abs(dy) and _fits(image):
            break
    letters = rng.choice(("ABC", "PQR", "DEF", "JKL"))
    primed = _primed(letters)
    wording = rng.random() < 0.5
    shifts = [(dx, dy), (-dx, dy), (dx, -dy), (dy, dx), (-dx, -dy)]

    def text(shift):
        return _movement(*shift) if wording else \
            f"$(x, y) \\rightarrow ({_shifted('x', shift[0])}, {_shifted('y', shift[1])})$"

    right = text((dx, dy))
    wrong = [text(shift) for shift in shifts[1:]]
    rng.shuffle(wrong)
    choices = choices_with(right, wrong, rng)
    options = [(text(shift), shift) for shift in shifts if text(shift) in choices]
    alt, figure = _image_figure(original, letters, image)
    return Problem(
        prompt=f"Triangle {''.join(primed)} is a translation of triangle {letters}. Which describes the translation?",
        answer=right, kind=AnswerKind.CHOICE, choices=choices,
        hint="Count how far a vertex moves across (right or left) and up or down to reach its image.",
        solution=f"${letters[0]}{point_text(*original[0])}$ moves to ${primed[0]}{point_text(*image[0])}$: "
                 f"{_movement(dx, dy)}.",
        figure=figure, figure_alt=alt,
        params={"original": original, "image": image, "options": options},
    )
