"""Generators of algebra: patterns and sequences, expressions and their simplification, equations and
inequalities, literal equations, linear equations and their graphs (slope, intercepts, midpoints), systems,
polynomials and their factors, exponent rules and the quadratic formula."""
from __future__ import annotations

import math
import random
import re
from decimal import Decimal, localcontext
from fractions import Fraction

from learners.answers import parse_polynomial
from learners.exercises.figures import INK, PALETTE, NumberLine, Plane, Svg, SvgChart
from learners.exercises.problem import (
    Problem, choices_with, decimal_text, fraction_text, generator, latex_fraction, latex_money, latex_over, linear_text,
    plural, point_text, signed_term,
)
from learners.exercises.words import NAMES
from learners.models import AnswerForm, AnswerKind


# -- small helpers ----------------------------------------------------------------------------------------
def _nonzero(rng: random.Random, lo: int, hi: int) -> int:
    return rng.choice([n for n in range(lo, hi + 1) if n != 0])


def _number_answer(value: Fraction | int) -> tuple[str, str]:
    """The stored text of an exact number and the form it asks: a whole number as it is, a fraction in lowest terms."""
    value = Fraction(value)
    return fraction_text(value), (AnswerForm.ANY if value.denominator == 1 else AnswerForm.SIMPLEST)


def _lin(*terms: tuple[int | Fraction, str]) -> str:
    return linear_text(list(terms))


def _line_latex(m: Fraction | int, b: Fraction | int) -> str:
    """y = 2x - 3 for the page (fractions as \\frac)."""
    return "y = " + linear_text([(Fraction(m), "x"), (Fraction(b), "")])


def _line_answer(m: Fraction | int, b: Fraction | int) -> str:
    """y = 2x - 3, y = -2x/3 + 1 as the checker reads it (no brackets: it is also an expanded form)."""
    m, b = Fraction(m), Fraction(b)
    if m == 0:
        return f"y = {fraction_text(b)}"
    if m.denominator == 1:
        head = signed_term(m, "x", first=True)
    else:
        head = f"{'-' if m < 0 else ''}{abs(m.numerator) if abs(m.numerator) != 1 else ''}x/{m.denominator}"
    if b == 0:
        return f"y = {head}"
    return f"y = {head} {'+' if b > 0 else '-'} {fraction_text(abs(b))}"


def _poly_text(coefficients: dict[int, int | Fraction], var: str = "x", order: list[int] | None = None) -> str:
    """A polynomial from {exponent: coefficient}, highest power first (or in `order`): 3x^2 - x + 5."""
    exponents = order if order is not None else sorted(coefficients, reverse=True)
    terms = []
    for e in exponents:
        c = coefficients.get(e, 0)
        terms.append((c, "" if e == 0 else var if e == 1 else f"{var}^{{{e}}}" if e > 9 else f"{var}^{e}"))
    return linear_text(terms)


def _poly_answer(coefficients: dict[int, int | Fraction]) -> str:
    """The same polynomial as the checker reads it (x only)."""
    return _poly_text(coefficients).replace("\\frac", "")


def _paren(value: int | Fraction) -> str:
    """A number inside a computation: negatives in brackets, (-3)."""
    text = latex_fraction(Fraction(value))
    return f"({text})" if value < 0 else text


def _table(xs: list, ys: list, x_head: str = "x", y_head: str = "y") -> str:
    cells = "c|" + "c" * len(xs)
    top = " & ".join(latex_fraction(Fraction(v)) for v in xs)
    bottom = " & ".join(latex_fraction(Fraction(v)) for v in ys)
    return f"$\\begin{{array}}{{{cells}}} {x_head} & {top} \\\\ \\hline {y_head} & {bottom} \\end{{array}}$"


def _sequence(terms: list, missing: int | None = None) -> str:
    return "$" + ", ".join("\\square" if i == missing else str(t) for i, t in enumerate(terms)) + ", \\ldots$"


def _money(value: int | Fraction) -> str:
    """An amount of dollars as mathematics in a sentence: $\\$12$, $\\$12.50$."""
    return f"${latex_money(value)}$"


def _cases(*equations: str) -> str:
    return "$\\begin{cases} " + " \\\\ ".join(equations) + " \\end{cases}$"


# -- figures ----------------------------------------------------------------------------------------------
def _plane(alt: str, lo: int = -6, hi: int = 6) -> Plane:
    return Plane(lo, hi, lo, hi, alt=alt, unit=24)


def _lattice_points(m: Fraction, b: Fraction, lo: int = -6, hi: int = 6) -> list[tuple[int, int]]:
    out = []
    for x in range(lo, hi + 1):
        y = m * x + b
        if y.denominator == 1 and lo <= y <= hi:
            out.append((x, int(y)))
    return out


def _context_graph(lines: list[list[tuple[int, int]]], *, x_max: int, y_max: int, x_step: int, y_step: int,
                   x_title: str, y_title: str, alt: str, dots: list[tuple[int, int]] | None = None) -> str:
    """A first-quadrant graph with titled axes and numbered grid lines; each line is a broken line through
    its points (in the graph's units)."""
    chart = SvgChart(440, 340, x_axis=(0, x_max, x_step), y_axis=(0, y_max, y_step), x_title=x_title, y_title=y_title,
                  alt=alt, left=62, right=420, top=40, bottom=280)
    for n, points in enumerate(lines):
        color = PALETTE[n % len(PALETTE)]
        chart.broken_line(points, color=color, width=3)
        for x, y in (dots if dots is not None else points):
            chart.dot(x, y, color=color, r=4)
    return chart.render()


def _tiles_figure(stages: list[set[tuple[int, int]]], alt: str) -> str:
    """Stages 1, 2, 3 of a growing pattern of square tiles side by side, each centred over its label."""
    widest = max(max(c for c, _r in cells) + 1 for cells in stages)
    tallest = max(max(r for _c, r in cells) + 1 for cells in stages)
    size = min(20, 120 // widest, 160 // tallest)
    slots = [max((max(c for c, _r in cells) + 1) * size, 70) + 24 for cells in stages]
    width = max(sum(slots) + 20, 300)
    height = tallest * size + 60
    svg = Svg(width, height, alt=alt)
    left = (width - sum(slots)) / 2
    base = 14 + tallest * size
    for n, (cells, slot) in enumerate(zip(stages, slots)):
        x0 = left + (slot - (max(c for c, _r in cells) + 1) * size) / 2
        for c, r in cells:
            svg.rect(x0 + c * size, base - (r + 1) * size, size, size, fill=PALETTE[0], color=INK, opacity=0.35)
        svg.text(left + slot / 2, base + 22, f"Stage {n + 1}", size=13)
        left += slot
    return svg.render()


def _number_line_figure(boundary: int, op: str, alt: str) -> str:
    """The solution set x op boundary on a number line: an open or closed circle and a thick ray."""
    line = NumberLine(boundary - 6, 1, 12, alt=alt, width=460, height=90, y=40, margin=30)
    bx = line.x(boundary)
    end = line.x(boundary + 6) + 14 if op in (">", "\\ge") else line.x(boundary - 6) - 14
    line.svg.arrow(bx, line.y, end, line.y, color=PALETTE[0], width=4, head=10)
    closed = op in ("\\le", "\\ge")
    line.svg.circle(bx, line.y, 6, fill=PALETTE[0] if closed else "#ffffff", color=PALETTE[0], width=2.5)
    return line.render()


# == Pattern Finding ======================================================================================
@generator("pattern_next_term", "Pattern Finding")
def pattern_next_term(rng: random.Random) -> Problem:
    kind = rng.choice(["arithmetic", "arithmetic", "geometric", "growing", "alternating", "fibonacci"])
    missing = rng.randint(1, 4) if kind in ("arithmetic", "geometric") and rng.random() < 0.4 else None
    if kind == "arithmetic":
        a, d = rng.randint(-15, 40), _nonzero(rng, -9, 12)
        terms = [a]
        while len(terms) < 6:
            terms.append(terms[-1] + d)
        rule = f"add ${d}$ each time" if d > 0 else f"subtract ${-d}$ each time"
    elif kind == "geometric":
        a, r = rng.choice([(rng.randint(1, 6), rng.choice([2, 3, -2])), (rng.randint(1, 5) * 32, Fraction(1, 2)),
                           (rng.randint(1, 3), 4), (rng.randint(1, 2) * 243, Fraction(1, 3))])
        terms = [Fraction(a)]
        while len(terms) < 6:
            terms.append(terms[-1] * r)
        terms = [int(t) for t in terms]
        rule = f"multiply by ${latex_fraction(Fraction(r))}$ each time" if r != Fraction(1, 2) else "halve each time"
    elif kind == "growing":
        a, d0, s = rng.randint(1, 12), rng.randint(1, 5), rng.randint(1, 3)
        terms = [a]
        while len(terms) < 6:
            terms.append(terms[-1] + d0 + s * (len(terms) - 1))
        rule = f"the amount added grows by ${s}$ each time (add ${d0}$, then ${d0 + s}$, then ${d0 + 2 * s}$, ...)"
    elif kind == "alternating":
        a, p, q = rng.randint(1, 20), rng.randint(3, 9), rng.randint(1, 8)
        if p == q:
            q = p - 1
        terms = [a]
        while len(terms) < 7:
            terms.append(terms[-1] + (p if len(terms) % 2 else -q))
        rule = f"add ${p}$, then subtract ${q}$, and repeat"
    else:  # fibonacci
        a, b = rng.randint(1, 6), rng.randint(1, 9)
        terms = [a, b]
        while len(terms) < 7:
            terms.append(terms[-1] + terms[-2])
        rule = "each term is the sum of the two terms before it"
    if missing is not None:
        shown, answer = terms[:6], terms[missing]
        prompt = f"What number is missing from the pattern {_sequence(shown, missing)}?"
        params = {"kind": kind, "terms": [t if i != missing else None for i, t in enumerate(shown)], "missing": missing}
    else:
        shown, answer = terms[:-1], terms[-1]
        prompt = rng.choice(["What is the next term of the pattern {seq}?", "Find the next number: {seq}",
                             "The numbers {seq} follow a pattern. What number comes next?"])
        prompt = prompt.format(seq=_sequence(shown))
        params = {"kind": kind, "terms": shown, "missing": None}
    return Problem(
        prompt=prompt,
        answer=str(answer),
        hint="Look at how each term changes into the next: is the same amount added, or the same factor multiplied?",
        solution=f"The rule is: {rule}. So the missing term is ${answer}$." if missing is not None
        else f"The rule is: {rule}. The next term is ${answer}$.",
        params=params,
    )


_LINEAR_SHAPES = {
    "an L shape": lambda n: {(0, i) for i in range(n + 1)} | {(i, 0) for i in range(n + 1)},
    "two rows of tiles": lambda n: {(c, r) for c in range(n + 1) for r in range(2)},
    "a plus sign": lambda n: {(n + i, n) for i in range(-n, n + 1)} | {(n, n + i) for i in range(-n, n + 1)},
    "a T shape": lambda n: {(c, n) for c in range(2 * n + 1)} | {(n, r) for r in range(n)},
    "a tower on a base of three": lambda n: {(c, 0) for c in range(3)} | {(1, r) for r in range(1, n + 1)},
    "a U shape": lambda n: {(0, r) for r in range(n + 1)} | {(2, r) for r in range(n + 1)} | {(1, 0)},
    "a staircase edge": lambda n: {(i, i) for i in range(n + 1)} | {(i + 1, i) for i in range(n)},
}
_QUADRATIC_SHAPES = {
    "a square": (lambda n: {(c, r) for c in range(n) for r in range(n)}, lambda n: n * n),
    "a rectangle one tile wider than it is tall": (lambda n: {(c, r) for c in range(n + 1) for r in range(n)},
                                                    lambda n: n * (n + 1)),
    "a staircase": (lambda n: {(c, r) for c in range(n) for r in range(n - c)}, lambda n: n * (n + 1) // 2),
    "a square with one extra tile on top": (lambda n: {(c, r) for c in range(n) for r in range(n)} | {(0, n)},
                                            lambda n: n * n + 1),
    "a rectangle two tiles wider than it is tall": (lambda n: {(c, r) for c in range(n + 2) for r in range(n)},
                                                     lambda n: n * (n + 2)),
    "a square with a border row below": (lambda n: {(c, r) for c in range(n + 1) for r in range(n + 1)},
                                         lambda n: (n + 1) ** 2),
}
_LINEAR_COUNTS = {  # tiles in stage n, by a formula (the figure counts its cells)
    "an L shape": lambda n: 2 * n + 1, "two rows of tiles": lambda n: 2 * n + 2, "a plus sign": lambda n: 4 * n + 1,
    "a T shape": lambda n: 3 * n + 1, "a tower on a base of three": lambda n: n + 3,
    "a U shape": lambda n: 2 * n + 3, "a staircase edge": lambda n: 2 * n + 1,
}


def _tiles_problem(rng: random.Random, shape: str, cells_of, count_of, linear: bool) -> Problem:
    stages = [cells_of(n) for n in (1, 2, 3)]
    counts = [len(cells) for cells in stages]
    alt = (f"A growing pattern of square tiles shaped like {shape}. Stage 1 has {counts[0]} tiles, stage 2 has "
           f"{counts[1]} tiles and stage 3 has {counts[2]} tiles.")
    figure = _tiles_figure(stages, alt)
    diffs = [counts[1] - counts[0], counts[2] - counts[1]]
    if linear and rng.random() < 0.35:
        stage = rng.randint(6, 25)
        total = count_of(stage)
        prompt = f"The tiles grow in a pattern. Which stage of the pattern has ${total}$ tiles?"
        return Problem(
            prompt=prompt, answer=str(stage), figure=figure, figure_alt=alt,
            hint="Find how many tiles are added from one stage to the next.",
            solution=f"Each stage adds ${diffs[0]}$ {plural(diffs[0], 'tile')}, so stage $n$ has "
                     f"${_lin((diffs[0], 'n'), (counts[0] - diffs[0], ''))}$ "
                     f"tiles. Solving ${_lin((diffs[0], 'n'), (counts[0] - diffs[0], ''))} = {total}$ gives $n = "
                     f"{stage}$.",
            params={"counts": counts, "ask": "stage", "total": total},
        )
    stage = rng.randint(5, 15 if linear else 10)
    total = count_of(stage)
    how = (f"Each stage adds ${diffs[0]}$ {plural(diffs[0], 'tile')}, so stage $n$ has "
           f"${_lin((diffs[0], 'n'), (counts[0] - diffs[0], ''))}$ tiles" if linear else
           f"The numbers of tiles ${counts[0]}, {counts[1]}, {counts[2]}$ grow by ${diffs[0]}$, then ${diffs[1]}$: the "
           f"increase grows by ${diffs[1] - diffs[0]}$ each stage, a quadratic pattern")
    return Problem(
        prompt=rng.choice(["The tiles grow in a pattern. How many tiles will be in stage {k}?",
                           "If the pattern continues, how many tiles are in stage {k}?"]).format(k=f"${stage}$"),
        answer=str(total), figure=figure, figure_alt=alt,
        hint="Count the tiles in each stage and look at how the count changes.",
        solution=f"{how}. Stage ${stage}$ has ${total}$ tiles.",
        params={"counts": counts, "ask": "count", "stage": stage},
    )


@generator("pattern_growing_tiles", "Pattern Finding")
def pattern_growing_tiles(rng: random.Random) -> Problem:
    shape = rng.choice(sorted(_LINEAR_SHAPES))
    return _tiles_problem(rng, shape, _LINEAR_SHAPES[shape], _LINEAR_COUNTS[shape], linear=True)


# == Recognize Linear Pattern =============================================================================
_TABLE_CONTEXTS = (
    ("x", "y", ""),
    ("\\text{Tables}", "\\text{Seats}", "The table shows how many people can sit at a row of tables pushed together. "),
    ("\\text{Week}", "\\text{Savings (\\$)}", "The table shows the money in a savings jar at the end of each week. "),
    ("\\text{Hour}", "\\text{Height (cm)}", "The table shows the height of a candle as it burns. "),
)


def _table_xs(rng: random.Random) -> list[int]:
    start, step = rng.choice([(0, 1), (1, 1), (1, 1), (2, 2), (-2, 1), (1, 2), (0, 3)])
    return [start + step * i for i in range(5)]


@generator("linear_pattern_table", "Recognize Linear Pattern")
def linear_pattern_table(rng: random.Random) -> Problem:
    context = rng.choice(_TABLE_CONTEXTS)
    x_head, y_head, lead = context
    if "candle" in lead:
        m, b, xs = -rng.randint(1, 3), rng.randint(15, 30), [0, 1, 2, 3, 4]
    elif lead:
        m, b, xs = rng.randint(2, 9), rng.randint(1, 12), [1, 2, 3, 4, 5]
    else:
        m, b, xs = _nonzero(rng, -6, 9), rng.randint(-10, 12), _table_xs(rng)
    ys = [m * x + b for x in xs]
    table = _table(xs, ys, x_head, y_head)
    step = xs[1] - xs[0]
    explain = (f"Each time $x$ goes up by ${step}$, $y$ changes by ${m * step}$, so the slope is ${m}$. "
               f"At $x = 0$, $y = {b}$.")
    if rng.random() < 0.5:
        ask = ("Write a rule for $y$ in terms of $x$." if not lead else
               "Write a rule $y = \\ldots$, where $x$ is the number in the first row and $y$ the number in the second.")
        return Problem(
            prompt=f"{lead}The pattern in the table is linear. {table} {ask}",
            answer=_line_answer(m, b), kind=AnswerKind.EXPRESSION,
            hint="Find the constant change in y for each step of 1 in x, then find y when x is 0.",
            solution=f"{explain} The rule is ${_line_latex(m, b)}$.",
            params={"xs": xs, "ys": ys, "ask": "rule"},
        )
    far = rng.randint(5, b // -m) if "candle" in lead else rng.choice([10, 12, 15, 20, 25, 50])
    return Problem(
        prompt=f"{lead}The pattern in the table continues in the same way. {table} What is the value in the second row "
               f"when the first row is ${far}$?",
        answer=str(m * far + b),
        hint="Find the rule first: how much does the second row change for each step of 1 in the first row?",
        solution=f"{explain} The rule is ${_line_latex(m, b)}$, so at $x = {far}$: "
                 f"${m} \\cdot {far} {signed_term(b) if b else ''} = {m * far + b}$.",
        params={"xs": xs, "ys": ys, "ask": "value", "at": far},
    )


def _nonlinear_sequences(rng: random.Random) -> list[list[int]]:
    a, r = rng.randint(1, 4), rng.choice([2, 3])
    c = rng.randint(-3, 6)
    s = rng.randint(1, 4)
    d0, step = rng.randint(1, 4), rng.randint(1, 3)
    growing = [s]
    while len(growing) < 5:
        growing.append(growing[-1] + d0 + step * (len(growing) - 1))
    p, q = rng.randint(3, 7), rng.randint(1, 2)
    alternating = [s]
    while len(alternating) < 5:
        alternating.append(alternating[-1] + (p if len(alternating) % 2 else -q))
    return [[a * r ** i for i in range(5)], [n * n + c for n in range(1, 6)], growing, alternating]


@generator("linear_pattern_which", "Recognize Linear Pattern")
def linear_pattern_which(rng: random.Random) -> Problem:
    def linear() -> list[int]:
        a, d = rng.randint(-5, 20), _nonzero(rng, -6, 9)
        return [a + d * i for i in range(5)]

    others = _nonlinear_sequences(rng)
    rng.shuffle(others)
    if rng.random() < 0.6:
        right, wrong = linear(), others[:3]
        question = "Whose pattern is linear?"
        why = f"the differences are all ${right[1] - right[0]}$"
    else:
        right, wrong = others[0], []
        while len(wrong) < 3:
            candidate = linear()
            if candidate not in wrong:
                wrong.append(candidate)
        question = "Three of the patterns are linear. Whose pattern is NOT linear?"
        diffs = [right[i + 1] - right[i] for i in range(4)]
        why = f"the differences ${', '.join(map(str, diffs))}$ are not all the same"
    names = rng.sample(NAMES, 4)
    lists = [right, *wrong]
    rng.shuffle(lists)
    patterns = dict(zip(names, lists))
    answer = names[lists.index(right)]
    shown = "; ".join(f"{name}: ${', '.join(map(str, seq))}$" for name, seq in patterns.items())
    return Problem(
        prompt=f"Four students each wrote the start of a number pattern. {shown}. {question}",
        answer=answer, kind=AnswerKind.CHOICE, choices=tuple(names),
        hint="In a linear pattern the same number is added (or subtracted) every time.",
        solution=f"In {answer}'s pattern {why}.",
        params={"patterns": patterns, "not": "NOT" in question},
    )


# == Recognize Quadratic Pattern ==========================================================================
@generator("quadratic_pattern_table", "Recognize Quadratic Pattern")
def quadratic_pattern_table(rng: random.Random) -> Problem:
    a = rng.choice([1, 1, 1, 2, 3, -1, -2])
    b = rng.choice([0, 0, 0, 1, 2, -1, -2, 3])
    c = rng.randint(-5, 9)
    xs = rng.choice([[0, 1, 2, 3, 4], [1, 2, 3, 4, 5], [-2, -1, 0, 1, 2]])
    ys = [a * x * x + b * x + c for x in xs]
    table = _table(xs, ys)
    first = [ys[i + 1] - ys[i] for i in range(4)]
    second = first[1] - first[0]
    diffs = (f"The first differences are ${', '.join(map(str, first))}$ and the second differences are all "
             f"${second}$, so the pattern is quadratic with $x^2$ coefficient ${second} \\div 2 = {a}$.")
    rule = _poly_text({2: a, 1: b, 0: c})
    ask = rng.choice(["rule", "rule", "value", "second"])
    if ask == "rule":
        return Problem(
            prompt=f"The table follows a quadratic pattern. {table} Write a rule for $y$ in terms of $x$.",
            answer="y = " + _poly_answer({2: a, 1: b, 0: c}), kind=AnswerKind.EXPRESSION,
            hint="Find the second differences: half of that number is the coefficient of x². Then use the row x = 0.",
            solution=f"{diffs} Checking the table gives $y = {rule}$.",
            params={"xs": xs, "ys": ys, "ask": ask},
        )
    if ask == "second":
        return Problem(
            prompt=f"The table shows a quadratic pattern. {table} What is the constant second difference of the "
                   "$y$-values?",
            answer=str(second),
            hint="Subtract each y-value from the next, then subtract those differences from each other.",
            solution=diffs,
            params={"xs": xs, "ys": ys, "ask": ask},
        )
    far = rng.randint(7, 12)
    value = a * far * far + b * far + c
    return Problem(
        prompt=f"The values in the table follow a quadratic pattern. {table} What is $y$ when $x = {far}$?",
        answer=str(value),
        hint="Find the rule first, or keep extending the differences.",
        solution=f"{diffs} The rule is $y = {rule}$, so at $x = {far}$, $y = {value}$.",
        params={"xs": xs, "ys": ys, "ask": ask, "at": far},
    )


@generator("quadratic_pattern_classify", "Recognize Quadratic Pattern")
def quadratic_pattern_classify(rng: random.Random) -> Problem:
    kind = rng.choice(["linear", "quadratic", "quadratic", "exponential"])
    xs = [1, 2, 3, 4, 5]
    if kind == "linear":
        m, b = _nonzero(rng, -5, 8), rng.randint(-6, 10)
        ys = [m * x + b for x in xs]
    elif kind == "quadratic":
        a, b, c = rng.choice([1, 2, 3, -1]), rng.randint(-3, 3), rng.randint(-4, 8)
        ys = [a * x * x + b * x + c for x in xs]
    else:
        a, r = rng.randint(1, 5), rng.choice([2, 3])
        ys = [a * r ** x for x in xs]
    first = [ys[i + 1] - ys[i] for i in range(4)]
    second = [first[i + 1] - first[i] for i in range(3)]
    reason = {
        "linear": f"the first differences are all ${first[0]}$",
        "quadratic": f"the first differences ${', '.join(map(str, first))}$ change, but the second differences are "
                     f"all ${second[0]}$",
        "exponential": f"each $y$-value is ${ys[1] // ys[0] if kind == 'exponential' else 0}$ times the one before",
    }[kind]
    if rng.random() < 0.5:
        prompt = f"What kind of pattern does the table show? {_table(xs, ys)}"
    else:
        prompt = f"The $y$-values of a pattern are ${', '.join(map(str, ys))}$ for $x = 1, 2, 3, 4, 5$. " \
                 f"Is the pattern " \
                 f"linear, quadratic or exponential?"
    return Problem(
        prompt=prompt, answer=kind, kind=AnswerKind.CHOICE, choices=("linear", "quadratic", "exponential"),
        hint="Linear: the first differences are equal. Quadratic: the second differences are equal. Exponential: "
             "the ratios are equal.",
        solution=f"The pattern is {kind}: {reason}.",
        params={"ys": ys},
    )


@generator("quadratic_pattern_tiles", "Recognize Quadratic Pattern")
def quadratic_pattern_tiles(rng: random.Random) -> Problem:
    shape = rng.choice(sorted(_QUADRATIC_SHAPES))
    cells_of, count_of = _QUADRATIC_SHAPES[shape]
    return _tiles_problem(rng, shape, cells_of, count_of, linear=False)


# == Write Linear Equation from Situation =================================================================
_SITUATIONS = (
    {"direct": "A taxi charges a flat fee of {b} plus {m} per mile.",
     "data": "A taxi ride of ${x1}$ miles costs {y1}, and a ride of ${x2}$ miles costs {y2}. The fare is a flat fee "
             "plus a charge per mile.",
     "ask": "Write an equation for the fare $y$, in dollars, for a ride of $x$ miles.",
     "sign": 1, "money": True, "m": (2, 4), "b": (2, 6)},
    {"direct": "A gym charges a {b} sign-up fee and {m} per month.",
     "data": "After ${x1}$ months, {name} has paid the gym {y1} in all; after ${x2}$ months, {y2}. The gym charges a "
             "sign-up fee plus the same amount each month.",
     "ask": "Write an equation for the total cost $y$, in dollars, of $x$ months at the gym.",
     "sign": 1, "money": True, "m": (15, 40), "b": (20, 60)},
    {"direct": "A plumber charges {b} for a visit plus {m} per hour of work.",
     "data": "A plumber charged {y1} for a ${x1}$-hour job and {y2} for a ${x2}$-hour job, with the same visit fee and "
             "hourly rate.",
     "ask": "Write an equation for the charge $y$, in dollars, for a job of $x$ hours.",
     "sign": 1, "money": True, "m": (30, 70), "b": (25, 80)},
    {"direct": "{name} has {b} in a savings account and adds {m} every week.",
     "data": "After ${x1}$ weeks of saving the same amount each week, {name} has {y1}; after ${x2}$ weeks, {y2}.",
     "ask": "Write an equation for the savings $y$, in dollars, after $x$ weeks.",
     "sign": 1, "money": True, "m": (5, 25), "b": (10, 90)},
    {"direct": "{name} has {b} on a lunch card and spends {m} each school day.",
     "data": "After ${x1}$ school days, {name}'s lunch card has {y1} left; after ${x2}$ days, {y2}. The same amount is "
             "spent each day.",
     "ask": "Write an equation for the money $y$, in dollars, left on the card after $x$ days.",
     "sign": -1, "money": True, "m": (3, 6), "b": (60, 120)},
    {"direct": "A candle is {b} cm tall and burns down {m} cm every hour.",
     "data": "After ${x1}$ hours, a burning candle is {y1} cm tall; after ${x2}$ hours it is {y2} cm tall. It "
             "burns at a "
             "steady rate.",
     "ask": "Write an equation for the height $y$, in cm, after $x$ hours.",
     "sign": -1, "money": False, "m": (2, 4), "b": (24, 40)},
    {"direct": "A water tank holds {b} liters and drains at {m} liters per minute.",
     "data": "A draining tank holds {y1} liters after ${x1}$ minutes and {y2} liters after ${x2}$ minutes. It drains "
             "at a steady rate.",
     "ask": "Write an equation for the water $y$, in liters, left after $x$ minutes.",
     "sign": -1, "money": False, "m": (5, 20), "b": (200, 500)},
    {"direct": "A plant is {b} cm tall and grows {m} cm each week.",
     "data": "A plant is {y1} cm tall after ${x1}$ weeks and {y2} cm tall after ${x2}$ weeks. It grows at a "
             "steady rate.",
     "ask": "Write an equation for the height $y$, in cm, after $x$ weeks.",
     "sign": 1, "money": False, "m": (2, 6), "b": (3, 15)},
    {"direct": "A bookstore has {b} copies of a new book and sells {m} copies each day.",
     "data": "A bookstore has {y1} copies of a book left after ${x1}$ days and {y2} copies left after ${x2}$ days. It "
             "sells the same number each day.",
     "ask": "Write an equation for the number $y$ of copies left after $x$ days.",
     "sign": -1, "money": False, "m": (4, 15), "b": (80, 200)},
)


def _amount(value: int | Fraction, money: bool) -> str:
    return _money(value) if money else f"${decimal_text(value)}$"


def _line_answer_decimal(m: Fraction | int, b: Fraction | int) -> str:
    """y = 2.5x + 3: a slope in dollars is written as money is."""
    m, b = Fraction(m), Fraction(b)
    head = signed_term(m, "x", first=True) if m.denominator == 1 else f"{decimal_text(m)}x"
    return f"y = {head}" + ("" if b == 0 else f" {'+' if b > 0 else '-'} {decimal_text(abs(b))}")


@generator("linear_equation_from_situation", "Write Linear Equation from Situation")
def linear_equation_from_situation(rng: random.Random) -> Problem:
    s = rng.choice(_SITUATIONS)
    m = Fraction(rng.randint(*s["m"]))
    if s["money"] and s["m"][1] <= 6 and rng.random() < 0.4:
        m += Fraction(1, 2)
    b = rng.randint(*s["b"])
    slope = s["sign"] * m
    name = rng.choice(NAMES)
    latex = "y = " + (f"{'-' if slope < 0 else ''}{decimal_text(abs(slope))}x" if slope.denominator != 1
                      else signed_term(slope, "x", first=True)) + f" + {b}"
    if rng.random() < 0.5:
        story = s["direct"].format(b=_amount(b, s["money"]), m=_amount(m, s["money"]), name=name)
        how = (f"The starting amount is ${b}$ and the amount changes by ${decimal_text(slope)}$ for each unit of $x$, "
               f"so ${latex}$.")
        params = {"start": b, "rate": m, "sign": s["sign"]}
    else:
        x1 = rng.randint(2, 4)
        x2 = x1 + rng.randint(2, 5)
        y1, y2 = slope * x1 + b, slope * x2 + b
        story = s["data"].format(x1=x1, x2=x2, y1=_amount(y1, s["money"]), y2=_amount(y2, s["money"]), name=name)
        how = (f"The rate is $\\frac{{{decimal_text(y2)} - {decimal_text(y1)}}}{{{x2} - {x1}}} = "
               f"{decimal_text(slope)}$ "
               f"per unit of $x$. Going back ${x1}$ units from $x = {x1}$ gives the start: "
               f"${decimal_text(y1)} {'-' if slope > 0 else '+'} {decimal_text(abs(slope))} \\cdot {x1} = {b}$. "
               f"So ${latex}$.")
        params = {"points": [(x1, y1), (x2, y2)]}
    return Problem(
        prompt=f"{story} {s['ask']}",
        answer=_line_answer_decimal(slope, b), kind=AnswerKind.EXPRESSION,
        hint="The rate of change is the coefficient of x; the starting amount (when x = 0) is the constant.",
        solution=how,
        params=params,
    )


# == Write Linear Equation from Graph =====================================================================
_GRAPH_SLOPES = [Fraction(n) for n in (1, 2, 3, -1, -2, -3)] + [Fraction(p, q) for p, q in (
    (1, 2), (-1, 2), (1, 3), (-1, 3), (2, 3), (-2, 3), (3, 2), (-3, 2), (3, 4), (-3, 4))]


def _graph_line(rng: random.Random, slopes=_GRAPH_SLOPES) -> tuple[Fraction, int, list[tuple[int, int]]]:
    """A slope, an integer intercept and two lattice points of the line well inside the -6..6 grid."""
    while True:
        m, b = rng.choice(slopes), rng.randint(-4, 4)
        points = _lattice_points(m, Fraction(b), -5, 5)
        if len(points) >= 2:
            p, q = sorted(rng.sample(points, 2))
            if rng.random() < 0.5 and (0, b) in points and (0, b) not in (p, q):
                p, q = sorted([(0, b), rng.choice([pt for pt in points if pt != (0, b)])])
            return m, b, [p, q]


def _line_figure(m: Fraction, b: int, marked: list[tuple[int, int]], alt: str, color: str = PALETTE[0]) -> str:
    plane = _plane(alt)
    plane.line(float(m), float(b), color=color)
    for x, y in marked:
        plane.point(x, y, color=color)
    return plane.render()


def _slope_steps(p: tuple[int, int], q: tuple[int, int]) -> str:
    rise, run = q[1] - p[1], q[0] - p[0]
    slope = Fraction(rise, run)
    shown = f"\\frac{{{rise}}}{{{run}}}"
    value = shown if (slope.numerator, slope.denominator) == (rise, run) and run != 1 and rise > 0 else \
        f"{shown} = {latex_fraction(slope)}"
    return (f"From $({p[0]}, {p[1]})$ to $({q[0]}, {q[1]})$, $y$ changes by ${rise}$ while $x$ changes by ${run}$, so "
            f"the slope is ${value}$.")


def _marked_line(m: Fraction, b: int, points: list[tuple[int, int]]) -> tuple[str, str]:
    """The text alternative and the figure of the line y = mx + b through two marked points."""
    alt = (f"A coordinate grid from -6 to 6 on both axes with a straight line through the marked points "
           f"({points[0][0]}, {points[0][1]}) and ({points[1][0]}, {points[1][1]}).")
    return alt, _line_figure(m, b, points, alt)


@generator("linear_equation_from_graph", "Write Linear Equation from Graph")
def linear_equation_from_graph(rng: random.Random) -> Problem:
    m, b, points = _graph_line(rng)
    alt, figure = _marked_line(m, b, points)
    return Problem(
        prompt=rng.choice(["Write the equation of the line in slope-intercept form.",
                           "What is the equation of the graphed line? Write it as $y = mx + b$.",
                           "The graph shows a line through two marked points. Write its equation."]),
        answer=_line_answer(m, b), kind=AnswerKind.EXPRESSION, figure=figure, figure_alt=alt,
        hint="Read the slope as rise over run between the marked points, and the y-intercept where the line "
             "crosses the y-axis.",
        solution=f"{_slope_steps(*points)} The line crosses the $y$-axis at $(0, {b})$, so ${_line_latex(m, b)}$.",
        params={"points": points},
    )


_CONTEXT_LINES = (
    {"story": "The graph shows the cost of renting a bike for different numbers of hours.", "x": "Time (hours)",
     "y": "Cost ($)", "xs": "hours", "what": "the cost $y$, in dollars, of renting for $x$ hours", "m": (2, 6),
     "b": (0, 20), "money": True, "sign": 1},
    {"story": "The graph shows how much money is in {name}'s savings account after each week.", "x": "Week",
     "y": "Savings ($)", "xs": "weeks", "what": "the savings $y$, in dollars, after $x$ weeks", "m": (5, 15),
     "b": (10, 40), "money": True, "sign": 1},
    {"story": "The graph shows the height of a burning candle over time.", "x": "Time (hours)", "y": "Height (cm)",
     "xs": "hours", "what": "the height $y$, in cm, after $x$ hours", "m": (2, 4), "b": (24, 36), "money": False,
     "sign": -1},
    {"story": "The graph shows the fuel left in a truck's tank as it drives.", "x": "Time (hours)",
     "y": "Fuel (gallons)", "xs": "hours", "what": "the fuel $y$, in gallons, left after $x$ hours", "m": (5, 10),
     "b": (50, 80), "money": False, "sign": -1},
    {"story": "The graph shows the total cost of tickets to a museum, including a parking fee.",
     "x": "Number of tickets", "y": "Total cost ($)", "xs": "tickets",
     "what": "the total cost $y$, in dollars, of $x$ tickets",
     "m": (6, 12), "b": (5, 15), "money": True, "sign": 1},
)


def _context_line(rng: random.Random) -> tuple[dict, int, int, dict]:
    """A real-world straight-line graph: the context, its slope and intercept, and the figure's layout."""
    c = rng.choice(_CONTEXT_LINES)
    while True:
        m, b = c["sign"] * rng.randint(*c["m"]), rng.randint(*c["b"])
        if c["money"]:
            b -= b % 5
        x_max = 8 if c["sign"] > 0 else min(8, b // -m)
        top = max(b, b + m * x_max)
        y_step = next(s for s in (2, 5, 10, 20, 25, 50) if top / s <= 10)
        y_max = -(-top // y_step) * y_step
        dots = [(x, b + m * x) for x in range(x_max + 1) if (b + m * x) % y_step == 0]
        if x_max >= 4 and len(dots) >= 2:
            return c, m, b, {"x_max": x_max, "y_max": y_max, "y_step": y_step, "dots": dots}


def _context_line_figure(c: dict, m: int, b: int, layout: dict, name: str) -> tuple[str, str]:
    dots = layout["dots"]
    listed = ", ".join(f"({x}, {y})" for x, y in dots)
    alt = (f"{c['story'].format(name=name)} The horizontal axis is {c['x']} from 0 to {layout['x_max']}; the vertical "
           f"axis is {c['y']} from 0 to {layout['y_max']}. A straight line passes through the marked points {listed}.")
    end = (layout["x_max"], b + m * layout["x_max"])
    figure = _context_graph([[(0, b), end]], x_max=layout["x_max"], y_max=layout["y_max"], x_step=1,
                            y_step=layout["y_step"], x_title=c["x"], y_title=c["y"], alt=alt, dots=dots)
    return figure, alt


@generator("linear_equation_from_context_graph", "Write Linear Equation from Graph")
def linear_equation_from_context_graph(rng: random.Random) -> Problem:
    c, m, b, layout = _context_line(rng)
    name = rng.choice(NAMES)
    figure, alt = _context_line_figure(c, m, b, layout, name)
    (x1, y1), (x2, y2) = layout["dots"][0], layout["dots"][-1]
    return Problem(
        prompt=f"{c['story'].format(name=name)} Write an equation for {c['what']}.",
        answer=_line_answer(m, b), kind=AnswerKind.EXPRESSION, figure=figure, figure_alt=alt,
        hint="The starting value (at 0) is the constant; the change for each 1 on the horizontal axis is the slope.",
        solution=f"The line starts at ${b}$. From $({x1}, {y1})$ to $({x2}, {y2})$ it changes by ${y2 - y1}$ over "
                 f"${x2 - x1}$, a slope of ${m}$. So ${_line_latex(m, b)}$.",
        params={"points": [(x1, y1), (x2, y2)]},
    )


# == Write Linear Equation from Ordered Pairs =============================================================
_PAIR_SLOPES = [Fraction(n) for n in (1, 2, 3, 4, 5, -1, -2, -3, -4, -5)] * 2 + [Fraction(p, q) for p, q in (
    (1, 2), (-1, 2), (2, 3), (-2, 3), (3, 2), (-3, 2), (1, 3), (3, 4), (-3, 4))]


@generator("linear_equation_from_ordered_pairs", "Write Linear Equation from Ordered Pairs")
def linear_equation_from_ordered_pairs(rng: random.Random) -> Problem:
    m, b = rng.choice(_PAIR_SLOPES), _nonzero(rng, -9, 9)
    q = m.denominator
    xs = sorted(rng.sample([x for x in range(-8, 9) if x % q == 0 and x != 0], 4 if q == 1 else 3))
    points = [(x, int(m * x + b)) for x in xs]
    form = rng.choice(["points", "points", "table", "slope"])
    (x1, y1), (x2, y2) = points[0], points[-1]
    if form == "points":
        prompt = (f"A line passes through the points $({x1}, {y1})$ and $({x2}, {y2})$. Write the equation of the line "
                  f"in slope-intercept form.")
        given = [points[0], points[-1]]
        slope_step = (f"The slope is $\\frac{{{y2} - {_paren(y1)}}}{{{x2} - {_paren(x1)}}} = "
                      f"{latex_fraction(m)}$.")
    elif form == "table":
        table = _table([p[0] for p in points], [p[1] for p in points])
        prompt = (f"The ordered pairs in the table lie on a line. {table} Write the equation of the line as "
                  f"$y = mx + b$.")
        given = points
        slope_step = (f"The slope is $\\frac{{{y2} - {_paren(y1)}}}{{{x2} - {_paren(x1)}}} = "
                      f"{latex_fraction(m)}$.")
    else:
        prompt = (f"A line has slope ${latex_fraction(m)}$ and passes through the point $({x1}, {y1})$. Write its "
                  f"equation in slope-intercept form.")
        given = [points[0]]
        slope_step = f"The slope is ${latex_fraction(m)}$."
    return Problem(
        prompt=prompt, answer=_line_answer(m, b), kind=AnswerKind.EXPRESSION,
        hint="Find the slope first, then put one point into y = mx + b to find b.",
        solution=f"{slope_step} Using $({x1}, {y1})$: ${y1} = {latex_fraction(m)} \\cdot {_paren(x1)} + b$, so "
                 f"$b = {b}$ and ${_line_latex(m, b)}$.",
        params={"form": form, "points": given, "slope": m if form == "slope" else None},
    )


# == Choose an Equation from Given Information ============================================================
def _story_items(rng: random.Random, name: str) -> dict:
    n, k, f = rng.randint(2, 15), rng.randint(3, 8), rng.randint(2, 9)
    items = rng.choice(["notebooks", "movie tickets", "plants", "T-shirts", "books"])
    total = k * n + f
    return {"story": f"{name} bought ${k}$ {items} that all cost the same price, $n$ dollars each, and paid a "
                     f"${f}$-dollar delivery fee. The total was ${total}$ dollars. Which equation can be used to "
                     "find $n$?",
            "right": f"{k}n + {f} = {total}",
            "wrong": [f"{f}n + {k} = {total}", f"{k}(n + {f}) = {total}", f"{k}n = {total} + {f}",
                      f"{k}n - {f} = {total}"],
            "solution": {"n": n}, "why": f"${k}$ {items} at $n$ dollars cost ${k}n$; adding the fee gives ${k}n + "
                                         f"{f}$."}


def _story_age(rng: random.Random, name: str) -> dict:
    b, t, d = rng.randint(3, 12), rng.randint(2, 4), rng.randint(2, 9)
    age = t * b + d
    return {"story": f"{name} is ${d}$ years older than ${t}$ times the age $b$ of {name}'s younger brother. "
                     f"{name} is ${age}$ years old. Which equation can be used to find $b$?",
            "right": f"{t}b + {d} = {age}",
            "wrong": [f"{d}b + {t} = {age}", f"{t}(b + {d}) = {age}", f"{t}b - {d} = {age}",
                      f"b + {d} = {t} \\cdot {age}"],
            "solution": {"b": b},
            "why": f"${t}$ times the brother's age is ${t}b$, and ${d}$ years older makes ${t}b + {d}$."}


def _story_rectangle(rng: random.Random, name: str) -> dict:
    w, d = rng.randint(3, 15), rng.randint(2, 8)
    perimeter = 2 * w + 2 * (w + d)
    return {"story": f"A rectangular garden is ${d}$ m longer than it is wide. Its perimeter is ${perimeter}$ m. "
                     "If $w$ is "
                     f"the width in meters, which equation can be used to find $w$?",
            "right": f"2w + 2(w + {d}) = {perimeter}",
            "wrong": [f"w + (w + {d}) = {perimeter}", f"2w + {d} = {perimeter}", f"w(w + {d}) = {perimeter}",
                      f"2(w + {d}) = {perimeter}"],
            "solution": {"w": w}, "why": f"The length is $w + {d}$, and the perimeter is twice the width plus twice "
                                         f"the length."}


def _story_saving(rng: random.Random, name: str) -> dict:
    s, r, w = rng.randint(2, 12) * 5, rng.randint(3, 12), rng.randint(3, 12)
    goal = s + r * w
    return {"story": f"{name} has ${s}$ dollars and saves ${r}$ dollars every week. After $w$ weeks {name} will have "
                     f"${goal}$ dollars. Which equation can be used to find $w$?",
            "right": f"{s} + {r}w = {goal}",
            "wrong": [f"{r} + {s}w = {goal}", f"{r}w = {s} + {goal}", f"({s} + {r})w = {goal}", f"{s}w - {r} = {goal}"],
            "solution": {"w": w}, "why": f"In $w$ weeks {name} saves ${r}w$ dollars, added to the ${s}$ dollars "
                                         "already saved."}


def _story_tickets(rng: random.Random, name: str) -> dict:
    p, f = rng.randint(4, 15), rng.randint(2, 9)
    if p == f:
        f += 1
    return {"story": f"Tickets to a show cost ${p}$ dollars each, plus a ${f}$-dollar booking fee for the whole order. "
                     f"Which equation gives the total cost $y$, in dollars, of $x$ tickets?",
            "right": f"y = {p}x + {f}",
            "wrong": [f"y = {f}x + {p}", f"y = {p}(x + {f})", f"x = {p}y + {f}", f"y = {p + f}x"],
            "solution": [{"x": 2, "y": 2 * p + f}, {"x": 5, "y": 5 * p + f}],
            "why": f"Each ticket adds ${p}$ dollars, so $x$ tickets cost ${p}x$; the fee is paid once."}


def _story_consecutive(rng: random.Random, name: str) -> dict:
    n = rng.randint(5, 40)
    total = 3 * n + 3
    return {"story": f"The sum of three consecutive whole numbers is ${total}$. If $n$ is the smallest of them, which "
                     f"equation can be used to find $n$?",
            "right": f"n + (n + 1) + (n + 2) = {total}",
            "wrong": [f"n + 2n + 3n = {total}", f"n + (n + 2) + (n + 4) = {total}", f"3n = {total} + 3",
                      f"n(n + 1)(n + 2) = {total}"],
            "solution": {"n": n}, "why": "Consecutive whole numbers follow each other: $n$, $n + 1$ and $n + 2$."}


def _story_ribbon(rng: random.Random, name: str) -> dict:
    k, p, r = rng.randint(3, 9), rng.randint(6, 25), rng.randint(2, 9)
    length = k * p + r
    return {"story": f"{name} cut a ribbon ${length}$ cm long into ${k}$ equal pieces of length $p$ cm and had "
                     f"${r}$ cm "
                     f"left over. Which equation can be used to find $p$?",
            "right": f"{k}p + {r} = {length}",
            "wrong": [f"{k}(p + {r}) = {length}", f"{k}p - {r} = {length}", f"\\frac{{p}}{{{k}}} + {r} = {length}",
                      f"{r}p + {k} = {length}"],
            "solution": {"p": p}, "why": f"The ${k}$ pieces use ${k}p$ cm, and ${r}$ cm is left over."}


_STORIES = (_story_items, _story_age, _story_rectangle, _story_saving, _story_tickets, _story_consecutive,
            _story_ribbon)


def _holds(equation: str, values: dict) -> bool:
    """Whether a story's equation holds for the values (each letter replaced by its value, both sides read by
    the answer checker's own exact parser)."""
    text = equation.replace("\\frac{p}", "(p)/")
    for letter, value in values.items():
        text = text.replace(letter, f"({value})")
    left, right = text.split("=")
    return parse_polynomial(left)[0] == parse_polynomial(right)[0]


@generator("choose_equation_word_problem", "Choose an Equation from Given Information")
def choose_equation_word_problem(rng: random.Random) -> Problem:
    name = rng.choice(NAMES)
    while True:
        story = rng.choice(_STORIES)(rng, name)
        checks = story["solution"] if isinstance(story["solution"], list) else [story["solution"]]
        wrong = [w for w in story["wrong"] if not all(_holds(w, v) for v in checks)]
        if all(_holds(story["right"], v) for v in checks) and len(wrong) >= 3:
            break
    rng.shuffle(wrong)
    answer = f"${story['right']}$"
    choices = choices_with(answer, [f"${w}$" for w in wrong[:3]], rng)
    return Problem(
        prompt=story["story"], answer=answer, kind=AnswerKind.CHOICE, choices=choices,
        hint="Translate the words piece by piece, then check the equation with a value that makes sense.",
        solution=f"{story['why']} So the equation is {answer}.",
        params={"choices": list(choices), "values": checks},
    )


@generator("choose_equation_for_line", "Choose an Equation from Given Information", "Linear Equations")
def choose_equation_for_line(rng: random.Random) -> Problem:
    m, b = _nonzero(rng, -5, 6), _nonzero(rng, -8, 9)
    x1 = _nonzero(rng, -4, 5)
    y1 = m * x1 + b
    x2 = x1 + rng.randint(1, 4)
    y2 = m * x2 + b
    info = rng.choice(["slope_point", "two_points", "slope_intercept", "table"])
    if info == "slope_point":
        prompt = f"A line has slope ${m}$ and passes through $({x1}, {y1})$. Which equation describes the line?"
        why = f"Using $({x1}, {y1})$: ${y1} = {m} \\cdot {_paren(x1)} + b$ gives $b = {b}$."
    elif info == "two_points":
        prompt = f"Which equation describes the line through $({x1}, {y1})$ and $({x2}, {y2})$?"
        why = (f"The slope is $\\frac{{{y2} - {_paren(y1)}}}{{{x2} - {_paren(x1)}}} = {m}$, and "
               f"${y1} = {m} \\cdot {_paren(x1)} + b$ gives $b = {b}$.")
    elif info == "slope_intercept":
        prompt = (f"A line crosses the $y$-axis at $(0, {b})$ and rises ${m}$ for each step of $1$ to the right. "
                  f"Which equation describes the line?" if m > 0 else
                  f"A line crosses the $y$-axis at $(0, {b})$ and falls ${-m}$ for each step of $1$ to the right. "
                  f"Which equation describes the line?")
        why = f"The slope is ${m}$ and the $y$-intercept is ${b}$."
    else:
        xs = [x1, x1 + 1, x1 + 2, x1 + 3]
        prompt = f"Which equation fits every pair in the table? {_table(xs, [m * x + b for x in xs])}"
        why = (f"$y$ changes by ${m}$ each time $x$ goes up by $1$, and ${y1} = {m} \\cdot {_paren(x1)} + b$ "
               f"gives $b = {b}$.")
    right = f"${_line_latex(m, b)}$"
    wrong = []
    for wm, wb in ((b, m), (m, -b), (-m, b), (m, y1), (m, b + m), (m + 1, b - x1)):
        if wm != 0 and (wm, wb) != (m, b) and not (wm * x1 + wb == y1 and wm * x2 + wb == y2):
            wrong.append(f"${_line_latex(wm, wb)}$")
    distinct = list(dict.fromkeys(wrong))
    choices = choices_with(right, distinct, rng)
    return Problem(
        prompt=prompt, answer=right, kind=AnswerKind.CHOICE, choices=choices,
        hint="Check each equation with the points you know.",
        solution=f"{why} So {right}.",
        params={"choices": list(choices), "points": [(0, b), (1, m + b)] if info == "slope_intercept"
                else [(x1, y1), (x1 + 1, y1 + m)] if info == "slope_point" else [(x1, y1), (x2, y2)]},
    )


# == Algebraic Simplification =============================================================================
def _times(a: int, inner: str) -> str:
    """a(inner) as written: 3(x + 2), -(x - 4), (x + 1) when a is 1."""
    return f"{'' if a == 1 else '-' if a == -1 else a}({inner})"


@generator("simplify_linear_expression", "Algebraic Simplification")
def simplify_linear_expression(rng: random.Random) -> Problem:
    form = rng.choice(["a(x+b)+cx+d", "a(bx+c)+d(ex+f)", "a(x+b)-(cx+d)", "ax+b+c(x+d)", "x(x+a)+bx+c",
                       "a(x^2+bx)+cx^2+d"])
    n = lambda lo=-9, hi=9: _nonzero(rng, lo, hi)  # noqa: E731
    while True:
        if form == "a(x+b)+cx+d":
            a, b, c, d = n(2, 9) * rng.choice([1, -1]), n(), n(), rng.randint(-9, 9)
            text = f"{_times(a, _lin((1, 'x'), (b, '')))} {signed_term(c, 'x')}" + (f" {signed_term(d)}" if d else "")
            coefficients = {1: a + c, 0: a * b + d}
            steps = f"${a}x {signed_term(a * b)} {signed_term(c, 'x')}" + (f" {signed_term(d)}" if d else "") + "$"
        elif form == "a(bx+c)+d(ex+f)":
            a, b, c, d, e, f = n(2, 6), n(1, 5), n(), n(-6, 6), n(1, 5), n()
            if abs(d) == 1:
                continue
            text = (f"{_times(a, _lin((b, 'x'), (c, '')))} {'+' if d > 0 else '-'} "
                    f"{_times(abs(d), _lin((e, 'x'), (f, '')))}")
            coefficients = {1: a * b + d * e, 0: a * c + d * f}
            steps = f"${a * b}x {signed_term(a * c)} {signed_term(d * e, 'x')} {signed_term(d * f)}$"
        elif form == "a(x+b)-(cx+d)":
            a, b, c, d = n(2, 9), n(), n(1, 9), n()
            text = f"{_times(a, _lin((1, 'x'), (b, '')))} - ({_lin((c, 'x'), (d, ''))})"
            coefficients = {1: a - c, 0: a * b - d}
            steps = f"${a}x {signed_term(a * b)} {signed_term(-c, 'x')} {signed_term(-d)}$"
        elif form == "ax+b+c(x+d)":
            a, b, c, d = n(), n(), n(2, 8) * rng.choice([1, -1]), n()
            text = f"{_lin((a, 'x'), (b, ''))} {'+' if c > 0 else '-'} {_times(abs(c), _lin((1, 'x'), (d, '')))}"
            coefficients = {1: a + c, 0: b + c * d}
            steps = f"${_lin((a, 'x'), (b, ''))} {signed_term(c, 'x')} {signed_term(c * d)}$"
        elif form == "x(x+a)+bx+c":
            a, b, c = n(), n(), n()
            text = f"x({_lin((1, 'x'), (a, ''))}) {signed_term(b, 'x')} {signed_term(c)}"
            coefficients = {2: 1, 1: a + b, 0: c}
            steps = f"$x^2 {signed_term(a, 'x')} {signed_term(b, 'x')} {signed_term(c)}$"
        else:
            a, b, c, d = n(2, 5), n(), n(), n()
            text = f"{a}({_lin((1, 'x^2'), (b, 'x'))}) {signed_term(c, 'x^2')} {signed_term(d)}"
            coefficients = {2: a + c, 1: a * b, 0: d}
            steps = f"${a}x^2 {signed_term(a * b, 'x')} {signed_term(c, 'x^2')} {signed_term(d)}$"
        if coefficients.get(1, 0) != 0 and coefficients.get(2, 1) != 0 and any(coefficients.values()):
            break
    result = _poly_text(coefficients)
    return Problem(
        prompt=rng.choice(["Simplify ${e}$.", "Write ${e}$ in simplest form.",
                           "Use the distributive property and combine like terms: ${e}$."]).format(e=text),
        answer=_poly_answer(coefficients), kind=AnswerKind.EXPRESSION, form=AnswerForm.EXPANDED,
        hint="Multiply out the brackets first, then add the x terms together and the numbers together.",
        solution=f"Distribute: {steps}. Combine like terms: ${result}$.",
        params={"expr": text},
    )


_LETTER_PAIRS = (("a", "b"), ("x", "y"), ("m", "n"), ("p", "q"), ("r", "s"))


@generator("simplify_two_variable_expression", "Algebraic Simplification")
def simplify_two_variable_expression(rng: random.Random) -> Problem:
    u, v = rng.choice(_LETTER_PAIRS)
    n = lambda lo=-9, hi=9: _nonzero(rng, lo, hi)  # noqa: E731
    while True:
        if rng.random() < 0.5:
            a, b, c, d = n(1, 9), n(), n(), n()
            terms = [(a, u), (b, v), (c, u), (d, v)]
            rng.shuffle(terms)
            if terms[0][0] < 0:
                continue
            text = linear_text(terms)
            p, q = a + c, b + d
            slips = [(a - c, q), (p, b - d), (abs(a) + abs(c), abs(b) + abs(d))]
            steps = (f"the ${u}$ terms: ${_paren(a)} + {_paren(c)} = {p}$; the ${v}$ terms: "
                     f"${_paren(b)} + {_paren(d)} = {q}$")
        else:
            k, a, b, c = n(2, 6), n(1, 5), n(), n()
            text = f"{k}({_lin((a, u), (b, v))}) {signed_term(c, u)}"
            p, q = k * a + c, k * b
            slips = [(k * a + c, b), (a + c, q), (k * a - c, q)]
            steps = (f"distribute to get ${_lin((k * a, u), (k * b, v))} {signed_term(c, u)}$, then combine the ${u}$ "
                     f"terms")
        if p != 0 and q != 0:
            break
    answer = f"${_lin((p, u), (q, v))}$"
    wrong = [f"${_lin((s, u), (t, v))}$" for s, t in slips if (s, t) != (p, q) and s != 0 and t != 0]
    wrong += [f"${abs(p) + abs(q)}{u}{v}$", f"${_lin((q, u), (p, v))}$"]
    wrong = [w for w in dict.fromkeys(wrong) if w != answer]
    choices = choices_with(answer, wrong, rng)
    return Problem(
        prompt=f"Simplify ${text}$.", answer=answer, kind=AnswerKind.CHOICE, choices=choices,
        hint="Only like terms can be combined: terms with the same letter.",
        solution=f"Combine like terms: {steps}. The result is {answer}.",
        params={"expr": text, "choices": list(choices)},
    )


# == Solving equations ====================================================================================
def _equation_problem(rng: random.Random, equation: str, var: str, value: Fraction, steps: str,
                      hint: str = "Undo the operations in reverse order, doing the same to both sides.") -> Problem:
    answer, form = _number_answer(value)
    return Problem(
        prompt=rng.choice(["Solve ${e}$ for ${v}$.", "Solve for ${v}$: ${e}$", "What value of ${v}$ makes ${e}$ true?",
                           "Find ${v}$ if ${e}$."]).format(e=equation, v=var),
        answer=answer, form=form, hint=hint,
        solution=f"{steps} So ${var} = {latex_fraction(value)}$.",
        params={"eq": equation, "var": var},
    )


@generator("solve_one_step_equation", "Equation Solving Two or Fewer Steps")
def solve_one_step_equation(rng: random.Random) -> Problem:
    v = rng.choice("xxxnmyta")
    x0 = _nonzero(rng, -15, 30)
    form = rng.choice(["x+a=b", "x-a=b", "ax=b", "x/a=b", "a+x=b", "b=x-a", "-x=b"])
    if form == "x+a=b":
        a = rng.randint(2, 25)
        eq, steps = f"{v} + {a} = {x0 + a}", f"Subtract ${a}$ from both sides: ${v} = {x0 + a} - {a}$."
    elif form == "x-a=b":
        a = rng.randint(2, 25)
        eq, steps = f"{v} - {a} = {x0 - a}", f"Add ${a}$ to both sides: ${v} = {x0 - a} + {a}$."
    elif form == "ax=b":
        a = rng.choice([2, 3, 4, 5, 6, 7, 8, 9, 12, -2, -3, -4, -5])
        eq, steps = f"{a}{v} = {a * x0}", f"Divide both sides by ${a}$: ${v} = {a * x0} \\div {_paren(a)}$."
    elif form == "x/a=b":
        a = rng.randint(2, 9)
        x0 = a * _nonzero(rng, -9, 12)
        eq, steps = f"{latex_over(v, a)} = {x0 // a}", f"Multiply both sides by ${a}$: ${v} = {x0 // a} \\cdot {a}$."
    elif form == "a+x=b":
        a = rng.randint(2, 40)
        eq, steps = f"{a} + {v} = {a + x0}", f"Subtract ${a}$ from both sides: ${v} = {a + x0} - {a}$."
    elif form == "b=x-a":
        a = rng.randint(2, 25)
        eq, steps = f"{x0 - a} = {v} - {a}", f"Add ${a}$ to both sides: ${x0 - a} + {a} = {v}$."
    else:
        eq, steps = f"-{v} = {-x0}", f"Multiply both sides by $-1$: ${v} = {x0}$."
    return _equation_problem(rng, eq, v, Fraction(x0), steps, hint="Do the opposite operation to both sides.")


_TWO_STEP_STORIES = (
    ("A plumber charges {fee} for a visit plus {rate} per hour. One bill came to {total}. How many hours did the "
     "plumber work?", "h"),
    ("A gym charges a {fee} joining fee plus {rate} per month. {name} has paid {total} in all. For how many months "
     "has {name} been a member?", ""),
    ("A taxi charges {fee} plus {rate} per mile. {name}'s ride cost {total}. How many miles long was the ride?", "mi"),
    ("{name} has {fee} saved and saves {rate} each week. After how many weeks will {name} have {total}?", "week"),
)


@generator("solve_two_step_equation", "Equation Solving Two or Fewer Steps")
def solve_two_step_equation(rng: random.Random) -> Problem:
    if rng.random() < 0.25:
        story, unit = rng.choice(_TWO_STEP_STORIES)
        fee, rate, count = rng.randint(2, 12) * 5, rng.randint(3, 40), rng.randint(2, 12)
        total = fee + rate * count
        name = rng.choice(NAMES)
        return Problem(
            prompt=story.format(fee=_money(fee), rate=_money(rate), total=_money(total), name=name),
            answer=str(count), unit=unit,
            hint="Write an equation: fixed amount + rate times the unknown = total.",
            solution=f"${fee} + {rate}n = {total}$. Subtract ${fee}$: ${rate}n = {total - fee}$. Divide by ${rate}$: "
                     f"$n = {count}$.",
            params={"fee": fee, "rate": rate, "total": total},
        )
    v = rng.choice("xxxnmyt")
    x0 = Fraction(_nonzero(rng, -12, 15))
    form = rng.choice(["ax+b=c", "ax+b=c", "x/a+b=c", "(x+b)/a=c", "b-ax=c", "c=ax+b", "fraction"])
    a, b = rng.choice([2, 3, 4, 5, 6, 7, 8, 9, -2, -3, -4, -5, -6]), _nonzero(rng, -20, 20)
    if form == "fraction":
        a = rng.choice([2, 3, 4, 5, 6, 8])
        x0 = Fraction(rng.randint(-20, 30), a)
        if x0.denominator == 1:
            x0 += Fraction(1, a)
        form = "ax+b=c"
    if form == "ax+b=c":
        c = a * x0 + b
        eq = f"{_lin((a, v), (b, ''))} = {c}"
        steps = f"{'Subtract' if b > 0 else 'Add'} ${abs(b)}$: ${a}{v} = {c - b}$. Divide by ${a}$."
    elif form == "c=ax+b":
        c = a * x0 + b
        eq = f"{c} = {_lin((a, v), (b, ''))}"
        steps = f"{'Subtract' if b > 0 else 'Add'} ${abs(b)}$: ${c - b} = {a}{v}$. Divide by ${a}$."
    elif form == "x/a+b=c":
        a = abs(a)
        x0 = Fraction(a * _nonzero(rng, -8, 10))
        c = x0 / a + b
        eq = f"{latex_over(v, a)} {signed_term(b)} = {c}"
        steps = f"{'Subtract' if b > 0 else 'Add'} ${abs(b)}$: ${latex_over(v, a)} = {c - b}$. Multiply by ${a}$."
    elif form == "(x+b)/a=c":
        a, c = abs(a), _nonzero(rng, -9, 12)
        while a * c - b == 0:
            b = _nonzero(rng, -20, 20)
        x0 = Fraction(a * c - b)
        eq = f"{latex_over(_lin((1, v), (b, '')), a)} = {c}"
        steps = f"Multiply by ${a}$: ${_lin((1, v), (b, ''))} = {a * c}$. {'Subtract' if b > 0 else 'Add'} ${abs(b)}$."
    else:  # b - ax = c
        a = abs(a)
        b = rng.randint(2, 30)
        c = b - a * x0
        eq = f"{b} - {a}{v} = {c}"
        steps = f"Subtract ${b}$: $-{a}{v} = {c - b}$. Divide by $-{a}$."
    if x0 == 0:
        return solve_two_step_equation(rng)
    return _equation_problem(rng, eq, v, x0, steps)


@generator("solve_multi_step_equation", "Equation Solving More Than Two Steps")
def solve_multi_step_equation(rng: random.Random) -> Problem:
    v = rng.choice("xxxnmy")
    x0 = Fraction(_nonzero(rng, -10, 12))
    n = lambda lo=-9, hi=9: _nonzero(rng, lo, hi)  # noqa: E731
    form = rng.choice(["a(x+b)+c=d", "a(x+b)=cx+d", "ax+b+cx=d", "a(x+b)-c(x+d)=e", "x/a+b=x/c+d",
                       "ax+b=c(d-x)"])
    if form == "a(x+b)+c=d":
        a, b, c = n(2, 8) * rng.choice([1, -1]), n(), n()
        d = a * (x0 + b) + c
        eq = f"{_times(a, _lin((1, v), (b, '')))} {signed_term(c)} = {d}"
        steps = (f"{'Subtract' if c > 0 else 'Add'} ${abs(c)}$: ${_times(a, _lin((1, v), (b, '')))} = {d - c}$. "
                 f"Divide by ${a}$: ${_lin((1, v), (b, ''))} = {latex_fraction(Fraction(d - c, a))}$.")
    elif form == "a(x+b)=cx+d":
        a, b = n(2, 7), n()
        c = rng.choice([k for k in range(-5, 9) if k not in (0, a)])
        d = a * (x0 + b) - c * x0
        eq = f"{_times(a, _lin((1, v), (b, '')))} = {_lin((c, v), (d, ''))}"
        steps = (f"Distribute: ${_lin((a, v), (a * b, ''))} = {_lin((c, v), (d, ''))}$. Collect the ${v}$ terms: "
                 f"${_lin((a - c, v))} = {d - a * b}$.")
    elif form == "ax+b+cx=d":
        a, b = n(2, 9), n()
        c = rng.choice([k for k in range(-9, 10) if k not in (0, -a)])
        d = (a + c) * x0 + b
        eq = f"{_lin((a, v), (b, ''), (c, v))} = {d}"
        steps = f"Combine like terms: ${_lin((a + c, v), (b, ''))} = {d}$. Then ${_lin((a + c, v))} = {d - b}$."
    elif form == "a(x+b)-c(x+d)=e":
        a, b, d = n(2, 8), n(), n()
        c = rng.choice([k for k in range(2, 8) if k != a])
        e = a * (x0 + b) - c * (x0 + d)
        eq = f"{_times(a, _lin((1, v), (b, '')))} - {_times(c, _lin((1, v), (d, '')))} = {e}"
        steps = (f"Distribute: ${_lin((a, v), (a * b, ''), (-c, v), (-c * d, ''))} = {e}$. Combine: "
                 f"${_lin((a - c, v), (a * b - c * d, ''))} = {e}$.")
    elif form == "x/a+b=x/c+d":
        a, c = rng.sample([2, 3, 4, 5, 6], 2)
        x0 = Fraction(a * c // math.gcd(a, c) * n(-4, 5))
        b = n()
        d = x0 / a + b - x0 / c
        if d.denominator != 1 or d == 0:
            return solve_multi_step_equation(rng)
        eq = f"{latex_over(v, a)} {signed_term(b)} = {latex_over(v, c)} {signed_term(d)}"
        lcm = a * c // math.gcd(a, c)
        steps = (f"Multiply every term by ${lcm}$: ${_lin((lcm // a, v), (lcm * b, ''))} = "
                 f"{_lin((lcm // c, v), (lcm * d, ''))}$. Collect terms: ${_lin((lcm // a - lcm // c, v))} = "
                 f"{lcm * d - lcm * b}$.")
    else:
        a, b, c = n(2, 6), n(), n(2, 5)
        d = Fraction(a * x0 + b, c) + x0
        if d.denominator != 1 or d == 0:
            return solve_multi_step_equation(rng)
        eq = f"{_lin((a, v), (b, ''))} = {_times(c, _lin((d, ''), (-1, v)))}"
        steps = (f"Distribute: ${_lin((a, v), (b, ''))} = {_lin((c * d, ''), (-c, v))}$. Collect the ${v}$ terms: "
                 f"${_lin((a + c, v))} = {c * d - b}$.")
    return _equation_problem(rng, eq, v, x0, steps,
                             hint="Distribute and combine like terms first, get the variable on one side, then undo "
                                  "the rest.")


@generator("solve_equation_variables_both_sides", "Algebraic Solving")
def solve_equation_variables_both_sides(rng: random.Random) -> Problem:
    v = rng.choice("xxxnyk")
    a, c = rng.sample([k for k in range(-6, 10) if k != 0], 2)
    if rng.random() < 0.2:
        x0 = Fraction(rng.randint(-15, 15), abs(a - c)) if abs(a - c) > 1 else Fraction(_nonzero(rng, -9, 9))
    else:
        x0 = Fraction(_nonzero(rng, -9, 12))
    b = _nonzero(rng, -15, 15)
    d = (a - c) * x0 + b
    if d.denominator != 1 or d == 0 or x0 == 0:
        return solve_equation_variables_both_sides(rng)
    eq = f"{_lin((a, v), (b, ''))} = {_lin((c, v), (d, ''))}"
    steps = (f"{'Subtract' if c > 0 else 'Add'} ${_lin((abs(c), v))}$ on both sides: ${_lin((a - c, v), (b, ''))} "
             f"= {d}$. "
             f"Then ${_lin((a - c, v))} = {d - b}$ and divide by ${a - c}$.")
    return _equation_problem(rng, eq, v, x0, steps,
                             hint="Move the variable terms to one side and the numbers to the other.")


_PUZZLES = {
    "times_minus": "I think of a number, multiply it by ${a}$ and then subtract ${b}$. The result is ${c}$. What "
                   "is my number?",
    "sum_times": "When ${b}$ is added to a number and the sum is multiplied by ${a}$, the result is ${c}$. What "
                 "is the number?",
    "divide_plus": "A number is divided by ${a}$, and then ${b}$ is added. The result is ${c}$. What is the number?",
    "both_sides": "${a}$ times a number, increased by ${b}$, is the same as ${c}$ times the number. What is the "
                  "number?",
    "less_than": "${b}$ less than ${a}$ times a number equals ${c}$ more than the number. What is the number?",
}


@generator("solve_number_puzzle", "Algebraic Solving")
def solve_number_puzzle(rng: random.Random) -> Problem:
    kind = rng.choice(sorted(_PUZZLES))
    x0 = _nonzero(rng, -6, 20) if kind != "divide_plus" else 0
    if kind == "times_minus":
        a, b = rng.randint(2, 9), rng.randint(1, 30)
        c = a * x0 - b
        eq = f"{a}n - {b} = {c}"
    elif kind == "sum_times":
        a, b = rng.randint(2, 9), rng.randint(1, 20)
        c = a * (x0 + b)
        eq = f"{a}(n + {b}) = {c}"
    elif kind == "divide_plus":
        a, b = rng.randint(2, 9), rng.randint(1, 20)
        x0 = a * _nonzero(rng, -5, 12)
        c = x0 // a + b
        eq = f"\\frac{{n}}{{{a}}} + {b} = {c}"
    elif kind == "both_sides":
        c = rng.randint(3, 9)
        a = rng.randint(2, c - 1)
        x0 = abs(x0)
        b = (c - a) * x0
        eq = f"{a}n + {b} = {c}n"
    else:
        a, b = rng.randint(2, 7), rng.randint(1, 20)
        x0 = abs(x0)
        c = (a - 1) * x0 - b
        if c <= 0:
            return solve_number_puzzle(rng)
        eq = f"{a}n - {b} = n + {c}"
    return Problem(
        prompt=_PUZZLES[kind].format(a=a, b=b, c=c),
        answer=str(x0),
        hint="Call the number n and write the sentence as an equation.",
        solution=f"Let the number be $n$: ${eq}$. Solving gives $n = {x0}$.",
        params={"kind": kind, "a": a, "b": b, "c": c},
    )


@generator("solve_multi_step_word_problem", "Equation Solving More Than Two Steps")
def solve_multi_step_word_problem(rng: random.Random) -> Problem:
    kind = rng.choice(["rectangle", "consecutive", "ages", "plans"])
    name, other = rng.sample(NAMES, 2)
    if kind == "rectangle":
        w, k, d = rng.randint(3, 15), rng.randint(2, 3), rng.randint(1, 9)
        perimeter = 2 * w + 2 * (k * w + d)
        return Problem(
            prompt=f"The length of a rectangle is ${d}$ cm more than ${k}$ times its width. Its perimeter is "
                   f"${perimeter}$ cm. What is its width?",
            answer=str(w), unit="cm",
            hint="Call the width w; the length is then written with w too. Perimeter = 2 × width + 2 × length.",
            solution=f"$2w + 2({k}w + {d}) = {perimeter}$, so ${2 + 2 * k}w + {2 * d} = {perimeter}$, "
                     f"${2 + 2 * k}w = {perimeter - 2 * d}$ and $w = {w}$ cm.",
            params={"kind": kind, "k": k, "d": d, "perimeter": perimeter},
        )
    if kind == "consecutive":
        count, n = rng.choice([3, 4]), rng.randint(-10, 60)
        step = rng.choice([1, 2])
        word = "consecutive integers" if step == 1 else "consecutive even integers" if n % 2 == 0 else \
            "consecutive odd integers"
        total = sum(n + step * i for i in range(count))
        terms = " + ".join(["n"] + [f"(n + {step * i})" for i in range(1, count)])
        return Problem(
            prompt=f"The sum of {count} {word} is ${total}$. What is the smallest of them?",
            answer=str(n),
            hint=f"Call the smallest n; the next ones are n + {step}, n + {2 * step}, ...",
            solution=f"${terms} = {total}$, so ${count}n + {step * count * (count - 1) // 2} = {total}$ and $n = {n}$.",
            params={"kind": kind, "count": count, "step": step, "total": total},
        )
    if kind == "ages":
        young, k, years = rng.randint(3, 15), rng.randint(2, 4), rng.randint(2, 10)
        total = young + k * young + 2 * years
        return Problem(
            prompt=f"{name} is ${k}$ times as old as {other}. In ${years}$ years, the sum of their ages will be "
                   f"${total}$. How old is {other} now?",
            answer=str(young),
            hint=f"Call {other}'s age a; then {name} is {k}a. Add {years} to each age.",
            solution=f"$(a + {years}) + ({k}a + {years}) = {total}$, so ${k + 1}a + {2 * years} = {total}$ and "
                     f"$a = {young}$.",
            params={"kind": kind, "k": k, "years": years, "total": total},
        )
    fee_a, rate_a = rng.randint(2, 10) * 5, rng.randint(2, 6)
    months = rng.randint(2, 12)
    rate_b = rate_a + rng.randint(2, 6)
    fee_b = fee_a + (rate_a - rate_b) * months
    if fee_b <= 0:
        return solve_multi_step_word_problem(rng)
    return Problem(
        prompt=f"Music school A charges a {_money(fee_a)} sign-up fee plus {_money(rate_a)} per lesson. School B "
               f"charges {_money(fee_b)} to sign up plus {_money(rate_b)} per lesson. After how many lessons do "
               "the two "
               f"schools cost the same?",
        answer=str(months),
        hint="Write the cost of each school for n lessons and set them equal.",
        solution=f"${_lin((rate_a, 'n'), (fee_a, ''))} = {_lin((rate_b, 'n'), (fee_b, ''))}$, so "
                 f"${fee_a - fee_b} = {rate_b - rate_a}n$ and $n = {months}$.",
        params={"kind": kind, "fee_a": fee_a, "rate_a": rate_a, "fee_b": fee_b, "rate_b": rate_b},
    )


# == Solving for a variable ===============================================================================
# (what the formula is, the formula, the letter to solve for, the right result, results of typical slips)
_LITERAL = (
    ("the area of a rectangle", "A = lw", "w", "w = \\frac{A}{l}", ["w = Al", "w = \\frac{l}{A}", "w = A - l"]),
    ("the area of a rectangle", "A = lw", "l", "l = \\frac{A}{w}", ["l = Aw", "l = \\frac{w}{A}", "l = A - w"]),
    ("the perimeter of a rectangle", "P = 2l + 2w", "l", "l = \\frac{P - 2w}{2}",
     ["l = \\frac{P - w}{2}", "l = P - 2w", "l = \\frac{P + 2w}{2}"]),
    ("the perimeter of a rectangle", "P = 2l + 2w", "w", "w = \\frac{P - 2l}{2}",
     ["w = \\frac{P - l}{2}", "w = P - 2l", "w = \\frac{P + 2l}{2}"]),
    ("distance traveled at a steady speed", "d = rt", "t", "t = \\frac{d}{r}",
     ["t = dr", "t = \\frac{r}{d}", "t = d - r"]),
    ("distance traveled at a steady speed", "d = rt", "r", "r = \\frac{d}{t}",
     ["r = dt", "r = \\frac{t}{d}", "r = d - t"]),
    ("a line in slope-intercept form", "y = mx + b", "x", "x = \\frac{y - b}{m}",
     ["x = \\frac{y + b}{m}", "x = \\frac{y}{m} - b", "x = m(y - b)"]),
    ("a line in slope-intercept form", "y = mx + b", "b", "b = y - mx",
     ["b = y + mx", "b = mx - y", "b = \\frac{y}{mx}"]),
    ("a line in slope-intercept form", "y = mx + b", "m", "m = \\frac{y - b}{x}",
     ["m = \\frac{y + b}{x}", "m = \\frac{y}{x} - b", "m = x(y - b)"]),
    ("the volume of a box", "V = lwh", "h", "h = \\frac{V}{lw}", ["h = Vlw", "h = \\frac{lw}{V}", "h = V - lw"]),
    ("the volume of a box", "V = lwh", "w", "w = \\frac{V}{lh}", ["w = Vlh", "w = \\frac{lh}{V}", "w = V - lh"]),
    ("simple interest", "I = Prt", "r", "r = \\frac{I}{Pt}", ["r = IPt", "r = \\frac{Pt}{I}", "r = I - Pt"]),
    ("simple interest", "I = Prt", "t", "t = \\frac{I}{Pr}", ["t = IPr", "t = \\frac{Pr}{I}", "t = I - Pr"]),
    ("simple interest", "I = Prt", "P", "P = \\frac{I}{rt}", ["P = Irt", "P = \\frac{rt}{I}", "P = I - rt"]),
    ("the circumference of a circle", "C = 2\\pi r", "r", "r = \\frac{C}{2\\pi}",
     ["r = 2\\pi C", "r = C - 2\\pi", "r = \\frac{2\\pi}{C}"]),
    ("a line in standard form", "ax + by = c", "y", "y = \\frac{c - ax}{b}",
     ["y = \\frac{c + ax}{b}", "y = c - \\frac{ax}{b}", "y = b(c - ax)"]),
    ("a line in standard form", "ax + by = c", "x", "x = \\frac{c - by}{a}",
     ["x = \\frac{c + by}{a}", "x = c - \\frac{by}{a}", "x = a(c - by)"]),
    ("changing Celsius to Fahrenheit", "F = \\frac{9}{5}C + 32", "C", "C = \\frac{5}{9}(F - 32)",
     ["C = \\frac{5}{9}F - 32", "C = \\frac{9}{5}(F - 32)", "C = \\frac{5}{9}(F + 32)"]),
    ("the area of a triangle", "A = \\frac{1}{2}bh", "h", "h = \\frac{2A}{b}",
     ["h = \\frac{A}{2b}", "h = 2Ab", "h = \\frac{b}{2A}"]),
    ("the area of a triangle", "A = \\frac{1}{2}bh", "b", "b = \\frac{2A}{h}",
     ["b = \\frac{A}{2h}", "b = 2Ah", "b = \\frac{h}{2A}"]),
    ("speed that changes steadily", "v = u + at", "a", "a = \\frac{v - u}{t}",
     ["a = \\frac{v + u}{t}", "a = v - ut", "a = t(v - u)"]),
    ("speed that changes steadily", "v = u + at", "u", "u = v - at", ["u = v + at", "u = at - v", "u = \\frac{v}{at}"]),
    ("the angle sum of a polygon", "S = 180(n - 2)", "n", "n = \\frac{S}{180} + 2",
     ["n = \\frac{S}{180} - 2", "n = \\frac{S - 2}{180}", "n = 180S + 2"]),
    ("the volume of a cylinder", "V = \\pi r^2 h", "h", "h = \\frac{V}{\\pi r^2}",
     ["h = V\\pi r^2", "h = \\frac{\\pi r^2}{V}", "h = V - \\pi r^2"]),
)


@generator("literal_equation_choice", "Solving for a variable")
def literal_equation_choice(rng: random.Random) -> Problem:
    what, formula, target, right, wrong = rng.choice(_LITERAL)
    answer = f"${right}$"
    choices = choices_with(answer, [f"${w}$" for w in wrong], rng)
    lead = rng.choice([f"The formula for {what} is ${formula}$. ", f"Look at the formula ${formula}$ for {what}. ", ""])
    return Problem(
        prompt=f"{lead}Which equation is solved for ${target}$?" if lead else f"Solve ${formula}$ for ${target}$.",
        answer=answer, kind=AnswerKind.CHOICE, choices=choices,
        hint=f"Undo what is done to {target} in the opposite order, doing the same to both sides.",
        solution=f"Undo the operations around ${target}$ on both sides of ${formula}$: {answer}.",
        params={"formula": formula, "target": target, "choices": list(choices)},
    )


@generator("literal_equation_evaluate", "Solving for a variable")
def literal_equation_evaluate(rng: random.Random) -> Problem:
    kind = rng.choice(["perimeter", "distance", "triangle", "line", "celsius", "box", "standard"])
    if kind == "perimeter":
        l, w = rng.randint(5, 20), rng.randint(2, 15)
        values, target, formula, unit = {"P": 2 * l + 2 * w, "l": l}, ("w", w), "P = 2l + 2w", "cm"
        text = f"the width $w$ of a rectangle with $P = {2 * l + 2 * w}$ cm and $l = {l}$ cm"
        solved = "w = \\frac{P - 2l}{2}"
    elif kind == "distance":
        r, t = rng.choice([30, 40, 45, 50, 55, 60, 65]), rng.randint(2, 6)
        values, target, formula, unit = {"d": r * t, "r": r}, ("t", t), "d = rt", "h"
        text = f"the time $t$, in hours, to travel $d = {r * t}$ miles at $r = {r}$ miles per hour"
        solved = "t = \\frac{d}{r}"
    elif kind == "triangle":
        b, h = rng.randint(2, 12), rng.randint(2, 12)
        if b * h % 2:
            b += 1
        values, target, formula, unit = {"A": b * h // 2, "b": b}, ("h", h), "A = \\frac{1}{2}bh", "cm"
        text = f"the height $h$ of a triangle with area $A = {b * h // 2}$ cm² and base $b = {b}$ cm"
        solved = "h = \\frac{2A}{b}"
    elif kind == "line":
        m, b, x = _nonzero(rng, -6, 7), _nonzero(rng, -10, 10), _nonzero(rng, -8, 9)
        values, target, formula, unit = {"y": m * x + b, "m": m, "b": b}, ("x", x), "y = mx + b", ""
        text = f"$x$ when $y = {m * x + b}$, $m = {m}$ and $b = {b}$"
        solved = "x = \\frac{y - b}{m}"
    elif kind == "celsius":
        c = rng.randrange(-20, 45, 5)
        values, target, formula, unit = {"F": c * 9 // 5 + 32}, ("C", c), "F = \\frac{9}{5}C + 32", "°"
        text = f"the temperature $C$ in degrees Celsius when $F = {c * 9 // 5 + 32}$ degrees Fahrenheit"
        solved = "C = \\frac{5}{9}(F - 32)"
    elif kind == "box":
        l, w, h = rng.randint(2, 10), rng.randint(2, 8), rng.randint(2, 9)
        values, target, formula, unit = {"V": l * w * h, "l": l, "w": w}, ("h", h), "V = lwh", "cm"
        text = f"the height $h$ of a box with volume $V = {l * w * h}$ cm³, length $l = {l}$ cm and width $w = {w}$ cm"
        solved = "h = \\frac{V}{lw}"
    else:
        a, b, x, y = rng.randint(2, 6), rng.randint(2, 6), _nonzero(rng, -6, 8), _nonzero(rng, -6, 8)
        c = a * x + b * y
        values, target, formula, unit = {"x": x}, ("y", y), f"{a}x + {b}y = {c}", ""
        text = f"$y$ when $x = {x}$"
        solved = f"y = \\frac{{{c} - {a}x}}{{{b}}}"
    letter, result = target
    return Problem(
        prompt=f"Solve ${formula}$ for ${letter}$. Then use it to find {text}.",
        answer=str(result), unit=unit,
        hint=f"First get {letter} alone on one side, then put in the numbers.",
        solution=f"Solved for ${letter}$: ${solved}$. Putting in the values gives ${letter} = {result}$.",
        params={"formula": formula, "target": letter, "values": values},
    )


# == Solving Inequalities =================================================================================
_FLIP = {"<": ">", ">": "<", "\\le": "\\ge", "\\ge": "\\le"}
_STRICT = {"<": "\\le", "\\le": "<", ">": "\\ge", "\\ge": ">"}


def _undo(b: int) -> str:
    return f"{'Subtract' if b > 0 else 'Add'} ${abs(b)}$"


def _inequality(rng: random.Random, k: int, op: str) -> tuple[str, bool, str]:
    """An inequality in x whose solution is x op k: its text, whether solving it divides by a negative number,
    and the steps that solve it."""
    divisors = [a for a in range(2, 10) if k % a == 0]
    form = rng.choice(["ax+b", "-ax+b", "a(x+b)", "b-ax"] + (["x/a+b", "-x/a+b"] if divisors else []))
    a, b = rng.randint(2, 9), _nonzero(rng, -15, 15)
    if form == "ax+b":
        return (f"{_lin((a, 'x'), (b, ''))} {op} {a * k + b}", False,
                f"{_undo(b)}: ${a}x {op} {a * k}$. Divide by ${a}$.")
    if form == "-ax+b":
        return (f"{_lin((-a, 'x'), (b, ''))} {_FLIP[op]} {-a * k + b}", True,
                f"{_undo(b)}: $-{a}x {_FLIP[op]} {-a * k}$. Divide by $-{a}$ and flip the sign.")
    if form == "a(x+b)":
        return (f"{a}({_lin((1, 'x'), (b, ''))}) {op} {a * (k + b)}", False,
                f"Divide by ${a}$: ${_lin((1, 'x'), (b, ''))} {op} {k + b}$. {_undo(b)}.")
    if form == "b-ax":
        b = rng.randint(2, 20)
        return (f"{b} - {a}x {_FLIP[op]} {b - a * k}", True,
                f"Subtract ${b}$: $-{a}x {_FLIP[op]} {-a * k}$. Divide by $-{a}$ and flip the sign.")
    a = rng.choice(divisors)
    if form == "x/a+b":
        return (f"\\frac{{x}}{{{a}}} {signed_term(b)} {op} {k // a + b}", False,
                f"{_undo(b)}: $\\frac{{x}}{{{a}}} {op} {k // a}$. Multiply by ${a}$.")
    return (f"-\\frac{{x}}{{{a}}} {signed_term(b)} {_FLIP[op]} {b - k // a}", True,
            f"{_undo(b)}: $-\\frac{{x}}{{{a}}} {_FLIP[op]} {-(k // a)}$. Multiply by $-{a}$ and flip the sign.")


@generator("solve_inequality_choice", "Solving Inequalities")
def solve_inequality_choice(rng: random.Random) -> Problem:
    k, op = _nonzero(rng, -9, 10), rng.choice(["<", ">", "\\le", "\\ge"])
    text, negative, steps = _inequality(rng, k, op)
    answer = f"$x {op} {k}$"
    wrong = [f"$x {_FLIP[op]} {k}$", f"$x {op} {-k}$", f"$x {_STRICT[op]} {k}$", f"$x {_FLIP[op]} {-k}$"]
    if not negative:
        wrong[1], wrong[2] = wrong[2], wrong[1]
    choices = choices_with(answer, wrong, rng)
    return Problem(
        prompt=rng.choice(["Solve the inequality ${t}$.", "Which is the solution of ${t}$?",
                           "Which inequality describes every $x$ with ${t}$?"]).format(t=text),
        answer=answer, kind=AnswerKind.CHOICE, choices=choices,
        hint="Solve it like an equation, but flip the inequality sign when you multiply or divide by a negative "
             "number." if negative else "Solve it like an equation, doing the same to both sides.",
        solution=f"{steps} The solution is {answer}.",
        params={"inequality": text, "choices": list(choices)},
    )


@generator("inequality_from_number_line", "Solving Inequalities")
def inequality_from_number_line(rng: random.Random) -> Problem:
    k, op = _nonzero(rng, -8, 8), rng.choice(["<", ">", "\\le", "\\ge"])
    right, _negative, steps = _inequality(rng, k, op)
    others = [(_FLIP[op], k), (_STRICT[op], k), (op, -k), (_FLIP[op], -k)]
    rng.shuffle(others)
    wrong = [_inequality(rng, other_k, other_op)[0] for other_op, other_k in others[:3]]
    side = "to the right" if op in (">", "\\ge") else "to the left"
    dot = "a closed (filled)" if op in ("\\le", "\\ge") else "an open"
    words = {"<": "less than", ">": "greater than", "\\le": "less than or equal to", "\\ge": "greater than or equal to"}
    alt = (f"A number line from {k - 6} to {k + 6}. There is {dot} circle at {k} and a thick ray going {side}: "
           f"the numbers {words[op]} {k}.")
    figure = _number_line_figure(k, op, alt)
    answer = f"${right}$"
    choices = choices_with(answer, [f"${w}$" for w in wrong], rng)
    return Problem(
        prompt="The number line shows the solution of one of these inequalities. Which one?",
        answer=answer, kind=AnswerKind.CHOICE, choices=choices, figure=figure, figure_alt=alt,
        hint="Solve each inequality and compare it with the graph: the circle shows the boundary, filled means it "
             "is included, and the ray shows the direction.",
        solution=f"The graph shows $x {op} {k}$. For {answer}: {steps} That gives $x {op} {k}$.",
        params={"boundary": k, "op": op, "choices": list(choices)},
    )


@generator("inequality_word_problem", "Solving Inequalities")
def inequality_word_problem(rng: random.Random) -> Problem:
    name = rng.choice(NAMES)
    kind = rng.choice(["most", "least"])
    if kind == "most":
        budget, fee, price = rng.randint(30, 120), rng.randint(2, 15), rng.randint(3, 12)
        if budget <= fee + price:
            budget += fee + price
        count = (budget - fee) // price
        item = rng.choice(["movie tickets", "comic books", "pizza slices", "bus rides", "songs"])
        prompt = (f"{name} has {_money(budget)} to spend. There is a {_money(fee)} fee, and {item} cost "
                  f"{_money(price)} each. What is the greatest number of {item} {name} can buy?")
        solution = (f"${price}n + {fee} \\le {budget}$, so ${price}n \\le {budget - fee}$ and "
                    f"$n \\le {latex_fraction(Fraction(budget - fee, price))}$. The greatest whole number is "
                    f"${count}$.")
        params = {"kind": kind, "budget": budget, "fee": fee, "price": price}
    else:
        start, weekly, goal = rng.randint(0, 50), rng.randint(5, 25), rng.randint(100, 400)
        count = -(-(goal - start) // weekly)
        prompt = (f"{name} has {_money(start)} and saves {_money(weekly)} each week. What is the least number of weeks "
                  f"until {name} has at least {_money(goal)}?")
        solution = (f"${start} + {weekly}w \\ge {goal}$, so ${weekly}w \\ge {goal - start}$ and "
                    f"$w \\ge {latex_fraction(Fraction(goal - start, weekly))}$. The least whole number is ${count}$.")
        params = {"kind": kind, "start": start, "weekly": weekly, "goal": goal}
        if start == 0:
            prompt = prompt.replace(f"has {_money(0)} and saves", "starts with nothing and saves")
            solution = solution.replace("$0 + ", "$")
    return Problem(
        prompt=prompt, answer=str(count), unit="week" if kind == "least" else "",
        hint="Write an inequality, solve it, then think about which whole numbers make sense.",
        solution=solution,
        params=params,
    )


# == Systems of linear equations ==========================================================================
def _plain(latex: str) -> str:
    """An equation without LaTeX, for a figure's text alternative: \\frac{1}{2}x -> (1/2)x."""
    return re.sub(r"\\frac\{(\d+)\}\{(\d+)\}", r"(\1/\2)", latex)


def _standard(a: int, b: int, c: int) -> str:
    return f"{_lin((a, 'x'), (b, 'y'))} = {c}"


@generator("solve_system_of_equations", "Solving Systems of Linear Equations")
def solve_system_of_equations(rng: random.Random) -> Problem:
    x0, y0 = rng.randint(-5, 8), rng.randint(-5, 8)
    if x0 == 0 and y0 == 0:
        x0 = rng.randint(1, 8)
    form = rng.choice(["elimination", "elimination", "substitution", "slopes", "sum_difference"])
    n = lambda lo=-5, hi=5: _nonzero(rng, lo, hi)  # noqa: E731
    if form == "elimination":
        while True:
            a1, b1, a2, b2 = n(), n(), n(), n()
            if a1 * b2 - a2 * b1 != 0 and a1 > 0 and a2 > 0:
                break
        first, second = _standard(a1, b1, a1 * x0 + b1 * y0), _standard(a2, b2, a2 * x0 + b2 * y0)
        how = "Multiply the equations so that one variable has opposite coefficients, add them to eliminate it"
    elif form == "substitution":
        m, a, b = n(-4, 4), n(1, 5), n()
        first = _line_latex(m, y0 - m * x0)
        if a + b * m == 0:
            a += 1
        second = _standard(a, b, a * x0 + b * y0)
        how = f"Substitute ${_lin((m, 'x'), (y0 - m * x0, ''))}$ for $y$ in the second equation and solve for $x$"
    elif form == "slopes":
        m1, m2 = rng.sample([-3, -2, -1, 1, 2, 3, 4], 2)
        first, second = _line_latex(m1, y0 - m1 * x0), _line_latex(m2, y0 - m2 * x0)
        how = (f"Set the right sides equal: ${_lin((m1, 'x'), (y0 - m1 * x0, ''))} = "
               f"{_lin((m2, 'x'), (y0 - m2 * x0, ''))}$, solve for $x$")
    else:
        k = rng.choice([1, 2, 3])
        first, second = _standard(1, 1, x0 + y0), _standard(k, -1, k * x0 - y0)
        how = "Add the two equations to eliminate $y$"
    system = _cases(first, second)
    return Problem(
        prompt=rng.choice([f"Solve the system {system}", f"Find the solution $(x, y)$ of the system {system}",
                           f"Which point satisfies both equations? {system}"]),
        answer=point_text(x0, y0), kind=AnswerKind.POINT,
        hint="Use substitution or elimination to get one equation in one variable.",
        solution=f"{how}: $x = {x0}$. Putting it back into an equation gives $y = {y0}$, so the solution is "
                 f"$({x0}, {y0})$.",
        params={"equations": [first, second]},
    )


@generator("system_word_problem", "Solving Systems of Linear Equations")
def system_word_problem(rng: random.Random) -> Problem:
    kind = rng.choice(["tickets", "numbers", "animals", "coins", "baskets"])
    name = rng.choice(NAMES)
    if kind == "tickets":
        adult, child = rng.randint(8, 15), rng.randint(3, 7)
        a, c = rng.randint(5, 40), rng.randint(5, 40)
        ask = rng.choice(["adult", "child"])
        prompt = (f"A theater sold ${a + c}$ tickets for ${a * adult + c * child}$ dollars. Adult tickets cost "
                  f"${adult}$ dollars and child tickets cost ${child}$ dollars. How many {ask} tickets were sold?")
        eqs = f"a + c = {a + c}$ and ${adult}a + {child}c = {a * adult + c * child}"
        answer = a if ask == "adult" else c
        params = {"kind": kind, "total": a + c, "money": a * adult + c * child, "prices": (adult, child), "ask": ask}
    elif kind == "numbers":
        big, small = rng.randint(10, 60), rng.randint(-10, 30)
        if big <= small:
            big, small = small + rng.randint(3, 20), big
        ask = rng.choice(["larger", "smaller"])
        prompt = (f"The sum of two numbers is ${big + small}$ and their difference is ${big - small}$. What is the "
                  f"{ask} number?")
        eqs = f"a + b = {big + small}$ and $a - b = {big - small}"
        answer = big if ask == "larger" else small
        params = {"kind": kind, "sum": big + small, "difference": big - small, "ask": ask}
    elif kind == "animals":
        legs_two, legs_four = rng.randint(3, 30), rng.randint(3, 30)
        two, four = rng.choice([("chickens", "cows"), ("ducks", "goats"), ("geese", "pigs")])
        ask = rng.choice([two, four])
        heads, legs = legs_two + legs_four, 2 * legs_two + 4 * legs_four
        prompt = (f"A farm has only {two} and {four}. Together they have ${heads}$ heads and ${legs}$ legs. "
                  f"How many {ask} are there?")
        eqs = f"t + f = {heads}$ and $2t + 4f = {legs}"
        answer = legs_two if ask == two else legs_four
        params = {"kind": kind, "heads": heads, "legs": legs, "ask": "two" if ask == two else "four"}
    elif kind == "coins":
        quarters, dimes = rng.randint(2, 25), rng.randint(2, 25)
        cents = 25 * quarters + 10 * dimes
        ask = rng.choice(["quarters", "dimes"])
        prompt = (f"{name} has ${quarters + dimes}$ coins, all quarters and dimes, worth "
                  f"{_money(Fraction(cents, 100))} "
                  f"in all. How many {ask} does {name} have?")
        eqs = f"q + d = {quarters + dimes}$ and $25q + 10d = {cents}"
        answer = quarters if ask == "quarters" else dimes
        params = {"kind": kind, "coins": quarters + dimes, "cents": cents, "ask": ask}
    else:
        twos, threes = rng.randint(3, 15), rng.randint(1, 8)
        ask = rng.choice(["2-point", "3-point"])
        prompt = (f"In a basketball game, {name} made ${twos + threes}$ baskets, some worth $2$ points and the rest "
                  f"worth $3$ points, for ${2 * twos + 3 * threes}$ points. How many {ask} baskets did {name} make?")
        eqs = f"t + h = {twos + threes}$ and $2t + 3h = {2 * twos + 3 * threes}"
        answer = twos if ask == "2-point" else threes
        params = {"kind": kind, "baskets": twos + threes, "points": 2 * twos + 3 * threes, "ask": ask}
    return Problem(
        prompt=prompt, answer=str(answer),
        hint="Use one letter for each unknown and write two equations.",
        solution=f"Write the system ${eqs}$. Solving it by substitution or elimination gives ${answer}$.",
        params=params,
    )


_SYSTEM_SLOPES = [Fraction(n) for n in (1, 2, 3, -1, -2, -3)] + [Fraction(p, 2) for p in (1, -1, 3, -3)] + \
    [Fraction(1, 3), Fraction(-1, 3)]


def _line_through(rng: random.Random, point: tuple[int, int], avoid: set) -> tuple[Fraction, Fraction]:
    while True:
        m = rng.choice(_SYSTEM_SLOPES)
        b = point[1] - m * point[0]
        if m not in avoid and b.denominator == 1 and abs(b) <= 8 and len(_lattice_points(m, b, -6, 6)) >= 3:
            return m, b


@generator("system_by_graphing", "Solving Systems of Linear Equations by Graphing")
def system_by_graphing(rng: random.Random) -> Problem:
    point = (rng.randint(-4, 4), rng.randint(-4, 4))
    m1, b1 = _line_through(rng, point, set())
    m2, b2 = _line_through(rng, point, {m1})
    eq1, eq2 = _line_latex(m1, b1), _line_latex(m2, b2)
    alt = (f"A coordinate grid from -6 to 6 with two lines. The blue line goes through "
           f"{' and '.join(point_text(*p) for p in _lattice_points(m1, b1)[:3:2])}; the orange line goes through "
           f"{' and '.join(point_text(*p) for p in _lattice_points(m2, b2)[:3:2])}. The lines cross at one point.")
    plane = _plane(alt)
    plane.line(float(m1), float(b1), color=PALETTE[0])
    plane.line(float(m2), float(b2), color=PALETTE[1])
    plane.point(*point, color=INK)
    show = rng.random() < 0.6
    prompt = (f"The graph shows the lines of the system {_cases(eq1, eq2)} Use the graph to find the solution."
              if show else "The two lines on the graph form a system of equations. What is its solution?")
    return Problem(
        prompt=prompt, answer=point_text(*point), kind=AnswerKind.POINT, figure=plane.render(), figure_alt=alt,
        hint="The solution is the point where the two lines cross.",
        solution=f"The lines cross at $({point[0]}, {point[1]})$, so $x = {point[0]}$ and $y = {point[1]}$ is the "
                 f"solution; it makes both ${eq1}$ and ${eq2}$ true.",
        params={"lines": [(m1, b1), (m2, b2)]},
    )


@generator("system_graph_solution_count", "Solving Systems of Linear Equations by Graphing")
def system_graph_solution_count(rng: random.Random) -> Problem:
    kind = rng.choice(["one", "none", "infinite"])
    m, b1 = rng.choice(_SYSTEM_SLOPES), rng.randint(-4, 4)
    while len(_lattice_points(m, Fraction(b1))) < 2:
        m, b1 = rng.choice(_SYSTEM_SLOPES), rng.randint(-4, 4)
    first = _line_latex(m, b1)
    if kind == "one":
        m2 = rng.choice([s for s in _SYSTEM_SLOPES if s != m])
        b2 = rng.randint(-4, 4)
        second = _line_latex(m2, b2)
        lines = [(m, b1), (m2, b2)]
    elif kind == "none":
        b2 = rng.choice([b for b in range(-5, 6) if b != b1])
        second = _line_latex(m, b2)
        lines = [(m, b1), (m, b2)]
    else:
        k = rng.choice([2, 3])
        lines = [(m, b1), (m, b1)]
        if m.denominator == 1:
            second = f"{k}y = {_lin((k * m, 'x'), (k * b1, ''))}"
        else:
            second = f"{_lin((-m.numerator, 'x'), (m.denominator, 'y'))} = {m.denominator * b1}"
    words = {"one": "exactly one solution", "none": "no solution", "infinite": "infinitely many solutions"}
    pictures = {"one": "The lines cross at one point.", "none": "The lines are parallel and never meet.",
                "infinite": "The two lines lie exactly on top of each other."}
    alt = f"A coordinate grid from -6 to 6 with the graphs of {_plain(first)} and {_plain(second)}. {pictures[kind]}"
    plane = _plane(alt)
    plane.line(float(lines[0][0]), float(lines[0][1]), color=PALETTE[0], width=4)
    plane.line(float(lines[1][0]), float(lines[1][1]), color=PALETTE[1], width=2)
    return Problem(
        prompt=f"The graph shows the system {_cases(first, second)} How many solutions does the system have?",
        answer=words[kind], kind=AnswerKind.CHOICE, choices=tuple(words.values()),
        figure=plane.render(), figure_alt=alt,
        hint="Look at the lines: crossing lines share one point, parallel lines share none, and the same line shares "
             "every point.",
        solution=f"{pictures[kind]} So the system has {words[kind]}.",
        params={"equations": [first, second]},
    )


# == Linear Equations =====================================================================================
@generator("linear_equation_evaluate", "Linear Equations")
def linear_equation_evaluate(rng: random.Random) -> Problem:
    m, b, x = _nonzero(rng, -6, 8), _nonzero(rng, -12, 12), _nonzero(rng, -8, 10)
    y = m * x + b
    line = _line_latex(m, b)
    if rng.random() < 0.5:
        return Problem(
            prompt=rng.choice([f"For the line ${line}$, what is $y$ when $x = {x}$?",
                               f"The point $({x}, k)$ lies on the line ${line}$. What is $k$?"]),
            answer=str(y),
            hint="Put the value of x into the equation.",
            solution=f"$y = {m} \\cdot {_paren(x)} {signed_term(b)} = {y}$.",
            params={"m": m, "b": b, "given": "x", "value": x},
        )
    return Problem(
        prompt=rng.choice([f"For the line ${line}$, what is $x$ when $y = {y}$?",
                           f"The point $(k, {y})$ lies on the line ${line}$. What is $k$?"]),
        answer=str(x),
        hint="Put the value of y into the equation and solve for x.",
        solution=f"${y} = {_lin((m, 'x'), (b, ''))}$, so ${_lin((m, 'x'))} = {y - b}$ and $x = {x}$.",
        params={"m": m, "b": b, "given": "y", "value": y},
    )


@generator("point_on_line_choice", "Linear Equations")
def point_on_line_choice(rng: random.Random) -> Problem:
    if rng.random() < 0.5:
        m, b = _nonzero(rng, -5, 5), _nonzero(rng, -9, 9)
        equation = _line_latex(m, b)
        on = lambda x, y: y == m * x + b  # noqa: E731
        x0 = _nonzero(rng, -6, 6)
        y0 = m * x0 + b
        check = f"${m} \\cdot {_paren(x0)} {signed_term(b)} = {y0}$"
    else:
        a, c = rng.randint(1, 6), rng.randint(1, 6)
        c = -c if rng.random() < 0.3 else c
        x0, y0 = rng.randint(-6, 6), rng.randint(-6, 6)
        k = a * x0 + c * y0
        equation = _standard(a, c, k)
        on = lambda x, y: a * x + c * y == k  # noqa: E731
        times = lambda n: "" if n == 1 else f"{n} \\cdot "  # noqa: E731
        check = f"${times(a)}{_paren(x0)} {'+' if c > 0 else '-'} {times(abs(c))}{_paren(y0)} = {k}$"
    wrong = []
    for x, y in ((y0, x0), (x0, y0 + 1), (-x0, y0), (x0 + 1, y0), (x0, -y0), (x0 - 1, y0 + 2)):
        if not on(x, y) and (x, y) not in wrong:
            wrong.append((x, y))
    answer = f"${point_text(x0, y0)}$"
    choices = choices_with(answer, [f"${point_text(*p)}$" for p in wrong], rng)
    return Problem(
        prompt=rng.choice([f"Which point lies on the line ${equation}$?",
                           f"Which point is on the graph of ${equation}$?",
                           f"Which ordered pair is a solution of ${equation}$?"]),
        answer=answer, kind=AnswerKind.CHOICE, choices=choices,
        hint="Put the x and y of each point into the equation and see which one makes it true.",
        solution=f"For {answer}: {check}, which is true.",
        params={"equation": equation, "choices": list(choices)},
    )


@generator("standard_to_slope_intercept", "Linear Equations")
def standard_to_slope_intercept(rng: random.Random) -> Problem:
    b = rng.choice([1, 2, 3, 4, 5, -1, -2, -3])
    if rng.random() < 0.75:
        slope, intercept = _nonzero(rng, -6, 6), _nonzero(rng, -8, 8)
        a, c = -slope * b, intercept * b
    else:
        b = rng.choice([2, 3, 4, 5])
        a = rng.choice([k for k in range(-7, 8) if k and k % b])
        c = b * _nonzero(rng, -6, 6)
    if a < 0 and b < 0:
        a, b, c = -a, -b, -c
    m, k = Fraction(-a, b), Fraction(c, b)
    equation = _standard(a, b, c)
    return Problem(
        prompt=rng.choice([f"Write ${equation}$ in slope-intercept form.",
                           f"Solve ${equation}$ for $y$, writing it as $y = mx + b$."]),
        answer=_line_answer(m, k), kind=AnswerKind.EXPRESSION, form=AnswerForm.EXPANDED,
        hint="Get the y term alone on one side, then divide every term by its coefficient.",
        solution=f"{'Subtract' if a > 0 else 'Add'} ${_lin((abs(a), 'x'))}$: ${_lin((b, 'y'))} = "
                 f"{_lin((-a, 'x'), (c, ''))}$. "
                 + (f"Divide by ${b}$: ${_line_latex(m, k)}$." if b != 1 else "That is already solved for $y$."),
        params={"equation": equation},
    )


# == Slope ================================================================================================
@generator("slope_from_graph", "Slope")
def slope_from_graph(rng: random.Random) -> Problem:
    m, b, points = _graph_line(rng)
    alt, figure = _marked_line(m, b, points)
    answer, form = _number_answer(m)
    return Problem(
        prompt=rng.choice(["What is the slope of the line?", "Find the slope of the graphed line.",
                           "Use the two marked points to find the slope of the line."]),
        answer=answer, form=form, figure=figure, figure_alt=alt,
        hint="Slope = rise ÷ run: how far the line goes up (or down) for how far it goes to the right.",
        solution=_slope_steps(*points),
        params={"points": points},
    )


@generator("slope_type_from_graph", "Slope")
def slope_type_from_graph(rng: random.Random) -> Problem:
    kind = rng.choice(["positive", "negative", "zero", "undefined"])
    if kind == "undefined":
        x0 = rng.randint(-5, 5)
        points = [(x0, rng.randint(-5, -1)), (x0, rng.randint(1, 5))]
    elif kind == "zero":
        y0 = rng.randint(-5, 5)
        points = [(rng.randint(-5, -1), y0), (rng.randint(1, 5), y0)]
    else:
        m = rng.choice([s for s in _GRAPH_SLOPES if (s > 0) == (kind == "positive")])
        b = rng.randint(-4, 4)
        lattice = _lattice_points(m, Fraction(b), -5, 5)
        if len(lattice) < 2:
            return slope_type_from_graph(rng)
        points = [lattice[0], lattice[-1]]
    (x1, y1), (x2, y2) = points
    alt = f"A coordinate grid from -6 to 6 with a straight line through ({x1}, {y1}) and ({x2}, {y2})."
    plane = _plane(alt)
    if x1 == x2:
        plane.vertical(x1)
    else:
        plane.line((y2 - y1) / (x2 - x1), y1 - (y2 - y1) / (x2 - x1) * x1)
    for p in points:
        plane.point(*p)
    why = {"positive": "The line goes up from left to right", "negative": "The line goes down from left to right",
           "zero": "The line is horizontal: the rise is 0", "undefined": "The line is vertical: the run is 0"}[kind]
    return Problem(
        prompt="What kind of slope does the line have?",
        answer=kind, kind=AnswerKind.CHOICE, choices=("positive", "negative", "zero", "undefined"),
        figure=plane.render(), figure_alt=alt,
        hint="Read the line from left to right.",
        solution=f"{why}, so its slope is {kind}.",
        params={"points": points},
    )


@generator("slope_from_two_points", "Finding Slope from Ordered Pairs")
def slope_from_two_points(rng: random.Random) -> Problem:
    while True:
        x1, x2 = rng.sample(range(-9, 10), 2)
        y1, y2 = rng.randint(-9, 9), rng.randint(-9, 9)
        if y1 != y2 and (rng.random() < 0.6) == ((y2 - y1) % (x2 - x1) == 0):
            break
    m = Fraction(y2 - y1, x2 - x1)
    answer, form = _number_answer(m)
    compute = (f"$m = \\frac{{{y2} - {_paren(y1)}}}{{{x2} - {_paren(x1)}}} = \\frac{{{y2 - y1}}}{{{x2 - x1}}} = "
               f"{latex_fraction(m)}$")
    style = rng.choice(["through", "named", "table"])
    if style == "through":
        prompt = f"What is the slope of the line through $({x1}, {y1})$ and $({x2}, {y2})$?"
        points = [(x1, y1), (x2, y2)]
    elif style == "named":
        prompt = f"Points $A({x1}, {y1})$ and $B({x2}, {y2})$ lie on a line. Find the slope of line $AB$."
        points = [(x1, y1), (x2, y2)]
    else:
        step, start, base = rng.choice([2, 3, 4, 5]), rng.randint(-6, 3), rng.randint(-10, 10)
        rise = _nonzero(rng, -12, 12)
        points = [(start + step * i, base + rise * i) for i in range(4)]
        m = Fraction(rise, step)
        answer, form = _number_answer(m)
        (x1, y1), (x2, y2) = points[0], points[1]
        prompt = f"The points in the table lie on a line. What is its slope? {_table(*zip(*points))}"
        compute = (f"$m = \\frac{{{y2} - {_paren(y1)}}}{{{x2} - {_paren(x1)}}} = \\frac{{{rise}}}{{{step}}} = "
                   f"{latex_fraction(m)}$")
    return Problem(
        prompt=prompt, answer=answer, form=form,
        hint="Slope = (change in y) ÷ (change in x), subtracting in the same order.",
        solution=f"{compute}.",
        params={"points": points},
    )


@generator("slope_missing_coordinate", "Finding Slope from Ordered Pairs")
def slope_missing_coordinate(rng: random.Random) -> Problem:
    m = _nonzero(rng, -5, 5)
    x1, x2 = rng.sample(range(-8, 9), 2)
    y1 = rng.randint(-9, 9)
    y2 = y1 + m * (x2 - x1)
    if rng.random() < 0.5:
        prompt = f"A line through $({x1}, {y1})$ and $({x2}, k)$ has slope ${m}$. What is $k$?"
        answer, ask = y2, "y"
        solution = f"$\\frac{{k - {_paren(y1)}}}{{{x2} - {_paren(x1)}}} = {m}$, so " \
                   f"$k - {_paren(y1)} = {m * (x2 - x1)}$ " \
                   f"and $k = {y2}$."
    else:
        prompt = f"A line through $({x1}, {y1})$ and $(k, {y2})$ has slope ${m}$. What is $k$?"
        answer, ask = x2, "x"
        solution = f"$\\frac{{{y2} - {_paren(y1)}}}{{k - {_paren(x1)}}} = {m}$, so $k - {_paren(x1)} = " \
                   f"\\frac{{{y2 - y1}}}{{{m}}} = {x2 - x1}$ and $k = {x2}$."
    return Problem(
        prompt=prompt, answer=str(answer),
        hint="Write the slope formula with k in it and solve for k.",
        solution=solution,
        params={"known": (x1, y1), "other": x2 if ask == "y" else y2, "ask": ask, "slope": m},
    )


_RATE_STORIES = (
    ("A printing shop charges a set-up fee plus a price per T-shirt. An order of ${x1}$ shirts costs {y1}, and an "
     "order of ${x2}$ shirts costs {y2}. What is the price per shirt?", "$", (3, 12), 1, (10, 40)),
    ("At hour ${x1}$ of a trip, a train is ${y1}$ miles from the city. At hour ${x2}$ it is ${y2}$ miles from the "
     "city, "
     "moving at a steady speed. What is its speed?", "mph", (40, 80), 1, (20, 100)),
    ("After ${x1}$ hours of driving at a steady speed, a car is ${y1}$ km from home; after ${x2}$ hours it is "
     "${y2}$ km "
     "from home. What is its speed?", "km/h", (50, 90), 1, (10, 60)),
    ("The temperature fell steadily overnight. After ${x1}$ hours it was ${y1}$°C, and after ${x2}$ hours it was "
     "${y2}$°C. What was the rate of change of the temperature, in degrees per hour?", "°", (1, 4), -1, (10, 25)),
    ("After ${x1}$ days {name} had read ${y1}$ pages of a book, and after ${x2}$ days ${y2}$ pages, reading the same "
     "number of pages each day. How many pages per day did {name} read?", "", (12, 40), 1, (0, 30)),
    ("A diver goes down at a steady rate. After ${x1}$ seconds the diver's elevation is ${y1}$ m, and after ${x2}$ "
     "seconds it is ${y2}$ m. What is the rate of change of the elevation, in meters per second?", "m/s", (1, 3), -1,
     (-6, -1)),
    ("{name}'s bank balance goes down by the same amount each week. After ${x1}$ weeks it is {y1}, and after ${x2}$ "
     "weeks it is {y2}. What is the rate of change of the balance, in dollars per week?", "$", (15, 45), -1,
     (400, 600)),
)


@generator("slope_from_situation", "Finding Slope From Situation")
def slope_from_situation(rng: random.Random) -> Problem:
    story, unit, rates, sign, starts = rng.choice(_RATE_STORIES)
    rate = Fraction(sign * rng.randint(*rates))
    if unit == "$" and sign > 0 and rng.random() < 0.4:
        rate += Fraction(1, 2)
    start = rng.randint(*starts)
    x1 = rng.randint(2, 4)
    x2 = x1 + rng.randint(2, 6)
    y1, y2 = start + rate * x1, start + rate * x2
    money = unit == "$"
    prompt = story.format(x1=x1, x2=x2, y1=_money(y1) if money else decimal_text(y1),
                          y2=_money(y2) if money else decimal_text(y2), name=rng.choice(NAMES))
    shown = lambda v: decimal_text(v)  # noqa: E731
    return Problem(
        prompt=prompt, answer=decimal_text(rate), unit=unit, decimals=2 if money else None,
        hint="The rate of change is the change in the amount divided by the change in time (or count).",
        solution=f"Rate $= \\frac{{{shown(y2)} - {_paren(y1) if y1.denominator == 1 else shown(y1)}}}{{{x2} - {x1}}} = "
                 f"\\frac{{{shown(y2 - y1)}}}{{{x2 - x1}}} = {shown(rate)}$.",
        params={"points": [(x1, y1), (x2, y2)]},
    )


@generator("rate_of_change_from_graph", "Finding Slope From Situation", "Interpreting Coordinate Graphs")
def rate_of_change_from_graph(rng: random.Random) -> Problem:
    c, m, b, layout = _context_line(rng)
    name = rng.choice(NAMES)
    figure, alt = _context_line_figure(c, m, b, layout, name)
    (x1, y1), (x2, y2) = layout["dots"][0], layout["dots"][-1]
    per = {"hours": "hour", "weeks": "week", "tickets": "ticket"}[c["xs"]]
    what = c["y"].split(" (")[0].lower()
    unit = "$" if c["money"] else ""
    return Problem(
        prompt=f"{c['story'].format(name=name)} What is the rate of change of the {what} per {per}?"
               + ("" if c["money"] else " (Give a decrease as a negative number.)" if m < 0 else ""),
        answer=str(m), unit=unit, decimals=2 if c["money"] else None, figure=figure, figure_alt=alt,
        hint="Pick two points on the line and divide the change in the vertical value by the change in the "
             "horizontal value.",
        solution=f"From $({x1}, {y1})$ to $({x2}, {y2})$: $\\frac{{{y2} - {y1}}}{{{x2} - {x1}}} = {m}$ per {per}.",
        params={"points": [(x1, y1), (x2, y2)]},
    )


@generator("slope_from_equation", "Finding Slope From Equation")
def slope_from_equation(rng: random.Random) -> Problem:
    form = rng.choice(["slope_intercept", "reversed", "standard", "standard", "point_slope", "scaled"])
    if form == "slope_intercept":
        m, b = rng.choice(_PAIR_SLOPES), _nonzero(rng, -9, 9)
        equation, why = _line_latex(m, b), "In $y = mx + b$ the slope is the coefficient of $x$"
    elif form == "reversed":
        m, b = rng.choice(_PAIR_SLOPES), _nonzero(rng, -9, 9)
        equation, why = f"y = {_lin((b, ''), (m, 'x'))}", "The slope is the coefficient of $x$, wherever it is written"
    elif form == "standard":
        a, c, k = _nonzero(rng, -7, 7), _nonzero(rng, -6, 6), _nonzero(rng, -12, 12)
        if a < 0 and c < 0:
            a, c = -a, -c
        m = Fraction(-a, c)
        equation = _standard(a, c, k)
        why = f"Solve for $y$: ${_lin((c, 'y'))} = {_lin((-a, 'x'), (k, ''))}$"
        if c != 1:
            why += f", so $y = {linear_text([(m, 'x'), (Fraction(k, c), '')])}$"
    elif form == "point_slope":
        m, x1, y1 = rng.choice(_PAIR_SLOPES), _nonzero(rng, -6, 6), _nonzero(rng, -6, 6)
        equation = f"y {signed_term(-y1)} = {latex_fraction(m) if abs(m) != 1 else '-' if m < 0 else ''}" \
                   f"(x {signed_term(-x1)})"
        why = "In $y - y_1 = m(x - x_1)$ the slope is $m$"
    else:
        k, m, b = rng.choice([2, 3, 4]), _nonzero(rng, -5, 5), _nonzero(rng, -6, 6)
        equation = f"{k}y = {_lin((k * m, 'x'), (k * b, ''))}"
        why = f"Divide by ${k}$: ${_line_latex(m, b)}$"
    answer, answer_form = _number_answer(m)
    return Problem(
        prompt=rng.choice([f"What is the slope of the line ${equation}$?", f"Find the slope of ${equation}$.",
                           f"The graph of ${equation}$ is a line. What is its slope?"]),
        answer=answer, form=answer_form,
        hint="Write the equation as y = mx + b: the slope is m.",
        solution=f"{why}. The slope is ${latex_fraction(Fraction(m))}$.",
        params={"equation": equation},
    )


# == Intercept ============================================================================================
@generator("intercept_from_equation", "Intercept")
def intercept_from_equation(rng: random.Random) -> Problem:
    axis = rng.choice(["y", "y", "x"])
    if rng.random() < 0.5:
        m, b = _nonzero(rng, -6, 6), _nonzero(rng, -9, 9)
        if axis == "x" and b % m:
            b = m * _nonzero(rng, -5, 5)
        equation = _line_latex(m, b)
        point = (0, b) if axis == "y" else (Fraction(-b, m), 0)
        how = (f"On the $y$-axis $x = 0$, so $y = {b}$" if axis == "y" else
               f"On the $x$-axis $y = 0$: $0 = {_lin((m, 'x'), (b, ''))}$, so $x = {latex_fraction(point[0])}$")
    else:
        a, c = _nonzero(rng, -6, 6), _nonzero(rng, -6, 6)
        if a < 0 and c < 0:
            a, c = -a, -c
        k = a * c * _nonzero(rng, -4, 4)
        equation = _standard(a, c, k)
        point = (0, Fraction(k, c)) if axis == "y" else (Fraction(k, a), 0)
        how = (f"Put $x = 0$: ${_lin((c, 'y'))} = {k}$" + (f", so $y = {latex_fraction(point[1])}$" if c != 1 else "")
               if axis == "y" else
               f"Put $y = 0$: ${_lin((a, 'x'))} = {k}$" + (f", so $x = {latex_fraction(point[0])}$" if a != 1 else ""))
    return Problem(
        prompt=rng.choice([f"At what point does the line ${equation}$ cross the ${axis}$-axis?",
                           f"Find the ${axis}$-intercept of ${equation}$ as a point $(x, y)$."]),
        answer=point_text(*point), kind=AnswerKind.POINT,
        hint="On the y-axis x is 0; on the x-axis y is 0.",
        solution=f"{how}. The line crosses the ${axis}$-axis at $({latex_fraction(Fraction(point[0]))}, "
                 f"{latex_fraction(Fraction(point[1]))})$.",
        params={"equation": equation, "axis": axis},
    )


@generator("intercept_from_graph", "Intercept")
def intercept_from_graph(rng: random.Random) -> Problem:
    axis = rng.choice(["x", "y"])
    while True:
        m, b, _points = _graph_line(rng)
        lattice = _lattice_points(m, Fraction(b), -6, 6)
        crossing = (0, b) if axis == "y" else (-b / m, 0)
        if b != 0 and Fraction(crossing[0]).denominator == 1 and -5 <= crossing[0] <= 5:
            break
    others = [p for p in lattice if p[0] != 0 and p[1] != 0]
    if len(others) < 2:
        return intercept_from_graph(rng)
    described = [others[0], others[-1]]
    alt = (f"A coordinate grid from -6 to 6 on both axes with a straight line through "
           f"({described[0][0]}, {described[0][1]}) and ({described[1][0]}, {described[1][1]}).")
    plane = _plane(alt)
    plane.line(float(m), float(b))
    return Problem(
        prompt=rng.choice([f"Where does the line cross the ${axis}$-axis? Give the point.",
                           f"What is the ${axis}$-intercept of the line? Write it as a point $(x, y)$."]),
        answer=point_text(*crossing), kind=AnswerKind.POINT, figure=plane.render(), figure_alt=alt,
        hint=f"Follow the line to the {axis}-axis." + (" There x is 0." if axis == "y" else " There y is 0."),
        solution=f"The line meets the ${axis}$-axis at $({decimal_text(crossing[0])}, {decimal_text(crossing[1])})$.",
        params={"points": described, "axis": axis},
    )


# == Midpoint =============================================================================================
@generator("midpoint_of_segment", "Midpoint")
def midpoint_of_segment(rng: random.Random) -> Problem:
    style = rng.choice(["plain", "plain", "graph", "map"])
    lo, hi = (-6, 6) if style == "graph" else (-12, 14)
    while True:
        x1, y1, x2, y2 = (rng.randint(lo, hi) for _ in range(4))
        same = (x1 + x2) % 2 == 0 and (y1 + y2) % 2 == 0
        if (x1, y1) != (x2, y2) and (same or (style != "graph" and rng.random() < 0.3)):
            break
    mx, my = Fraction(x1 + x2, 2), Fraction(y1 + y2, 2)
    figure = alt = ""
    if style == "graph":
        alt = f"A coordinate grid from -6 to 6 with segment AB from A({x1}, {y1}) to B({x2}, {y2})."
        plane = _plane(alt)
        plane.segment((x1, y1), (x2, y2))
        plane.point(x1, y1, "A")
        plane.point(x2, y2, "B")
        figure = plane.render()
        prompt = "What are the coordinates of the midpoint of segment $AB$?"
    elif style == "map":
        a, b = rng.sample(["the library", "the school", "the park", "the museum", "the pool", "the market"], 2)
        prompt = (f"On a town map, {a} is at $({x1}, {y1})$ and {b} is at $({x2}, {y2})$. A bench is placed exactly "
                  f"halfway between them. Where is the bench?")
    else:
        prompt = rng.choice([f"Find the midpoint of the segment from $({x1}, {y1})$ to $({x2}, {y2})$.",
                             f"What is the midpoint of the segment with endpoints $({x1}, {y1})$ and $({x2}, {y2})$?"])
    return Problem(
        prompt=prompt, answer=point_text(mx, my), kind=AnswerKind.POINT, figure=figure, figure_alt=alt,
        hint="Average the x-coordinates and average the y-coordinates.",
        solution=f"$\\left(\\frac{{{x1} + {_paren(x2)}}}{{2}}, \\frac{{{y1} + {_paren(y2)}}}{{2}}\\right) = "
                 f"({decimal_text(mx)}, {decimal_text(my)})$.",
        params={"ends": [(x1, y1), (x2, y2)]},
    )


@generator("midpoint_missing_endpoint", "Midpoint")
def midpoint_missing_endpoint(rng: random.Random) -> Problem:
    while True:
        ax, ay, mx, my = (rng.randint(-9, 9) for _ in range(4))
        bx, by = 2 * mx - ax, 2 * my - ay
        if ax != mx and ay != my and abs(bx) <= 15 and abs(by) <= 15:
            break
    return Problem(
        prompt=rng.choice([f"$M({mx}, {my})$ is the midpoint of segment $AB$, and $A$ is $({ax}, {ay})$. What are the "
                           f"coordinates of $B$?",
                           f"The midpoint of a segment is $({mx}, {my})$ and one endpoint is $({ax}, {ay})$. Find the "
                           f"other endpoint."]),
        answer=point_text(bx, by), kind=AnswerKind.POINT,
        hint="The midpoint is halfway: go the same distance again from the midpoint.",
        solution=f"From $A$ to $M$, $x$ changes by ${mx - ax}$ and $y$ by ${my - ay}$. Doing it again from $M$: "
                 f"$B = ({mx} {signed_term(mx - ax)}, {my} {signed_term(my - ay)}) = ({bx}, {by})$.",
        params={"a": (ax, ay), "m": (mx, my)},
    )


# == Interpreting Coordinate Graphs =======================================================================
_TRIPS = (
    {"story": "{name} rode a bike away from home and back. The graph shows {name}'s distance from home.",
     "x": "Time (hours)", "y": "Distance from home (km)", "unit": "km", "time": "h", "times": "hours", "rate": "km/h",
     "speeds": (5, 10, 15, 20), "y_step": 5, "thing": "distance from home",
     "up": "moving away from home", "rest": "stopped", "down": "heading back toward home", "fast": "moving fastest"},
    {"story": "{name} went on a long drive. The graph shows the car's distance from home.",
     "x": "Time (hours)", "y": "Distance from home (mi)", "unit": "mi", "time": "h", "times": "hours", "rate": "mph",
     "speeds": (20, 30, 40, 50, 60), "y_step": 20, "thing": "distance from home",
     "up": "driving away from home", "rest": "stopped", "down": "driving back toward home", "fast": "driving fastest"},
    {"story": "A tank is filled and emptied with a pump. The graph shows the water in the tank.",
     "x": "Time (minutes)", "y": "Water (liters)", "unit": "l", "time": "min", "times": "minutes", "rate": "",
     "speeds": (10, 20, 30, 40), "y_step": 10, "thing": "amount of water",
     "up": "filling", "rest": "neither filling nor draining", "down": "draining", "fast": "changing fastest"},
)
_TRIP_PATTERNS = (("up", "rest", "up", "down"), ("up", "up", "rest", "down"), ("up", "rest", "down", "up"),
                  ("up", "down", "rest", "up"))


def _trip(rng: random.Random, name: str) -> tuple[dict, list[tuple[int, int]], str, dict]:
    """A context, the vertices (time, amount) of a broken-line graph with four segments, the alt text, and the
    figure's layout."""
    context = rng.choice(_TRIPS)
    step = context["y_step"]
    while True:
        pattern = rng.choice(_TRIP_PATTERNS)
        vertices = [(0, 0)]
        speeds = []
        for kind in pattern:
            t, y = vertices[-1]
            d = rng.randint(1, 3)
            speed = 0 if kind == "rest" else rng.choice(context["speeds"]) * (1 if kind == "up" else -1)
            vertices.append((t + d, y + speed * d))
            speeds.append(abs(speed))
        moving = [s for s in speeds if s]
        top = max(y for _t, y in vertices)
        if (min(y for _t, y in vertices) >= 0 and len(set(moving)) == len(moving) and top <= 10 * step
                and vertices[-1][0] <= 10 and all(y % step == 0 for _t, y in vertices)):
            break
    x_max = vertices[-1][0]
    y_max = -(-top // step) * step
    listed = "; ".join(f"({t}, {y})" for t, y in vertices)
    alt = (f"{context['story'].format(name=name)} A broken-line graph with {context['x']} from 0 to {x_max} "
           f"across and {context['y']} from 0 to {y_max} up. It joins the points {listed} in order.")
    return context, vertices, alt, {"x_max": x_max, "y_max": y_max, "y_step": step}


def _trip_figure(context: dict, vertices: list, alt: str, layout: dict) -> str:
    return _context_graph([vertices], x_max=layout["x_max"], y_max=layout["y_max"], x_step=1,
                          y_step=layout["y_step"], x_title=context["x"], y_title=context["y"], alt=alt)


@generator("coordinate_graph_read_value", "Interpreting Coordinate Graphs")
def coordinate_graph_read_value(rng: random.Random) -> Problem:
    name = rng.choice(NAMES)
    context, vertices, alt, layout = _trip(rng, name)
    figure = _trip_figure(context, vertices, alt, layout)
    story = context["story"].format(name=name)
    ask = rng.choice(["value", "value", "max", "rest", "rate"])
    if ask == "value":
        t, y = rng.choice(vertices[1:])
        return Problem(
            prompt=f"{story} What was the {context['thing']} after ${t}$ {context['times']}?",
            answer=str(y), unit=context["unit"], figure=figure, figure_alt=alt,
            hint=f"Find {t} on the horizontal axis, go up to the graph, then across to the vertical axis.",
            solution=f"At time ${t}$ the graph is at height ${y}$, so the {context['thing']} was ${y}$ "
                     f"{context['unit']}.",
            params={"vertices": vertices, "ask": ask, "at": t},
        )
    if ask == "max":
        top = max(y for _t, y in vertices)
        return Problem(
            prompt=f"{story} What was the greatest {context['thing']}?",
            answer=str(top), unit=context["unit"], figure=figure, figure_alt=alt,
            hint="Find the highest point of the graph.",
            solution=f"The highest point of the graph is at ${top}$, so the greatest {context['thing']} was ${top}$ "
                     f"{context['unit']}.",
            params={"vertices": vertices, "ask": ask},
        )
    if ask == "rest":
        i = next(i for i in range(4) if vertices[i][1] == vertices[i + 1][1])
        t1, t2 = vertices[i][0], vertices[i + 1][0]
        return Problem(
            prompt=f"{story} For how long was the {context['thing']} not changing (the graph flat)?",
            answer=str(t2 - t1), unit=context["time"], figure=figure, figure_alt=alt,
            hint="Look for the horizontal part of the graph and read its start and end times.",
            solution=f"The graph is flat from ${t1}$ to ${t2}$, which is ${t2 - t1}$ {context['times']}.",
            params={"vertices": vertices, "ask": ask},
        )
    moving = [i for i in range(4) if vertices[i][1] != vertices[i + 1][1]]
    i = rng.choice(moving)
    (t1, y1), (t2, y2) = vertices[i], vertices[i + 1]
    rate = abs(Fraction(y2 - y1, t2 - t1))
    per = context["rate"] or "liters per minute"
    return Problem(
        prompt=f"{story} How fast was the {context['thing']} changing between time ${t1}$ and time ${t2}$, in {per}?"
        if not context["rate"] else f"{story} What was {name}'s speed between hour ${t1}$ and hour ${t2}$?",
        answer=decimal_text(rate), unit=context["rate"], figure=figure, figure_alt=alt,
        hint="Divide the change in the vertical value by the change in time.",
        solution=f"From $({t1}, {y1})$ to $({t2}, {y2})$ the amount changes by ${abs(y2 - y1)}$ in ${t2 - t1}$ "
                 f"{context['times'] if t2 - t1 > 1 else context['times'][:-1]}: "
                 f"${abs(y2 - y1)} \\div {t2 - t1} = {decimal_text(rate)}$.",
        params={"vertices": vertices, "ask": ask, "segment": (t1, t2)},
    )


@generator("coordinate_graph_segment_choice", "Interpreting Coordinate Graphs")
def coordinate_graph_segment_choice(rng: random.Random) -> Problem:
    name = rng.choice(NAMES)
    context, vertices, alt, layout = _trip(rng, name)
    figure = _trip_figure(context, vertices, alt, layout)
    ask = rng.choice(["fast", "rest", "down"])
    texts = [f"from ${vertices[i][0]}$ to ${vertices[i + 1][0]}$ {context['times']}" for i in range(4)]
    slopes = [Fraction(vertices[i + 1][1] - vertices[i][1], vertices[i + 1][0] - vertices[i][0]) for i in range(4)]
    if ask == "fast":
        pick = max(range(4), key=lambda i: abs(slopes[i]))
        why = "the steepest part of the graph"
    elif ask == "rest":
        pick = slopes.index(0)
        why = "the flat part of the graph"
    else:
        pick = next(i for i in range(4) if slopes[i] < 0)
        why = "the part where the graph goes down"
    subject = "the tank" if context["unit"] == "l" else name
    return Problem(
        prompt=f"{context['story'].format(name=name)} During which time was {subject} {context[ask]}?",
        answer=texts[pick], kind=AnswerKind.CHOICE, choices=tuple(texts), figure=figure, figure_alt=alt,
        hint="Steep parts mean fast change, flat parts mean no change, and falling parts mean decreasing.",
        solution=f"That is {why}: {texts[pick]}.",
        params={"vertices": vertices, "ask": ask, "times": context["times"]},
    )


# == Distributive Property ================================================================================
@generator("distributive_expand", "Distributive Property")
def distributive_expand(rng: random.Random) -> Problem:
    form = rng.choice(["a(bx+c)", "a(bx+c)", "-a(bx+c)", "(bx+c)a", "ax(bx+c)", "a(bx^2+cx+d)", "-(bx+c)"])
    a, b, c, d = rng.randint(2, 9), _nonzero(rng, -6, 7), _nonzero(rng, -12, 12), _nonzero(rng, -9, 9)
    if form == "a(bx+c)":
        text, coefficients = f"{a}({_lin((b, 'x'), (c, ''))})", {1: a * b, 0: a * c}
    elif form == "-a(bx+c)":
        text, coefficients = f"-{a}({_lin((b, 'x'), (c, ''))})", {1: -a * b, 0: -a * c}
    elif form == "(bx+c)a":
        text, coefficients = f"({_lin((b, 'x'), (c, ''))}) \\cdot {a}", {1: a * b, 0: a * c}
    elif form == "ax(bx+c)":
        a = rng.choice([2, 3, 4, 5, -2, -3])
        text, coefficients = f"{a}x({_lin((b, 'x'), (c, ''))})", {2: a * b, 1: a * c}
    elif form == "a(bx^2+cx+d)":
        text, coefficients = f"{a}({_lin((b, 'x^2'), (c, 'x'), (d, ''))})", {2: a * b, 1: a * c, 0: a * d}
    else:
        text, coefficients = f"-({_lin((b, 'x'), (c, ''))})", {1: -b, 0: -c}
    result = _poly_text(coefficients)
    return Problem(
        prompt=rng.choice([f"Use the distributive property to expand ${text}$.", f"Expand ${text}$.",
                           f"Multiply out the brackets: ${text}$."]),
        answer=_poly_answer(coefficients), kind=AnswerKind.EXPRESSION, form=AnswerForm.EXPANDED,
        hint="Multiply the term outside the brackets by every term inside, keeping track of the signs.",
        solution=f"Multiply each term inside the brackets by the factor outside: ${text} = {result}$.",
        params={"expr": text},
    )


@generator("distributive_factor_gcf", "Distributive Property")
def distributive_factor_gcf(rng: random.Random) -> Problem:
    while True:
        g, p, q = rng.randint(2, 9), rng.randint(1, 9), _nonzero(rng, -9, 9)
        if math.gcd(p, abs(q)) == 1 and p != 1 or (p == 1 and rng.random() < 0.2):
            break
    expression = _lin((g * p, "x"), (g * q, ""))
    right = f"${g}({_lin((p, 'x'), (q, ''))})$"
    wrong = [f"${d}({_lin((g // d * p, 'x'), (g // d * q, ''))})$" for d in range(2, g) if g % d == 0]
    wrong += [f"${g}({_lin((p, 'x'), (-q, ''))})$", f"${g}({_lin((p, 'x'), (g * q, ''))})$",
              f"${g}({_lin((g * p, 'x'), (q, ''))})$", f"${g + 1}({_lin((p, 'x'), (q, ''))})$"]
    wrong = list(dict.fromkeys(w for w in wrong if w != right))
    rng.shuffle(wrong)
    partial = [w for w in wrong if w.startswith(tuple(f"${d}(" for d in range(2, g)))][:1]
    chosen = partial + [w for w in wrong if w not in partial][:3 - len(partial)]
    choices = choices_with(right, chosen, rng)
    return Problem(
        prompt=rng.choice([f"Which shows ${expression}$ factored using the greatest common factor?",
                           f"Use the distributive property to write ${expression}$ as a product of its greatest "
                           f"common factor and a sum."]),
        answer=right, kind=AnswerKind.CHOICE, choices=choices,
        hint="Find the greatest number that divides both terms, then divide each term by it.",
        solution=f"The greatest common factor of ${g * p}$ and ${abs(g * q)}$ is ${g}$: ${g * p}x \\div {g} = "
                 f"{_lin((p, 'x'))}$ and ${g * q} \\div {g} = {q}$, so {right}.",
        params={"expr": expression, "choices": list(choices)},
    )


@generator("distributive_missing_number", "Distributive Property")
def distributive_missing_number(rng: random.Random) -> Problem:
    a, b, c = rng.choice([2, 3, 4, 5, 6, 7, 8, 9, -2, -3, -4, -5]), rng.randint(1, 9), _nonzero(rng, -9, 9)
    spot = rng.choice(["outside", "x", "constant"])
    right = _lin((a * b, "x"), (a * c, ""))
    if spot == "outside":
        left, answer = f"\\square({_lin((b, 'x'), (c, ''))})", a
        why = f"${a * b}x \\div {_lin((b, 'x'))} = {a}$ (and ${a * c} \\div {_paren(c)} = {a}$)"
    elif spot == "x":
        left, answer = f"{a}(\\square x {signed_term(c)})", b
        why = f"${a} \\cdot \\square x = {a * b}x$, so $\\square = {b}$"
    else:
        sign = "+" if c > 0 else "-"
        left, answer = f"{a}({_lin((b, 'x'))} {sign} \\square)", abs(c)
        why = (f"${a} \\cdot {'' if sign == '+' else '(-'}\\square{'' if sign == '+' else ')'} = {a * c}$, so "
               f"$\\square = {abs(c)}$")
    equation = f"{left} = {right}"
    return Problem(
        prompt=f"What number goes in the box to make ${equation}$ true?",
        answer=str(answer),
        hint="Multiply out the left side and match each term with the right side.",
        solution=f"Match the terms: {why}.",
        params={"equation": equation},
    )


# == Polynomial Factors ===================================================================================
def _binomial(a: int, p: int) -> str:
    """(ax + p) as written: (x + 3), (2x - 1)."""
    return f"({_lin((a, 'x'), (p, ''))})"


@generator("factor_quadratic_trinomial", "Polynomial Factors")
def factor_quadratic_trinomial(rng: random.Random) -> Problem:
    form = rng.choice(["monic", "monic", "monic", "squares", "common_x", "leading", "common_number"])
    p, q = rng.sample([k for k in range(-9, 10) if k != 0], 2)
    if form == "squares":
        q = -p
    elif p + q == 0:
        q = p + 1 if p + 1 != 0 else p + 2
    if form == "common_x":
        coefficients, factored = {2: 1, 1: p}, f"x{_binomial(1, p)}"
        why = f"Both terms contain $x$: ${_poly_text(coefficients)} = {factored}$."
    elif form == "leading":
        a = rng.choice([2, 3, 5])
        p, q = _nonzero(rng, -7, 7), _nonzero(rng, -6, 6)
        if p % a == 0 or a * q + p == 0:
            p = a * (abs(p) // a) + 1 if p > 0 else -(a * (abs(p) // a) + 1)
            if a * q + p == 0:
                q += 1 if q != -1 else 2
        coefficients = {2: a, 1: a * q + p, 0: p * q}
        factored = f"{_binomial(a, p)}{_binomial(1, q)}"
        why = (f"Look for $({a}x + r)(x + s)$ with $rs = {p * q}$ and ${a}s + r = {a * q + p}$: $r = {p}$, $s = {q}$. "
               f"So the factored form is ${factored}$.")
    elif form == "common_number":
        k = rng.choice([2, 3, 5])
        coefficients = {2: k, 1: k * (p + q), 0: k * p * q}
        factored = f"{k}{_binomial(1, p)}{_binomial(1, q)}"
        why = (f"Take out the common factor ${k}$: ${k}({_poly_text({2: 1, 1: p + q, 0: p * q})})$. Then two numbers "
               f"with product ${p * q}$ and sum ${p + q}$ are ${p}$ and ${q}$: ${factored}$.")
    else:
        coefficients = {2: 1, 1: p + q, 0: p * q}
        factored = f"{_binomial(1, p)}{_binomial(1, q)}"
        why = (f"Two numbers with product ${p * q}$ and sum ${p + q}$ are ${p}$ and ${q}$, so the factored form is "
               f"${factored}$." if form != "squares" else
               f"It is a difference of squares: $x^2 - {p * p} = x^2 - {abs(p)}^2 = {factored}$.")
    expression = _poly_text(coefficients)
    return Problem(
        prompt=rng.choice([f"Factor ${expression}$.", f"Factor completely: ${expression}$.",
                           f"Write ${expression}$ as a product of factors."]),
        answer=factored, kind=AnswerKind.EXPRESSION, form=AnswerForm.FACTORED,
        hint="Look for a common factor first; for x² + bx + c find two numbers that multiply to c and add to b.",
        solution=why,
        params={"coefficients": coefficients},
    )


@generator("polynomial_factor_choice", "Polynomial Factors")
def polynomial_factor_choice(rng: random.Random) -> Problem:
    while True:
        r, s = rng.sample([k for k in range(-9, 10) if k != 0], 2)
        if r + s != 0:
            break
    expression = _poly_text({2: 1, 1: -(r + s), 0: r * s})
    if rng.random() < 0.5:
        right = f"${_lin((1, 'x'), (-r, ''))}$"
        candidates = [(1, r), (1, s), (1, r + s), (1, r * s), (1, -r * s)]
        wrong = [f"${_lin((1, 'x'), (c, ''))}$" for _one, c in candidates if c not in (-r, -s) and c != 0]
        prompt = rng.choice([f"Which is a factor of ${expression}$?",
                             f"Which binomial divides ${expression}$ with no remainder?"])
        why = f"${expression} = {_binomial(1, -r)}{_binomial(1, -s)}$, so {right} is a factor."
    else:
        right = f"${_binomial(1, -r)}{_binomial(1, -s)}$"
        wrong = [f"${_binomial(1, r)}{_binomial(1, s)}$", f"${_binomial(1, -r)}{_binomial(1, s)}$",
                 f"${_binomial(1, r)}{_binomial(1, -s)}$"]
        if r * s != -(r + s) and r * s != 0:
            wrong.append(f"${_binomial(1, r * s)}{_binomial(1, -(r + s))}$")
        prompt = f"Which product is equal to ${expression}$?"
        why = f"Two numbers with product ${r * s}$ and sum ${-(r + s)}$ are ${-r}$ and ${-s}$, so {right}."
    wrong = list(dict.fromkeys(w for w in wrong if w != right))
    choices = choices_with(right, wrong, rng)
    return Problem(
        prompt=prompt, answer=right, kind=AnswerKind.CHOICE, choices=choices,
        hint="Factor the trinomial, or multiply out each choice to check it.",
        solution=why,
        params={"coefficients": {2: 1, 1: -(r + s), 0: r * s}, "choices": list(choices)},
    )


# == Simplifying Expressions positive exponents ===========================================================
def _power(base: str, exponent: int) -> str:
    return base if exponent == 1 else f"{base}^{{{exponent}}}"


@generator("exponent_rules_single_power", "Simplifying Expressions positive exponents")
def exponent_rules_single_power(rng: random.Random) -> Problem:
    base = rng.choice(["x", "x", "x", str(rng.randint(2, 9))])
    form = rng.choice(["product", "product", "power", "quotient", "three", "power_product", "fraction_product"])
    while True:
        a, b, c = rng.randint(2, 9), rng.randint(2, 9), rng.randint(2, 7)
        if form == "product":
            text, result, rule = f"{_power(base, a)} \\cdot {_power(base, b)}", a + b, f"add the exponents: ${a} + {b}$"
        elif form == "power":
            a, b = rng.randint(2, 6), rng.randint(2, 4)
            text, result, rule = f"({_power(base, a)})^{{{b}}}", a * b, f"multiply the exponents: ${a} \\cdot {b}$"
        elif form == "quotient":
            a, b = max(a, b) + rng.randint(1, 6), min(a, b)
            text, result = f"\\frac{{{_power(base, a)}}}{{{_power(base, b)}}}", a - b
            rule = f"subtract the exponents: ${a} - {b}$"
        elif form == "three":
            a, b, c = rng.randint(1, 6), rng.randint(2, 6), rng.randint(2, 6)
            text, result = f"{_power(base, a)} \\cdot {_power(base, b)} \\cdot {_power(base, c)}", a + b + c
            rule = f"add the exponents: ${a} + {b} + {c}$"
        elif form == "power_product":
            a, b = rng.randint(2, 4), rng.randint(2, 4)
            text, result = f"({_power(base, a)})^{{{b}}} \\cdot {_power(base, c)}", a * b + c
            rule = f"multiply, then add the exponents: ${a} \\cdot {b} + {c}$"
        else:
            a, b = rng.randint(2, 8), rng.randint(2, 8)
            c = rng.randint(1, a + b - 1)
            text, result = f"\\frac{{{_power(base, a)} \\cdot {_power(base, b)}}}{{{_power(base, c)}}}", a + b - c
            rule = f"add, then subtract the exponents: ${a} + {b} - {c}$"
        if 2 <= result <= 20:
            break
    answer = _power(base, result)
    words, sum_shown = rule.split(": ")
    return Problem(
        prompt=rng.choice([f"Simplify ${text}$.", f"Write ${text}$ as a single power.",
                           f"Use the rules of exponents to simplify ${text}$."]),
        answer=answer, kind=AnswerKind.EXPRESSION, form=AnswerForm.POWER,
        hint="Same base: multiplying adds exponents, dividing subtracts them, a power of a power multiplies them.",
        solution=f"Keep the base and {words}: ${sum_shown.strip('$')} = {result}$. So ${text} = {answer}$.",
        params={"base": base, "expr": text},
    )


def _monomial(coefficient: int, powers: list[tuple[str, int]]) -> str:
    head = "" if coefficient == 1 else "-" if coefficient == -1 else str(coefficient)
    return head + "".join(_power(v, e) for v, e in powers if e)


@generator("exponent_rules_monomials_choice", "Simplifying Expressions positive exponents")
def exponent_rules_monomials_choice(rng: random.Random) -> Problem:
    u, v = rng.choice(_LETTER_PAIRS)
    form = rng.choice(["product", "power", "quotient"])
    if form == "product":
        c1, c2 = rng.randint(2, 9), rng.choice([2, 3, 4, 5, -2, -3])
        a, b, c, d = rng.randint(2, 6), rng.randint(1, 5), rng.randint(2, 6), rng.randint(1, 5)
        text = f"({_monomial(c1, [(u, a), (v, b)])})({_monomial(c2, [(u, c), (v, d)])})"
        right = _monomial(c1 * c2, [(u, a + c), (v, b + d)])
        wrong = [_monomial(c1 + c2, [(u, a + c), (v, b + d)]), _monomial(c1 * c2, [(u, a * c), (v, b * d)]),
                 _monomial(c1 + c2, [(u, a * c), (v, b * d)]), _monomial(c1 * c2, [(u, a + c), (v, max(b, d))]),
                 _monomial(c1 * c2, [(u, a * c), (v, b + d)])]
        rule = f"multiply the numbers (${c1} \\cdot {_paren(c2)} = {c1 * c2}$) and add the exponents of each letter"
    elif form == "power":
        k, a, b, n = rng.choice([2, 3, -2]), rng.randint(2, 5), rng.randint(1, 4), rng.choice([2, 3])
        text = f"({_monomial(k, [(u, a), (v, b)])})^{{{n}}}"
        right = _monomial(k ** n, [(u, a * n), (v, b * n)])
        wrong = [_monomial(k * n, [(u, a * n), (v, b * n)]), _monomial(k, [(u, a * n), (v, b * n)]),
                 _monomial(k ** n, [(u, a + n), (v, b + n)]), _monomial(k ** n, [(u, a * n), (v, b)])]
        rule = f"raise the number to the power (${_paren(k)}^{n} = {k ** n}$) and multiply each exponent by ${n}$"
    else:
        c2, q = rng.randint(2, 6), rng.randint(2, 6)
        c, d = rng.randint(1, 4), rng.randint(1, 3)
        a, b = c + rng.randint(1, 5), d + rng.randint(1, 4)
        text = f"\\frac{{{_monomial(c2 * q, [(u, a), (v, b)])}}}{{{_monomial(c2, [(u, c), (v, d)])}}}"
        right = _monomial(q, [(u, a - c), (v, b - d)])
        wrong = [_monomial(c2 * q - c2, [(u, a - c), (v, b - d)]), _monomial(q, [(u, a + c), (v, b + d)]),
                 _monomial(q, [(u, a - c), (v, b)]), _monomial(c2 * q - c2, [(u, a + c), (v, b + d)])]
        rule = f"divide the numbers (${c2 * q} \\div {c2} = {q}$) and subtract the exponents of each letter"
    answer = f"${right}$"
    wrong = list(dict.fromkeys(f"${w}$" for w in wrong if w != right and not w.startswith("0")))
    choices = choices_with(answer, wrong, rng)
    return Problem(
        prompt=f"Simplify ${text}$.", answer=answer, kind=AnswerKind.CHOICE, choices=choices,
        hint="Work with the numbers first, then each letter on its own.",
        solution=f"To simplify, {rule}: {answer}.",
        params={"expr": text, "choices": list(choices)},
    )


# == Parts of a polynomial ================================================================================
_POLY_LETTERS = ("x", "y", "a", "m", "n", "t")


@generator("polynomial_parts_number", "Parts of a Polyomial, Terms, Coefficient, Monomial, Exponent, Variable")
def polynomial_parts_number(rng: random.Random) -> Problem:
    var = rng.choice(_POLY_LETTERS)
    ask = rng.choice(["coefficient", "constant", "terms", "degree", "leading", "monomial_exponent",
                      "monomial_coefficient"])
    if ask.startswith("monomial"):
        c, e = _nonzero(rng, -12, 15), rng.randint(2, 9)
        term = _monomial(c, [(var, e)])
        answer = c if ask == "monomial_coefficient" else e
        what = "coefficient" if ask == "monomial_coefficient" else "exponent"
        return Problem(
            prompt=f"In the term ${term}$, what is the {what}?",
            answer=str(answer),
            hint="The coefficient is the number multiplying the variable; the exponent is the small raised number.",
            solution=f"${term}$ is ${c}$ times ${var}$ raised to the power ${e}$, so the {what} is ${answer}$.",
            params={"terms": [(c, e)], "ask": ask, "var": var},
        )
    count = rng.randint(3, 5)
    exponents = rng.sample(range(1, 7), count - 1) + [0] if ask == "constant" or rng.random() < 0.6 else \
        rng.sample(range(1, 7), count)
    terms = [(_nonzero(rng, -9, 9), e) for e in exponents]
    rng.shuffle(terms)
    if ask in ("degree", "leading") and max(terms, key=lambda t: t[1]) == terms[0]:
        terms = terms[1:] + terms[:1]
    text = linear_text([(c, "" if e == 0 else var if e == 1 else f"{var}^{e}") for c, e in terms])
    standard = linear_text([(c, "" if e == 0 else var if e == 1 else f"{var}^{e}") for c, e in
                            sorted(terms, key=lambda t: -t[1])])
    if ask == "coefficient":
        c, e = rng.choice([t for t in terms if t[1] >= 1])
        shown = var if e == 1 else f"{var}^{e}"
        prompt, answer = f"What is the coefficient of ${shown}$ in ${text}$?", c
        why = f"The term with ${shown}$ is ${_monomial(c, [(var, e)])}$, so the coefficient is ${c}$."
        params = {"terms": terms, "ask": ask, "power": e}
    elif ask == "constant":
        answer = next(c for c, e in terms if e == 0)
        prompt = f"What is the constant term of ${text}$?"
        why = f"The constant term is the term without ${var}$: ${answer}$."
        params = {"terms": terms, "ask": ask}
    elif ask == "terms":
        answer = len(terms)
        prompt = f"How many terms does the polynomial ${text}$ have?"
        why = f"The terms are separated by $+$ and $-$ signs: there are ${answer}$."
        params = {"terms": terms, "ask": ask}
    elif ask == "degree":
        answer = max(e for _c, e in terms)
        prompt = f"What is the degree of the polynomial ${text}$?"
        why = f"The highest exponent of ${var}$ is ${answer}$."
        params = {"terms": terms, "ask": ask}
    else:
        answer = max(terms, key=lambda t: t[1])[0]
        prompt = f"Write ${text}$ in standard form. What is its leading coefficient?"
        why = f"In standard form it is ${standard}$; the leading coefficient is ${answer}$."
        params = {"terms": terms, "ask": ask}
    return Problem(
        prompt=prompt, answer=str(answer),
        hint="Terms are separated by + and − signs; the degree is the highest exponent.",
        solution=why,
        params={**params, "var": var},
    )


def _polynomial_with(rng: random.Random, count: int) -> str:
    """A polynomial in two letters with `count` unlike terms, the first with a letter and a positive coefficient."""
    u, v = rng.choice(_LETTER_PAIRS)
    seen, terms = {(0, 0)}, []
    while len(terms) < count:
        eu, ev = rng.randint(0, 3), rng.randint(0, 2)
        if (eu, ev) in seen:
            if terms and (eu, ev) == (0, 0) and (0, 0) not in [t[2] for t in terms]:
                terms.append((_nonzero(rng, -9, 9), "", (0, 0)))
            continue
        seen.add((eu, ev))
        letters = (_power(u, eu) if eu else "") + (_power(v, ev) if ev else "")
        terms.append((rng.randint(1, 9) if not terms else _nonzero(rng, -9, 9), letters, (eu, ev)))
    return linear_text([(c, letters) for c, letters, _e in terms])


@generator("polynomial_vocabulary_choice", "Parts of a Polyomial, Terms, Coefficient, Monomial, Exponent, Variable")
def polynomial_vocabulary_choice(rng: random.Random) -> Problem:
    names = {1: "monomial", 2: "binomial", 3: "trinomial"}
    if rng.random() < 0.5:
        count = rng.randint(1, 3)
        text = _polynomial_with(rng, count)
        return Problem(
            prompt=rng.choice([f"Is ${text}$ a monomial, a binomial or a trinomial?",
                               f"How is the polynomial ${text}$ classified by its number of terms?"]),
            answer=names[count], kind=AnswerKind.CHOICE, choices=tuple(names.values()),
            hint="Count the terms: mono- means one, bi- two, tri- three.",
            solution=f"${text}$ has ${count}$ {plural(count, 'term')}, so it is a {names[count]}.",
            params={"expressions": [text], "ask": "classify"},
        )
    count = rng.randint(1, 3)
    options = {n: _polynomial_with(rng, n) for n in (1, 2, 3, 4)}
    answer = f"${options[count]}$"
    choices = choices_with(answer, [f"${options[n]}$" for n in (1, 2, 3, 4) if n != count], rng)
    return Problem(
        prompt=f"Which expression is a {names[count]}?",
        answer=answer, kind=AnswerKind.CHOICE, choices=choices,
        hint="Count the terms of each expression.",
        solution=f"{answer} has ${count}$ {plural(count, 'term')}, so it is a {names[count]}.",
        params={"choices": list(choices), "ask": names[count]},
    )


# == Quadratic Formula to Solve Quadratic Equation ========================================================
def _roots_text(r1: Fraction, r2: Fraction) -> str:
    return f"$x = {latex_fraction(r1)}$ or $x = {latex_fraction(r2)}$"


@generator("quadratic_formula_roots_choice", "Quadratic Formula to Solve Quadratic Equation")
def quadratic_formula_roots_choice(rng: random.Random) -> Problem:
    while True:
        a = rng.choice([1, 1, 2, 3])
        p, q = _nonzero(rng, -9, 9), _nonzero(rng, -8, 8)
        r1, r2 = Fraction(p, a), Fraction(q)
        b, c = -(p + a * q), p * q
        if r1 != r2 and b != 0:
            break
    equation = f"{_poly_text({2: a, 1: b, 0: c})} = 0"
    disc = b * b - 4 * a * c
    root = math.isqrt(disc)
    low, high = sorted([r1, r2])
    answer = _roots_text(low, high)
    wrong = [_roots_text(*sorted([-r1, -r2])), _roots_text(*sorted([-r1, r2])), _roots_text(*sorted([r1, -r2]))]
    choices = choices_with(answer, wrong, rng)
    return Problem(
        prompt=rng.choice([f"Use the quadratic formula to solve ${equation}$.", f"Solve ${equation}$.",
                           f"Which are the solutions of ${equation}$?"]),
        answer=answer, kind=AnswerKind.CHOICE, choices=choices,
        hint="x = (−b ± √(b² − 4ac)) ÷ 2a. Find a, b and c first.",
        solution=f"Here $a = {a}$, $b = {b}$, $c = {c}$, so $b^2 - 4ac = {disc}$ and $\\sqrt{{{disc}}} = {root}$. "
                 f"$x = \\frac{{{-b} \\pm {root}}}{{{2 * a}}}$ gives {answer}.",
        params={"a": a, "b": b, "c": c, "choices": list(choices)},
    )


def _sqrt_decimal(n: int) -> Decimal:
    with localcontext() as context:
        context.prec = 50
        return Decimal(n).sqrt()


@generator("quadratic_formula_decimal_root", "Quadratic Formula to Solve Quadratic Equation")
def quadratic_formula_decimal_root(rng: random.Random) -> Problem:
    while True:
        a, b, c = rng.choice([1, 1, 2, 3]), _nonzero(rng, -9, 9), _nonzero(rng, -9, 9)
        disc = b * b - 4 * a * c
        if disc > 0 and math.isqrt(disc) ** 2 != disc:
            break
    which = rng.choice(["larger", "smaller"])
    with localcontext() as context:
        context.prec = 50
        sign = 1 if which == "larger" else -1
        value = (Decimal(-b) + sign * _sqrt_decimal(disc)) / Decimal(2 * a)
    equation = f"{_poly_text({2: a, 1: b, 0: c})} = 0"
    answer = decimal_text(str(value), 2)
    return Problem(
        prompt=rng.choice([f"Use the quadratic formula to find the {which} solution of ${equation}$.",
                           f"The equation ${equation}$ has two solutions. What is the {which} one?"]),
        answer=answer, decimals=2,
        hint="x = (−b ± √(b² − 4ac)) ÷ 2a. The larger solution uses +, the smaller one uses −.",
        solution=f"$a = {a}$, $b = {b}$, $c = {c}$: $x = \\frac{{{-b} {'+' if sign > 0 else '-'} \\sqrt{{{disc}}}}}"
                 f"{{{2 * a}}} \\approx {answer}$.",
        params={"a": a, "b": b, "c": c, "which": which},
    )


@generator("quadratic_discriminant", "Quadratic Formula to Solve Quadratic Equation")
def quadratic_discriminant(rng: random.Random) -> Problem:
    a, b, c = rng.choice([1, 2, 3, -1, 4]), _nonzero(rng, -9, 9), _nonzero(rng, -9, 9)
    if rng.random() < 0.3:
        b = rng.choice([2, 4, 6, -2, -4, -6])
        c = Fraction(b * b, 4 * a)
        if c.denominator != 1:
            c = Fraction(_nonzero(rng, -9, 9))
        c = int(c)
    disc = b * b - 4 * a * c
    if rng.random() < 0.5:
        equation = f"{_poly_text({2: a, 1: b, 0: c})} = 0"
    else:
        equation = f"{_poly_text({2: a, 0: c})} = {_poly_text({1: -b})}"
    ask = rng.choice(["value", "count"])
    count = 2 if disc > 0 else 1 if disc == 0 else 0
    standard = f"{_poly_text({2: a, 1: b, 0: c})} = 0"
    work = (f"In standard form ${standard}$: $b^2 - 4ac = {_paren(b)}^2 - 4 \\cdot {_paren(a)} \\cdot {_paren(c)} "
            f"= {disc}$.")
    if ask == "value":
        return Problem(
            prompt=f"What is the value of the discriminant $b^2 - 4ac$ for ${equation}$?",
            answer=str(disc),
            hint="Write the equation as ax² + bx + c = 0 first.",
            solution=work,
            params={"equation": equation, "ask": ask},
        )
    return Problem(
        prompt=f"How many real solutions does ${equation}$ have?",
        answer=str(count),
        hint="Compute b² − 4ac: positive means two solutions, zero means one, negative means none.",
        solution=f"{work} It is {'positive' if disc > 0 else 'zero' if disc == 0 else 'negative'}, so there "
                 f"{('are no real solutions', 'is 1 real solution', 'are 2 real solutions')[count]}.",
        params={"equation": equation, "ask": ask},
    )
