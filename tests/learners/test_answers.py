"""Checking answers by what the exercise asks: numbers in any usual form, held to the stated rounding, form
and unit; expressions by equivalence; points; choices. Hostile input is read in bounded time, never raises."""
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learners.answers import (
    MAX_ANSWER_CHARS, ExpressionError, answer_check, answer_problems, expected_display, instruction, parse_number,
    parse_polynomial,
)
from learners.models import AnswerForm, AnswerKind, Exercise


def exercise(answer, kind=AnswerKind.NUMBER, choices=(), **rule):
    return Exercise(prompt="?", answer=answer, answer_kind=kind, choices=list(choices), **rule)


@pytest.mark.parametrize("text, value", [
    ("0.75", Fraction(3, 4)), (".75", Fraction(3, 4)), ("3/4", Fraction(3, 4)), (" 3 / 4 ", Fraction(3, 4)),
    ("\\frac{3}{4}", Fraction(3, 4)), ("-3/4", Fraction(-3, 4)), ("1,234", 1234), ("1,234,567.5", Fraction(2469135, 2)),
    ("3,5", Fraction(7, 2)), ("  12  ", 12), ("$12$", 12), ("12 m^3", 12), ("40%", 40), ("\u22125", -5), ("1e3", 1000),
    ("2 1/3", Fraction(7, 3)), ("-2\\frac{1}{2}", Fraction(-5, 2)), ("4.5 x 10^{3}", 4500), ("4.5×10³", 4500),
    ("１２", 12), ("\uff13/\uff14", Fraction(3, 4)), ("\u0663", 3), ("½", Fraction(1, 2)), ("12 cm²", 12),
    ("35°", 35), ("35^\\circ", 35), ("\\$12.50", Fraction(25, 2)), ("12 sq ft", 12),
])
def test_it_reads_numbers_in_their_usual_forms(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "twelve", "3/0", "1..2", "x+1", "12,34,5", "1 5/3", "²", "1e999", "12 apples",
                                  "9" * 41, "4\x00"])
def test_it_reads_no_number_from_what_is_not_one(text):
    assert parse_number(text) is None


def test_it_accepts_equal_numbers_in_any_form_and_refuses_others():
    three_quarters = exercise("3/4")
    assert all(answer_check(three_quarters, given).correct for given in ("0.75", ".75", "3/4", "6/8", " 0.750 "))
    assert not answer_check(three_quarters, "0.7").correct
    assert answer_check(exercise("1234"), "1,234").correct
    assert not answer_check(exercise("44"), "44.4").correct


def test_it_holds_a_rounded_answer_to_the_stated_places_and_never_accepts_a_nearby_value():
    rounded = exercise("3769.9", decimals=1)  # 3769.94..., asked to 1 decimal place
    assert answer_check(rounded, "3769.9").correct and answer_check(rounded, "3769.90").correct
    assert not answer_check(rounded, "3769.8").correct and not answer_check(rounded, "3770").correct
    more = answer_check(rounded, "3769.94")
    assert not more.readable and "1 decimal place" in more.message
    whole = exercise("40000", decimals=0)  # "rounded to the nearest whole number"
    assert not answer_check(whole, "40400").correct and not answer_check(whole, "40001").correct
    assert answer_check(whole, "40,000").correct


def test_it_shows_the_answer_rounded_with_its_places_and_unit():
    assert expected_display(exercise("3769.9", decimals=1, unit="m^3")) == "$3769.9$ m³"
    assert expected_display(exercise("12.5", decimals=2, unit="$")) == "$\\$12.50$"
    assert expected_display(exercise("2 1/3", form=AnswerForm.MIXED)) == "$2\\frac{1}{3}$"
    assert expected_display(exercise("35", unit="°")) == "$35$°"


def test_it_accepts_a_unit_only_where_one_is_asked():
    plain = exercise("127")
    refused = answer_check(plain, "127 cm")
    assert not refused.readable and "without a unit" in refused.message
    length = exercise("127", unit="cm")
    assert answer_check(length, "127").correct and answer_check(length, "127 cm").correct
    assert answer_check(length, "127 centimeters").correct
    wrong_unit = answer_check(length, "127 m")
    assert not wrong_unit.readable and "cm" in wrong_unit.message
    assert answer_check(exercise("12", unit="m^2"), "12 m²").correct
    assert answer_check(exercise("40", unit="°"), "40 degrees").correct


def test_it_holds_answers_to_the_asked_form():
    fraction = exercise("3/4", form=AnswerForm.SIMPLEST)
    assert answer_check(fraction, "3/4").correct
    assert not answer_check(fraction, "6/8").correct and "lowest terms" in answer_check(fraction, "6/8").message
    assert not answer_check(fraction, "0.75").correct
    mixed = exercise("2 1/3", form=AnswerForm.MIXED)
    assert answer_check(mixed, "2 1/3").correct and not answer_check(mixed, "7/3").correct
    decimal = exercise("0.375", form=AnswerForm.DECIMAL)
    assert answer_check(decimal, "0.375").correct
    assert not answer_check(decimal, "3/8").correct and "decimal" in answer_check(decimal, "3/8").message
    scientific = exercise("4.5 x 10^3", form=AnswerForm.SCIENTIFIC)
    assert answer_check(scientific, "4.5*10^3").correct
    assert not answer_check(scientific, "4500").correct and not answer_check(scientific, "45 x 10^2").correct


def test_it_says_what_the_exercise_asks_in_the_instruction():
    assert instruction(exercise("1.5", decimals=1, unit="cm")) == "Round to 1 decimal place. Give the answer in cm."
    assert instruction(exercise("2", decimals=0)) == "Round to the nearest whole number."
    assert "lowest terms" in instruction(exercise("3/4", form=AnswerForm.SIMPLEST))
    assert instruction(exercise("12")) == ""


def test_it_says_when_a_number_cannot_be_read_and_shows_the_expected_answer():
    result = answer_check(exercise("3/4"), "three quarters")
    assert not result.correct and not result.readable and "number" in result.message
    assert result.expected == "$\\frac{3}{4}$"


def test_it_accepts_equivalent_polynomials():
    expanded = exercise("18x^2-31x+6", kind=AnswerKind.EXPRESSION)
    for typed in ("18x^2-31x+6", "6 - 31x + 18x^2", "18*x^2 - 31*x + 6", "18x^{2}-31x+6", "(9x-2)(2x-3)", "18x²-31x+6"):
        assert answer_check(expanded, typed).correct, typed
    assert not answer_check(expanded, "18x^2+31x+6").correct


def test_it_reads_a_line_with_or_without_y_equals():
    line = exercise("y = 2x - 3", kind=AnswerKind.EXPRESSION)
    assert answer_check(line, "y=2x-3").correct and answer_check(line, "2x - 3").correct
    assert answer_check(line, "y = -3 + 2x").correct and not answer_check(line, "y = 2x + 3").correct


def test_it_asks_for_the_factored_form_where_factoring_is_the_exercise():
    factored = exercise("(x+2)(x+3)", kind=AnswerKind.EXPRESSION, form=AnswerForm.FACTORED)
    assert answer_check(factored, "(x+3)(x+2)").correct and answer_check(factored, "(x + 2) * (x + 3)").correct
    refused = answer_check(factored, "x^2+5x+6")
    assert not refused.correct and refused.readable and "factored" in refused.message
    assert not answer_check(factored, "(x+2)(x-3)").correct


def test_it_asks_for_one_power_where_simplifying_powers_is_the_exercise():
    power = exercise("25^{7}", kind=AnswerKind.EXPRESSION, form=AnswerForm.POWER)
    assert answer_check(power, "25^7").correct and answer_check(power, "25^{7}").correct
    for other in ("25^{7^{1}}", "25^8", "25^7+0", "1*25^7", "25^(3+4)"):
        assert not answer_check(power, other).correct, other
    assert answer_check(power, "5^14").correct  # another single power of the same value


@pytest.mark.parametrize("text", [
    "x^999999", "9^9^9^9", "(x+1)^100", "import os", "__import__('os')", "y+1", "1/(x-1)", "(" * 30 + "x" + ")" * 30,
    "2^" * 40 + "2", "10^2000*10^2000",
])
def test_it_refuses_to_parse_what_is_too_large_deep_or_not_a_polynomial(text):
    with pytest.raises(ExpressionError):
        parse_polynomial(text)


def test_it_reads_points():
    point = exercise("(2, -3)", kind=AnswerKind.POINT)
    assert answer_check(point, "(2,-3)").correct and answer_check(point, "2, -3").correct
    assert answer_check(point, "(4/2; −3)").correct
    assert not answer_check(point, "(-3, 2)").correct
    assert not answer_check(point, "(2)").readable


def test_it_checks_multiple_choice_by_index_or_value():
    choice = exercise("$x = 2$, $y = 3$", kind=AnswerKind.CHOICE,
                      choices=["$x = 3$, $y = 2$", "$x = 2$, $y = 3$", "$x = -2$, $y = 3$"])
    assert answer_check(choice, "1").correct and answer_check(choice, "$x = 2$, $y = 3$").correct
    assert not answer_check(choice, "0").correct
    assert not answer_check(choice, "7").readable and not answer_check(choice, "¹").readable
    assert not answer_check(choice, "9" * 5000).readable


def test_it_compares_text_answers_without_case_or_spacing():
    text = exercise("Yes", kind=AnswerKind.TEXT)
    assert answer_check(text, " yes ").correct and not answer_check(text, "no").correct


def test_it_finds_what_is_wrong_with_an_exercises_own_answer():
    assert answer_problems(kind="number", answer="3.14159", choices=[], decimals=2, unit="", form="")
    assert answer_problems(kind="number", answer="twelve", choices=[], decimals=None, unit="", form="")
    assert answer_problems(kind="number", answer="12", choices=[], decimals=None, unit="furlong", form="")
    assert answer_problems(kind="choice", answer="4", choices=["3", "5"], decimals=None, unit="", form="")
    assert answer_problems(kind="number", answer="3.14", choices=[], decimals=2, unit="cm", form="") == []


HOSTILE = st.one_of(
    st.text(max_size=400),
    st.text(alphabet="0123456789.,/-+eE^{}()[]x $\\%°²³⁰¹·×÷−", max_size=300),
    st.text(alphabet=st.characters(categories=["Nd", "No", "Sm", "Cc", "Zs"]), max_size=200),
    st.builds(lambda n, u: "1" + " " + " ".join([u] * n), st.integers(0, 60), st.sampled_from(["m", "cm", "km^2", "°"])),
    st.builds(lambda d: "9" * d, st.integers(1, 6000)),
    st.builds(lambda e: f"1e{e}", st.integers(-10**12, 10**12)),
    st.builds(lambda n: "(" * n + "x" + ")" * n, st.integers(0, 500)),
    st.builds(lambda n: "2^" * n + "2", st.integers(0, 200)),
)
KINDS = [
    exercise("12", unit="cm", decimals=1), exercise("3/4", form=AnswerForm.SIMPLEST), exercise("2 1/3", form="mixed"),
    exercise("4.5 x 10^3", form="scientific"), exercise("(x+2)(x-3)", kind="expression", form="factored"),
    exercise("y = 2x + 1", kind="expression"), exercise("(1, -2)", kind="point"), exercise("Yes", kind="text"),
    exercise("b", kind="choice", choices=["a", "b", "c"]), exercise("5^{12}", kind="expression", form="power"),
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(given_text=HOSTILE, which=st.integers(0, len(KINDS) - 1))
def test_it_judges_any_string_without_raising(given_text, which):
    result = answer_check(KINDS[which], given_text)
    assert isinstance(result.correct, bool) and result.message
    assert not (result.correct and not result.readable)
    if len(given_text) > MAX_ANSWER_CHARS:
        assert not result.readable


@pytest.mark.parametrize("given, factored", [
    ("(x+2)(x+3)", True), ("(x+3)^2", True), ("3(2x+5)", True), ("x(2x-1)", True), ("-(x-2)(x+2)", True),
    ("2(x+2)(x+3)", True), ("((x+2)(x+3))", True), ("x^2+5x+6", False), ("1(x^2+5x+6)", False),
    ("(x+1)(x^2-1)", False), ("(x^2+5x+6)", False), ("2(x^2+5x+6)", False), ("(2x+10)", False),
    ("(2x+4)(x+3)", False), ("4(x/2+1)(x+3)", False),
])
def test_it_knows_a_fully_factored_form(given, factored):
    result = answer_check(exercise(given, kind=AnswerKind.EXPRESSION, form=AnswerForm.FACTORED), given)
    assert result.correct == factored, given


@pytest.mark.parametrize("given, expanded", [
    ("2x^2-5x+3", True), ("3 - 5x + 2x^2", True), ("-2x+6", True), ("3x+6-5x", False), ("2(x+3)", False),
    ("x^2+x+x", False), ("6", True),
])
def test_it_knows_an_expanded_and_simplified_form(given, expanded):
    result = answer_check(exercise(given, kind=AnswerKind.EXPRESSION, form=AnswerForm.EXPANDED), given)
    assert result.correct == expanded, given


def test_it_offers_the_numeric_keypad_only_for_answers_it_can_type():
    from learners.answers import answer_input

    assert answer_input(exercise("12.5")) == "decimal"
    assert [answer_input(exercise(a)) for a in ("1/3", "1 7/8", "-4", "4.5 x 10^3")] == ["text"] * 4
    assert answer_input(exercise("b", kind="choice", choices=["a", "b"])) == "choice"


def test_it_refuses_a_stored_answer_that_carries_its_unit_or_cannot_be_typed():
    assert answer_problems(kind="number", answer="12 cm", choices=[], decimals=None, unit="cm", form="")
    assert answer_problems(kind="number", answer="$5", choices=[], decimals=None, unit="$", form="")
    assert answer_problems(kind="expression", answer="x+" * 100 + "1", choices=[], decimals=None, unit="", form="")
    assert answer_problems(kind="choice", answer="a", choices=["a", "A"], decimals=None, unit="", form="")


@pytest.mark.parametrize("text", [
    "(x/3^100+1/5^100)^12/7^999(x/11^120+1/13^120)^12", "(x/3^80+1/5^80)^12(x/7^80+1/11^80)^12",
    "+".join(["(x/3^54+1/5^54)^12(x/7^54+1/11^54)^12"] * 3),
])
def test_it_refuses_large_rational_products_before_computing_them(text):
    with pytest.raises(ExpressionError, match="too large"):  # refused by size, not after the arithmetic
        parse_polynomial(text)
    assert not answer_check(exercise("2x+1", kind=AnswerKind.EXPRESSION), text).readable
