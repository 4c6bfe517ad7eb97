"""Generators of whole numbers, integers, decimals and their operations, order, rounding, powers and roots,
factors and multiples, number lines and scales."""
from __future__ import annotations

import math
import random
from fractions import Fraction
from itertools import pairwise
from types import SimpleNamespace

from learners.exercises.figures import INK, MUTED, PALETTE, NumberLine, Svg, with_minus_signs
from learners.exercises.problem import (
    Problem,
    and_list,
    article,
    choices_with,
    decimal_text,
    exact_form,
    exact_text,
    generator,
    latex_exact,
    latex_fraction,
    latex_mixed,
    latex_money,
    latex_number,
    mixed_text,
    plural,
    rounded,
    terminates,
)
from learners.exercises.words import NAMES
from learners.models import AnswerForm, AnswerKind

ORDINALS = ("zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
            "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth")
PLACES = {10: "ten", 100: "hundred", 1000: "thousand", 10000: "ten thousand", 100000: "hundred thousand"}
DECIMAL_PLACES = {0: "whole number", 1: "tenth", 2: "hundredth", 3: "thousandth"}


# -- writing numbers -----------------------------------------------------------------------------------------
def _par(value) -> str:
    """A number inside $...$, in brackets when it is negative: 5, (-3)."""
    return f"({latex_number(value)})" if value < 0 else latex_number(value)


def _cents(value: Fraction) -> str:
    """An amount with two decimal places (rounded to the cent): 12.5 -> 12.50."""
    whole, _, part = decimal_text(value, 2).partition(".")
    return f"{latex_number(int(whole))}.{part.ljust(2, '0')}"


def _ordinal(n: int) -> str:
    return ORDINALS[n] if n < len(ORDINALS) else f"{n}th"


def _marks(count: int) -> str:
    return f"{count} evenly spaced small {plural(count, 'mark')}"


# -- expressions as trees: ("n", value, style) | ("op", sign, a, b) | ("neg", a) | ("par", a, square) |
#    ("bar", top, bottom) | ("abs", a). The page shows them in LaTeX; the same tree written as plain text is what
#    the independent computation reads with sympy, so a missing bracket in the display is caught.
def _leaf(value, style: str = "dec") -> tuple:
    return ("n", Fraction(value), style)


def _op(sign: str, a: tuple, b: tuple) -> tuple:
    return ("op", sign, a, b)


def _group(a: tuple, square: bool = False) -> tuple:
    return ("par", a, square)


def _children(node: tuple) -> tuple[int, ...]:
    return {"n": (), "op": (2, 3), "neg": (1,), "par": (1,), "bar": (1, 2), "abs": (1,)}[node[0]]


def _value(node: tuple) -> Fraction:
    kind = node[0]
    if kind == "n":
        return node[1]
    if kind == "op":
        a, b = _value(node[2]), _value(node[3])
        return {"+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b, "/": lambda: a / b,
                "^": lambda: a ** int(b)}[node[1]]()
    if kind == "neg":
        return -_value(node[1])
    if kind == "par":
        return _value(node[1])
    if kind == "bar":
        return _value(node[1]) / _value(node[2])
    return abs(_value(node[1]))


def _leaf_text(value: Fraction, style: str, tex: bool) -> str:
    if value.denominator != 1 and (style in ("frac", "mixed") or not terminates(value)):
        if not tex:
            return f"{value.numerator}/{value.denominator}"
        return latex_mixed(value) if style == "mixed" else latex_fraction(value)
    return latex_number(value) if tex else decimal_text(value)


def _render(node: tuple, tex: bool = True, first: bool = True) -> str:
    kind = node[0]
    if kind == "n":
        value, style = node[1], node[2]
        text = _leaf_text(value, style, tex)
        if (value < 0 and not first) or (not tex and "/" in text):
            return f"\\left({text}\\right)" if tex else f"({text})"
        return text
    if kind == "op":
        sign, a, b = node[1], node[2], node[3]
        if sign == "^":
            base = _render(a, tex, True)
            if a[0] == "n" and (a[1] < 0 or (a[1].denominator != 1 and a[2] != "dec")) and not base.startswith("("):
                base = f"\\left({base}\\right)" if tex else f"({base})"
            elif a[0] == "n" and a[1] < 0 and not tex:
                base = f"({base})"
            exponent = _render(b, tex)
            return f"{base}^{{{exponent}}}" if tex else f"{base}**{exponent}"
        left, right = _render(a, tex, first), _render(b, tex, False)
        if tex:
            return f"{left} {_TEX_SIGNS[sign]} {right}"
        return f"{left}{sign}{right}"
    if kind == "neg":
        text = "-" + _render(node[1], tex, False)
        return text if first else (f"\\left({text}\\right)" if tex else f"({text})")
    if kind == "par":
        inner = _render(node[1], tex)
        if not tex:
            return f"({inner})"
        return f"\\left[{inner}\\right]" if node[2] else f"\\left({inner}\\right)"
    if kind == "bar":
        top, bottom = _render(node[1], tex), _render(node[2], tex)
        return f"\\frac{{{top}}}{{{bottom}}}" if tex else f"({top})/({bottom})"
    inner = _render(node[1], tex)
    return f"\\left|{inner}\\right|" if tex else f"Abs({inner})"


_TEX_SIGNS = {"+": "+", "-": "-", "*": "\\times", "/": "\\div"}


def _paths(node: tuple, path: tuple = ()):
    yield path, node
    for index in _children(node):
        yield from _paths(node[index], path + (index,))


def _replaced(node: tuple, path: tuple, new: tuple) -> tuple:
    if not path:
        return new
    index = path[0]
    return node[:index] + (_replaced(node[index], path[1:], new),) + node[index + 1:]


def _unwrapped(node: tuple) -> tuple:
    """Brackets around a single number dropped (a negative number keeps its brackets when it is written)."""
    if node[0] == "par" and node[1][0] == "n":
        return node[1]
    if node[0] == "n":
        return node
    return node[:1] + tuple(_unwrapped(part) if isinstance(part, tuple) else part for part in node[1:])


def _reduced(node: tuple) -> tuple:
    """The expression with one step done as a person does it: brackets first, then powers, then x and /, then
    + and -, each from left to right."""
    for path, sub in _paths(node):
        if sub[0] in ("par", "abs", "bar"):
            pending = [i for i in _children(sub) if sub[i][0] != "n"]
            if pending:
                return _unwrapped(_replaced(node, path + (pending[0],), _reduced(sub[pending[0]])))
    ready = [(path, sub) for path, sub in _paths(node)
             if sub[0] != "n" and all(sub[i][0] == "n" for i in _children(sub))]
    rank = {"abs": 0, "bar": 0, "neg": 1, "par": 0}

    def priority(item):
        sub = item[1]
        if sub[0] == "op":
            return {"^": 1, "*": 2, "/": 2, "+": 3, "-": 3}[sub[1]]
        return rank[sub[0]]

    path, sub = min(ready, key=priority)  # min keeps the first (leftmost) of equal priority
    styles = {sub[i][2] for i in _children(sub)}
    value = _value(sub)
    style = "frac" if (styles & {"frac", "mixed"} and value.denominator != 1) or not terminates(value) else "dec"
    return _unwrapped(_replaced(node, path, _leaf(value, style)))


def _worked(node: tuple) -> str:
    """'expr = step = ... = value' in LaTeX."""
    steps = [_render(node)]
    while node[0] != "n":
        node = _reduced(node)
        text = _render(node)
        if text != steps[-1]:
            steps.append(text)
    return " = ".join(steps)


def _value_prompt(rng: random.Random, tex: str, *, verb: str = "Evaluate", last: str = "Find the value of") -> str:
    """The question for the value of an expression (LaTeX), worded one of three ways."""
    return rng.choice((f"What is ${tex}$?", f"{verb} ${tex}$.", f"{last} ${tex}$."))


def _expression_problem(rng: random.Random, node: tuple, *, hint: str, solution: str, verb: str = "Evaluate",
                        last: str = "Find the value of") -> Problem:
    """A problem asking for the value of the expression `node`: the value is the answer (a fraction where it has no
    finite decimal form) and the expression, written as text, is what the independent computation reads."""
    value = _value(node)
    return Problem(
        prompt=_value_prompt(rng, _render(node), verb=verb, last=last),
        answer=exact_text(value),
        form=exact_form(value),
        hint=hint,
        solution=solution,
        params={"expression": _render(node, tex=False)},
    )


def _has_flaws(node: tuple, *, nonnegative: bool = False, whole_divisions: bool = True) -> bool:
    """A drawn expression to draw again: division by zero, an inexact division, a negative step."""
    for _path, sub in _paths(node):
        if sub[0] == "op" and sub[1] in "/" or sub[0] == "bar":
            a, b = (sub[2], sub[3]) if sub[0] == "op" else (sub[1], sub[2])
            if _value(b) == 0:
                return True
            if whole_divisions and (_value(a) / _value(b)).denominator != 1:
                return True
        if nonnegative and _value(sub) < 0:
            return True
    return False


# -- whole numbers -------------------------------------------------------------------------------------------
@generator("add_whole_numbers", "Addition Whole Numbers")
def add_whole_numbers(rng: random.Random) -> Problem:
    count = rng.choice((2, 2, 3))
    digits = rng.choice((3, 4, 5)) if count == 2 else rng.choice((2, 3, 4))
    addends = [rng.randint(10 ** (digits - 1) + 1, 10 ** digits - 1) for _ in range(count)]
    if count == 2 and rng.random() < 0.5:  # numbers of different lengths
        addends[1] = rng.randint(45, 10 ** (digits - 1) - 1)
    total = sum(addends)
    sum_tex = " + ".join(latex_number(a) for a in addends)
    names = and_list(f"${latex_number(a)}$" for a in addends)
    prompt = rng.choice((f"What is ${sum_tex}$?", f"Find the sum of {names}.", f"Add: ${sum_tex}$."))
    return Problem(
        prompt=prompt,
        answer=str(total),
        hint="Line up the digits by place value and add each column from the right, carrying when a column "
             "makes 10 or more.",
        solution=f"Add the ones, then the tens, hundreds and so on, carrying where a column makes 10 or more: "
                 f"${sum_tex} = {latex_number(total)}$.",
        params={"addends": addends},
    )


_ADD_STORIES = (
    ("{name} read {a} pages in June and {b} pages in July. How many pages did {name} read in the two months?",
     "", 2, (120, 980)),
    (("A school sold {a} tickets for the Friday concert, {b} for Saturday and {c} for Sunday. How many tickets did "
      "it sell in all?"), "", 3, (85, 640)),
    ("A farm has {a} chickens, {b} ducks and {c} geese. How many birds does the farm have?", "", 3, (24, 480)),
    (("On a road trip, {name} drove {a} km on the first day and {b} km on the second day. How far did {name} "
      "drive in the two days?"), "km", 2, (185, 760)),
    ("A library had {a} books. It bought {b} new books this year. How many books does it have now?", "", 2,
     (1200, 9800)),
    ("A museum had {a} visitors on Saturday and {b} visitors on Sunday. How many visitors came that weekend?", "", 2,
     (640, 4800)),
    (("One water tank holds {a} litres and a second tank holds {b} litres. How many litres do the two tanks hold "
      "together?"), "l", 2, (1250, 8600)),
    ("{name} walked {a} steps on Monday, {b} on Tuesday and {c} on Wednesday. How many steps is that in all?", "", 3,
     (3500, 12000)),
)


@generator("add_whole_numbers_word", "Addition Whole Numbers")
def add_whole_numbers_word(rng: random.Random) -> Problem:
    story, unit, count, (lo, hi) = rng.choice(_ADD_STORIES)
    addends = [rng.randint(lo, hi) for _ in range(count)]
    name = rng.choice(NAMES)
    total = sum(addends)
    values = {"a": f"${latex_number(addends[0])}$", "b": f"${latex_number(addends[1])}$",
              "c": f"${latex_number(addends[2])}$" if count == 3 else ""}
    return Problem(
        prompt=story.format(name=name, **values),
        answer=str(total),
        unit=unit,
        hint="The question asks for a total: add the amounts.",
        solution=f"Add the amounts: ${' + '.join(latex_number(a) for a in addends)} = {latex_number(total)}$.",
        params={"addends": addends},
    )


@generator("subtract_whole_numbers", "Subtraction Whole Numbers")
def subtract_whole_numbers(rng: random.Random) -> Problem:
    while True:
        digits = rng.choice((3, 4, 4, 5))
        a = rng.randint(10 ** (digits - 1) + 1, 10 ** digits - 1)
        if rng.random() < 0.3:  # zeros to borrow across: 5,003 or 40,206
            text = list(str(a))
            for position in range(1, digits - 1):
                if rng.random() < 0.6:
                    text[position] = "0"
            a = int("".join(text))
        b = rng.randint(10 ** (digits - 2) + 1, a - 10 ** (digits - 2))
        top, bottom = str(a), str(b).rjust(digits, "0")
        if any(int(y) > int(x) for x, y in zip(top, bottom)):  # at least one column needs borrowing
            break
    prompt = rng.choice((f"What is ${latex_number(a)} - {latex_number(b)}$?",
                         f"Subtract ${latex_number(b)}$ from ${latex_number(a)}$.",
                         f"Find the difference: ${latex_number(a)} - {latex_number(b)}$."))
    return Problem(
        prompt=prompt,
        answer=str(a - b),
        hint="Line up the digits by place value and subtract from the right, borrowing from the next place when "
             "the top digit is smaller.",
        solution=f"Subtract column by column from the right, borrowing where needed: "
                 f"${latex_number(a)} - {latex_number(b)} = {latex_number(a - b)}$. Check: ${latex_number(a - b)} + "
                 f"{latex_number(b)} = {latex_number(a)}$.",
        params={"a": a, "b": b},
    )


_SUBTRACT_STORIES = (  # template, unit, the larger amount, the difference
    ("{name} had {big} stickers and gave {small} of them to friends. How many stickers does {name} have left?", "",
     (120, 950), (35, 700)),
    ("A mountain is {big} m tall and a hill nearby is {small} m tall. How much taller is the mountain?", "m",
     (1200, 6900), (250, 4000)),
    ("A stadium has {big} seats and {small} tickets have been sold. How many seats are still free?", "",
     (8000, 65000), (450, 7000)),
    (("{name} needs {big} points to reach the next level of a game and has {small} points so far. How many more "
      "points does {name} need?"), "", (2500, 9900), (120, 2400)),
    ("A car's odometer showed {small} km at the start of a trip and {big} km at the end. How long was the trip?",
     "km", (12000, 89000), (145, 2800)),
    ("A town had {small} people ten years ago and has {big} people now. By how many people did it grow?", "",
     (4000, 48000), (180, 3500)),
)


@generator("subtract_whole_numbers_word", "Subtraction Whole Numbers")
def subtract_whole_numbers_word(rng: random.Random) -> Problem:
    story, unit, (lo, hi), (gap_lo, gap_hi) = rng.choice(_SUBTRACT_STORIES)
    big = rng.randint(lo, hi)
    small = big - rng.randint(gap_lo, min(gap_hi, big - 10))
    name = rng.choice(NAMES)
    return Problem(
        prompt=story.format(name=name, big=f"${latex_number(big)}$", small=f"${latex_number(small)}$"),
        answer=str(big - small),
        unit=unit,
        hint="How much more, how many are left and how far between: each is the larger amount minus the smaller.",
        solution=f"Subtract the smaller amount from the larger: ${latex_number(big)} - {latex_number(small)} = "
                 f"{latex_number(big - small)}$.",
        params={"big": big, "small": small},
    )


@generator("multiply_whole_numbers", "Multiplication Whole Numbers")
def multiply_whole_numbers(rng: random.Random) -> Problem:
    a_digits, b_digits = rng.choice(((2, 2), (3, 2), (4, 1), (3, 1), (2, 2)))
    a = rng.randint(10 ** (a_digits - 1) + 1, 10 ** a_digits - 1)
    b = rng.randint(max(3, 10 ** (b_digits - 1) + 1), 10 ** b_digits - 1)
    if a % 10 == 0 or b % 10 == 0:
        a += 3
    prompt = rng.choice((f"What is ${latex_number(a)} \\times {b}$?", f"Multiply: ${latex_number(a)} \\times {b}$.",
                         f"Find the product of ${latex_number(a)}$ and ${b}$."))
    tens, ones = divmod(b, 10)
    partial = (f" Split ${b}$ into ${tens * 10} + {ones}$: ${latex_number(a)} \\times {tens * 10} = "
               f"{latex_number(a * tens * 10)}$ and ${latex_number(a)} \\times {ones} = {latex_number(a * ones)}$, "
               f"which add to ${latex_number(a * b)}$."
               if tens and ones else "")
    return Problem(
        prompt=prompt,
        answer=str(a * b),
        hint="Multiply by each digit of the smaller number and add the partial products.",
        solution=f"${latex_number(a)} \\times {b} = {latex_number(a * b)}$.{partial}",
        params={"a": a, "b": b},
    )


_MULTIPLY_STORIES = (
    ("A crate holds {a} bottles. How many bottles are in {b} crates?", "", (12, 48), (14, 96)),
    ("A theatre has {b} rows with {a} seats in each row. How many seats does the theatre have?", "", (18, 46),
     (12, 38)),
    ("A printer prints {a} pages a minute. How many pages does it print in {b} minutes?", "", (24, 65), (12, 45)),
    ("A train travels {a} km each hour. How far does it travel in {b} hours?", "km", (65, 145), (3, 9)),
    ("Each of the {b} classes in a school collected {a} cans for a food drive. How many cans did the school collect?",
     "", (35, 128), (12, 28)),
    ("A box holds {a} pencils. How many pencils are in {b} boxes?", "", (24, 144), (15, 64)),
    ("{name} saves {a} coins every week. How many coins does {name} save in {b} weeks?", "", (15, 75), (12, 52)),
)


@generator("multiply_whole_numbers_word", "Multiplication Whole Numbers")
def multiply_whole_numbers_word(rng: random.Random) -> Problem:
    story, unit, (a_lo, a_hi), (b_lo, b_hi) = rng.choice(_MULTIPLY_STORIES)
    a, b = rng.randint(a_lo, a_hi), rng.randint(b_lo, b_hi)
    return Problem(
        prompt=story.format(name=rng.choice(NAMES), a=f"${a}$", b=f"${b}$"),
        answer=str(a * b),
        unit=unit,
        hint="Equal groups: multiply the size of one group by the number of groups.",
        solution=f"Multiply: ${a} \\times {b} = {latex_number(a * b)}$.",
        params={"a": a, "b": b},
    )


# -- integers ------------------------------------------------------------------------------------------------
def _signed(rng: random.Random, lo: int, hi: int, *, negative: float = 0.55) -> int:
    value = rng.randint(lo, hi)
    return -value if rng.random() < negative else value


@generator("integer_multiply_divide", "Multiplication and Division Integers")
def integer_multiply_divide(rng: random.Random) -> Problem:
    while True:
        shape = rng.randrange(6)
        a, b, c = (_signed(rng, 2, 12) for _ in range(3))
        if shape == 0:
            node = _op("*", _leaf(a), _leaf(b))
        elif shape == 1:
            node = _op("/", _leaf(a * b), _leaf(b))
        elif shape == 2:
            node = _op("*", _op("*", _leaf(a), _leaf(b)), _leaf(_signed(rng, 2, 5)))
        elif shape == 3:
            node = _op("/", _op("*", _leaf(a * c), _leaf(b)), _leaf(c))
        elif shape == 4:
            node = ("bar", _leaf(a * b), _leaf(b))
        else:
            node = _op("*", _op("/", _leaf(a * b), _leaf(b)), _leaf(c))
        leaves = [sub[1] for _path, sub in _paths(node) if sub[0] == "n"]
        if any(v < 0 for v in leaves) and not _has_flaws(node) and all(abs(v) != 1 for v in leaves):
            break
    negatives = sum(1 for v in leaves if v < 0)
    return _expression_problem(
        rng, node,
        hint="Work out the size of the answer first, then its sign: an even number of negative signs gives a "
             "positive result, an odd number a negative one.",
        solution=f"There {plural(negatives, 'is', 'are')} {negatives} negative {plural(negatives, 'number')}, so "
                 f"the result is {'positive' if negatives % 2 == 0 else 'negative'}: ${_worked(node)}$.",
    )


@generator("integer_multiply_divide_word", "Multiplication and Division Integers")
def integer_multiply_divide_word(rng: random.Random) -> Problem:
    story = rng.randrange(6)
    name = rng.choice(NAMES)
    decimals = None
    if story == 0:
        rate, count = rng.randint(2, 6), rng.randint(3, 9)
        prompt = (f"The temperature fell ${rate}$°C every hour for ${count}$ hours. What was the total change in "
                  f"temperature? Write a fall as a negative number.")
        unit, answer, how = "°", -rate * count, f"${count} \\times (-{rate}) = {-rate * count}$"
        params = {"rate": -rate, "count": count}
    elif story == 1:
        rate, count = rng.randint(3, 12), rng.randint(4, 9)
        prompt = (f"A diver starts at the surface of the water and goes down ${rate}$ m every minute. What is her "
                  f"position after ${count}$ minutes? Write a position below the surface as a negative number.")
        unit, answer, how = "m", -rate * count, f"${count} \\times (-{rate}) = {-rate * count}$"
        params = {"rate": -rate, "count": count}
    elif story == 2:
        rate, count = rng.randint(15, 90), rng.randint(3, 8)
        prompt = (f"A small shop lost ${latex_money(rate)}$ each day for ${count}$ days. What was the total change in "
                  "its money? Write a loss as a negative number.")
        unit, decimals, answer, how = "$", 2, -rate * count, f"${count} \\times (-{rate}) = {-rate * count}$"
        params = {"rate": -rate, "count": count}
    elif story == 3:
        step, count = rng.randint(15, 60), rng.randint(3, 8)
        depth = step * count
        prompt = (f"A submarine dives from the surface to ${-depth}$ m in ${count}$ equal stages. What is the change "
                  f"in its position during each stage? Write a change downwards as a negative number.")
        unit, answer, how = "m", -step, f"${-depth} \\div {count} = {-step}$"
        params = {"total": -depth, "count": count}
    elif story == 4:
        step, count = rng.randint(2, 9), rng.randint(4, 12)
        prompt = (f"Over ${count}$ days the water level of a lake changed by ${-step * count}$ cm, the same amount "
                  f"each day. What was the change each day?")
        unit, answer, how = "cm", -step, f"${-step * count} \\div {count} = {-step}$"
        params = {"total": -step * count, "count": count}
    else:
        step, count = rng.randint(2, 9), rng.randint(3, 7)
        drop = step * count
        prompt = (f"{name} noted the outside temperature at midnight and again ${count}$ hours later. It had fallen "
                  f"${drop}$°C in total, the same amount every hour. What was the change in temperature each hour? "
                  f"Write a fall as a negative number.")
        unit, answer, how = "°", -step, f"${-drop} \\div {count} = {-step}$"
        params = {"total": -drop, "count": count}
    return Problem(
        prompt=prompt,
        answer=str(answer),
        unit=unit,
        decimals=decimals,
        hint="A drop, loss or move down is negative. Repeated change: multiply; share a total change: divide.",
        solution=f"A negative number times a positive one is negative, and so is a negative number divided by a "
                 f"positive one: {how}.",
        params=params,
    )


@generator("integer_add_subtract", "Addition and Subtraction Integers")
def integer_add_subtract(rng: random.Random) -> Problem:
    while True:
        count = rng.choice((2, 2, 3))
        values = [_signed(rng, 1, 20) for _ in range(count)]
        node = _leaf(values[0])
        for value in values[1:]:
            node = _op(rng.choice("+-"), node, _leaf(value))
        if any(v < 0 for v in values) and _value(node) != 0:
            break
    return _expression_problem(
        rng, node,
        hint="Subtracting a number is the same as adding its opposite: $5 - (-3) = 5 + 3$.",
        solution=f"Change each subtraction into adding the opposite, then add from left to right: "
                 f"${_worked(node)}$.",
    )


@generator("integer_add_subtract_word", "Addition and Subtraction Integers")
def integer_add_subtract_word(rng: random.Random) -> Problem:
    story = rng.randrange(6)
    name = rng.choice(NAMES)
    decimals = None
    if story == 0:
        start, rise = -rng.randint(2, 15), rng.randint(3, 20)
        prompt = (f"At 6 a.m. the temperature was ${start}$°C. By noon it had risen ${rise}$°C. What was the "
                  f"temperature at noon?")
        terms, unit = [start, rise], "°"
    elif story == 1:
        start, fall = rng.randint(-8, 9), rng.randint(6, 20)
        prompt = (f"The temperature at noon was ${start}$°C. By midnight it had fallen ${fall}$°C. What was the "
                  f"temperature at midnight?")
        terms, unit = [start, -fall], "°"
    elif story == 2:
        start, up = -rng.randint(12, 40), rng.randint(3, 11)
        prompt = (f"A diver is at ${start}$ m, below sea level. She swims up ${up}$ m. At what elevation is she now? "
                  f"Write a position below sea level as a negative number.")
        terms, unit = [start, up], "m"
    elif story == 3:
        high, low = rng.randint(120, 900), -rng.randint(20, 95)
        prompt = (f"The highest point of a region is ${high}$ m above sea level and its lowest point is "
                  f"${-low}$ m below sea level. What is the difference between the two elevations?")
        terms, unit = [high, -low], "m"
        shown = f"{high} - ({low}) = {high} + {-low}"
    elif story == 4:
        start, deposit = -_decimal(rng, 10, 80, 2), _decimal(rng, 25, 150, rng.choice((0, 2)))
        prompt = (f"{name}'s bank balance was ${latex_money(start)}$. Then {name} deposited ${latex_money(deposit)}$. "
                  "What is the balance now?")
        terms, unit, decimals = [start, deposit], "$", 2
    else:
        gain, loss, gain2 = rng.randint(2, 15), rng.randint(3, 18), rng.randint(1, 12)
        prompt = (f"A football team gained ${gain}$ yards, then lost ${loss}$ yards, then gained ${gain2}$ yards. "
                  f"What was the total change in yards? Write a loss as a negative number.")
        terms, unit = [gain, -loss, gain2], "yd"
    total = sum(terms)
    if story != 3:
        shown = " + ".join(_par(t) if n else latex_number(t) for n, t in enumerate(terms))
    return Problem(
        prompt=prompt,
        answer=decimal_text(total),
        unit=unit,
        decimals=decimals,
        hint="Write a rise, gain or deposit as a positive number and a fall, loss or depth as a negative one, "
             "then add.",
        solution=f"Add the signed amounts: ${shown} = {latex_number(total)}$." if story != 3 else
        f"The difference is the higher elevation minus the lower one: ${shown} = {total}$.",
        params={"terms": [str(t) for t in terms]},
    )


@generator("absolute_value_evaluate", "Absolute Value")
def absolute_value_evaluate(rng: random.Random) -> Problem:
    while True:
        a, b, c = _signed(rng, 1, 25), _signed(rng, 1, 25), rng.randint(1, 12)
        shape = rng.randrange(7)
        node = [
            ("abs", _leaf(a)),
            _op("+", ("abs", _leaf(a)), ("abs", _leaf(b))),
            _op("-", ("abs", _leaf(a)), ("abs", _leaf(b))),
            ("abs", _op("-", _leaf(a), _leaf(b))),
            ("neg", ("abs", _leaf(a))),
            _op("*", _leaf(c), ("abs", _leaf(a))),
            _op("-", ("abs", _op("+", _leaf(a), _leaf(b))), _leaf(c)),
        ][shape]
        if a < 0 and (shape == 0 or rng.random() < 0.7) and a != b:
            break
    return _expression_problem(
        rng, node,
        hint="The absolute value of a number is its distance from 0, so it is never negative: "
             "$\\left|-7\\right| = 7$. Work out what is inside the bars first.",
        solution=f"${_worked(node)}$.",
    )


@generator("absolute_value_distance", "Absolute Value")
def absolute_value_distance(rng: random.Random) -> Problem:
    story = rng.randrange(4)
    unit = ""
    if story == 3:
        while True:
            values = rng.sample([v for v in range(-30, 31) if v], 5)
            if len({abs(v) for v in values}) == 5 and max(values, key=abs) < 0 < max(values):
                break
        listed = ", ".join(f"${v}$" for v in values)
        best = max(values, key=abs)
        return Problem(
            prompt=f"Which of these numbers has the greatest absolute value: {listed}?",
            answer=str(best),
            hint="Compare the distances from 0, ignoring the signs.",
            solution=f"The absolute values are {', '.join(f'${abs(v)}$' for v in values)}; the greatest is "
                     f"${abs(best)}$, which belongs to ${best}$.",
            params={"values": values, "kind": "greatest"},
        )
    a, b = -rng.randint(2, 40), rng.randint(1, 40)
    if story == 0:
        first, second = (a, b) if rng.random() < 0.5 else (b, a)
        if rng.random() < 0.3:
            second = -rng.randint(1, 40)
            while second == first:
                second -= 1
        prompt = f"What is the distance between ${first}$ and ${second}$ on a number line?"
        a, b = first, second
    elif story == 1:
        prompt = (f"A seagull flies ${b}$ m above sea level, straight above a fish swimming ${-a}$ m below sea "
                  f"level. How far apart are they?")
        unit = "m"
    else:
        prompt = (f"In the morning the temperature was ${a}$°C and in the afternoon it was ${b}$°C. By how many "
                  f"degrees did it change?")
        unit = "°"
    distance = abs(a - b)
    return Problem(
        prompt=prompt,
        answer=str(distance),
        unit=unit,
        hint="The distance between two numbers is the absolute value of their difference.",
        solution=f"The distance is $\\left|{b} - {_par(a)}\\right| = {distance}$.",
        params={"a": a, "b": b, "kind": "distance"},
    )


# -- decimals ------------------------------------------------------------------------------------------------
def _decimal(rng: random.Random, lo: int, hi: int, places: int) -> Fraction:
    """A decimal with exactly `places` places (its last digit not 0), lo <= value < hi."""
    scale = 10 ** places
    while True:
        units = rng.randint(lo * scale + 1, hi * scale - 1)
        if places == 0 or units % 10:
            return Fraction(units, scale)


@generator("decimal_add_subtract", "Addition and Subtraction Positive Decimals")
def decimal_add_subtract(rng: random.Random) -> Problem:
    while True:
        places = [rng.choice((0, 1, 2, 3)) for _ in range(3)]
        if len(set(places[:2])) == 1 and rng.random() < 0.7:
            continue  # mostly numbers with different numbers of decimal places
        values = [_decimal(rng, 0, 60, p) for p in places]
        shape = rng.randrange(4)
        if shape == 0:
            node = _op("+", _leaf(values[0]), _leaf(values[1]))
        elif shape == 1:
            node = _op("-", _leaf(max(values[:2])), _leaf(min(values[:2])))
        elif shape == 2:
            node = _op("-", _op("+", _leaf(values[0]), _leaf(values[1])), _leaf(values[2]))
        else:
            node = _op("+", _op("+", _leaf(values[0]), _leaf(values[1])), _leaf(values[2]))
        if not _has_flaws(node, nonnegative=True) and _value(node) > 0 and max(places) > 0:
            break
    return _expression_problem(
        rng, node, verb="Calculate",
        hint="Line up the decimal points, filling empty places with zeros, then add or subtract as with whole "
             "numbers.",
        solution=f"Line up the decimal points: ${_worked(node)}$.",
    )


@generator("decimal_add_subtract_word", "Addition and Subtraction Positive Decimals")
def decimal_add_subtract_word(rng: random.Random) -> Problem:
    story = rng.randrange(6)
    name = rng.choice(NAMES)
    decimals = None
    if story == 0:
        bill = rng.choice((10, 20, 50))
        price = _decimal(rng, 1, bill, 2)
        prompt = (f"{name} pays for a ${latex_money(price)}$ book with a ${latex_money(bill)}$ bill. How much change "
                  f"does {name} get?")
        a, b, sign, unit, decimals = Fraction(bill), price, "-", "$", 2
    elif story == 1:
        a, b = _decimal(rng, 2, 30, 2), _decimal(rng, 1, 12, 2)
        prompt = (f"{name} buys a T-shirt for ${latex_money(a)}$ and a cap for ${latex_money(b)}$. How much does "
                  f"{name} spend?")
        sign, unit, decimals = "+", "$", 2
    elif story == 2:
        a = _decimal(rng, 2, 9, rng.choice((1, 2)))
        b = _decimal(rng, 0, int(a), rng.choice((1, 2)))
        prompt = (f"A ribbon is ${latex_number(a)}$ m long. {name} cuts off ${latex_number(b)}$ m. How long is the "
                  "piece that is left?")
        sign, unit = "-", "m"
    elif story == 3:
        a, b = _decimal(rng, 1, 12, rng.choice((1, 2))), _decimal(rng, 1, 12, rng.choice((1, 2)))
        prompt = (f"{name} ran ${latex_number(a)}$ km on Saturday and ${latex_number(b)}$ km on Sunday. How far did "
                  f"{name} run over the weekend?")
        sign, unit = "+", "km"
    elif story == 4:
        a = _decimal(rng, 2, 9, rng.choice((2, 3)))
        b = _decimal(rng, 1, int(a), rng.choice((1, 2)))
        prompt = (f"A bag of apples has a mass of ${latex_number(a)}$ kg and a bag of oranges has a mass of "
                  f"${latex_number(b)}$ kg. How much heavier is the bag of apples?")
        sign, unit = "-", "kg"
    else:
        a, b = _decimal(rng, 2, 15, 1), _decimal(rng, 1, 15, 2)
        prompt = (f"It rained ${latex_number(a)}$ cm in May and ${latex_number(b)}$ cm in June. How much did it rain "
                  "in the two months?")
        sign, unit = "+", "cm"
    value = a + b if sign == "+" else a - b
    tex_a, tex_b = (latex_money(a), latex_money(b)) if unit == "$" else (latex_number(a), latex_number(b))
    return Problem(
        prompt=prompt,
        answer=decimal_text(value, decimals) if decimals else decimal_text(value),
        unit=unit,
        decimals=decimals,
        hint="Line up the decimal points before you add or subtract.",
        solution=f"{'Add' if sign == '+' else 'Subtract'}: ${tex_a} {sign} {tex_b} = "
                 f"{latex_money(value) if unit == '$' else latex_number(value)}$.",
        params={"a": str(a), "b": str(b), "sign": sign},
    )


@generator("decimal_multiply_divide", "Multiplication and Division Positive Decimals")
def decimal_multiply_divide(rng: random.Random) -> Problem:
    shape = rng.randrange(4)
    if shape == 0:
        a, b = _decimal(rng, 0, 20, rng.choice((1, 2))), _decimal(rng, 0, 10, 1)
        node = _op("*", _leaf(a), _leaf(b))
        how = (f"Multiply as whole numbers and count the decimal places: ${latex_number(a)}$ and ${latex_number(b)}$ "
               f"have {_places(a) + _places(b)} decimal places together, so ${latex_number(a)} \\times "
               f"{latex_number(b)} = {latex_number(a * b)}$.")
    elif shape == 1:
        a, b = _decimal(rng, 1, 60, 2), rng.randint(3, 9)
        node = _op("*", _leaf(a), _leaf(b))
        how = f"${latex_number(a)} \\times {b} = {latex_number(a * b)}$."
    elif shape == 2:
        quotient, divisor = _decimal(rng, 1, 40, rng.choice((1, 2))), rng.randint(2, 9)
        node = _op("/", _leaf(quotient * divisor), _leaf(divisor))
        how = (f"Divide as with whole numbers and keep the decimal point in place: ${_render(node)} = "
               f"{latex_number(quotient)}$.")
    else:
        quotient, divisor = _decimal(rng, 1, 90, rng.choice((0, 1))), _decimal(rng, 0, 4, rng.choice((1, 2)))
        node = _op("/", _leaf(quotient * divisor), _leaf(divisor))
        scale = 10 ** _places(divisor)
        how = (f"Multiply both numbers by ${scale}$ so that you divide by a whole number: ${_render(node)} = "
               f"{latex_number(quotient * divisor * scale)} \\div {latex_number(divisor * scale)} = "
               f"{latex_number(quotient)}$.")
    return _expression_problem(
        rng, node, verb="Calculate",
        hint="To multiply, ignore the points, multiply, then give the product as many decimal places as the factors "
             "have together. To divide by a decimal, first move both decimal points to make the divisor whole.",
        solution=how,
    )


def _places(value: Fraction) -> int:
    text = decimal_text(value)
    return len(text.partition(".")[2])


@generator("decimal_multiply_divide_word", "Multiplication and Division Positive Decimals")
def decimal_multiply_divide_word(rng: random.Random) -> Problem:
    story = rng.randrange(6)
    name = rng.choice(NAMES)
    decimals = None
    if story == 0:
        price, mass = _decimal(rng, 1, 6, 2), _decimal(rng, 1, 5, 1)
        prompt = (f"Apples cost ${latex_money(price)}$ per kilogram. How much do ${latex_number(mass)}$ kg of apples "
                  "cost?")
        value, unit, decimals, params = price * mass, "$", 2, {"a": str(price), "b": str(mass), "sign": "*"}
        how = f"${latex_number(price)} \\times {latex_number(mass)} = {latex_number(price * mass)}$"
    elif story == 1:
        price, count = _decimal(rng, 1, 9, 2), rng.randint(3, 12)
        prompt = f"{name} buys ${count}$ notebooks at ${latex_money(price)}$ each. How much does {name} pay?"
        value, unit, decimals, params = price * count, "$", 2, {"a": str(price), "b": str(count), "sign": "*"}
        how = f"${count} \\times {latex_number(price)} = {latex_number(price * count)}$"
    elif story == 2:
        share, count = _decimal(rng, 4, 30, 2), rng.randint(3, 6)
        total = share * count
        prompt = f"${count}$ friends share a restaurant bill of ${latex_money(total)}$ equally. How much does each pay?"
        value, unit, decimals, params = share, "$", 2, {"a": str(total), "b": str(count), "sign": "/"}
        how = f"${_cents(total)} \\div {count} = {_cents(share)}$"
    elif story == 3:
        piece, count = rng.choice((Fraction(1, 4), Fraction(1, 2), Fraction(3, 10), Fraction(3, 4),
                                   Fraction(6, 5), Fraction(3, 20))), rng.randint(6, 24)
        total = piece * count
        prompt = (f"A rope ${latex_number(total)}$ m long is cut into pieces that are each ${latex_number(piece)}$ m "
                  "long. How many pieces are there?")
        value, unit, params = Fraction(count), "", {"a": str(total), "b": str(piece), "sign": "/"}
        how = f"${latex_number(total)} \\div {latex_number(piece)} = {count}$"
    elif story == 4:
        lap, count = rng.choice((Fraction(2, 5), Fraction(1, 4), Fraction(3, 5), Fraction(6, 5))), rng.randint(3, 15)
        prompt = f"One lap of a track is ${latex_number(lap)}$ km. How far does {name} run in ${count}$ laps?"
        value, unit, params = lap * count, "km", {"a": str(lap), "b": str(count), "sign": "*"}
        how = f"${count} \\times {latex_number(lap)} = {latex_number(lap * count)}$"
    else:
        time, count = _decimal(rng, 1, 4, 1), rng.randint(12, 40)
        prompt = (f"A printer takes ${latex_number(time)}$ s to print one page. How long does it take to print "
                  f"${count}$ pages?")
        value, unit, params = time * count, "s", {"a": str(time), "b": str(count), "sign": "*"}
        how = f"${count} \\times {latex_number(time)} = {latex_number(time * count)}$"
    return Problem(
        prompt=prompt,
        answer=decimal_text(value, decimals) if decimals is not None else decimal_text(value),
        unit=unit,
        decimals=decimals,
        hint="Equal groups or a price per unit: multiply. Sharing a total or finding how many fit: divide.",
        solution=f"{how}" + (" (to the nearest cent)." if decimals is not None and rounded(value, 2) != value else "."),
        params=params,
    )


# -- order of operations and computation with real numbers ----------------------------------------------------
_BASIC_SHAPES = (  # expressions with + - x / and brackets, from five numbers
    lambda a, b, c, d, e: _op("+", a, _op("*", b, c)),
    lambda a, b, c, d, e: _op("-", _op("*", a, b), c),
    lambda a, b, c, d, e: _op("-", a, _op("/", b, c)),
    lambda a, b, c, d, e: _op("*", _group(_op("+", a, b)), c),
    lambda a, b, c, d, e: _op("+", _op("*", a, _group(_op("-", b, c))), d),
    lambda a, b, c, d, e: _op("-", _op("+", a, _op("*", b, c)), d),
    lambda a, b, c, d, e: _op("*", _op("/", _group(_op("+", a, b)), c), d),
    lambda a, b, c, d, e: _op("*", _op("/", a, b), c),
    lambda a, b, c, d, e: _op("+", _op("-", a, b), c),
    lambda a, b, c, d, e: _op("/", _op("*", a, b), _group(_op("+", c, d))),
    lambda a, b, c, d, e: _op("*", _group(_op("-", a, b)), _group(_op("+", c, d))),
    lambda a, b, c, d, e: _op("-", _op("*", a, b), _op("*", c, d)),
    lambda a, b, c, d, e: _op("+", _op("/", a, b), _op("*", c, _group(_op("-", d, e)))),
)


def _basic_expression(rng: random.Random) -> tuple:
    """+, -, x, / and brackets with positive numbers; every step stays positive and every division is exact."""
    while True:
        n = [rng.randint(2, 12) for _ in range(5)]
        if rng.random() < 0.25:
            n[rng.randrange(3)] = rng.choice((Fraction(1, 2), Fraction(5, 2), Fraction(3, 2), Fraction(6, 5),
                                              Fraction(1, 4), Fraction(7, 2)))
        a, b, c, d, e = (_leaf(v) for v in n)
        node = rng.choice(_BASIC_SHAPES)(a, b, c, d, e)
        if not _has_flaws(node, nonnegative=True) and 0 < _value(node) <= 300 and terminates(_value(node)) \
                and _places(_value(node)) <= 2 and all(_value(sub) != 0 for _path, sub in _paths(node)):
            return node


@generator("order_of_operations_basic", "Order of Operations +,-,/,* () positive reals")
def order_of_operations_basic(rng: random.Random) -> Problem:
    node = _basic_expression(rng)
    return _expression_problem(
        rng, node,
        hint="Brackets first, then multiplication and division from left to right, then addition and subtraction "
             "from left to right.",
        solution=f"Brackets first, then $\\times$ and $\\div$, then $+$ and $-$, each from left to right: "
                 f"${_worked(node)}$.",
    )


def _tokens(node: tuple, brackets: bool = True) -> list:
    kind = node[0]
    if kind == "n":
        return [node[1]]
    if kind == "op":
        return _tokens(node[2], brackets) + [node[1]] + _tokens(node[3], brackets)
    inner = _tokens(node[1], brackets)
    return ["(", *inner, ")"] if brackets else inner


def _evaluate_tokens(tokens: list, precedence: dict) -> Fraction | None:
    """Tokens worked out with the given precedence (a model of a student's rule); None on division by zero."""
    values: list[Fraction] = []
    operators: list[str] = []

    def apply() -> None:
        sign = operators.pop()
        b, a = values.pop(), values.pop()
        values.append({"+": a + b, "-": a - b, "*": a * b}.get(sign) if sign != "/" else a / b)

    try:
        for token in tokens:
            if isinstance(token, Fraction):
                values.append(token)
            elif token == "(":
                operators.append(token)
            elif token == ")":
                while operators[-1] != "(":
                    apply()
                operators.pop()
            else:
                while operators and operators[-1] != "(" and precedence[operators[-1]] >= precedence[token]:
                    apply()
                operators.append(token)
        while operators:
            apply()
    except ZeroDivisionError:
        return None
    return values[0]


_MISTAKES = (  # how students misread the order of operations
    ({"+": 1, "-": 1, "*": 1, "/": 1}, True, "worked strictly from left to right"),
    ({"+": 2, "-": 2, "*": 1, "/": 1}, True, "added and subtracted before multiplying and dividing"),
    ({"*": 4, "/": 3, "+": 2, "-": 1}, True, ("did every multiplication before any division and every addition "
                                              "before any subtraction")),
    ({"+": 1, "-": 1, "*": 2, "/": 2}, False, "ignored the brackets"),
)


@generator("order_of_operations_mistakes", "Order of Operations +,-,/,* () positive reals")
def order_of_operations_mistakes(rng: random.Random) -> Problem:
    while True:
        node = _basic_expression(rng)
        right = _value(node)
        wrong, why = [], []
        for precedence, brackets, story in _MISTAKES:
            value = _evaluate_tokens(_tokens(node, brackets), precedence)
            if value is not None and value != right and value not in wrong and value >= 0 and terminates(value) \
                    and _places(value) <= 2:
                wrong.append(value)
                why.append(story)
        if wrong:
            break
    offset = 1
    while len(wrong) < 3:  # near misses: an arithmetic slip
        for candidate in (right + offset, right - offset):
            if candidate > 0 and candidate not in wrong and candidate != right and len(wrong) < 3:
                wrong.append(candidate)
        offset += 1
    name = rng.choice(NAMES)
    expression = _render(node)
    if rng.random() < 0.5:
        prompt = (f"{name} says that ${expression} = {latex_number(wrong[0])}$ because {name} {why[0]}. What is the "
                  "correct value?")
    else:
        prompt = f"Which is the value of ${expression}$?"
    choices = choices_with(f"${latex_number(right)}$", [f"${latex_number(w)}$" for w in wrong], rng)
    return Problem(
        prompt=prompt,
        answer=f"${latex_number(right)}$",
        kind=AnswerKind.CHOICE,
        choices=choices,
        hint="Brackets first, then multiplication and division from left to right, then addition and subtraction "
             "from left to right.",
        solution=f"${_worked(node)}$. ${latex_number(wrong[0])}$ is what you get if you {why[0]}.",
        params={"expression": _render(node, tex=False)},
    )


_POWER_SHAPES = (  # powers with negative numbers
    lambda t: _op("+", _op("^", t.base, t.two), _op("*", t.b, _group(_op("-", t.c, t.d)))),
    lambda t: _op("-", _op("/", _op("^", _group(_op("-", t.a, t.b)), t.two), t.c), t.d),
    lambda t: _op("+", ("neg", _op("^", t.base, t.two)), _op("*", t.b, t.c)),
    lambda t: _op("+", _op("^", t.negative_base, t.three), _op("*", t.b, t.c)),
    lambda t: _op("-", _op("*", t.a, _op("^", _group(_op("+", t.b, t.c)), t.two)), t.d),
    lambda t: _op("+", _op("/", _op("^", t.base, t.three), _group(_op("-", t.b, t.c))), _op("^", t.d, t.two)),
    lambda t: _op("-", _op("^", t.negative_base, t.two), _op("^", t.base, t.two)),
)
_BRACKET_SHAPES = (  # brackets inside brackets, fraction bars, absolute values
    lambda t: _op("/", _group(_op("-", t.a, _op("^", _group(_op("-", t.b, t.c)), t.two)), True), t.d),
    lambda t: ("bar", _op("-", _op("^", t.base, t.two), t.b), _op("+", t.c, t.d)),
    lambda t: _op("-", t.a, _op("*", t.b, _group(_op("+", t.c, _group(_op("-", t.d, t.e))), True))),
    lambda t: _op("-", _op("*", ("abs", _op("-", t.a, t.b)), t.c), _op("^", t.d, t.two)),
    lambda t: _op("+", ("bar", _op("*", t.a, t.b), _op("-", t.c, t.d)), t.e),
    lambda t: _op("*", _group(_op("-", _group(_op("+", t.a, t.b)), _op("*", t.c, t.d)), True), t.e),
    lambda t: _op("-", ("bar", _op("+", _op("^", t.a, t.two), t.b), t.c), ("abs", t.d)),
)


def _all_expression(rng: random.Random, shapes: str) -> tuple:
    """Powers, negative numbers, brackets inside brackets, fraction bars and absolute values."""
    while True:
        s = [_signed(rng, 1, 9, negative=0.4) for _ in range(5)]
        a, b, c, d, e = (_leaf(v) for v in s)
        base = _leaf(rng.randint(2, 5))
        negative_base = _leaf(-rng.randint(2, 5))
        two, three = _leaf(2), _leaf(rng.choice((2, 3)))
        terms = SimpleNamespace(a=a, b=b, c=c, d=d, e=e, base=base, negative_base=negative_base, two=two,
                                three=three)
        node = rng.choice(_POWER_SHAPES if shapes == "powers" else _BRACKET_SHAPES)(terms)
        leaves = [sub[1] for _path, sub in _paths(node) if sub[0] == "n"]
        if not _has_flaws(node) and abs(_value(node)) <= 400 and any(v < 0 for v in leaves):
            return node


@generator("order_of_operations_powers", "Order of Operations All")
def order_of_operations_powers(rng: random.Random) -> Problem:
    node = _all_expression(rng, "powers")
    return _expression_problem(
        rng, node,
        hint="Brackets, then powers, then multiplication and division, then addition and subtraction. Watch the "
             "signs: $(-3)^{2} = 9$ but $-3^{2} = -9$.",
        solution=f"Brackets, then powers, then $\\times$ and $\\div$, then $+$ and $-$: ${_worked(node)}$.",
    )


@generator("order_of_operations_brackets", "Order of Operations All")
def order_of_operations_brackets(rng: random.Random) -> Problem:
    node = _all_expression(rng, "brackets")
    return _expression_problem(
        rng, node,
        hint="Work from the innermost brackets outwards. A fraction bar and absolute-value bars group like "
             "brackets: work out the top, the bottom and what is inside the bars first.",
        solution=f"Innermost brackets first, then powers, then $\\times$ and $\\div$, then $+$ and $-$: "
                 f"${_worked(node)}$.",
    )


def _real_leaf(rng: random.Random, style: str) -> tuple:
    sign = -1 if rng.random() < 0.5 else 1
    if style == "frac":
        denominator = rng.choice((2, 3, 4, 5, 6, 8))
        numerator = rng.choice([n for n in range(1, 2 * denominator) if math.gcd(n, denominator) == 1])
        return _leaf(sign * Fraction(numerator, denominator), "frac")
    if style == "mixed":
        denominator = rng.choice((2, 3, 4))
        return _leaf(sign * (rng.randint(1, 3) + Fraction(1, denominator)), "mixed")
    if style == "int":
        return _leaf(sign * rng.randint(2, 9))
    return _leaf(sign * _decimal(rng, 0, 8, rng.choice((1, 1, 2))))


_REAL_SHAPES = (
    lambda a, b, c: _op("+", a, b),
    lambda a, b, c: _op("-", a, b),
    lambda a, b, c: _op("*", a, b),
    lambda a, b, c: _op("/", a, b),
    lambda a, b, c: _op("-", a, _op("*", b, c)),
    lambda a, b, c: _op("/", _group(_op("+", a, b)), c),
    lambda a, b, c: _op("*", a, _group(_op("-", b, c))),
)


@generator("real_numbers_compute", "Computation with Real Numbers")
def real_numbers_compute(rng: random.Random) -> Problem:
    while True:
        styles = ["frac", "dec", rng.choice(("frac", "dec", "int", "mixed"))]
        rng.shuffle(styles)
        a, b, c = (_real_leaf(rng, style) for style in styles)
        node = rng.choice(_REAL_SHAPES)(a, b, c)
        value = _value(node)
        if not _has_flaws(node, whole_divisions=False) and value != 0 and abs(value) <= 60 \
                and value.denominator <= 40 and any(sub[1] < 0 for _p, sub in _paths(node) if sub[0] == "n"):
            break
    return _expression_problem(
        rng, node, last="Calculate",
        hint="Write the decimals as fractions (or the fractions as decimals) so that all numbers are in the same "
             "form, then use the sign rules and the order of operations.",
        solution=f"Write every number as a fraction and work in order: ${_worked(node)}$."
                 + (f" As a decimal, that is ${latex_number(value)}$." if terminates(value) and value.denominator != 1
                    else ""),
    )


@generator("real_numbers_word", "Computation with Real Numbers")
def real_numbers_word(rng: random.Random) -> Problem:
    story = rng.randrange(4)
    name = rng.choice(NAMES)
    decimals = None
    if story == 0:
        start = -_decimal(rng, 1, 9, 1)
        rise, hours = rng.choice((Fraction(3, 4), Fraction(1, 2), Fraction(5, 4), Fraction(3, 2))), rng.randint(2, 8)
        amount = f"${latex_fraction(rise)}$ of a degree" if rise < 1 else \
            f"${latex_mixed(rise)}$ degrees"
        prompt = (f"At dawn the temperature was ${latex_number(start)}$°C. It rose {amount} each hour for ${hours}$ "
                  "hours. What was the temperature then?")
        terms, unit = [start, rise * hours], "°"
        how = (f"${latex_number(start)} + {hours} \\times {latex_fraction(rise)} = {latex_number(start)} + "
               f"{latex_number(rise * hours)}")
    elif story == 1:
        start = -_decimal(rng, 8, 30, 1)
        up = rng.randint(2, 7) + rng.choice((Fraction(1, 2), Fraction(1, 4), Fraction(3, 4)))
        down = _decimal(rng, 1, 6, 1)
        prompt = (f"A diver is at ${latex_number(start)}$ m, below sea level. She rises ${latex_mixed(up)}$ m "
                  f"and then goes down ${latex_number(down)}$ m. At what elevation is she now?")
        terms, unit = [start, up, -down], "m"
        how = f"${latex_number(start)} + {latex_number(up)} - {latex_number(down)}"
    elif story == 2:
        balance = -_decimal(rng, 5, 60, 2)
        deposit, count = _decimal(rng, 5, 30, 2), rng.randint(2, 4)
        prompt = (f"{name}'s account balance is ${latex_money(balance)}$. {name} then deposits "
                  f"${latex_money(deposit)}$ ${count}$ times. What is the balance now?")
        terms, unit, decimals = [balance, deposit * count], "$", 2
        how = (f"${latex_number(balance)} + {count} \\times {latex_number(deposit)} = {latex_number(balance)} + "
               f"{latex_number(deposit * count)}")
    else:
        changes = [-_decimal(rng, 0, 3, 2), rng.choice((Fraction(3, 4), Fraction(1, 2), Fraction(1, 4))),
                   -rng.choice((Fraction(1, 2), Fraction(3, 4), Fraction(5, 4))), _decimal(rng, 0, 2, 2)]
        shown = [latex_number(changes[0]), latex_fraction(changes[1]), latex_fraction(changes[2]),
                 latex_number(changes[3])]
        prompt = (f"Over four days the price of a share changed by ${shown[0]}$, ${shown[1]}$, ${shown[2]}$ and "
                  f"${shown[3]}$ dollars. What was the total change in dollars?")
        terms, unit, decimals = changes, "$", 2
        how = f"${' + '.join(_par(t) if n else latex_number(t) for n, t in enumerate(changes))}"
    total = sum(terms)
    return Problem(
        prompt=prompt,
        answer=decimal_text(total, decimals) if decimals else decimal_text(total),
        unit=unit,
        decimals=decimals,
        hint="Write each change with its sign (up or in: positive; down or out: negative), turn fractions into "
             "decimals, and add.",
        solution=f"{how} = {latex_number(total)}$.",
        params={"terms": [str(t) for t in terms]},
    )


# -- rounding and estimation ---------------------------------------------------------------------------------
def _round_whole(value: int, place: int) -> int:
    low = value - value % place
    return low + place if value % place * 2 >= place else low


@generator("rounding_whole_numbers", "Rounding")
def rounding_whole_numbers(rng: random.Random) -> Problem:
    while True:
        digits = rng.randint(3, 6)
        value = rng.randint(10 ** (digits - 1), 10 ** digits - 1)
        place = rng.choice([p for p in PLACES if p < 10 ** (digits - 1) or (p < value and p <= 1000)])
        if rng.random() < 0.25:  # the deciding digit is a 5, or a 9 carries
            text = list(str(value))
            position = len(text) - len(str(place)) + 1
            text[position] = "5"
            if rng.random() < 0.5:
                text[position - 1] = "9"
            value = int("".join(text))
        if value % place:
            break
    answer = _round_whole(value, place)
    kept = value // place
    digit = value // (place // 10) % 10
    prompt = rng.choice((f"What is ${latex_number(value)}$ to the nearest {PLACES[place]}?",
                         f"Write ${latex_number(value)}$ to the nearest {PLACES[place]}.",
                         f"What is ${latex_number(value)}$ when it is written to the nearest {PLACES[place]}?"))
    return Problem(
        prompt=prompt,
        answer=str(answer),
        hint=f"Look at the digit just to the right of the {PLACES[place]}s place: 5 or more rounds up, less than 5 "
             f"rounds down.",
        solution=f"The digit after the {PLACES[place]}s place is ${digit}$, so round "
                 f"{'up' if digit >= 5 else 'down'}: ${latex_number(value)}$ lies between "
                 f"${latex_number(kept * place)}$ and ${latex_number((kept + 1) * place)}$ and rounds to "
                 f"${latex_number(answer)}$.",
        params={"value": value, "place": place},
    )


@generator("rounding_decimals", "Rounding")
def rounding_decimals(rng: random.Random) -> Problem:
    while True:
        places = rng.choice((1, 1, 2, 2, 0, 3))
        given_places = places + rng.randint(1, 2)
        value = _decimal(rng, 0, rng.choice((10, 100)), given_places)
        if rng.random() < 0.3:  # a 9 that carries, or a 5 that decides
            scaled = list(decimal_text(value))
            dot = scaled.index(".")
            deciding = dot + places + 1
            if deciding < len(scaled):
                scaled[deciding] = "5" if rng.random() < 0.5 else scaled[deciding]
                if places > 0 and rng.random() < 0.6:
                    scaled[dot + places] = "9"
                value = Fraction("".join(scaled))
        if rounded(value, places) != value and _places(value) > places:
            break
    answer = rounded(value, places)
    place = DECIMAL_PLACES[places]
    prompt = rng.choice((f"What is ${latex_number(value)}$ to the nearest {place}?",
                         f"Write ${latex_number(value)}$ to the nearest {place}.",
                         f"Give ${latex_number(value)}$ correct to the nearest {place}."))
    digit = int(decimal_text(value).partition(".")[2][places])
    return Problem(
        prompt=prompt,
        answer=decimal_text(answer, places),
        decimals=places,
        hint=f"Look at the digit just after the {place}s place: 5 or more rounds up, less than 5 rounds down."
        if places else "Look at the tenths digit: 5 or more rounds up, less than 5 rounds down.",
        solution=f"The next digit is ${digit}$, so round {'up' if digit >= 5 else 'down'}: "
                 f"${latex_number(value)} \\approx "
                 f"{decimal_text(answer, places) if places else latex_number(answer)}$.",
        params={"value": str(value), "places": places},
    )


_ROUNDING_STORIES = (  # template, place (a power of ten, or decimal places), unit, how the value is drawn
    (("The population of a town is {x}. A newspaper reports it to the nearest {place}. What number does the "
      "newspaper print?"), ("whole", (1000, 100)), "", (10000, 99999)),
    (("{x} fans came to a match. The announcer gives the attendance to the nearest {place}. What number does the "
      "announcer say?"), ("whole", (100, 1000)), "", (1000, 80000)),
    ("A jacket costs {x}. What is its price to the nearest dollar?", ("decimal", (0,)), "$", (3, 90, (2,))),
    ("A hiking trail is {x} km long. How long is it to the nearest tenth of a kilometre?", ("decimal", (1,)), "km",
     (1, 40, (2, 3))),
    ("A sprinter's time was {x} s. What is the time to the nearest hundredth of a second?", ("decimal", (2,)), "s",
     (10, 15, (3,))),
    ("A melon has a mass of {x} kg. What is its mass to the nearest tenth of a kilogram?", ("decimal", (1,)), "kg",
     (2, 9, (2, 3))),
    ("A car trip took {x} minutes. About how long was it, to the nearest ten minutes?", ("whole", (10,)), "min",
     (21, 299)),
)


@generator("rounding_word", "Rounding")
def rounding_word(rng: random.Random) -> Problem:
    template, (kind, places), unit, draw = rng.choice(_ROUNDING_STORIES)
    place = rng.choice(places)
    if kind == "whole":
        value = rng.randint(*draw)
        if value % place == 0:
            value += rng.randint(1, place - 1)
        answer, decimals = Fraction(_round_whole(value, place)), None
        place_words, column = PLACES[place], PLACES[place] + "s"
        how = f"${latex_number(value)} \\approx {latex_number(answer)}$"
    else:
        lo, hi, given = draw
        value = _decimal(rng, lo, hi, rng.choice(given))
        answer, decimals = rounded(value, place), place
        place_words, column = DECIMAL_PLACES[place], ("ones", "tenths", "hundredths")[place]
        how = f"${latex_number(value)} \\approx {decimal_text(answer, place)}$"
    shown = latex_money(value) if unit == "$" else latex_number(value)
    return Problem(
        prompt=template.format(x=f"${shown}$", place=place_words),
        answer=decimal_text(answer, decimals) if decimals is not None else str(answer),
        unit=unit,
        decimals=decimals,
        hint="Find the digit in the place you round to and look at the digit to its right: 5 or more rounds up.",
        solution=f"Look at the digit just to the right of the {column} place and round: {how}.",
        params={"value": str(value), "place": place, "kind": kind},
    )


@generator("estimation_by_place", "Estimation")
def estimation_by_place(rng: random.Random) -> Problem:
    while True:
        shape = rng.randrange(4)
        if shape == 0:
            place, numbers, sign = rng.choice((100, 1000)), [], "+"
            numbers = [rng.randint(place + 1, place * 10 - 1) for _ in range(rng.choice((2, 3)))]
        elif shape == 1:
            place, sign = rng.choice((100, 1000, 10)), "-"
            big = rng.randint(place * 3, place * 10 - 1)
            numbers = [big, rng.randint(place + 1, big - place)]
        elif shape == 2:
            place, sign = 10, "*"
            numbers = [rng.randint(11, 99), rng.randint(11, 99)]
        else:
            place, sign = 100, "*"
            numbers = [rng.randint(101, 999), rng.randint(3, 9)]
        if any(n % place == 0 for n in numbers if n >= place):
            continue
        near = [_round_whole(n, place) if n >= place else n for n in numbers]
        estimate = math.prod(near) if sign == "*" else (sum(near) if sign == "+" else near[0] - near[1])
        exact = math.prod(numbers) if sign == "*" else (sum(numbers) if sign == "+" else numbers[0] - numbers[1])
        if estimate != exact and estimate > 0:
            break
    shown = {"+": " + ", "-": " - ", "*": " \\times "}[sign].join(latex_number(n) for n in numbers)
    word = {"+": "sum", "-": "difference", "*": "product"}[sign]
    which = "each number" if sign != "*" or place == 10 else f"${latex_number(numbers[0])}$"
    prompt = rng.choice((f"Estimate the {word} ${shown}$ by first replacing {which} with the nearest "
                         + f"{PLACES[place]}.",
                         f"Replace {which} in ${shown}$ with the nearest {PLACES[place]}, then work out the estimate."))
    near_shown = {"+": " + ", "-": " - ", "*": " \\times "}[sign].join(latex_number(n) for n in near)
    return Problem(
        prompt=prompt,
        answer=str(estimate),
        hint=f"First write {which} to the nearest {PLACES[place]}, then calculate with the easier numbers.",
        solution=f"${shown} \\approx {near_shown} = {latex_number(estimate)}$. (The exact answer, "
                 f"${latex_number(exact)}$, is close.)",
        params={"numbers": numbers, "place": place, "sign": sign},
    )


@generator("estimation_best_choice", "Estimation")
def estimation_best_choice(rng: random.Random) -> Problem:
    while True:
        shape = rng.randrange(4)
        if shape == 0:
            a, b = _decimal(rng, 11, 99, 1), _decimal(rng, 2, 9, 1)
            node, near = _op("*", _leaf(a), _leaf(b)), (_round_whole(int(a + Fraction(1, 2)), 10), round(b))
            estimate = Fraction(near[0] * near[1])
            how = (f"${latex_number(a)} \\times {latex_number(b)} \\approx {near[0]} \\times {near[1]} = "
                   f"{latex_number(estimate)}$")
        elif shape == 1:
            divisor = rng.choice((20, 30, 40, 50, 60, 70, 80))
            quotient = rng.randint(3, 30)
            a = divisor * quotient + rng.randint(-9, 9)
            b = divisor + rng.choice((-2, -1, 1, 2)) + rng.choice((Fraction(0), Fraction(1, 2)))
            node, estimate = _op("/", _leaf(a), _leaf(b)), Fraction(quotient)
            how = (f"Use compatible numbers: ${latex_number(a)} \\div {latex_number(b)} \\approx "
                   f"{latex_number(divisor * quotient)} \\div {divisor} = {quotient}$")
        elif shape == 2:
            values = [_decimal(rng, 2, 30, 2) for _ in range(3)]
            node = _op("+", _op("+", _leaf(values[0]), _leaf(values[1])), _leaf(values[2]))
            near = [int(rounded(v, 0)) for v in values]
            estimate = Fraction(sum(near))
            how = f"${_render(node)} \\approx {' + '.join(str(n) for n in near)} = {estimate}$"
        else:
            a, b = rng.randint(110, 990), rng.randint(11, 99)
            near = (_round_whole(a, 100), _round_whole(b, 10))
            node, estimate = _op("*", _leaf(a), _leaf(b)), Fraction(near[0] * near[1])
            how = (f"${latex_number(a)} \\times {b} \\approx {latex_number(near[0])} \\times {near[1]} = "
                   f"{latex_number(estimate)}$")
        exact = _value(node)
        wrong = [estimate * 10, estimate / 10 if (estimate / 10).denominator == 1 else estimate * 100,
                 estimate * 2 if rng.random() < 0.5 else estimate / 2]
        wrong = [w for w in wrong if w.denominator == 1 and w != estimate]
        if estimate > 0 and len(set(wrong)) == 3 and \
                all(abs(w - exact) > 3 * abs(estimate - exact) for w in wrong):
            break
    prompt = rng.choice((f"Which is the best estimate of ${_render(node)}$?",
                         f"Without calculating exactly, which number is closest to ${_render(node)}$?"))
    return Problem(
        prompt=prompt,
        answer=f"${latex_number(estimate)}$",
        kind=AnswerKind.CHOICE,
        choices=choices_with(f"${latex_number(estimate)}$", [f"${latex_number(w)}$" for w in wrong], rng),
        hint="Replace each number with a nearby number that is easy to work with, then calculate.",
        solution=f"{how}. The other choices are far too large or too small.",
        params={"expression": _render(node, tex=False), "options": [str(estimate), *(str(w) for w in wrong)]},
    )


@generator("estimation_word", "Estimation")
def estimation_word(rng: random.Random) -> Problem:
    story = rng.randrange(4)
    name = rng.choice(NAMES)
    if story == 0:
        prices = [_decimal(rng, 1, 25, 2) for _ in range(rng.choice((3, 4)))]
        prices = [p if p.denominator != 1 and abs(p - round(p)) != Fraction(1, 2) else p + Fraction(1, 100)
                  for p in prices]
        items = and_list(f"${latex_money(p)}$" for p in prices)
        prompt = (f"{name} buys items costing {items}. Estimate the total cost by first replacing each price with the "
                  f"nearest whole dollar.")
        near = [int(rounded(p, 0)) for p in prices]
        estimate, unit = sum(near), "$"
        how = f"${' + '.join(str(n) for n in near)} = {estimate}$"
        params = {"numbers": [str(p) for p in prices], "place": 1, "sign": "+"}
    elif story == 1:
        boxes, each = rng.randint(21, 89), rng.randint(110, 490)
        if boxes % 10 == 0:
            boxes += 1
        if each % 100 == 0:
            each += 7
        prompt = (f"A school orders ${boxes}$ boxes of pencils with ${each}$ pencils in each box. Estimate the number "
                  f"of pencils by using the number of boxes to the nearest ten and the pencils per box to the nearest "
                  f"hundred.")
        near = [_round_whole(boxes, 10), _round_whole(each, 100)]
        estimate, unit = near[0] * near[1], ""
        how = f"${near[0]} \\times {near[1]} = {latex_number(estimate)}$"
        params = {"numbers": [boxes, each], "places": [10, 100], "sign": "*"}
    elif story == 2:
        legs = [rng.randint(120, 980) for _ in range(3)]
        legs = [leg + 1 if leg % 100 == 0 else leg for leg in legs]
        prompt = (f"A road trip has three parts of ${legs[0]}$ km, ${legs[1]}$ km and ${legs[2]}$ km. Estimate the "
                  f"whole distance by first replacing each part with the nearest hundred kilometres.")
        near = [_round_whole(leg, 100) for leg in legs]
        estimate, unit = sum(near), "km"
        how = f"${' + '.join(str(n) for n in near)} = {latex_number(estimate)}$"
        params = {"numbers": legs, "place": 100, "sign": "+"}
    else:
        have, cost = rng.randint(310, 990), rng.randint(105, 290)
        have, cost = (have + 3 if have % 10 == 0 else have), (cost + 4 if cost % 10 == 0 else cost)
        prompt = (f"A club has ${have}$ flyers and uses ${cost}$ of them at a fair. Estimate how many are left by "
                  f"first replacing each number with the nearest ten.")
        near = [_round_whole(have, 10), _round_whole(cost, 10)]
        estimate, unit = near[0] - near[1], ""
        how = f"${near[0]} - {near[1]} = {estimate}$"
        params = {"numbers": [have, cost], "place": 10, "sign": "-"}
    return Problem(
        prompt=prompt,
        answer=str(estimate),
        unit=unit,
        hint="Replace each number as the question says first, then calculate with the easier numbers.",
        solution=f"With the easier numbers: {how}.",
        params=params,
    )


# -- scientific notation, powers and roots -----------------------------------------------------------------------
def _scientific(value: Fraction) -> tuple[Fraction, int]:
    """value = mantissa x 10^exponent with 1 <= mantissa < 10."""
    exponent = 0
    mantissa = Fraction(value)
    while mantissa >= 10:
        mantissa, exponent = mantissa / 10, exponent + 1
    while mantissa < 1:
        mantissa, exponent = mantissa * 10, exponent - 1
    return mantissa, exponent


def _scientific_answer(value: Fraction) -> str:
    mantissa, exponent = _scientific(value)
    return f"{decimal_text(mantissa)} x 10^{exponent}"


def _scientific_tex(mantissa: Fraction, exponent: int) -> str:
    return f"{latex_number(mantissa)} \\times 10^{{{exponent}}}"


def _standard_tex(value: Fraction) -> str:
    """A number in standard form, with thin groups of three digits on both sides of the point."""
    text = decimal_text(value)
    whole, _dot, part = text.partition(".")
    whole = latex_number(int(whole))
    if part:
        part = "\\,".join(part[i:i + 3] for i in range(0, len(part), 3))
        return f"{whole}.{part}"
    return whole


def _mantissa(rng: random.Random) -> Fraction:
    digits = rng.choice((1, 2, 2, 3))
    while True:
        units = rng.randint(10 ** (digits - 1), 10 ** digits - 1)
        if units % 10 or digits == 1:
            return Fraction(units, 10 ** (digits - 1))


@generator("scientific_notation_write", "Scientific Notation")
def scientific_notation_write(rng: random.Random) -> Problem:
    mantissa = _mantissa(rng)
    shape = rng.randrange(3)
    if shape == 0:
        exponent = rng.randint(3, 11)
        value = mantissa * 10 ** exponent
        prompt = f"Write ${_standard_tex(value)}$ in scientific notation."
        shown = _standard_tex(value)
    elif shape == 1:
        exponent = -rng.randint(2, 8)
        value = mantissa * Fraction(10) ** exponent
        prompt = f"Write ${_standard_tex(value)}$ in scientific notation."
        shown = _standard_tex(value)
    else:  # a product that is not in scientific notation yet: 34 x 10^5 or 0.52 x 10^-3
        exponent = rng.randint(-6, 9)
        shift = rng.choice((1, 2, -1))
        value = mantissa * Fraction(10) ** exponent
        front = mantissa * Fraction(10) ** shift
        shown = f"{latex_number(front)} \\times 10^{{{exponent - shift}}}"
        prompt = f"The number ${shown}$ is not in scientific notation. Write it in scientific notation."
        return Problem(
            prompt=prompt,
            answer=_scientific_answer(value),
            form=AnswerForm.SCIENTIFIC,
            hint="The number in front must be at least 1 and less than 10. Moving its decimal point one place changes "
                 "the power of ten by one.",
            solution=f"${latex_number(front)} = {_scientific_tex(mantissa, shift)}$, so ${shown} = "
                     f"{_scientific_tex(mantissa, shift)} \\times 10^{{{exponent - shift}}} = "
                     f"{_scientific_tex(mantissa, exponent)}$ (add the exponents).",
            params={"standard": decimal_text(value)},
        )
    moved = "left" if exponent > 0 else "right"
    return Problem(
        prompt=prompt,
        answer=_scientific_answer(value),
        form=AnswerForm.SCIENTIFIC,
        hint="Scientific notation is $a \\times 10^{n}$ with $1 \\le a < 10$: place the decimal point after the "
             "first non-zero digit and count how many places it moved.",
        solution=f"Put the decimal point after the first non-zero digit, which gives ${latex_number(mantissa)}$; the "
                 f"point moves {abs(exponent)} {plural(abs(exponent), 'place')} {moved}, so ${shown} = "
                 f"{_scientific_tex(mantissa, exponent)}$.",
        params={"standard": decimal_text(value)},
    )


@generator("scientific_notation_to_standard", "Scientific Notation")
def scientific_notation_to_standard(rng: random.Random) -> Problem:
    mantissa = _mantissa(rng)
    exponent = rng.choice((rng.randint(2, 8), -rng.randint(1, 5)))
    value = mantissa * Fraction(10) ** exponent
    context = rng.randrange(3)
    if context == 0:
        prompt = f"Write ${_scientific_tex(mantissa, exponent)}$ as an ordinary number (in standard form)."
    elif context == 1:
        prompt = f"What number is ${_scientific_tex(mantissa, exponent)}$? Write it without a power of ten."
    else:
        prompt = f"Write ${_scientific_tex(mantissa, exponent)}$ in standard form."
    direction = "right" if exponent > 0 else "left"
    return Problem(
        prompt=prompt,
        answer=decimal_text(value),
        hint="Multiplying by $10^{n}$ moves the decimal point $n$ places to the right; a negative power moves it to "
             "the left.",
        solution=f"Move the decimal point of ${latex_number(mantissa)}$ {abs(exponent)} "
                 f"{plural(abs(exponent), 'place')} to the {direction}, filling with zeros: "
                 f"${_scientific_tex(mantissa, exponent)} = {_standard_tex(value)}$.",
        params={"mantissa": str(mantissa), "exponent": exponent},
    )


_SCIENCE_FACTS = (
    ("The distance from Earth to the Sun is about {x} km.", 150000000, "km"),
    ("Light travels about {x} km in one second.", 300000, "km"),
    ("The population of the world is about {x} people.", 8100000000, ""),
    ("A red blood cell is about {x} m wide.", Fraction(75, 10 ** 7), "m"),
    ("The mass of a grain of sand is about {x} g.", Fraction(67, 10 ** 5), "g"),
    ("The Moon is about {x} km from Earth.", 384000, "km"),
    ("A human hair is about {x} m thick.", Fraction(8, 10 ** 5), "m"),
    ("The area of the Pacific Ocean is about {x} km².", 165000000, ""),
    ("A bacterium is about {x} m long.", Fraction(2, 10 ** 6), "m"),
    ("A year has about {x} seconds.", 31500000, "s"),
    ("A virus is about {x} m across.", Fraction(12, 10 ** 8), "m"),
)


@generator("scientific_notation_word", "Scientific Notation")
def scientific_notation_word(rng: random.Random) -> Problem:
    fact, value, unit = rng.choice(_SCIENCE_FACTS)
    value = Fraction(value)
    if rng.random() < 0.5:  # a made-up measurement of the same kind
        mantissa, exponent = _scientific(value)
        value = _mantissa(rng) * Fraction(10) ** exponent
    mantissa, exponent = _scientific(value)
    shown = fact.format(x=f"${_standard_tex(value)}$")
    ask = rng.choice(("Write this number in scientific notation.",
                      "How is this number written in scientific notation?"))
    return Problem(
        prompt=f"{shown} {ask}",
        answer=_scientific_answer(value),
        unit=unit,
        form=AnswerForm.SCIENTIFIC,
        hint="Place the decimal point after the first non-zero digit and count how many places it moved: to the "
             "left gives a positive power of ten, to the right a negative one.",
        solution=f"${_standard_tex(value)} = {_scientific_tex(mantissa, exponent)}$.",
        params={"standard": decimal_text(value)},
    )


@generator("scientific_notation_operations", "Scientific Notation")
def scientific_notation_operations(rng: random.Random) -> Problem:
    while True:
        m1, m2 = Fraction(rng.randint(11, 95), 10), Fraction(rng.randint(11, 95), 10)
        e1, e2 = rng.randint(-5, 9), rng.randint(-5, 9)
        divide = rng.random() < 0.4
        if divide:
            m1 = m2 * rng.choice((2, 3, 4, Fraction(3, 2), Fraction(5, 2), 5, Fraction(1, 2), Fraction(1, 4)))
            if not (1 <= m1 < 10) or m1.denominator not in (1, 2, 5, 10, 20, 4):
                continue
            value = m1 * Fraction(10) ** e1 / (m2 * Fraction(10) ** e2)
        else:
            m1, m2 = Fraction(rng.randint(1, 9) * 10 + rng.choice((0, 5)), 10), Fraction(rng.randint(1, 9))
            if m1 >= 10:
                continue
            value = m1 * Fraction(10) ** e1 * m2 * Fraction(10) ** e2
        if terminates(value) and _places(_scientific(value)[0]) <= 3 and _scientific(value)[1] != 0:
            break
    first, second = _scientific_tex(m1, e1), _scientific_tex(m2, e2)
    mantissa, exponent = _scientific(value)
    if divide:
        prompt = f"What is $\\left({first}\\right) \\div \\left({second}\\right)$?"
        raw, raw_exponent = m1 / m2, e1 - e2
        how = (f"Divide the numbers and subtract the exponents: ${latex_number(m1)} \\div {latex_number(m2)} = "
               f"{latex_number(raw)}$ and $10^{{{e1}}} \\div 10^{{{e2}}} = 10^{{{raw_exponent}}}$")
    else:
        prompt = f"What is $\\left({first}\\right) \\times \\left({second}\\right)$?"
        raw, raw_exponent = m1 * m2, e1 + e2
        how = (f"Multiply the numbers and add the exponents: ${latex_number(m1)} \\times {latex_number(m2)} = "
               f"{latex_number(raw)}$ and $10^{{{e1}}} \\times 10^{{{e2}}} = 10^{{{raw_exponent}}}$")
    fix = "" if 1 <= raw < 10 else \
        f", and ${latex_number(raw)} \\times 10^{{{raw_exponent}}} = {_scientific_tex(mantissa, exponent)}$"
    return Problem(
        prompt=prompt,
        answer=_scientific_answer(value),
        form=AnswerForm.SCIENTIFIC,
        hint="Work with the numbers in front and with the powers of ten separately, then make sure the number in "
             "front is at least 1 and less than 10.",
        solution=f"{how}{fix}. So the answer is ${_scientific_tex(mantissa, exponent)}$.",
        params={"a": [str(m1), e1], "b": [str(m2), e2], "divide": divide},
    )


@generator("square_root_perfect", "Square Root")
def square_root_perfect(rng: random.Random) -> Problem:
    shape = rng.randrange(5)
    root = rng.randint(2, 25)
    if shape == 0:
        radicand, answer, tex = Fraction(root * root), Fraction(root), f"\\sqrt{{{root * root}}}"
    elif shape == 1:
        radicand, answer, tex = Fraction(root * root), Fraction(-root), f"-\\sqrt{{{root * root}}}"
    elif shape == 2:
        top, bottom = rng.randint(1, 11), rng.randint(2, 12)
        while math.gcd(top, bottom) != 1:
            bottom += 1
        radicand, answer = Fraction(top * top, bottom * bottom), Fraction(top, bottom)
        tex = f"\\sqrt{{\\frac{{{top * top}}}{{{bottom * bottom}}}}}"
    elif shape == 3:
        tenths = rng.choice([n for n in range(2, 13) if n % 10])
        answer = Fraction(tenths, 10)
        radicand, tex = answer * answer, f"\\sqrt{{{latex_number(answer * answer)}}}"
    else:
        other = rng.randint(2, 12)
        radicand, answer = Fraction(root * root), Fraction(root + other * other)
        tex = f"\\sqrt{{{root * root}}} + \\sqrt{{{other * other}}}"
        return Problem(
            prompt=f"What is ${tex}$?",
            answer=str(root + other),
            hint="Find the whole number that, multiplied by itself, gives each number under the root sign.",
            solution=f"${root}^{{2}} = {root * root}$ and ${other}^{{2}} = {other * other}$, so "
                     f"${tex} = {root} + {other} = {root + other}$.",
            params={"terms": [root * root, other * other], "shape": "sum"},
        )
    prompt = _value_prompt(rng, tex)
    return Problem(
        prompt=prompt,
        answer=exact_text(answer),
        form=exact_form(answer),
        hint="The square root of a number is the non-negative number that, multiplied by itself, gives it.",
        solution=f"${latex_exact(abs(answer))} \\times {latex_exact(abs(answer))} = {latex_exact(radicand)}$, so "
                 f"${tex} = {latex_exact(answer)}$.",
        params={"radicand": str(radicand), "sign": -1 if answer < 0 else 1, "shape": "root"},
    )


@generator("square_root_between", "Square Root")
def square_root_between(rng: random.Random) -> Problem:
    low = rng.randint(2, 14)
    radicand = rng.randint(low * low + 1, (low + 1) ** 2 - 1)
    if rng.random() < 0.4:
        nearest = low if radicand - low * low < (low + 1) ** 2 - radicand else low + 1
        if radicand - low * low == (low + 1) ** 2 - radicand:
            radicand += 1
            nearest = low + 1
        return Problem(
            prompt=f"Without a calculator, which whole number is $\\sqrt{{{radicand}}}$ closest to?",
            answer=str(nearest),
            hint="Find the perfect squares just below and just above the number, and see which one is closer.",
            solution=f"${low}^{{2}} = {low * low}$ and ${low + 1}^{{2}} = {(low + 1) ** 2}$; ${radicand}$ is closer to "
                     f"${nearest * nearest}$, so $\\sqrt{{{radicand}}}$ is closest to ${nearest}$.",
            params={"radicand": radicand, "kind": "closest"},
        )
    pairs = [(low, low + 1), (low - 1, low), (low + 1, low + 2), (radicand // 2, radicand // 2 + 1)]
    if pairs[3][0] in (low - 1, low, low + 1):
        pairs[3] = (low + 2, low + 3)
    texts = [f"between ${a}$ and ${b}$" for a, b in pairs]
    choices = choices_with(texts[0], texts[1:], rng)
    return Problem(
        prompt=f"Between which two consecutive whole numbers does $\\sqrt{{{radicand}}}$ lie?",
        answer=texts[0],
        kind=AnswerKind.CHOICE,
        choices=choices,
        hint="Find the perfect squares on either side of the number.",
        solution=f"${low}^{{2}} = {low * low} < {radicand} < {(low + 1) ** 2} = {low + 1}^{{2}}$, so "
                 f"$\\sqrt{{{radicand}}}$ lies between ${low}$ and ${low + 1}$. (Halving ${radicand}$ does not give "
                 f"its "
                 f"square root.)",
        params={"radicand": radicand, "kind": "between", "options": [[t, list(p)] for t, p in zip(texts, pairs)]},
    )


@generator("square_root_word", "Square Root")
def square_root_word(rng: random.Random) -> Problem:
    story = rng.randrange(4)
    name = rng.choice(NAMES)
    decimals = None
    side = rng.randint(3, 30)
    if story == 0:
        area = side * side
        prompt = f"A square garden has an area of ${area}$ m². How long is each side?"
        answer, unit, how = Fraction(side), "m", f"$\\sqrt{{{area}}} = {side}$ because ${side}^{{2}} = {area}$"
    elif story == 1:
        area = side * side
        prompt = (f"A square patio has an area of ${area}$ m². {name} wants to put a fence around all four sides. "
                  f"How long is the fence?")
        answer, unit = Fraction(4 * side), "m"
        how = f"each side is $\\sqrt{{{area}}} = {side}$ m, and the fence is $4 \\times {side} = {4 * side}$ m"
    elif story == 2:
        area = rng.choice([n for n in range(10, 400) if math.isqrt(n) ** 2 != n])
        decimals = rng.choice((1, 2))
        prompt = (f"A square rug has an area of ${area}$ ft². Use a calculator to find the length of each side of "
                  f"the rug.")
        answer, unit = Fraction(str(math.sqrt(area))), "ft"
        how = f"the side is $\\sqrt{{{area}}} \\approx {decimal_text(answer, decimals)}$ ft"
    else:
        area = side * side
        prompt = (f"{name} has ${area}$ square tiles and lays all of them in a square with the same number of rows and "
                  f"columns. How many tiles are in each row?")
        answer, unit = Fraction(side), ""
        how = f"$\\sqrt{{{area}}} = {side}$ because ${side} \\times {side} = {area}$"
    return Problem(
        prompt=prompt,
        answer=decimal_text(answer, decimals) if decimals else str(answer),
        unit=unit,
        decimals=decimals,
        hint="The side of a square is the square root of its area.",
        solution=f"The side of the square is the square root of its area: {how}.",
        params={"area": area, "story": story},
    )


@generator("square_root_decimal", "Square Root")
def square_root_decimal(rng: random.Random) -> Problem:
    radicand = rng.choice([n for n in range(2, 200) if math.isqrt(n) ** 2 != n])
    decimals = rng.choice((1, 2))
    value = math.sqrt(radicand)
    low = math.isqrt(radicand)
    prompt = rng.choice((f"Use a calculator to find $\\sqrt{{{radicand}}}$.",
                         f"What is $\\sqrt{{{radicand}}}$? Use a calculator."))
    return Problem(
        prompt=prompt,
        answer=decimal_text(Fraction(str(value)), decimals),
        decimals=decimals,
        hint=f"Check your answer: it must lie between ${low}$ and ${low + 1}$, because ${low}^{{2}} = {low * low}$ and "
             f"${low + 1}^{{2}} = {(low + 1) ** 2}$.",
        solution=f"$\\sqrt{{{radicand}}} = {value:.6f}\\ldots \\approx "
                 f"{decimal_text(Fraction(str(value)), decimals)}$, "
                 f"which lies between ${low}$ and ${low + 1}$ as expected.",
        params={"radicand": radicand},
    )


@generator("exponents_evaluate", "Exponents")
def exponents_evaluate(rng: random.Random) -> Problem:
    while True:
        shape = rng.randrange(7)
        base, power = rng.randint(2, 9), rng.randint(2, 5)
        if shape == 0:
            node = _op("^", _leaf(base), _leaf(power))
        elif shape == 1:
            node = _op("^", _leaf(-base), _leaf(rng.randint(2, 4)))
        elif shape == 2:
            node = ("neg", _op("^", _leaf(base), _leaf(rng.choice((2, 4)))))
        elif shape == 3:
            top, bottom = rng.randint(1, 5), rng.randint(2, 6)
            node = _op("^", _leaf(Fraction(top, bottom), "frac"), _leaf(rng.choice((2, 3))))
            if math.gcd(top, bottom) != 1:
                continue
        elif shape == 4:
            node = _op("^", _leaf(rng.choice((Fraction(1, 2), Fraction(3, 10), Fraction(2, 10), Fraction(15, 10),
                                               Fraction(12, 10), Fraction(4, 10)))), _leaf(rng.choice((2, 3))))
        elif shape == 5:
            node = _op(rng.choice("+-"), _op("^", _leaf(base), _leaf(2)), _op("^", _leaf(rng.randint(2, 5)), _leaf(3)))
        else:
            node = _op("+", _op("^", _leaf(base), _leaf(0)), _op("*", _leaf(rng.randint(2, 5)),
                                                                   _op("^", _leaf(rng.randint(2, 4)), _leaf(power))))
        if abs(_value(node)) <= 20000:
            break
    return _expression_problem(
        rng, node,
        hint="A power is repeated multiplication: $4^{3} = 4 \\times 4 \\times 4$. Any non-zero number to the power "
             "$0$ is $1$, and $-3^{2}$ means $-(3^{2})$.",
        solution=_power_solution(node),
    )


def _power_solution(node: tuple) -> str:
    """A single power written out as a repeated multiplication; otherwise the steps in order."""
    inner, sign = (node[1], "-") if node[0] == "neg" else (node, "")
    if inner[0] == "op" and inner[1] == "^" and inner[2][0] == "n":
        base, exponent = inner[2], int(inner[3][1])
        factor = _render(base, first=False) if base[1] < 0 or base[2] == "frac" else _render(base)
        if base[2] == "frac" and not factor.startswith("\\left"):
            factor = f"\\left({factor}\\right)"
        product = " \\times ".join([factor] * exponent)
        value = _value(node)
        written = latex_exact(value) if terminates(value) and value.denominator != 1 and base[2] != "frac" \
            else _leaf_text(value, "frac", True)
        shown = f"{sign}\\left({product}\\right)" if sign else product
        decimal = f" = {latex_number(value)}" if base[2] == "frac" and terminates(value) and value.denominator != 1 \
            else ""
        return (f"The exponent says how many times the base is a factor: ${_render(node)} = {shown} = "
                f"{written}{decimal}$.")
    return f"Work out each power first, then multiply, then add or subtract: ${_worked(node)}$."


@generator("exponents_rules", "Exponents")
def exponents_rules(rng: random.Random) -> Problem:
    shape = rng.randrange(5)
    letter = "x" if rng.random() < 0.4 else str(rng.randint(2, 9))
    m, n = rng.randint(2, 9), rng.randint(2, 8)
    if shape == 0:
        tex, result = f"{letter}^{{{m}}} \\cdot {letter}^{{{n}}}", m + n
        how = f"Multiplying powers of the same base adds the exponents: ${m} + {n} = {m + n}$"
    elif shape == 1:
        big = m + n
        tex, result = f"\\frac{{{letter}^{{{big}}}}}{{{letter}^{{{n}}}}}", m
        how = f"Dividing powers of the same base subtracts the exponents: ${big} - {n} = {m}$"
    elif shape == 2:
        m, n = rng.randint(2, 5), rng.randint(2, 4)
        tex, result = f"\\left({letter}^{{{m}}}\\right)^{{{n}}}", m * n
        how = f"A power of a power multiplies the exponents: ${m} \\times {n} = {m * n}$"
    elif shape == 3:
        count = rng.randint(3, 7)
        tex, result = " \\cdot ".join([letter] * count), count
        how = f"The base ${letter}$ is multiplied {count} times"
    else:
        p = rng.randint(2, m + n - 2)
        tex, result = f"\\frac{{{letter}^{{{m}}} \\cdot {letter}^{{{n}}}}}{{{letter}^{{{p}}}}}", m + n - p
        how = f"Add the exponents on top, then subtract the one below: ${m} + {n} - {p} = {m + n - p}$"
    prompt = rng.choice((f"Write ${tex}$ as a single power.", f"Simplify ${tex}$ and write it as one power."))
    return Problem(
        prompt=prompt,
        answer=f"{letter}^{{{result}}}",
        kind=AnswerKind.EXPRESSION,
        form=AnswerForm.POWER,
        hint="Same base: multiplying adds exponents, dividing subtracts them, and a power of a power multiplies them.",
        solution=f"{how}, so ${tex} = {letter}^{{{result}}}$.",
        params={"letter": letter, "shape": shape, "tex": tex, "m": m, "n": n,
                "count": result if shape == 3 else None, "p": p if shape == 4 else None},
    )


# -- ordering ------------------------------------------------------------------------------------------------
def _ordering_choices(values: list, texts: dict, descending: bool, rng: random.Random,
                      wrong_orders: list[list]) -> tuple[str, tuple[str, ...], list]:
    """The right order among orders from typical mistakes, each written as a list; (answer, choices, options)."""
    def text(order) -> str:
        return ", ".join(texts[v] for v in order)

    right = sorted(values, reverse=descending)
    candidates = []
    for order in wrong_orders + [list(reversed(right))]:
        if order != right and order not in candidates:
            candidates.append(order)
    index = 0
    while len(candidates) < 3:  # two neighbours swapped
        swapped = list(right)
        position = index % (len(right) - 1)
        swapped[position], swapped[position + 1] = swapped[position + 1], swapped[position]
        if swapped not in candidates and swapped != right:
            candidates.append(swapped)
        index += 1
    answer = f"${text(right)}$"
    wrong = [f"${text(order)}$" for order in candidates[:3]]
    options = [[answer, [str(v) for v in right]]] + [[w, [str(v) for v in o]] for w, o in zip(wrong, candidates)]
    return answer, choices_with(answer, wrong, rng), options


@generator("order_integers_list", "Ordering Integers")
def order_integers_list(rng: random.Random) -> Problem:
    while True:
        values = rng.sample([v for v in range(-40, 41) if v], 5)
        negatives = [v for v in values if v < 0]
        if len(negatives) >= 2 and any(v > 0 for v in values) and len({abs(v) for v in values}) == 5:
            break
    descending = rng.random() < 0.4
    context = rng.randrange(3)
    if context == 0:
        texts = {v: str(v) for v in values}
        prompt = f"Which list orders the numbers {', '.join(f'${v}$' for v in values)} from " \
                 f"{'greatest to least' if descending else 'least to greatest'}?"
    elif context == 1:
        texts = {v: f"{v}^{{\\circ}}\\mathrm{{C}}" for v in values}
        prompt = (f"The temperatures in five cities were {', '.join(f'${texts[v]}$' for v in values)}. Which list "
                  f"orders them from {'warmest to coldest' if descending else 'coldest to warmest'}?")
    else:
        texts = {v: f"{v}\\text{{ m}}" for v in values}
        prompt = (f"Five points have elevations {', '.join(f'${texts[v]}$' for v in values)} relative to sea level. "
                  f"Which list orders them from {'highest to lowest' if descending else 'lowest to highest'}?")
    by_size = sorted(values, key=abs, reverse=descending)
    negatives_wrong = sorted(negatives, key=abs) + sorted(v for v in values if v > 0)
    answer, choices, options = _ordering_choices(values, texts, descending, rng,
                                                 [by_size, negatives_wrong[::-1] if descending else negatives_wrong])
    return Problem(
        prompt=prompt,
        answer=answer,
        kind=AnswerKind.CHOICE,
        choices=choices,
        hint="On a number line, numbers increase from left to right. A negative number further from 0 is smaller: "
             "$-20 < -5$.",
        solution=f"Negative numbers are less than positive ones, and among negatives the one farthest from 0 is the "
                 f"least. In order: {answer}.",
        params={"values": values, "descending": descending, "options": options},
    )


@generator("order_integers_extreme", "Ordering Integers")
def order_integers_extreme(rng: random.Random) -> Problem:
    while True:
        values = rng.sample([v for v in range(-60, 61) if v], rng.choice((4, 5, 6)))
        if sum(v < 0 for v in values) >= 2 and len({abs(v) for v in values}) == len(values):
            break
    least = rng.random() < 0.5
    cities_asked = rng.random() < 0.5
    if cities_asked:
        values = [round(v / 2) or 1 for v in values]  # temperatures between -30 and 30
        if len({abs(v) for v in values}) < len(values):
            return order_integers_extreme(rng)
    target = min(values) if least else max(values)
    if cities_asked:
        cities = rng.sample(("Oslo", "Toronto", "Moscow", "Denver", "Helsinki", "Anchorage", "Reykjavik", "Montreal",
                             "Chicago", "Calgary"), len(values))
        listed = "; ".join(f"{c}: ${v}$°C" for c, v in zip(cities, values))
        right = cities[values.index(target)]
        prompt = (f"One morning the temperatures were {listed}. Which city was the "
                  f"{'coldest' if least else 'warmest'}?")
        wrong = [cities[values.index(max(values, key=abs))], cities[values.index(min(values, key=abs))],
                 cities[values.index(max(values) if least else min(values))]]
        wrong += [c for c in cities if c != right]
        return Problem(
            prompt=prompt,
            answer=right,
            kind=AnswerKind.CHOICE,
            choices=choices_with(right, wrong, rng),
            hint="The coldest temperature is the least number; the warmest is the greatest.",
            solution=f"The {'least' if least else 'greatest'} of the temperatures is ${target}$°C, in {right}.",
            params={"values": values, "least": least, "names": cities},
        )
    prompt = f"Which of these numbers is the {'least' if least else 'greatest'}: {', '.join(f'${v}$' for v in values)}?"
    return Problem(
        prompt=prompt,
        answer=str(target),
        hint="Picture the numbers on a number line: the least is farthest to the left, the greatest farthest to the "
             "right.",
        solution=f"In order from least to greatest: ${', '.join(str(v) for v in sorted(values))}$. The "
                 f"{'least' if least else 'greatest'} is ${target}$.",
        params={"values": values, "least": least},
    )


def _decimal_family(rng: random.Random, count: int) -> list[Fraction]:
    """Decimals made of the same digits in different places: 0.45, 0.5, 0.405, 0.054 ..."""
    while True:
        d1, d2 = rng.sample(range(1, 10), 2)
        whole = rng.choice((0, 0, rng.randint(1, 9)))
        texts = {f"{whole}.{d1}{d2}", f"{whole}.{d1}", f"{whole}.{d1}0{d2}", f"{whole}.0{d1}{d2}", f"{whole}.{d2}{d1}",
                 f"{whole}.{d2}", f"{whole}.0{d1}", f"{whole}.{d1}{d2}{d1}", f"{whole}.{d2}0{d1}"}
        values = sorted({Fraction(t) for t in texts})
        if len(values) >= count:
            return rng.sample(values, count)


@generator("order_decimals_list", "Ordering Positive Decimals")
def order_decimals_list(rng: random.Random) -> Problem:
    values = _decimal_family(rng, rng.choice((4, 5)))
    descending = rng.random() < 0.4
    texts = {v: decimal_text(v) for v in values}
    longer = sorted(values, key=lambda v: (len(texts[v]), texts[v]), reverse=descending)  # "more digits is more"
    digits = sorted(values, key=lambda v: int(texts[v].replace(".", "")), reverse=descending)
    answer, choices, options = _ordering_choices(values, texts, descending, rng, [longer, digits])
    context = rng.randrange(4)
    listed, count = ", ".join(f"${texts[v]}$" for v in values), ("four", "five")[len(values) - 4]
    if context == 1:
        prompt = (f"The masses of {count} parcels are {listed} kg. Which list orders them from "
                  f"{'heaviest to lightest' if descending else 'lightest to heaviest'}?")
    elif context == 2:
        prompt = (f"{count.capitalize()} ribbons are {listed} m long. Which list orders them from "
                  f"{'longest to shortest' if descending else 'shortest to longest'}?")
    elif context == 3:
        prompt = (f"{count.capitalize()} bottles hold {listed} litres. Which list orders them from "
                  f"{'greatest to least' if descending else 'least to greatest'} amount?")
    else:
        prompt = (f"Which list orders the decimals {', '.join(f'${texts[v]}$' for v in values)} from "
                  f"{'greatest to least' if descending else 'least to greatest'}?")
    return Problem(
        prompt=prompt,
        answer=answer,
        kind=AnswerKind.CHOICE,
        choices=choices,
        hint="Write every decimal with the same number of decimal places (add zeros at the end), then compare them "
             "like whole numbers.",
        solution=f"With the same number of decimal places: {_padded_list(sorted(values))}. In order: {answer}.",
        params={"values": [str(v) for v in values], "descending": descending, "options": options},
    )


def _padded_list(values: list[Fraction]) -> str:
    """Decimals written with the same number of places: $0.450$, $0.405$, $0.500$."""
    places = max(_places(v) for v in values)
    return ", ".join(f"${decimal_text(v)}" + "0" * (places - _places(v)) + "$" if _places(v) else
                     f"${decimal_text(v)}.{'0' * places}$" for v in values)


@generator("order_decimals_extreme", "Ordering Positive Decimals")
def order_decimals_extreme(rng: random.Random) -> Problem:
    values = _decimal_family(rng, 4)
    greatest = rng.random() < 0.5
    if rng.random() < 0.5:
        runners = rng.sample(NAMES, 4)
        seconds = rng.randint(11, 14)
        times = [seconds + v - int(v) for v in values]
        target = max(times) if greatest else min(times)
        right = runners[times.index(target)]
        listed = "; ".join(f"{r}: ${decimal_text(t)}$ s" for r, t in zip(runners, times))
        return Problem(
            prompt=f"Four runners ran $100$ m. Their times were {listed}. Who was the "
                   f"{'slowest' if greatest else 'fastest'}?",
            answer=right,
            kind=AnswerKind.CHOICE,
            choices=tuple(runners),
            hint="The fastest runner has the least time, the slowest the greatest. Compare the decimals place by "
                 "place.",
            solution=f"With the same number of decimal places the times are {_padded_list(times)}; the "
                     f"{'greatest' if greatest else 'least'} is ${decimal_text(target)}$ s, {right}'s.",
            params={"values": [str(t) for t in times], "names": runners, "greatest": greatest},
        )
    target = max(values) if greatest else min(values)
    texts = [f"${decimal_text(v)}$" for v in values]
    return Problem(
        prompt=f"Which of the decimals {and_list(texts)} is the "
               f"{'greatest' if greatest else 'least'}?",
        answer=f"${decimal_text(target)}$",
        kind=AnswerKind.CHOICE,
        choices=tuple(rng.sample(texts, len(texts))),
        hint="Compare the tenths first, then the hundredths, then the thousandths. More digits does not mean larger.",
        solution=f"With the same number of decimal places: {_padded_list(values)}. The "
                 f"{'greatest' if greatest else 'least'} is ${decimal_text(target)}$.",
        params={"values": [str(v) for v in values], "greatest": greatest},
    )


def _real_item(rng: random.Random) -> tuple[str, str, float]:
    """A real number as LaTeX, as sympy text, and its value."""
    kind = rng.randrange(6)
    sign = -1 if rng.random() < 0.45 else 1
    if kind == 0:
        denominator = rng.choice((2, 3, 4, 5, 8))
        numerator = rng.choice([n for n in range(1, 3 * denominator) if math.gcd(n, denominator) == 1])
        value = sign * Fraction(numerator, denominator)
        return latex_fraction(value), f"{value.numerator}/{value.denominator}", float(value)
    if kind == 1:
        value = sign * _decimal(rng, 0, 3, rng.choice((1, 2)))
        return latex_number(value), decimal_text(value), float(value)
    if kind == 2:
        radicand = rng.choice((2, 3, 5, 6, 7, 8, 10, 11, 12, 13, 15))
        return (f"{'-' if sign < 0 else ''}\\sqrt{{{radicand}}}", f"{sign}*sqrt({radicand})",
                sign * math.sqrt(radicand))
    if kind == 3:
        return ("\\pi", "pi", math.pi) if sign > 0 else ("-\\pi", "-pi", -math.pi)
    if kind == 4:
        value = sign * (rng.randint(1, 2) + Fraction(rng.choice((1, 3)), 4))
        return latex_mixed(value), f"{value.numerator}/{value.denominator}", float(value)
    value = sign * rng.randint(1, 3)
    return str(value), str(value), float(value)


def _about(tex: str, value: float) -> str:
    """'$\\sqrt{2}$ (about $1.41$)', or just the number when it is a short decimal already."""
    if tex == f"{value:g}":
        return f"${tex}$"
    return f"${tex}$ (about ${value:.2f}$)"


def _real_items(rng: random.Random, count: int) -> list[tuple[str, str, float]]:
    while True:
        items = [_real_item(rng) for _ in range(count)]
        values = sorted(item[2] for item in items)
        if all(b - a >= 0.04 for a, b in pairwise(values)) and values[0] < 0 < values[-1] \
                and len({item[0] for item in items}) == count and len({abs(v) for v in values}) == count:
            return items


@generator("order_real_numbers_list", "Ordering Real Numbers")
def order_real_numbers_list(rng: random.Random) -> Problem:
    items = _real_items(rng, 4)
    descending = rng.random() < 0.4
    by_value = {item[2]: item for item in items}
    texts = {item[2]: item[0] for item in items}
    values = list(by_value)
    by_size = sorted(values, key=abs, reverse=descending)
    answer, choices, options = _ordering_choices(values, texts, descending, rng, [by_size])
    options = [[text, [by_value[float(v)][1] for v in order]] for text, order in options]
    prompt = (f"Which list orders ${'$, $'.join(item[0] for item in items)}$ from "
              f"{'greatest to least' if descending else 'least to greatest'}?")
    approximations = ", ".join(_about(t, v) for v, t in sorted(texts.items()))
    return Problem(
        prompt=prompt,
        answer=answer,
        kind=AnswerKind.CHOICE,
        choices=choices,
        hint="Write each number as a decimal (to two places is enough), then place them on a number line.",
        solution=f"As decimals: {approximations}. In order: {answer}.",
        params={"items": [item[1] for item in items], "descending": descending, "options": options},
    )


@generator("order_real_numbers_extreme", "Ordering Real Numbers")
def order_real_numbers_extreme(rng: random.Random) -> Problem:
    items = _real_items(rng, 4)
    greatest = rng.random() < 0.5
    target = max(items, key=lambda item: item[2]) if greatest else min(items, key=lambda item: item[2])
    texts = [f"${item[0]}$" for item in items]
    approximations = ", ".join(_about(item[0], item[2]) for item in sorted(items, key=lambda i: i[2]))
    return Problem(
        prompt=f"Which of the numbers {and_list(texts)} is the "
               f"{'greatest' if greatest else 'least'}?",
        answer=f"${target[0]}$",
        kind=AnswerKind.CHOICE,
        choices=tuple(rng.sample(texts, len(texts))),
        hint="Write each number as a decimal: $\\sqrt{2} \\approx 1.41$, $\\pi \\approx 3.14$, "
             "$\\frac{3}{4} = 0.75$.",
        solution=f"As decimals, from least to greatest: {approximations}. The {'greatest' if greatest else 'least'} is "
                 f"${target[0]}$.",
        params={"items": [[f"${item[0]}$", item[1]] for item in items], "greatest": greatest},
    )


# -- factors and multiples -----------------------------------------------------------------------------------
def _digit_sum(n: int) -> int:
    return sum(int(d) for d in str(n))


def _passes_rule(n: int, divisor: int) -> bool:
    """Divisibility by the rules a student uses (digits), not by dividing."""
    last, last_two, last_three = n % 10, n % 100, n % 1000
    return {
        2: last in (0, 2, 4, 6, 8),
        3: _digit_sum(n) in range(0, 1000, 3),
        4: last_two in range(0, 100, 4),
        5: last in (0, 5),
        6: last in (0, 2, 4, 6, 8) and _digit_sum(n) in range(0, 1000, 3),
        8: last_three in range(0, 1000, 8),
        9: _digit_sum(n) in range(0, 1000, 9),
        10: last == 0,
    }[divisor]


_RULES = {2: "its last digit is even", 3: "the sum of its digits is a multiple of 3",
          4: "the number formed by its last two digits is a multiple of 4", 5: "its last digit is 0 or 5",
          6: "it is even and the sum of its digits is a multiple of 3",
          8: "the number formed by its last three digits is a multiple of 8",
          9: "the sum of its digits is a multiple of 9", 10: "its last digit is 0"}


@generator("divisibility_which_number", "Divisibility Rules")
def divisibility_which_number(rng: random.Random) -> Problem:
    if rng.random() < 0.55:
        divisor = rng.choice((3, 4, 6, 8, 9))
        while True:
            numbers = [rng.randint(1000, 99999) for _ in range(4)]
            if divisor in (4, 8, 6):  # even distractors: the last digit alone does not decide
                numbers = [n - n % 2 for n in numbers]
            if divisor == 9:  # multiples of 3 that are not multiples of 9 are the tempting wrong choices
                numbers = [n - n % 3 for n in numbers]
            passing = [n for n in numbers if _passes_rule(n, divisor)]
            if passing == numbers[:1] and len(set(numbers)) == 4:
                break
        right = numbers[0]
        reason = f"${latex_number(right)}$ is, because {_RULES[divisor]}"
        if divisor in (3, 9, 6):
            reason += f" (${' + '.join(str(right))} = {_digit_sum(right)}$)"
        return Problem(
            prompt=f"Which of the numbers {and_list(f'${latex_number(n)}$' for n in sorted(numbers))} is divisible "
                   f"by ${divisor}$?",
            answer=f"${latex_number(right)}$",
            kind=AnswerKind.CHOICE,
            choices=choices_with(f"${latex_number(right)}$", [f"${latex_number(n)}$" for n in numbers[1:]], rng),
            hint=f"A number is divisible by ${divisor}$ when {_RULES[divisor]}.",
            solution=f"{reason}; none of the others passes the test.",
            params={"divisor": divisor, "numbers": numbers, "kind": "number"},
        )
    while True:
        n = rng.randint(100, 9999)
        candidates = (3, 4, 5, 6, 8, 9, 10)
        passing = [d for d in candidates if _passes_rule(n, d)]
        if len(passing) == 1:
            break
    right = passing[0]
    wrong = rng.sample([d for d in candidates if d != right], 3)
    return Problem(
        prompt=f"The number ${latex_number(n)}$ is divisible by exactly one of these numbers. Which one?",
        answer=f"${right}$",
        kind=AnswerKind.CHOICE,
        choices=choices_with(f"${right}$", [f"${d}$" for d in wrong], rng),
        hint="Use the divisibility rules: the last digits for 2, 4, 5, 8 and 10, the sum of the digits for 3 and 9.",
        solution=f"${latex_number(n)}$ is divisible by ${right}$ because {_RULES[right]}; the sum of its digits is "
                 f"${_digit_sum(n)}$ and its last two digits are ${n % 100:02d}$, which rules out the others.",
        params={"n": n, "options": [right, *wrong], "kind": "divisor"},
    )


@generator("divisibility_missing_digit", "Divisibility Rules")
def divisibility_missing_digit(rng: random.Random) -> Problem:
    while True:
        divisor = rng.choice((3, 9, 6, 4, 9, 3))
        digits = [str(rng.randint(1, 9))] + [str(rng.randint(0, 9)) for _ in range(rng.randint(2, 4))]
        position = rng.randrange(1, len(digits)) if divisor != 4 else len(digits) - 2
        if divisor == 6 and position == len(digits) - 1:
            continue
        fits = [d for d in range(10) if _passes_rule(int("".join(digits[:position] + [str(d)] + digits[position + 1:])),
                                                     divisor)]
        if fits and fits[0] > 0:
            break
    smallest = fits[0]
    shown = "".join(digits[:position]) + "\\square " + "".join(digits[position + 1:])
    number = int("".join(digits[:position] + [str(smallest)] + digits[position + 1:]))
    if divisor == 9:
        prompt = (f"In the number ${shown}$ the $\\square$ is a missing digit. Which digit makes the number "
                  f"divisible by $9$?")
    else:
        prompt = (f"In the number ${shown}$ the $\\square$ is a missing digit. What is the smallest digit that makes "
                  f"the number divisible by ${divisor}$?")
    return Problem(
        prompt=prompt,
        answer=str(smallest),
        hint=f"A number is divisible by ${divisor}$ when {_RULES[divisor]}.",
        solution=f"A number is divisible by ${divisor}$ when {_RULES[divisor]}. Trying the digits from $0$ up, the "
                 f"first that works is ${smallest}$: ${latex_number(number)}$ is divisible by ${divisor}$.",
        params={"digits": digits, "position": position, "divisor": divisor},
    )


def _is_prime(n: int) -> bool:
    if n < 2:
        return False
    sieve = [True] * (n + 1)
    for k in range(2, math.isqrt(n) + 1):
        if sieve[k]:
            for multiple in range(k * k, n + 1, k):
                sieve[multiple] = False
    return sieve[n]


_LOOK_PRIME = (21, 27, 33, 39, 49, 51, 57, 63, 69, 77, 81, 87, 91, 93, 99, 111, 117, 119, 121, 133, 143, 147, 153,
               161, 169, 171, 177, 187, 189, 203, 207, 209, 217, 221)


@generator("prime_which_is_prime", "Prime Number")
def prime_which_is_prime(rng: random.Random) -> Problem:
    primes = [n for n in range(11, 230) if _is_prime(n)]
    if rng.random() < 0.6:
        right = rng.choice(primes)
        wrong = rng.sample(_LOOK_PRIME, 3)
        ask = "prime"
        why = f"${right}$ has no factors other than $1$ and itself. " + " ".join(
            f"${w} = {_smallest_factor(w)} \\times {w // _smallest_factor(w)}$." for w in wrong)
    else:
        right = rng.choice(_LOOK_PRIME)
        wrong = rng.sample(primes, 3)
        ask = "composite (not prime)"
        why = f"${right} = {_smallest_factor(right)} \\times {right // _smallest_factor(right)}$, while " \
              f"{', '.join(f'${w}$' for w in wrong)} are prime."
    listed = sorted([right, *wrong])
    return Problem(
        prompt=f"Which of the numbers {and_list(f'${n}$' for n in listed)} is {ask}?",
        answer=f"${right}$",
        kind=AnswerKind.CHOICE,
        choices=choices_with(f"${right}$", [f"${w}$" for w in wrong], rng),
        hint="Try dividing by the primes $2, 3, 5, 7, 11$ and $13$. A prime number has exactly two factors: $1$ and "
             "itself.",
        solution=why,
        params={"numbers": [right, *wrong], "ask": "prime" if ask == "prime" else "composite"},
    )


def _smallest_factor(n: int) -> int:
    return next(k for k in range(2, n + 1) if n % k == 0)


def _factorization(n: int) -> dict[int, int]:
    out: dict[int, int] = {}
    k = 2
    while n > 1:
        while n % k == 0:
            out[k] = out.get(k, 0) + 1
            n //= k
        k += 1
    return out


def _factor_tex(factors: list[tuple[int, int]]) -> str:
    return " \\cdot ".join(f"{p}^{{{e}}}" if e > 1 else str(p) for p, e in factors)


@generator("prime_factorization_choice", "Prime Number")
def prime_factorization_choice(rng: random.Random) -> Problem:
    while True:
        factors = {2: rng.randint(0, 4), 3: rng.randint(0, 3), 5: rng.randint(0, 2), 7: rng.randint(0, 1)}
        n = math.prod(p ** e for p, e in factors.items())
        if 24 <= n <= 1000 and sum(1 for e in factors.values() if e) >= 2 and sum(factors.values()) >= 3:
            break
    right = [(p, e) for p, e in sorted(factors.items()) if e]
    # typical mistakes: two primes left multiplied together (a composite factor), one factor too many, one too few
    (p1, e1), (p2, e2) = right[0], right[1]
    composite = [(p, e) for p, e in [(p1, e1 - 1), (p2, e2 - 1)] + right[2:] if e] + [(p1 * p2, 1)]
    extra = [(p1, e1 + 1)] + right[1:]
    fewer = [(p, e - 1) if p == right[-1][0] else (p, e) for p, e in right]
    fewer = [(p, e) for p, e in fewer if e]
    options = [right]
    for candidate in (sorted(composite), extra, fewer):
        if candidate not in options:
            options.append(candidate)
    texts = [f"${_factor_tex(o)}$" for o in options[:4]]
    ask = rng.choice((f"Which is the prime factorization of ${n}$?",
                      f"Which product of prime numbers is equal to ${n}$?"))
    return Problem(
        prompt=ask,
        answer=texts[0],
        kind=AnswerKind.CHOICE,
        choices=choices_with(texts[0], texts[1:], rng),
        hint="Divide by the smallest prime that goes in, again and again, until you reach $1$. Every factor in the "
             "answer must be prime, and the product must be the number.",
        solution=f"Dividing by primes: ${n} = {_factor_tex(right)}$. Every factor is prime and the product is "
                 f"${n}$; the other choices have a factor that is not prime or a product that is not ${n}$.",
        params={"n": n, "options": [[t, [list(pe) for pe in o]] for t, o in zip(texts, options)]},
    )


@generator("prime_numbers_count", "Prime Number")
def prime_numbers_count(rng: random.Random) -> Problem:
    kind = rng.randrange(3)
    if kind == 0:
        low = rng.randint(1, 80)
        high = low + rng.randint(12, 25)
        while _is_prime(low) or _is_prime(high):  # "between" then needs no decision about the ends
            low, high = low + 1, high + 1
        count = sum(1 for n in range(low + 1, high) if _is_prime(n))
        return Problem(
            prompt=f"How many prime numbers are there between ${low}$ and ${high}$?",
            answer=str(count),
            hint="Check each number in turn: cross out the even numbers, the multiples of 3, 5 and 7.",
            solution=f"The primes between ${low}$ and ${high}$ are "
                     f"{', '.join(f'${n}$' for n in range(low + 1, high) if _is_prime(n)) or 'none'}: "
                     f"${count}$ in all.",
            params={"low": low, "high": high, "kind": "count"},
        )
    if kind == 1:
        n = rng.randint(20, 200)
        answer = next(k for k in range(n + 1, 2 * n) if _is_prime(k))
        return Problem(
            prompt=f"What is the smallest prime number greater than ${n}$?",
            answer=str(answer),
            hint="Test the numbers after it one at a time by dividing by $2, 3, 5, 7, 11$ and $13$.",
            solution=f"Every number from ${n + 1}$ to ${answer - 1}$ has a factor other than $1$ and itself, and "
                     f"${answer}$ has none, so the answer is ${answer}$." if answer > n + 1 else
            f"${answer}$ has no factors other than $1$ and itself.",
            params={"n": n, "kind": "next"},
        )
    while True:
        n = rng.randint(30, 500)
        factors = _factorization(n)
        if len(factors) >= 2:
            break
    largest = max(factors)
    return Problem(
        prompt=f"What is the largest prime factor of ${n}$?",
        answer=str(largest),
        hint="Write the number as a product of primes.",
        solution=f"${n} = {_factor_tex(sorted(factors.items()))}$, so its largest prime factor is ${largest}$.",
        params={"n": n, "kind": "largest"},
    )


@generator("lcm_numbers", "Least Common Multiple")
def lcm_numbers(rng: random.Random) -> Problem:
    while True:
        count = rng.choice((2, 2, 2, 3))
        numbers = sorted(rng.sample(range(2, 31 if count == 2 else 16), count))
        lcm = math.lcm(*numbers)
        if lcm not in numbers and (lcm != math.prod(numbers) or rng.random() < 0.2) and lcm <= 400:
            break  # mostly numbers with a common factor, so that the product is not the answer
    listed = and_list(f"${n}$" for n in numbers)
    prompt = rng.choice((f"What is the least common multiple of {listed}?",
                         f"Find the LCM of {listed}.",
                         f"What is the smallest number that is a multiple of each of {listed}?"))
    multiples = ", ".join(f"${numbers[-1] * k}$" for k in range(1, lcm // numbers[-1] + 1))
    return Problem(
        prompt=prompt,
        answer=str(lcm),
        hint="List the multiples of the largest number until you reach one that the other numbers divide.",
        solution=f"Multiples of ${numbers[-1]}$: {multiples}. The first that "
                 f"{'is also a multiple of the others' if count == 3 else f'is also a multiple of ${numbers[0]}$'} "
                 f"is ${lcm}$.",
        params={"numbers": numbers},
    )


@generator("lcm_word", "Least Common Multiple")
def lcm_word(rng: random.Random) -> Problem:
    while True:
        a, b = sorted(rng.sample(range(4, 26), 2))
        lcm = math.lcm(a, b)
        if lcm not in (a, b) and (lcm != a * b or rng.random() < 0.2) and lcm <= 180:
            break
    story = rng.randrange(4)
    name = rng.choice(NAMES)
    unit = ""
    if story == 0:
        prompt = (f"Bus A leaves the station every ${a}$ minutes and bus B every ${b}$ minutes. Both leave at 8:00. "
                  f"After how many minutes do they next leave at the same time?")
        unit = "min"
    elif story == 1:
        prompt = (f"Hot dogs come in packs of ${a}$ and buns in packs of ${b}$. {name} wants exactly as many hot dogs "
                  f"as buns. What is the smallest number of hot dogs {name} can buy?")
    elif story == 2:
        prompt = (f"One light blinks every ${a}$ seconds and another every ${b}$ seconds. They blink together now. "
                  f"After how many seconds do they next blink together?")
        unit = "s"
    else:
        prompt = (f"{name} runs a lap in ${a}$ minutes and a friend runs a lap in ${b}$ minutes. They start together "
                  f"at the line. After how many minutes are they next at the start line together?")
        unit = "min"
    return Problem(
        prompt=prompt,
        answer=str(lcm),
        unit=unit,
        hint="The next time both happen together is a common multiple of the two numbers; the first time is the "
             "least common multiple.",
        solution=f"Multiples of ${b}$: {', '.join(f'${b * k}$' for k in range(1, lcm // b + 1))}. The first that is "
                 f"also a multiple of ${a}$ is ${lcm}$.",
        params={"numbers": [a, b]},
    )


@generator("gcf_numbers", "Greatest Common Factor")
def gcf_numbers(rng: random.Random) -> Problem:
    while True:
        count = rng.choice((2, 2, 2, 3))
        g = rng.randint(2, 18)
        cofactors = rng.sample(range(1, 13), count)
        numbers = sorted(g * c for c in cofactors)
        if math.gcd(*cofactors) == 1 and numbers[0] >= 8 and numbers[-1] <= 200:
            break
    listed = and_list(f"${n}$" for n in numbers)
    prompt = rng.choice((f"What is the greatest common factor of {listed}?", f"Find the GCF of {listed}.",
                         f"What is the largest number that divides each of {listed}?"))
    factor_lists = "; ".join(f"${n}$: {', '.join(str(d) for d in range(1, n + 1) if n % d == 0)}" for n in numbers)
    return Problem(
        prompt=prompt,
        answer=str(g),
        hint="List the factors of each number and find the largest one they share.",
        solution=f"Factors of {factor_lists}. The greatest factor they all share is ${g}$.",
        params={"numbers": numbers},
    )


@generator("gcf_word", "Greatest Common Factor")
def gcf_word(rng: random.Random) -> Problem:
    while True:
        g = rng.randint(2, 16)
        c1, c2 = rng.sample(range(2, 12), 2)
        a, b = sorted((g * c1, g * c2))
        if math.gcd(c1, c2) == 1 and b <= 150:
            break
    story = rng.randrange(4)
    name = rng.choice(NAMES)
    unit = ""
    if story == 0:
        prompt = (f"{name} has ${a}$ pencils and ${b}$ erasers to pack into identical gift bags, with nothing left "
                  f"over. What is the greatest number of gift bags {name} can make?")
    elif story == 1:
        prompt = (f"Two ribbons are ${a}$ cm and ${b}$ cm long. {name} cuts both into pieces that all have the same "
                  f"length, with no ribbon left over. What is the longest the pieces can be?")
        unit = "cm"
    elif story == 2:
        prompt = (f"A band has ${a}$ flute players and ${b}$ drummers. They march in rows; every row has the same "
                  f"number of flute players and the same number of drummers. What is the greatest number of rows?")
    else:
        prompt = (f"A rectangular board is ${a}$ cm by ${b}$ cm. It is to be covered with square tiles, all the "
                  f"same size, without cutting any. What is the side of the largest tile that can be used?")
        unit = "cm"
    return Problem(
        prompt=prompt,
        answer=str(g),
        unit=unit,
        hint="The number of groups (or the size of the pieces) must divide both numbers: find their greatest "
             "common factor.",
        solution=f"Factors of ${a}$: {', '.join(str(d) for d in range(1, a + 1) if a % d == 0)}. The largest that "
                 f"also divides ${b}$ is ${g}$.",
        params={"numbers": [a, b]},
    )


# -- number lines --------------------------------------------------------------------------------------------
def _number_line(lo: Fraction, step: Fraction, ticks: int, label_every: int, labels, points, alt: str) -> str:
    """A number line from lo with `ticks` steps; every `label_every`-th tick labelled (label(value) gives the text);
    points: (value, name)."""
    line = NumberLine(lo, step, ticks, alt=alt, label_every=label_every, label=labels)
    for k, (value, name) in enumerate(points):
        x = line.x(value)
        color = (PALETTE[0], PALETTE[5], PALETTE[2], PALETTE[3])[k % 4]
        line.svg.dot(x, line.y, color=color, r=6)
        line.svg.text(x, line.y - 24, name, size=16, bold=True, color=color)
    return line.render()


def _tick_place(value: Fraction, lo: Fraction, step: Fraction, label_every: int, labels) -> str:
    index = int((value - lo) / step)
    base, extra = index - index % label_every, index % label_every
    mark = labels(lo + base * step)
    return f"at the labelled mark {mark}" if extra == 0 else \
        f"at the {_ordinal(extra)} small mark to the right of {mark}"


def _line_layout(rng: random.Random) -> tuple[Fraction, int, int]:
    """step between ticks, labels every so many ticks, ticks in all."""
    step, label_every = rng.choice(((1, 5), (1, 2), (2, 5), (5, 2), (5, 4), (10, 5), (25, 4), (2, 4), (20, 5),
                                    (3, 3), (50, 2)))
    groups = {5: rng.choice((2, 3, 4)), 4: rng.choice((3, 4, 5)), 3: rng.choice((4, 5, 6)), 2: rng.choice((5, 6, 8))}
    return Fraction(step), label_every, label_every * groups[label_every]


@generator("number_line_read_integer", "Number Line")
def number_line_read_integer(rng: random.Random) -> Problem:
    step, label_every, ticks = _line_layout(rng)
    span = step * label_every
    lo = span * rng.randint(-ticks // label_every, 0) if rng.random() < 0.8 else span * rng.randint(1, 3)
    index = rng.choice([i for i in range(1, ticks) if i % label_every])
    value = lo + index * step
    labels = lambda v: str(v)
    marks = ", ".join(labels(lo + i * step) for i in range(0, ticks + 1, label_every))
    alt = (f"A number line with labelled marks at {marks}. Between each pair of labelled marks there are "
           f"{_marks(label_every - 1)}. Point P is "
           f"{_tick_place(value, lo, step, label_every, labels)}.")
    figure = _number_line(lo, step, ticks, label_every, labels, [(value, "P")], alt)
    prompt = rng.choice(("What number does point $P$ show on the number line?",
                         "Which number is marked by point $P$?",
                         "Point $P$ is marked on the number line. What is its value?"))
    base = lo + (index - index % label_every) * step
    return Problem(
        prompt=prompt,
        answer=str(value),
        hint="First work out how much each small step is worth: divide the gap between two labelled marks by the "
             "number of steps between them.",
        solution=f"The labelled marks are ${latex_number(span)}$ apart and ${label_every}$ steps apart, so each step "
                 f"is ${latex_number(step)}$. $P$ is ${index % label_every}$ "
                 f"{plural(index % label_every, 'step')} right of "
                 f"${latex_number(base)}$: ${latex_number(base)} + {index % label_every} \\times {latex_number(step)} "
                 f"= {latex_number(value)}$.",
        figure=figure,
        figure_alt=alt,
        params={"label_left": str(base), "label_gap": str(span), "steps_between": label_every,
                "steps_right": index % label_every},
    )


@generator("number_line_read_fraction", "Number Line")
def number_line_read_fraction(rng: random.Random) -> Problem:
    parts = rng.choice((2, 4, 5, 10, 3, 4, 8, 6, 10))
    units = max(1, min(4, 20 // parts))
    start = rng.randint(-3, 3) if units > 1 else rng.randint(-3, 2)
    lo = Fraction(start)
    step = Fraction(1, parts)
    ticks = parts * units
    index = rng.choice([i for i in range(1, ticks) if i % parts])
    value = lo + index * step
    labels = lambda v: str(v)
    marks = ", ".join(str(start + k) for k in range(units + 1))
    alt = (f"A number line with labelled marks at the whole numbers {marks}. Between each pair of whole numbers "
           f"there are {_marks(parts - 1)}, dividing each unit into "
           f"{parts} equal parts. Point A is {_tick_place(value, lo, step, parts, labels)}.")
    figure = _number_line(lo, step, ticks, parts, labels, [(value, "A")], alt)
    prompt = rng.choice(("What number does point $A$ show?", "Which number is marked by point $A$?",
                         "What is the value of point $A$ on the number line?"))
    base = lo + (index - index % parts) * step
    form = exact_form(value)
    return Problem(
        prompt=prompt,
        answer=exact_text(value),
        form=form,
        hint=f"Each unit is split into {parts} equal parts, so each small step is $\\frac{{1}}{{{parts}}}$"
             + (f", which is ${latex_number(step)}$." if terminates(step) else "."),
        solution=f"Each step is $\\frac{{1}}{{{parts}}}$. $A$ is ${index % parts}$ "
                 f"{plural(index % parts, 'step')} "
                 f"right of ${latex_number(base)}$: ${latex_number(base)} + \\frac{{{index % parts}}}{{{parts}}} = "
                 f"{latex_mixed(value)}"
                 + f" = {latex_exact(value)}$.",
        figure=figure,
        figure_alt=alt,
        params={"whole": start + (index - index % parts) // parts, "parts": parts, "steps_right": index % parts},
    )


@generator("number_line_points", "Number Line")
def number_line_points(rng: random.Random) -> Problem:
    step = rng.choice((Fraction(1), Fraction(1, 2), Fraction(2)))
    label_every = {Fraction(1): rng.choice((2, 5)), Fraction(1, 2): 2, Fraction(2): 5}[step]
    ticks = label_every * (20 // label_every)
    lo = -(ticks // 2) * step if rng.random() < 0.6 else -step * label_every * rng.randint(1, 2)
    while True:
        indexes = sorted(rng.sample(range(ticks + 1), 4))
        if all(b - a >= 2 for a, b in pairwise(indexes)):
            break
    values = [lo + i * step for i in indexes]
    names = list("ABCD")
    rng.shuffle(names)
    points = list(zip(values, names))
    labels = lambda v: latex_number(v)
    marks = ", ".join(labels(lo + i * step) for i in range(0, ticks + 1, label_every))

    def drawn(points) -> tuple[str, str]:
        """The text alternative and the figure of the number line with these points (value, name)."""
        where = "; ".join(f"point {n} is {_tick_place(v, lo, step, label_every, labels)}"
                          for v, n in sorted(points, key=lambda p: p[1]))
        alt = (f"A number line with labelled marks at {marks} and {_marks(label_every - 1)} between each pair of "
               f"labelled marks. Points: {where}.")
        return alt, _number_line(lo, step, ticks, label_every, labels, points, alt)

    alt, figure = drawn(points)
    ask = rng.randrange(3)
    by_name = {n: v for v, n in points}
    if ask == 0:
        value, right = rng.choice(points)
        prompt = f"Which point shows the number ${latex_exact(value)}$?"
        solution = (f"Each small step is ${latex_number(step)}$; counting steps from the labelled marks, point {right} "
                    f"is at ${latex_number(value)}$.")
    elif ask == 1:
        candidates = [(v, n) for v, n in points if -v in by_name.values() and v != 0] or []
        if not candidates:  # make a pair of opposites
            value, right = points[0]
            if value == 0 or any(v == -value for v, _n in points[1:]):
                value = lo + step * label_every
            target = -value
            if not lo <= target <= lo + ticks * step or target in by_name.values():
                return number_line_points(rng)
            replaced = next((v, n) for v, n in points if v != value)
            points = [(target, replaced[1]) if (v, n) == replaced else (v, n) for v, n in points]
            if value not in [v for v, _n in points]:
                return number_line_points(rng)
            by_name = {n: v for v, n in points}
            alt, figure = drawn(points)
            candidates = [(-target, next(n for v, n in points if v == -target))]
        value, _name = rng.choice(candidates)
        right = next(n for v, n in points if v == -value)
        prompt = f"Which point shows the opposite of ${latex_exact(value)}$?"
        solution = (f"The opposite of ${latex_exact(value)}$ is ${latex_exact(-value)}$, the same distance from $0$ "
                    f"on the other side; point {right} is there.")
    else:
        first, second = rng.sample(sorted(by_name), 2)
        distance = abs(by_name[first] - by_name[second])
        return Problem(
            prompt=f"How far apart are points ${first}$ and ${second}$ on the number line?",
            answer=exact_text(distance),
            hint="Read the value of each point, then subtract the smaller from the larger.",
            solution=f"${first}$ is at ${latex_number(by_name[first])}$ and ${second}$ at "
                     f"${latex_number(by_name[second])}$; the distance is $\\left|{latex_number(by_name[first])} - "
                     f"{_par(by_name[second])}\\right| = {latex_number(distance)}$.",
            figure=figure,
            figure_alt=alt,
            params={"points": {n: str(v) for v, n in points}, "ask": "distance", "first": first, "second": second},
        )
    texts = [f"Point {n}" for n in sorted(by_name)]
    return Problem(
        prompt=prompt,
        answer=f"Point {right}",
        kind=AnswerKind.CHOICE,
        choices=tuple(texts),
        hint="Work out the value of one small step first, then count from a labelled mark.",
        solution=solution,
        figure=figure,
        figure_alt=alt,
        params={"points": {n: str(v) for v, n in points}, "ask": "point" if ask == 0 else "opposite",
                "value": str(value)},
    )


# -- rulers and scales ---------------------------------------------------------------------------------------
_OBJECTS = ("pencil", "crayon", "nail", "key", "paper clip", "eraser", "leaf", "screw", "feather", "twig")


_RULER_TOP = 78  # the top edge of a drawn ruler; the measured object lies above it


def _object_bar(svg: Svg, x1: float, x2: float, color: str) -> None:
    """The measured object above a ruler: a bar with a pointed end, and dashed guides down to the scale."""
    y, height = 44, 16
    tip = min(14.0, (x2 - x1) / 4)
    svg.polygon([(x1, y - height / 2), (x2 - tip, y - height / 2), (x2, y), (x2 - tip, y + height / 2),
                 (x1, y + height / 2)], fill=color, color=INK, width=1.5, opacity=0.85)
    for x in (x1, x2):
        svg.line(x, y - 10, x, _RULER_TOP, color=MUTED, width=1, dashed=True)


def _ruler_body(svg: Svg, x0: float, length: float) -> None:
    """The wooden strip of a ruler whose scale runs from x0 over `length` pixels."""
    svg.rect(x0 - 14, _RULER_TOP, length + 28, 62, fill="#fdf6d8", color=INK, stroke_width=1.5)


@generator("ruler_metric", "Reading a Ruler or Scale")
def ruler_metric(rng: random.Random) -> Problem:
    thing = rng.choice(_OBJECTS)
    start = 0 if rng.random() < 0.55 else rng.randint(1, 3) * 10 + rng.choice((0, 0, 5))
    length = rng.randint(15, 100 - start - 5)
    if length % 10 == 0:
        length += rng.choice((3, 7))
    end = start + length
    in_mm = rng.random() < 0.35
    width, height = 480, 160
    x0, per_mm = 30, 4.2
    svg_alt = (f"A centimetre ruler from 0 to 10 cm, with a mark for every millimetre and a longer mark at each half "
               f"centimetre. The {thing} lies above it: its left end is {_mm_place(start)} and its right end is "
               f"{_mm_place(end)}.")
    svg = Svg(width, height, alt=svg_alt)
    _ruler_body(svg, x0, 100 * per_mm)
    for mm in range(101):
        x = x0 + mm * per_mm
        size = 22 if mm % 10 == 0 else (15 if mm % 5 == 0 else 9)
        svg.line(x, _RULER_TOP, x, _RULER_TOP + size, width=1.5 if mm % 10 == 0 else 1)
        if mm % 10 == 0:
            svg.text(x, 112, str(mm // 10), size=13)
    svg.text(x0 + 100 * per_mm - 4, 128, "cm", size=12, color=MUTED, anchor="end")
    _object_bar(svg, x0 + start * per_mm, x0 + end * per_mm, PALETTE[1])
    figure = svg.render()
    value = Fraction(length, 1 if in_mm else 10)
    unit = "mm" if in_mm else "cm"
    ask = f"How long is the {thing}, in {'millimetres' if in_mm else 'centimetres'}?"
    prompt = rng.choice((f"The ruler shows {article(thing)} {thing}. {ask}",
                         f"{article(thing).capitalize()} {thing} is measured with a ruler. {ask}"))
    how = (f"The {thing} goes from the {_mm_text(start)} mark to the {_mm_text(end)} mark"
           + (f", so its length is ${latex_number(Fraction(end, 10))} - {latex_number(Fraction(start, 10))} = "
              f"{latex_number(Fraction(length, 10))}$ cm"
              if start else f", so it is ${latex_number(Fraction(length, 10))}$ cm long")
           + (f", which is ${length}$ mm" if in_mm else ""))
    return Problem(
        prompt=prompt,
        answer=decimal_text(value),
        unit=unit,
        hint="Each small mark is one millimetre ($0.1$ cm). If the object does not start at $0$, subtract the "
             "reading at its left end from the reading at its right end.",
        solution=how + ".",
        figure=figure,
        figure_alt=svg_alt,
        params={"start_mm": start, "end_mm": end, "unit": unit},
    )


def _mm_place(mm: int) -> str:
    whole, rest = divmod(mm, 10)
    if rest == 0:
        return f"at the {whole} cm mark"
    return f"{rest} millimetre {plural(rest, 'mark')} past the {whole} cm mark"


def _mm_text(mm: int) -> str:
    return f"${latex_number(Fraction(mm, 10))}$ cm"


@generator("ruler_inches", "Reading a Ruler or Scale")
def ruler_inches(rng: random.Random) -> Problem:
    parts = rng.choice((4, 8, 8, 16))
    thing = rng.choice(_OBJECTS)
    start = 0 if rng.random() < 0.7 else parts
    end = rng.randint(start + parts + 1, 6 * parts - 1)
    if end % parts == 0:
        end += 1
    width, height = 480, 160
    x0, per_inch = 30, 70
    length = Fraction(end - start, parts)
    alt = (f"An inch ruler from 0 to 6 inches; each inch is divided into {parts} equal parts by small marks, the "
           f"marks at halves and quarters being longer. The {thing} lies above it: its left end is "
           f"{_inch_place(start, parts)} and its right end is {_inch_place(end, parts)}.")
    svg = Svg(width, height, alt=alt)
    _ruler_body(svg, x0, 6 * per_inch)
    for k in range(6 * parts + 1):
        x = x0 + k * per_inch / parts
        position = Fraction(k, parts)
        size = 24 if position.denominator == 1 else {2: 18, 4: 14, 8: 10, 16: 7}[position.denominator]
        svg.line(x, _RULER_TOP, x, _RULER_TOP + size, width=1.5 if position.denominator == 1 else 1)
        if position.denominator == 1:
            svg.text(x, 114, str(position.numerator), size=13)
    svg.text(x0 + 6 * per_inch - 4, 130, "in", size=12, color=MUTED, anchor="end")
    _object_bar(svg, x0 + start * per_inch / parts, x0 + end * per_inch / parts, PALETTE[2])
    prompt = rng.choice((f"How long is the {thing}, in inches?",
                         f"The ruler shows {article(thing)} {thing}. How many inches long is it?"))
    end_value = Fraction(end, parts)
    how = (f"Each inch has {parts} parts, so each small mark is $\\frac{{1}}{{{parts}}}$ inch. The right end is "
           f"${end % parts}$ {plural(end % parts, 'mark')} past ${end // parts}$: "
           f"${latex_mixed(end_value)}$ in")
    if start:
        how += f", and the left end is at $1$ in, so the length is ${latex_mixed(length)}$ in"
    return Problem(
        prompt=prompt,
        answer=mixed_text(length),
        unit="in",
        hint=f"Count the small marks past the last whole inch; each is $\\frac{{1}}{{{parts}}}$ inch. Simplify the "
             f"fraction.",
        solution=how + ".",
        figure=svg.render(),
        figure_alt=alt,
        params={"start": start, "end": end, "parts": parts},
    )


def _inch_place(mark: int, parts: int) -> str:
    whole, rest = divmod(mark, parts)
    if rest == 0:
        return f"at the {whole} inch mark"
    return f"{rest} small {plural(rest, 'mark')} past the {whole} inch mark"


def _reading_solution(lo, tick, label_every: int, index: int, *, unit: str, what: str, where: str,
                      step_unit: str = "", end_unit: str = "") -> str:
    """How a scale from lo, marked every `tick` and labelled every `label_every` marks, is read at its index-th
    mark: one step's worth from the labels, then the steps from the last label to the reading."""
    steps = index % label_every
    base, value = lo + (index - steps) * tick, lo + index * tick
    return (f"The labels are ${latex_number(tick * label_every)}$ {unit} apart with ${label_every}$ steps between "
            f"them, so each step is ${latex_number(tick)}$ {step_unit or unit}. {what} is ${steps}$ "
            f"{plural(steps, 'step')} {where} ${latex_number(base)}$: ${latex_number(base)} + {steps} \\times "
            f"{latex_number(tick)} = {latex_number(value)}$ {end_unit or unit}.")


def _vertical_scale_place(value: Fraction, lo: Fraction, tick: Fraction, label_every: int, unit_word: str) -> str:
    index = int((value - lo) / tick)
    base, extra = index - index % label_every, index % label_every
    mark = latex_number(lo + base * tick)
    return f"the labelled mark {mark}{unit_word}" if extra == 0 else \
        f"the {_ordinal(extra)} small mark above the label {mark}{unit_word}"


@generator("thermometer_reading", "Reading a Ruler or Scale")
def thermometer_reading(rng: random.Random) -> Problem:
    scale, tick, label_every, span = rng.choice((("C", 2, 5, 60), ("C", 1, 5, 30), ("F", 5, 4, 120), ("F", 2, 5, 60),
                                                 ("C", 5, 2, 80)))
    lo = {"C": rng.choice((-30, -20, -10, 0)), "F": rng.choice((-20, 0, 20, 40))}[scale]
    if scale == "C" and span == 30:
        lo = rng.choice((-20, -15, -10, 0, 5, 10))
    ticks = span // tick
    index = rng.choice([i for i in range(2, ticks - 1) if i % label_every])
    value = Fraction(lo + index * tick)
    width, height = 220, 400
    top, bottom = 30, 330
    per_tick = (bottom - top) / ticks
    word = "Celsius" if scale == "C" else "Fahrenheit"
    alt = (f"A thermometer marked in degrees {word} from {latex_number(lo)} to {latex_number(lo + span)}, with labels "
           f"every {tick * label_every} degrees and {_marks(label_every - 1)} between labels. The liquid "
           f"reaches {_vertical_scale_place(value, Fraction(lo), Fraction(tick), label_every, ' degrees')}.")
    svg = Svg(width, height, alt=alt)
    tube_x = 120
    svg.rect(tube_x - 9, top - 12, 18, bottom - top + 24, fill="#ffffff", color=INK, stroke_width=1.5)
    level = bottom - index * per_tick
    svg.rect(tube_x - 5, level, 10, bottom + 14 - level, fill=PALETTE[5], color=PALETTE[5], stroke_width=1)
    svg.circle(tube_x, bottom + 32, 20, fill=PALETTE[5], color=INK, width=1.5)
    for i in range(ticks + 1):
        y = bottom - i * per_tick
        major = i % label_every == 0
        svg.line(tube_x - 9 - (16 if major else 9), y, tube_x - 9, y, width=1.5 if major else 1)
        if major:
            svg.text(tube_x - 32, y, with_minus_signs(str(lo + i * tick)), size=13, anchor="end")
    svg.text(tube_x + 34, top, f"°{scale}", size=14, bold=True)
    prompt = rng.choice((f"What temperature does the thermometer show, in degrees {word}?",
                         f"Read the thermometer. What is the temperature in degrees {word}?"))
    return Problem(
        prompt=prompt,
        answer=decimal_text(value),
        unit="°",
        hint="Find how many degrees one small mark is worth: the gap between two labels divided by the number of "
             "steps between them.",
        solution=_reading_solution(lo, tick, label_every, index, unit="degrees", what="The liquid", where="above",
                                   step_unit=plural(tick, "degree"), end_unit=f"°{scale}"),
        figure=svg.render(),
        figure_alt=alt,
        params={"lo": lo, "tick": tick, "index": index},
    )


@generator("measuring_cup_reading", "Reading a Ruler or Scale")
def measuring_cup_reading(rng: random.Random) -> Problem:
    capacity, tick, label_every, unit = rng.choice(((500, 25, 4, "ml"), (1000, 50, 4, "ml"), (1000, 50, 5, "ml"),
                                                    (2, Fraction(1, 10), 5, "l"), (500, 20, 5, "ml"),
                                                    (1, Fraction(1, 20), 4, "l")))
    capacity, tick = Fraction(capacity), Fraction(tick)
    ticks = int(capacity / tick)
    index = rng.choice([i for i in range(2, ticks - 1) if i % label_every])
    value = index * tick
    word = "millilitres" if unit == "ml" else "litres"
    alt = (f"A measuring jug marked in {word} from 0 to {latex_number(capacity)}, with labels every "
           f"{latex_number(tick * label_every)} {unit} and {_marks(label_every - 1)} between labels. The "
           f"liquid reaches {_vertical_scale_place(value, Fraction(0), tick, label_every, ' ' + unit)}.")
    width, height = 300, 400
    top, bottom, left, right = 40, 360, 70, 200
    per_tick = (bottom - top - 20) / ticks
    svg = Svg(width, height, alt=alt)
    level = bottom - index * per_tick
    svg.rect(left, level, right - left, bottom - level, fill=PALETTE[4], color=PALETTE[4], stroke_width=1,
             opacity=0.55)
    svg.line(left, level, right, level, color=PALETTE[0], width=2.5)
    svg.polyline([(left, top), (left, bottom), (right, bottom), (right, top)], width=2.5)
    svg.path(f"M {right} {top + 30} q 45 0 45 60 q 0 60 -45 60", width=2.5)
    for i in range(ticks + 1):
        y = bottom - i * per_tick
        major = i % label_every == 0
        svg.line(left, y, left + (22 if major else 12), y, width=1.5 if major else 1)
        if major and i:
            svg.text(left - 8, y, latex_number(i * tick), size=13, anchor="end")
    svg.text(left - 8, top - 18, unit, size=13, bold=True, anchor="end")
    liquid = rng.choice(("water", "milk", "juice", "oil"))
    prompt = rng.choice((f"How much {liquid} is in the measuring jug, in {word}?",
                         f"Read the measuring jug. How many {word} of {liquid} does it hold?"))
    return Problem(
        prompt=prompt,
        answer=decimal_text(value),
        unit=unit,
        hint="Work out what one small mark is worth, then count the marks up from the last label below the level.",
        solution=_reading_solution(0, tick, label_every, index, unit=unit, what="The level", where="above"),
        figure=svg.render(),
        figure_alt=alt,
        params={"tick": str(tick), "index": index},
    )


@generator("scale_pointer_reading", "Reading a Ruler or Scale")
def scale_pointer_reading(rng: random.Random) -> Problem:
    top_value, tick, label_every, unit = rng.choice(((5, Fraction(1, 10), 10, "kg"), (2, Fraction(1, 10), 5, "kg"),
                                                     (1000, 20, 10, "g"), (500, 10, 10, "g"),
                                                     (10, Fraction(1, 2), 2, "lb"),
                                                     (20, 1, 5, "lb"), (4, Fraction(1, 4), 4, "kg")))
    top_value = Fraction(top_value)
    tick = Fraction(tick)
    ticks = int(top_value / tick)
    index = rng.choice([i for i in range(2, ticks - 1) if i % label_every])
    value = index * tick
    word = {"kg": "kilograms", "g": "grams", "lb": "pounds"}[unit]
    item = rng.choice(("bag of flour", "box of apples", "parcel", "pumpkin", "bag of rice", "watermelon"))
    alt = (f"A weighing scale marked in {word} from 0 to {latex_number(top_value)}, with labels every "
           f"{latex_number(tick * label_every)} {unit} and {_marks(label_every - 1)} between labels. The "
           f"pointer is at the {_ordinal(index % label_every)} small mark to the right of the label "
           f"{latex_number((index - index % label_every) * tick)} {unit}.")
    width, height = 480, 150
    left, right, y = 30, 450, 70
    per_tick = (right - left) / ticks
    svg = Svg(width, height, alt=alt)
    svg.rect(left - 14, y - 10, right - left + 28, 64, fill="#f3f4f6", color=INK, stroke_width=1.5)
    for i in range(ticks + 1):
        x = left + i * per_tick
        major = i % label_every == 0
        half = label_every % 2 == 0 and i % (label_every // 2) == 0
        svg.line(x, y - 10, x, y - 10 + (20 if major else (14 if half else 9)), width=1.5 if major else 1)
        if major:
            svg.text(x, y + 24, latex_number(i * tick), size=13)
    svg.text(right + 8, y + 42, unit, size=13, bold=True, anchor="end")
    pointer = left + index * per_tick
    svg.polygon([(pointer, y - 10), (pointer - 8, y - 34), (pointer + 8, y - 34)], fill=PALETTE[5], color=PALETTE[5],
                width=1)
    svg.line(pointer, y - 34, pointer, y - 48, color=PALETTE[5], width=3)
    prompt = rng.choice((f"A {item} is put on the scale. What does the scale read, in {word}?",
                         f"What is the mass of the {item} shown by the scale's pointer, in {word}?"))
    return Problem(
        prompt=prompt,
        answer=decimal_text(value),
        unit=unit,
        hint="Work out what one small mark is worth, then count the marks from the last label before the pointer.",
        solution=_reading_solution(0, tick, label_every, index, unit=unit, what="The pointer", where="past"),
        figure=svg.render(),
        figure_alt=alt,
        params={"tick": str(tick), "index": index},
    )
