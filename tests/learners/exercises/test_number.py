"""Each generator of `learners.exercises.number`, verified on 200 draws (learners.exercises.verify), and a few
exact checks of the module's helpers and figures."""
import random
import re
from fractions import Fraction

import pytest

from learners.exercises import number
from learners.exercises.independent import SOLVERS
from learners.exercises.verify import verify_generator
from tests.fixtures import area_generators, generator_names

NAMES = generator_names(number)

SKILLS = ("Addition Whole Numbers", "Subtraction Whole Numbers", "Multiplication Whole Numbers",
          "Multiplication and Division Integers", "Addition and Subtraction Integers", "Absolute Value",
          "Addition and Subtraction Positive Decimals", "Multiplication and Division Positive Decimals",
          "Order of Operations +,-,/,* () positive reals", "Order of Operations All", "Computation with Real Numbers",
          "Rounding", "Estimation", "Scientific Notation", "Square Root", "Exponents", "Ordering Integers",
          "Ordering Positive Decimals", "Ordering Real Numbers", "Number Line", "Divisibility Rules", "Prime Number",
          "Least Common Multiple", "Greatest Common Factor", "Reading a Ruler or Scale")


@pytest.mark.parametrize("name", NAMES)
def test_it_verifies_the_generator(name):
    assert verify_generator(name) == []


def test_every_skill_of_the_area_has_generators():
    for skill in SKILLS:
        assert len(area_generators(number, skill)) >= 2, skill


def test_the_order_of_operations_is_worked_step_by_step():
    node = number._op("+", number._leaf(2), number._op("*", number._leaf(3), number._leaf(4)))
    assert number._worked(node) == "2 + 3 \\times 4 = 2 + 12 = 14"
    power = number._op("+", ("neg", number._op("^", number._leaf(3), number._leaf(2))), number._leaf(5))
    assert number._render(power) == "-3^{2} + 5"
    assert SOLVERS["order_of_operations_powers"]({"expression": number._render(power, tex=False)}) == -4


def test_negative_numbers_are_bracketed_where_they_follow_an_operation():
    node = number._op("-", number._leaf(-5), number._leaf(-3))
    assert number._render(node) == "-5 - \\left(-3\\right)"
    assert number._render(node, tex=False) == "-5-(-3)"
    assert number._value(node) == -2


def test_student_mistakes_give_the_classic_wrong_values():
    node = number._op("+", number._leaf(2), number._op("*", number._leaf(3), number._leaf(4)))
    tokens = number._tokens(node)
    left_to_right = {"+": 1, "-": 1, "*": 1, "/": 1}
    assert number._evaluate_tokens(tokens, left_to_right) == 20
    assert number._evaluate_tokens(tokens, {"+": 1, "-": 1, "*": 2, "/": 2}) == 14


def test_rounding_goes_half_up_and_carries():
    assert number._round_whole(3450, 100) == 3500
    assert number._round_whole(2961, 100) == 3000
    assert number._round_whole(3449, 100) == 3400


def test_scientific_notation_keeps_the_number_in_front_between_1_and_10():
    assert number._scientific_answer(Fraction(45000)) == "4.5 x 10^4"
    assert number._scientific_answer(Fraction(72, 100000)) == "7.2 x 10^-4"


def test_the_metric_ruler_has_a_mark_for_every_millimetre():
    problem = number.ruler_metric(random.Random(3))
    ticks = [line for line in re.findall(r"<line [^>]*>", problem.figure) if 'y1="78"' in line]
    assert len(ticks) == 101
    length = Fraction(problem.params["end_mm"] - problem.params["start_mm"], 1)
    assert Fraction(problem.answer) == (length if problem.unit == "mm" else length / 10)


def test_a_number_line_point_sits_on_a_tick_mark():
    problem = number.number_line_read_integer(random.Random(5))
    dots = re.findall(r'<circle cx="([\d.]+)"', problem.figure)
    ticks = {x for x in re.findall(r'<line x1="([\d.]+)" y1="(?:54|58)"', problem.figure)}
    assert len(dots) == 1 and dots[0] in ticks
