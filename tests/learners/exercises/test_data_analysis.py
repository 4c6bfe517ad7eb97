"""Each generator of `learners.exercises.data_analysis`, verified on 200 draws (learners.exercises.verify), and a
few exact checks of its figures and answers."""
import random
import re

import pytest

from learners.exercises import data_analysis
from learners.exercises.independent import SOLVERS
from learners.exercises.problem import GENERATORS
from learners.exercises.verify import verify_generator
from tests.fixtures import area_generators, generator_names

NAMES = generator_names(data_analysis)

SKILLS = ("Table", "Median", "Stem and Leaf Plot", "Mode", "Mean", "Range", "Venn Diagram",
          "Histogram as Table or Graph", "Circle Graph", "Probability of a Single Event",
          "Probability of Two Distinct Events", "Scatter Plot", "Box and Whisker", "Counting Methods",
          "D.4.8-understanding-concept-of-probabilities")


@pytest.mark.parametrize("name", NAMES)
def test_it_verifies_the_generator(name):
    assert verify_generator(name) == []


def test_every_skill_of_the_area_has_generators():
    for skill in SKILLS:
        assert area_generators(data_analysis, skill), skill


def _draw(name, seed=0):
    return GENERATORS[name].draw(random.Random(seed))


def test_the_histogram_draws_one_bar_per_interval():
    for seed in range(20):
        problem = _draw("histogram_read_graph", seed)
        bars = re.findall(r'<rect [^>]*fill="#0072B2"', problem.figure)
        assert len(bars) == len(problem.params["counts"])


def test_the_stem_and_leaf_plot_shows_every_leaf_and_its_key():
    for seed in range(20):
        problem = _draw("stem_leaf_count", seed)
        leaves = sum(len(leaves) for _, leaves in problem.params["rows"])
        assert "Key:" in problem.figure
        assert problem.figure_alt.count("Stem ") == len(problem.params["rows"])
        assert leaves >= 10


def test_the_venn_diagram_writes_every_region():
    problem = _draw("venn_three_sets", 3)
    for key, count in problem.params["regions"].items():
        assert f">{count}</text>" in problem.figure


def test_known_answers():
    solve = SOLVERS
    assert solve["median_of_list"]({"values": [7, 1, 4, 10]}) == 5.5
    assert solve["venn_two_sets"]({"regions": {"a": 5, "ab": 3, "b": 4, "n": 2}, "question": "union"}) == 12
    assert solve["counting_combinations"]({"n": 6, "k": 2}) == 15
    assert solve["probability_two_dice"]({"question": "sum_eq", "k": 7}) == pytest.approx(1 / 6)
    assert solve["box_plot_read"]({"five": [2, 5, 9, 12, 20], "question": "iqr"}) == 7
    assert solve["venn_missing_region"]({"facts": {"total": 30, "in_a": 18, "in_b": 12, "ab": 5},
                                         "target": "n"}) == 5


def test_figures_fit_the_page():
    for name in NAMES:
        for seed in range(5):
            problem = _draw(name, seed)
            if problem.figure:
                width, height = map(float, re.search(r'viewBox="0 0 (\S+) (\S+)"', problem.figure).groups())
                assert width <= 480 and height <= 400, (name, width, height)
