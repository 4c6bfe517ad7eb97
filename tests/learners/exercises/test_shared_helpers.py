"""The helpers every area's generators share (learners.exercises.problem, .words and .figures) and those the
independent computations share (learners.exercises.independent)."""
import re
from fractions import Fraction

import pytest

from learners.exercises import algebra, data_analysis, geometry, number, ratio
from learners.exercises.figures import NumberLine, SvgChart, with_minus_signs
from learners.exercises.independent import fraction_of, only
from learners.exercises.problem import (
    and_list, article, latex_mixed, latex_money, latex_number, latex_over, plural, point_text,
)
from learners.exercises.words import NAMES


def test_numbers_in_mathematics_group_their_thousands():
    assert [latex_number(v) for v in (12, Fraction(-7, 2), 12500, "1234.5", -40206)] == \
        ["12", "-3.5", "12{,}500", "1{,}234.5", "-40{,}206"]


def test_money_shows_cents_only_where_there_are_some_unless_asked():
    assert [latex_money(v) for v in (12, Fraction(25, 2), Fraction(-61, 20), 1250, "0.5")] == \
        ["\\$12", "\\$12.50", "-\\$3.05", "\\$1{,}250", "\\$0.50"]
    assert latex_money(Fraction(1, 3)) == "\\$0.33"  # rounded to the cent
    assert [latex_money(v, cents=True) for v in (5, Fraction(405, 100))] == ["\\$5.00", "\\$4.05"]


def test_fractions_are_written_mixed_or_as_given():
    assert [latex_mixed(v) for v in (Fraction(7, 3), Fraction(-3, 2), Fraction(3, 4), 5)] == \
        ["2\\frac{1}{3}", "-1\\frac{1}{2}", "\\frac{3}{4}", "5"]
    assert latex_over(12, 18) == "\\frac{12}{18}" and latex_over("x", 3) == "\\frac{x}{3}"
    assert point_text(Fraction(3, 2), -2) == "(1.5, -2)"


def test_words_agree_with_their_numbers():
    assert [plural(n, "mark") for n in (0, 1, 2)] == ["marks", "mark", "marks"]
    assert plural(2, "foot", "feet") == "feet" and plural(1, "is", "are") == "is"
    assert [and_list(items) for items in (["a"], ["a", "b"], ["a", "b", "c"])] == ["a", "a and b", "a, b and c"]
    assert [article(w) for w in ("eraser", "pencil", "Oslo")] == ["an", "a", "an"]


def test_every_area_draws_its_people_from_one_list_of_names():
    assert len(set(NAMES)) == len(NAMES) >= 40
    assert all(area.NAMES is NAMES for area in (number, ratio, geometry, data_analysis, algebra))


def test_a_chart_puts_its_grid_numbers_and_titles_in_place():
    chart = SvgChart(440, 340, x_axis=(0, 10, 2), y_axis=(0, 50, 10), x_title="Time", y_title="Distance", alt="A graph",
                  left=62, right=420, top=40, bottom=280)
    assert chart.px(0, 0) == (62, 280) and chart.px(10, 50) == (420, 40)
    chart.line(5, 10)  # from (0, 10) to where it leaves the top of the grid, (8, 50)
    figure = chart.render()
    assert '<line x1="62" y1="232" x2="348.4" y2="40"' in figure
    assert len(re.findall(r'stroke="#d1d5db"', figure)) == 6 + 6
    assert ">Time</text>" in figure and ">Distance</text>" in figure


def test_a_number_line_labels_every_so_many_marks_with_minus_signs():
    line = NumberLine(Fraction(-4), Fraction(1, 2), 16, alt="A number line", label_every=2)
    assert line.x(-4) == 36 and line.x(4) == 444
    labels = re.findall(r">([^<>]+)</text>", line.render())
    assert labels == [with_minus_signs(str(v)) for v in range(-4, 5)]
    assert labels[0] == "\u22124"


def test_the_independent_computations_read_numbers_and_their_one_answer():
    assert fraction_of("0.35 + 1/4") == Fraction(3, 5)
    with pytest.raises(ValueError):
        fraction_of("sqrt(2)")
    assert only([7]) == 7
    with pytest.raises(ValueError):
        only([1, 2], "mode")
