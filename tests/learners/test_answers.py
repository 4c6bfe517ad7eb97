"""Checking answers: numbers in any usual form and with the asked precision, expressions by equivalence."""
from fractions import Fraction

import pytest

from learners.answers import ExpressionError, answer_check, parse_number, parse_polynomial
from learners.models import AnswerKind, Exercise


def exercise(answer, kind=AnswerKind.NUMBER, choices=(), generator=None):
    source, external_id = ("mathgenerator", f"{generator}-1-0-abc") if generator else ("manual", None)
    return Exercise(prompt="?", answer=answer, answer_kind=kind, choices=list(choices), source=source,
                    external_id=external_id)


@pytest.mark.parametrize("text, value", [
    ("0.75", Fraction(3, 4)), (".75", Fraction(3, 4)), ("3/4", Fraction(3, 4)), (" 3 / 4 ", Fraction(3, 4)),
    ("\\frac{3}{4}", Fraction(3, 4)), ("-3/4", Fraction(-3, 4)), ("1,234", 1234), ("1,234,567.5", Fraction(2469135, 2)),
    ("3,5", Fraction(7, 2)), ("  12  ", 12), ("$12$", 12), ("12 m^3", 12), ("40%", 40), ("\u22125", -5), ("1e3", 1000),
])
def test_it_reads_numbers_in_their_usual_forms(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "twelve", "3/0", "1..2", "x+1", "12,34,5"])
def test_it_reads_no_number_from_what_is_not_one(text):
    assert parse_number(text) is None


def test_it_accepts_equal_numbers_in_any_form_and_refuses_others():
    three_quarters = exercise("3/4")
    assert all(answer_check(three_quarters, given).correct for given in ("0.75", ".75", "3/4", "6/8", " 0.750 "))
    assert not answer_check(three_quarters, "0.7").correct
    assert answer_check(exercise("1234"), "1,234").correct
    assert not answer_check(exercise("44"), "44.4").correct


def test_it_accepts_what_rounds_to_an_answer_asked_to_two_decimals():
    rounded = exercise("0.5", generator="fraction_to_decimal")  # 49 / 98, asked to 2 decimals
    assert answer_check(rounded, "0.50").correct and answer_check(rounded, "0.504").correct
    assert not answer_check(rounded, "0.51").correct and not answer_check(rounded, "0.54").correct


def test_it_accepts_pi_taken_as_three_point_one_four_where_pi_is_used():
    area = exercise("153.94", generator="area_of_circle")  # radius 7
    assert answer_check(area, "153.86").correct  # 3.14 * 49
    assert not answer_check(area, "150").correct


def test_it_says_when_a_number_cannot_be_read_and_shows_the_expected_answer():
    result = answer_check(exercise("3/4"), "three quarters")
    assert not result.correct and not result.readable and "number" in result.message
    assert result.expected == "$\\frac{3}{4}$"


def test_it_accepts_equivalent_polynomials():
    expanded = exercise("18x^2-31x+6", kind=AnswerKind.EXPRESSION)
    for given in ("18x^2-31x+6", "6 - 31x + 18x^2", "18*x^2 - 31*x + 6", "18x^{2}-31x+6", "(9x-2)(2x-3)"):
        assert answer_check(expanded, given).correct, given
    assert not answer_check(expanded, "18x^2+31x+6").correct


def test_it_asks_for_the_factored_form_where_factoring_is_the_exercise():
    factored = exercise("(x+2)(x+3)", kind=AnswerKind.EXPRESSION, generator="factoring")
    assert answer_check(factored, "(x+3)(x+2)").correct and answer_check(factored, "(x + 2) * (x + 3)").correct
    refused = answer_check(factored, "x^2+5x+6")
    assert not refused.correct and refused.readable and "factored" in refused.message
    assert not answer_check(factored, "(x+2)(x-3)").correct


def test_it_asks_for_one_power_where_simplifying_powers_is_the_exercise():
    power = exercise("25^{7}", kind=AnswerKind.EXPRESSION, generator="power_of_powers")
    assert answer_check(power, "25^7").correct and answer_check(power, "25^{7}").correct
    assert not answer_check(power, "25^{7^{1}}").correct and not answer_check(power, "25^8").correct


@pytest.mark.parametrize("text", [
    "x^999999", "9^9^9^9", "(x+1)^100", "import os", "__import__('os')", "y+1", "1/(x-1)",
])
def test_it_refuses_to_parse_what_is_too_large_or_not_a_polynomial(text):
    with pytest.raises(ExpressionError):
        parse_polynomial(text)


def test_it_checks_multiple_choice_by_index_or_value():
    choice = exercise("$x = 2$, $y = 3$", kind=AnswerKind.CHOICE,
                      choices=["$x = 3$, $y = 2$", "$x = 2$, $y = 3$", "$x = -2$, $y = 3$"])
    assert answer_check(choice, "1").correct and answer_check(choice, "$x = 2$, $y = 3$").correct
    assert not answer_check(choice, "0").correct
    assert not answer_check(choice, "7").readable


def test_it_compares_text_answers_without_case_or_spacing():
    text = exercise("Yes", kind=AnswerKind.TEXT)
    assert answer_check(text, " yes ").correct and not answer_check(text, "no").correct
