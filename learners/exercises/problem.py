"""What a generator draws: a problem with its answer, how the answer is checked and a figure, and the
registry of generators by the skills they practise.

A generator is a function of a `random.Random`; everything it draws comes from that generator, so the same
seed gives the same problem. It records what it drew in `params`, and an independent computation of the
answer from those params (`learners.exercises.independent`) checks it (`learners.exercises.verify`).
"""
from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from fractions import Fraction

from learners.models import AnswerForm, AnswerKind


@dataclass(frozen=True)
class Problem:
    """One exercise as drawn. `answer` is stored as the checker reads it:

    - numbers: '12', '-3.5', '3/4', '2 1/3', '4.5 x 10^3' (rounded to `decimals` places where those are set);
    - points: '(2, -3)'; expressions in x: '2x^2-5x+3', '(x+2)(x-3)', 'y = 2x + 3';
    - multiple choice: the text of the right choice, which is one of `choices`.
    `prompt`, `choices`, `hint` and `solution` are text with mathematics between $...$ (KaTeX).
    The rounding, unit and form are not repeated in the prompt: the page states them (`answers.instruction`).
    """

    prompt: str
    answer: str
    kind: str = AnswerKind.NUMBER
    choices: tuple[str, ...] = ()
    decimals: int | None = None  # the answer is asked rounded to this many decimal places
    unit: str = ""  # canonical unit asked for: "cm", "m^2", "°", "%", "$", "h" ... (learners.answers.UNITS)
    form: str = AnswerForm.ANY
    hint: str = ""
    solution: str = ""  # a worked solution, shown after the student has answered
    figure: str = ""  # SVG drawn by learners.exercises.figures
    figure_alt: str = ""  # the figure in words, for screen readers and as its caption
    params: Mapping = field(default_factory=dict)  # what was drawn; the independent computation reads it


Draw = Callable[[random.Random], Problem]


@dataclass(frozen=True)
class Generator:
    name: str
    skills: tuple[str, ...]  # ASSISTments skill names it practises
    draw: Draw


GENERATORS: dict[str, Generator] = {}

# Skills whose exercises are about a picture: every problem of their generators carries a figure.
FIGURE_SKILLS = frozenset({
    "Angles - Obtuse, Acute, and Right", "Angles on Parallel Lines Cut by a Transversal", "Area Irregular Figure",
    "Box and Whisker", "Circle Graph", "Congruence", "Histogram as Table or Graph", "Interpreting Coordinate Graphs",
    "Nets of 3D Figures", "Number Line", "Reading a Ruler or Scale", "Reflection", "Rotations", "Scatter Plot",
    "Solving Systems of Linear Equations by Graphing", "Stem and Leaf Plot", "Translations", "Venn Diagram",
    "Write Linear Equation from Graph",
})


# Skills the demo shows under a tidier name than the data's (a raw code, a misspelling): display name -> the
# ASSISTments name generators are registered under. The bank matches a stored skill by either.
SKILL_ALIASES = {
    "Understanding Probability": "D.4.8-understanding-concept-of-probabilities",
    "Parts of a Polynomial: Terms, Coefficients, Monomials, Exponents, Variables":
        "Parts of a Polyomial, Terms, Coefficient, Monomial, Exponent, Variable",
    "Effect of Changing Dimensions of a Shape Proportionally": "Effect of Changing Dimensions of a Shape Prportionally",
    "Order of Operations with Positive Numbers": "Order of Operations +,-,/,* () positive reals",
    "Converting Fractions, Decimals and Percents": "Conversion of Fraction Decimals Percents",
    "Solving for a Variable": "Solving for a variable",
    "Simplifying Expressions with Positive Exponents": "Simplifying Expressions positive exponents",
    "Interior Angles of Figures with More than 3 Sides": "Interior Angles Figures with More than 3 Sides",
    "Finding Slope from a Situation": "Finding Slope From Situation",
    "Finding Slope from an Equation": "Finding Slope From Equation",
}


def generator(name: str, *skills: str) -> Callable[[Draw], Draw]:
    """Register `draw` as the generator `name`, practising `skills`."""

    def register(draw: Draw) -> Draw:
        if name in GENERATORS:
            raise ValueError(f"two generators are named {name!r}")
        GENERATORS[name] = Generator(name, tuple(skills), draw)
        return draw

    return register


def skill_generators() -> dict[str, list[Generator]]:
    """Skill name (the ASSISTments name, or its tidier alias) -> the generators that practise it, in
    registration order."""
    out: dict[str, list[Generator]] = {}
    for gen in GENERATORS.values():
        for skill in gen.skills:
            out.setdefault(skill, []).append(gen)
    for alias, name in SKILL_ALIASES.items():
        if name in out:
            out[alias] = out[name]
    return out


def draw_problems(gen: Generator, count: int, *, seed: str, tries_per_problem: int = 20) -> list[Problem]:
    """Up to `count` problems of `gen` with distinct prompts (and figures), the same ones for the same seed."""
    rng = random.Random(f"{seed}:{gen.name}")
    problems, seen = [], set()
    for _draw in range(count * tries_per_problem):
        problem = gen.draw(rng)
        if (problem.prompt, problem.figure) not in seen:
            seen.add((problem.prompt, problem.figure))
            problems.append(problem)
        if len(problems) == count:
            break
    return problems


# -- writing numbers as answers and in prompts -----------------------------------------------------------
def rounded(value: Fraction | int | float | str, decimals: int) -> Fraction:
    """`value` rounded half away from zero to `decimals` places (exactly: no binary floating point)."""
    value = value if isinstance(value, Fraction) else Fraction(str(value))
    step = Fraction(1, 10 ** decimals)
    whole, rest = divmod(abs(value), step)  # exact: no decimal context can round it first
    units = whole + (1 if rest * 2 >= step else 0)
    return (-1 if value < 0 else 1) * units * step


def decimal_text(value: Fraction | int | float | str, decimals: int | None = None) -> str:
    """A number as a decimal without needless zeros: 2.50 -> '2.5', 3 -> '3', -0 -> '0'; rounded to
    `decimals` places first when given. The value must have a finite decimal form if `decimals` is None."""
    value = Fraction(value) if not isinstance(value, float) else Fraction(str(value))
    if decimals is not None:
        value = rounded(value, decimals)
    elif not terminates(value):
        raise ValueError(f"{value} has no finite decimal form: give `decimals`")
    with localcontext() as context:
        context.prec = 80
        text = format(Decimal(value.numerator) / Decimal(value.denominator), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def terminates(value: Fraction) -> bool:
    """Whether `value` has a finite decimal form (its denominator has no prime factor but 2 and 5)."""
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    return denominator == 1


def fraction_text(value: Fraction) -> str:
    """3/4, -5/2, 7 (a whole number without a denominator)."""
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def mixed_text(value: Fraction) -> str:
    """2 1/3, -1 1/2, 3/4 (no whole part), 5."""
    sign = "-" if value < 0 else ""
    whole, rest = divmod(abs(value.numerator), value.denominator)
    if rest == 0:
        return f"{sign}{whole}"
    return f"{sign}{whole} {rest}/{value.denominator}" if whole else f"{sign}{rest}/{value.denominator}"


def latex_fraction(value: Fraction) -> str:
    """\\frac{3}{4}, -\\frac{5}{2}, 7."""
    if value.denominator == 1:
        return str(value.numerator)
    sign = "-" if value < 0 else ""
    return f"{sign}\\frac{{{abs(value.numerator)}}}{{{value.denominator}}}"


def signed_term(coefficient: int | Fraction, variable: str = "", *, first: bool = False) -> str:
    """One term of a sum as a teacher writes it: ('+ 3x', '- x', '+ 5'); the first term without '+'."""
    value = Fraction(coefficient)
    magnitude = abs(value)
    number = "" if variable and magnitude == 1 else (
        str(magnitude.numerator) if magnitude.denominator == 1 else latex_fraction(magnitude))
    body = f"{number}{variable}"
    if first:
        return f"-{body}" if value < 0 else body
    return f"- {body}" if value < 0 else f"+ {body}"


def linear_text(terms: list[tuple[int | Fraction, str]]) -> str:
    """A sum of terms without zero terms, '1x' or '+ -': [(2, 'x'), (-1, 'y'), (0, ''), (-5, '')] ->
    '2x - y - 5' ('0' when every term is zero)."""
    kept = [(c, v) for c, v in terms if c != 0]
    if not kept:
        return "0"
    return " ".join(signed_term(c, v, first=n == 0) for n, (c, v) in enumerate(kept))


def exact_text(value: Fraction) -> str:
    """An exact number as an answer stores it: a decimal where it has a finite decimal form, a fraction otherwise."""
    return decimal_text(value) if terminates(value) else fraction_text(value)


def exact_form(value: Fraction) -> str:
    """The form an exact answer is asked in: any where it has a finite decimal form, else a fraction."""
    return AnswerForm.ANY if terminates(value) else AnswerForm.FRACTION


def point_text(x: Fraction | int, y: Fraction | int) -> str:
    """A point as an answer and as a prompt write it: (2, -3), (1.5, 0)."""
    return f"({decimal_text(x)}, {decimal_text(y)})"


def latex_number(value: Fraction | int | float | str) -> str:
    """A number with a finite decimal form, for use inside $...$, its thousands grouped as KaTeX writes them:
    12{,}500, -3.25, 1{,}234.5."""
    text = decimal_text(value)
    sign, text = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, dot, part = text.partition(".")
    if len(whole) > 3:
        whole = f"{int(whole):,}".replace(",", "{,}")
    return sign + whole + dot + part


def latex_exact(value: Fraction) -> str:
    """An exact number inside $...$: a decimal where it has a finite decimal form, a fraction otherwise."""
    return latex_number(value) if terminates(value) else latex_fraction(value)


def latex_over(top, bottom) -> str:
    """A fraction bar over what is given, as written (not reduced): \\frac{12}{18}, \\frac{2x + 1}{3}."""
    return f"\\frac{{{top}}}{{{bottom}}}"


def latex_mixed(value: Fraction | int) -> str:
    """A mixed number: 2\\frac{1}{3}, -1\\frac{1}{2}, \\frac{3}{4} (no whole part), 5."""
    value = Fraction(value)
    sign = "-" if value < 0 else ""
    whole, rest = divmod(abs(value.numerator), value.denominator)
    if rest == 0:
        return f"{sign}{whole}"
    fraction = f"\\frac{{{rest}}}{{{value.denominator}}}"
    return f"{sign}{whole}{fraction}" if whole else f"{sign}{fraction}"


def latex_money(value: Fraction | int | float | str, *, cents: bool = False) -> str:
    """An amount of dollars for use inside $...$: \\$12, \\$12.50, -\\$3.05, \\$1{,}250 (rounded to the cent);
    with `cents`, whole dollars show their cents too: \\$12.00."""
    value = value if isinstance(value, Fraction) else Fraction(str(value))
    sign = "-" if value < 0 else ""
    amount = abs(value)
    if amount.denominator == 1 and not cents:
        return f"{sign}\\${latex_number(amount)}"
    whole, _, part = decimal_text(amount, 2).partition(".")
    return f"{sign}\\${latex_number(int(whole))}.{part.ljust(2, '0')}"


# -- choices ---------------------------------------------------------------------------------------------
def choices_with(answer: str, wrong: list[str], rng: random.Random, *, count: int = 4) -> tuple[str, ...]:
    """The right answer among up to `count - 1` distinct wrong ones, shuffled."""
    distinct = []
    for option in wrong:
        if option != answer and option not in distinct:
            distinct.append(option)
    options = [answer, *distinct[:count - 1]]
    rng.shuffle(options)
    return tuple(options)


# -- words -----------------------------------------------------------------------------------------------
def plural(count: int | Fraction, word: str, many: str | None = None) -> str:
    """`word` as it goes with `count`: the word itself for one, else `many` (by default the word with an s):
    plural(1, 'mark') -> 'mark', plural(3, 'mark') -> 'marks', plural(2, 'foot', 'feet') -> 'feet'."""
    return word if count == 1 else (many or word + "s")


def and_list(items) -> str:
    """Items as a sentence lists them: 'a', 'a and b', 'a, b and c'."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def article(word: str) -> str:
    """'an' before a word that starts with a vowel, 'a' before any other."""
    return "an" if word[:1].lower() in "aeiou" else "a"
