"""Checking a student's answer to an exercise by what the exercise asks: numbers in any usual form, held to
the stated rounding, form (fraction, decimal, mixed number, scientific notation) and unit; polynomial
expressions by equivalence (a small parser of our own, never eval); points; multiple choice by index or value.

Every input is judged in bounded time and never raises: an answer is read only up to `MAX_ANSWER_CHARS`
characters, numbers only up to `MAX_DIGITS` digits, and every pattern is linear in its input.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from functools import reduce
from math import gcd, isqrt

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from learners.models import AnswerForm, AnswerKind, Exercise

MAX_ANSWER_CHARS = 120  # longer answers are not read at all
MAX_DIGITS = 40  # of a number as written
MAX_EXPONENT = 99  # of a power of ten (1e99, 4 x 10^99)
MAX_DEGREE = 24  # of a polynomial in x, while parsing
MAX_CONSTANT_BITS = 512  # of a constant's numerator or denominator while parsing (about 150 digits: 9^9^9 is
# refused, not computed; products are refused before they are multiplied, so no arithmetic on huge numbers)
MAX_DEPTH = 20  # brackets inside brackets


@dataclass(frozen=True)
class AnswerResult:
    correct: bool
    expected: str  # the expected answer for display, LaTeX between $...$ where it is mathematics
    message: str
    readable: bool = True  # False: the answer could not be read as asked (nothing is recorded; ask again)


@dataclass(frozen=True)
class CheckRule:
    """What the exercise asks of an answer beyond its value; the checker enforces exactly this."""

    decimals: int | None = None  # numbers: rounded to this many decimal places
    unit: str = ""  # numbers: the unit asked for (canonical, e.g. "cm^2"); an answer may leave it out
    form: str = ""  # an AnswerForm: fraction, simplest, mixed, decimal, scientific, factored, expanded, power

    @classmethod
    def of(cls, exercise: Exercise) -> CheckRule:
        return cls(exercise.decimals, exercise.unit or "", exercise.form or "")


class Unreadable(ValueError):
    """An answer that cannot be read as the exercise asks; the message says what to write instead."""


def answer_check(exercise: Exercise, given: str) -> AnswerResult:
    rule = CheckRule.of(exercise)
    expected = expected_display(exercise)
    try:
        text = normalized(given or "")
        if not text:
            raise Unreadable(_("Write an answer first."))
        if exercise.answer_kind == AnswerKind.CHOICE:
            return _check_choice(exercise, text, expected)
        if exercise.answer_kind == AnswerKind.NUMBER:
            return _check_number(exercise.answer, text, rule, expected)
        if exercise.answer_kind == AnswerKind.POINT:
            return _check_point(exercise.answer, text, rule, expected)
        if exercise.answer_kind == AnswerKind.EXPRESSION:
            return _check_expression(exercise.answer, text, rule, expected)
        return _check_text(exercise.answer, text, expected)
    except Unreadable as error:
        return AnswerResult(False, expected, str(error), readable=False)


def _result(correct: bool, expected: str, message: str = "") -> AnswerResult:
    return AnswerResult(correct, expected, message or (_("Correct!") if correct else _("Not quite.")))


# -- reading what was typed ----------------------------------------------------------------------------
_SUPERSCRIPT_RUN = re.compile("[\u2070\u00b9\u00b2\u00b3\u2074-\u207b]+")
_SUPERSCRIPT_ASCII = str.maketrans("\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079\u207a\u207b",
                                   "0123456789+-")
_SYMBOLS = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2010": "-", "\u2011": "-", "\u00d7": "*",
                          "\u22c5": "*", "\u00b7": "*", "\u00f7": "/", "\u2044": "/", "\u2215": "/"})


def normalized(text: str) -> str:
    """What a student typed, as plain ASCII where it can be: superscripts as powers (m² -> m^{2}), full-width
    and other Unicode digits as ASCII digits, typographic minus and times signs as - and *.
    Raises Unreadable when it is longer than MAX_ANSWER_CHARS, before or after."""
    if len(text) > MAX_ANSWER_CHARS:
        raise Unreadable(_("That answer is too long to read: write at most %(n)d characters.")
                         % {"n": MAX_ANSWER_CHARS})
    text = _SUPERSCRIPT_RUN.sub(lambda m: "^{" + m.group().translate(_SUPERSCRIPT_ASCII) + "}", text)
    text = unicodedata.normalize("NFKC", text).translate(_SYMBOLS)
    text = "".join(str(unicodedata.decimal(c)) if not c.isascii() and c.isdecimal() else c for c in text)
    if len(text) > MAX_ANSWER_CHARS:
        raise Unreadable(_("That answer is too long to read: write at most %(n)d characters.")
                         % {"n": MAX_ANSWER_CHARS})
    return text.strip()


# -- units ---------------------------------------------------------------------------------------------
_LENGTHS = {"mm": ("millimeter", "millimetre"), "cm": ("centimeter", "centimetre"), "m": ("meter", "metre"),
            "km": ("kilometer", "kilometre"), "in": ("inch", "inche"), "ft": ("foot", "feet"), "yd": ("yard",),
            "mi": ("mile",)}
_OTHER_UNITS = {"°": ("deg", "degree", "\\circ", "^\\circ", "^{\\circ}", "^°", "°c", "°f", "^\\circc", "^\\circf"),
                "%": ("percent", "\\%"),
                "s": ("sec", "second"), "min": ("minute",), "h": ("hr", "hour"), "day": (), "week": (),
                "g": ("gram",), "kg": ("kilogram",), "mg": ("milligram",), "lb": ("pound",), "oz": ("ounce",),
                "l": ("liter", "litre"), "ml": ("milliliter", "millilitre"), "mph": (), "km/h": ("kph",),
                "m/s": (), "$": ("dollar",), "¢": ("cent",)}


def _unit_aliases() -> dict[str, str]:
    """Every way of writing a unit we know (lower case, no spaces or braces) -> its canonical name."""
    aliases: dict[str, str] = {}
    for unit, names in _OTHER_UNITS.items():
        for name in (unit, *names):
            aliases[name] = aliases[name + "s"] = unit
    for unit, names in _LENGTHS.items():
        for name in (unit, *names):
            aliases[name] = aliases[name + "s"] = unit
            for power, words in (("2", ("sq", "square")), ("3", ("cu", "cubic"))):
                aliases[f"{name}^{power}"] = aliases[f"{name}s^{power}"] = f"{unit}^{power}"
                for word in words:
                    aliases[word + name] = aliases[word + name + "s"] = f"{unit}^{power}"
    return aliases


UNITS = _unit_aliases()
# A unit after the number: letters with single separators between them (sq cm, km/h), an optional power (^2,
# ^{3}), degrees or percent. Letters and separators alternate, so a match tried at one place fails in linear time
# (searched over at most MAX_ANSWER_CHARS places: quadratic at worst, never exponential).
_UNIT_TAIL = re.compile(r"\s*(\^\{?\\circ\}?\s*[CFcf]?|\^°|°\s*[CFcf]?|%|\\%|¢"
                        r"|[a-zA-Z]+(?:[ ./][a-zA-Z]+)*(?:\s*\^\s*\{?[23]\}?)?)\.?\s*$")
_UNIT_DISPLAY = {"^2": "²", "^3": "³"}


def unit_display(unit: str) -> str:
    """A unit as the page writes it: m^2 -> m², $ -> dollars."""
    words = {"$": _("dollars"), "¢": _("cents"), "°": _("degrees"), "%": _("percent"), "h": _("hours"),
             "min": _("minutes"), "s": _("seconds"), "day": _("days"), "week": _("weeks"), "in": _("inches"),
             "in^2": _("square inches"), "in^3": _("cubic inches"), "l": _("liters"), "ml": _("milliliters"),
             "lb": _("pounds"), "oz": _("ounces"), "g": _("grams")}
    if unit in words:
        return words[unit]
    for power, sign in _UNIT_DISPLAY.items():
        unit = unit.replace(power, sign)
    return unit


def _split_unit(text: str) -> tuple[str, str]:
    """'12 cm^{2}' -> ('12', 'cm^2'); '12' -> ('12', ''). Raises Unreadable for a unit we do not know."""
    match = _UNIT_TAIL.search(text)
    if match is None or match.start() == 0:
        return text, ""
    written = re.sub(r"[\s{}.]", "", match.group(1)).lower()
    unit = UNITS.get(written)
    if unit is None:
        raise Unreadable(_("Write a number, like 12, -3.5 or 3/4."))
    return text[:match.start()].strip(), unit


# -- numbers -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Number:
    value: Fraction
    written: str  # "integer", "decimal", "fraction", "mixed" or "scientific"
    decimals: int = 0  # digits after the decimal point, as written (trailing zeros aside)
    reduced: bool = True  # a fraction in lowest terms; in scientific notation, a mantissa in [1, 10)
    unit: str = ""


_DECIMAL = re.compile(r"([+-]?)(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d*))?(?:[eE]([+-]?\d{1,3}))?")
_DECIMAL_COMMA = re.compile(r"([+-]?)(\d+),(\d+)")
_FRACTION = re.compile(r"([+-]?)\s*(?:(\d+)\s+)?(\d+)\s*/\s*(\d+)")
_LATEX_FRACTION = re.compile(r"([+-]?)\s*(\d+)?\s*\\[dt]?frac\s*\{\s*([+-]?\d+)\s*\}\s*\{\s*(\d+)\s*\}")
_SCIENTIFIC = re.compile(r"([+-]?\d+(?:\.\d+)?)\s*(?:\*|x|\\times|\\cdot)\s*10\s*\^\s*\{?\s*([+-]?\d{1,3})\s*\}?")
_DIGITS = re.compile(r"\d")


def read_number(text: str) -> Number:
    """A number as a student writes it: 12, -3.5, .75, 1,234.5, 3,5 (decimal comma), 1e3, 3/4, 1 1/2,
    \\frac{3}{4}, 4.5 x 10^{3}, with a unit after it (12 m^3, 40%, 35°). Raises Unreadable otherwise."""
    text = text.strip().strip("$").replace("\\,", "").replace("{,}", ",").replace("\\!", "").strip()
    text = text.removeprefix("\\$").strip()
    number, unit = _split_unit(text)
    if len(_DIGITS.findall(number)) > MAX_DIGITS:
        raise Unreadable(_("That number has too many digits: write at most %(n)d.") % {"n": MAX_DIGITS})
    read = _read_plain(number)
    if read is None:
        raise Unreadable(_("Write a number, like 12, -3.5 or 3/4."))
    return Number(read.value, read.written, read.decimals, read.reduced, unit)


def parse_number(text: str) -> Fraction | None:
    """The value of a number as `read_number` reads it, or None."""
    try:
        return read_number(normalized(text)).value
    except Unreadable:
        return None


def _signed(sign: str, value: Fraction) -> Fraction:
    return -value if sign == "-" else value


def _read_plain(text: str) -> Number | None:
    match = _DECIMAL.fullmatch(text)
    if match and (match.group(2) or match.group(3)):
        sign, whole, decimals, exponent = match.groups()
        if exponent and abs(int(exponent)) > MAX_EXPONENT:
            return None
        mantissa = Fraction(f"{(whole or '0').replace(',', '')}.{decimals or '0'}")
        if exponent:  # 4.5e3: scientific notation as a calculator writes it
            return Number(_signed(sign, mantissa * Fraction(10) ** int(exponent)), "scientific",
                          reduced=1 <= mantissa < 10)
        return Number(_signed(sign, mantissa), "decimal" if decimals else "integer", len((decimals or "").rstrip("0")))
    match = _DECIMAL_COMMA.fullmatch(text)
    if match:
        sign, whole, decimals = match.groups()
        return Number(_signed(sign, Fraction(f"{whole}.{decimals}")), "decimal", len(decimals.rstrip("0")))
    match = _FRACTION.fullmatch(text) or _LATEX_FRACTION.fullmatch(text)
    if match:
        return _fraction(*match.groups())
    match = _SCIENTIFIC.fullmatch(text)
    if match and abs(int(match.group(2))) <= MAX_EXPONENT:
        mantissa = Fraction(match.group(1))
        return Number(mantissa * Fraction(10) ** int(match.group(2)), "scientific",
                      reduced=1 <= abs(mantissa) < 10)
    return None


def _fraction(sign: str, whole: str | None, numerator: str, denominator: str) -> Number | None:
    top, bottom = int(numerator), int(denominator)
    if bottom == 0 or (whole is not None and (top < 0 or top >= bottom)):
        return None  # a mixed number's fraction is proper: 1 5/3 is not a way to write 8/3
    value = Fraction(top, bottom) + int(whole or 0)
    written = "mixed" if whole is not None else "fraction"
    return Number(_signed(sign, value), written, reduced=gcd(top, bottom) == 1)


def _number_in_form(given: Number, rule: CheckRule) -> None:
    """Raises Unreadable when the answer is not written as the exercise asks (rounding, decimal, unit)."""
    if given.unit and given.unit != rule.unit:
        if rule.unit:
            raise Unreadable(_("Give the answer in %(unit)s.") % {"unit": unit_display(rule.unit)})
        raise Unreadable(_("Write just the number, without a unit."))
    if rule.decimals is not None:
        if given.written in ("fraction", "mixed"):
            raise Unreadable(_("Write the answer as a decimal number, not a fraction."))
        if given.decimals > rule.decimals:
            raise Unreadable(rounding_instruction(rule.decimals))


def _form_message(given: Number, expected: Fraction, form: str) -> str:
    """Why an answer of the right value is not what was asked ('' when it is)."""
    whole = expected.denominator == 1
    if form in (AnswerForm.FRACTION, AnswerForm.SIMPLEST) and given.written in ("decimal", "scientific") \
            and not whole:
        return _("That is equal, but the exercise asks for a fraction, like 3/4.")
    if form == AnswerForm.SIMPLEST and not given.reduced:
        return _("That is equal, but not in lowest terms: divide the top and the bottom by their common factor.")
    proper_mixed = given.written == "mixed" and given.reduced
    if form == AnswerForm.MIXED and not whole and abs(expected) > 1 and not proper_mixed:
        return _("That is equal, but the exercise asks for a mixed number, like 2 1/3.")
    if form == AnswerForm.SCIENTIFIC and not (given.written == "scientific" and given.reduced):
        return _("That is equal, but not in scientific notation: write it like 4.5 x 10^3.")
    if form == AnswerForm.DECIMAL and given.written not in ("integer", "decimal"):
        return _("That is equal, but the exercise asks for the number written out as a decimal, like 0.375.")
    return ""


def _check_number(answer: str, text: str, rule: CheckRule, expected_text: str) -> AnswerResult:
    try:
        expected = read_number(answer).value
    except Unreadable:  # an answer stored before answers were checked when saved
        return _check_text(answer, text, expected_text)
    given = read_number(text)
    _number_in_form(given, rule)
    if given.value != expected:
        return _result(False, expected_text)
    message = _form_message(given, expected, rule.form)
    return _result(not message, expected_text, message)


def number_latex(text: str) -> str:
    """A stored numeric answer as LaTeX: 3/4 as a fraction, 2 1/3 as a mixed number, 4.5 x 10^3 as a power."""
    text = text.strip()
    match = _FRACTION.fullmatch(text)
    if match:
        sign, whole, top, bottom = match.groups()
        return f"{sign}{whole or ''}\\frac{{{top}}}{{{bottom}}}"
    match = _SCIENTIFIC.fullmatch(text)
    if match:
        return f"{match.group(1)} \\times 10^{{{match.group(2)}}}"
    return text


def _with_unit(latex: str, unit: str) -> str:
    if not unit:
        return f"${latex}$"
    if unit == "$":
        return f"$\\${latex}$"
    if unit in ("°", "%", "¢"):
        return f"${latex}${unit}"
    return f"${latex}$ {unit_display(unit)}"


def _padded(answer: str, decimals: int | None) -> str:
    """12.5 asked to 2 decimal places is shown as 12.50."""
    if not decimals or not re.fullmatch(r"-?\d+(\.\d+)?", answer):
        return answer
    whole, _, places = answer.partition(".")
    return f"{whole}.{places.ljust(decimals, '0')}"


# -- points --------------------------------------------------------------------------------------------
def _read_point(text: str) -> tuple[Number, Number]:
    inner = text.strip().strip("$").strip()
    if inner[:1] in "([" and inner[-1:] in ")]":
        inner = inner[1:-1]
    parts = inner.split(";") if ";" in inner else inner.split(",")
    if len(parts) != 2:
        raise Unreadable(_("Write a point as (x, y), like (3, -2)."))
    x, y = (read_number(part) for part in parts)
    return x, y


def _check_point(answer: str, text: str, rule: CheckRule, expected: str) -> AnswerResult:
    given = _read_point(text)
    for coordinate in given:
        _number_in_form(coordinate, rule)
    values = tuple(c.value for c in _read_point(answer))
    return _result(tuple(c.value for c in given) == values, expected)


# -- expressions (polynomials in x) --------------------------------------------------------------------
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


def _bits(value: Fraction) -> int:
    return max(value.numerator.bit_length(), value.denominator.bit_length())


def _too_large(value: Fraction) -> bool:
    return _bits(value) > MAX_CONSTANT_BITS


def _mul(a: Polynomial, b: Polynomial) -> Polynomial:
    if (max(a, default=0) + max(b, default=0)) > MAX_DEGREE:
        raise ExpressionError("degree too high")
    if max(map(_bits, a.values()), default=0) + max(map(_bits, b.values()), default=0) > MAX_CONSTANT_BITS + 8:
        raise ExpressionError("number too large")  # refused before multiplying, not after
    out: dict = {}
    for ea, ca in a.items():
        for eb, cb in b.items():
            out[ea + eb] = out.get(ea + eb, 0) + ca * cb
    if any(_too_large(c) for c in out.values()):
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
        self.top_terms: list[Polynomial] = []  # the terms of the top-level sum
        self.top_factors: list[tuple[Polynomial, int]] = []  # (base, exponent) of the first term's factors
        self.last_power: tuple[Polynomial, int] = ({}, 1)  # the base and exponent `_power` read last

    @staticmethod
    def _tokens(text: str) -> list[tuple[str, str]]:
        text = text.strip().strip("$").replace("\\left", "").replace("\\right", "")
        tokens, at = [], 0
        while at < len(text):
            match = _TOKEN.match(text, at)
            if not match:
                if text[at:].strip() == "":
                    break
                raise ExpressionError(f"unexpected {text[at]!r}")
            number, name, symbol = match.groups()
            if number is not None:
                if len(number) > MAX_DIGITS:
                    raise ExpressionError("number too long")
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

    def _deeper(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError("too deeply nested")

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
        terms = [result]
        while True:
            if self._take("+"):
                sign = 1
            elif self._take("-"):
                sign = -1
            else:
                break
            terms.append(self._term(False))
            result = _add(result, terms[-1], sign)
        if top:
            self.top_terms = terms
        return result

    def _term(self, record: bool) -> Polynomial:
        factor = self._unary()
        powers = [self.last_power]
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
            powers.append(self.last_power)
            if divide:
                value = _constant(factor)
                if not value:
                    raise ExpressionError("division by zero or by an expression")
                factor = {0: 1 / value}
                powers[-1] = (factor, 1)
            result = _mul(result, factor)
        if record:
            self.top_factors = powers
        return result

    def _unary(self) -> Polynomial:
        signs = 1
        while self._peek() in (("op", "-"), ("op", "+")):  # a loop, not recursion: ----x is not deep
            signs *= -1 if self.tokens[self.at][1] == "-" else 1
            self.at += 1
        power = self._power()
        return power if signs == 1 else _mul({0: Fraction(-1)}, power)

    def _power(self) -> Polynomial:
        base = self._atom()
        if not self._take("^"):
            self.last_power = (base, 1)
            return base
        self._deeper()  # a tower 2^2^2^... recurses through here
        exponent = _constant(self._unary())
        self.depth -= 1
        if exponent is None or exponent.denominator != 1 or exponent < 0:
            raise ExpressionError("exponents must be whole numbers")
        self.last_power = (base, exponent.numerator)
        return self._raise(base, exponent.numerator)

    @staticmethod
    def _raise(base: Polynomial, exponent: int) -> Polynomial:
        value = _constant(base)
        if value is not None:
            size = max(value.numerator.bit_length(), value.denominator.bit_length())
            if (size - 1) * exponent > MAX_CONSTANT_BITS:  # 0, 1 and -1 to any power stay small
                raise ExpressionError("number too large")
            power = value ** exponent
            if _too_large(power):
                raise ExpressionError("number too large")
            return _poly({0: power})
        if max(base) * exponent > MAX_DEGREE:
            raise ExpressionError("degree too high")
        result: Polynomial = {0: Fraction(1)}
        while exponent:  # by squaring: about log2(exponent) products
            if exponent & 1:
                result = _mul(result, base)
            exponent >>= 1
            if exponent:
                base = _mul(base, base)
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
            self._deeper()
            inner = self._expr()
            self.depth -= 1
            if not self._take(")"):
                raise ExpressionError("a bracket is not closed")
            return inner
        raise ExpressionError(f"unexpected {token[1]!r}")


def parse_polynomial(text: str) -> tuple[Polynomial, _Parser]:
    parser = _Parser(text)
    return parser.parse(), parser


_EQUATION_LEFT = re.compile(r"^\s*\$?\s*y\s*=")


def right_side(text: str) -> str:
    """'y = 2x + 3' -> ' 2x + 3' (an equation y = ... is read by its right side)."""
    match = _EQUATION_LEFT.match(text)
    return text[match.end():] if match else text


def _irreducible(p: Polynomial) -> bool:
    """Whether a polynomial has no factor of lower degree over the rationals (degree 3 and more: no whole root
    in -20..20 and no factor x; enough for school exercises)."""
    degree = max(p)
    if degree <= 1:
        return True
    if degree == 2:
        discriminant = p.get(1, 0) ** 2 - 4 * p[2] * p.get(0, 0)
        return discriminant < 0 or not (_square(discriminant.numerator) and _square(discriminant.denominator))
    return 0 in p and all(sum(c * Fraction(r) ** e for e, c in p.items()) != 0 for r in range(-20, 21))


def _square(n: int) -> bool:
    return n >= 0 and isqrt(n) ** 2 == n


def _primitive(p: Polynomial) -> bool:
    """Whole coefficients with no common factor: the common number of a product is written apart, 2(x+1)."""
    coefficients = list(p.values())
    return all(c.denominator == 1 for c in coefficients) and reduce(gcd, (c.numerator for c in coefficients)) == 1


def _factored(parser: _Parser) -> bool:
    """A product of at least two pieces (a constant other than 1 or -1 counts as one), every one of them a
    factor that does not factor further, with its common number taken out: 3(x+2), (x+2)(x-3), (x+3)^2,
    x(2x-1), 2(x+1)(x+2); not (x+1)(x^2-1), (2x+2)(x+2) or 1(x+2)."""
    if len(parser.top_terms) != 1:
        return False
    constant, pieces = Fraction(1), 0
    for base, exponent in parser.top_factors:
        value = _constant(base)
        if value is not None:
            constant *= value ** exponent
        elif not (_irreducible(base) and _primitive(base)):
            return False
        else:
            pieces += exponent
    return pieces >= 1 and pieces + (abs(constant) != 1) >= 2


def _expanded(parser: _Parser, given: str) -> bool:
    """No brackets, and like terms collected: each power of x in one term only (2x^2-5x+3, not 3x+6-5x)."""
    degrees = [max(term, default=0) for term in parser.top_terms]
    monomials = all(len(term) <= 1 for term in parser.top_terms)
    return not re.search(r"[(\[{]", given.replace("^{", "^")) and monomials and len(set(degrees)) == len(degrees)


_ONE_POWER = re.compile(r"\s*(?:\d+|x|\(\s*-?\s*\d+\s*\))\s*\^\s*(?:\d+|\{\s*\d+\s*\})\s*")  # 5^12, x^{7}, (-2)^5


def _unwrapped(text: str) -> str:
    """An expression without brackets around the whole of it: ((x+2)(x-3)) -> (x+2)(x-3)."""
    text = text.strip()
    while text[:1] == "(" and text[-1:] == ")" and _closing(text) == len(text) - 1:
        text = text[1:-1].strip()
    return text


def _closing(text: str) -> int:
    """The position of the bracket that closes the one text starts with (-1 if none)."""
    depth = 0
    for position, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return position
    return -1


def _in_form(parser: _Parser, given: str, form: str) -> bool:
    if form == AnswerForm.FACTORED:
        return _factored(parser)
    if form == AnswerForm.EXPANDED:
        return _expanded(parser, given)
    if form == AnswerForm.POWER:
        return bool(_ONE_POWER.fullmatch(given.strip().strip("$")))
    return True


def _check_expression(answer: str, text: str, rule: CheckRule, expected_text: str) -> AnswerResult:
    try:
        expected = parse_polynomial(right_side(answer))[0]
    except ExpressionError:
        return _check_text(answer, text, expected_text)
    given_text = _unwrapped(right_side(text))
    try:
        value, parser = parse_polynomial(given_text)
    except ExpressionError:
        raise Unreadable(_("Write an expression in x, like (x+2)(x-3) or 2x^2-5x+1.")) from None
    if value == expected and not _in_form(parser, given_text, rule.form):
        return AnswerResult(False, expected_text, {
            AnswerForm.FACTORED: _("That is equal, but not fully factored: write it as a product of factors that "
                                   "do not factor further, like (x+2)(x-3)."),
            AnswerForm.EXPANDED: _("That is equal, but not expanded and simplified: write it without brackets, "
                                   "with like terms collected."),
            AnswerForm.POWER: _("That is equal, but not simplified: write it as one power, like 5^{12}."),
        }.get(rule.form, _("Not quite.")))
    return _result(value == expected, expected_text)


# -- multiple choice and text --------------------------------------------------------------------------
def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text.strip().strip("$")).casefold()


def choice_given(choices: list, given: str) -> str | None:
    """The choice a student picked, by its index ('0', '1', ...) or by its text; None if none is."""
    texts = [str(c) for c in choices]
    if re.fullmatch(r"[0-9]{1,3}", given) and int(given) < len(texts):
        return texts[int(given)]
    squeezed = _squeezed(given)
    return next((c for c in texts if _squeezed(c) == squeezed), None)


def _check_choice(exercise: Exercise, text: str, expected: str) -> AnswerResult:
    picked = choice_given(exercise.choices, text)
    if picked is None:
        raise Unreadable(_("Choose one of the answers."))
    return _result(_squeezed(picked) == _squeezed(exercise.answer), expected)


def _check_text(answer: str, text: str, expected: str) -> AnswerResult:
    try:
        return _result(read_number(answer).value == read_number(text).value, expected)
    except Unreadable:
        return _result(_squeezed(text) == _squeezed(answer), expected)


# -- what the exercise says it asks, and shows as its answer -------------------------------------------
def rounding_instruction(decimals: int) -> str:
    if decimals == 0:
        return _("Round to the nearest whole number.")
    return ngettext("Round to %(n)d decimal place.", "Round to %(n)d decimal places.", decimals) % {"n": decimals}


def instruction(exercise: Exercise) -> str:
    """What the exercise asks beyond its prompt, in words; exactly what `answer_check` enforces."""
    rule = CheckRule.of(exercise)
    parts = []
    if exercise.answer_kind == AnswerKind.NUMBER and rule.unit == "$" and rule.decimals == 2:
        parts.append(_("Give the amount in dollars, to the cent."))
    elif exercise.answer_kind in (AnswerKind.NUMBER, AnswerKind.POINT):
        if rule.decimals is not None:
            parts.append(rounding_instruction(rule.decimals))
        if rule.unit:
            parts.append(_("Give the answer in %(unit)s.") % {"unit": unit_display(rule.unit)})
    parts.append({
        AnswerForm.FRACTION: _("Write the answer as a fraction, like 3/4."),
        AnswerForm.SIMPLEST: _("Write the answer as a fraction in lowest terms, like 3/4."),
        AnswerForm.MIXED: _("Write the answer as a mixed number, like 2 1/3."),
        AnswerForm.DECIMAL: _("Write the answer as a decimal number, in full."),
        AnswerForm.SCIENTIFIC: _("Write the answer in scientific notation, like 4.5 x 10^3."),
        AnswerForm.FACTORED: _("Factor the expression, like (x+2)(x-3)."),
        AnswerForm.EXPANDED: _("Expand and simplify, like 2x^2-5x+3."),
        AnswerForm.POWER: _("Write the answer as one power, like 5^{12}."),
    }.get(rule.form, ""))
    if exercise.answer_kind == AnswerKind.POINT:
        parts.append(_("Write a point as (x, y)."))
    return " ".join(p for p in parts if p)


def answer_input(exercise: Exercise) -> str:
    """How the page asks for the answer: "choice" (radio buttons), "decimal" (a phone's numeric keypad: a
    non-negative number in decimal form) or "text"."""
    if exercise.answer_kind == AnswerKind.CHOICE:
        return "choice"
    if exercise.answer_kind != AnswerKind.NUMBER or exercise.form not in (AnswerForm.ANY, AnswerForm.DECIMAL):
        return "text"
    try:
        answer = read_number(exercise.answer)
    except Unreadable:
        return "text"
    return "decimal" if answer.value >= 0 and answer.written in ("integer", "decimal") else "text"


def expected_display(exercise: Exercise) -> str:
    """The exercise's answer as a student is shown it (LaTeX between $...$), with its unit."""
    answer = exercise.answer.strip()
    if exercise.answer_kind == AnswerKind.NUMBER:
        return _with_unit(number_latex(_padded(answer, exercise.decimals)), exercise.unit)
    if exercise.answer_kind in (AnswerKind.EXPRESSION, AnswerKind.POINT):
        return f"${answer.strip('$')}$"
    return answer


def answer_problems(*, kind: str, answer: str, choices: list, decimals: int | None, unit: str, form: str) -> list[str]:
    """What is wrong with an exercise's own answer (empty when the checker will accept it as it is stored)."""
    probe = Exercise(prompt="?", answer=answer, answer_kind=kind, choices=choices, decimals=decimals, unit=unit,
                     form=form)
    texts = [str(c) for c in choices]
    if len(answer) > MAX_ANSWER_CHARS:
        return [_("The answer is longer than a student may type (%(n)d characters).") % {"n": MAX_ANSWER_CHARS}]
    if unit and unit not in UNITS.values():
        return [_("%(unit)s is not a unit the checker knows.") % {"unit": unit}]
    if kind == AnswerKind.CHOICE and (len(texts) < 2 or answer not in texts):
        return [_("A multiple-choice answer must be one of at least two choices.")]
    if kind == AnswerKind.CHOICE and len({_squeezed(t) for t in texts}) < len(texts):
        return [_("Two choices differ only in spaces or capitals: a student could not tell them apart.")]
    if kind == AnswerKind.EXPRESSION:
        try:
            parse_polynomial(right_side(answer))
        except ExpressionError as error:
            return [_("The answer is not an expression in x: %(error)s.") % {"error": error}]
    if kind == AnswerKind.NUMBER:
        try:
            stored = read_number(normalized(answer))
        except Unreadable as error:
            return [str(error)]
        if stored.unit or "$" in answer:
            return [_("Write the answer as a number only: its unit is set apart.")]
    result = answer_check(probe, answer if kind != AnswerKind.CHOICE else str(texts.index(answer)))
    return [] if result.correct else [result.message]
