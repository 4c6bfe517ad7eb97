"""Generators of data analysis and probability: tables, mean, median, mode and range, stem-and-leaf plots, dot
plots, histograms, circle graphs, Venn diagrams, scatter plots, box plots, counting and probability."""
from __future__ import annotations

import math
import random
from fractions import Fraction

from learners.exercises.figures import GRID, INK, MUTED, PALETTE, Svg, SvgChart
from learners.exercises.problem import (
    Problem, and_list, choices_with, decimal_text, fraction_text, generator, latex_fraction, latex_money, latex_number,
    plural, terminates,
)
from learners.exercises.words import NAMES
from learners.models import AnswerForm, AnswerKind

TIMES = " \\times "


# -- writing numbers -------------------------------------------------------------------------------------
def _plain(value) -> str:
    """A number in figure and alt text: 12, 3.5, 1,200."""
    text = decimal_text(Fraction(value))
    whole, dot, rest = text.partition(".")
    sign, digits = ("-", whole[1:]) if whole.startswith("-") else ("", whole)
    return f"{sign}{int(digits):,}{dot}{rest}"


def _data(values) -> str:
    return "$" + ", ".join(latex_number(v) for v in values) + "$"


def _mean_rule(value: Fraction, money: bool = False) -> tuple[str, int | None]:
    """A mean as an answer: exact where it has at most two decimal places, else to one decimal place (money: to
    the cent)."""
    if money:
        return decimal_text(value, 2), 2
    if (value * 100).denominator == 1:
        return decimal_text(value), None
    return decimal_text(value, 1), 1


# -- figures ----------------------------------------------------------------------------------------------
def _text_width(text: str, size: float = 14) -> float:
    return len(text) * size * 0.6


def table_svg(title: str, header: list[str], rows: list[list[str]], *, alt: str) -> str:
    """A data table with a title, a bold header row and ruled cells."""
    size, row_h = 14, 30
    widths = [max(_text_width(str(row[i]), size) for row in [header, *rows]) + 26 for i in range(len(header))]
    total = sum(widths)
    if total > 460:
        widths = [w * 460 / total for w in widths]
        total = 460
    width = int(max(total, _text_width(title, 15) * 1.05) + 20)
    left = (width - total) / 2
    top = 36
    height = top + row_h * (len(rows) + 1) + 12
    svg = Svg(width, height, alt=alt)
    svg.text(width / 2, 16, title, size=15, bold=True)
    svg.rect(left, top, total, row_h, fill="#eef2f7", color=INK, stroke_width=1)
    x = left
    for i, w in enumerate(widths):
        for r, row in enumerate([header, *rows]):
            y = top + r * row_h
            svg.rect(x, y, w, row_h, color=INK, stroke_width=1)
            svg.text(x + w / 2, y + row_h / 2, str(row[i]), size=size, bold=r == 0)
        x += w
    return svg.render()


def histogram_svg(labels: list[str], counts: list[int], *, x_title: str, y_title: str, alt: str) -> str:
    """Adjacent bars over intervals, with a grid line at every whole count."""
    width, height = 470, 340
    left, right, top, bottom = 62, 455, 44, 282
    ymax = max(counts) + (2 if max(counts) % 2 == 0 else 1)
    label_every = 1 if ymax <= 12 else 2
    unit = (bottom - top) / ymax
    svg = Svg(width, height, alt=alt)
    for k in range(ymax + 1):
        y = bottom - k * unit
        svg.line(left, y, right, y, color=GRID, width=1)
        if k % label_every == 0:
            svg.text(left - 8, y, str(k), size=12, color=MUTED, anchor="end")
    bar = (right - left) / len(counts)
    for i, (label, count) in enumerate(zip(labels, counts)):
        x = left + i * bar
        svg.rect(x, bottom - count * unit, bar, count * unit, fill=PALETTE[0], color=INK, stroke_width=1.5,
                 opacity=0.75)
        svg.text(x + bar / 2, bottom + 14, label, size=12 if len(labels) <= 6 else 11)
    svg.line(left, bottom, right, bottom, width=1.5)
    svg.line(left, bottom, left, top - 6, width=1.5)
    svg.text(12, 18, y_title, size=13, anchor="start", bold=True)
    svg.text((left + right) / 2, height - 20, x_title, size=13, bold=True)
    return svg.render()


def stem_leaf_svg(rows: list[tuple[int, list[int]]], key: str, *, alt: str) -> str:
    """A stem-and-leaf plot: stems on the left of a rule, sorted leaves on the right, and its key."""
    most = max((len(leaves) for _, leaves in rows), default=1)
    width = int(max(280, 100 + most * 22 + 20, _text_width(key, 13) + 30))
    row_h = 28
    height = 56 + len(rows) * row_h + 44
    svg = Svg(width, height, alt=alt)
    rule = 74
    svg.text(rule - 12, 22, "Stem", size=14, anchor="end", bold=True)
    svg.text(rule + 14, 22, "Leaf", size=14, anchor="start", bold=True)
    svg.line(14, 38, width - 14, 38, width=1.5)
    svg.line(rule, 10, rule, 44 + len(rows) * row_h, width=1.5)
    for i, (stem, leaves) in enumerate(rows):
        y = 54 + i * row_h
        svg.text(rule - 12, y, str(stem), size=15, anchor="end")
        for j, leaf in enumerate(leaves):
            svg.text(rule + 20 + j * 22, y, str(leaf), size=15)
    svg.text(16, height - 20, key, size=13, anchor="start", color=MUTED)
    return svg.render()


def dot_plot_svg(lo: int, hi: int, counts: dict[int, int], *, title: str, alt: str) -> str:
    """A dot plot: a number line from lo to hi with a stack of dots over each value."""
    width = 460
    most = max(counts.values())
    axis_y = 40 + most * 20 + 16
    height = axis_y + 58
    left, right = 40, 420
    gap = (right - left) / (hi - lo)
    svg = Svg(width, height, alt=alt)
    svg.line(left - 16, axis_y, right + 16, axis_y, width=1.5)
    for v in range(lo, hi + 1):
        x = left + (v - lo) * gap
        svg.line(x, axis_y - 5, x, axis_y + 5, width=1.5)
        svg.text(x, axis_y + 18, _plain(v), size=13)
        for k in range(counts.get(v, 0)):
            svg.dot(x, axis_y - 16 - k * 20, color=PALETTE[0], r=7)
    svg.text(width / 2, height - 14, title, size=13, bold=True)
    return svg.render()


def pie_svg(labels: list[str], texts: list[str], shares: list[Fraction], *, title: str, alt: str) -> str:
    """A circle graph: sectors from the top, clockwise, with a legend of labels and their values."""
    width, height = 480, 320
    cx, cy, r = 150, 170, 125
    svg = Svg(width, height, alt=alt)
    svg.text(width / 2, 18, title, size=14, bold=True)
    start = Fraction(0)
    for i, share in enumerate(shares):
        a0, a1 = float(start) * 2 * math.pi, float(start + share) * 2 * math.pi
        x0, y0 = cx + r * math.sin(a0), cy - r * math.cos(a0)
        x1, y1 = cx + r * math.sin(a1), cy - r * math.cos(a1)
        large = 1 if share > Fraction(1, 2) else 0
        color = PALETTE[i]
        svg.path(f"M {cx} {cy} L {x0:.2f} {y0:.2f} A {r} {r} 0 {large} 1 {x1:.2f} {y1:.2f} Z", fill=color,
                 color="#ffffff", width=2, opacity=0.85)
        mid = (a0 + a1) / 2
        if share >= Fraction(1, 10):
            svg.text(cx + 0.62 * r * math.sin(mid), cy - 0.62 * r * math.cos(mid), texts[i], size=14, bold=True,
                     color="#ffffff" if i in (0, 5, 7) else INK)
        start += share
    for i, (label, text) in enumerate(zip(labels, texts)):
        y = 80 + i * 34
        svg.rect(300, y - 9, 18, 18, fill=PALETTE[i], color=INK, stroke_width=1)
        svg.text(326, y, f"{label}: {text}", size=14, anchor="start")
    return svg.render()


VENN_COLORS = (PALETTE[0], PALETTE[1], PALETTE[2])


def venn2_svg(names: tuple[str, str], regions: dict[str, str], *, alt: str) -> str:
    """Two overlapping circles in a rectangle; regions: 'a' (only A), 'ab', 'b' (only B), 'n' (neither)."""
    svg = Svg(460, 300, alt=alt)
    svg.rect(10, 10, 440, 280, color=INK, stroke_width=1.5)
    for (cx, color) in ((175, VENN_COLORS[0]), (285, VENN_COLORS[1])):
        svg.circle(cx, 160, 100, fill=color, color=color, width=2.5, opacity=0.15)
    svg.text(120, 36, names[0], size=15, bold=True, color=VENN_COLORS[0])
    svg.text(340, 36, names[1], size=15, bold=True, color="#9a6a00")
    spots = {"a": (125, 160), "ab": (230, 160), "b": (335, 160), "n": (420, 268)}
    for key, label in regions.items():
        svg.text(*spots[key], label, size=18, bold=True)
    return svg.render()


def venn3_svg(names: tuple[str, str, str], regions: dict[str, str], *, alt: str) -> str:
    """Three overlapping circles; regions keyed by the sets they are in: 'a', 'ab', 'abc', 'c', ..., 'n'."""
    svg = Svg(470, 340, alt=alt)
    svg.rect(10, 10, 450, 320, color=INK, stroke_width=1.5)
    centres = ((180, 130), (280, 130), (230, 215))
    for (cx, cy), color in zip(centres, VENN_COLORS):
        svg.circle(cx, cy, 85, fill=color, color=color, width=2.5, opacity=0.15)
    svg.text(92, 36, names[0], size=15, bold=True, color=VENN_COLORS[0])
    svg.text(368, 36, names[1], size=15, bold=True, color="#9a6a00")
    svg.text(350, 300, names[2], size=15, bold=True, color=VENN_COLORS[2])
    spots = {"a": (145, 110), "b": (315, 110), "c": (230, 262), "ab": (230, 100), "ac": (188, 192),
             "bc": (272, 192), "abc": (230, 160), "n": (430, 310)}
    for key, label in regions.items():
        svg.text(*spots[key], label, size=16, bold=True)
    return svg.render()


def scatter_svg(points: list[tuple[int, int]], *, x_axis: tuple[int, int, int], y_axis: tuple[int, int, int],
                x_title: str, y_title: str, alt: str, line: tuple[Fraction, Fraction] | None = None) -> str:
    """A scatter plot on a first-quadrant grid: axes (lo, hi, step), titles, points and an optional trend
    line y = slope x + intercept (slope, intercept), clipped to the grid."""
    chart = SvgChart(470, 360, x_axis=x_axis, y_axis=y_axis, x_title=x_title, y_title=y_title, alt=alt, left=62,
                  right=450, top=40, bottom=296)
    if line is not None:
        chart.line(*line, color=PALETTE[5])
    for x, y in points:
        chart.dot(x, y, color=PALETTE[0], r=5)
    return chart.render()


def box_plot_svg(boxes: list[tuple[str, tuple[int, ...]]], lo: int, step: int, *, title: str, alt: str) -> str:
    """Box plots over one number line from lo to lo + 20 steps (a tick at every step, a number at every other);
    each box is (label, (minimum, lower quartile, median, upper quartile, maximum))."""
    labelled = any(label for label, _ in boxes)
    widest = max((_text_width(label, 14) for label, _ in boxes), default=0)
    left, right = (max(96, 30 + widest) if labelled else 36), 440
    unit = (right - left) / 20
    axis_y = 40 + 70 * len(boxes)
    height = axis_y + 70
    svg = Svg(470, height, alt=alt)

    def px(v):
        return left + (v - lo) / step * unit

    for i, (label, (mn, q1, med, q3, mx)) in enumerate(boxes):
        cy = 50 + 70 * i
        color = PALETTE[i]
        svg.line(px(mn), cy, px(q1), cy, width=2)
        svg.line(px(q3), cy, px(mx), cy, width=2)
        for v in (mn, mx):
            svg.line(px(v), cy - 12, px(v), cy + 12, width=2)
        svg.rect(px(q1), cy - 22, px(q3) - px(q1), 44, fill=color, color=INK, stroke_width=2, opacity=0.25)
        svg.line(px(med), cy - 22, px(med), cy + 22, width=3)
        if label:
            svg.text(14, cy, label, size=14, anchor="start", bold=True)
    svg.line(left - 10, axis_y, right + 10, axis_y, width=1.5)
    for k in range(21):
        x = left + k * unit
        svg.line(x, axis_y - (6 if k % 2 == 0 else 4), x, axis_y + (6 if k % 2 == 0 else 4), width=1.5)
        if k % 2 == 0:
            svg.text(x, axis_y + 18, _plain(lo + k * step), size=12)
    svg.text((left + right) / 2, height - 16, title, size=13, bold=True)
    return svg.render()


# == Table ====================================================================================================
TWO_WAY = (
    {"title": "Favourite sport by grade", "corner": "Grade", "rows": ("Grade 6", "Grade 7", "Grade 8"),
     "cols": ("Soccer", "Basketball", "Swimming"), "what": "students' favourite sports by grade",
     "cell": lambda r, c: f"students in {r} chose {c.lower()}",
     "row": lambda r: f"students in {r} were surveyed", "col": lambda c: f"students in all chose {c.lower()}",
     "diff": lambda r, c1, c2: f"How many more students in {r} chose {c1.lower()} than {c2.lower()}?",
     "total": "students were surveyed in all"},
    {"title": "Smoothies sold", "corner": "Day", "rows": ("Monday", "Tuesday", "Wednesday", "Thursday"),
     "cols": ("Small", "Medium", "Large"), "what": "the smoothies a café sold, by day and by size",
     "cell": lambda r, c: f"{c.lower()} smoothies were sold on {r}",
     "row": lambda r: f"smoothies were sold on {r}", "col": lambda c: f"{c.lower()} smoothies were sold in all",
     "diff": lambda r, c1, c2: f"How many more {c1.lower()} smoothies than {c2.lower()} smoothies were sold on {r}?",
     "total": "smoothies were sold in all"},
    {"title": "Library books borrowed", "corner": "Kind", "rows": ("Fiction", "Mystery", "Science", "History"),
     "cols": ("June", "July", "August"), "what": "the books borrowed from a library, by kind and by month",
     "cell": lambda r, c: f"{r.lower()} books were borrowed in {c}",
     "row": lambda r: f"{r.lower()} books were borrowed over the three months",
     "col": lambda c: f"books were borrowed in {c}",
     "diff": lambda r, c1, c2: f"How many more {r.lower()} books were borrowed in {c1} than in {c2}?",
     "total": "books were borrowed in all"},
    {"title": "Tickets sold for the school play", "corner": "Ticket", "rows": ("Adult", "Student", "Child"),
     "cols": ("Friday", "Saturday", "Sunday"), "what": "the tickets sold for a school play",
     "cell": lambda r, c: f"{r.lower()} tickets were sold on {c}",
     "row": lambda r: f"{r.lower()} tickets were sold over the three days",
     "col": lambda c: f"tickets were sold on {c}",
     "diff": lambda r, c1, c2: f"How many more {r.lower()} tickets were sold on {c1} than on {c2}?",
     "total": "tickets were sold in all"},
)


def _table_alt(title: str, corner: str, cols, rows, cells) -> str:
    lines = [f"Table titled {title}, with columns {corner}, {', '.join(cols)}."]
    for r, row in zip(rows, cells):
        lines.append(f"{r}: " + ", ".join(f"{c} {_plain(v)}" for c, v in zip(cols, row)) + ".")
    return " ".join(lines)


@generator("table_two_way_counts", "Table")
def table_two_way_counts(rng: random.Random) -> Problem:
    ci = rng.randrange(len(TWO_WAY))
    ctx = TWO_WAY[ci]
    rows, cols = ctx["rows"], ctx["cols"]
    while True:
        cells = [[rng.randint(3, 36) for _ in cols] for _ in rows]
        if all(len(set(row)) == len(row) for row in cells):
            break
    question = rng.choice(("cell", "row", "col", "diff", "total"))
    r, c = rng.randrange(len(rows)), rng.randrange(len(cols))
    c2 = (c + rng.randint(1, len(cols) - 1)) % len(cols)
    if cells[r][c] < cells[r][c2]:
        c, c2 = c2, c
    if question == "cell":
        ask, answer = f"How many {ctx['cell'](rows[r], cols[c])}?", cells[r][c]
        how = f"Read the cell in row {rows[r]} and column {cols[c]}: ${answer}$."
    elif question == "row":
        ask, answer = f"How many {ctx['row'](rows[r])}?", sum(cells[r])
        how = f"Add across the row {rows[r]}: ${' + '.join(map(str, cells[r]))} = {answer}$."
    elif question == "col":
        column = [row[c] for row in cells]
        ask, answer = f"How many {ctx['col'](cols[c])}?", sum(column)
        how = f"Add down the column {cols[c]}: ${' + '.join(map(str, column))} = {answer}$."
    elif question == "diff":
        ask, answer = ctx["diff"](rows[r], cols[c], cols[c2]), cells[r][c] - cells[r][c2]
        how = f"Subtract the two cells of row {rows[r]}: ${cells[r][c]} - {cells[r][c2]} = {answer}$."
    else:
        ask, answer = f"How many {ctx['total']}?", sum(map(sum, cells))
        how = "Add every row total: $" + " + ".join(str(sum(row)) for row in cells) + f" = {answer}$."
    alt = _table_alt(ctx["title"], ctx["corner"], cols, rows, cells)
    return Problem(
        prompt=f"The table shows {ctx['what']}. {ask}",
        answer=str(answer),
        hint="Find the row and the column the question is about; add or subtract those cells.",
        solution=how,
        figure=table_svg(ctx["title"], [ctx["corner"], *cols], [[rw, *map(str, row)] for rw, row in zip(rows, cells)],
                         alt=alt),
        figure_alt=alt,
        params={"rows": list(rows), "cols": list(cols), "cells": cells, "question": question, "r": r, "c": c,
                "c2": c2},
    )


PRICE_LISTS = (
    # (title, place, items as (name, plural, lowest price, highest price) in cents)
    ("School store", "the school store", (("Notebook", "notebooks", 125, 325), ("Pen", "pens", 45, 125),
                                          ("Eraser", "erasers", 25, 95), ("Ruler", "rulers", 85, 199),
                                          ("Folder", "folders", 35, 110))),
    ("Snack bar", "the snack bar", (("Sandwich", "sandwiches", 350, 625), ("Juice box", "juice boxes", 125, 245),
                                    ("Apple", "apples", 45, 95), ("Muffin", "muffins", 150, 295),
                                    ("Yogurt cup", "yogurt cups", 95, 185))),
    ("Craft shop", "the craft shop", (("Paint set", "paint sets", 650, 1295), ("Brush", "brushes", 115, 295),
                                      ("Glue stick", "glue sticks", 65, 145), ("Sketchbook", "sketchbooks", 395, 795),
                                      ("Marker pack", "marker packs", 275, 545))),
)


def _dollars(cents: int) -> str:
    """Cents as dollars inside $...$, the cents always shown: \\$4.05, \\$5.00."""
    return latex_money(Fraction(cents, 100), cents=True)


@generator("table_price_list_cost", "Table")
def table_price_list_cost(rng: random.Random) -> Problem:
    title, place, items = rng.choice(PRICE_LISTS)
    chosen = rng.sample(items, 4)
    while True:
        prices = [rng.randrange(lo, hi + 1, 5) for _, _, lo, hi in chosen]
        if len(set(prices)) == len(prices):
            break
    names = [name for name, _, _, _ in chosen]
    plurals = [plural for _, plural, _, _ in chosen]
    who = rng.choice(NAMES)
    question = rng.choice(("buy", "buy", "change", "diff"))
    i, j = rng.sample(range(4), 2)
    a, b = rng.randint(2, 5), rng.randint(1, 4)
    if question == "buy":
        cents = a * prices[i] + b * prices[j]
        second = names[j].lower() if b == 1 else plurals[j]
        ask = f"{who} buys {a} {plurals[i]} and {b} {second}. How much does {who} spend?"
        how = f"${a} \\times {_dollars(prices[i])} + {b} \\times {_dollars(prices[j])} = {_dollars(cents)}$."
    elif question == "change":
        cost = a * prices[i]
        b = (cost // 500 + 1) * 500
        cents = b - cost
        ask = f"{who} buys {a} {plurals[i]} and pays with ${_dollars(b)}$. How much change does {who} get?"
        how = (f"The cost is ${a} \\times {_dollars(prices[i])} = {_dollars(cost)}$; the change is "
               f"${_dollars(b)} - {_dollars(cost)} = {_dollars(cents)}$.")
    else:
        if prices[i] < prices[j]:
            i, j = j, i
        cents = prices[i] - prices[j]
        ask = f"How much more does one {names[i].lower()} cost than one {names[j].lower()}?"
        how = f"${_dollars(prices[i])} - {_dollars(prices[j])} = {_dollars(cents)}$."
    shown = [f"${p // 100}.{p % 100:02d}" for p in prices]  # as the price list in the figure writes them
    alt = f"Table titled {title} prices, with columns Item and Price. " + " ".join(
        f"{n}: {p}." for n, p in zip(names, shown))
    return Problem(
        prompt=f"The table shows prices at {place}. {ask}",
        answer=decimal_text(Fraction(cents, 100), 2),
        decimals=2,
        unit="$",
        hint="Read the price of each item from the table, multiply by how many are bought, and add.",
        solution=how,
        figure=table_svg(f"{title} prices", ["Item", "Price"],
                         [[n, p] for n, p in zip(names, shown)], alt=alt),
        figure_alt=alt,
        params={"prices": prices, "question": question, "i": i, "j": j, "a": a, "b": b},
    )


# == lists of data: mean, median, mode, range ================================================================
LIST_CONTEXTS = (
    # (what the data are, the quantity, unit, low, high)
    ("the scores {name} got on {n} quizzes", "score", "", 55, 100),
    ("the heights, in centimetres, of {n} sunflower plants", "height", "cm", 120, 195),
    ("the number of minutes {name} spent reading on each of {n} days", "time", "min", 10, 65),
    ("the points {name} scored in each of {n} basketball games", "number of points", "", 4, 32),
    ("the prices, in dollars, of {n} video games in a sale", "price", "$", 15, 60),
    ("the daily high temperatures, in degrees Fahrenheit, on {n} days", "temperature", "°", 41, 88),
    ("the number of push-ups each of {n} students did in one minute", "number of push-ups", "", 8, 45),
    ("the masses, in grams, of {n} apples", "mass", "g", 140, 225),
    ("the number of pages {name} read on each of {n} days", "number of pages", "", 12, 60),
)


def _list_context(rng: random.Random, n: int) -> tuple[str, str, str, int, int]:
    what, noun, unit, lo, hi = rng.choice(LIST_CONTEXTS)
    return what.format(name=rng.choice(NAMES), n=n), noun, unit, lo, hi


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


@generator("median_of_list", "Median")
def median_of_list(rng: random.Random) -> Problem:
    n = rng.randint(5, 10)
    what, noun, unit, lo, hi = _list_context(rng, n)
    values = [rng.randint(lo, hi) for _ in range(n)]
    ordered = sorted(values)
    if n % 2:
        median = Fraction(ordered[n // 2])
        how = f"the median is the middle value, value number ${n // 2 + 1}$: ${latex_number(median)}$"
    else:
        a, b = ordered[n // 2 - 1], ordered[n // 2]
        median = Fraction(a + b, 2)
        how = f"the median is the mean of the two middle values: $\\frac{{{a} + {b}}}{{2}} = {latex_number(median)}$"
    bare = rng.random() < 0.25
    prompt = (f"What is the median of the data set {_data(values)}?" if bare else
              f"{_cap(what)}: {_data(values)}. What is the median {noun}?")
    return Problem(
        prompt=prompt,
        answer=decimal_text(median, 2 if unit == "$" and not bare else None),
        decimals=2 if unit == "$" and not bare else None,
        unit="" if bare else unit,
        hint="Put the values in order first; the median is the middle one (or the mean of the middle two).",
        solution=f"In order: {_data(ordered)}. There are ${n}$ values, so {how}.",
        params={"values": values},
    )


FREQUENCY_CONTEXTS = (
    # (column label, who is counted, what the table shows, the quantity, the least value, the table's title)
    ("Number of pets", "students", "the number of pets each student in a class has", "number of pets", 0,
     "Pets per student"),
    ("Goals scored", "games", "the number of goals a team scored in each game of a season", "number of goals", 0,
     "Goals per game"),
    ("Books read", "students", "how many books each student read over the summer", "number of books", 1,
     "Summer reading"),
    ("Siblings", "students", "how many brothers and sisters each student has", "number of siblings", 0,
     "Siblings per student"),
    ("Quiz score", "students", "the scores of a class on a 10-point quiz", "score", 4, "Quiz scores"),
)


def _frequency_table(rng: random.Random):
    label, who, what, noun, start, title = rng.choice(FREQUENCY_CONTEXTS)
    k = rng.randint(4, 6)
    values = list(range(start, start + k))
    counts = [rng.randint(1, 9) for _ in values]
    return label, who, what, noun, values, counts, title


def _group_at(counts: list[int], position: int) -> int:
    """Which group holds the data value at a 1-based position when the groups of `counts` values are put one after
    another in order (the running total of the counts first reaches the position there)."""
    running = 0
    for index, count in enumerate(counts):
        running += count
        if running >= position:
            return index
    raise ValueError(f"no value at position {position}")


def _frequency_figure(label: str, who: str, values, counts, title: str) -> tuple[str, str]:
    head = f"Number of {who}"
    alt = f"Frequency table titled {title}, with columns {label} and {head}. " + " ".join(
        f"{_plain(v)}: {c}." for v, c in zip(values, counts))
    return table_svg(title, [label, head], [[_plain(v), str(c)] for v, c in zip(values, counts)], alt=alt), alt


@generator("median_frequency_table", "Median")
def median_frequency_table(rng: random.Random) -> Problem:
    label, who, what, noun, values, counts, title = _frequency_table(rng)
    n = sum(counts)
    positions = [(n + 1) // 2, n // 2 + 1]

    a, b = (values[_group_at(counts, position)] for position in positions)
    median = Fraction(a + b, 2)
    if n % 2:
        how = f"The median is the value in position ${(n + 1) // 2}$, which is ${latex_number(median)}$."
    else:
        how = (f"The median is the mean of the values in positions ${n // 2}$ and ${n // 2 + 1}$: "
               f"$\\frac{{{a} + {b}}}{{2}} = {latex_number(median)}$.")
    figure, alt = _frequency_figure(label, who, values, counts, title)
    return Problem(
        prompt=f"The frequency table shows {what}. What is the median {noun}?",
        answer=decimal_text(median),
        hint="Add the counts to find how many data values there are, then count up to the middle position.",
        solution=f"There are ${' + '.join(map(str, counts))} = {n}$ {who}. " + how,
        figure=figure,
        figure_alt=alt,
        params={"values": values, "counts": counts},
    )


@generator("median_after_new_value", "Median")
def median_after_new_value(rng: random.Random) -> Problem:
    n = rng.choice((5, 6, 7, 8, 9))
    what, noun, unit, lo, hi = _list_context(rng, n)
    while unit == "$":
        what, noun, unit, lo, hi = _list_context(rng, n)
    values = [rng.randint(lo, hi) for _ in range(n)]
    new = rng.choice((rng.randint(lo, hi), rng.randint(hi, hi + 15), rng.randint(max(0, lo - 15), lo)))
    ordered = sorted(values + [new])
    m = n + 1
    if m % 2:
        median = Fraction(ordered[m // 2])
        how = f"the middle value is ${latex_number(median)}$"
    else:
        a, b = ordered[m // 2 - 1], ordered[m // 2]
        median = Fraction(a + b, 2)
        how = f"the median is $\\frac{{{a} + {b}}}{{2}} = {latex_number(median)}$"
    return Problem(
        prompt=f"{_cap(what)}: {_data(values)}. One more value, ${new}$, is added to the data. "
               f"What is the median {noun} of all ${m}$ values?",
        answer=decimal_text(median),
        unit=unit,
        hint="Include the new value, put all the values in order and find the middle.",
        solution=f"In order: {_data(ordered)}. With ${m}$ values, {how}.",
        params={"values": values, "new": new},
    )


@generator("mode_of_list", "Mode")
def mode_of_list(rng: random.Random) -> Problem:
    context = rng.choice(("shoes", "goals", "siblings", "scores", "bare", "heights"))
    if context == "shoes":
        pool = [Fraction(k, 2) for k in range(10, 21)]
        lead = "The shoe sizes of the players on a team are"
        ask, unit = "What is the mode of the shoe sizes?", ""
    elif context == "goals":
        pool = [Fraction(k) for k in range(0, 7)]
        lead = f"The numbers of goals {rng.choice(NAMES)}'s team scored in its games are"
        ask, unit = "What is the mode of the numbers of goals?", ""
    elif context == "siblings":
        pool = [Fraction(k) for k in range(0, 6)]
        lead = "Students in a club said how many siblings they have:"
        ask, unit = "What is the mode of the data?", ""
    elif context == "scores":
        pool = [Fraction(k) for k in range(60, 101, 5)]
        lead = "The scores on a science test were"
        ask, unit = "What is the modal score (the mode)?", ""
    elif context == "heights":
        pool = [Fraction(k) for k in range(140, 171)]
        lead = "The heights, in centimetres, of some students are"
        ask, unit = "What is the mode of the heights?", "cm"
    else:
        pool = [Fraction(k) for k in range(-9, 30)]
        lead = "Here is a data set:"
        ask, unit = "What is its mode?", ""
    kinds = rng.randint(4, min(7, len(pool)))
    chosen = rng.sample(pool, kinds)
    mode = chosen[0]
    top = rng.randint(2, 4)
    values = [mode] * top
    for v in chosen[1:]:
        values += [v] * rng.randint(1, top - 1)
    rng.shuffle(values)
    tally = ", ".join(f"${latex_number(v)}$ ({values.count(v)} {plural(values.count(v), 'time')})"
                      for v in sorted(set(values)))
    return Problem(
        prompt=f"{lead} {_data(values)}. {ask}",
        answer=decimal_text(mode),
        unit=unit,
        hint="The mode is the value that appears most often.",
        solution=f"Counting each value: {tally}. The mode is ${latex_number(mode)}$.",
        params={"values": [str(v) for v in values]},
    )


DOT_CONTEXTS = (
    ("Number of hours of sleep", "how many hours each student in a class slept last night", 5, "hours of sleep", "h"),
    ("Number of siblings", "how many siblings each student in a club has", 0, "number of siblings", ""),
    ("Number of pets", "how many pets each student in a class has", 0, "number of pets", ""),
    ("Shots made out of 10", "how many of 10 free throws each player on a team made", 2, "number of shots made", ""),
    ("Hours of homework per week", "how many hours of homework each student did last week", 3,
     "number of hours of homework", "h"),
)


@generator("mode_dot_plot", "Mode")
def mode_dot_plot(rng: random.Random) -> Problem:
    title, what, start, noun, unit = rng.choice(DOT_CONTEXTS)
    lo = start + rng.randint(0, 2)
    hi = lo + rng.randint(5, 8)
    values = list(range(lo, hi + 1))
    mode = rng.choice(values)
    top = rng.randint(4, 7)
    counts = {v: (top if v == mode else rng.randint(0, top - 1)) for v in values}
    alt = f"Dot plot titled {title}, on a number line from {lo} to {hi}. Dots above each value: " + ", ".join(
        f"{v}: {counts[v]}" for v in values) + "."
    question = rng.choice(("mode", "mode", "count"))
    if question == "mode":
        ask, answer, ans_unit = "What is the mode of the data?", mode, unit
        how = f"The tallest stack of dots is over ${mode}$ ({top} dots), so the mode is ${mode}$."
    else:
        ask, answer, ans_unit = "How many data values are shown in the dot plot?", sum(counts.values()), ""
        how = f"Add the dots in every stack: ${' + '.join(str(counts[v]) for v in values if counts[v])} = {answer}$."
    return Problem(
        prompt=f"The dot plot shows {what}. {ask}",
        answer=str(answer),
        unit=ans_unit,
        hint="Each dot is one data value.",
        solution=how,
        figure=dot_plot_svg(lo, hi, counts, title=title, alt=alt),
        figure_alt=alt,
        params={"counts": {str(v): c for v, c in counts.items()}, "question": question},
    )


@generator("mean_of_list", "Mean")
def mean_of_list(rng: random.Random) -> Problem:
    n = rng.randint(3, 8)
    what, noun, unit, lo, hi = _list_context(rng, n)
    bare = rng.random() < 0.2
    if bare:
        values = [rng.randint(-12, 40) for _ in range(n)]
        unit = ""
        prompt = f"What is the mean of {_data(values)}?"
    else:
        values = [rng.randint(lo, hi) for _ in range(n)]
        prompt = f"{_cap(what)}: {_data(values)}. What is the mean {noun}?"
    total = sum(values)
    mean = Fraction(total, n)
    answer, decimals = _mean_rule(mean, money=unit == "$")
    return Problem(
        prompt=prompt,
        answer=answer,
        decimals=decimals,
        unit=unit,
        hint="Add all the values and divide by how many there are.",
        solution=f"The sum is ${' + '.join(map(str, values)).replace('+ -', '- ')} = {total}$; there are ${n}$ "
                 f"values, so the mean is $\\frac{{{total}}}{{{n}}} = "
                 f"{answer}$" + (" (rounded)." if decimals is not None and mean != Fraction(answer) else "."),
        params={"values": values},
    )


MISSING_MEAN = (
    ("{name}'s scores on the first {k} tests were {data}. What score does {name} need on the next test to have "
     "a mean score of {target} over all {n} tests?", "", 60, 98),
    ("{name} saved {data} dollars in the first {k} weeks. How many dollars must {name} save in week {n} to "
     "have saved a mean of {target} dollars a week?", "$", 5, 30),
    ("{name} read for {data} minutes on the first {k} days of a reading challenge. How many minutes must "
     "{name} read on day {n} so that the mean is {target} minutes a day?", "min", 15, 60),
    ("A bowler scored {data} in the first {k} games. What score in game {n} makes the mean score {target}?",
     "", 90, 180),
)


@generator("mean_missing_value", "Mean")
def mean_missing_value(rng: random.Random) -> Problem:
    template, unit, lo, hi = rng.choice(MISSING_MEAN)
    n = rng.randint(4, 6)
    while True:
        values = [rng.randint(lo, hi) for _ in range(n - 1)]
        target = rng.randint(lo + 3, hi - 3)
        missing = target * n - sum(values)
        if lo <= missing <= hi and missing not in values:
            break
    name = rng.choice(NAMES)
    data = and_list(f"${v}$" for v in values)
    prompt = template.format(name=name, k=n - 1, n=n, data=data, target=f"${target}$")
    return Problem(
        prompt=prompt,
        answer=str(missing) if unit != "$" else decimal_text(missing, 2),
        decimals=2 if unit == "$" else None,
        unit=unit,
        hint="A mean of m over n values means the values add up to m × n.",
        solution=f"All ${n}$ values must add up to ${target} \\times {n} = {target * n}$. The first ${n - 1}$ add up "
                 f"to ${sum(values)}$, so the last one is ${target * n} - {sum(values)} = {missing}$.",
        params={"values": values, "target": target},
    )


@generator("mean_frequency_table", "Mean")
def mean_frequency_table(rng: random.Random) -> Problem:
    label, who, what, noun, values, counts, title = _frequency_table(rng)
    n = sum(counts)
    total = sum(v * c for v, c in zip(values, counts))
    mean = Fraction(total, n)
    answer, decimals = _mean_rule(mean)
    figure, alt = _frequency_figure(label, who, values, counts, title)
    products = " + ".join(f"{v} \\times {c}" for v, c in zip(values, counts))
    return Problem(
        prompt=f"The frequency table shows {what}. What is the mean {noun}?",
        answer=answer,
        decimals=decimals,
        hint="Multiply each value by how often it occurs, add the products, and divide by the number of "
             f"{who}.",
        solution=f"The sum of the data is ${products} = {total}$ and there are ${n}$ {who}, so the mean is "
                 f"$\\frac{{{total}}}{{{n}}} = {answer}$" + (" (rounded)." if decimals is not None else "."),
        figure=figure,
        figure_alt=alt,
        params={"values": values, "counts": counts},
    )


RANGE_CONTEXTS = (
    ("The low temperatures, in degrees Fahrenheit, in a town during one week were", "°", -15, 25),
    ("The heights, in centimetres, of the players on a volleyball team are", "cm", 150, 198),
    ("{name} timed how many minutes the bus took to get to school each day:", "min", 12, 40),
    ("The numbers of visitors to a museum on {n} days were", "", 85, 240),
    ("The scores in a spelling contest were", "", 40, 100),
    ("The elevations, in metres relative to sea level, of {n} points along a coastal trail are", "m", -20, 45),
)


@generator("range_of_list", "Range")
def range_of_list(rng: random.Random) -> Problem:
    n = rng.randint(5, 9)
    lead, unit, lo, hi = rng.choice(RANGE_CONTEXTS)
    lead = lead.format(name=rng.choice(NAMES), n=n)
    while True:
        values = [rng.randint(lo, hi) for _ in range(n)]
        if max(values) != min(values):
            break
    big, small = max(values), min(values)
    sub = f"{big} - ({small})" if small < 0 else f"{big} - {small}"
    return Problem(
        prompt=f"{lead} {_data(values)}. What is the range of the data?",
        answer=str(big - small),
        unit=unit,
        hint="The range is the greatest value minus the least value.",
        solution=f"The greatest value is ${big}$ and the least is ${small}$, so the range is ${sub} = {big - small}$.",
        params={"values": values},
    )


@generator("range_find_missing_value", "Range")
def range_find_missing_value(rng: random.Random) -> Problem:
    n = rng.randint(4, 7)
    while True:
        values = [rng.randint(12, 70) for _ in range(n)]
        if max(values) > min(values):
            break
    side = rng.choice(("greater", "less"))
    spread = max(values) - min(values) + rng.randint(3, 25)
    if side == "less" and max(values) - spread < 1:
        side = "greater"
    missing = min(values) + spread if side == "greater" else max(values) - spread
    intro = rng.choice((
        f"{rng.choice(NAMES)} wrote down the ages of some people at a party: {_data(values)}, and one more age, "
        "which is ",
        f"The scores of {n + 1} players in a game are {_data(values)} and one more score, which is ",
        f"A data set has the values {_data(values)} and one more value, which is ",
        f"The numbers of cans collected by {n + 1} classes were {_data(values)} and one more number, which is ",
    ))
    which = "greater than all the others" if side == "greater" else "less than all the others"
    other = min(values) if side == "greater" else max(values)
    how = f"${other} + {spread} = {missing}$" if side == "greater" else f"${other} - {spread} = {missing}$"
    return Problem(
        prompt=f"{intro}{which}. The range of all ${n + 1}$ values is ${spread}$. What is the missing value?",
        answer=str(missing),
        hint="The range is the greatest value minus the least value.",
        solution=f"The missing value is the {'greatest' if side == 'greater' else 'least'} value, so it is "
                 f"{'the least' if side == 'greater' else 'the greatest'} known value "
                 f"{'plus' if side == 'greater' else 'minus'} the range: {how}.",
        params={"values": values, "side": side, "range": spread},
    )


# == Stem and leaf ============================================================================================
STEM_CONTEXTS = (
    # (what, noun, unit, scale, low, high): values are drawn as whole numbers of `scale`
    ("the points a basketball team scored in its games", "points", "", 1, 31, 89),
    ("the ages of the people at a family reunion", "ages", "", 1, 12, 78),
    ("the bowling scores of a league", "scores", "", 1, 102, 159),
    ("the times, in seconds, of runners in a 100 m race", "times", "s", Fraction(1, 10), 112, 159),
    ("the heights, in inches, of the students in a class", "heights", "in", 1, 50, 69),
    ("the lengths, in centimetres, of some leaves", "lengths", "cm", Fraction(1, 10), 31, 79),
)


def _stem_leaf_data(rng: random.Random, count: tuple[int, int] = (10, 16)):
    what, noun, unit, scale, lo, hi = rng.choice(STEM_CONTEXTS)
    n = rng.randint(*count)
    start = rng.randint(lo // 10, max(lo // 10, hi // 10 - 3)) * 10
    top = min(hi, start + rng.randint(3, 5) * 10 - 1)
    raw = sorted(rng.randint(max(lo, start), top) for _ in range(n))
    stems = list(range(raw[0] // 10, raw[-1] // 10 + 1))
    rows = [(s, [v % 10 for v in raw if v // 10 == s]) for s in stems]
    return what, noun, unit, scale, raw, rows


def _stem_leaf_figure(rows, scale, what: str):
    s, leaf = rows[0][0], (rows[0][1] or [4])[0]
    shown = _plain((s * 10 + leaf) * scale)
    key = f"Key: {s} | {leaf} means {shown}"
    alt = (f"Stem-and-leaf plot of {what}. {key}. " +
           " ".join(f"Stem {s}: leaves {', '.join(map(str, leaves)) if leaves else 'none'}." for s, leaves in rows))
    return stem_leaf_svg(rows, key, alt=alt), alt


@generator("stem_leaf_center", "Stem and Leaf Plot")
def stem_leaf_center(rng: random.Random) -> Problem:
    question = rng.choice(("median", "median", "mode", "range"))
    while True:
        what, noun, unit, scale, raw, rows = _stem_leaf_data(rng)
        tallies = {v: raw.count(v) for v in raw}
        top = max(tallies.values())
        if question != "mode" or (top >= 2 and list(tallies.values()).count(top) == 1):
            break
    n = len(raw)
    values = [Fraction(v) * scale for v in raw]
    if question == "median":
        a, b = values[(n - 1) // 2], values[n // 2]
        answer = (a + b) / 2
        how = (f"There are ${n}$ values; the middle one is ${latex_number(a)}$." if n % 2 else
               f"There are ${n}$ values; the middle two are ${latex_number(a)}$ and ${latex_number(b)}$, so the median "
               f"is ${latex_number(answer)}$.")
    elif question == "mode":
        answer = max(set(values), key=values.count)
        how = f"The leaf that repeats most often in one row gives ${latex_number(answer)}$ ({top} times)."
    else:
        answer = values[-1] - values[0]
        how = f"The greatest value is ${latex_number(values[-1])}$ and the least is ${latex_number(values[0])}$: " \
              f"${latex_number(values[-1])} - {latex_number(values[0])} = {latex_number(answer)}$."
    figure, alt = _stem_leaf_figure(rows, scale, what)
    return Problem(
        prompt=f"The stem-and-leaf plot shows {what}. What is the {question} of the {noun}?",
        answer=decimal_text(answer),
        unit=unit,
        hint="Use the key to read each stem and leaf as one value; the leaves are already in order.",
        solution=how,
        figure=figure,
        figure_alt=alt,
        params={"rows": [[s, leaves] for s, leaves in rows], "scale": str(scale), "question": question},
    )


@generator("stem_leaf_count", "Stem and Leaf Plot")
def stem_leaf_count(rng: random.Random) -> Problem:
    what, noun, unit, scale, raw, rows = _stem_leaf_data(rng)
    values = [Fraction(v) * scale for v in raw]
    question = rng.choice(("greater", "less", "atleast", "total", "least", "greatest"))
    cut = rng.choice(raw[2:-2]) if rng.random() < 0.6 else rng.randint(raw[1], raw[-2])
    c = cut * scale
    kind = AnswerKind.NUMBER
    ans_unit = ""
    if question == "greater":
        answer = sum(1 for v in values if v > c)
        ask = f"How many of the {noun} are greater than ${latex_number(c)}$?"
    elif question == "less":
        answer = sum(1 for v in values if v < c)
        ask = f"How many of the {noun} are less than ${latex_number(c)}$?"
    elif question == "atleast":
        answer = sum(1 for v in values if v >= c)
        ask = f"How many of the {noun} are ${latex_number(c)}$ or more?"
    elif question == "total":
        answer = len(values)
        ask = "How many data values does the plot show?"
    elif question == "least":
        answer, ans_unit = values[0], unit
        ask = f"What is the least of the {noun}?"
    else:
        answer, ans_unit = values[-1], unit
        ask = f"What is the greatest of the {noun}?"
    figure, alt = _stem_leaf_figure(rows, scale, what)
    fits = {"greater": [v for v in values if v > c], "less": [v for v in values if v < c],
            "atleast": [v for v in values if v >= c]}.get(question, [])
    how = {"total": f"Count every leaf, since each leaf is one value: ${answer}$.",
           "least": f"The least value is the first leaf of the first stem: ${latex_number(answer)}$.",
           "greatest": f"The greatest value is the last leaf of the last stem: ${latex_number(answer)}$."}.get(
        question, f"The values that qualify are {_data(fits)}: ${answer}$ of them." if fits else
        "No value qualifies: $0$.")
    return Problem(
        prompt=f"The stem-and-leaf plot shows {what}. {ask}",
        answer=decimal_text(answer),
        kind=kind,
        unit=ans_unit,
        hint="Each leaf is one data value: the stem gives its first digits and the leaf its last digit.",
        solution=how,
        figure=figure,
        figure_alt=alt,
        params={"rows": [[s, leaves] for s, leaves in rows], "scale": str(scale), "question": question,
                "cut": str(c)},
    )


# == Venn diagrams ============================================================================================
VENN_CONTEXTS = (
    # (people, verb, items as (label, phrase), what the items are)
    ("students", "play", (("Soccer", "soccer"), ("Basketball", "basketball"), ("Tennis", "tennis")), "sports"),
    ("students", "play", (("Piano", "the piano"), ("Guitar", "the guitar"), ("Drums", "the drums")),
     "instruments"),
    ("people", "like", (("Pizza", "pizza"), ("Tacos", "tacos"), ("Sushi", "sushi")), "foods"),
    ("students", "have", (("Cat", "a cat"), ("Dog", "a dog"), ("Fish", "a fish")), "kinds of pet"),
    ("students", "take", (("Art", "art"), ("Music", "music"), ("Drama", "drama")), "electives"),
    ("tourists", "have visited", (("Paris", "Paris"), ("Rome", "Rome"), ("Tokyo", "Tokyo")), "cities"),
)


@generator("venn_two_sets", "Venn Diagram")
def venn_two_sets(rng: random.Random) -> Problem:
    people, verb, items, kind = rng.choice(VENN_CONTEXTS)
    (la, pa), (lb, pb) = rng.sample(items, 2)
    regions = {"a": rng.randint(3, 25), "ab": rng.randint(2, 15), "b": rng.randint(3, 25), "n": rng.randint(1, 12)}
    question = rng.choice(("in_a", "in_b", "only_a", "union", "exactly_one", "total", "not_a"))
    a, ab, b, n = regions["a"], regions["ab"], regions["b"], regions["n"]
    asks = {
        "in_a": (f"How many {people} {verb} {pa}?", a + ab, f"${a} + {ab} = {a + ab}$ (the whole {la} circle)"),
        "in_b": (f"How many {people} {verb} {pb}?", b + ab, f"${b} + {ab} = {b + ab}$ (the whole {lb} circle)"),
        "only_a": (f"How many {people} {verb} {pa} but not {pb}?", a,
                   f"${a}$: the part of the {la} circle outside the overlap"),
        "union": (f"How many {people} {verb} {pa} or {pb} (or both)?", a + ab + b,
                  f"${a} + {ab} + {b} = {a + ab + b}$ (everything inside the circles)"),
        "exactly_one": (f"How many {people} {verb} exactly one of the two?", a + b,
                        f"${a} + {b} = {a + b}$ (the circles without the overlap)"),
        "total": (f"How many {people} are counted in the diagram in all?", a + ab + b + n,
                  f"${a} + {ab} + {b} + {n} = {a + ab + b + n}$ (every region, with the outside)"),
        "not_a": (f"How many {people} do not {verb} {pa}?", b + n,
                  f"${b} + {n} = {b + n}$ (everything outside the {la} circle)"),
    }
    ask, answer, how = asks[question]
    if verb == "have visited" and question == "not_a":
        ask = f"How many {people} have not visited {pa}?"
    alt = (f"Venn diagram of {people}: a circle {la} and a circle {lb} overlap inside a rectangle. "
           f"Only {la}: {a}. Both {la} and {lb}: {ab}. Only {lb}: {b}. Outside both circles: {n}.")
    figure = venn2_svg((la, lb), {k: str(v) for k, v in regions.items()}, alt=alt)
    return Problem(
        prompt=f"The Venn diagram shows which of a group of {people} {verb} {pa} and which {verb} {pb}. {ask}",
        answer=str(answer),
        hint="The overlap belongs to both circles; the number outside the circles belongs to neither.",
        solution=f"The answer is {how}.",
        figure=figure,
        figure_alt=alt,
        params={"regions": regions, "question": question},
    )


@generator("venn_three_sets", "Venn Diagram")
def venn_three_sets(rng: random.Random) -> Problem:
    people, verb, items, kind = rng.choice(VENN_CONTEXTS)
    order = rng.sample(range(3), 3)
    labels = [items[i][0] for i in order]
    phrases = [items[i][1] for i in order]
    regions = {k: rng.randint(1, 12) for k in ("a", "b", "c", "ab", "ac", "bc", "abc")}
    regions["n"] = rng.randint(0, 9)
    question = rng.choice(("only", "pair_only", "all", "in_one", "none", "exactly_two", "at_least_two"))
    letters = "abc"
    i = rng.randrange(3)
    j, k = [x for x in range(3) if x != i]
    x, y, z = letters[i], letters[j], letters[k]
    pair = "".join(sorted(x + y))
    if question == "only":
        ask, answer = f"How many {people} {verb} {phrases[i]} only?", regions[x]
        how = f"the region of the {labels[i]} circle outside both other circles: ${answer}$"
    elif question == "pair_only":
        ask = f"How many {people} {verb} {phrases[i]} and {phrases[j]} but not {phrases[k]}?"
        answer = regions[pair]
        how = f"the overlap of {labels[i]} and {labels[j]} outside {labels[k]}: ${answer}$"
    elif question == "all":
        ask, answer = f"How many {people} {verb} all three {kind}?", regions["abc"]
        how = f"the centre, where all three circles overlap: ${answer}$"
    elif question == "in_one":
        parts = [key for key in ("a", "b", "c", "ab", "ac", "bc", "abc") if x in key]
        ask, answer = f"How many {people} {verb} {phrases[i]}?", sum(regions[p] for p in parts)
        how = f"every region inside the {labels[i]} circle: ${' + '.join(str(regions[p]) for p in parts)} = {answer}$"
    elif question == "none":
        ask, answer = f"How many {people} {verb} none of the three {kind}?", regions["n"]
        how = f"the number outside all three circles: ${answer}$"
    elif question == "exactly_two":
        answer = regions["ab"] + regions["ac"] + regions["bc"]
        ask = f"How many {people} {verb} exactly two of the three {kind}?"
        how = (f"the three regions where exactly two circles overlap: "
               f"${regions['ab']} + {regions['ac']} + {regions['bc']} = {answer}$")
    else:
        answer = regions["ab"] + regions["ac"] + regions["bc"] + regions["abc"]
        ask = f"How many {people} {verb} at least two of the three {kind}?"
        how = (f"the regions where two or three circles overlap: "
               f"${regions['ab']} + {regions['ac']} + {regions['bc']} + {regions['abc']} = {answer}$")
    names = dict(zip("abc", labels))
    alt = (f"Venn diagram of {people} with three overlapping circles {labels[0]}, {labels[1]} and {labels[2]}. "
           f"Only {names['a']}: {regions['a']}. Only {names['b']}: {regions['b']}. Only {names['c']}: {regions['c']}. "
           f"{names['a']} and {names['b']} only: {regions['ab']}. {names['a']} and {names['c']} only: {regions['ac']}. "
           f"{names['b']} and {names['c']} only: {regions['bc']}. All three: {regions['abc']}. "
           f"Outside all circles: {regions['n']}.")
    figure = venn3_svg(tuple(labels), {key: str(v) for key, v in regions.items()}, alt=alt)
    return Problem(
        prompt=f"The Venn diagram shows which {kind} a group of {people} {verb}. {ask}",
        answer=str(answer),
        hint="Each number counts the people in exactly that region; add the regions the question describes.",
        solution=f"Use {how}.",
        figure=figure,
        figure_alt=alt,
        params={"regions": regions, "question": question, "sets": [x, y, z]},
    )


@generator("venn_missing_region", "Venn Diagram")
def venn_missing_region(rng: random.Random) -> Problem:
    people, verb, items, kind = rng.choice(VENN_CONTEXTS)
    (la, pa), (lb, pb) = rng.sample(items, 2)
    regions = {"a": rng.randint(2, 20), "ab": rng.randint(1, 12), "b": rng.randint(2, 20), "n": rng.randint(1, 12)}
    a, ab, b, n = regions["a"], regions["ab"], regions["b"], regions["n"]
    total, in_a, in_b = a + ab + b + n, a + ab, b + ab
    variant = rng.choice(("neither", "both", "only_a", "only_b"))
    if variant == "neither":
        facts = {"total": total, "in_a": in_a, "in_b": in_b, "ab": ab}
        shown, target = {"ab": str(ab), "n": "?"}, "n"
        ask = f"How many {verb} neither?"
        how = (f"Inside the circles there are ${in_a} + {in_b} - {ab} = {in_a + in_b - ab}$ {people}, "
               f"so ${total} - {in_a + in_b - ab} = {n}$ {verb} neither.")
        text = f"{in_a} {verb} {pa}, {in_b} {verb} {pb}, and {ab} {verb} both"
    elif variant == "both":
        facts = {"total": total, "in_a": in_a, "in_b": in_b, "n": n}
        shown, target = {"ab": "?", "n": str(n)}, "ab"
        ask = f"How many {verb} both?"
        how = (f"${total} - {n} = {total - n}$ {people} are inside the circles, but ${in_a} + {in_b} = "
               f"{in_a + in_b}$ counts the overlap twice, so ${in_a + in_b} - {total - n} = {ab}$ {verb} both.")
        text = f"{in_a} {verb} {pa}, {in_b} {verb} {pb}, and {n} {verb} neither"
    elif variant == "only_a":
        facts = {"in_a": in_a, "ab": ab}
        shown, target = {"a": "?", "ab": str(ab)}, "a"
        ask = f"How many {verb} {pa} but not {pb}?"
        how = f"Of the ${in_a}$ in the {la} circle, ${ab}$ are in the overlap: ${in_a} - {ab} = {a}$."
        also = "have also visited" if verb == "have visited" else f"also {verb}"
        text = f"{in_a} {verb} {pa}, and {ab} of them {also} {pb}"
        total = None
    else:
        facts = {"total": total, "in_a": in_a, "n": n}
        shown, target = {"b": "?", "n": str(n)}, "b"
        ask = f"How many {verb} {pb} but not {pa}?"
        how = (f"${total} - {n} = {total - n}$ are inside the circles and ${in_a}$ of them are in the {la} circle, "
               f"so ${total - n} - {in_a} = {b}$ {verb} only {pb}.")
        text = f"{in_a} {verb} {pa}, {n} {verb} neither {pa} nor {pb}, and all the others {verb} {pb} only"
    if verb == "have visited":
        ask = ask.replace("have visited neither", "have visited neither city").replace(
            "have visited both", "have visited both cities")
    lead = f"In a group of {total} {people}, " if total is not None else f"In a group of {people}, "
    region_names = {"a": f"Only {la}", "ab": "Both", "b": f"Only {lb}", "n": "Outside both circles"}
    alt = (f"Venn diagram with a circle {la} and a circle {lb} overlapping inside a rectangle. " +
           " ".join(f"{region_names[k]}: {'unknown (question mark)' if v == '?' else v}." for k, v in shown.items()))
    return Problem(
        prompt=f"{lead}{text}. {ask} The Venn diagram marks the number you need with a question mark.",
        answer=str(regions[target]),
        hint="The numbers for a whole circle include the overlap; the regions of the diagram add up to the group.",
        solution=how,
        figure=venn2_svg((la, lb), shown, alt=alt),
        figure_alt=alt,
        params={"facts": facts, "target": target},
    )


# == Histograms ================================================================================================
HISTOGRAM_CONTEXTS = (
    # (what, x title, people, interval starts, interval widths, "fewer than x" and "x or more" in words)
    ("the test scores of the students in a grade", "Test score", "students", (40, 50), (10,),
     "scored less than ${x}$", "scored ${x}$ or more"),
    ("the heights, in centimetres, of plants in a garden", "Height (cm)", "plants", (10, 20, 30), (5, 10),
     "are shorter than ${x}$ cm", "are ${x}$ cm tall or taller"),
    ("the ages of the people at a swimming pool", "Age (years)", "people", (0, 10), (10,),
     "are younger than ${x}$", "are ${x}$ years old or older"),
    ("how many minutes the students in a class spent on homework", "Minutes", "students", (0, 20), (15, 20),
     "spent less than ${x}$ minutes", "spent ${x}$ minutes or more"),
    ("how many push-ups each student did", "Push-ups", "students", (0, 5, 10), (5,),
     "did fewer than ${x}$ push-ups", "did ${x}$ or more push-ups"),
)


def _histogram_data(rng: random.Random, max_count: int = 14):
    what, x_title, people, starts, widths, less, more = rng.choice(HISTOGRAM_CONTEXTS)
    k = rng.randint(4, 6)
    start, width = rng.choice(starts), rng.choice(widths)
    bins = [(start + i * width, start + (i + 1) * width - 1) for i in range(k)]
    counts = [rng.randint(1, max_count) for _ in bins]
    return what, x_title, people, bins, counts, less, more


@generator("histogram_read_graph", "Histogram as Table or Graph")
def histogram_read_graph(rng: random.Random) -> Problem:
    while True:
        what, x_title, people, bins, counts, less, more = _histogram_data(rng)
        if counts.count(max(counts)) == 1:
            break
    labels = [f"{lo}–{hi}" for lo, hi in bins]
    question = rng.choice(("bin", "at_least", "less", "total", "diff", "most"))
    i, j = rng.choice([(x, y) for x in range(len(bins)) for y in range(len(bins)) if counts[x] > counts[y]])
    cut = rng.randrange(1, len(bins))
    kind, choices = AnswerKind.NUMBER, ()
    if question == "bin":
        lo, hi = bins[i]
        ask, answer = f"How many {people} are in the interval from ${lo}$ to ${hi}$?", str(counts[i])
        how = f"The bar over {labels[i]} reaches ${counts[i]}$."
    elif question == "at_least":
        value = sum(counts[cut:])
        ask, answer = f"How many {people} {more.format(x=bins[cut][0])}?", str(value)
        how = (f"Add the bars from {labels[cut]} on: ${' + '.join(map(str, counts[cut:]))} = {value}$."
               if len(bins) - cut > 1 else f"Only the last bar counts: ${value}$.")
    elif question == "less":
        value = sum(counts[:cut])
        ask, answer = f"How many {people} {less.format(x=bins[cut][0])}?", str(value)
        how = (f"Add the bars before {labels[cut]}: ${' + '.join(map(str, counts[:cut]))} = {value}$."
               if cut > 1 else f"Only the first bar counts: ${value}$.")
    elif question == "total":
        value = sum(counts)
        ask, answer = f"How many {people} does the histogram show in all?", str(value)
        how = f"Add the heights of all the bars: ${' + '.join(map(str, counts))} = {value}$."
    elif question == "diff":
        value = counts[i] - counts[j]
        ask = (f"How many more {people} are in the interval {labels[i]} than in the interval {labels[j]}?")
        answer = str(value)
        how = f"The bars reach ${counts[i]}$ and ${counts[j]}$: ${counts[i]} - {counts[j]} = {value}$."
    else:
        best = counts.index(max(counts))
        kind = AnswerKind.CHOICE
        others = [labels[x] for x in sorted(range(len(bins)), key=lambda x: -counts[x]) if x != best]
        answer = labels[best]
        choices = choices_with(answer, others[:3], rng)
        ask = f"Which interval has the most {people}?"
        how = f"The tallest bar is over {answer}, with ${counts[best]}$ {people}."
    alt = (f"Histogram of {what}. Horizontal axis: {x_title}, in intervals; vertical axis: number of {people}. " +
           " ".join(f"{lab}: {c}." for lab, c in zip(labels, counts)))
    return Problem(
        prompt=f"The histogram shows {what}. {ask}",
        answer=answer,
        kind=kind,
        choices=choices,
        hint="The height of each bar is the number of data values in its interval.",
        solution=how,
        figure=histogram_svg(labels, counts, x_title=x_title, y_title=f"Number of {people}", alt=alt),
        figure_alt=alt,
        params={"bins": bins, "counts": counts, "question": question, "i": i, "j": j, "cut": cut},
    )


@generator("histogram_frequency_table", "Histogram as Table or Graph")
def histogram_frequency_table(rng: random.Random) -> Problem:
    question = rng.choice(("percent", "percent", "median_bin", "less"))
    while True:
        what, x_title, people, bins, counts, less, more = _histogram_data(rng, max_count=12)
        n = sum(counts)
        if question == "percent" and n not in (10, 20, 25, 40, 50):
            continue
        low, high = (n + 1) // 2, n // 2 + 1  # the median's positions, 1-based
        if question == "median_bin" and _group_at(counts, low) != _group_at(counts, high):
            continue
        break
    labels = [f"{lo}–{hi}" for lo, hi in bins]
    cut = rng.randrange(1, len(bins))
    kind, choices, unit, decimals = AnswerKind.NUMBER, (), "", None
    if question == "percent":
        part = sum(counts[cut:])  # the values from the cut on
        value = Fraction(part * 100, n)
        ask = f"What percent of the {people} {more.format(x=bins[cut][0])}?"
        answer, unit = decimal_text(value), "%"
        added = f"{' + '.join(map(str, counts[cut:]))} = " if len(counts[cut:]) > 1 else ""
        how = (f"${added}{part}$ of the ${n}$ {people}: "
               f"$\\frac{{{part}}}{{{n}}} \\times 100 = {latex_number(value)}$%.")
    elif question == "less":
        part = sum(counts[:cut])
        ask = f"How many {people} {less.format(x=bins[cut][0])}?"
        answer = str(part)
        how = (f"Add the frequencies of the intervals below ${bins[cut][0]}$: "
               f"${' + '.join(map(str, counts[:cut]))} = {part}$." if cut > 1 else
               f"Only the first interval is below ${bins[cut][0]}$: ${part}$.")
    else:
        best = _group_at(counts, low)
        kind = AnswerKind.CHOICE
        answer = labels[best]
        others = [labels[x] for x in sorted(range(len(bins)), key=lambda x: abs(x - best)) if x != best]
        choices = choices_with(answer, others[:3], rng)
        ask = "Which interval contains the median?"
        where = f"value number ${low}$ falls" if low == high else f"values number ${low}$ and ${high}$ fall"
        how = f"There are ${n}$ {people}; counting up the frequencies, the median ({where}) in {answer}."
    alt = (f"Frequency table of {what}, with columns {x_title} and Frequency. " +
           " ".join(f"{lab}: {c}." for lab, c in zip(labels, counts)))
    figure = table_svg("Frequency table", [x_title, "Frequency"],
                       [[lab, str(c)] for lab, c in zip(labels, counts)], alt=alt)
    return Problem(
        prompt=f"The frequency table groups {what} into intervals. {ask}",
        answer=answer,
        kind=kind,
        choices=choices,
        unit=unit,
        decimals=decimals,
        hint="Each frequency is how many data values fall in that interval, like the height of a histogram bar.",
        solution=how,
        figure=figure,
        figure_alt=alt,
        params={"bins": bins, "counts": counts, "question": question, "cut": cut},
    )


# == Circle graphs =============================================================================================
PIE_CONTEXTS = (
    ("favourite sports of {n} students", ("Soccer", "Basketball", "Swimming", "Tennis", "Running")),
    ("favourite school subjects of {n} students", ("Math", "Science", "Art", "Music", "History")),
    ("favourite fruits of {n} people", ("Apples", "Bananas", "Grapes", "Mangoes", "Oranges")),
    ("favourite weekend outings of {n} families", ("Park", "Movies", "Shopping", "Museum", "Beach")),
    ("favourite pets of {n} students", ("Dogs", "Cats", "Fish", "Birds", "Rabbits")),
)


def _percents(rng: random.Random, k: int) -> list[int]:
    while True:
        cuts = sorted(rng.sample(range(2, 20), k - 1))
        parts = [b - a for a, b in zip([0, *cuts], [*cuts, 20])]
        if all(p >= 2 for p in parts):
            return [5 * p for p in parts]


@generator("circle_graph_count", "Circle Graph")
def circle_graph_count(rng: random.Random) -> Problem:
    what, categories = rng.choice(PIE_CONTEXTS)
    k = rng.randint(3, 5)
    labels = rng.sample(categories, k)
    percents = _percents(rng, k)
    n = rng.choice((40, 60, 80, 120, 140, 160, 200, 240, 300, 400, 500))
    counts = [p * n // 100 for p in percents]
    question = rng.choice(("count", "count", "more", "not", "two"))
    i, j = rng.sample(range(k), 2)
    if question == "more" and percents[i] == percents[j]:
        question = "count"
    if question == "more" and percents[i] < percents[j]:
        i, j = j, i
    if question == "count":
        answer = counts[i]
        ask = f"How many chose {labels[i]}?"
        how = f"${percents[i]}\\%$ of ${n}$ is ${latex_number(Fraction(percents[i], 100))} \\times {n} = {answer}$."
    elif question == "more":
        answer = counts[i] - counts[j]
        ask = f"How many more chose {labels[i]} than {labels[j]}?"
        how = (f"{labels[i]} is ${percents[i] - percents[j]}\\%$ more than {labels[j]}, and "
               f"${percents[i] - percents[j]}\\%$ of ${n}$ is ${answer}$.")
    elif question == "not":
        answer = n - counts[i]
        ask = f"How many did not choose {labels[i]}?"
        how = f"${100 - percents[i]}\\%$ did not, and ${100 - percents[i]}\\%$ of ${n}$ is ${answer}$."
    else:
        answer = counts[i] + counts[j]
        ask = f"How many chose {labels[i]} or {labels[j]}?"
        how = (f"${percents[i]}\\% + {percents[j]}\\% = {percents[i] + percents[j]}\\%$, and that share of ${n}$ "
               f"is ${answer}$.")
    title = _cap(what.format(n=n))
    alt = f"Circle graph titled {title}. " + " ".join(f"{lab}: {p}%." for lab, p in zip(labels, percents))
    figure = pie_svg(labels, [f"{p}%" for p in percents], [Fraction(p, 100) for p in percents], title=title, alt=alt)
    return Problem(
        prompt=f"The circle graph shows the {what.format(n=f'${n}$')}. {ask}",
        answer=str(answer),
        hint="A sector's percent of the whole is its percent of the total count.",
        solution=how,
        figure=figure,
        figure_alt=alt,
        params={"percents": percents, "n": n, "question": question, "i": i, "j": j},
    )


@generator("circle_graph_percent_angle", "Circle Graph")
def circle_graph_percent_angle(rng: random.Random) -> Problem:
    what, categories = rng.choice(PIE_CONTEXTS)
    k = rng.randint(3, 5)
    labels = rng.sample(categories, k)
    n = rng.choice((20, 24, 30, 36, 40, 45, 60, 72, 90, 120))
    while True:
        cuts = sorted(rng.sample(range(1, n), k - 1))
        counts = [b - a for a, b in zip([0, *cuts], [*cuts, n])]
        if all(c * 10 >= n for c in counts):
            break
    i = rng.randrange(k)
    question = rng.choice(("percent", "angle"))
    if question == "percent":
        value = Fraction(counts[i] * 100, n)
        decimals = None if terminates(value) else 1
        answer, unit = decimal_text(value, decimals), "%"
        ask = f"What percent of them chose {labels[i]}?"
        how = f"$\\frac{{{counts[i]}}}{{{n}}} \\times 100 = {answer}$%" + (" (rounded)." if decimals else ".")
    else:
        value = Fraction(counts[i] * 360, n)
        decimals = None
        answer, unit = decimal_text(value), "°"
        ask = f"What is the angle, in degrees, of the sector for {labels[i]}?"
        how = f"The whole circle is $360°$: $\\frac{{{counts[i]}}}{{{n}}} \\times 360° = {answer}°$."
    title = _cap(what.format(n=n))
    alt = f"Circle graph titled {title}; the legend gives the counts. " + " ".join(
        f"{lab}: {c}." for lab, c in zip(labels, counts))
    figure = pie_svg(labels, [str(c) for c in counts], [Fraction(c, n) for c in counts], title=title, alt=alt)
    return Problem(
        prompt=f"The circle graph shows the {what.format(n=f'${n}$')}, with the count for each sector. {ask}",
        answer=answer,
        decimals=decimals,
        unit=unit,
        hint="A sector's share of the circle is its count divided by the total.",
        solution=how,
        figure=figure,
        figure_alt=alt,
        params={"counts": counts, "question": question, "i": i},
    )


# == Probability ===============================================================================================
COLOURS = ("red", "blue", "green", "yellow", "purple", "orange", "white")
BAGS = (("marbles", "a bag"), ("socks", "a drawer"), ("tiles", "a box"), ("jelly beans", "a jar"),
        ("counters", "a cup"))
SINGULAR = {"marbles": "marble", "socks": "sock", "tiles": "tile", "jelly beans": "jelly bean", "counters": "counter"}


def _probability_rule(value: Fraction, rng: random.Random, total: int) -> tuple[str, str, str, str]:
    """(answer, form, unit, how it is asked): a fraction in lowest terms, or a decimal or a percent where the
    total divides a power of ten."""
    style = rng.choice(("fraction", "fraction", "decimal", "percent")) if 100 % total == 0 else "fraction"
    if style == "decimal":
        return decimal_text(value), AnswerForm.DECIMAL, "", " as a decimal"
    if style == "percent":
        return decimal_text(value * 100), AnswerForm.ANY, "%", " as a percent"
    return fraction_text(value), AnswerForm.SIMPLEST, "", ""


def _bag(rng: random.Random, kinds: int, lo: int = 1, hi: int = 9) -> dict[str, int]:
    return {c: rng.randint(lo, hi) for c in rng.sample(COLOURS, kinds)}


def _bag_text(bag: dict[str, int], thing: str) -> str:
    return and_list(f"{n} {c}" for c, n in bag.items()) + f" {thing}"


@generator("probability_single_bag", "Probability of a Single Event")
def probability_single_bag(rng: random.Random) -> Problem:
    thing, place = rng.choice(BAGS)
    bag = _bag(rng, rng.randint(2, 4))
    colours = list(bag)
    total = sum(bag.values())
    event = rng.choice(("one", "one", "not", "either")) if len(colours) > 2 else rng.choice(("one", "not"))
    a, b = rng.sample(colours, 2)
    one = SINGULAR[thing]
    if event == "one":
        favourable, what = bag[a], f"a {a} {one}"
        how = f"${bag[a]}$ of the ${total}$ {thing} are {a}"
    elif event == "not":
        favourable, what = total - bag[a], f"a {one} that is not {a}"
        how = f"${total} - {bag[a]} = {total - bag[a]}$ of the ${total}$ {thing} are not {a}"
    else:
        favourable, what = bag[a] + bag[b], f"a {one} that is {a} or {b}"
        how = f"${bag[a]} + {bag[b]} = {bag[a] + bag[b]}$ of the ${total}$ {thing} are {a} or {b}"
    value = Fraction(favourable, total)
    answer, form, unit, asked = _probability_rule(value, rng, total)
    return Problem(
        prompt=f"{_cap(place)} holds {_bag_text(bag, thing)}. {rng.choice(NAMES)} picks one "
               f"without looking. What is the probability{asked} of picking {what}?",
        answer=answer,
        form=form,
        unit=unit,
        hint="Probability = number of favourable outcomes ÷ number of equally likely outcomes.",
        solution=f"{_cap(how)}, so the probability is $\\frac{{{favourable}}}{{{total}}}"
                 + (f" = {answer}$" if form == AnswerForm.DECIMAL else
                    f" = {latex_fraction(value)}$" if value.denominator != total else "$")
                 + (f", which is ${answer}\\%$." if unit == "%" else "."),
        params={"bag": bag, "event": event, "a": a, "b": b, "percent": unit == "%"},
    )


def _number_event(rng: random.Random, n: int) -> tuple[list, str]:
    """An event on the outcomes 1..n with at least one outcome in and one out: (spec, words)."""
    while True:
        kind = rng.choice(("even", "odd", "gt", "lt", "multiple", "prime", "factor", "atleast"))
        if kind == "even":
            spec, words = ["even"], "an even number"
        elif kind == "odd":
            spec, words = ["odd"], "an odd number"
        elif kind == "gt":
            k = rng.randint(1, n - 1)
            spec, words = ["gt", k], f"a number greater than ${k}$"
        elif kind == "atleast":
            k = rng.randint(2, n)
            spec, words = ["ge", k], f"a number that is ${k}$ or greater"
        elif kind == "lt":
            k = rng.randint(2, n)
            spec, words = ["lt", k], f"a number less than ${k}$"
        elif kind == "multiple":
            m = rng.randint(2, max(2, n // 2))
            spec, words = ["multiple", m], f"a multiple of ${m}$"
        elif kind == "prime":
            spec, words = ["prime"], "a prime number"
        else:
            m = rng.choice((12, 18, 20, 24, 30, 36))
            spec, words = ["factor", m], f"a factor of ${m}$"
        inside = sum(1 for v in range(1, n + 1) if _in_event(spec, v))
        if 0 < inside < n:
            return spec, words


def _in_event(spec, v: int) -> bool:
    kind = spec[0]
    if kind == "even":
        return v % 2 == 0
    if kind == "odd":
        return v % 2 == 1
    if kind == "gt":
        return v > spec[1]
    if kind == "ge":
        return v >= spec[1]
    if kind == "lt":
        return v < spec[1]
    if kind == "multiple":
        return v % spec[1] == 0
    if kind == "prime":
        return v in {2, 3, 5, 7, 11, 13, 17, 19, 23, 29}
    if kind == "factor":
        return spec[1] % v == 0
    if kind == "eq":
        return v == spec[1]
    raise ValueError(kind)


@generator("probability_single_number", "Probability of a Single Event")
def probability_single_number(rng: random.Random) -> Problem:
    device = rng.choice(("cube", "spinner", "cards", "cards"))
    if device == "cube":
        n = 6
        setup, act = "A fair number cube has faces numbered $1$ to $6$.", "rolling"
    elif device == "spinner":
        n = rng.choice((4, 5, 8, 10))
        setup, act = f"A spinner has ${n}$ equal sections numbered $1$ to ${n}$.", "spinning"
    else:
        n = rng.randint(10, 25)
        setup, act = (f"{_cap(rng.choice(NAMES))} puts ${n}$ cards numbered $1$ to ${n}$ in a hat and draws one "
                      f"without looking.", "drawing")
    spec, words = _number_event(rng, n)
    good = [v for v in range(1, n + 1) if _in_event(spec, v)]
    value = Fraction(len(good), n)
    answer, form, unit, asked = _probability_rule(value, rng, n)
    listed = ", ".join(map(str, good))
    return Problem(
        prompt=f"{setup} What is the probability{asked} of {act} {words}?",
        answer=answer,
        form=form,
        unit=unit,
        hint="List the outcomes that make the event happen and compare with all the equally likely outcomes.",
        solution=f"The favourable outcomes are ${listed}$: ${len(good)}$ of ${n}$, so the probability is "
                 f"$\\frac{{{len(good)}}}{{{n}}}" + (f" = {latex_fraction(value)}$" if value.denominator != n else "$")
                 + (f", which is ${answer}$." if form == AnswerForm.DECIMAL else
                    f", which is ${answer}\\%$." if unit == "%" else "."),
        params={"n": n, "event": spec, "percent": unit == "%"},
    )


@generator("probability_two_independent", "Probability of Two Distinct Events")
def probability_two_independent(rng: random.Random) -> Problem:
    setup = rng.choice(("coin_cube", "spinners", "replace", "cube_letters"))
    if setup == "coin_cube":
        first = ["H", "T"]
        side = rng.choice(("heads", "tails"))
        first_good = ["H" if side == "heads" else "T"]
        spec, words = _number_event(rng, 6)
        second = list(range(1, 7))
        text = f"A coin is tossed and a fair number cube is rolled. What is the probability of {side} and {words}?"
    elif setup == "spinners":
        k = rng.randint(3, 5)
        colours = rng.sample(COLOURS, k)
        first = colours
        first_good = [rng.choice(colours)]
        n = rng.choice((4, 5, 6, 8))
        second = list(range(1, n + 1))
        spec, words = _number_event(rng, n)
        text = (f"Spinner A has ${k}$ equal sections coloured {and_list(colours)}. "
                f"Spinner B has ${n}$ equal sections numbered $1$ to ${n}$. Both are spun. What is the probability "
                f"that A lands on {first_good[0]} and B lands on {words}?")
    elif setup == "replace":
        thing, place = rng.choice(BAGS)
        bag = _bag(rng, rng.randint(2, 3), 1, 6)
        first = [c for c, m in bag.items() for _ in range(m)]
        a, b = rng.choice(list(bag)), rng.choice(list(bag))
        first_good = [a]
        second = first
        spec = ["colour", b]
        one = SINGULAR[thing]
        text = (f"{_cap(place)} holds {_bag_text(bag, thing)}. {rng.choice(NAMES)} picks a {one}, puts it back, "
                f"and picks again. What is the probability that the first is {a} and the second is {b}?")
        words = b
    else:
        first = list(range(1, 7))
        spec1, words1 = _number_event(rng, 6)
        first_good = [v for v in first if _in_event(spec1, v)]
        word = rng.choice(("MATH", "DATA", "GRAPH", "PRIME", "RATIO", "SLOPE"))
        second = list(word)
        vowel = rng.choice((True, False))
        if all(c not in "AEIOU" for c in word) or all(c in "AEIOU" for c in word):
            vowel = False
        spec = ["vowel" if vowel else "consonant"]
        words = "a vowel" if vowel else "a consonant"
        text = (f"A fair number cube is rolled and a letter is picked at random from the cards "
                f"{', '.join(word)} (one card for each letter of the word {word}). What is the probability of rolling "
                f"{words1} and picking {words}?")
    p1 = Fraction(len(first_good) if setup != "replace" else first.count(first_good[0]), len(first))
    second_in = [v for v in second if _second_in(spec, v)]
    p2 = Fraction(len(second_in), len(second))
    value = p1 * p2
    return Problem(
        prompt=text,
        answer=fraction_text(value),
        form=AnswerForm.SIMPLEST,
        hint="For independent events, multiply the probabilities: P(A and B) = P(A) × P(B).",
        solution=f"$P(\\text{{first}}) = {latex_fraction(p1)}$ and $P(\\text{{second}}) = {latex_fraction(p2)}$; "
                 f"the events are independent, so the probability is ${latex_fraction(p1)} \\times "
                 f"{latex_fraction(p2)} = {latex_fraction(value)}$.",
        params={"first": [str(v) for v in first], "first_good": [str(v) for v in first_good],
                "second": [str(v) for v in second], "spec": spec, "setup": setup},
    )


def _second_in(spec, v) -> bool:
    if spec[0] == "colour":
        return v == spec[1]
    if spec[0] == "vowel":
        return v in "AEIOU"
    if spec[0] == "consonant":
        return v not in "AEIOU"
    return _in_event(spec, v)


@generator("probability_two_dice", "Probability of Two Distinct Events")
def probability_two_dice(rng: random.Random) -> Problem:
    question = rng.choice(("sum_eq", "sum_ge", "sum_le", "doubles", "both_even", "both_gt", "product_even",
                           "at_least_one"))
    if question == "sum_eq":
        k = rng.randint(3, 11)
        words = f"the sum is ${k}$"
        count = 6 - abs(7 - k)
    elif question == "sum_ge":
        k = rng.randint(8, 11)
        words = f"the sum is ${k}$ or more"
        count = sum(6 - abs(7 - s) for s in range(k, 13))
    elif question == "sum_le":
        k = rng.randint(3, 6)
        words = f"the sum is ${k}$ or less"
        count = sum(6 - abs(7 - s) for s in range(2, k + 1))
    elif question == "doubles":
        k, words, count = 0, "both cubes show the same number", 6
    elif question == "both_even":
        k, words, count = 0, "both numbers are even", 9
    elif question == "both_gt":
        k = rng.randint(2, 4)
        words, count = f"both numbers are greater than ${k}$", (6 - k) ** 2
    elif question == "product_even":
        k, words, count = 0, "the product of the two numbers is even", 36 - 9
    else:
        k = rng.randint(1, 6)
        words, count = f"at least one cube shows a ${k}$", 11
    value = Fraction(count, 36)
    name = rng.choice(NAMES)
    return Problem(
        prompt=f"{name} rolls two fair number cubes, each numbered $1$ to $6$. What is the probability that {words}?",
        answer=fraction_text(value),
        form=AnswerForm.SIMPLEST,
        hint="Two cubes give $6 \\times 6 = 36$ equally likely outcomes; a table of them helps to count.",
        solution=f"Of the $36$ equally likely pairs, ${count}$ qualify, so the probability is "
                 f"$\\frac{{{count}}}{{36}}" + (f" = {latex_fraction(value)}$." if value.denominator != 36 else "$."),
        params={"question": question, "k": k},
    )


@generator("probability_without_replacement", "Probability of Two Distinct Events")
def probability_without_replacement(rng: random.Random) -> Problem:
    thing, place = rng.choice(BAGS)
    bag = _bag(rng, rng.randint(2, 3), 2, 7)
    colours = list(bag)
    total = sum(bag.values())
    question = rng.choice(("both", "first_second", "same", "one_each"))
    if question == "one_each" and len(colours) != 2:
        question = "both"
    a, b = rng.sample(colours, 2)
    one = SINGULAR[thing]
    if question == "both":
        value = Fraction(bag[a], total) * Fraction(bag[a] - 1, total - 1)
        words = f"both {thing} are {a}"
        how = f"$\\frac{{{bag[a]}}}{{{total}}} \\times \\frac{{{bag[a] - 1}}}{{{total - 1}}}"
    elif question == "first_second":
        value = Fraction(bag[a], total) * Fraction(bag[b], total - 1)
        words = f"the first {one} is {a} and the second is {b}"
        how = f"$\\frac{{{bag[a]}}}{{{total}}} \\times \\frac{{{bag[b]}}}{{{total - 1}}}"
    elif question == "same":
        value = sum(Fraction(m * (m - 1), total * (total - 1)) for m in bag.values())
        words = f"both {thing} are the same colour"
        how = "$" + " + ".join(f"\\frac{{{m}}}{{{total}}} \\times \\frac{{{m - 1}}}{{{total - 1}}}"
                               for m in bag.values())
    else:
        value = 2 * Fraction(bag[a] * bag[b], total * (total - 1))
        words = f"one {one} is {a} and the other is {b}"
        how = (f"$\\frac{{{bag[a]}}}{{{total}}} \\times \\frac{{{bag[b]}}}{{{total - 1}}} + "
               f"\\frac{{{bag[b]}}}{{{total}}} \\times \\frac{{{bag[a]}}}{{{total - 1}}}")
    name = rng.choice(NAMES)
    return Problem(
        prompt=f"{_cap(place)} holds {_bag_text(bag, thing)}. {name} picks two {thing} at random, one after the "
               f"other, without putting the first one back. What is the probability that {words}?",
        answer=fraction_text(value),
        form=AnswerForm.SIMPLEST,
        hint="After the first pick there is one fewer in the bag, so the second probability changes.",
        solution=f"The probability is {how} = {latex_fraction(value)}$.",
        params={"bag": bag, "question": question, "a": a, "b": b},
    )


# == Scatter plots =============================================================================================
SCATTER_CONTEXTS = {
    # (x title, y title, what, y base, y step): x runs from 0 to 10
    "positive": (("Hours studied", "Test score", "the hours some students studied and their test scores", 50, 5),
                 ("Age of tree (years)", "Height (ft)", "the ages and heights of some trees", 0, 5),
                 ("Hours of sunshine", "Drinks sold", "the hours of sunshine and the drinks sold at a stand each day",
                  0, 10),
                 ("Hours worked", "Money earned ($)", "the hours some teens worked and the money they earned", 0,
                  10)),
    "negative": (("Hours of TV per day", "Test score", "the daily TV time of some students and their test scores",
                  50, 5),
                 ("Car age (years)", "Value ($1,000s)", "the ages and values of some used cars", 0, 2),
                 ("Price ($)", "Number sold", "the price of a snack and the number sold on some days", 0, 10),
                 ("Days absent", "Grade (%)", "the days some students were absent and their grades", 50, 5)),
    "none": (("Shoe size", "Test score", "the shoe sizes and test scores of some students", 50, 5),
             ("Day of month", "Rainfall (mm)", "the day of the month and the rainfall on some days", 0, 5),
             ("Letters in first name", "Minutes to school", "the length of some students' first names and their "
              "trip to school", 0, 5)),
}
CORRELATIONS = {"positive": "positive correlation", "negative": "negative correlation", "none": "no correlation"}


def _pearson(points) -> Fraction:
    """The square of Pearson's r with its sign, exactly: sign(Sxy) * Sxy^2 / (Sxx Syy)."""
    n = len(points)
    sx, sy = sum(x for x, _ in points), sum(y for _, y in points)
    sxy = n * sum(x * y for x, y in points) - sx * sy
    sxx = n * sum(x * x for x, _ in points) - sx * sx
    syy = n * sum(y * y for _, y in points) - sy * sy
    if sxx == 0 or syy == 0:
        return Fraction(0)
    return (1 if sxy >= 0 else -1) * Fraction(sxy * sxy, sxx * syy)


@generator("scatter_correlation", "Scatter Plot")
def scatter_correlation(rng: random.Random) -> Problem:
    trend = rng.choice(("positive", "negative", "none"))
    contexts = SCATTER_CONTEXTS[trend]
    x_title, y_title, what, base, step = rng.choice(contexts)
    n = rng.randint(9, 13)
    while True:
        xs = [rng.randint(1, 10) for _ in range(n)]
        if trend == "none":
            ys = [rng.randint(1, 9) for _ in range(n)]
        else:
            slope = Fraction(rng.choice((5, 6, 7, 8)), 10)
            ys = [min(9, max(1, round((x - 0.5) * slope + rng.uniform(-1.6, 1.6)))) for x in xs]
            if trend == "negative":
                ys = [10 - y for y in ys]
        points = sorted(set(zip(xs, ys)))
        if len(points) < 8 or any(not 1 <= y <= 9 for _, y in points):
            continue
        r2 = _pearson(points)
        if (trend == "positive" and r2 > Fraction(1, 2)) or (trend == "negative" and r2 < -Fraction(1, 2)) or \
                (trend == "none" and abs(r2) < Fraction(1, 25)):
            break
    shown = [(x, base + y * step) for x, y in points]
    alt = (f"Scatter plot of {what}. Horizontal axis: {x_title}, from 0 to 10. Vertical axis: {y_title}, from {base} "
           f"to {base + 10 * step}. Points: " + ", ".join(f"({x}, {y})" for x, y in shown) + ".")
    answer = CORRELATIONS[trend]
    reason = {"positive": "the points rise from left to right", "negative": "the points fall from left to right",
              "none": "the points show no upward or downward pattern"}[trend]
    return Problem(
        prompt=f"The scatter plot shows {what}. What kind of correlation does it show?",
        answer=answer,
        kind=AnswerKind.CHOICE,
        choices=choices_with(answer, [c for c in CORRELATIONS.values() if c != answer], rng),
        hint="Look at the overall direction of the points from left to right.",
        solution=f"Overall, {reason}, so the plot shows {answer}.",
        figure=scatter_svg(shown, x_axis=(0, 10, 1), y_axis=(base, base + 10 * step, step), x_title=x_title,
                           y_title=y_title, alt=alt),
        figure_alt=alt,
        params={"points": shown},
    )


READ_CONTEXTS = (
    ("Hours studied", "Test score", "the hours some students studied and the scores they got", 50, 5,
     "What score did the student who studied {x} hours get?", "How many hours did the student who scored {y} study?",
     "", "h"),
    ("Age (years)", "Height (in)", "the ages and heights of some children", 20, 4,
     "How tall is the child who is {x} years old?", "How old is the child who is {y} inches tall?", "in", ""),
    ("Hours worked", "Pay ($)", "the hours some teens worked last week and their pay", 0, 10,
     "How much did the teen who worked {x} hours earn?", "How many hours did the teen who earned {y} dollars work?",
     "$", "h"),
    ("Day", "Plant height (cm)", "a plant's height, measured on some days of an experiment", 0, 2,
     "How tall was the plant on day {x}?", "On which day was the plant {y} cm tall?", "cm", ""),
)


@generator("scatter_read_point", "Scatter Plot")
def scatter_read_point(rng: random.Random) -> Problem:
    x_title, y_title, what, base, step, ask_y, ask_x, y_unit, x_unit = rng.choice(READ_CONTEXTS)
    n = rng.randint(6, 9)
    xs = sorted(rng.sample(range(1, 11), n))
    if "Day" == x_title or "Age" in x_title:  # growth: heights increase with time
        levels = sorted(rng.sample(range(1, 11), n))
    else:
        levels = rng.sample(range(1, 11), n)
    points = [(x, base + lv * step) for x, lv in zip(xs, levels)]
    x, y = rng.choice(points)
    direction = rng.choice(("y", "x"))
    if direction == "y":
        ask, answer, unit = ask_y.format(x=x), y, y_unit
        how = f"Go up from ${x}$ on the horizontal axis to the point, then across to the vertical axis: ${y}$."
    else:
        ask, answer, unit = ask_x.format(y=y), x, x_unit
        how = f"Go across from ${y}$ on the vertical axis to the point, then down to the horizontal axis: ${x}$."
    alt = (f"Scatter plot of {what}. Horizontal axis: {x_title}, from 0 to 10. Vertical axis: {y_title}, from {base} "
           f"to {base + 10 * step} in steps of {step}. Points: " + ", ".join(f"({a}, {b})" for a, b in points) + ".")
    return Problem(
        prompt=f"The scatter plot shows {what}. {ask}",
        answer=decimal_text(answer, 2) if unit == "$" else str(answer),
        decimals=2 if unit == "$" else None,
        unit=unit,
        hint="Each point is one pair of values: read its position on both axes.",
        solution=how,
        figure=scatter_svg(points, x_axis=(0, 10, 1), y_axis=(base, base + 10 * step, step), x_title=x_title,
                           y_title=y_title, alt=alt),
        figure_alt=alt,
        params={"points": points, "direction": direction, "x": x, "y": y},
    )


TREND_CONTEXTS = (
    ("Hours studied", "Test score", "hours studied and test scores", "the score of a student who studies {x} hours",
     1, 50, 5),
    ("Weeks of training", "Push-ups in a minute", "weeks of training and the push-ups some athletes did in a minute",
     "the number of push-ups after {x} weeks of training", 1, 0, 5),
    ("Weeks", "Savings ($)", "the savings of a student over some weeks", "the savings after {x} weeks", 1, 0, 20),
    ("Car age (years)", "Value ($1,000s)", "the ages and values, in thousands of dollars, of some used cars",
     "the value, in thousands of dollars, of a car that is {x} years old", -1, 0, 2),
    ("Hours of TV per day", "Test score", "daily TV time and test scores of some students",
     "the score of a student who watches {x} hours of TV a day", -1, 50, 5),
)


@generator("scatter_trend_predict", "Scatter Plot")
def scatter_trend_predict(rng: random.Random) -> Problem:
    x_title, y_title, what, predict, sign, base, step = rng.choice(TREND_CONTEXTS)
    # the line rises (or falls) half a grid step per unit, meeting the grid at even x, or a whole step per unit
    slope_steps, start = rng.choice(((Fraction(1, 2), 1), (Fraction(1, 2), 2), (Fraction(1, 2), 3), (Fraction(1, 2), 4),
                                     (Fraction(1), 0), (Fraction(1), 1)))
    if sign < 0:
        slope_steps, start = -slope_steps, 10 - start

    def line_at(t):  # the trend line's height above the base, in grid steps
        return start + slope_steps * t

    usable = [t for t in range(0, 11) if line_at(t).denominator == 1 and 0 <= line_at(t) <= 10]
    points = []
    for t in range(1, 11):
        if rng.random() < 0.8:
            level = round(line_at(t) + Fraction(rng.randint(-15, 15), 10))
            if 0 <= level <= 10:
                points.append((t, base + level * step))
    x = rng.choice([t for t in usable[1:] if t >= 2 and 1 <= line_at(t) <= 9])
    value = base + line_at(x) * step
    x0, x1 = usable[0], usable[-1]
    p0, p1 = (x0, base + line_at(x0) * step), (x1, base + line_at(x1) * step)
    slope = slope_steps * step
    intercept = base + start * step
    alt = (f"Scatter plot of {what} with a trend line. Horizontal axis: {x_title}, from 0 to 10. Vertical axis: "
           f"{y_title}, from {base} to {base + 10 * step} in steps of {step}. Points: " +
           ", ".join(f"({a}, {b})" for a, b in points) +
           f". The trend line passes through ({p0[0]}, {_plain(p0[1])}) and ({p1[0]}, {_plain(p1[1])}).")
    unit = "$" if "Savings" in y_title else ""
    return Problem(
        prompt=f"The scatter plot shows {what}, with a trend line. Use the trend line to predict "
               f"{predict.format(x=x)}.",
        answer=decimal_text(value, 2) if unit else decimal_text(value),
        decimals=2 if unit else None,
        unit=unit,
        hint="Find the value on the horizontal axis, go up to the trend line (not to a point), then across.",
        solution=f"The trend line passes through $({p0[0]}, {latex_number(p0[1])})$ and $({p1[0]}, "
                 f"{latex_number(p1[1])})$; at ${x}$ on the horizontal axis it is at ${latex_number(value)}$.",
        figure=scatter_svg(points, x_axis=(0, 10, 1), y_axis=(base, base + 10 * step, step), x_title=x_title,
                           y_title=y_title, alt=alt, line=(slope, Fraction(intercept))),
        figure_alt=alt,
        params={"p0": [p0[0], str(p0[1])], "p1": [p1[0], str(p1[1])], "x": x},
    )


# == Box and whisker plots =====================================================================================
BOX_CONTEXTS = (
    # (what, axis title, the data as a plural noun, unit, axes as (step, lowest start, highest start),
    #  two groups to compare, and what the two box plots show)
    ("the test scores of a class", "Test score", "scores", "", ((2, 50, 60), (5, 0, 0)),
     ("Class A", "Class B"), "the test scores of two classes"),
    ("the heights, in centimetres, of the players on a team", "Height (cm)", "heights", "cm",
     ((1, 150, 165), (2, 140, 150)), ("Team 1", "Team 2"), "the heights, in centimetres, of the players on two teams"),
    ("the number of minutes some students spent on the bus", "Minutes", "times", "min", ((1, 0, 10), (2, 0, 0)),
     ("Route 1", "Route 2"), "the number of minutes students spent on two bus routes"),
    ("the ages of the members of a hiking club", "Age (years)", "ages", "", ((2, 10, 30), (5, 0, 0)),
     ("Hiking club", "Cycling club"), "the ages of the members of a hiking club and of a cycling club"),
    ("the number of books the students in a class read this year", "Books read", "numbers of books", "",
     ((1, 0, 10), (2, 0, 0)), ("Boys", "Girls"), "the number of books the boys and the girls in a grade read"),
    ("the daily high temperatures, in degrees Fahrenheit, during one month", "Temperature (°F)", "temperatures",
     "°", ((1, 50, 70), (2, 40, 50)), ("June", "July"), "the daily high temperatures, in degrees Fahrenheit, "
                                                         "in June and in July"),
)


def _five(rng: random.Random) -> list[int]:
    """Five tick indices 1..19 in increasing order, at least two ticks apart."""
    while True:
        marks = sorted(rng.sample(range(1, 20), 5))
        if all(b - a >= 2 for a, b in zip(marks, marks[1:])):
            return marks


def _box_context(rng: random.Random, compare: bool = False):
    what, title, noun, unit, axes, groups, both = rng.choice(BOX_CONTEXTS)
    step, lo_min, lo_max = rng.choice(axes)
    lo = rng.randrange(lo_min, lo_max + 1, step * (5 if step == 1 else 1))
    return (both if compare else what), title, (groups if compare else noun), unit, step, lo


def _box_alt(what: str, title: str, lo: int, step: int, boxes) -> str:
    parts = [f"Box plot of {what} over a number line labelled {title} from {lo} to {lo + 20 * step}, "
             f"with a tick every {step}."]
    for label, (mn, q1, med, q3, mx) in boxes:
        parts.append(f"{label + ': minimum' if label else 'Minimum'} {mn}, lower quartile {q1}, median {med}, "
                     f"upper quartile {q3}, maximum {mx}.")
    return " ".join(parts)


@generator("box_plot_read", "Box and Whisker")
def box_plot_read(rng: random.Random) -> Problem:
    what, title, noun, unit, step, lo = _box_context(rng)
    five = [lo + m * step for m in _five(rng)]
    mn, q1, med, q3, mx = five
    question = rng.choice(("median", "q1", "q3", "range", "iqr", "max", "min"))
    asks = {
        "median": ("What is the median of the data?", med, f"The line inside the box marks the median: ${med}$."),
        "q1": ("What is the lower quartile (first quartile) of the data?", q1,
               f"The left edge of the box is the lower quartile: ${q1}$."),
        "q3": ("What is the upper quartile (third quartile) of the data?", q3,
               f"The right edge of the box is the upper quartile: ${q3}$."),
        "range": ("What is the range of the data?", mx - mn,
                  f"The whiskers end at ${mn}$ and ${mx}$, so the range is ${mx} - {mn} = {mx - mn}$."),
        "iqr": ("What is the interquartile range of the data?", q3 - q1,
                f"The box runs from ${q1}$ to ${q3}$, so the interquartile range is ${q3} - {q1} = {q3 - q1}$."),
        "max": ("What is the greatest value in the data?", mx, f"The right whisker ends at the maximum, ${mx}$."),
        "min": ("What is the least value in the data?", mn, f"The left whisker ends at the minimum, ${mn}$."),
    }
    ask, answer, how = asks[question]
    alt = _box_alt(what, title, lo, step, [("", five)])
    return Problem(
        prompt=f"The box plot shows {what}. {ask}",
        answer=str(answer),
        unit=unit,
        hint="A box plot marks five numbers: minimum, lower quartile, median, upper quartile and maximum.",
        solution=how,
        figure=box_plot_svg([("", tuple(five))], lo, step, title=title, alt=alt),
        figure_alt=alt,
        params={"five": five, "question": question},
    )


@generator("box_plot_percent", "Box and Whisker")
def box_plot_percent(rng: random.Random) -> Problem:
    what, title, noun, unit, step, lo = _box_context(rng)
    five = [lo + m * step for m in _five(rng)]
    a, b = sorted(rng.sample(range(5), 2))
    count = rng.choice((None, None, 20, 40, 60, 80, 100, 200))
    lo_v, hi_v = five[a], five[b]
    if a == 0 and b == 4:
        span = f"between ${lo_v}$ and ${hi_v}$"
    elif a == 0:
        span = f"${hi_v}$ or less"
    elif b == 4:
        span = f"${lo_v}$ or more"
    else:
        span = f"between ${lo_v}$ and ${hi_v}$"
    share = 25 * (b - a)
    names = ["the minimum", "the lower quartile", "the median", "the upper quartile", "the maximum"]
    if count is None:
        ask = f"About what percent of the {noun} are {span}?"
        answer, ans_unit = str(share), "%"
        how = (f"${lo_v}$ is {names[a]} and ${hi_v}$ is {names[b]}; each of the four parts of a box plot holds "
               f"about $25\\%$ of the data, so ${b - a} \\times 25\\% = {share}\\%$.")
    else:
        ask = f"There are ${count}$ data values. About how many of the {noun} are {span}?"
        answer, ans_unit = str(count * share // 100), ""
        how = (f"${lo_v}$ is {names[a]} and ${hi_v}$ is {names[b]}: that is ${share}\\%$ of the data, and "
               f"${share}\\%$ of ${count}$ is ${count * share // 100}$.")
    alt = _box_alt(what, title, lo, step, [("", five)])
    return Problem(
        prompt=f"The box plot shows {what}. {ask}",
        answer=answer,
        unit=ans_unit,
        hint="The minimum, quartiles, median and maximum split the data into four parts of about 25% each.",
        solution=how,
        figure=box_plot_svg([("", tuple(five))], lo, step, title=title, alt=alt),
        figure_alt=alt,
        params={"five": five, "low": lo_v, "high": hi_v, "count": count},
    )


@generator("box_plot_compare", "Box and Whisker")
def box_plot_compare(rng: random.Random) -> Problem:
    what, title, groups, unit, step, lo = _box_context(rng, compare=True)
    while True:
        five_a = [lo + m * step for m in _five(rng)]
        five_b = [lo + m * step for m in _five(rng)]
        stats = {
            "median": (five_a[2], five_b[2]), "iqr": (five_a[3] - five_a[1], five_b[3] - five_b[1]),
            "range": (five_a[4] - five_a[0], five_b[4] - five_b[0]),
        }
        if all(x != y for x, y in stats.values()):
            break
    question = rng.choice(("median_diff", "iqr_diff", "range_diff", "larger_iqr", "larger_median"))
    boxes = [(groups[0], tuple(five_a)), (groups[1], tuple(five_b))]
    kind, choices = AnswerKind.NUMBER, ()
    ans_unit = unit
    names = {"median": "median", "iqr": "interquartile range", "range": "range"}
    if question.endswith("_diff"):
        stat = question[:-5]
        x, y = stats[stat]
        answer = str(abs(x - y))
        ask = f"By how much do the two {names[stat]}s differ?"
        how = (f"The {names[stat]}s are ${x}$ for {groups[0]} and ${y}$ for {groups[1]}: the difference is "
               f"${abs(x - y)}$.")
    else:
        stat = question[len("larger_"):]
        x, y = stats[stat]
        kind = AnswerKind.CHOICE
        answer = groups[0] if x > y else groups[1]
        choices = (groups[0], groups[1], "They are equal")
        ask = f"Which box plot has the greater {names[stat]}?"
        how = (f"The {names[stat]}s are ${x}$ for {groups[0]} and ${y}$ for {groups[1]}, so {answer} has the "
               "greater one.")
        ans_unit = ""
    alt = _box_alt(what, title, lo, step, boxes)
    return Problem(
        prompt=f"The box plots compare {what}. {ask}",
        answer=answer,
        kind=kind,
        choices=choices,
        unit=ans_unit,
        hint="The median is the line in the box; the interquartile range is the length of the box; the range runs "
             "from the end of one whisker to the end of the other.",
        solution=how,
        figure=box_plot_svg(boxes, lo, step, title=title, alt=alt),
        figure_alt=alt,
        params={"groups": list(groups), "five_a": five_a, "five_b": five_b, "question": question},
    )


# == Counting ==================================================================================================
OUTFITS = (
    ("{name} has {0} shirts, {1} pairs of pants and {2} pairs of shoes. An outfit is one shirt, one pair of pants "
     "and one pair of shoes. How many different outfits can {name} make?", ("shirt", "pair of pants", "pair of shoes")),
    ("A sandwich shop offers {0} kinds of bread, {1} fillings and {2} sauces. A sandwich has one of each. How many "
     "different sandwiches are possible?", ("bread", "filling", "sauce")),
    ("An ice cream stand has {0} flavours, {1} kinds of cone and {2} toppings. A treat is one flavour in one cone "
     "with one topping. How many different treats are possible?", ("flavour", "cone", "topping")),
    ("There are {0} roads from Ashby to Bell and {1} roads from Bell to Corran. How many different routes go from "
     "Ashby to Corran through Bell?", ("road", "road")),
    ("A lunch special is one of {0} main dishes, one of {1} sides and one of {2} drinks. How many different lunch "
     "specials are there?", ("main", "side", "drink")),
    ("A password is one letter from A to {letter} followed by one digit from 0 to 9. How many different passwords "
     "are possible?", ("letter", "digit")),
)


@generator("counting_outfits", "Counting Methods")
def counting_outfits(rng: random.Random) -> Problem:
    template, parts = rng.choice(OUTFITS)
    if "letter" in template:
        letters = rng.randint(4, 12)
        counts = [letters, 10]
        prompt = template.format(letter=chr(ord("A") + letters - 1))
    else:
        counts = [rng.randint(2, 7) for _ in parts]
        prompt = template.format(*counts, name=rng.choice(NAMES))
    total = math.prod(counts)
    return Problem(
        prompt=prompt,
        answer=str(total),
        hint="Multiply the number of choices for each part (the counting principle); a tree diagram shows why.",
        solution=f"Each choice can go with every other: ${TIMES.join(map(str, counts))} = {total}$.",
        params={"counts": counts},
    )


@generator("counting_arrangements", "Counting Methods")
def counting_arrangements(rng: random.Random) -> Problem:
    kind = rng.choice(("line", "places", "officers", "code_no_repeat", "code_repeat", "letters"))
    if kind == "line":
        n, k = rng.randint(3, 6), None
        k = n
        prompt = f"In how many different orders can {n} friends stand in a line for a photo?"
    elif kind == "places":
        n, k = rng.randint(5, 10), 3
        prompt = (f"{n} runners are in a race. In how many different ways can the gold, silver and bronze medals be "
                  f"awarded (no ties)?")
    elif kind == "officers":
        n, k = rng.randint(5, 12), 2
        prompt = f"A club of {n} members chooses a president and a vice president. How many different ways are there?"
    elif kind == "code_no_repeat":
        n, k = rng.randint(4, 7), 3
        digits = sorted(rng.sample(range(1, 10), n))
        prompt = (f"A lock code uses three different digits chosen from ${', '.join(map(str, digits))}$. How many "
                  f"different codes are possible?")
    elif kind == "code_repeat":
        n, k = rng.randint(2, 5), rng.randint(2, 3)
        digits = sorted(rng.sample(range(1, 10), n))
        prompt = (f"A code has {k} digits, each chosen from ${', '.join(map(str, digits))}$, and digits may repeat. "
                  f"How many different codes are possible?")
    else:
        word = rng.choice(("MATH", "STAR", "FISH", "BLUE", "CORN", "PLAY", "WIND", "FROG", "CRAB", "LAMP"))
        n, k = 4, 4
        if rng.random() < 0.4:
            word = rng.choice(("PLANT", "CHAIR", "BREAD", "LIGHT", "SOUND"))
            n = k = 5
        prompt = f"How many different arrangements of the letters in the word {word} are there?"
    repeat = kind == "code_repeat"
    total = n ** k if repeat else math.perm(n, k)
    factors = [str(n)] * k if repeat else [str(n - i) for i in range(k)]
    return Problem(
        prompt=prompt,
        answer=str(total),
        hint="Count the choices for the first position, then the second, and so on, and multiply.",
        solution=f"There are ${TIMES.join(factors)} = {total}$ ways"
                 + (" (a digit may be used again each time)." if repeat else " (each choice uses up one option)."),
        params={"n": n, "k": k, "repeat": repeat},
    )


@generator("counting_combinations", "Counting Methods")
def counting_combinations(rng: random.Random) -> Problem:
    kind = rng.choice(("handshakes", "games", "toppings", "pairs", "committee"))
    if kind == "handshakes":
        n, k = rng.randint(4, 12), 2
        prompt = (f"At a meeting, each of {n} people shakes hands once with every other person. How many handshakes "
                  "are there?")
    elif kind == "games":
        n, k = rng.randint(4, 10), 2
        prompt = f"In a league of {n} teams, every team plays every other team once. How many games are played?"
    elif kind == "toppings":
        n, k = rng.randint(4, 9), rng.choice((2, 2, 3))
        prompt = (f"A pizza place offers {n} toppings. How many different pizzas with exactly {k} different toppings "
                  f"can you order (the order of the toppings does not matter)?")
    elif kind == "pairs":
        n, k = rng.randint(4, 10), 2
        prompt = f"A teacher picks 2 of {n} students to carry a box together. How many different pairs are possible?"
    else:
        n, k = rng.randint(5, 8), 3
        prompt = f"A committee of 3 is chosen from {n} volunteers. How many different committees are possible?"
    total = math.comb(n, k)
    return Problem(
        prompt=prompt,
        answer=str(total),
        hint="Count ordered choices, then divide by the number of orders of the same group.",
        solution=f"Ordered choices: ${TIMES.join(str(n - i) for i in range(k))} = {math.perm(n, k)}$; each group "
                 f"is counted ${math.factorial(k)}$ times, so there are $\\frac{{{math.perm(n, k)}}}"
                 f"{{{math.factorial(k)}}} = {total}$.",
        params={"n": n, "k": k},
    )


# == Understanding probability (D.4.8) =========================================================================
PROB_SKILL = "D.4.8-understanding-concept-of-probabilities"
LIKELIHOOD = ("impossible", "unlikely", "equally likely as not", "likely", "certain")


def _likelihood(value: Fraction) -> str:
    return LIKELIHOOD[0 if value == 0 else 4 if value == 1 else 1 if value < Fraction(1, 2) else
                      2 if value == Fraction(1, 2) else 3]


@generator("probability_likelihood_words", PROB_SKILL)
def probability_likelihood_words(rng: random.Random) -> Problem:
    target = rng.choice(LIKELIHOOD)
    setting = rng.choice(("bag", "numbers"))
    if setting == "bag":
        thing, place = rng.choice(BAGS)
        one = SINGULAR[thing]
        while True:
            bag = _bag(rng, rng.randint(2, 3), 1, 8)
            colours = list(bag)
            total = sum(bag.values())
            absent = next(c for c in COLOURS if c not in bag)
            if target == "impossible":
                spec, words = ["colours", [absent]], f"a {absent} {one}"
            elif target == "certain":
                spec = ["colours", colours]
                words = f"a {one} that is not {absent}"
            else:
                c = rng.choice(colours)
                spec, words = ["colours", [c]], f"a {c} {one}"
            value = Fraction(sum(bag[c] for c in spec[1] if c in bag), total)
            if _likelihood(value) == target:
                break
        setup = f"{_cap(place)} holds {_bag_text(bag, thing)}. One {one} is picked without looking."
        event = f"picking {words}"
        params = {"outcomes": [c for c, m in bag.items() for _ in range(m)], "spec": spec}
    else:
        while True:
            n = rng.choice((6, 6, 8, 10, 12))
            device = ("number cube numbered $1$ to $6$" if n == 6 else
                      f"spinner with ${n}$ equal sections numbered $1$ to ${n}$")
            kind = rng.choice(("gt", "lt", "even", "eq", "multiple"))
            if target == "impossible":
                spec, words = ["gt", n], f"a number greater than ${n}$"
            elif target == "certain":
                spec, words = ["lt", n + 1], f"a number less than ${n + 1}$"
            elif kind == "gt":
                k = rng.randint(1, n - 1)
                spec, words = ["gt", k], f"a number greater than ${k}$"
            elif kind == "lt":
                k = rng.randint(2, n)
                spec, words = ["lt", k], f"a number less than ${k}$"
            elif kind == "even":
                spec, words = ["even"], "an even number"
            elif kind == "eq":
                k = rng.randint(1, n)
                spec, words = ["eq", k], f"a ${k}$"
            else:
                m = rng.randint(2, 5)
                spec, words = ["multiple", m], f"a multiple of ${m}$"
            value = Fraction(sum(1 for v in range(1, n + 1) if _in_event(spec, v)), n)
            if _likelihood(value) == target:
                break
        setup = f"A fair {device} is {'rolled' if n == 6 else 'spun'} once."
        event = f"{'rolling' if n == 6 else 'landing on'} {words}"
        params = {"outcomes": list(range(1, n + 1)), "spec": spec}
    index = LIKELIHOOD.index(target)
    near = sorted((w for w in LIKELIHOOD if w != target), key=lambda w: abs(LIKELIHOOD.index(w) - index))
    return Problem(
        prompt=f"{setup} Which word best describes the chance of {event}?",
        answer=target,
        kind=AnswerKind.CHOICE,
        choices=choices_with(target, near[:3], rng),
        hint="Impossible means probability 0, certain means 1, and equally likely as not means exactly 1/2.",
        solution=f"The probability is ${latex_fraction(value)}$, so the event is {target}.",
        params=params,
    )


COMPLEMENTS = (
    "The probability that it rains tomorrow is {p}. What is the probability that it does not rain tomorrow?",
    "The probability that {name} makes a free throw is {p}. What is the probability that {name} misses it?",
    "The probability that a light bulb from a factory is faulty is {p}. What is the probability that a bulb is "
    "not faulty?",
    "The probability that the school bus is late is {p}. What is the probability that it is not late?",
    "The probability of drawing a winning ticket in a raffle is {p}. What is the probability of not drawing a "
    "winning ticket?",
)


@generator("probability_complement", PROB_SKILL)
def probability_complement(rng: random.Random) -> Problem:
    template = rng.choice(COMPLEMENTS)
    style = rng.choice(("fraction", "decimal", "percent"))
    if style == "fraction":
        d = rng.randint(3, 16)
        p = Fraction(rng.randint(1, d - 1), d)
        while p.denominator < 3:
            d = rng.randint(3, 16)
            p = Fraction(rng.randint(1, d - 1), d)
        shown, answer, form, unit = f"${latex_fraction(p)}$", fraction_text(1 - p), AnswerForm.SIMPLEST, ""
        how = f"$1 - {latex_fraction(p)} = {latex_fraction(1 - p)}$"
    elif style == "decimal":
        p = Fraction(rng.randint(1, 99), 100)
        shown, answer, form, unit = f"${decimal_text(p)}$", decimal_text(1 - p), AnswerForm.DECIMAL, ""
        how = f"$1 - {decimal_text(p)} = {decimal_text(1 - p)}$"
    else:
        p = Fraction(rng.randint(1, 19) * 5, 100)
        shown, answer, form, unit = f"${decimal_text(p * 100)}\\%$", decimal_text((1 - p) * 100), AnswerForm.ANY, "%"
        how = f"$100\\% - {decimal_text(p * 100)}\\% = {answer}\\%$"
    return Problem(
        prompt=template.format(p=shown, name=rng.choice(NAMES)),
        answer=answer,
        form=form,
        unit=unit,
        hint="An event either happens or it does not: the two probabilities add up to 1 (or 100%).",
        solution=f"The probability of the opposite event is {how}.",
        params={"p": str(p), "percent": unit == "%"},
    )


EXPECTED = (
    ("A fair number cube is rolled ${trials}$ times. About how many times do you expect it to show {what}?", "cube"),
    ("A spinner has ${n}$ equal sections, and ${k}$ of them are red. It is spun ${trials}$ times. About how many "
     "times do you expect it to land on red?", "spinner"),
    ("{name} flips a fair coin ${trials}$ times. About how many heads do you expect?", "coin"),
    ("The probability that a seed sprouts is ${p}$. If {name} plants ${trials}$ seeds, about how many do you expect "
     "to sprout?", "seeds"),
    ("{place} holds {bag}. {name} picks one, notes its colour and puts it back, ${trials}$ times. About how many "
     "times do you expect a {colour} one?", "bag"),
)


@generator("probability_expected_count", PROB_SKILL)
def probability_expected_count(rng: random.Random) -> Problem:
    template, kind = rng.choice(EXPECTED)
    name = rng.choice(NAMES)
    if kind == "cube":
        spec, what = rng.choice(((["eq", rng.randint(1, 6)], None), (["even"], "an even number"),
                                 (["gt", rng.randint(2, 4)], None), (["multiple", 3], "a multiple of $3$")))
        if what is None:
            what = f"a ${spec[1]}$" if spec[0] == "eq" else f"a number greater than ${spec[1]}$"
        outcomes, trials = list(range(1, 7)), 6 * rng.randint(3, 25)
        prompt = template.format(trials=trials, what=what)
    elif kind == "spinner":
        n = rng.choice((4, 5, 8, 10))
        k = rng.randint(1, n - 1)
        outcomes = ["red"] * k + ["other"] * (n - k)
        spec = ["colours", ["red"]]
        trials = n * rng.randint(3, 15)
        prompt = template.format(n=n, k=k, trials=trials)
    elif kind == "coin":
        outcomes, spec = ["H", "T"], ["colours", ["H"]]
        trials = 2 * rng.randint(10, 150)
        prompt = template.format(trials=trials, name=name)
    elif kind == "seeds":
        p = Fraction(rng.choice((3, 4, 6, 7, 8, 9)), 10)
        outcomes = ["yes"] * p.numerator * (10 // p.denominator) + ["no"] * (10 - p.numerator * (10 // p.denominator))
        spec = ["colours", ["yes"]]
        trials = 10 * rng.randint(2, 30)
        prompt = template.format(p=decimal_text(p), trials=trials, name=name)
    else:
        thing, place = rng.choice(BAGS)
        bag = _bag(rng, rng.randint(2, 3), 1, 6)
        colour = rng.choice(list(bag))
        outcomes = [c for c, m in bag.items() for _ in range(m)]
        spec = ["colours", [colour]]
        total = len(outcomes)
        trials = total * rng.randint(2, 10)
        prompt = template.format(place=_cap(place), bag=_bag_text(bag, thing), name=name, trials=trials,
                                 colour=colour)
    if spec[0] == "colours":
        favourable = sum(1 for o in outcomes if o in spec[1])
    else:
        favourable = sum(1 for o in outcomes if _in_event(spec, o))
    p = Fraction(favourable, len(outcomes))
    expected = p * trials
    return Problem(
        prompt=prompt,
        answer=decimal_text(expected),
        hint="Expected count = probability × number of trials.",
        solution=f"The probability each time is ${latex_fraction(p)}$, so expect ${latex_fraction(p)} \\times {trials} "
                 f"= {latex_number(expected)}$.",
        params={"outcomes": outcomes, "spec": spec, "trials": trials},
    )


@generator("probability_valid_value", PROB_SKILL)
def probability_valid_value(rng: random.Random) -> Problem:
    ask_valid = rng.choice((True, False))

    def valid_option():
        style = rng.choice(("fraction", "decimal", "percent"))
        if style == "fraction":
            d = rng.randint(2, 12)
            v = Fraction(rng.randint(1, d - 1), d)
            return v, f"${latex_fraction(v)}$"
        if style == "decimal":
            v = Fraction(rng.randint(1, 99), 100)
            return v, f"${decimal_text(v)}$"
        v = Fraction(rng.randint(1, 99), 100)
        return v, f"${decimal_text(v * 100)}\\%$"

    def invalid_option():
        style = rng.choice(("fraction", "decimal", "percent", "negative"))
        if style == "fraction":
            d = rng.randint(2, 9)
            v = Fraction(d + rng.randint(1, d), d)
            return v, f"${latex_fraction(v)}$"
        if style == "decimal":
            v = Fraction(rng.randint(101, 250), 100)
            return v, f"${decimal_text(v)}$"
        if style == "percent":
            v = Fraction(rng.randint(101, 200), 100)
            return v, f"${decimal_text(v * 100)}\\%$"
        v = -Fraction(rng.randint(1, 9), 10)
        return v, f"${decimal_text(v)}$"

    while True:
        right = valid_option() if ask_valid else invalid_option()
        wrong = [invalid_option() if ask_valid else valid_option() for _ in range(3)]
        values = [right[0], *(w[0] for w in wrong)]
        if len(set(values)) == 4:
            break
    choices = choices_with(right[1], [w[1] for w in wrong], rng)
    listed = and_list(choices)
    question = (f"Which of the numbers {listed} could be the probability of an event?" if ask_valid else
                f"Which of the numbers {listed} can NOT be the probability of an event?")
    return Problem(
        prompt=question,
        answer=right[1],
        kind=AnswerKind.CHOICE,
        choices=choices,
        hint="A probability is a number from 0 to 1 (0% to 100%).",
        solution=f"{right[1]} is {'between 0 and 1' if ask_valid else 'not between 0 and 1 (0% to 100%)'}; "
                 f"the others are {'not' if ask_valid else ''} between 0 and 1.".replace("  ", " "),
        params={"options": [[str(v), t] for v, t in [right, *wrong]], "ask_valid": ask_valid},
    )
