"""Verification of a generator: many drawn problems, each checked against an independent computation of its
answer, against the checker (the stored answer is accepted, as typed and with its unit), and against its own
instruction (the rounding, form and unit the page states are what the checker enforces). A generator with any
failure is not put in the bank (`learners.exercises.bank`), and its test fails.
"""
from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ElementTree
from fractions import Fraction

from learners.answers import (
    ExpressionError, Unreadable, answer_check, answer_problems, parse_polynomial, read_number, right_side,
)
from learners.exercises.independent import SOLVERS
from learners.exercises.problem import (
    FIGURE_SKILLS, GENERATORS, Generator, Problem, decimal_text, draw_problems, rounded, terminates,
)
from learners.models import AnswerForm, AnswerKind, Exercise

VERIFY_DRAWS = 200
BANK_VARIETY = 12  # distinct problems a generator must be able to draw for one skill
MAX_PROMPT_CHARS = 1500

# What a prompt must never show: a lost term ('+ =', '= +'), doubled signs, a coefficient of one, Python's None.
_PROMPT_FLAWS = re.compile(r"[+\-]\s*=|=\s*[+*/]|\+\s*-|-\s*-|\+\s*\+|(?<![\w.,{])1[a-z]\b|\bNone\b|\bnan\b|\{\}"
                           r"|\binf\b")
_STATED_PLACES = re.compile(r"\b(\d|one|two|three|four)\s+decimal\s+places?\b", re.IGNORECASE)
_PLACES = {"one": "1", "two": "2", "three": "3", "four": "4"}
_DOLLAR = re.compile(r"(?<!\\)\$")  # a math delimiter; \$ (a dollar sign inside mathematics) is not one


def problem_exercise(problem: Problem) -> Exercise:
    """The unsaved exercise a problem becomes."""
    return Exercise(prompt=problem.prompt, answer=problem.answer, answer_kind=problem.kind,
                    choices=list(problem.choices), decimals=problem.decimals, unit=problem.unit, form=problem.form,
                    hint=problem.hint, solution=problem.solution, figure=problem.figure,
                    figure_alt=problem.figure_alt)


def verify_generator(name: str, *, draws: int = VERIFY_DRAWS) -> list[str]:
    """Every failure found in `draws` problems of the generator (empty: verified)."""
    gen = GENERATORS[name]
    solve = SOLVERS.get(name)
    if solve is None:
        return [f"{name}: no independent computation"]
    failures = []
    for index in range(draws):
        problem = gen.draw(random.Random(f"verify:{name}:{index}"))
        failures += [f"{name} #{index}: {failure} | {problem.prompt[:120]!r} -> {problem.answer!r}"
                     for failure in problem_failures(gen, problem, solve)]
        if len(failures) >= 20:
            break
    varied = draw_problems(gen, BANK_VARIETY, seed="variety")
    if len(varied) < BANK_VARIETY:
        failures.append(f"{name}: only {len(varied)} distinct problems in {BANK_VARIETY * 20} draws")
    return failures


def problem_failures(gen: Generator, problem: Problem, solve) -> list[str]:
    failures = _prompt_failures(problem) + _figure_failures(gen, problem)
    exercise = problem_exercise(problem)
    stored = answer_problems(kind=problem.kind, answer=problem.answer, choices=list(problem.choices),
                             decimals=problem.decimals, unit=problem.unit, form=problem.form)
    if stored:
        return failures + [f"the checker refuses the stored answer: {stored}"]
    try:
        expected = solve(problem.params)
    except Exception as error:  # noqa: BLE001 - a failing computation is a finding, not a crash of the check
        return failures + [f"the independent computation failed: {error!r}"]
    failures += _value_failures(problem, expected)
    failures += _checker_failures(exercise, problem)
    return failures


# -- the prompt and the figure ---------------------------------------------------------------------------
def _prompt_failures(problem: Problem) -> list[str]:
    failures = []
    texts = [problem.prompt, *problem.choices, problem.solution, problem.hint]
    for text in texts:
        if len(_DOLLAR.findall(text)) % 2:
            failures.append(f"unbalanced $ in {text[:60]!r}")
        flaw = _PROMPT_FLAWS.search(re.sub(r"\\[a-zA-Z]+", " ", text))
        if flaw:
            failures.append(f"{flaw.group()!r} in {text[:80]!r}")
    if not problem.prompt.strip() or len(problem.prompt) > MAX_PROMPT_CHARS:
        failures.append("the prompt is empty or too long")
    stated = _STATED_PLACES.search(problem.prompt)
    if stated and _PLACES.get(stated.group(1).lower(), stated.group(1)) != str(problem.decimals):
        failures.append(f"the prompt asks for {stated.group(0)!r} but the checker rounds to {problem.decimals} places")
    return failures


def _figure_failures(gen: Generator, problem: Problem) -> list[str]:
    if not problem.figure:
        return ["the skill is about a picture, but the problem has no figure"] if FIGURE_SKILLS & set(gen.skills) else []
    try:
        root = ElementTree.fromstring(problem.figure)
    except ElementTree.ParseError as error:
        return [f"the figure is not well-formed SVG: {error}"]
    failures = []
    if not root.tag.endswith("svg") or root.find("{http://www.w3.org/2000/svg}title") is None:
        failures.append("the figure is not an SVG with a title")
    if not problem.figure_alt.strip():
        failures.append("the figure has no text alternative")
    if re.search(r"<script|\son\w+\s*=|javascript:|\sstyle\s*=", problem.figure, re.IGNORECASE):
        failures.append("the figure has script or inline style")
    return failures


# -- the answer against the independent computation -------------------------------------------------------
def _exact(value) -> Fraction:
    return value if isinstance(value, Fraction) else Fraction(str(value)) if isinstance(value, float) \
        else Fraction(value)


def _number_matches(stored: str, expected, decimals: int | None) -> bool:
    value = read_number(stored).value
    exact = _exact(expected)
    return value == (rounded(exact, decimals) if decimals is not None else exact)


def _value_failures(problem: Problem, expected) -> list[str]:
    try:
        if problem.kind == AnswerKind.NUMBER:
            ok = _number_matches(problem.answer, expected, problem.decimals)
        elif problem.kind == AnswerKind.POINT:
            x, y = (part.strip() for part in problem.answer.strip("()").split(","))
            ok = all(_number_matches(text, value, problem.decimals) for text, value in zip((x, y), expected))
        elif problem.kind == AnswerKind.EXPRESSION:
            ok = parse_polynomial(right_side(problem.answer))[0] == parse_polynomial(right_side(str(expected)))[0]
        elif problem.kind == AnswerKind.CHOICE:
            return _choice_failures(problem, expected)
        else:
            ok = problem.answer.strip().casefold() == str(expected).strip().casefold()
    except (Unreadable, ExpressionError, ValueError, TypeError) as error:
        return [f"cannot compare with the independent computation {expected!r}: {error}"]
    return [] if ok else [f"the stored answer is not the independent computation's {expected!r}"]


def _choice_value(text: str) -> Fraction | None:
    try:
        return read_number(text.strip().strip("$")).value
    except Unreadable:
        return None


def _choice_failures(problem: Problem, expected) -> list[str]:
    choices = list(problem.choices)
    failures = [] if len(set(choices)) == len(choices) >= 2 else ["the choices are not at least two distinct ones"]
    if isinstance(expected, str):
        right = [c for c in choices if c.strip() == expected.strip()]
    else:
        right = [c for c in choices if _choice_value(c) == _exact(expected)]
    if right != [problem.answer]:
        failures.append(f"the choices matching the independent computation {expected!r} are {right}, "
                        f"not just the stored answer")
    return failures


# -- the checker against the instruction ---------------------------------------------------------------------
def _typed(exercise: Exercise) -> str:
    return str(exercise.choices.index(exercise.answer)) if exercise.answer_kind == AnswerKind.CHOICE \
        else exercise.answer


def _checker_failures(exercise: Exercise, problem: Problem) -> list[str]:
    failures = []

    def expect(given: str, *, correct: bool, readable: bool = True, why: str) -> None:
        result = answer_check(exercise, given)
        if result.correct != correct or result.readable != readable:
            failures.append(f"{why}: {given!r} was judged correct={result.correct} readable={result.readable}")

    expect(_typed(exercise), correct=True, why="the stored answer, as typed")
    if problem.kind == AnswerKind.CHOICE:
        wrong = next(i for i, c in enumerate(problem.choices) if c != problem.answer)
        expect(str(wrong), correct=False, why="another choice")
        return failures
    if problem.kind != AnswerKind.NUMBER:
        return failures
    value = read_number(problem.answer).value
    expect(_decimal(value + 1, problem.decimals), correct=False, why="the answer plus one")
    if problem.unit:
        expect(f"{problem.answer} {problem.unit}", correct=True, why="the answer with its unit")
        if problem.form == AnswerForm.ANY and problem.unit != "°":
            expect(f"{problem.answer}°", correct=False, readable=False, why="the answer with another unit")
    else:
        expect(f"{problem.answer} cm", correct=False, readable=False, why="a unit where none is asked")
    if problem.decimals is not None:
        step = Fraction(1, 10 ** problem.decimals)
        expect(_decimal(value + step, problem.decimals), correct=False, why="one step off in the last place")
        expect(_decimal(value + step / 4, problem.decimals + 2), correct=False, readable=False,
               why="more decimal places than asked")
    _form_checks(problem, value, expect)
    return failures


def _decimal(value: Fraction, decimals: int | None) -> str:
    return decimal_text(value, decimals if decimals is not None else (None if terminates(value) else 6))


def _form_checks(problem: Problem, value: Fraction, expect) -> None:
    whole = value.denominator == 1
    if problem.form in (AnswerForm.FRACTION, AnswerForm.SIMPLEST) and not whole and terminates(value):
        expect(_decimal(value, None), correct=False, why="a decimal where a fraction is asked")
    if problem.form == AnswerForm.SIMPLEST and not whole:
        expect(f"{2 * value.numerator}/{2 * value.denominator}", correct=False, why="a fraction not in lowest terms")
    if problem.form == AnswerForm.MIXED and not whole and abs(value) > 1:
        expect(f"{value.numerator}/{value.denominator}", correct=False, why="an improper fraction for a mixed number")
    if problem.form == AnswerForm.DECIMAL and not whole:
        expect(f"{value.numerator}/{value.denominator}", correct=False, readable=problem.decimals is None,
               why="a fraction where a decimal is asked")
    if problem.form == AnswerForm.SCIENTIFIC:
        expect(_decimal(value, None) if terminates(value) else str(value), correct=False,
               why="a plain number where scientific notation is asked")
