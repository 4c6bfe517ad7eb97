"""Checking a student's answer to an exercise: numbers with tolerance and in any usual form, polynomial
expressions by equivalence (a small parser of our own, never eval), multiple choice by index or value.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _

from learners.models import AnswerKind, Exercise

MAX_DEGREE = 60  # of a polynomial in x, while parsing
MAX_DIGITS = 2000  # of a constant, while parsing (9^9^9 is refused, not computed)
MAX_LENGTH = 300  # characters of an answer read at all


@dataclass(frozen=True)
class AnswerResult:
    correct: bool
    expected: str  # the expected answer for display, LaTeX between $...$ where it is mathematics
    message: str
    readable: bool = True  # False: the answer could not be read (nothing to record; ask again)


@dataclass(frozen=True)
class CheckRule:
    """How closely a numeric answer must match (from the exercise's generator), and the form asked for."""

    decimals: int | None = None  # the answer is asked rounded to this many decimals
    relative: float = 0.0  # relative tolerance (answers computed with pi, say)
    form: str = ""  # expressions: "factored", "expanded", "power" or "" (any equivalent form)


def answer_check(exercise: Exercise, given: str) -> AnswerResult:
    from learners.content import check_rule

    given = (given or "").strip()[:MAX_LENGTH]
    rule = check_rule(exercise)
    if exercise.answer_kind == AnswerKind.CHOICE:
        return _check_choice(exercise, given)
    if exercise.answer_kind == AnswerKind.NUMBER:
        return _check_number(exercise.answer, given, rule)
    if exercise.answer_kind == AnswerKind.EXPRESSION:
        return _check_expression(exercise.answer, given, rule)
    return _check_text(exercise.answer, given, rule)


def _result(correct: bool, expected: str) -> AnswerResult:
    return AnswerResult(correct, expected, _("Correct!") if correct else _("Not quite."))


def _unreadable(expected: str, message: str) -> AnswerResult:
    return AnswerResult(False, expected, message, readable=False)


# -- numbers ---------------------------------------------------------------------------------------
_UNITS = re.compile(r"(\s*(m|cm|mm|km|in|ft|degrees?|°|\^\\circ|\^\{\\circ\})(\^\{?[23]\}?|²|³)?)+$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_DECIMAL = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_FRACTION = re.compile(r"^([+-]?)\s*(\d+)\s*/\s*(\d+)$")
_LATEX_FRACTION = re.compile(r"^([+-]?)\s*\\[dt]?frac\s*\{\s*([+-]?\d+)\s*\}\s*\{\s*(\d+)\s*\}$")


def parse_number(text: str) -> Fraction | None:
    """12, -3.5, .75, 3/4, \\frac{3}{4}, 1,234.5, 3,5 (decimal comma), 12 m^3, 40%, 1e3; None if unreadable."""
    text = text.strip().strip("$").strip().replace("\u2212", "-").replace("\\,", "").replace("{,}", ",")
    text = _UNITS.sub("", text).rstrip("%").rstrip("\\").strip()
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    elif re.fullmatch(r"[+-]?\d+,\d+", text):
        text = text.replace(",", ".")
    text = text.replace(" ", "") if re.fullmatch(r"[+-]?\s*[\d.]+", text) else text
    try:
        if _DECIMAL.match(text):
            return Fraction(text)
        match = _FRACTION.match(text) or _LATEX_FRACTION.match(text)
        if match and int(match.group(3)) != 0:
            return Fraction(int(match.group(2)), int(match.group(3))) * (-1 if match.group(1) == "-" else 1)
    except (ValueError, ZeroDivisionError, OverflowError):
        return None
    return None


def number_latex(text: str) -> str:
    """A stored numeric answer for display: 3/4 as a fraction, anything else as it is."""
    match = _FRACTION.match(text.strip())
    if match:
        return f"${match.group(1)}\\frac{{{match.group(2)}}}{{{match.group(3)}}}$"
    return f"${text.strip()}$"


def numbers_match(expected: Fraction, given: Fraction, rule: CheckRule) -> bool:
    tolerance = Fraction(abs(expected)) * Fraction(rule.relative).limit_denominator(10**9)
    if rule.decimals is not None:
        tolerance = max(tolerance, Fraction(1, 2 * 10**rule.decimals))
    return abs(given - expected) <= tolerance


def _check_number(answer: str, given: str, rule: CheckRule) -> AnswerResult:
    expected_display = number_latex(answer)
    expected = parse_number(answer)
    value = parse_number(given)
    if value is None:
        return _unreadable(expected_display, _("Write a number, like 12, -3.5 or 3/4."))
    return _result(expected is not None and numbers_match(expected, value, rule), expected_display)


# -- expressions (polynomials in x) ----------------------------------------------------------------
class ExpressionError(ValueError):
    pass


_TOKEN = re.compile(r"\s*(?:(\d+\.?\d*|\.\d+)|([a-zA-Z])|(\\cdot|\\times|[-+*/^(){}\[\]]))")
Polynomial = dict  # exponent -> Fraction coefficient


def _poly(terms: dict) -> Polynomial:
    return {e: c for e, c in terms.items() if c != 0}


def _add(a: Polynomial, b: Polynomial, sign: int = 1) -> Polynomial:
    out = dict(a)
    for e, c in b.items():
        out[e] = out.get(e, 0) + sign * c
    return _poly(out)


def _mul(a: Polynomial, b: Polynomial) -> Polynomial:
    if (max(a, default=0) + max(b, default=0)) > MAX_DEGREE:
        raise ExpressionError("degree too high")
    out: dict = {}
    for ea, ca in a.items():
        for eb, cb in b.items():
            out[ea + eb] = out.get(ea + eb, 0) + ca * cb
    if any(len(str(abs(c.numerator))) > MAX_DIGITS for c in out.values()):
        raise ExpressionError("number too large")
    return _poly(out)


def _constant(p: Polynomial) -> Fraction | None:
    if set(p) <= {0}:
        return Fraction(p.get(0, 0))
    return None


class _Parser:
    """expr := term (+|- term)*; term := unary ((*|/|implicit) unary)*; unary := -unary | power;
    power := atom (^ unary)?; atom := number | x | (expr). Records the top level's shape for `form`."""

    def __init__(self, text: str):
        self.tokens = self._tokens(text)
        self.at = 0
        self.depth = 0
        self.top_terms = 0
        self.top_factors: list[Polynomial] = []

    @staticmethod
    def _tokens(text: str) -> list[tuple[str, str]]:
        text = text.strip().strip("$").replace("\u2212", "-").replace("\\left", "").replace("\\right", "")
        tokens, at = [], 0
        while at < len(text):
            match = _TOKEN.match(text, at)
            if not match:
                if text[at:].strip() == "":
                    break
                raise ExpressionError(f"unexpected {text[at]!r}")
            number, name, symbol = match.groups()
            if number is not None:
                tokens.append(("num", number))
            elif name is not None:
                if name.lower() != "x":
                    raise ExpressionError("only x is known")
                tokens.append(("x", "x"))
            else:
                symbol = {"\\cdot": "*", "\\times": "*", "{": "(", "[": "(", "}": ")", "]": ")"}.get(symbol, symbol)
                tokens.append(("op", symbol))
            at = match.end()
        return tokens

    def _peek(self) -> tuple[str, str] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def _take(self, value: str) -> bool:
        if self._peek() == ("op", value):
            self.at += 1
            return True
        return False

    def parse(self) -> Polynomial:
        if not self.tokens:
            raise ExpressionError("empty")
        result = self._expr()
        if self._peek() is not None:
            raise ExpressionError("unexpected end")
        return result

    def _expr(self) -> Polynomial:
        top = self.depth == 0
        result = self._term(top)
        terms = 1
        while True:
            if self._take("+"):
                sign = 1
            elif self._take("-"):
                sign = -1
            else:
                break
            result = _add(result, self._term(False), sign)
            terms += 1
        if top:
            self.top_terms = terms
        return result

    def _term(self, record: bool) -> Polynomial:
        factor = self._unary()
        factors = [factor]
        result = factor
        while True:
            token = self._peek()
            if token == ("op", "*") or token == ("op", "/"):
                self.at += 1
                divide = token[1] == "/"
            elif token is not None and (token[0] in ("num", "x") or token == ("op", "(")):
                divide = False  # implicit multiplication: 3x, 2(x+1), (x+1)(x-2)
            else:
                break
            factor = self._unary()
            if divide:
                value = _constant(factor)
                if not value:
                    raise ExpressionError("division by zero or by an expression")
                factor = {0: 1 / value}
            factors.append(factor)
            result = _mul(result, factor)
        if record:
            self.top_factors = factors
        return result

    def _unary(self) -> Polynomial:
        if self._take("-"):
            return _mul({0: Fraction(-1)}, self._unary())
        if self._take("+"):
            return self._unary()
        return self._power()

    def _power(self) -> Polynomial:
        base = self._atom()
        if not self._take("^"):
            return base
        exponent = _constant(self._unary())
        if exponent is None or exponent.denominator != 1 or exponent < 0:
            raise ExpressionError("exponents must be whole numbers")
        return self._raise(base, int(exponent))

    @staticmethod
    def _raise(base: Polynomial, exponent: int) -> Polynomial:
        value = _constant(base)
        if value is not None:
            size = max(len(str(abs(value.numerator))), len(str(value.denominator)))
            if size * exponent > MAX_DIGITS:
                raise ExpressionError("number too large")
            return _poly({0: value ** exponent})
        if max(base) * exponent > MAX_DEGREE:
            raise ExpressionError("degree too high")
        result: Polynomial = {0: Fraction(1)}
        for _power in range(exponent):
            result = _mul(result, base)
        return result

    def _atom(self) -> Polynomial:
        token = self._peek()
        if token is None:
            raise ExpressionError("unexpected end")
        self.at += 1
        if token[0] == "num":
            return _poly({0: Fraction(token[1])})
        if token[0] == "x":
            return {1: Fraction(1)}
        if token == ("op", "("):
            self.depth += 1
            inner = self._expr()
            self.depth -= 1
            if not self._take(")"):
                raise ExpressionError("a bracket is not closed")
            return inner
        raise ExpressionError(f"unexpected {token[1]!r}")


def parse_polynomial(text: str) -> tuple[Polynomial, _Parser]:
    parser = _Parser(text)
    return parser.parse(), parser


def _in_form(parser: _Parser, given: str, form: str) -> bool:
    if form == "factored":
        non_constant = [f for f in parser.top_factors if _constant(f) is None]
        return parser.top_terms == 1 and len(non_constant) >= 2
    if form == "expanded":
        return not re.search(r"[(\[{]", given.replace("^{", "^"))
    if form == "power":
        return given.count("^") == 1
    return True


def _check_expression(answer: str, given: str, rule: CheckRule) -> AnswerResult:
    expected_display = f"${answer.strip().strip('$')}$"
    try:
        expected = parse_polynomial(answer)[0]
    except ExpressionError:
        return _check_text(answer, given, rule)
    try:
        value, parser = parse_polynomial(given)
    except (ExpressionError, ValueError, ZeroDivisionError):
        return _unreadable(expected_display, _("Write an expression in x, like (x+2)(x-3) or 2x^2-5x+1."))
    if value == expected and not _in_form(parser, given, rule.form):
        return AnswerResult(False, expected_display, {
            "factored": _("That is equal, but not factored: write it as a product, like (x+2)(x-3)."),
            "expanded": _("That is equal, but not expanded: write it without brackets."),
            "power": _("That is equal, but not simplified: write it as one power, like 5^{12}."),
        }.get(rule.form, _("Not quite.")))
    return _result(value == expected, expected_display)


# -- multiple choice and text ----------------------------------------------------------------------
def _normalized(text: str) -> str:
    return re.sub(r"\s+", "", text.strip().strip("$")).casefold()


def _check_choice(exercise: Exercise, given: str) -> AnswerResult:
    choices = [str(c) for c in exercise.choices]
    expected_display = exercise.answer
    if given.isdigit() and int(given) < len(choices):
        given = choices[int(given)]
    elif _normalized(given) not in {_normalized(c) for c in choices}:
        return _unreadable(expected_display, _("Choose one of the answers."))
    return _result(_normalized(given) == _normalized(exercise.answer), expected_display)


def _check_text(answer: str, given: str, rule: CheckRule) -> AnswerResult:
    expected, value = parse_number(answer), parse_number(given)
    if expected is not None and value is not None:
        return _result(numbers_match(expected, value, rule), number_latex(answer))
    return _result(_normalized(given) == _normalized(answer), answer)
