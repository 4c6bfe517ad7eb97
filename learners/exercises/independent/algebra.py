"""Independent computations for `learners.exercises.algebra`.

Most answers are worked out again with sympy from what the problem shows: its LaTeX (equations, inequalities,
expressions and the texts of its choices) is read back into sympy here (`_latex`), so the text a student sees is
what gets solved. Patterns are found again from their terms (differences, ratios, interpolation), slopes and
midpoints with sympy's geometry, graphs by following their vertices.
"""
from __future__ import annotations

import functools
import re
import string
from fractions import Fraction

import sympy

from learners.exercises.independent import independent, only

_SYMBOLS = {c: sympy.Symbol(c) for c in string.ascii_letters}
X, Y, N, K = _SYMBOLS["x"], _SYMBOLS["y"], _SYMBOLS["n"], _SYMBOLS["k"]
_FRAC = re.compile(r"\\[dt]?frac\{([^{}]*)\}\{([^{}]*)\}")
_RELATIONS = (("\\le", "<="), ("\\ge", ">="), ("<", "<"), (">", ">"), ("=", "=="))


# -- reading the LaTeX a problem shows -------------------------------------------------------------------
def _plain(text: str) -> str:
    text = text.strip().strip("$").strip()
    text = text.replace("\\left", "").replace("\\right", "")
    text = re.sub(r"\^\{([^{}]*)\}", r"^(\1)", text)
    while _FRAC.search(text):
        text = _FRAC.sub(r"((\1)/(\2))", text)
    text = text.replace("\\cdot", "*").replace("\\times", "*").replace("\\pi", " pi ").replace("\\square", " k ")
    return text.replace("{", "(").replace("}", ")")


_TOKEN = re.compile(r"\s*(\d+(?:\.\d+)?|pi|[A-Za-z]|[-+*/^()])")


class _Reader:
    """A small reader of algebra as written (3x(x + 2)y, 10a^2b^5, (P - 2w)/2): sums, products, quotients,
    powers, brackets and the multiplication signs algebra leaves out, built straight into sympy."""

    def __init__(self, text: str):
        self.tokens, at = [], 0
        while at < len(text):
            match = _TOKEN.match(text, at)
            if not match:
                if text[at:].strip():
                    raise ValueError(f"cannot read {text[at:]!r}")
                break
            self.tokens.append(match.group(1))
            at = match.end()
        self.at = 0

    def peek(self) -> str | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> str:
        self.at += 1
        return self.tokens[self.at - 1]

    def read(self) -> sympy.Expr:
        value = self.sum()
        if self.peek() is not None:
            raise ValueError(f"unexpected {self.peek()!r}")
        return value

    def sum(self) -> sympy.Expr:
        value = self.product()
        while self.peek() in ("+", "-"):
            value = value + self.product() if self.take() == "+" else value - self.product()
        return value

    def product(self) -> sympy.Expr:
        value = self.unary()
        while True:
            token = self.peek()
            if token in ("*", "/"):
                self.take()
                value = value * self.unary() if token == "*" else value / self.unary()
            elif token is not None and (token[0].isalnum() or token == "("):
                value = value * self.power()  # written side by side: 3x, 2(x + 1), (x + 1)(x - 2)
            else:
                return value

    def unary(self) -> sympy.Expr:
        if self.peek() in ("-", "+"):
            return -self.unary() if self.take() == "-" else self.unary()
        return self.power()

    def power(self) -> sympy.Expr:
        base = self.atom()
        if self.peek() == "^":
            self.take()
            return base ** self.unary()
        return base

    def atom(self) -> sympy.Expr:
        token = self.take()
        if token == "(":
            value = self.sum()
            if self.take() != ")":
                raise ValueError("a bracket is not closed")
            return value
        if token == "pi":
            return sympy.pi
        if token[0].isdigit():
            return sympy.Rational(token)
        if token.isalpha():
            return _SYMBOLS[token]
        raise ValueError(f"unexpected {token!r}")


@functools.lru_cache(maxsize=4096)
def _latex(text: str) -> sympy.Expr:
    """An expression as written in a problem (3(x + 2) - 5x, \\frac{V}{lw}, 10a^{5}b^{5}) as sympy reads it."""
    return _Reader(_plain(text)).read()


def _sides(text: str) -> tuple[sympy.Expr, str, sympy.Expr]:
    """An equation or inequality: (left side, relation as Python writes it, right side)."""
    plain = text.strip().strip("$")
    for latex, python in _RELATIONS:
        if latex in plain:
            left, right = plain.split(latex, 1)
            return _latex(left), python, _latex(right)
    raise ValueError(f"no relation in {text!r}")


def _eq(left, right) -> sympy.Eq:
    """An equation as written, not judged true or false on the spot (that is slow and not needed)."""
    return sympy.Eq(left, right, evaluate=False)


def _equation(text: str) -> sympy.Eq:
    left, relation, right = _sides(text)
    if relation != "==":
        raise ValueError(f"not an equation: {text!r}")
    return _eq(left, right)


def _solution_set(text: str) -> tuple[str, Fraction]:
    """The solution of a linear inequality in x, as (relation, boundary): x > 3 is ('>', 3)."""
    left, relation, right = _sides(text)
    a, c = (Fraction(int(v.p), int(v.q)) for v in sympy.Poly(left - right, X).all_coeffs())
    boundary = -c / a  # a x + c (relation) 0
    if a < 0:
        relation = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}[relation]
    return relation, boundary


def _solve(equations, unknowns) -> dict:
    """The one solution of linear equations in the unknowns, as {unknown: value}."""
    solutions = sympy.linsolve(list(equations), list(unknowns))
    if len(solutions) != 1:
        raise ValueError(f"{len(solutions)} solutions")
    (values,) = solutions
    if any(value.free_symbols & set(unknowns) for value in values):
        raise ValueError("infinitely many solutions")
    return dict(zip(unknowns, values))


def _solve1(equation, unknown) -> sympy.Expr:
    return _solve([equation], [unknown])[unknown]


def _zero_test(expr: sympy.Expr) -> sympy.Expr:
    """An expression brought to one fraction in lowest terms: zero exactly when it is zero."""
    return sympy.cancel(sympy.expand(expr))


def _fraction(value) -> Fraction:
    value = sympy.nsimplify(value)
    if not value.is_Rational:
        raise ValueError(f"{value} is not rational")
    return Fraction(int(value.p), int(value.q))


def _text(expr: sympy.Expr) -> str:
    """A polynomial as the answer checker reads it."""
    return str(sympy.expand(expr)).replace("**", "^")


def _line_text(expr: sympy.Expr) -> str:
    return "y = " + _text(expr)


def _line_through(points) -> sympy.Expr:
    """y as a function of x on the line through the points (solved as a system for m and b)."""
    m, b = sympy.symbols("m b")
    solution = _solve([_eq(m * px + b, py) for px, py in points[:2]], [m, b])
    for px, py in points:
        if solution[m] * px + solution[b] != py:
            raise ValueError("the points are not on one line")
    return solution[m] * X + solution[b]


def _slope(p, q) -> Fraction:
    return _fraction(sympy.Line(sympy.Point(*p), sympy.Point(*q)).slope)


def _the_choice(choices, test) -> str:
    """The one choice for which test holds."""
    return only((c for c in choices if test(c)), "choice that passes")


def _numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"-?\d+", text)]


# == patterns =============================================================================================
@independent("pattern_next_term")
def _pattern_next_term(p):
    terms, missing = p["terms"], p["missing"]
    if missing is not None:
        known = [(i, Fraction(t)) for i, t in enumerate(terms) if t is not None]
        if p["kind"] == "arithmetic":
            (i0, t0), (i1, t1) = known[0], known[-1]
            return t0 + (t1 - t0) / (i1 - i0) * (missing - i0)
        i, t = next((i, t) for i, t in known if i + 1 < len(terms) and terms[i + 1] is not None)
        ratio = Fraction(terms[i + 1]) / t
        return t * ratio ** (missing - i)
    diffs = [b - a for a, b in zip(terms, terms[1:])]
    if len(set(diffs)) == 1:
        return terms[-1] + diffs[0]
    if 0 not in terms:
        ratios = {Fraction(b, a) for a, b in zip(terms, terms[1:])}
        if len(ratios) == 1:
            return terms[-1] * ratios.pop()
    seconds = [b - a for a, b in zip(diffs, diffs[1:])]
    if len(set(seconds)) == 1:
        return terms[-1] + diffs[-1] + seconds[0]
    if all(terms[i] == terms[i - 1] + terms[i - 2] for i in range(2, len(terms))):
        return terms[-1] + terms[-2]
    if all(diffs[i] == diffs[i - 2] for i in range(2, len(diffs))):
        return terms[-1] + diffs[-2]
    raise ValueError("no pattern found")


def _tiles(p):
    rule = sympy.interpolate([(n + 1, count) for n, count in enumerate(p["counts"])], N)
    if p["ask"] == "count":
        return int(rule.subs(N, p["stage"]))
    stage = _solve1(_eq(rule, p["total"]), N)
    if not (stage.is_integer and stage > 0):
        raise ValueError("no such stage")
    return int(stage)


independent("pattern_growing_tiles")(_tiles)
independent("quadratic_pattern_tiles")(_tiles)


@independent("linear_pattern_table")
def _linear_pattern_table(p):
    rule = sympy.interpolate(list(zip(p["xs"], p["ys"])), X)
    if sympy.degree(rule, X) != 1:
        raise ValueError("not linear")
    return _line_text(rule) if p["ask"] == "rule" else int(rule.subs(X, p["at"]))


@independent("linear_pattern_which")
def _linear_pattern_which(p):
    def linear(values: list[int]) -> bool:
        return len({b - a for a, b in zip(values, values[1:])}) == 1
    return only((name for name, values in p["patterns"].items() if linear(values) != p["not"]), "pattern")


@independent("quadratic_pattern_table")
def _quadratic_pattern_table(p):
    rule = sympy.interpolate(list(zip(p["xs"], p["ys"])), X)
    if p["ask"] == "rule":
        return _line_text(rule)
    if p["ask"] == "value":
        return int(rule.subs(X, p["at"]))
    step = p["xs"][1] - p["xs"][0]
    return int(2 * sympy.Poly(rule, X).LC() * step ** 2)


@independent("quadratic_pattern_classify")
def _quadratic_pattern_classify(p):
    ys = p["ys"]
    first = [b - a for a, b in zip(ys, ys[1:])]
    if len(set(first)) == 1:
        return "linear"
    if 0 not in ys and len({Fraction(b, a) for a, b in zip(ys, ys[1:])}) == 1:
        return "exponential"
    if len({b - a for a, b in zip(first, first[1:])}) == 1:
        return "quadratic"
    raise ValueError("no pattern")


# == writing linear equations =============================================================================
@independent("linear_equation_from_situation")
def _linear_equation_from_situation(p):
    if "points" in p:
        return _line_text(_line_through(p["points"]))
    start, after_one = p["start"], p["start"] + p["sign"] * p["rate"]
    return _line_text(_line_through([(0, start), (1, after_one)]))


def _from_points(p):
    return _line_text(_line_through(p["points"]))


independent("linear_equation_from_graph")(_from_points)
independent("linear_equation_from_context_graph")(_from_points)


@independent("linear_equation_from_ordered_pairs")
def _linear_equation_from_ordered_pairs(p):
    if p["form"] == "slope":
        (x1, y1), m = p["points"][0], sympy.Rational(p["slope"].numerator, p["slope"].denominator)
        return _line_text(_solve1(_eq(Y - y1, m * (X - x1)), Y))
    return _line_text(_line_through(p["points"]))


@independent("choose_equation_word_problem")
def _choose_equation_word_problem(p):
    def holds(choice: str) -> bool:
        equation = _equation(choice)
        return all(_zero_test(equation.lhs.subs(_values(v)) - equation.rhs.subs(_values(v))) == 0
                   for v in p["values"])
    return _the_choice(p["choices"], holds)


def _values(values: dict) -> dict:
    return {_SYMBOLS[letter]: value for letter, value in values.items()}


@independent("choose_equation_for_line")
def _choose_equation_for_line(p):
    def fits(choice: str) -> bool:
        equation = _equation(choice)
        return all(_zero_test((equation.lhs - equation.rhs).subs({X: px, Y: py})) == 0 for px, py in p["points"])
    return _the_choice(p["choices"], fits)


# == expressions ==========================================================================================
@independent("simplify_linear_expression")
def _simplify_linear_expression(p):
    return _text(_latex(p["expr"]))


@independent("simplify_two_variable_expression")
def _simplify_two_variable_expression(p):
    target = sympy.expand(_latex(p["expr"]))
    return _the_choice(p["choices"], lambda c: sympy.expand(_latex(c) - target) == 0)


# == equations ============================================================================================
def _solve_shown(p):
    return _fraction(_solve1(_equation(p["eq"]), _SYMBOLS[p["var"]]))


for _name in ("solve_one_step_equation", "solve_multi_step_equation", "solve_equation_variables_both_sides"):
    independent(_name)(_solve_shown)


@independent("solve_two_step_equation")
def _solve_two_step_equation(p):
    if "eq" in p:
        return _solve_shown(p)
    return _fraction(_solve1(_eq(p["fee"] + p["rate"] * N, p["total"]), N))


@independent("solve_number_puzzle")
def _solve_number_puzzle(p):
    a, b, c = p["a"], p["b"], p["c"]
    equation = {
        "times_minus": _eq(a * N - b, c),
        "sum_times": _eq((N + b) * a, c),
        "divide_plus": _eq(N / a + b, c),
        "both_sides": _eq(a * N + b, c * N),
        "less_than": _eq(a * N - b, N + c),
    }[p["kind"]]
    return _fraction(_solve1(equation, N))


@independent("solve_multi_step_word_problem")
def _solve_multi_step_word_problem(p):
    kind = p["kind"]
    if kind == "rectangle":
        width = sympy.Symbol("w")
        return _fraction(_solve1(_eq(2 * width + 2 * (p["k"] * width + p["d"]), p["perimeter"]), width))
    if kind == "consecutive":
        start = -200  # brute force: the run of numbers with this sum
        while sum(start + p["step"] * i for i in range(p["count"])) != p["total"]:
            start += 1
        return start
    if kind == "ages":
        return next(a for a in range(0, 200) if (a + p["years"]) + (p["k"] * a + p["years"]) == p["total"])
    return next(n for n in range(1, 500) if p["fee_a"] + p["rate_a"] * n == p["fee_b"] + p["rate_b"] * n)


# == solving for a variable ===============================================================================
@independent("literal_equation_choice")
def _literal_equation_choice(p):
    target = _SYMBOLS[p["target"]]
    solutions = [_solve1(_equation(p["formula"]), target)]

    def right(choice: str) -> bool:
        equation = _equation(choice)
        return equation.lhs == target and any(_zero_test(equation.rhs - s) == 0 for s in solutions)
    return _the_choice(p["choices"], right)


@independent("literal_equation_evaluate")
def _literal_equation_evaluate(p):
    equation = _equation(p["formula"]).subs(_values(p["values"]))
    return _fraction(_solve1(equation, _SYMBOLS[p["target"]]))


# == inequalities =========================================================================================
@independent("solve_inequality_choice")
def _solve_inequality_choice(p):
    solution = _solution_set(p["inequality"])
    return _the_choice(p["choices"], lambda c: _solution_set(c) == solution)


@independent("inequality_from_number_line")
def _inequality_from_number_line(p):
    shown = ({"<": "<", "\\le": "<=", ">": ">", "\\ge": ">="}[p["op"]], Fraction(p["boundary"]))
    return _the_choice(p["choices"], lambda c: _solution_set(c) == shown)


@independent("inequality_word_problem")
def _inequality_word_problem(p):
    if p["kind"] == "most":
        return max(n for n in range(0, 1000) if p["fee"] + p["price"] * n <= p["budget"])
    return min(w for w in range(0, 1000) if p["start"] + p["weekly"] * w >= p["goal"])


# == systems ==============================================================================================
@independent("solve_system_of_equations")
def _solve_system_of_equations(p):
    solution = _solve([_equation(e) for e in p["equations"]], [X, Y])
    return _fraction(solution[X]), _fraction(solution[Y])


@independent("system_word_problem")
def _system_word_problem(p):
    u, v = sympy.symbols("u v")
    kind = p["kind"]
    if kind == "tickets":
        adult, child = p["prices"]
        s = sympy.solve([u + v - p["total"], adult * u + child * v - p["money"]], [u, v])
        return int(s[u] if p["ask"] == "adult" else s[v])
    if kind == "numbers":
        s = sympy.solve([u + v - p["sum"], u - v - p["difference"]], [u, v])
        return int(s[u] if p["ask"] == "larger" else s[v])
    if kind == "animals":
        s = sympy.solve([u + v - p["heads"], 2 * u + 4 * v - p["legs"]], [u, v])
        return int(s[u] if p["ask"] == "two" else s[v])
    if kind == "coins":
        s = sympy.solve([u + v - p["coins"], 25 * u + 10 * v - p["cents"]], [u, v])
        return int(s[u] if p["ask"] == "quarters" else s[v])
    s = sympy.solve([u + v - p["baskets"], 2 * u + 3 * v - p["points"]], [u, v])
    return int(s[u] if p["ask"] == "2-point" else s[v])


@independent("system_by_graphing")
def _system_by_graphing(p):
    (m1, b1), (m2, b2) = p["lines"]
    line1 = sympy.Line(sympy.Point(0, b1), sympy.Point(1, m1 + b1))
    line2 = sympy.Line(sympy.Point(0, b2), sympy.Point(1, m2 + b2))
    point = line1.intersection(line2)[0]
    return _fraction(point.x), _fraction(point.y)


@independent("system_graph_solution_count")
def _system_graph_solution_count(p):
    solutions = sympy.linsolve([_equation(e) for e in p["equations"]], [X, Y])
    if solutions == sympy.EmptySet:
        return "no solution"
    (solution,) = solutions
    return "infinitely many solutions" if any(s.free_symbols for s in solution) else "exactly one solution"


# == linear equations, slope, intercepts, midpoints ======================================================
@independent("linear_equation_evaluate")
def _linear_equation_evaluate(p):
    equation = _eq(Y, p["m"] * X + p["b"])
    if p["given"] == "x":
        return _fraction(_solve1(equation.subs(X, p["value"]), Y))
    return _fraction(_solve1(equation.subs(Y, p["value"]), X))


@independent("point_on_line_choice")
def _point_on_line_choice(p):
    equation = _equation(p["equation"])

    def on(choice: str) -> bool:
        x, y = _numbers(choice)
        return _zero_test((equation.lhs - equation.rhs).subs({X: x, Y: y})) == 0
    return _the_choice(p["choices"], on)


@independent("standard_to_slope_intercept")
def _standard_to_slope_intercept(p):
    return _line_text(_solve1(_equation(p["equation"]), Y))


def _points_slope(p):
    return _slope(*p["points"][:2])


for _name in ("slope_from_graph", "slope_from_two_points", "slope_from_situation", "rate_of_change_from_graph"):
    independent(_name)(_points_slope)


@independent("slope_type_from_graph")
def _slope_type_from_graph(p):
    slope = sympy.Line(sympy.Point(*p["points"][0]), sympy.Point(*p["points"][1])).slope
    if slope in (sympy.oo, -sympy.oo, sympy.zoo):
        return "undefined"
    return "zero" if slope == 0 else "positive" if slope > 0 else "negative"


@independent("slope_missing_coordinate")
def _slope_missing_coordinate(p):
    (x1, y1), m = p["known"], p["slope"]
    if p["ask"] == "y":
        return _fraction(_solve1(_eq((K - y1) / (p["other"] - x1), m), K))
    return _fraction(_solve1(_eq(p["other"] - y1, m * (K - x1)), K))  # cross-multiplied


@independent("slope_from_equation")
def _slope_from_equation(p):
    y = _solve1(_equation(p["equation"]), Y)
    return _fraction(sympy.diff(y, X))


@independent("intercept_from_equation")
def _intercept_from_equation(p):
    equation = _equation(p["equation"])
    if p["axis"] == "y":
        return 0, _fraction(_solve1(equation.subs(X, 0), Y))
    return _fraction(_solve1(equation.subs(Y, 0), X)), 0


@independent("intercept_from_graph")
def _intercept_from_graph(p):
    line = sympy.Line(sympy.Point(*p["points"][0]), sympy.Point(*p["points"][1]))
    axis = sympy.Line(sympy.Point(0, 0), sympy.Point(0, 1) if p["axis"] == "y" else sympy.Point(1, 0))
    point = line.intersection(axis)[0]
    return _fraction(point.x), _fraction(point.y)


@independent("midpoint_of_segment")
def _midpoint_of_segment(p):
    middle = sympy.Segment(sympy.Point(*p["ends"][0]), sympy.Point(*p["ends"][1])).midpoint
    return _fraction(middle.x), _fraction(middle.y)


@independent("midpoint_missing_endpoint")
def _midpoint_missing_endpoint(p):
    bx, by = sympy.symbols("bx by")
    (ax, ay), (mx, my) = p["a"], p["m"]
    s = _solve([_eq((ax + bx) / 2, mx), _eq((ay + by) / 2, my)], [bx, by])
    return _fraction(s[bx]), _fraction(s[by])


# == graphs of situations =================================================================================
def _value_at(vertices, t) -> Fraction:
    for (t1, y1), (t2, y2) in zip(vertices, vertices[1:]):
        if t1 <= t <= t2:
            return Fraction(y1) + Fraction(y2 - y1, t2 - t1) * (t - t1)
    raise ValueError("outside the graph")


@independent("coordinate_graph_read_value")
def _coordinate_graph_read_value(p):
    vertices = p["vertices"]
    if p["ask"] == "value":
        return _value_at(vertices, p["at"])
    if p["ask"] == "max":
        return max(_value_at(vertices, t) for t in range(vertices[-1][0] + 1))
    if p["ask"] == "rest":  # count the unit steps of time where the value does not change
        return sum(1 for t in range(vertices[-1][0]) if _value_at(vertices, t) == _value_at(vertices, t + 1)
                   and _value_at(vertices, t + Fraction(1, 2)) == _value_at(vertices, t))
    t1, t2 = p["segment"]
    return abs((_value_at(vertices, t2) - _value_at(vertices, t1)) / (t2 - t1))


@independent("coordinate_graph_segment_choice")
def _coordinate_graph_segment_choice(p):
    vertices = p["vertices"]
    pieces = list(zip(vertices, vertices[1:]))
    slopes = [Fraction(y2 - y1, t2 - t1) for (t1, y1), (t2, y2) in pieces]
    if p["ask"] == "fast":
        chosen = [i for i, s in enumerate(slopes) if abs(s) == max(abs(s) for s in slopes)]
    elif p["ask"] == "rest":
        chosen = [i for i, s in enumerate(slopes) if s == 0]
    else:
        chosen = [i for i, s in enumerate(slopes) if s < 0]
    (t1, _y1), (t2, _y2) = pieces[only(chosen, "segment")]
    return f"from ${t1}$ to ${t2}$ {p['times']}"


# == distributive property, factors, exponents, polynomials ================================================
@independent("distributive_expand")
def _distributive_expand(p):
    return _text(_latex(p["expr"]))


@independent("distributive_factor_gcf")
def _distributive_factor_gcf(p):
    target = sympy.Poly(_latex(p["expr"]), X)
    content = target.content()

    def greatest(choice: str) -> bool:
        match = re.fullmatch(r"\$(\d+)\((.*)\)\$", choice)
        if not match:
            return False
        outside, inside = sympy.Integer(match.group(1)), sympy.Poly(_latex(match.group(2)), X)
        return outside == content and (outside * inside) == target
    return _the_choice(p["choices"], greatest)


@independent("distributive_missing_number")
def _distributive_missing_number(p):
    equation = _equation(p["equation"])
    difference = sympy.Poly(sympy.expand(equation.lhs - equation.rhs), X)
    return _fraction(_solve(difference.all_coeffs(), [K])[K])


@independent("factor_quadratic_trinomial")
def _factor_quadratic_trinomial(p):
    polynomial = sum(c * X ** e for e, c in p["coefficients"].items())
    return str(sympy.factor(polynomial)).replace("**", "^")


@independent("polynomial_factor_choice")
def _polynomial_factor_choice(p):
    polynomial = sympy.Poly(sum(c * X ** e for e, c in p["coefficients"].items()), X)

    def right(choice: str) -> bool:
        candidate = sympy.Poly(_latex(choice), X)
        if candidate.degree() == 1:
            return polynomial.rem(candidate).is_zero
        return candidate == polynomial
    return _the_choice(p["choices"], right)


@independent("exponent_rules_single_power")
def _exponent_rules_single_power(p):
    return str(sympy.cancel(_latex(p["expr"]))).replace("**", "^")


@independent("exponent_rules_monomials_choice")
def _exponent_rules_monomials_choice(p):
    target = _latex(p["expr"])  # sympy keeps products and quotients of powers as one monomial
    return _the_choice(p["choices"], lambda c: sympy.expand(_latex(c) - target) == 0)


@independent("polynomial_parts_number")
def _polynomial_parts_number(p):
    var = _SYMBOLS[p["var"]]
    expr = sum(c * var ** e for c, e in p["terms"])
    poly = sympy.Poly(expr, var)
    ask = p["ask"]
    if ask == "monomial_coefficient":
        return int(poly.LC())
    if ask == "monomial_exponent":
        return poly.degree()
    if ask == "coefficient":
        return int(poly.coeff_monomial(var ** p["power"]))
    if ask == "constant":
        return int(poly.coeff_monomial(1))
    if ask == "terms":
        return len(sympy.Add.make_args(expr))
    if ask == "degree":
        return poly.degree()
    return int(poly.LC())


@independent("polynomial_vocabulary_choice")
def _polynomial_vocabulary_choice(p):
    def terms(text: str) -> int:
        return len(sympy.Add.make_args(sympy.expand(_latex(text))))
    names = {1: "monomial", 2: "binomial", 3: "trinomial"}
    if p["ask"] == "classify":
        return names[terms(p["expressions"][0])]
    wanted = next(n for n, name in names.items() if name == p["ask"])
    return _the_choice(p["choices"], lambda c: terms(c) == wanted)


# == quadratic formula ====================================================================================
def _quadratic_roots(p):
    return list(sympy.roots(sympy.Poly(p["a"] * X ** 2 + p["b"] * X + p["c"], X)))


@independent("quadratic_formula_roots_choice")
def _quadratic_formula_roots_choice(p):
    roots = set(_quadratic_roots(p))

    def right(choice: str) -> bool:
        return {_equation(part).rhs for part in choice.split(" or ")} == roots
    return _the_choice(p["choices"], right)


@independent("quadratic_formula_decimal_root")
def _quadratic_formula_decimal_root(p):
    roots = sorted(_quadratic_roots(p), key=lambda r: sympy.N(r, 50))
    root = roots[-1] if p["which"] == "larger" else roots[0]
    return str(sympy.N(root, 40))


@independent("quadratic_discriminant")
def _quadratic_discriminant(p):
    equation = _equation(p["equation"])
    polynomial = sympy.Poly(equation.lhs - equation.rhs, X)
    if p["ask"] == "value":
        return int(sympy.discriminant(polynomial))
    return sum(1 for r in sympy.roots(polynomial) if r.is_real)
