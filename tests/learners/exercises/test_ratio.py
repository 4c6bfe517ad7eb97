"""Each generator of `learners.exercises.ratio`, verified on 200 draws (learners.exercises.verify), and a few
exact checks of its independent computations and figures."""
import random
import re

import pytest

from learners.exercises import ratio
from learners.exercises.independent import SOLVERS
from learners.exercises.problem import GENERATORS
from learners.exercises.verify import verify_generator
from tests.fixtures import area_generators, generator_names

NAMES = generator_names(ratio)

SKILLS = ("Equivalent Fractions", "Fraction Of", "Multiplication Fractions", "Addition and Subtraction Fractions",
          "Division Fractions", "Ordering Fractions", "Conversion of Fraction Decimals Percents", "Percent Of",
          "Finding Percents", "Percents", "Percent Discount", "Proportion", "Unit Rate", "Rate",
          "Unit Conversion Within a System", "Scale Factor")


@pytest.mark.parametrize("name", NAMES)
def test_it_verifies_the_generator(name):
    assert verify_generator(name) == []


@pytest.mark.parametrize("skill", SKILLS)
def test_every_skill_has_varied_generators(skill):
    generators = area_generators(ratio, skill)
    assert generators
    prompts = {g.draw(random.Random(f"{skill}:{i}")).prompt for g in generators for i in range(60)}
    assert len(prompts) >= 24


@pytest.mark.parametrize(("name", "params", "expected"), [
    ("equivalent_fraction_missing", {"left": [3, 4], "right": [0, 20]}, 15),
    ("equivalent_fraction_missing", {"left": [12, 18], "right": [2, 0]}, 3),
    ("multiply_mixed_numbers", {"a": [5, 2], "b": [4, 3]}, 3 + 1 / 3),
    ("add_subtract_mixed_numbers", {"a": [21, 4], "b": [8, 3], "subtract": True}, 31 / 12),
    ("divide_fractions_how_many", {"total": [15, 2], "piece": [3, 4]}, 10),
    ("decimal_percent_convert", {"given": "0.045", "to_percent": True}, "4.5"),
    ("decimal_percent_convert", {"given": "0.5", "to_percent": False}, "0.005"),
    ("decimal_percent_convert", {"given": "250", "to_percent": False}, "2.5"),
    ("percent_fraction_convert", {"percent": "12.5", "to_fraction": True, "fraction": None}, 1 / 8),
    ("convert_customary", {"whole": 5, "big": "ft", "extra": 7, "small": "in", "to": "in"}, 67),
    ("convert_customary", {"whole": 0, "big": "oz", "extra": 40, "small": "oz", "to": "lb"}, 2.5),
    ("convert_time", {"parts": [["2", "h"], ["15", "min"]], "to": "min"}, 135),
    ("convert_metric", {"value": "3.5", "from": "km", "to": "m"}, 3500),
    ("convert_metric", {"value": "750", "from": "ml", "to": "l"}, 0.75),
    ("rate_work", {"ask": "together", "rate": None, "amount": None, "a": 3, "b": 6}, 2),
    ("scale_drawing_area", {"per": 4, "w": "3", "h": "4.5", "ask": "area", "k": None}, 216),
])
def test_independent_computations_on_known_cases(name, params, expected):
    value = SOLVERS[name](params)
    assert value == expected or float(value) == pytest.approx(expected)


def test_the_percent_grid_shades_as_many_squares_as_it_says():
    for seed in range(20):
        problem = GENERATORS["percent_grid_shaded"].draw(random.Random(seed))
        shaded = problem.figure.count('fill="#0072B2"')
        assert shaded == problem.params["shaded"]
        assert problem.figure.count("<rect ") == problem.params["rows"] * problem.params["cols"]


def test_the_rate_graph_marks_the_point_of_its_params():
    for seed in range(20):
        problem = GENERATORS["rate_from_graph"].draw(random.Random(seed))
        x, y = problem.params["point"]
        assert f"({x}, {y})" in problem.figure
        assert f"({x}, {y})" in problem.figure_alt
        assert f"({x}, {y})" not in problem.prompt


def test_similar_figures_label_the_unknown_side_x_only_when_asked():
    for seed in range(30):
        problem = GENERATORS["scale_factor_similar_figures"].draw(random.Random(seed))
        has_x = re.search(r">x</text>", problem.figure) is not None
        assert has_x == (problem.params["ask"] == "side")
