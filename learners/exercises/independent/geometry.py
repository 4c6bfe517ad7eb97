"""Independent computations for `learners.exercises.geometry`: areas by the shoelace formula over the
vertices, missing lengths by solving the formula with sympy, circles and solids with pi as 314/100 in a
different arrangement (diameters instead of radii, nets instead of formulas), angles from directions,
transformations by complex numbers, and counts by enumeration."""
from __future__ import annotations

import itertools
import math
from fractions import Fraction

import sympy

from learners.exercises.independent import independent

PI = Fraction(314, 100)


def _shoelace(points) -> Fraction:
    """The area of a polygon from its vertices, by the surveyor's formula."""
    total = Fraction(0)
    n = len(points)
    for i in range(n):
        x1, y1 = (Fraction(v) for v in points[i])
        x2, y2 = (Fraction(v) for v in points[(i + 1) % n])
        total += x1 * y2 - x2 * y1
    return abs(total) / 2


def _solve(equation, unknown) -> Fraction:
    """The one positive solution of a sympy equation, as a Fraction."""
    roots = [r for r in sympy.solve(equation, unknown) if r.is_real and r > 0]
    assert len(roots) == 1, roots
    return Fraction(str(sympy.nsimplify(roots[0])))


def _sym(value):
    return sympy.Rational(str(Fraction(value)))


# -- areas of polygons ------------------------------------------------------------------------------------
@independent("area_trapezoid_figure")
def _area_trapezoid_figure(p):
    b1, b2, h, d = (Fraction(p[k]) for k in ("b1", "b2", "h", "d"))
    return _shoelace([(0, 0), (b1, 0), (d + b2, h), (d, h)])


@independent("area_trapezoid_missing")
def _area_trapezoid_missing(p):
    values = {k: sympy.Symbol(k, positive=True) if p[k] is None else _sym(p[k]) for k in ("b1", "b2", "h")}
    unknown = values[p["unknown"]]
    return _solve(sympy.Eq((values["b1"] + values["b2"]) * values["h"] / 2, _sym(p["area"])), unknown)


@independent("area_composite_rectilinear")
def _area_composite_rectilinear(p):
    return _shoelace(p["points"])


@independent("area_composite_triangles")
def _area_composite_triangles(p):
    return _shoelace(p["points"])


@independent("area_rectangle_figure")
def _area_rectangle_figure(p):
    length, width = Fraction(p["length"]), Fraction(p["width"])
    return _shoelace([(0, 0), (length, 0), (length, width), (0, width)])


@independent("area_rectangle_word")
def _area_rectangle_word(p):
    template = p["template"]
    if template == "area":
        return _shoelace([(0, 0), (p["length"], 0), (p["length"], p["width"]), (0, p["width"])])
    if template == "width":
        w = sympy.Symbol("w", positive=True)
        return _solve(sympy.Eq(_sym(p["length"]) * w, _sym(p["area"])), w)
    if template == "square":
        side = next(s for s in range(1, 1000) if 4 * s == p["perimeter"])
        return Fraction(sum(side for _ in range(side)))
    cost = Fraction(0)
    for _row in range(p["width"]):  # a strip 1 unit wide at a time
        cost += p["length"] * Fraction(p["price"])
    return cost


@independent("area_triangle_figure")
def _area_triangle_figure(p):
    return _shoelace([(0, 0), (p["b"], 0), (p["p"], p["h"])])


@independent("area_triangle_word")
def _area_triangle_word(p):
    if p["template"] == "legs":  # Heron's formula from the three sides
        a, b, c = p["sides"]
        s = Fraction(a + b + c, 2)
        square = s * (s - a) * (s - b) * (s - c)
        root = Fraction(math.isqrt(square.numerator), math.isqrt(square.denominator))
        assert root * root == square
        return root
    unknown = sympy.Symbol("u", positive=True)
    known = _sym(p["b"] if p["template"] == "height" else p["h"])
    return _solve(sympy.Eq(known * unknown / 2, _sym(p["area"])), unknown)


@independent("area_parallelogram_figure")
def _area_parallelogram_figure(p):
    b, h, d = (Fraction(p[k]) for k in ("b", "h", "d"))
    return _shoelace([(0, 0), (b, 0), (b + d, h), (d, h)])


@independent("area_parallelogram_word")
def _area_parallelogram_word(p):
    if p["template"] == "area":  # the parallelogram cut into two triangles along a diagonal
        return 2 * _shoelace([(0, 0), (p["b"], 0), (p["b"] + 1, p["h"])])
    unknown = sympy.Symbol("u", positive=True)
    known = _sym(p["b"] if p["template"] == "height" else p["h"])
    return _solve(sympy.Eq(known * unknown, _sym(p["area"])), unknown)


# -- circles -------------------------------------------------------------------------------------------
def _diameter(p) -> Fraction:
    return Fraction(p["given"]) * (2 if p["show"] == "r" else 1)


@independent("area_circle_figure")
def _area_circle_figure(p):
    d = _diameter(p)
    return PI * d * d / 4


@independent("area_circle_parts")
def _area_circle_parts(p):
    template = p["template"]
    if template == "semi":
        return PI * p["d"] * p["d"] / 8
    if template == "quarter":
        return PI * Fraction(2 * p["r"]) ** 2 / 16
    if template == "circumference":  # A = C^2 / (4 pi)
        return Fraction(p["c"]) ** 2 / (4 * PI)
    return PI * p["d"] * p["d"] / 4 / p["slices"]


@independent("circumference_figure")
def _circumference_figure(p):
    return 2 * PI * (_diameter(p) / 2)


@independent("circumference_word")
def _circumference_word(p):
    template = p["template"]
    if template == "wheel":
        return sum(2 * PI * Fraction(p["d"], 2) for _ in range(p["turns"]))
    if template in ("diameter", "radius"):
        r = sympy.Symbol("r", positive=True)
        radius = _solve(sympy.Eq(2 * _sym(PI) * r, p["c"]), r)
        return 2 * radius if template == "diameter" else radius
    return PI * Fraction(p["d"], 2) + p["d"]


# -- perimeter ------------------------------------------------------------------------------------------
@independent("perimeter_polygon_figure")
def _perimeter_polygon_figure(p):
    return sum(sorted(Fraction(s) for s in p["sides"]))


@independent("perimeter_regular_and_rectangle")
def _perimeter_regular_and_rectangle(p):
    template = p["template"]
    u = sympy.Symbol("u", positive=True)
    if template == "regular":
        return sum(Fraction(p["side"]) for _ in range(p["n"]))
    if template == "regular_side":
        return _solve(sympy.Eq(p["n"] * u, _sym(p["perimeter"])), u)
    if template == "rectangle":
        return sum((p["length"], p["width"], p["length"], p["width"]))
    return _solve(sympy.Eq(2 * p["length"] + 2 * u, p["perimeter"]), u)


@independent("perimeter_rectilinear")
def _perimeter_rectilinear(p):
    points = p["points"]
    return sum(Fraction(math.dist(a, b)).limit_denominator(1) for a, b in zip(points, [*points[1:], points[0]]))


# -- solids ---------------------------------------------------------------------------------------------
@independent("volume_rectangular_prism_figure")
def _volume_rectangular_prism_figure(p):
    length, width, height = (Fraction(p[k]) for k in ("length", "width", "height"))
    front = _shoelace([(0, 0), (length, 0), (length, height), (0, height)])
    return front * width


@independent("volume_rectangular_prism_word")
def _volume_rectangular_prism_word(p):
    template = p["template"]
    if template == "missing":
        h = sympy.Symbol("h", positive=True)
        return _solve(sympy.Eq(p["base"][0] * p["base"][1] * h, p["volume"]), h)
    if template in ("cubes", "small_cubes"):  # count the cubes one by one
        edge = Fraction(p["edge"])
        along = [int(Fraction(x) / edge) for x in p["dims"]]
        return sum(1 for _ in itertools.product(*(range(n) for n in along)))
    length, width, height = p["dims"]
    return sum(length * width for _ in range(height))


def _faces(dims, open_top: bool) -> list[Fraction]:
    length, width, height = (Fraction(x) for x in dims)
    faces = [length * width, length * width, length * height, length * height, width * height, width * height]
    if open_top:
        faces.remove(length * width)
    return faces


@independent("surface_area_rectangular_prism_figure")
def _surface_area_rectangular_prism_figure(p):
    return sum(_faces(p["dims"], p["open_top"]))


@independent("surface_area_rectangular_prism_word")
def _surface_area_rectangular_prism_word(p):
    return sum(_faces(p["dims"], p["open_top"]))


@independent("volume_cylinder_figure")
def _volume_cylinder_figure(p):
    d = _diameter(p)
    return PI * d * d * Fraction(p["h"]) / 4


@independent("volume_cylinder_word")
def _volume_cylinder_word(p):
    if p["template"] == "compare":
        return PI * (p["d2"] ** 2 - p["d"] ** 2) * p["h"] / 4
    return PI * p["d"] * p["d"] / 4 * p["h"] * Fraction(p["part"])


def _cylinder_net(p) -> Fraction:
    """The net of a cylinder: a rectangle (circumference by height) and the circular bases."""
    d = _diameter(p)
    return PI * d * p["h"] + p["bases"] * PI * d * d / 4


@independent("surface_area_cylinder_figure")
def _surface_area_cylinder_figure(p):
    return _cylinder_net(p)


@independent("surface_area_cylinder_word")
def _surface_area_cylinder_word(p):
    return _cylinder_net(p)


@independent("volume_sphere_figure")
def _volume_sphere_figure(p):
    d = _diameter(p)
    return PI * d ** 3 / 6


@independent("volume_sphere_word")
def _volume_sphere_word(p):
    if p["template"] == "ball":
        return PI * Fraction(p["d"]) ** 3 / 6
    if p["template"] == "hemisphere":
        return PI * Fraction(2 * p["r"]) ** 3 / 12
    return PI * (Fraction(2 * p["r2"]) ** 3 - Fraction(2 * p["r1"]) ** 3) / 6


# -- nets ------------------------------------------------------------------------------------------------
def _is_round(face) -> bool:
    """A circle drawn as a many-sided polygon: every vertex at the same distance from the centre."""
    cx = sum(p[0] for p in face) / len(face)
    cy = sum(p[1] for p in face) / len(face)
    radii = [math.dist(p, (cx, cy)) for p in face]
    return len(face) > 8 and max(radii) - min(radii) < 1e-2 * max(radii)


@independent("net_identify_solid")
def _net_identify_solid(p):
    faces = p["faces"]
    curved = [f for f in faces if len(f) > 8]
    if curved:
        return "cylinder" if all(_is_round(f) for f in curved) and len(faces) == 3 else "cone"
    count = {n: sum(1 for f in faces if len(f) == n) for n in (3, 4, 5)}
    if count[5] == 2:
        return "pentagonal prism"
    if count[5] == 1:
        return "pentagonal pyramid"
    if count[3] == 4:
        return "square pyramid" if count[4] == 1 else "triangular pyramid"
    if count[3] == 2:
        return "triangular prism"
    sides = {round(math.dist(f[i], f[(i + 1) % 4]), 6) for f in faces for i in range(4)}
    return "cube" if len(sides) == 1 else "rectangular prism"


@independent("net_surface_area")
def _net_surface_area(p):
    return sum(_shoelace(face) for face in p["faces"])


# -- the Pythagorean theorem ------------------------------------------------------------------------------
def _side(p) -> float:
    if p["find"] == "c":
        a, b = p["legs"]
        return math.hypot(a, b)
    return math.sqrt(p["hypotenuse"] ** 2 - p["leg"] ** 2)


@independent("pythagorean_hypotenuse")
def _pythagorean_hypotenuse(p):
    return _side(p)


@independent("pythagorean_leg")
def _pythagorean_leg(p):
    return _side(p)


@independent("pythagorean_word")
def _pythagorean_word(p):
    return _side(p)


# -- angles ----------------------------------------------------------------------------------------------
@independent("complementary_supplementary_angle")
def _complementary_supplementary_angle(p):
    x = sympy.Symbol("x", positive=True)
    total = {"complementary": 90, "supplementary": 180}[p["kind"]]
    return _solve(sympy.Eq(x + _sym(p["part"]), total), x)


@independent("complementary_supplementary_algebra")
def _complementary_supplementary_algebra(p):
    x = sympy.Symbol("x")
    total = {"complementary": 90, "supplementary": 180}[p["kind"]]
    if p["template"] == "expressions":
        first, second = p["p"] * x + p["q"], p["r"] * x + p["s"]
        value = sympy.solve(sympy.Eq(first + second, total), x)[0]
        return Fraction(str({"x": value, "first": first.subs(x, value), "second": second.subs(x, value)}[p["ask"]]))
    if p["template"] == "times":
        value = sympy.solve(sympy.Eq(x + x / p["k"], total), x)[0]
    else:
        value = sympy.solve(sympy.Eq(x + (x - p["diff"]), total), x)[0]
    return Fraction(str(value))


@independent("triangle_missing_angle")
def _triangle_missing_angle(p):
    template = p["template"]
    if template in ("two", "right"):
        return 180 - sum(p["known"])
    if template == "isosceles_base":
        return Fraction(180 - p["top"], 2)
    if template == "isosceles_vertex":
        return 180 - p["base"] - p["base"]
    b = 180 - p["a"] - p["c"]  # the interior angle at the extended vertex
    return 180 - b if p["ask_exterior"] else p["c"]


@independent("triangle_angles_algebra")
def _triangle_angles_algebra(p):
    if p["template"] == "ratio":
        angles = [Fraction(180 * k, sum(p["ratio"])) for k in p["ratio"]]
        return max(angles) if p["ask"] == "largest" else min(angles)
    x = sympy.Symbol("x")
    angles = [c * x + k for c, k in zip(p["coefficients"], p["constants"])]
    value = sympy.solve(sympy.Eq(sum(angles), 180), x)[0]
    return Fraction(str(value if p["ask"] == "x" else angles[p["ask"]].subs(x, value)))


@independent("polygon_missing_angle")
def _polygon_missing_angle(p):
    exterior = sum(180 - a for a in p["known"])  # the exterior angles of a convex polygon add up to 360
    return 180 - (360 - exterior)


@independent("polygon_angle_sum")
def _polygon_angle_sum(p):
    template = p["template"]
    if template == "sum":
        return 180 * p["n"] - 360  # an interior and an exterior angle at each vertex, less the 360 outside
    if template == "regular":
        return 180 - Fraction(360, p["n"])
    if template == "sides_from_sum":
        return next(n for n in range(3, 100) if sum(180 for _ in range(n - 2)) == p["total"])
    return next(n for n in range(3, 100) if 180 - Fraction(360, n) == Fraction(p["angle"]))


def _transversal_span(position: int, theta):
    """The angle at `position` as the difference of the directions of the two rays around it, the lines going
    at 0 and 180 degrees and the transversal at theta and theta + 180."""
    crossing_rays = [0, theta, 180, theta + 180, 360]
    corner = (position - 1) % 4
    start = {0: 1, 1: 0, 2: 2, 3: 3}[corner]  # above-left, above-right, below-left, below-right
    return crossing_rays[start + 1] - crossing_rays[start]


@independent("parallel_lines_angle")
def _parallel_lines_angle(p):
    theta = sympy.Symbol("theta")
    value = sympy.solve(sympy.Eq(_transversal_span(p["given"], theta), p["value"]), theta)[0]
    return int(_transversal_span(p["asked"], theta).subs(theta, value))


@independent("parallel_lines_algebra")
def _parallel_lines_algebra(p):
    x, theta = sympy.symbols("x theta")
    first, second = p["p"] * x + p["q"], p["r"] * x + p["s"]
    solution = sympy.solve([sympy.Eq(_transversal_span(p["first"], theta), first),
                            sympy.Eq(_transversal_span(p["second"], theta), second)], [x, theta], dict=True)[0]
    return int(solution[x] if p["ask"] == "x" else first.subs(x, solution[x]))


@independent("parallel_lines_relationship")
def _parallel_lines_relationship(p):
    def place(k):
        return {"crossing": (k - 1) // 4, "above": (k - 1) % 4 < 2, "left": (k - 1) % 2 == 0}

    a, b = place(p["i"]), place(p["j"])
    if a["crossing"] == b["crossing"]:
        return "vertical angles" if a["above"] != b["above"] and a["left"] != b["left"] else "a linear pair"
    if a["above"] == b["above"] and a["left"] == b["left"]:
        return "corresponding angles"

    def interior(q):
        return (q["crossing"] == 0) != q["above"]  # below the top line or above the bottom one

    side = "alternate" if a["left"] != b["left"] else "same-side"
    assert interior(a) == interior(b)
    return f"{side} {'interior' if interior(a) else 'exterior'} angles"


@independent("classify_angle_figure")
def _classify_angle_figure(p):
    (x1, y1), (x2, y2) = p["rays"]
    dot, cross = x1 * x2 + y1 * y2, x1 * y2 - x2 * y1
    size = math.hypot(x1, y1) * math.hypot(x2, y2)
    if abs(dot) < 1e-6 * size:
        return "right"
    if dot > 0:
        return "acute"
    return "straight" if abs(cross) < 1e-6 * size else "obtuse"


@independent("classify_clock_angle")
def _classify_clock_angle(p):
    minute_hand = 6 * p["minute"]  # degrees clockwise from 12
    hour_hand = Fraction(360 * (p["hour"] % 12) + 6 * p["minute"], 12)
    between = abs(minute_hand - hour_hand)
    between = min(between, 360 - between)
    if between == 180:
        return "straight"
    return "right" if between == 90 else "acute" if between < 90 else "obtuse"


# -- congruence and similarity -----------------------------------------------------------------------------
@independent("congruent_triangles_parts")
def _congruent_triangles_parts(p):
    back = {new: old for old, new in zip("ABC", p["image"])}  # a vertex of the image -> its partner in ABC
    if p["mode"] == "side":
        ends = {back[v] for v in p["asked"]}
        return next(length for side, length in p["sides"].items() if set(side) == ends)
    vertex = back[p["asked"]]
    angles = dict(p["angles"])
    angles.setdefault("C", 180 - angles["A"] - angles["B"])
    return angles[vertex]


@independent("congruence_criterion")
def _congruence_criterion(p):
    sides, angles = p["sides"], p["angles"]
    if len(sides) == 3:
        return "SSS"
    if len(sides) == 2 and len(angles) == 1:
        shared = set(sides[0]) & set(sides[1])  # the vertex between the two sides
        return "SAS" if shared == set(angles) else "not enough information"
    if len(sides) == 1 and len(angles) == 2:
        return "ASA" if set(sides[0]) == set(angles) else "AAS"
    return "not enough information"


@independent("similar_figures_missing_side")
def _similar_figures_missing_side(p):
    small, large = p["small"], p["large"]
    pair = next(i for i in small if i in large)
    x = sympy.Symbol("x", positive=True)
    known_small = _sym(small[p["asked"]]) if p["unknown_in"] == "large" else x
    known_large = x if p["unknown_in"] == "large" else _sym(large[p["asked"]])
    return _solve(sympy.Eq(known_large / known_small, _sym(large[pair]) / _sym(small[pair])), x)


@independent("similar_figures_word")
def _similar_figures_word(p):
    x = sympy.Symbol("x", positive=True)  # a : b = x : d
    return _solve(sympy.Eq(_sym(p["a"]) * _sym(p["d"]), _sym(p["b"]) * x), x)


def _measure(shape: str, measure: str, k) -> Fraction:
    """The measure of a particular shape with every length multiplied by k."""
    k = Fraction(k)
    if shape == "square":
        return 4 * k if measure == "perimeter" else k * k
    if shape == "rectangle":
        return 2 * (2 * k + 3 * k) if measure == "perimeter" else (2 * k) * (3 * k)
    if shape == "triangle":
        return 3 * k + 4 * k + 5 * k if measure == "perimeter" else _shoelace([(0, 0), (4 * k, 0), (0, 3 * k)])
    if shape == "circle":
        return 2 * PI * k if measure == "circumference" else PI * k * k
    if shape == "cube":
        return 6 * k * k if measure == "surface area" else k ** 3
    if shape == "rectangular prism":
        a, b, c = 2 * k, 3 * k, 4 * k
        return 2 * (a * b + b * c + a * c) if measure == "surface area" else a * b * c
    if shape == "cylinder":
        r, h = k, 2 * k
        return 2 * PI * r * r + 2 * PI * r * h if measure == "surface area" else PI * r * r * h
    return 4 * PI * k * k if measure == "surface area" else Fraction(4, 3) * PI * k ** 3


@independent("scale_effect_factor")
def _scale_effect_factor(p):
    before = _measure(p["shape"], p["measure"], 1)
    if p["k"] is not None:
        return _measure(p["shape"], p["measure"], p["k"]) / before
    return next(k for k in range(1, 50) if _measure(p["shape"], p["measure"], k) == p["factor"] * before)


@independent("scale_effect_new_value")
def _scale_effect_new_value(p):
    k, template = Fraction(p["k"]), p["template"]
    if template == "area":  # a rectangle old by 1
        return (Fraction(p["old"]) * k) * (1 * k)
    if template == "perimeter":  # an equilateral triangle
        return 3 * (Fraction(p["old"], 3) * k)
    if template == "volume":  # a box old by 1 by 1
        return (p["old"] * k) * k * k
    if template == "circle":
        r_squared = Fraction(p["old"]) / PI
        return PI * r_squared * k * k
    a, b, c = (Fraction(x) * k for x in p["dims"])
    return 2 * (a * b + b * c + a * c)


# -- transformations ---------------------------------------------------------------------------------------
TURNS = {"cw90": -1j, "ccw90": 1j, "180": -1}


def _as_point(z: complex) -> tuple[int, int]:
    return (round(z.real), round(z.imag))


def _reflect(point, line) -> tuple[int, int]:
    """The mirror image of a point in a line, by projecting onto it: p' = 2 proj - p."""
    kind, value = line
    anchor, direction = {"x": ((value, 0), (0, 1)), "y": ((0, value), (1, 0)),
                         "diagonal": ((0, 0), (1, value))}[kind]
    px, py = point[0] - anchor[0], point[1] - anchor[1]
    scale = Fraction(px * direction[0] + py * direction[1], direction[0] ** 2 + direction[1] ** 2)
    fx, fy = anchor[0] + scale * direction[0], anchor[1] + scale * direction[1]
    return (int(2 * fx - point[0]), int(2 * fy - point[1]))


def _move(code, point):
    if code in TURNS:
        return _as_point(complex(*point) * TURNS[code])
    if code == "rx":
        return _as_point(complex(*point).conjugate())
    if code == "ry":
        return _as_point(-complex(*point).conjugate())
    kind, value = code.split(":")
    return _reflect(point, (kind, int(value)))


@independent("rotation_image_point")
def _rotation_image_point(p):
    return _move(p["code"], p["point"])


@independent("rotation_identify")
def _rotation_identify(p):
    image = [tuple(q) for q in p["image"]]
    return next(text for text, code in p["options"] if [_move(code, q) for q in p["original"]] == image)


@independent("reflection_image_point")
def _reflection_image_point(p):
    return _reflect(p["point"], p["line"])


@independent("reflection_identify")
def _reflection_identify(p):
    image = [tuple(q) for q in p["image"]]
    return next(text for text, code in p["options"] if [_move(code, q) for q in p["original"]] == image)


@independent("translation_image_point")
def _translation_image_point(p):
    if p["shift"] is None:  # the translation is shown by another vertex and its image
        shift = complex(*p["moved"]) - complex(*p["points"][p["other"]])
    else:
        shift = complex(*p["shift"])
    return _as_point(complex(*p["points"][p["index"]]) + shift)


@independent("translation_identify")
def _translation_identify(p):
    moved = [complex(*b) - complex(*a) for a, b in zip(p["original"], p["image"])]
    assert len(set(moved)) == 1
    return next(text for text, shift in p["options"] if complex(*shift) == moved[0])
