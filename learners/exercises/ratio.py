"""Generators of fractions (equivalence, operations, order), conversions between fractions, decimals and
percents, percents and discounts, ratios and proportions, rates, unit conversions and scale."""
from __future__ import annotations

import math
import random
from fractions import Fraction

from learners.exercises.figures import INK, PALETTE, Svg, SvgChart
from learners.exercises.problem import (
    Problem,
    choices_with,
    decimal_text,
    exact_form,
    exact_text,
    fraction_text,
    generator,
    latex_exact,
    latex_fraction,
    latex_mixed,
    latex_money,
    latex_number,
    latex_over,
    mixed_text,
    plural,
    terminates,
)
from learners.exercises.words import NAMES
from learners.models import AnswerForm, AnswerKind


# -- writing numbers -------------------------------------------------------------------------------------
def _exact_or_rounded(value: Fraction, places: int) -> tuple[str, int | None]:
    """The answer exactly when it has at most `places` decimal places, else rounded to `places` (decimals)."""
    if (value * 10 ** places).denominator == 1:
        return decimal_text(value), None
    return decimal_text(value, places), places


def _percent_steps(part, whole, answer: str, decimals: int | None) -> str:
    """'$\\frac{part}{whole} \\times 100\\% = answer\\%$', with \\approx where the answer is rounded."""
    sign = "=" if decimals is None else "\\approx"
    return f"${latex_over(latex_number(part), latex_number(whole))} \\times 100\\% {sign} {answer}\\%$"


def _chain(*steps: str) -> str:
    """Steps of a computation joined by '=', without repeating a step: _chain('a', 'b', 'b') -> 'a = b'."""
    kept = [step for n, step in enumerate(steps) if n == 0 or step != steps[n - 1]]
    return " = ".join(kept)


def _proper(rng: random.Random, low: int = 2, high: int = 12) -> Fraction:
    """A proper fraction in lowest terms with a denominator from low to high (more often not a unit fraction)."""
    denominator = rng.randint(low, high)
    numerators = [n for n in range(1, denominator) if math.gcd(n, denominator) == 1]
    if len(numerators) > 1 and rng.random() < 0.7:
        numerators = numerators[1:]
    return Fraction(rng.choice(numerators), denominator)


def _proper_over(rng: random.Random, denominators) -> Fraction:
    denominator = rng.choice(list(denominators))
    return Fraction(rng.choice([n for n in range(1, denominator) if math.gcd(n, denominator) == 1]), denominator)


def _mixed(rng: random.Random, low: int = 1, high: int = 4, denominators=(2, 3, 4, 5, 6, 8)) -> Fraction:
    return rng.randint(low, high) + _proper_over(rng, denominators)


def _pair(value: Fraction) -> list[int]:
    return [value.numerator, value.denominator]


# == Equivalent Fractions ===================================================================================
@generator("equivalent_fraction_missing", "Equivalent Fractions")
def equivalent_fraction_missing(rng: random.Random) -> Problem:
    base = _proper(rng, 2, 12)
    a, b = base.numerator, base.denominator
    k = rng.randint(2, 9)
    mode = rng.choice(["up_numerator", "up_denominator", "down_numerator", "down_denominator"])
    left, right, answer = {
        "up_numerator": ((a, b), (0, b * k), a * k),
        "up_denominator": ((a, b), (a * k, 0), b * k),
        "down_numerator": ((a * k, b * k), (0, b), a),
        "down_denominator": ((a * k, b * k), (a, 0), b),
    }[mode]

    def side(pair):
        return latex_over(*("?" if v == 0 else v for v in pair))

    equation = f"{side(left)} = {side(right)}"
    template = rng.randrange(3)
    if template == 2 and mode == "up_numerator":
        name = rng.choice(NAMES)
        thing, pieces = rng.choice([("pizza", "slices"), ("cake", "pieces"), ("chocolate bar", "squares"),
                                    ("garden", "plots"), ("pie", "slices"), ("ribbon", "pieces")])
        prompt = (f"{name} cuts a {thing} into ${b * k}$ equal {pieces}. How many {pieces} make ${latex_over(a, b)}$ "
                  f"of the {thing}?")
    elif template == 1:
        prompt = f"Find the missing number that makes the two fractions equivalent: ${equation}$"
    else:
        prompt = f"What number replaces the question mark? ${equation}$"
    if mode.startswith("up"):
        solution = (f"The denominator was multiplied by ${k}$ (${b} \\times {k} = {b * k}$), so multiply the "
                    f"numerator by ${k}$ too: ${a} \\times {k} = {a * k}$." if mode == "up_numerator" else
                    f"The numerator was multiplied by ${k}$ (${a} \\times {k} = {a * k}$), so multiply the "
                    f"denominator by ${k}$ too: ${b} \\times {k} = {b * k}$.")
    else:
        solution = (f"The denominator was divided by ${k}$ (${b * k} \\div {k} = {b}$), so divide the numerator "
                    f"by ${k}$ too: ${a * k} \\div {k} = {a}$." if mode == "down_numerator" else
                    f"The numerator was divided by ${k}$ (${a * k} \\div {k} = {a}$), so divide the denominator "
                    f"by ${k}$ too: ${b * k} \\div {k} = {b}$.")
    return Problem(
        prompt=prompt, answer=str(answer),
        hint="Whatever you multiply or divide the numerator by, do the same to the denominator.",
        solution=solution,
        params={"left": list(left), "right": list(right)},
    )


_PART_OF_WHOLE = (
    "Of the {d} students in a club, {n} are in grade 7. What fraction of the club is in grade 7?",
    "{name} made {n} of {d} free throws. What fraction of the free throws did {name} make?",
    "A bag holds {d} marbles, and {n} of them are red. What fraction of the marbles are red?",
    "{name} has read {n} of the {d} pages of a story. What fraction of the story has {name} read?",
    "A team played {d} games and won {n} of them. What fraction of its games did the team win?",
    "In a survey of {d} people, {n} said they prefer tea. What fraction of the people prefer tea?",
)


@generator("equivalent_fraction_simplify", "Equivalent Fractions")
def equivalent_fraction_simplify(rng: random.Random) -> Problem:
    base = _proper(rng, 2, 12)
    k = rng.randint(2, 9)
    n, d = base.numerator * k, base.denominator * k
    template = rng.randrange(4)
    if template == 0:
        prompt = f"Write ${latex_over(n, d)}$ in lowest terms."
    elif template == 1:
        prompt = f"Simplify the fraction ${latex_over(n, d)}$."
    else:
        prompt = rng.choice(_PART_OF_WHOLE).format(n=f"${n}$", d=f"${d}$", name=rng.choice(NAMES))
    g = math.gcd(n, d)
    n_div, d_div = f"{n} \\div {g}", f"{d} \\div {g}"
    return Problem(
        prompt=prompt, answer=fraction_text(base), form=AnswerForm.SIMPLEST,
        hint="Divide the numerator and the denominator by their greatest common factor.",
        solution=f"The fraction is ${latex_over(n, d)}$. The greatest common factor of ${n}$ and ${d}$ is ${g}$: "
                 f"${latex_over(n, d)} = {latex_over(n_div, d_div)} = {latex_fraction(base)}$.",
        params={"n": n, "d": d},
    )


@generator("equivalent_fraction_choice", "Equivalent Fractions")
def equivalent_fraction_choice(rng: random.Random) -> Problem:
    base = _proper(rng, 3, 10)
    a, b = base.numerator, base.denominator
    k = rng.randint(2, 6)
    if rng.random() < 0.6:
        right = (a * k, b * k)
        candidates = [(a + k, b + k), (a * k, b), (a, b * k), (b * k, a * k), (a * k + 1, b * k),
                      (a + 1, b + 1), (a * k, b * k - 1), (a * (k + 1), b * k)]
        wrong, values = [], {base}
        for n, d in candidates:
            if n > 0 and d > 0 and Fraction(n, d) not in values:
                values.add(Fraction(n, d))
                wrong.append((n, d))
        wrong = rng.sample(wrong, 3)

        def text(pair):
            return f"${latex_over(*pair)}$"

        prompt = f"Which fraction is equivalent to ${latex_over(a, b)}$?"
        times = (f"{a} \\times {k}", f"{b} \\times {k}")
        solution = (f"Multiply the numerator and the denominator by the same number, ${k}$: "
                    f"${latex_over(a, b)} = {latex_over(*times)} = {latex_over(*right)}$.")
        options = {text(p): [list(p)] for p in [right, *wrong]}
        mode = "single"
    else:
        other = _proper(rng, 3, 10)
        while other == base:
            other = _proper(rng, 3, 10)
        m = rng.randint(2, 6)
        c, d = other.numerator, other.denominator
        right = ((a, b), (a * k, b * k))
        wrong = [((c, d), (c + m, d + m)), ((a, b), (a * k, b)), ((c, d), (c * m, d * m + 1))]

        def text(pair):
            return f"${latex_over(*pair[0])}$ and ${latex_over(*pair[1])}$"

        prompt = "Which pair of fractions are equivalent?"
        solution = (f"${latex_over(a, b)}$ and ${latex_over(a * k, b * k)}$ are equivalent: multiplying the numerator "
                    f"and the denominator of ${latex_over(a, b)}$ by ${k}$ gives ${latex_over(a * k, b * k)}$.")
        options = {text(p): [list(p[0]), list(p[1])] for p in [right, *wrong]}
        mode = "pair"
    answer = text(right)
    choices = choices_with(answer, [text(w) for w in wrong], rng)
    return Problem(
        prompt=prompt, answer=answer, kind=AnswerKind.CHOICE, choices=choices,
        hint="Equivalent fractions come from multiplying the numerator and the denominator by the same number.",
        solution=solution,
        params={"mode": mode, "target": [a, b], "choices": list(choices), "options": [options[c] for c in choices]},
    )


# == Fraction Of ============================================================================================
_FRACTION_OF_CONTEXTS = (
    (("There are {w} students in the band, and {f} of them play a brass instrument. How many students play a "
     "brass instrument?"), ""),
    ("{name} has {w} stickers and gives {f} of them to a friend. How many stickers does {name} give away?", ""),
    ("A water tank holds {w} liters. It is {f} full. How many liters of water are in the tank?", "l"),
    ("A movie is {w} minutes long. {name} has watched {f} of it. How many minutes has {name} watched?", "min"),
    ("A farmer has {w} chickens, and {f} of them are brown. How many brown chickens are there?", ""),
    (("{name} is saving for a bike that costs {w} dollars and has already saved {f} of the cost. How many dollars "
     "has {name} saved?"), "$"),
    ("A hiking trail is {w} km long. {name} has hiked {f} of it. How many kilometers has {name} hiked?", "km"),
)


@generator("fraction_of_whole_number", "Fraction Of")
def fraction_of_whole_number(rng: random.Random) -> Problem:
    f = _proper(rng, 2, 12)
    m = rng.randint(2, 12)
    whole = f.denominator * m
    part = whole // f.denominator * f.numerator
    unit, decimals = "", None
    if rng.random() < 0.3:
        prompt = f"What is ${latex_fraction(f)}$ of ${whole}$?"
    else:
        template, unit = rng.choice(_FRACTION_OF_CONTEXTS)
        prompt = template.format(w=f"${whole}$", f=f"${latex_fraction(f)}$", name=rng.choice(NAMES))
        decimals = 2 if unit == "$" else None
    return Problem(
        prompt=prompt, answer=str(part), unit=unit, decimals=decimals,
        hint=f"Find ${latex_fraction(Fraction(1, f.denominator))}$ of the amount first.",
        solution=f"${latex_fraction(Fraction(1, f.denominator))}$ of ${whole}$ is ${whole} \\div {f.denominator} = {m}$"
                 + (f", so ${latex_fraction(f)}$ of ${whole}$ is ${f.numerator} \\times {m} = {part}$."
                    if f.numerator > 1 else "."),
        params={"f": _pair(f), "whole": whole},
    )


@generator("fraction_of_fraction", "Fraction Of")
def fraction_of_fraction(rng: random.Random) -> Problem:
    outer, inner = _proper(rng, 2, 9), _proper(rng, 2, 9)
    result = outer * inner
    name = rng.choice(NAMES)
    template = rng.randrange(5)
    if template == 0:
        prompt = f"What is ${latex_fraction(outer)}$ of ${latex_fraction(inner)}$?"
    elif template == 1:
        prompt = (f"${latex_fraction(inner)}$ of a pizza is left over. {name} eats ${latex_fraction(outer)}$ of the "
                  f"leftover pizza. What fraction of the whole pizza does {name} eat?")
    elif template == 2:
        prompt = (f"${latex_fraction(inner)}$ of a garden is planted with vegetables, and carrots fill "
                  f"${latex_fraction(outer)}$ of the vegetable part. What fraction of the whole garden is planted with "
                  "carrots?")
    elif template == 3:
        prompt = (f"${latex_fraction(inner)}$ of the students in a school ride the bus, and ${latex_fraction(outer)}$ "
                  "of the bus riders are in grade 6. What fraction of all the students are grade 6 bus riders?")
    else:
        prompt = (f"{name} spends ${latex_fraction(inner)}$ of an afternoon outside and reads for "
                  f"${latex_fraction(outer)}$ of that time. For what fraction of the afternoon does {name} read?")
    return Problem(
        prompt=prompt, answer=fraction_text(result), form=AnswerForm.SIMPLEST,
        hint="\"Of\" means multiply: multiply the numerators and multiply the denominators.",
        solution="$" + _chain(f"{latex_fraction(outer)} \\times {latex_fraction(inner)}",
                              latex_over(outer.numerator * inner.numerator, outer.denominator * inner.denominator),
                              latex_fraction(result)) + "$.",
        params={"outer": _pair(outer), "inner": _pair(inner)},
    )


_FIND_WHOLE_CONTEXTS = (
    ("{name} has read {p} pages, which is {f} of the book. How many pages does the book have?", ""),
    ("A team won {p} games, which is {f} of the games it played. How many games did the team play?", ""),
    ("{p} students in a class walk to school. That is {f} of the class. How many students are in the class?", ""),
    ("{name} has run {p} km, which is {f} of the race. How long is the whole race?", "km"),
    ("A jar is {f} full and holds {p} ml of water. How much water does the full jar hold?", "ml"),
)


@generator("fraction_of_find_whole", "Fraction Of")
def fraction_of_find_whole(rng: random.Random) -> Problem:
    f = _proper(rng, 2, 10)
    m = rng.randint(2, 15)
    part, whole = f.numerator * m, f.denominator * m
    unit = ""
    if rng.random() < 0.3:
        prompt = f"${latex_fraction(f)}$ of a number is ${part}$. What is the number?"
    else:
        template, unit = rng.choice(_FIND_WHOLE_CONTEXTS)
        if unit == "ml":
            part, whole = part * 10, whole * 10
        prompt = template.format(p=f"${part}$", f=f"${latex_fraction(f)}$", name=rng.choice(NAMES))
    one = part // f.numerator
    return Problem(
        prompt=prompt, answer=str(whole), unit=unit,
        hint=f"${part}$ is ${f.numerator}$ of the ${f.denominator}$ equal parts. How much is one part?",
        solution=(f"${part}$ is ${f.numerator}$ of ${f.denominator}$ equal parts, so one part is "
                  f"${part} \\div {f.numerator} = {one}$" if f.numerator > 1 else
                  f"${part}$ is one of ${f.denominator}$ equal parts")
                 + f", and the whole is ${one} \\times {f.denominator} = {whole}$.",
        params={"f": _pair(f), "part": part},
    )


# == Multiplication Fractions ===============================================================================
@generator("multiply_fractions", "Multiplication Fractions")
def multiply_fractions(rng: random.Random) -> Problem:
    a, b = _proper(rng, 2, 12), _proper(rng, 2, 12)
    template = rng.randrange(5)
    unit = ""
    if template == 4:
        a = Fraction(rng.randint(2, 9))
        while (a * b).denominator == 1:
            b = _proper(rng, 3, 12)
        prompt = f"What is ${a} \\times {latex_fraction(b)}$?"
    elif template == 3:
        name = rng.choice(NAMES)
        prompt = (f"A recipe uses ${latex_fraction(b)}$ cup of milk. {name} makes ${latex_fraction(a)}$ of the recipe. "
                  f"How many cups of milk does {name} need?")
    elif template == 2:
        unit = rng.choice(["ft^2", "yd^2", "mi^2"])
        long = unit[:2]
        word = {"ft": "feet", "yd": "yards", "mi": "miles"}[long]
        prompt = (f"A rectangular {rng.choice(['garden', 'tile', 'poster', 'rug', 'field'])} is ${latex_fraction(a)}$ "
                  f"{long} long and ${latex_fraction(b)}$ {long} wide. What is its area in square {word}?")
    else:
        prompt = f"Multiply: ${latex_fraction(a)} \\times {latex_fraction(b)}$"
    product = a * b
    return Problem(
        prompt=prompt, answer=fraction_text(product), form=AnswerForm.SIMPLEST, unit=unit,
        hint="Multiply the numerators, multiply the denominators, then simplify.",
        solution="$" + _chain(f"{latex_fraction(a)} \\times {latex_fraction(b)}",
                              latex_over(a.numerator * b.numerator, a.denominator * b.denominator),
                              latex_fraction(product)) + "$.",
        params={"a": _pair(a), "b": _pair(b)},
    )


@generator("multiply_mixed_numbers", "Multiplication Fractions")
def multiply_mixed_numbers(rng: random.Random) -> Problem:
    a = _mixed(rng, 1, 4)
    b = _mixed(rng, 1, 3) if rng.random() < 0.6 else Fraction(rng.randint(2, 6))
    name = rng.choice(NAMES)
    template = rng.randrange(4)
    unit = ""
    if template == 1:
        prompt = (f"A recipe needs ${latex_mixed(a)}$ cups of flour. {name} makes ${latex_mixed(b)}$ times the recipe. "
                  f"How many cups of flour does {name} need?")
    elif template == 2:
        unit = "mi"
        prompt = (f"{name} walks at ${latex_mixed(a)}$ miles per hour for ${latex_mixed(b)}$ hours. How far does "
                  f"{name} walk?")
    else:
        prompt = f"Multiply: ${latex_mixed(a)} \\times {latex_mixed(b)}$"
    product = a * b
    return Problem(
        prompt=prompt, answer=mixed_text(product), form=AnswerForm.MIXED, unit=unit,
        hint="Write each mixed number as an improper fraction first.",
        solution="$" + _chain(f"{latex_mixed(a)} \\times {latex_mixed(b)}",
                              f"{latex_fraction(a)} \\times {latex_fraction(b)}",
                              latex_over(a.numerator * b.numerator, a.denominator * b.denominator),
                              latex_mixed(product)) + "$.",
        params={"a": _pair(a), "b": _pair(b)},
    )


# == Addition and Subtraction Fractions =====================================================================
def _unlike_pair(rng: random.Random, subtract: bool) -> tuple[Fraction, Fraction]:
    while True:
        a, b = _proper(rng, 2, 12), _proper(rng, 2, 12)
        if a.denominator != b.denominator and (not subtract or a > b):
            return a, b


@generator("add_subtract_fractions", "Addition and Subtraction Fractions")
def add_subtract_fractions(rng: random.Random) -> Problem:
    subtract = rng.random() < 0.5
    a, b = _unlike_pair(rng, subtract)
    result = a - b if subtract else a + b
    name = rng.choice(NAMES)
    unit = ""
    template = rng.randrange(3)
    if template == 0:
        sign = "-" if subtract else "+"
        prompt = f"{'Subtract' if subtract else 'Add'}: ${latex_fraction(a)} {sign} {latex_fraction(b)}$"
    elif subtract:
        unit = "" if template == 1 else "mi"
        prompt = (f"A jug holds ${latex_fraction(a)}$ gallon of juice. {name} pours out ${latex_fraction(b)}$ gallon. "
                  "How many gallons of juice are left in the jug?" if template == 1 else
                  f"A trail is ${latex_fraction(a)}$ mile long. {name} has walked ${latex_fraction(b)}$ mile of it. "
                  f"How much farther does {name} have to walk?")
    else:
        unit = "mi" if template == 1 else ""
        prompt = (f"{name} ran ${latex_fraction(a)}$ mile on Monday and ${latex_fraction(b)}$ mile on Tuesday. How far "
                  f"did {name} run in all?" if template == 1 else
                  f"A cake recipe uses ${latex_fraction(a)}$ cup of white sugar and ${latex_fraction(b)}$ cup of brown "
                  "sugar. How many cups of sugar is that altogether?")
    common = a.denominator * b.denominator // math.gcd(a.denominator, b.denominator)
    na, nb = a.numerator * common // a.denominator, b.numerator * common // b.denominator
    sign = "-" if subtract else "+"
    return Problem(
        prompt=prompt, answer=fraction_text(result), form=AnswerForm.SIMPLEST, unit=unit,
        hint=f"Rewrite both fractions with the common denominator ${common}$.",
        solution="$" + _chain(f"{latex_fraction(a)} {sign} {latex_fraction(b)}",
                              f"{latex_over(na, common)} {sign} {latex_over(nb, common)}",
                              latex_over(na - nb if subtract else na + nb, common), latex_fraction(result)) + "$.",
        params={"a": _pair(a), "b": _pair(b), "subtract": subtract},
    )


@generator("add_subtract_mixed_numbers", "Addition and Subtraction Fractions")
def add_subtract_mixed_numbers(rng: random.Random) -> Problem:
    subtract = rng.random() < 0.5
    while True:
        a, b = _mixed(rng, 1, 9), _mixed(rng, 1, 6)
        if (a.denominator != b.denominator or rng.random() < 0.2) and (not subtract or a - b >= 1):
            break
    result = a - b if subtract else a + b
    name = rng.choice(NAMES)
    unit = ""
    template = rng.randrange(4)
    if template <= 1:
        sign = "-" if subtract else "+"
        prompt = f"{'Subtract' if subtract else 'Add'}: ${latex_mixed(a)} {sign} {latex_mixed(b)}$"
    elif subtract:
        if template == 2:
            unit = "ft"
            prompt = (f"A board is ${latex_mixed(a)}$ feet long. {name} cuts off a piece ${latex_mixed(b)}$ feet long. "
                      "How long is the rest of the board?")
        else:
            unit = "in"
            prompt = (f"A sunflower was ${latex_mixed(a)}$ inches tall in June and ${latex_mixed(b)}$ inches tall in "
                      "May. How many inches did it grow?")
    else:
        if template == 2:
            unit = "mi"
            prompt = (f"{name} hiked ${latex_mixed(a)}$ miles on Saturday and ${latex_mixed(b)}$ miles on Sunday. How "
                      f"many miles did {name} hike in all?")
        else:
            unit = "in"
            prompt = (f"It rained ${latex_mixed(a)}$ inches in April and ${latex_mixed(b)}$ inches in May. How much "
                      "rain fell in the two months together?")
    sign = "-" if subtract else "+"
    return Problem(
        prompt=prompt, answer=mixed_text(result), form=AnswerForm.MIXED, unit=unit,
        hint="Write the fractions with a common denominator; regroup a whole if you need to.",
        solution="$" + _chain(f"{latex_mixed(a)} {sign} {latex_mixed(b)}",
                              f"{latex_fraction(a)} {sign} {latex_fraction(b)}", latex_fraction(result),
                              latex_mixed(result)) + "$.",
        params={"a": _pair(a), "b": _pair(b), "subtract": subtract},
    )


@generator("fraction_missing_addend", "Addition and Subtraction Fractions")
def fraction_missing_addend(rng: random.Random) -> Problem:
    while True:
        a, total = _proper(rng, 2, 12), _proper(rng, 2, 12)
        if total > a and a.denominator != total.denominator:
            break
    missing = total - a
    name = rng.choice(NAMES)
    template = rng.randrange(4)
    if template == 0:
        prompt = f"What number makes the equation true? ${latex_fraction(a)} + ? = {latex_fraction(total)}$"
    elif template == 1:
        prompt = f"What number makes the equation true? $? + {latex_fraction(a)} = {latex_fraction(total)}$"
    elif template == 2:
        prompt = (f"A recipe needs ${latex_fraction(total)}$ cup of sugar. {name} has ${latex_fraction(a)}$ cup. How "
                  f"many more cups of sugar does {name} need?")
    else:
        prompt = (f"{name} wants to paint ${latex_fraction(total)}$ of a fence today and has already painted "
                  f"${latex_fraction(a)}$ of it. What fraction of the fence is left to paint today?")
    return Problem(
        prompt=prompt, answer=fraction_text(missing), form=AnswerForm.SIMPLEST,
        hint="Subtract the part you know from the total.",
        solution=f"${latex_fraction(total)} - {latex_fraction(a)} = {latex_fraction(missing)}$.",
        params={"a": _pair(a), "total": _pair(total)},
    )


# == Division Fractions =====================================================================================
@generator("divide_fractions", "Division Fractions")
def divide_fractions(rng: random.Random) -> Problem:
    template = rng.randrange(4)
    if template == 0:
        a, b = Fraction(rng.randint(2, 9)), _proper(rng, 2, 9)
    elif template == 1:
        a, b = _proper(rng, 2, 12), Fraction(rng.randint(2, 9))
    else:
        a, b = _proper(rng, 2, 12), _proper(rng, 2, 12)
        while a == b:
            b = _proper(rng, 2, 12)
    quotient = a / b
    prompt = rng.choice(["Divide: ${a} \\div {b}$", "What is ${a} \\div {b}$?"]).format(a=latex_fraction(a),
                                                                                        b=latex_fraction(b))
    reciprocal = 1 / b
    return Problem(
        prompt=prompt, answer=fraction_text(quotient), form=AnswerForm.SIMPLEST,
        hint="Multiply by the reciprocal of the divisor.",
        solution=f"${latex_fraction(a)} \\div {latex_fraction(b)} = {latex_fraction(a)} \\times "
                 f"{latex_fraction(reciprocal)} = {latex_fraction(quotient)}$.",
        params={"a": _pair(a), "b": _pair(b)},
    )


@generator("divide_mixed_numbers", "Division Fractions")
def divide_mixed_numbers(rng: random.Random) -> Problem:
    a = _mixed(rng, 1, 9)
    b = _mixed(rng, 1, 3) if rng.random() < 0.6 else Fraction(rng.randint(2, 6))
    while a == b:
        b = _mixed(rng, 1, 3)
    quotient = a / b
    name = rng.choice(NAMES)
    template = rng.randrange(3)
    unit = ""
    if template == 2 and b.denominator == 1:
        unit = "ft"
        prompt = f"A rope ${latex_mixed(a)}$ feet long is cut into ${b}$ equal pieces. How long is each piece?"
    elif template == 1 and b.denominator == 1:
        prompt = (f"{name} shares ${latex_mixed(a)}$ pounds of trail mix equally among ${b}$ bags. How many pounds go "
                  "in each bag?")
    else:
        prompt = f"Divide: ${latex_mixed(a)} \\div {latex_mixed(b)}$"
    return Problem(
        prompt=prompt, answer=mixed_text(quotient), form=AnswerForm.MIXED, unit=unit,
        hint="Write the mixed numbers as improper fractions, then multiply by the reciprocal of the divisor.",
        solution="$" + _chain(f"{latex_mixed(a)} \\div {latex_mixed(b)}",
                              f"{latex_fraction(a)} \\times {latex_fraction(1 / b)}", latex_fraction(quotient),
                              latex_mixed(quotient)) + "$.",
        params={"a": _pair(a), "b": _pair(b)},
    )


_HOW_MANY_CONTEXTS = (
    ("How many ${p}$-cup servings are in ${t}$ cups of rice?", "cups"),
    ("A ribbon is ${t}$ feet long. How many pieces ${p}$ foot long can be cut from it?", "ft"),
    ("{name} has ${t}$ pounds of clay and makes pots that each use ${p}$ pound. How many pots can {name} make?",
     "lb"),
    ("A path is ${t}$ miles long, with a marker every ${p}$ mile. How many ${p}$-mile sections does the path have?",
     "mi"),
    ("A pitcher holds ${t}$ quarts of lemonade. How many glasses of ${p}$ quart each can be filled from it?",
     "qt"),
)


@generator("divide_fractions_how_many", "Division Fractions")
def divide_fractions_how_many(rng: random.Random) -> Problem:
    piece = _proper_over(rng, (2, 3, 4, 5, 6, 8))
    count = rng.randint(3, 16)
    total = piece * count
    template, _unit = rng.choice(_HOW_MANY_CONTEXTS)
    prompt = template.replace("${t}$", f"${latex_mixed(total)}$").replace("${p}$", f"${latex_fraction(piece)}$") \
        .replace("{name}", rng.choice(NAMES))
    return Problem(
        prompt=prompt, answer=str(count),
        hint="Divide the total by the size of one piece.",
        solution=f"${latex_mixed(total)} \\div {latex_fraction(piece)} = {latex_fraction(total)} \\times "
                 f"{latex_fraction(1 / piece)} = {count}$.",
        params={"total": _pair(total), "piece": _pair(piece)},
    )


# == Ordering Fractions =====================================================================================
def _distinct_fractions(rng: random.Random, count: int, low: int = 2, high: int = 12) -> list[Fraction]:
    values: list[Fraction] = []
    while len(values) < count:
        f = _proper(rng, low, high)
        if f not in values:
            values.append(f)
    return values


@generator("order_fractions", "Ordering Fractions")
def order_fractions(rng: random.Random) -> Problem:
    count = rng.choice([3, 4])
    values = _distinct_fractions(rng, count)
    ascending = rng.random() < 0.6
    right = sorted(values, reverse=not ascending)
    wrong_orders = [
        sorted(values, key=lambda f: (f.denominator, f.numerator), reverse=ascending),  # bigger denominator, bigger
        sorted(values, key=lambda f: (f.numerator, f.denominator), reverse=not ascending),
        list(reversed(right)),
    ]
    while len(wrong_orders) < 8:
        shuffled = values[:]
        rng.shuffle(shuffled)
        wrong_orders.append(shuffled)

    def text(order):
        return "$" + ", \\; ".join(latex_fraction(f) for f in order) + "$"

    answer = text(right)
    choices = choices_with(answer, [text(o) for o in wrong_orders], rng)
    listing = ", \\; ".join(latex_fraction(f) for f in values)
    direction = "least to greatest" if ascending else "greatest to least"
    common = math.lcm(*(f.denominator for f in values))
    return Problem(
        prompt=f"Which list shows these fractions in order from {direction}? ${listing}$",
        answer=answer, kind=AnswerKind.CHOICE, choices=choices,
        hint="Rewrite the fractions with a common denominator, or compare them as decimals.",
        solution=f"With the common denominator ${common}$: "
                 + ", ".join(f"${latex_fraction(f)} = {latex_over(f.numerator * common // f.denominator, common)}$"
                             for f in values)
                 + f". From {direction}: {answer}.",
        params={"ascending": ascending, "choices": list(choices),
                "options": [[_pair(f) for f in o] for o in
                            [next(o for o in [right, *wrong_orders] if text(o) == c) for c in choices]]},
    )


_RUNNERS = ("ran", "swam", "biked", "walked")


@generator("compare_fractions_extreme", "Ordering Fractions")
def compare_fractions_extreme(rng: random.Random) -> Problem:
    values = _distinct_fractions(rng, 4, 3, 12)
    greatest = rng.random() < 0.5
    best = max(values) if greatest else min(values)
    word = "greatest" if greatest else "least"
    if rng.random() < 0.5:
        names = rng.sample(NAMES, 4)
        verb = rng.choice(_RUNNERS)
        listing = "; ".join(f"{n}: ${latex_fraction(f)}$ mile" for n, f in zip(names, values))
        prompt = (f"Four friends {verb} these distances: {listing}. Who {verb} the "
                  f"{'farthest' if greatest else 'shortest distance'}?")
        answer = names[values.index(best)]
        choices = choices_with(answer, [n for n in names if n != answer], rng)
        params = {"values": [_pair(f) for f in values], "names": names, "greatest": greatest}
    else:
        prompt = f"Which fraction is the {word}?"
        answer = f"${latex_fraction(best)}$"
        choices = choices_with(answer, [f"${latex_fraction(f)}$" for f in values if f != best], rng)
        params = {"values": [_pair(f) for f in values], "names": [], "greatest": greatest}
    return Problem(
        prompt=prompt, answer=answer, kind=AnswerKind.CHOICE, choices=choices,
        hint="Compare the fractions with a common denominator, or as decimals.",
        solution="As decimals: " + ", ".join(f"${latex_fraction(f)} \\approx {decimal_text(f, 3)}$" for f in values)
                 + f". The {word} is ${latex_fraction(best)}$.",
        params=params,
    )


@generator("compare_two_fractions", "Ordering Fractions")
def compare_two_fractions(rng: random.Random) -> Problem:
    a = _proper(rng, 2, 12)
    if rng.random() < 0.2:
        k = rng.randint(2, 5)
        left, right = (a.numerator, a.denominator), (a.numerator * k, a.denominator * k)
        if rng.random() < 0.5:
            left, right = right, left
    else:
        b = _proper(rng, 2, 12)
        while b == a or b.denominator == a.denominator:
            b = _proper(rng, 2, 12)
        left, right = (a.numerator, a.denominator), (b.numerator, b.denominator)
    lv, rv = Fraction(*left), Fraction(*right)
    symbol = "<" if lv < rv else ">" if lv > rv else "="
    choices = ("$<$", "$>$", "$=$")
    cross = f"${left[0]} \\times {right[1]} = {left[0] * right[1]}$ and ${right[0]} \\times {left[1]} = " \
            f"{right[0] * left[1]}$"
    return Problem(
        prompt=f"Which symbol makes the statement true? ${latex_over(*left)} \\;\\square\\; {latex_over(*right)}$",
        answer=f"${symbol}$", kind=AnswerKind.CHOICE, choices=choices,
        hint="Cross-multiply, or rewrite both fractions with a common denominator.",
        solution=f"Cross-multiply: {cross}, so ${latex_over(*left)} {symbol} {latex_over(*right)}$.",
        params={"left": list(left), "right": list(right), "choices": list(choices)},
    )


# == Conversion of Fraction Decimals Percents ===============================================================
@generator("fraction_to_decimal", "Conversion of Fraction Decimals Percents")
def fraction_to_decimal(rng: random.Random) -> Problem:
    repeating = rng.random() < 0.3
    denominators = (3, 6, 7, 9, 11, 12, 15) if repeating else (2, 4, 5, 8, 16, 20, 25, 40, 50)
    f = _proper_over(rng, denominators)
    value = f + rng.randint(1, 5) if rng.random() < 0.25 else f
    decimals = rng.choice([2, 3]) if repeating else None
    answer = decimal_text(value, decimals)
    name = rng.choice(NAMES)
    shown = latex_mixed(value)
    template = rng.randrange(4)
    if template == 3 and value < 1:
        prompt = (f"{name} finished ${shown}$ of a puzzle. Write the part of the puzzle {name} finished as a "
                  f"decimal.")
    elif template == 2:
        prompt = f"Convert ${shown}$ to a decimal."
    else:
        prompt = f"Write ${shown}$ as a decimal."
    division = f"${f.numerator} \\div {f.denominator} = {decimal_text(f, 6) if repeating else decimal_text(f)}"
    division += "\\ldots$" if repeating else "$"
    return Problem(
        prompt=prompt, answer=answer, form=AnswerForm.DECIMAL, decimals=decimals,
        hint="Divide the numerator by the denominator.",
        solution=("Divide the numerator by the denominator: " if value < 1 else
                  "Keep the whole number and divide the numerator of the fraction by its denominator: ")
                 + division + (f", so ${shown} = {decimal_text(value)}$." if not repeating else
                               f"; the digits repeat, so ${shown} \\approx {answer}$."),
        params={"value": _pair(value)},
    )


_DECIMALS_FOR_PERCENT = ("0.35", "0.07", "0.125", "1.4", "0.6", "0.48", "0.9", "0.03", "0.875", "2.5", "0.045",
                         "0.72", "0.15", "1.05", "0.008", "0.64", "0.2", "0.375", "3", "0.99")
_PERCENTS_FOR_DECIMAL = ("35", "7", "12.5", "140", "60", "48", "9", "3.5", "87.5", "250", "0.5", "72", "15", "105",
                         "0.8", "64", "2", "37.5", "300", "99", "45", "5")


@generator("decimal_percent_convert", "Conversion of Fraction Decimals Percents")
def decimal_percent_convert(rng: random.Random) -> Problem:
    to_percent = rng.random() < 0.5
    name = rng.choice(NAMES)
    if to_percent:
        given = rng.choice(_DECIMALS_FOR_PERCENT)
        value = Fraction(given) * 100
        answer, unit, form = decimal_text(value), "%", AnswerForm.ANY
        if rng.random() < 0.7:
            prompt = f"Write ${given}$ as a percent."
        else:
            prompt = f"{name}'s batting average this season is ${given}$ of at-bats with a hit. Write ${given}$ as a " \
                     f"percent."
            if Fraction(given) >= 1:
                prompt = f"A town's population this year is ${given}$ times last year's. Write ${given}$ as a percent."
        solution = f"Multiply by $100$ (move the decimal point two places to the right): ${given} = {answer}\\%$."
        hint = "Percent means \"per hundred\": multiply by 100."
    else:
        given = rng.choice(_PERCENTS_FOR_DECIMAL)
        value = Fraction(given) / 100
        answer, unit, form = decimal_text(value), "", AnswerForm.DECIMAL
        if rng.random() < 0.7:
            prompt = f"Write ${given}\\%$ as a decimal."
        else:
            prompt = f"A store charges ${given}\\%$ sales tax. Write this percent as a decimal."
        solution = f"Divide by $100$ (move the decimal point two places to the left): ${given}\\% = {answer}$."
        hint = "Percent means \"per hundred\": divide by 100."
    return Problem(
        prompt=prompt, answer=answer, unit=unit, form=form, hint=hint, solution=solution,
        params={"given": given, "to_percent": to_percent},
    )


@generator("percent_fraction_convert", "Conversion of Fraction Decimals Percents")
def percent_fraction_convert(rng: random.Random) -> Problem:
    to_fraction = rng.random() < 0.5
    if to_fraction:
        percent = Fraction(rng.choice([5, 8, 12, 15, 24, 25, 35, 40, 45, 55, 60, 64, 75, 80, 85, 90, 95, 120, 125,
                                       150, 175, 250])) if rng.random() < 0.85 else \
            Fraction(rng.choice(["12.5", "37.5", "62.5", "87.5", "2.5", "7.5", "0.5"]))
        value = percent / 100
        given = decimal_text(percent)
        prompt = rng.choice([f"Write ${given}\\%$ as a fraction in lowest terms.",
                             f"What fraction is equal to ${given}\\%$?",
                             f"${given}\\%$ of the students in a school play a sport. What fraction of the students "
                             f"play a sport?" if percent < 100 else f"Write ${given}\\%$ as a fraction."])
        over = latex_over(given, 100)
        return Problem(
            prompt=prompt, answer=fraction_text(value), form=AnswerForm.SIMPLEST,
            hint="A percent is a number out of 100: write it over 100 and simplify.",
            solution=f"${given}\\% = {over} = {latex_fraction(value)}$.",
            params={"percent": given, "to_fraction": True, "fraction": None},
        )
    f = _proper_over(rng, (2, 3, 4, 5, 6, 8, 10, 12, 20, 25, 40, 50))
    percent = f * 100
    answer, decimals = _exact_or_rounded(percent, 1)
    name = rng.choice(NAMES)
    prompt = rng.choice([f"Write ${latex_fraction(f)}$ as a percent.",
                         f"{name} answered ${latex_fraction(f)}$ of the quiz questions correctly. What percent is "
                         "that?",
                         f"What percent is equal to ${latex_fraction(f)}$?"])
    return Problem(
        prompt=prompt, answer=answer, unit="%", decimals=decimals,
        hint="Multiply the fraction by 100.",
        solution=f"${latex_fraction(f)} \\times 100\\% = {latex_fraction(percent)}\\%"
                 + (f" = {answer}\\%$." if decimals is None and percent.denominator != 1 else
                    "$." if decimals is None else f" \\approx {answer}\\%$."),
        params={"percent": None, "to_fraction": False, "fraction": _pair(f)},
    )


def _fdp_text(kind: str, value: Fraction) -> str:
    if kind == "fraction":
        return f"${latex_fraction(value)}$"
    if kind == "percent":
        return f"${decimal_text(value * 100)}\\%$"
    return f"${decimal_text(value)}$"


@generator("fdp_compare_choice", "Conversion of Fraction Decimals Percents")
def fdp_compare_choice(rng: random.Random) -> Problem:
    while True:
        values = [_proper_over(rng, (2, 4, 5, 8, 10, 20, 25)) for _ in range(4)]
        if len(set(values)) == 4 and max(values) - min(values) < Fraction(1, 2):
            break
    kinds = ["fraction", "decimal", "percent", rng.choice(["fraction", "decimal", "percent"])]
    rng.shuffle(kinds)
    texts = [_fdp_text(kind, value) for kind, value in zip(kinds, values)]
    greatest = rng.random() < 0.5
    best = (max if greatest else min)(range(4), key=lambda i: values[i])
    word = "greatest" if greatest else "least"
    choices = choices_with(texts[best], [t for i, t in enumerate(texts) if i != best], rng)
    listing = ", \\; ".join(t.strip("$") for t in texts)
    return Problem(
        prompt=f"Which number is the {word}? ${listing}$", answer=texts[best], kind=AnswerKind.CHOICE, choices=choices,
        hint="Write all the numbers in the same form, for example as decimals.",
        solution="As decimals: " + ", ".join(f"{t} $= {decimal_text(v)}$" for t, v in zip(texts, values))
                 + f". The {word} is {texts[best]}.",
        params={"items": [[kind, decimal_text(v * 100) if kind == "percent" else
                           (fraction_text(v) if kind == "fraction" else decimal_text(v))]
                          for kind, v in zip(kinds, values)],
                "texts": texts, "greatest": greatest},
    )


# == Percent Of =============================================================================================
_PERCENT_OF_CONTEXTS = (
    "A school has {n} students, and {p} of them walk to school. How many students walk to school?",
    "In a survey of {n} people, {p} said summer is their favorite season. How many people chose summer?",
    "{name} planted {n} seeds, and {p} of them sprouted. How many seeds sprouted?",
    "A basketball player took {n} free throws this season and made {p} of them. How many free throws did she make?",
    "A parking lot has {n} spaces, and {p} of them are empty. How many spaces are empty?",
    "{name}'s book has {n} pages. {name} has read {p} of the book. How many pages has {name} read?",
)


@generator("percent_of_number", "Percent Of")
def percent_of_number(rng: random.Random) -> Problem:
    p = rng.choice([5, 10, 12, 15, 20, 25, 30, 35, 40, 45, 55, 60, 65, 75, 80, 90, 120, 150])
    if rng.random() < 0.4:
        n = rng.choice([rng.randint(12, 99), rng.randint(10, 80) * 10, rng.randint(2, 40) * 5])
        if p > 100 and rng.random() < 0.5:
            p = rng.choice([10, 20, 30, 40, 60, 70])
        prompt = rng.choice([f"What is ${p}\\%$ of ${latex_number(n)}$?", f"Find ${p}\\%$ of ${latex_number(n)}$."])
    else:
        p = p if p <= 100 else rng.choice([15, 25, 40])
        step = 100 // math.gcd(p, 100)
        n = step * rng.randint(max(2, 20 // step), max(3, 600 // step))
        prompt = rng.choice(_PERCENT_OF_CONTEXTS).format(n=f"${latex_number(n)}$", p=f"${p}\\%$",
                                                         name=rng.choice(NAMES))
    value = Fraction(n * p, 100)
    answer = decimal_text(value)
    return Problem(
        prompt=prompt, answer=answer,
        hint="Write the percent as a decimal and multiply.",
        solution=f"${p}\\% = {decimal_text(Fraction(p, 100))}$, and ${decimal_text(Fraction(p, 100))} \\times "
                 f"{latex_number(n)} = {latex_number(value)}$.",
        params={"p": p, "n": n},
    )


@generator("percent_of_money", "Percent Of")
def percent_of_money(rng: random.Random) -> Problem:
    name = rng.choice(NAMES)
    kind = rng.choice(["tip", "tax", "commission", "tip_total", "tax_total"])
    if kind.startswith("tip"):
        p = rng.choice([10, 15, 18, 20, 25])
        price = Fraction(rng.randint(800, 9500), 100)
        what = f"A restaurant bill is ${latex_money(price)}$. {name} leaves a ${p}\\%$ tip."
        question = "How much is the tip?" if kind == "tip" else "What is the total, bill plus tip?"
    elif kind.startswith("tax"):
        p = rng.choice([4, 5, 6, 7, 8, 9, Fraction(13, 2), Fraction(15, 2), Fraction(17, 2)])
        price = Fraction(rng.randint(10, 400) * 5 - rng.choice([0, 1]), 100) * 10
        item = rng.choice(["jacket", "pair of shoes", "video game", "backpack", "bicycle helmet", "lamp"])
        what = f"A {item} costs ${latex_money(price)}$ before a ${decimal_text(p)}\\%$ sales tax."
        question = "How much is the tax?" if kind == "tax" else "What is the total cost with tax?"
    else:
        p = rng.choice([2, 3, 4, 5, 6, 8, 10, 12])
        price = Fraction(rng.randint(20, 900) * 50)
        what = (f"{name} earns a ${p}\\%$ commission on sales and sold ${latex_money(price)}$ worth of furniture this "
                "month.")
        question = "How much commission did " + name + " earn?"
    extra = price * Fraction(p) / 100
    total = kind.endswith("total")
    value = price + extra if total else extra
    answer = decimal_text(value, 2)
    rate = decimal_text(Fraction(p) / 100)
    return Problem(
        prompt=f"{what} {question}", answer=answer, unit="$", decimals=2,
        hint=f"Multiply the amount by ${decimal_text(p)}\\% = {rate}$.",
        solution=f"${rate} \\times {latex_money(price)} {_about(extra)} "
                 f"{latex_money(rounded_cents(extra))}$"
                 + (f"; adding it to the price: ${latex_money(price)} + {latex_money(rounded_cents(extra))} "
                    f"{_about(value)} {latex_money(rounded_cents(value))}$." if total else "."),
        params={"price": decimal_text(price), "p": decimal_text(p), "total": total},
    )


def rounded_cents(value: Fraction) -> Fraction:
    return Fraction(decimal_text(value, 2))


def _about(value: Fraction) -> str:
    """'=' before an amount of money that is exact in cents, '\\approx' before one that is rounded."""
    return "=" if (Fraction(value) * 100).denominator == 1 else "\\approx"


# == Finding Percents =======================================================================================
_FIND_PERCENT_CONTEXTS = (
    ("{name} answered {part} of {whole} questions on a test correctly. What percent of the questions did {name} "
    "answer correctly?"),
    "A basketball player made {part} of her {whole} shots. What percent of her shots did she make?",
    ("Of the {whole} students in grade 7, {part} are in the school choir. What percent of the students are in the "
    "choir?"),
    "{name} has saved {part} dollars toward a {whole}-dollar goal. What percent of the goal has {name} saved?",
    "A garden has {whole} plants, and {part} of them are tomato plants. What percent of the plants are tomatoes?",
)


@generator("find_percent", "Finding Percents")
def find_percent(rng: random.Random) -> Problem:
    if rng.random() < 0.65:
        whole = rng.choice([20, 25, 40, 50, 80, 120, 200, 250, 400, 500])
        part = rng.randint(1, whole - 1)
        while Fraction(part * 100, whole).denominator > 2:
            part = rng.randint(1, whole - 1)
    else:
        whole = rng.randint(12, 90)
        part = rng.randint(1, whole - 1)
    value = Fraction(100 * part, whole)
    answer, decimals = _exact_or_rounded(value, 1)
    name = rng.choice(NAMES)
    if rng.random() < 0.35:
        prompt = rng.choice([f"What percent of ${whole}$ is ${part}$?", f"${part}$ is what percent of ${whole}$?"])
    else:
        prompt = rng.choice(_FIND_PERCENT_CONTEXTS).format(part=f"${part}$", whole=f"${whole}$", name=name)
        prompt = prompt.replace(f"${whole}$-dollar", f"${latex_money(whole)}$")
        prompt = prompt.replace(f"${part}$ dollars", f"${latex_money(part)}$")
    return Problem(
        prompt=prompt, answer=answer, unit="%", decimals=decimals,
        hint="Divide the part by the whole, then multiply by 100.",
        solution=_percent_steps(part, whole, answer, decimals) + ".",
        params={"part": part, "whole": whole},
    )


_FIND_WHOLE_PERCENT_CONTEXTS = (
    ("{name} has saved {part}, which is {p} of the price of a bike. What is the price of the bike?", "$"),
    ("{part} students walk to school. That is {p} of all the students. How many students are in the school?", ""),
    ("A team won {part} games, which was {p} of the games it played. How many games did the team play?", ""),
    ("{name} has read {part} pages, {p} of the book. How many pages are in the book?", ""),
    ("A store sold {part} T-shirts on Saturday, {p} of its stock. How many T-shirts did it have at the start?", ""),
)


@generator("find_whole_from_percent", "Finding Percents")
def find_whole_from_percent(rng: random.Random) -> Problem:
    p = rng.choice([5, 10, 15, 20, 25, 30, 40, 45, 60, 75, 80, 120, 150])
    step = 100 // math.gcd(p, 100)
    whole = step * rng.randint(max(2, 10 // step), max(3, 400 // step))
    part = whole * p // 100
    unit = decimals = None
    if rng.random() < 0.35:
        prompt = rng.choice([f"${p}\\%$ of what number is ${part}$?", f"${part}$ is ${p}\\%$ of what number?"])
        unit = ""
    else:
        if p > 100:
            p = rng.choice([20, 40, 60, 80])
            whole = 5 * rng.randint(4, 80)
            part = whole * p // 100
        template, unit = rng.choice(_FIND_WHOLE_PERCENT_CONTEXTS)
        prompt = template.format(part=f"${latex_money(part)}$" if unit == "$" else f"${part}$", p=f"${p}\\%$",
                                 name=rng.choice(NAMES))
        decimals = 2 if unit == "$" else None
    one = Fraction(part, p)
    return Problem(
        prompt=prompt, answer=str(whole), unit=unit or "", decimals=decimals,
        hint=f"Find $1\\%$ first (divide by ${p}$), then multiply by $100$.",
        solution=f"${p}\\%$ is ${part}$, so $1\\%$ is "
                 f"${part} \\div {p} = {latex_exact(one)}$ and $100\\%$ is ${whole}$.",
        params={"p": p, "part": part},
    )


# == Percents ===============================================================================================
@generator("percent_change", "Percents")
def percent_change(rng: random.Random) -> Problem:
    old = rng.choice([20, 25, 40, 50, 60, 80, 120, 150, 200, 240, 300, 400, 500, 800, 1200, 2500])
    if rng.random() < 0.7:
        p = rng.choice([5, 10, 15, 20, 25, 30, 40, 50, 60, 75, 100])
        up = rng.random() < 0.5 or p == 100
        new = old * (100 + p) // 100 if up else old * (100 - p) // 100
        if (old * p) % 100:
            new = old * 2 if up else old // 2
    else:
        old = rng.randint(12, 90)
        new = old + rng.choice([-1, 1]) * rng.randint(1, old // 2)
    up = new > old
    change = abs(new - old)
    value = Fraction(100 * change, old)
    answer, decimals = _exact_or_rounded(value, 1)
    word = "increase" if up else "decrease"
    context = rng.randrange(5)
    if context == 0:
        prompt = f"What is the percent {word} from ${latex_number(old)}$ to ${latex_number(new)}$?"
    elif context == 1:
        item = rng.choice(["concert ticket", "bus pass", "pair of sneakers", "bike", "tablet"])
        prompt = (f"The price of a {item} {'rose' if up else 'fell'} from ${latex_money(old)}$ to "
                  f"${latex_money(new)}$. What was the percent {word}?")
    elif context == 2:
        prompt = (f"Attendance at a school fair went from ${latex_number(old)}$ people last year to "
                  f"${latex_number(new)}$ this year. What was the percent {word}?")
    elif context == 3:
        prompt = (f"A library had ${latex_number(old)}$ books last year and has ${latex_number(new)}$ books now. What "
                  f"is the percent {word} in the number of books?" if up else
                  f"A shop had ${latex_number(old)}$ umbrellas in stock and now has ${latex_number(new)}$. What is the "
                  f"percent {word} in its stock?")
    else:
        prompt = (f"A town's population changed from ${latex_number(old)}$ to ${latex_number(new)}$. What was the "
                  f"percent {word}?")
    return Problem(
        prompt=prompt, answer=answer, unit="%", decimals=decimals,
        hint=f"Divide the amount of {word} by the original amount, then multiply by 100.",
        solution=f"The {word} is ${latex_number(change)}$; {_percent_steps(change, old, answer, decimals)}.",
        params={"old": old, "new": new},
    )


def _grid_figure(rows: int, cols: int, shaded: int, alt: str) -> str:
    cell = min(30, 300 // max(rows, cols))
    width, height = cols * cell + 40, rows * cell + 40
    svg = Svg(width, height, alt=alt)
    for index in range(rows * cols):
        r, c = divmod(index, cols)
        svg.rect(20 + c * cell, 20 + r * cell, cell, cell, fill=PALETTE[0] if index < shaded else "#ffffff",
                 color=INK, stroke_width=1, opacity=0.75 if index < shaded else 1)
    return svg.render()


@generator("percent_grid_shaded", "Percents")
def percent_grid_shaded(rng: random.Random) -> Problem:
    rows, cols = rng.choice([(10, 10), (10, 10), (5, 10), (4, 5), (5, 5), (2, 10), (4, 10), (5, 4)])
    total = rows * cols
    shaded = rng.randint(1, total - 1)
    ask_unshaded = rng.random() < 0.3
    full, rest = divmod(shaded, cols)
    squares = {n: f"{n} {plural(n, 'square')}" for n in (shaded, rest, total - shaded)}
    alt = (f"A grid of {rows} rows and {cols} columns of equal squares, {total} squares in all. {squares[shaded]} "
           f"{plural(shaded, 'is', 'are')} shaded, filling the rows from the top: "
           + (f"{full} full {plural(full, 'row')}" if full else "")
           + (" and " if full and rest else "") + (f"{squares[rest]} of the {'next' if full else 'top'} row" if rest
                                                   else "")
           + f". {squares[total - shaded]} {plural(total - shaded, 'is', 'are')} not shaded.")
    counted = total - shaded if ask_unshaded else shaded
    value = Fraction(100 * counted, total)
    answer = decimal_text(value)
    return Problem(
        prompt=f"What percent of the grid is {'not shaded' if ask_unshaded else 'shaded'}?",
        answer=answer, unit="%",
        hint="Count the squares you need and compare with the number of squares in the whole grid.",
        solution=f"${counted}$ of the ${total}$ squares: $"
                 + _chain(latex_over(counted, total), latex_over(latex_number(value), 100)) + f" = {answer}\\%$.",
        figure=_grid_figure(rows, cols, shaded, alt), figure_alt=alt,
        params={"rows": rows, "cols": cols, "shaded": shaded, "unshaded": ask_unshaded},
    )


@generator("simple_interest", "Percents")
def simple_interest(rng: random.Random) -> Problem:
    principal = rng.randint(4, 100) * 50
    rate = Fraction(rng.choice([2, 3, 4, 5, 6, 8])) + rng.choice([0, 0, Fraction(1, 2)])
    years = rng.randint(2, 10)
    name = rng.choice(NAMES)
    ask = rng.choice(["interest", "interest", "balance", "rate"])
    interest = principal * rate * years / 100
    if ask == "rate":
        prompt = (f"{name} put ${latex_money(principal)}$ in a savings account that pays simple interest. After "
                  f"${years}$ years the account earned ${latex_money(interest)}$ in interest. What is the yearly "
                  "interest rate?")
        answer, unit = decimal_text(rate), "%"
        pt = f"{latex_number(principal)} \\times {years}"
        solution = (f"$I = Prt$, so $r = \\frac{{I}}{{Pt}} = {latex_over(latex_number(interest), pt)}"
                    f" = {decimal_text(rate / 100)} = {decimal_text(rate)}\\%$.")
    else:
        where = rng.choice(["a savings account", "a bond", "a certificate of deposit"])
        prompt = (f"{name} invests ${latex_money(principal)}$ in {where} that pays ${decimal_text(rate)}\\%$ simple "
                  f"interest per year. " + ("How much interest will it earn in " if ask == "interest" else
                                            "What will the total balance be after ") + f"${years}$ years?")
        value = interest if ask == "interest" else principal + interest
        answer, unit = decimal_text(value, 2), "$"
        solution = (f"$I = Prt = {latex_number(principal)} \\times {decimal_text(rate / 100)} \\times {years} = "
                    f"{latex_money(interest)}$" + ("." if ask == "interest" else
                                              f"; the balance is ${latex_money(principal)} + {latex_money(interest)} = "
                                              f"{latex_money(principal + interest)}$."))
    return Problem(
        prompt=prompt, answer=answer, unit=unit, decimals=2 if unit == "$" else None,
        hint="Simple interest: $I = Prt$ (principal times yearly rate times years).",
        solution=solution,
        params={"principal": principal, "rate": decimal_text(rate), "years": years, "ask": ask},
    )


# == Percent Discount =======================================================================================
_ITEMS = ("jacket", "pair of jeans", "skateboard", "video game", "backpack", "lamp", "pair of headphones",
          "board game", "sweater", "tennis racket")


def _price(rng: random.Random) -> Fraction:
    return Fraction(rng.randint(12, 240)) - rng.choice([0, 0, Fraction(1, 2), Fraction(1, 5), Fraction(1, 20)])


@generator("discount_sale_price", "Percent Discount")
def discount_sale_price(rng: random.Random) -> Problem:
    ask = rng.choice(["sale", "sale", "saved", "extra"])
    while True:  # a discount of whole cents, so that the sale price is not rounded
        price = _price(rng)
        p = rng.choice([10, 15, 20, 25, 30, 35, 40, 45, 50, 60, 70, 75])
        q = rng.choice([10, 20, 25])
        discount = price * p / 100
        if (discount * 100).denominator == 1 and (ask != "extra" or ((price - discount) * q).denominator == 1):
            break
    item = rng.choice(_ITEMS)
    if ask == "extra":
        sale = price - discount
        value = sale - sale * q / 100
        prompt = (f"A {item} costs ${latex_money(price)}$. It is on sale for ${p}\\%$ off, and a coupon takes another "
                  f"${q}\\%$ off the sale price. What is the final price?")
        solution = (f"After ${p}\\%$ off: ${latex_money(price)} \\times {decimal_text(Fraction(100 - p, 100))} "
                    f"{_about(sale)} {latex_money(rounded_cents(sale))}$. After another ${q}\\%$ off: multiply by "
                    f"${decimal_text(Fraction(100 - q, 100))}$ to get ${latex_money(rounded_cents(value))}$.")
    else:
        q = 0
        value = discount if ask == "saved" else price - discount
        prompt = (f"A {item} regularly costs ${latex_money(price)}$ and is on sale for ${p}\\%$ off. "
                  + ("How much money do you save?" if ask == "saved" else "What is the sale price?"))
        solution = (f"The discount is ${decimal_text(Fraction(p, 100))} \\times {latex_money(price)} "
                    f"{_about(discount)} {latex_money(rounded_cents(discount))}$"
                    + ("." if ask == "saved" else
                       f", so the sale price is ${latex_money(price)} - {latex_money(rounded_cents(discount))} = "
                       f"{latex_money(price - rounded_cents(discount))}$."))
    return Problem(
        prompt=prompt, answer=decimal_text(value, 2), unit="$", decimals=2,
        hint="Find the discount (percent times price) and subtract it from the price.",
        solution=solution,
        params={"price": decimal_text(price), "p": p, "q": q, "ask": ask},
    )


@generator("discount_percent_off", "Percent Discount")
def discount_percent_off(rng: random.Random) -> Problem:
    price = Fraction(rng.randint(4, 60) * 5)
    if rng.random() < 0.75:
        p = rng.choice([10, 15, 20, 25, 30, 35, 40, 45, 50, 60, 70, 75, 80])
        sale = price * (100 - p) / 100
    else:
        sale = Fraction(rng.randint(int(price * 40), int(price * 95)), 100)
    value = (price - sale) / price * 100
    answer, decimals = _exact_or_rounded(value, 1)
    item = rng.choice(_ITEMS)
    name = rng.choice(NAMES)
    if rng.random() < 0.5:
        prompt = (f"A {item} that usually costs ${latex_money(price)}$ is on sale for ${latex_money(sale)}$. What is "
                  "the percent discount?")
    else:
        prompt = (f"{name} bought a {item} for ${latex_money(sale)}$. Its regular price was ${latex_money(price)}$. By "
                  "what percent was the price reduced?")
    saved = price - sale
    return Problem(
        prompt=prompt, answer=answer, unit="%", decimals=decimals,
        hint="Divide the amount saved by the original price.",
        solution=f"The discount is ${latex_money(price)} - {latex_money(sale)} = {latex_money(saved)}$, and "
                 f"{_percent_steps(saved, price, answer, decimals)}.",
        params={"price": decimal_text(price), "sale": decimal_text(sale)},
    )


@generator("discount_original_price", "Percent Discount")
def discount_original_price(rng: random.Random) -> Problem:
    p = rng.choice([10, 20, 25, 30, 40, 50, 60, 75])
    price = Fraction(rng.randint(12, 300))
    item = rng.choice(_ITEMS)
    name = rng.choice(NAMES)
    if rng.random() < 0.6:
        known = price * (100 - p) / 100
        prompt = (f"{name} paid ${latex_money(known)}$ for a {item} that was ${p}\\%$ off. What was the original "
                  f"price?")
        solution = (f"The sale price is ${100 - p}\\%$ of the original price, so the original price is "
                    f"${latex_money(known)} \\div {decimal_text(Fraction(100 - p, 100))} = {latex_money(price)}$.")
        ask = "sale"
    else:
        known = price * p / 100
        prompt = (f"With a ${p}\\%$ discount, {name} saved ${latex_money(known)}$ on a {item}. What was the original "
                  f"price?")
        solution = (f"The savings are ${p}\\%$ of the original price, so the original price is "
                    f"${latex_money(known)} \\div {decimal_text(Fraction(p, 100))} = {latex_money(price)}$.")
        ask = "saved"
    return Problem(
        prompt=prompt, answer=decimal_text(price, 2), unit="$", decimals=2,
        hint="Which percent of the original price is the amount you know?",
        solution=solution,
        params={"p": p, "known": decimal_text(known), "ask": ask},
    )


# == Proportion =============================================================================================
@generator("solve_proportion", "Proportion")
def solve_proportion(rng: random.Random) -> Problem:
    while True:
        base = Fraction(rng.randint(1, 12), rng.randint(2, 12))
        k1, k2 = rng.sample(range(1, 10), 2)
        p, q = base.numerator, base.denominator
        terms = [p * k1, q * k1, p * k2, q * k2]
        if rng.random() < 0.3:  # a proportion whose missing term is a terminating decimal
            terms = [rng.randint(2, 12), rng.choice([2, 4, 5, 8, 10]), 0, rng.randint(2, 15)]
            terms[2] = Fraction(terms[0] * terms[3], terms[1])
            if terms[2].denominator == 1 or terms[0] % terms[1] == 0:
                continue
            missing = 2
        else:
            missing = rng.randrange(4)
        if len(set(terms)) == 4 and all(t != 1 for t in terms):
            break
    answer = terms[missing]
    shown = ["x" if i == missing else latex_number(t) for i, t in enumerate(terms)]
    equation = f"{latex_over(shown[0], shown[1])} = {latex_over(shown[2], shown[3])}"
    a, b, c, d = shown
    if missing in (0, 3):
        known = f"{b} \\times {c}"
        other = terms[3] if missing == 0 else terms[0]
        product = terms[1] * terms[2]
    else:
        known = f"{a} \\times {d}"
        other = terms[2] if missing == 1 else terms[1]
        product = terms[0] * terms[3]
    return Problem(
        prompt=rng.choice([f"Solve the proportion for $x$: ${equation}$", f"Find $x$: ${equation}$"]),
        answer=decimal_text(answer),
        hint="Cross-multiply, then divide.",
        solution=f"Cross-multiply: ${latex_number(other)}x = {known} = {latex_number(product)}$, so "
                 f"$x = {latex_number(product)} \\div {latex_number(other)} = {latex_number(answer)}$.",
        params={"terms": [0 if i == missing else int(t) for i, t in enumerate(terms)]},
    )


_PROPORTION_CONTEXTS = (
    # (template, unit): {b} for {a} at the same rate as x for {c}
    ("{a} notebooks cost {b}. At the same price, how much do {c} notebooks cost?", "$"),
    ("A car travels {b} miles on {a} gallons of gas. How far can it travel on {c} gallons?", "mi"),
    ("{name} types {b} words in {a} minutes. At the same rate, how many words can {name} type in {c} minutes?",
     ""),
    (("A recipe uses {b} cups of flour for {a} batches of muffins. How many cups of flour are needed for {c} "
     "batches?"), ""),
    ("The ratio of boys to girls in a club is {b} to {a}. If there are {c} girls, how many boys are there?", ""),
    ("A machine makes {b} bottles every {a} minutes. How many bottles does it make in {c} minutes?", ""),
    ("{a} kg of apples cost {b}. How much do {c} kg of apples cost?", "$"),
)


@generator("proportion_word_problem", "Proportion")
def proportion_word_problem(rng: random.Random) -> Problem:
    template, unit = rng.choice(_PROPORTION_CONTEXTS)
    name = rng.choice(NAMES)
    a = rng.randint(2, 9)
    c = rng.randint(2, 15)
    while c == a:
        c = rng.randint(2, 15)
    if unit == "$":
        b = Fraction(rng.randint(a * 40, a * 300), 100)
        if rng.random() < 0.6:
            b = Fraction(rng.randint(2, 20) * a * 25, 100)  # a whole number of cents per item
        b_text = f"${latex_money(b)}$"
    elif "words" in template:
        b = Fraction(a * rng.randint(25, 60))
        b_text = f"${latex_number(b)}$"
    elif "miles" in template:
        b = Fraction(a * rng.randint(18, 40))
        b_text = f"${latex_number(b)}$"
    elif "ratio" in template:
        b = Fraction(rng.randint(1, 9))
        while b == a:
            b = Fraction(rng.randint(1, 9))
        c = a * rng.randint(2, 8)
        b_text = f"${latex_number(b)}$"
    elif "flour" in template:
        b = Fraction(rng.choice([1, 2, 3, 4, 5])) + rng.choice([0, Fraction(1, 2)])
        while (b * c / a * 100).denominator != 1 or c == a:  # an amount a measuring cup can hold
            c = a * rng.randint(2, 5) if rng.random() < 0.5 else rng.randint(2, 15)
        b_text = f"${latex_mixed(b)}$"
    else:
        b = Fraction(a * rng.randint(4, 30))
        b_text = f"${latex_number(b)}$"
    value = b * c / a
    if unit == "$":
        answer, decimals = decimal_text(value, 2), 2
    elif "flour" in template:
        answer, decimals = _exact_or_rounded(value, 2)
    else:
        answer, decimals = decimal_text(value, None if terminates(value) else 1), \
            None if terminates(value) else 1
    prompt = template.format(a=f"${a}$", b=b_text, c=f"${c}$", name=name)
    b_shown = latex_money(b) if unit == "$" else (latex_mixed(b) if b.denominator != 1 else latex_number(b))
    return Problem(
        prompt=prompt, answer=answer, unit=unit, decimals=decimals,
        hint="Set up a proportion with the same kind of quantity in the same place in both ratios.",
        solution=f"$\\frac{{x}}{{{c}}} = \\frac{{{b_shown}}}{{{a}}}$, so $x = {c} \\times {b_shown} \\div {a}"
                 + (" = " if decimals is None else " \\approx ")
                 + (f"{latex_money(Fraction(answer))}$." if unit == "$" else f"{answer}$."),
        params={"a": a, "b": fraction_text(b), "c": c},
    )


@generator("equivalent_ratio_choice", "Proportion")
def equivalent_ratio_choice(rng: random.Random) -> Problem:
    while True:
        p, q = rng.randint(1, 9), rng.randint(2, 9)
        if math.gcd(p, q) == 1 and p != q:
            break
    k1, k2 = rng.sample(range(2, 7), 2)
    given = (p * k1, q * k1)
    right = (p * k2, q * k2)
    candidates = [(given[0] + k2, given[1] + k2), (given[1], given[0]), (right[0] + 1, right[1]),
                  (right[0], right[1] + q), (given[0] * 2, given[1] + 2), (p * k2 + p, q * k2)]
    wrong, values = [], {Fraction(p, q)}
    for pair in candidates:
        if Fraction(*pair) not in values and pair != given:
            values.add(Fraction(*pair))
            wrong.append(pair)
    wrong = rng.sample(wrong, 3)
    colon = rng.random() < 0.5

    def text(pair):
        return f"${pair[0]}:{pair[1]}$" if colon else f"${latex_over(*pair)}$"

    subject = rng.choice([
        None, None,
        ("cups of juice", "cups of water", "A punch recipe uses {a} cups of juice for every {b} cups of water."),
        ("red beads", "blue beads", "A necklace pattern uses {a} red beads for every {b} blue beads."),
        ("laps", "minutes", "{name} swims {a} laps every {b} minutes."),
        ("cups of flour", "eggs", "A pancake recipe uses {a} cups of flour for every {b} eggs."),
        ("wins", "losses", "A team has {a} wins for every {b} losses."),
    ])
    if subject is None:
        prompt = f"Which ratio forms a proportion with {text(given)}?"
    else:
        prompt = (subject[2].format(a=f"${given[0]}$", b=f"${given[1]}$", name=rng.choice(NAMES))
                  + f" Which ratio of {subject[0]} to {subject[1]} is equivalent?")
    answer = text(right)
    choices = choices_with(answer, [text(w) for w in wrong], rng)
    pairs = {text(x): list(x) for x in [right, *wrong]}
    return Problem(
        prompt=prompt, answer=answer, kind=AnswerKind.CHOICE, choices=choices,
        hint="Equivalent ratios come from multiplying or dividing both terms by the same number.",
        solution=f"${given[0]}:{given[1]}$ simplifies to ${p}:{q}$, and ${right[0]}:{right[1]} = "
                 f"{p} \\times {k2} : {q} \\times {k2}$, so it is the same ratio.",
        params={"given": list(given), "choices": list(choices), "options": [pairs[c] for c in choices]},
    )


# == Unit Rate ==============================================================================================
_UNIT_PRICE_ITEMS = (("pens", "pen"), ("apples", "apple"), ("bottles of water", "bottle"),
                     ("granola bars", "bar"), ("tickets", "ticket"), ("notebooks", "notebook"),
                     ("ounces of cheese", "ounce"), ("pounds of grapes", "pound"), ("gallons of gas", "gallon"))


@generator("unit_rate_price", "Unit Rate")
def unit_rate_price(rng: random.Random) -> Problem:
    plural, single = rng.choice(_UNIT_PRICE_ITEMS)
    count = rng.choice([3, 4, 5, 6, 8, 10, 12, 16, 20, 24])
    if rng.random() < 0.65:
        total = Fraction(rng.randint(10, 250) * count, 100)  # a whole number of cents each
    else:
        total = Fraction(rng.randint(count * 30, count * 300), 100)
    value = total / count
    name = rng.choice(NAMES)
    prompt = rng.choice([
        f"{name} pays ${latex_money(total)}$ for ${count}$ {plural}. What is the price per {single}?",
        f"A store sells ${count}$ {plural} for ${latex_money(total)}$. What is the unit price, in dollars per "
        f"{single}?",
        f"${count}$ {plural} cost ${latex_money(total)}$. How much does one {single} cost?",
    ])
    answer = decimal_text(value, 2)
    return Problem(
        prompt=prompt, answer=answer, unit="$", decimals=2,
        hint="Divide the total cost by the number of items.",
        solution=f"${latex_money(total)} \\div {count} {_about(value)} {latex_money(Fraction(answer))}$ per {single}.",
        params={"total": decimal_text(total), "count": count},
    )


@generator("unit_rate_better_buy", "Unit Rate")
def unit_rate_better_buy(rng: random.Random) -> Problem:
    product, unit_word = rng.choice([("cereal", "ounce"), ("juice", "ounce"), ("rice", "pound"),
                                     ("dog food", "pound"), ("shampoo", "ounce"), ("pasta", "ounce")])
    count = rng.choice([2, 3])
    while True:
        sizes = rng.sample([8, 10, 12, 16, 18, 20, 24, 32, 40, 48, 64], count)
        usual = rng.randint(10, 40)  # cents per unit, about the same for every size
        prices = [Fraction(round(size * usual * rng.uniform(0.8, 1.2)), 100) for size in sizes]
        units = [price / size for price, size in zip(prices, sizes)]
        if len(set(units)) == count and min(prices) > 0 and \
                min(abs(u - v) for i, u in enumerate(units) for v in units[i + 1:]) * 100 >= Fraction(1, 2):
            break
    labels = ["A", "B", "C"][:count]
    texts = [f"Size {label}: ${size}$ {unit_word}s for ${latex_money(price)}$"
             for label, size, price in zip(labels, sizes, prices)]
    best = min(range(count), key=lambda i: units[i])
    answer = texts[best]
    choices = choices_with(answer, [t for i, t in enumerate(texts) if i != best], rng)
    return Problem(
        prompt=f"A store sells {product} in {count} sizes. Which size is the better buy (the lowest price per "
               f"{unit_word})?",
        answer=answer, kind=AnswerKind.CHOICE, choices=choices,
        hint=f"Find the price per {unit_word} of each size.",
        solution=f"Price per {unit_word}: " + "; ".join(
            f"{label}: ${latex_money(price)} \\div {size} {_about(price / size * 10)} {decimal_text(price / size, 3)}$ "
            f"dollars"
            for label, size, price in zip(labels, sizes, prices))
        + f". Size {labels[best]} costs the least per {unit_word}.",
        params={"sizes": sizes, "prices": [decimal_text(p) for p in prices], "texts": texts},
    )


_RATE_CONTEXTS = (
    # (sentence, quantity word, time word, unit of the answer)
    ("A car travels {q} miles in {t} hours. What is its speed in miles per hour?", "mph", "h"),
    ("A cyclist rides {q} km in {t} hours. What is her speed in kilometers per hour?", "km/h", "h"),
    ("A runner covers {q} meters in {t} seconds. What is the runner's speed in meters per second?", "m/s", "s"),
    ("A printer prints {q} pages in {t} minutes. How many pages does it print per minute?", "", "min"),
    ("{name} types {q} words in {t} minutes. How many words per minute does {name} type?", "", "min"),
    ("A faucet fills a {q}-liter tub in {t} minutes. How many liters per minute flow from the faucet?", "", "min"),
    ("A heart beats {q} times in {t} minutes. What is the heart rate in beats per minute?", "", "min"),
)


@generator("unit_rate_quantity", "Unit Rate")
def unit_rate_quantity(rng: random.Random) -> Problem:
    name = rng.choice(NAMES)
    if rng.random() < 0.25:  # a rate of two fractions
        distance = _proper_over(rng, (2, 3, 4, 5, 6, 8))
        time = _proper_over(rng, (2, 3, 4, 5, 6))
        while not terminates(distance / time) or distance == time:
            time = _proper_over(rng, (2, 3, 4, 5, 6))
        value = distance / time
        prompt = (f"{name} walks ${latex_fraction(distance)}$ mile in ${latex_fraction(time)}$ hour. What is {name}'s "
                  "speed in miles per hour?")
        return Problem(
            prompt=prompt, answer=decimal_text(value), unit="mph",
            hint="Divide the distance by the time.",
            solution=f"${latex_fraction(distance)} \\div {latex_fraction(time)} = {latex_fraction(distance)} \\times "
                     f"{latex_fraction(1 / time)} = {latex_number(value)}$ miles per hour.",
            params={"q": fraction_text(distance), "t": fraction_text(time)},
        )
    template, unit, time_unit = rng.choice(_RATE_CONTEXTS)
    rate = {"mph": rng.randint(25, 70), "km/h": rng.randint(12, 30), "m/s": rng.randint(4, 9)}.get(
        unit, rng.randint(12, 90))
    time = Fraction(rng.randint(2, 9)) if time_unit != "s" else Fraction(rng.randint(10, 60))
    if time_unit == "h" and rng.random() < 0.4:
        time += Fraction(1, 2)
    if rng.random() < 0.3 and time_unit != "h":
        rate = Fraction(rng.randint(2 * rate, 2 * rate + 1), 2)  # a half in the unit rate
        time = Fraction(2 * rng.randint(1, 6))
    quantity = rate * time
    value = quantity / time
    prompt = template.format(q=f"${latex_number(quantity)}$", t=f"${latex_number(time)}$", name=name)
    return Problem(
        prompt=prompt, answer=decimal_text(value), unit=unit,
        hint="Divide the amount by the time to get the amount for 1 unit of time.",
        solution=f"${latex_number(quantity)} \\div {latex_number(time)} = {latex_number(value)}$.",
        params={"q": decimal_text(quantity), "t": decimal_text(time)},
    )


# == Rate ===================================================================================================
@generator("rate_distance_time", "Rate")
def rate_distance_time(rng: random.Random) -> Problem:
    name = rng.choice(NAMES)
    system = rng.choice(["mi", "km"])
    speed_unit = "mph" if system == "mi" else "km/h"
    speed = rng.choice([4, 5, 6, 12, 15, 20, 24, 30, 36, 40, 45, 48, 50, 55, 60, 65, 72, 75, 80])
    hours = Fraction(rng.randint(1, 8)) + rng.choice([0, 0, Fraction(1, 2), Fraction(1, 4), Fraction(3, 4)])
    distance = speed * hours
    vehicle = "walks" if speed <= 6 else "bikes" if speed <= 24 else "drives"
    ask = rng.choice(["distance", "time", "speed", "minutes"])
    per = "miles per hour" if system == "mi" else "kilometers per hour"
    length = "miles" if system == "mi" else "kilometers"
    if ask == "distance":
        prompt = f"{name} {vehicle} at ${speed}$ {per} for ${latex_number(hours)}$ hours. How far does {name} travel?"
        answer, unit = latex_number(distance), system
        solution = f"$d = rt = {speed} \\times {latex_number(hours)} = {latex_number(distance)}$ {length}."
    elif ask == "time":
        prompt = f"How many hours does it take to travel ${latex_number(distance)}$ {length} at ${speed}$ {per}?"
        answer, unit = latex_number(hours), "h"
        solution = f"$t = \\frac{{d}}{{r}} = {latex_number(distance)} \\div {speed} = {latex_number(hours)}$ hours."
    elif ask == "minutes":
        distance = Fraction(rng.randint(1, 9), rng.choice([1, 2, 4]))
        speed = rng.choice([3, 4, 5, 6, 10, 12, 15, 20, 30])
        minutes = distance / speed * 60
        while not terminates(minutes) or distance == 0:
            speed = rng.choice([4, 5, 10, 12, 15, 20, 30])
            minutes = distance / speed * 60
        hours = minutes / 60
        prompt = (f"{name} rides a scooter at ${speed}$ {per}. How many minutes does it take {name} to go "
                  f"${latex_number(distance)}$ {length}?")
        answer, unit = latex_number(minutes), "min"
        solution = (f"$t = {latex_number(distance)} \\div {speed} = {latex_fraction(hours)}$ hour, and "
                    f"${latex_fraction(hours)} \\times 60 = {latex_number(minutes)}$ minutes.")
    else:
        traveler = ("A hiker" if speed <= 6 else "A cyclist" if speed <= 24 else
                    rng.choice(["A car", "A train", "A bus"]))
        prompt = (f"{traveler} travels ${latex_number(distance)}$ {length} in ${latex_number(hours)}$ hours at a "
                  "steady speed. What is the speed?")
        answer, unit = str(speed), speed_unit
        solution = f"$r = \\frac{{d}}{{t}} = {latex_number(distance)} \\div {latex_number(hours)} = {speed}$ {per}."
    return Problem(
        prompt=prompt, answer=answer.replace("{,}", ""), unit=unit,
        hint="Use distance = rate × time.",
        solution=solution,
        params={"ask": ask, "speed": speed, "hours": fraction_text(hours), "distance": fraction_text(distance)},
    )


@generator("rate_work", "Rate")
def rate_work(rng: random.Random) -> Problem:
    name, other = rng.sample(NAMES, 2)
    ask = rng.choice(["amount", "time", "together", "together", "combined"])
    machine = rng.choice([("A machine", "fills", "bottles"), ("A printer", "prints", "pages"),
                          ("A cupcake machine", "frosts", "cupcakes"), ("A factory robot", "packs", "boxes")])
    if ask == "amount":
        rate, minutes = rng.randint(6, 60), rng.randint(5, 45)
        prompt = (f"{machine[0]} {machine[1]} ${rate}$ {machine[2]} per minute. How many {machine[2]} does it "
                  f"{machine[1][:-1]} in ${minutes}$ minutes?")
        value, unit = Fraction(rate * minutes), ""
        solution = f"${rate} \\times {minutes} = {rate * minutes}$ {machine[2]}."
        params = {"ask": ask, "rate": rate, "amount": None, "a": minutes, "b": None}
    elif ask == "time":
        rate, minutes = rng.randint(6, 60), rng.randint(5, 45)
        amount = rate * minutes
        prompt = (f"{machine[0]} {machine[1]} ${rate}$ {machine[2]} per minute. How many minutes does it take to "
                  f"{machine[1][:-1]} ${latex_number(amount)}$ {machine[2]}?")
        value, unit = Fraction(minutes), "min"
        solution = f"${latex_number(amount)} \\div {rate} = {minutes}$ minutes."
        params = {"ask": ask, "rate": rate, "amount": amount, "a": None, "b": None}
    elif ask == "combined":
        r1, r2 = rng.randint(3, 30), rng.randint(3, 30)
        minutes = rng.randint(4, 30)
        amount = (r1 + r2) * minutes
        prompt = (f"{name} can fold ${r1}$ flyers per minute and {other} can fold ${r2}$ flyers per minute. Working "
                  f"together, how many minutes will it take them to fold ${latex_number(amount)}$ flyers?")
        value, unit = Fraction(minutes), "min"
        solution = (f"Together they fold ${r1} + {r2} = {r1 + r2}$ flyers per minute, and "
                    f"${latex_number(amount)} \\div {r1 + r2} = {minutes}$ minutes.")
        params = {"ask": ask, "rate": None, "amount": amount, "a": r1, "b": r2}
    else:
        a, b = sorted(rng.sample(range(2, 13), 2))
        task = rng.choice(["paint a fence", "mow a lawn", "clean the garage", "weed the garden"])
        prompt = (f"{name} can {task} alone in ${a}$ hours, and {other} can do it alone in ${b}$ hours. How many hours "
                  f"will it take them working together?")
        value, unit = Fraction(a * b, a + b), "h"
        solution = (f"Together they do $\\frac{{1}}{{{a}}} + \\frac{{1}}{{{b}}} = "
                    f"{latex_fraction(Fraction(1, a) + Fraction(1, b))}$"
                    f" of the job per hour, so the job takes ${latex_fraction(value)}$"
                    + (f" $= {latex_number(value)}$" if terminates(value) else f" $\\approx {decimal_text(value, 2)}$")
                    + " hours.")
        params = {"ask": ask, "rate": None, "amount": None, "a": a, "b": b}
    decimals = None if terminates(value) else 2
    return Problem(
        prompt=prompt, answer=decimal_text(value, decimals), unit=unit, decimals=decimals,
        hint="Work = rate × time; rates of people working together add up.",
        solution=solution,
        params=params,
    )


_GRAPH_CONTEXTS = (
    # (who, x label, x unit word, y label, y unit word, question, answer unit, y steps, x steps)
    ("a car", "Time (hours)", "hours", "Distance (miles)", "miles", "What is the car's speed?", "mph",
     (20, 25, 30), (1,)),
    ("a cyclist", "Time (hours)", "hours", "Distance (km)", "kilometers", "What is the cyclist's speed?", "km/h",
     (5, 10), (1,)),
    ("a printer", "Time (minutes)", "minutes", "Pages printed", "pages", "How many pages does it print per minute?",
     "", (5, 10, 20), (1, 2)),
    ("a hose filling a pool", "Time (minutes)", "minutes", "Water (liters)", "liters",
     "How many liters of water flow per minute?", "", (10, 20, 25), (1, 2)),
    ("bulk trail mix", "Weight (pounds)", "pounds", "Cost (dollars)", "dollars",
     "What is the price per pound?", "$", (2, 4, 5), (1,)),
)


def _rate_graph(x_label: str, y_label: str, x_step: int, y_step: int, x_max_steps: int, y_max_steps: int,
                point: tuple[int, int], alt: str) -> str:
    chart = SvgChart(480, 340, x_axis=(0, x_step * x_max_steps, x_step), y_axis=(0, y_step * y_max_steps, y_step),
                  x_title=x_label, y_title=y_label, alt=alt, left=70, right=410, top=36, bottom=286)
    chart.line(Fraction(point[1], point[0]), 0)
    dot = chart.px(*point)
    chart.svg.dot(*dot, color=PALETTE[5])
    label = f"({point[0]}, {point[1]})"
    if dot[0] - chart.left > 80 and dot[1] - chart.top > 20:  # above and to the left: the rising line is below it
        chart.svg.text(dot[0] - 8, dot[1] - 14, label, size=13, color=PALETTE[5], anchor="end", bold=True)
    else:  # below and to the right: the line is above it there
        chart.svg.text(dot[0] + 8, dot[1] + 14, label, size=13, color=PALETTE[5], anchor="start", bold=True)
    return chart.render()


@generator("rate_from_graph", "Rate", "Unit Rate")
def rate_from_graph(rng: random.Random) -> Problem:
    who, x_label, x_word, y_label, y_word, question, unit, y_steps, x_steps = rng.choice(_GRAPH_CONTEXTS)
    y_step, x_step = rng.choice(y_steps), rng.choice(x_steps)
    x_max_steps, y_max_steps = 6, 8
    while True:
        px_ = rng.randint(1, x_max_steps) * x_step
        py_ = rng.randint(1, y_max_steps) * y_step
        rate = Fraction(py_, px_)
        if (rate * 100).denominator == 1 and (px_ > x_step or py_ > 2 * y_step) and \
                (unit != "$" or rate * 100 % 1 == 0):
            break
    alt = (f"A graph of a straight line through the origin for {who}: {x_label.lower()} on the horizontal axis from "
           f"0 to {x_step * x_max_steps} in steps of {x_step}, {y_label.lower()} on the vertical axis from 0 to "
           f"{y_step * y_max_steps} in steps of {y_step}. The point ({px_}, {py_}) on the line is marked: "
           f"{py_} {y_word} at {px_} {x_word if px_ != 1 else x_word.removesuffix('s')}.")
    figure = _rate_graph(x_label, y_label, x_step, y_step, x_max_steps, y_max_steps, (px_, py_), alt)
    return Problem(
        prompt=f"The graph shows a proportional relationship for {who}. {question}",
        answer=decimal_text(rate, 2 if unit == "$" else None), unit=unit, decimals=2 if unit == "$" else None,
        hint="Use the marked point: divide its vertical value by its horizontal value.",
        solution=f"The line passes through $(0, 0)$ and $({px_}, {py_})$, so the unit rate is "
                 f"${py_} \\div {px_} = {latex_number(rate)}$ {y_word} per {x_word.removesuffix('s')}.",
        figure=figure, figure_alt=alt,
        params={"point": [px_, py_]},
    )


# == Unit Conversion Within a System ========================================================================
# (big unit, small unit, factor, big amounts in tenths, small amounts, contexts with {v})
_METRIC_PAIRS = (
    ("km", "m", 1000, (5, 420), (150, 9500), ("A hiking trail is {v} long.", "A bike race is {v} long.",
                                              "{name} walks {v} to school.")),
    ("m", "cm", 100, (3, 95), (25, 950), ("A ribbon is {v} long.", "A bookshelf is {v} tall.",
                                          "{name} jumped {v} in the long jump.")),
    ("m", "mm", 1000, (2, 60), (120, 4500), ("A pipe is {v} long.", "A window is {v} wide.")),
    ("cm", "mm", 10, (15, 300), (12, 350), ("A pencil is {v} long.", "A leaf is {v} long.",
                                            "A beetle is {v} long.")),
    ("kg", "g", 1000, (3, 250), (150, 9500), ("A bag of flour weighs {v}.", "A watermelon weighs {v}.",
                                              "{name}'s backpack weighs {v}.")),
    ("g", "mg", 1000, (2, 50), (50, 4500), ("A vitamin tablet weighs {v}.", "A paper clip weighs {v}.")),
    ("l", "ml", 1000, (2, 200), (150, 5000), ("A bottle holds {v} of juice.", "A fish tank holds {v} of water.",
                                              "A pot holds {v} of soup.")),
)
_UNIT_WORDS = {"km": "kilometers", "m": "meters", "cm": "centimeters", "mm": "millimeters", "kg": "kilograms",
               "g": "grams", "mg": "milligrams", "l": "liters", "ml": "milliliters", "mi": "miles", "yd": "yards",
               "ft": "feet", "in": "inches", "lb": "pounds", "oz": "ounces", "gal": "gallons", "qt": "quarts",
               "pt": "pints", "cup": "cups", "h": "hours", "min": "minutes", "s": "seconds", "day": "days",
               "week": "weeks"}
def _unit_word(count, unit: str) -> str:
    """The unit written out as it goes with `count`: 1 foot, 2 feet."""
    return plural(count, _word1(unit), _UNIT_WORDS[unit])


def _amount(value: Fraction, unit: str) -> str:
    """$3.5$ inches, $1$ inch."""
    return f"${latex_number(value)}$ {_unit_word(value, unit)}"


@generator("convert_metric", "Unit Conversion Within a System")
def convert_metric(rng: random.Random) -> Problem:
    big, small, factor, big_range, small_range, contexts = rng.choice(_METRIC_PAIRS)
    down = rng.random() < 0.5  # big unit -> small unit
    if down:
        value = Fraction(rng.randint(*big_range), 10)
        source, target, result = big, small, value * factor
    else:
        value = Fraction(rng.randint(*small_range))
        source, target, result = small, big, value / factor
    template = rng.randrange(3)
    if template == 0:
        prompt = f"Convert {_amount(value, source)} to {_UNIT_WORDS[target]}."
    elif template == 1:
        prompt = f"How many {_UNIT_WORDS[target]} are in {_amount(value, source)}?"
    else:
        prompt = rng.choice(contexts).format(v=_amount(value, source), name=rng.choice(NAMES)) + \
            f" How many {_UNIT_WORDS[target]} is that?"
    operation = "\\times" if down else "\\div"
    return Problem(
        prompt=prompt, answer=decimal_text(result), unit=target,
        hint=f"$1$ {_word1(big)} $= {latex_number(factor)}$ {_UNIT_WORDS[small]}.",
        solution=f"$1$ {_word1(big)} $= {latex_number(factor)}$ {_UNIT_WORDS[small]}, so "
                 f"${latex_number(value)} {operation} {latex_number(factor)} = {latex_number(result)}$ "
                 f"{_UNIT_WORDS[target]}.",
        params={"value": decimal_text(value), "from": source, "to": target},
    )


_CUSTOMARY_PAIRS = (("ft", "in", 12), ("yd", "ft", 3), ("yd", "in", 36), ("mi", "ft", 5280), ("mi", "yd", 1760),
                    ("lb", "oz", 16), ("gal", "qt", 4), ("qt", "pt", 2), ("pt", "cup", 2), ("gal", "cup", 16),
                    ("qt", "cup", 4), ("gal", "pt", 8))
_CHECKER_UNITS = ("in", "ft", "yd", "mi", "oz", "lb")


@generator("convert_customary", "Unit Conversion Within a System")
def convert_customary(rng: random.Random) -> Problem:
    big, small, factor = rng.choice(_CUSTOMARY_PAIRS)
    mode = rng.choice(["down", "down", "up", "compound"])
    if mode == "compound" and factor < 100:
        whole, extra = rng.randint(2, 9), rng.randint(1, factor - 1)
        result = Fraction(whole * factor + extra)
        given = f"${whole}$ {_UNIT_WORDS[big]} ${extra}$ {_unit_word(extra, small)}"
        target, params = small, {"whole": whole, "big": big, "extra": extra, "small": small, "to": small}
        solution = (f"${whole} \\times {factor} = {whole * factor}$ {_UNIT_WORDS[small]}, plus ${extra}$ makes "
                    f"${latex_number(result)}$ {_UNIT_WORDS[small]}.")
    elif mode == "up":
        result = Fraction(rng.randint(2, 12)) + rng.choice([0, 0, Fraction(1, 2), Fraction(1, 4), Fraction(3, 4)])
        if factor >= 1000:
            result = Fraction(rng.randint(1, 6)) + rng.choice([0, Fraction(1, 2)])
        amount = result * factor
        if amount.denominator != 1:
            result = Fraction(math.floor(result))
            amount = result * factor
        given = _amount(amount, small).replace("foots", "feet")
        target, params = big, {"whole": 0, "big": small, "extra": int(amount), "small": small, "to": big}
        solution = (f"$1$ {_word1(big)} $= {latex_number(factor)}$ {_UNIT_WORDS[small]}, so "
                    f"${latex_number(amount)} \\div {latex_number(factor)} = {latex_number(result)}$ "
                    f"{_UNIT_WORDS[big]}.")
    else:
        amount = Fraction(rng.randint(2, 15)) + rng.choice([0, 0, Fraction(1, 2), Fraction(1, 4)])
        if factor >= 1000:
            amount = Fraction(rng.randint(1, 8)) + rng.choice([0, Fraction(1, 2)])
        result = amount * factor
        given = f"${latex_number(amount) if amount.denominator == 1 else latex_mixed(amount)}$ {_UNIT_WORDS[big]}"
        target, params = small, {"whole": fraction_text(amount), "big": big, "extra": 0, "small": small,
                                 "to": small}
        solution = (f"$1$ {_word1(big)} $= {latex_number(factor)}$ {_UNIT_WORDS[small]}, so "
                    f"${latex_number(amount)} \\times {latex_number(factor)} = {latex_number(result)}$ "
                    f"{_UNIT_WORDS[small]}.")
    unit = target if target in _CHECKER_UNITS else ""
    prompt = rng.choice([f"How many {_UNIT_WORDS[target]} are in {given}?",
                         f"Convert {given} to {_UNIT_WORDS[target]}."])
    if rng.random() < 0.4:
        prompt = {
            "in": f"A shelf is {given} long. How many {_UNIT_WORDS[target]} long is it?",
            "ft": f"A rope is {given} long. How many {_UNIT_WORDS[target]} long is it?",
            "yd": f"A race is {given} long. How many {_UNIT_WORDS[target]} is that?",
            "oz": f"A bag of potatoes weighs {given}. How many {_UNIT_WORDS[target]} is that?",
            "lb": f"A box of books weighs {given}. How many {_UNIT_WORDS[target]} is that?",
        }.get(target, f"A recipe makes {given} of soup. How many {_UNIT_WORDS[target]} of soup is that?")
    return Problem(
        prompt=prompt, answer=decimal_text(result), unit=unit,
        hint=f"$1$ {_word1(big)} $= {latex_number(factor)}$ {_UNIT_WORDS[small]}.",
        solution=solution,
        params=params,
    )


def _word1(unit: str) -> str:
    return {"ft": "foot", "in": "inch"}.get(unit, _UNIT_WORDS[unit].rstrip("s"))


_TIME_PAIRS = (("h", "min", 60), ("min", "s", 60), ("day", "h", 24), ("week", "day", 7), ("h", "s", 3600))


@generator("convert_time", "Unit Conversion Within a System")
def convert_time(rng: random.Random) -> Problem:
    big, small, factor = rng.choice(_TIME_PAIRS)
    mode = rng.choice(["down", "up", "compound"])
    name = rng.choice(NAMES)
    if mode == "compound":
        whole, extra = rng.randint(1, 9), rng.randint(1, factor - 1) if factor < 100 else rng.randint(1, 59) * 60
        value = Fraction(whole * factor + extra)
        given = f"${whole}$ {_unit_word(whole, big)} ${latex_number(extra)}$ {_UNIT_WORDS[small]}"
        target = small
        solution = (f"${whole} \\times {latex_number(factor)} = {latex_number(whole * factor)}$ {_UNIT_WORDS[small]}, "
                    f"plus ${latex_number(extra)}$ makes ${latex_number(value)}$ {_UNIT_WORDS[small]}.")
        params = {"parts": [[whole, big], [extra, small]], "to": small}
    elif mode == "down":
        amount = Fraction(rng.randint(2, 12)) + rng.choice([0, 0, Fraction(1, 2), Fraction(1, 4), Fraction(3, 4)])
        value = amount * factor
        given = f"${latex_number(amount)}$ {_UNIT_WORDS[big]}"
        target = small
        solution = (f"$1$ {_word1(big)} $= {latex_number(factor)}$ {_UNIT_WORDS[small]}, so "
                    f"${latex_number(amount)} \\times {latex_number(factor)} = {latex_number(value)}$ "
                    f"{_UNIT_WORDS[small]}.")
        params = {"parts": [[decimal_text(amount), big]], "to": small}
    else:
        value = Fraction(rng.randint(1, 10)) + rng.choice([Fraction(1, 2), Fraction(1, 4), Fraction(3, 4), 0])
        if big == "week":
            value = Fraction(rng.randint(2, 10))
        amount = value * factor
        given = f"${latex_number(amount)}$ {_UNIT_WORDS[small]}"
        target = big
        solution = (f"$1$ {_word1(big)} $= {latex_number(factor)}$ {_UNIT_WORDS[small]}, so "
                    f"${latex_number(amount)} \\div {latex_number(factor)} = {latex_number(value)}$ "
                    f"{_UNIT_WORDS[big]}.")
        params = {"parts": [[decimal_text(amount), small]], "to": big}
    prompt = rng.choice([
        f"How many {_UNIT_WORDS[target]} are in {given}?",
        f"Convert {given} to {_UNIT_WORDS[target]}.",
        f"{name}'s trip took {given}. How many {_UNIT_WORDS[target]} is that?",
    ])
    return Problem(
        prompt=prompt, answer=decimal_text(value), unit=target,
        hint=f"$1$ {_word1(big)} $= {latex_number(factor)}$ {_UNIT_WORDS[small]}.",
        solution=solution,
        params=params,
    )


# == Scale Factor ===========================================================================================
_MAP_SCALES = (("cm", "km", (5, 10, 20, 25, 50)), ("in", "mi", (4, 5, 10, 20, 25, 40, 50)),
               ("cm", "m", (2, 5, 10, 20)), ("in", "ft", (2, 4, 5, 8, 10, 12)))
@generator("scale_map_distance", "Scale Factor")
def scale_map_distance(rng: random.Random) -> Problem:
    small, large, per_options = rng.choice(_MAP_SCALES)
    per = rng.choice(per_options)
    scale_small = rng.choice([1, 1, 1, 2])
    while True:
        drawing = Fraction(rng.randint(3, 30), 2) if small == "cm" else \
            Fraction(rng.randint(1, 12)) + rng.choice([0, Fraction(1, 2), Fraction(1, 4), Fraction(3, 4)])
        if drawing != scale_small and drawing > 1:
            break
    actual = drawing / scale_small * per
    name = rng.choice(NAMES)
    what = "map" if large in ("km", "mi") else "scale drawing"
    scale = f"{_amount(scale_small, small)} represents {_amount(per, large)}"
    if scale_small == 1:
        to_actual = f"{latex_number(drawing)} \\times {per}"
        to_drawing = f"{latex_number(actual)} \\div {per}"
    else:
        to_actual = f"{latex_number(drawing)} \\div {scale_small} \\times {per}"
        to_drawing = f"{latex_number(actual)} \\div {per} \\times {scale_small}"
    if rng.random() < 0.6:
        if what == "map":
            prompt = (f"On a map, {scale}. Two towns are {_amount(drawing, small)} apart on the map. What is the "
                      f"actual distance between the towns?")
        else:
            thing = rng.choice(["a room", "a bridge", "a playground", "a house", "a ship"])
            prompt = (f"In a scale drawing of {thing}, {scale}. A wall is {_amount(drawing, small)} long in the "
                      f"drawing. What is its actual length?")
        answer, unit, ask = actual, large, "actual"
        solution = (f"Each {_amount(scale_small, small)} stands for {_amount(per, large)}, so the actual length is "
                    f"${to_actual} = {latex_number(actual)}$ {_UNIT_WORDS[large]}.")
    else:
        if what == "map":
            prompt = (f"On a map, {scale}. {name} will drive {_amount(actual, large)}. How long is that route on "
                      f"the map?")
        else:
            prompt = (f"An architect draws a plan where {scale}. A wall is {_amount(actual, large)} long. How long "
                      f"is the wall in the drawing?")
        answer, unit, ask = drawing, small, "drawing"
        solution = (f"Each {_amount(per, large)} is {_amount(scale_small, small)} on the {what}, so the length "
                    f"there is ${to_drawing} = {latex_number(drawing)}$ {_UNIT_WORDS[small]}.")
    return Problem(
        prompt=prompt, answer=decimal_text(answer), unit=unit,
        hint="Set up a proportion: drawing length over actual length is the same as in the scale.",
        solution=solution,
        params={"scale": [scale_small, per], "drawing": decimal_text(drawing) if ask == "actual" else None,
                "actual": decimal_text(actual) if ask == "drawing" else None},
    )


def _similar_figure(shape: str, a: tuple[int, int], b: tuple[int, int], labels_a: tuple[str, str],
                    labels_b: tuple[str, str], unit: str, alt: str) -> str:
    biggest_w = a[0] + b[0]
    biggest_h = max(a[1], b[1])
    scale = min(260 / biggest_w, 220 / biggest_h)
    wa, ha, wb, hb = (v * scale for v in (*a, *b))
    height = int(max(ha, hb) + 90)
    width = int(wa + wb + 170)
    svg = Svg(width, height, alt=alt)
    base = height - 40
    for x0, (w, h), (lw, lh), name, color in ((60, (wa, ha), labels_a, "A", PALETTE[0]),
                                              (60 + wa + 90, (wb, hb), labels_b, "B", PALETTE[2])):
        if shape == "rectangle":
            svg.polygon([(x0, base), (x0 + w, base), (x0 + w, base - h), (x0, base - h)], fill=color, color=color,
                        opacity=0.15)
        else:
            svg.polygon([(x0, base), (x0 + w, base), (x0, base - h)], fill=color, color=color, opacity=0.15)
            svg.polyline([(x0 + 10, base), (x0 + 10, base - 10), (x0, base - 10)], width=1.2)
        svg.text(x0 + w / 2, base + 16, f"{lw} {unit}" if lw != "x" else "x", size=13, bold=lw == "x",
                 italic=lw == "x")
        svg.text(x0 - 6, base - h / 2, f"{lh} {unit}" if lh != "x" else "x", size=13, anchor="end",
                 bold=lh == "x", italic=lh == "x")
        svg.text(x0 + (w / 2 if shape == "rectangle" else w / 4), base - h - 14, name, size=15, bold=True,
                 color=color)
    return svg.render()


@generator("scale_factor_similar_figures", "Scale Factor")
def scale_factor_similar_figures(rng: random.Random) -> Problem:
    k = rng.choice([Fraction(2), Fraction(3), Fraction(4), Fraction(3, 2), Fraction(5, 2), Fraction(1, 2),
                    Fraction(1, 3), Fraction(2, 3), Fraction(3, 4), Fraction(4, 3), Fraction(5, 4)])
    shape = rng.choice(["rectangle", "right triangle"])
    unit = rng.choice(["cm", "in", "m", "ft"])
    d = k.denominator
    while True:
        a = (d * rng.randint(1, max(1, 12 // d)), d * rng.randint(1, max(1, 10 // d)))
        if a[0] != a[1] and 2 <= min(a) and max(a) * max(k, 1) <= 30:
            break
    b = (int(a[0] * k), int(a[1] * k))
    ask = rng.choice(["factor", "side", "side"])
    which = rng.randrange(2)
    labels_a = (str(a[0]), str(a[1]))
    labels_b = [str(b[0]), str(b[1])]
    if ask == "side":
        labels_b[which] = "x"
    side_names = ("base", "height") if shape == "right triangle" else ("width", "height")
    alt = (f"Two similar {shape}s. {shape.capitalize()} A has {side_names[0]} {a[0]} {unit} and {side_names[1]} "
           f"{a[1]} {unit}. {shape.capitalize()} B has {side_names[0]} "
           f"{labels_b[0] + ' ' + unit if labels_b[0] != 'x' else 'x'} and {side_names[1]} "
           f"{labels_b[1] + ' ' + unit if labels_b[1] != 'x' else 'x'}.")
    figure = _similar_figure(shape, a, b, labels_a, tuple(labels_b), unit, alt)
    if ask == "factor":
        prompt = f"{shape.capitalize()} B is a scaled copy of {shape} A. What is the scale factor from A to B?"
        answer, form = exact_text(k), exact_form(k)
        solution = (f"Divide a length of B by the matching length of A: ${latex_over(b[0], a[0])} = "
                    f"{latex_fraction(k)}$"
                    + (f" $= {decimal_text(k)}$." if terminates(k) and k.denominator != 1 else "."))
        result_unit = ""
    else:
        other = 1 - which
        prompt = f"{shape.capitalize()} B is a scaled copy of {shape} A. What is the length $x$?"
        answer = str(b[which])
        form = AnswerForm.ANY
        result_unit = unit
        solution = (f"The scale factor from A to B is ${latex_over(b[other], a[other])} = {latex_fraction(k)}$, so "
                    f"$x = {a[which]} \\times {latex_fraction(k)} = {b[which]}$ {unit}.")
    return Problem(
        prompt=prompt, answer=answer, unit=result_unit, form=form,
        hint="Matching sides of similar figures are in the same ratio: the scale factor.",
        solution=solution, figure=figure, figure_alt=alt,
        params={"a": list(a), "b": [0 if v == "x" else int(v) for v in labels_b], "ask": ask},
    )


@generator("scale_drawing_area", "Scale Factor")
def scale_drawing_area(rng: random.Random) -> Problem:
    name = rng.choice(NAMES)
    if rng.random() < 0.6:
        small, large, per = rng.choice([("in", "ft", (2, 3, 4, 5, 6, 8)), ("cm", "m", (2, 3, 4, 5))])
        per = rng.choice(per)
        w = Fraction(rng.randint(2, 8)) + rng.choice([0, Fraction(1, 2)])
        h = Fraction(rng.randint(2, 8)) + rng.choice([0, 0, Fraction(1, 2)])
        thing = rng.choice(["room", "garden", "patio", "classroom", "stage"])
        ask = rng.choice(["area", "area", "perimeter"])
        prompt = (f"A scale drawing of a rectangular {thing} uses the scale $1$ {small} $:$ ${per}$ {large}. In the "
                  f"drawing the {thing} is ${latex_number(w)}$ {small} by ${latex_number(h)}$ {small}. What is the "
                  f"actual {ask} of the {thing}?")
        actual_w, actual_h = w * per, h * per
        if ask == "area":
            value, unit = actual_w * actual_h, f"{large}^2"
        else:
            value, unit = 2 * (actual_w + actual_h), large
        solution = (f"The actual {thing} is ${latex_number(w)} \\times {per} = {latex_number(actual_w)}$ {large} by "
                    f"${latex_number(h)} \\times {per} = {latex_number(actual_h)}$ {large}, so its {ask} is "
                    + (f"${latex_number(actual_w)} \\times {latex_number(actual_h)} = {latex_number(value)}$ square "
                       f"{_UNIT_WORDS[large]}."
                       if ask == "area" else
                       f"$2 \\times ({latex_number(actual_w)} + {latex_number(actual_h)}) = {latex_number(value)}$ "
                       f"{_UNIT_WORDS[large]}."))
        params = {"per": per, "w": decimal_text(w), "h": decimal_text(h), "ask": ask, "k": None}
    else:
        unit1 = rng.choice(["cm", "in"])
        w, h = rng.randint(2, 9), rng.randint(2, 9)
        k = rng.choice([Fraction(2), Fraction(3), Fraction(4), Fraction(5, 2), Fraction(3, 2), Fraction(1, 2)])
        ask = rng.choice(["area", "perimeter"])
        what = rng.choice(["photo", "rectangle", "poster design", "logo"])
        prompt = (f"{name} {'enlarges' if k > 1 else 'shrinks'} a ${w}$ {unit1} by ${h}$ {unit1} {what} using a scale "
                  f"factor of ${latex_number(k)}$. What is the {ask} of the new {what}?")
        actual_w, actual_h = w * k, h * k
        if ask == "area":
            value, unit = actual_w * actual_h, f"{unit1}^2"
            solution = (f"The new sides are ${w} \\times {latex_number(k)} = {latex_number(actual_w)}$ and ${h} "
                        f"\\times {latex_number(k)} = {latex_number(actual_h)}$, so the area is "
                        f"${latex_number(value)}$ square {_UNIT_WORDS[unit1]} (the old area times ${latex_number(k)}^2 "
                        f"= {latex_number(k * k)}$).")
        else:
            value, unit = 2 * (actual_w + actual_h), unit1
            solution = (f"The new sides are ${latex_number(actual_w)}$ and ${latex_number(actual_h)}$, so the "
                        f"perimeter is $2 \\times ({latex_number(actual_w)} + {latex_number(actual_h)}) = "
                        f"{latex_number(value)}$ {_UNIT_WORDS[unit1]}.")
        params = {"per": None, "w": w, "h": h, "ask": ask, "k": decimal_text(k)}
    return Problem(
        prompt=prompt, answer=decimal_text(value), unit=unit,
        hint="Find the actual side lengths first, then compute.",
        solution=solution,
        params=params,
    )
