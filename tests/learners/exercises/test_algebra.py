"""Each generator of `learners.exercises.algebra`, verified on 200 draws (learners.exercises.verify), and a few
exact checks of known problems."""
import random
from fractions import Fraction

import pytest

from learners.answers import answer_check
from learners.exercises import algebra
from learners.exercises.independent import SOLVERS
from learners.exercises.problem import GENERATORS
from learners.exercises.verify import problem_exercise, verify_generator
from tests.fixtures import generator_names

NAMES = generator_names(algebra)


@pytest.mark.parametrize("name", NAMES)
def test_it_verifies_the_generator(name):
    assert verify_generator(name) == []


def _draw(name, seed=0, **wanted):
    """A problem of the generator whose params include `wanted` (the first of many seeds that gives one)."""
    for index in range(2000):
        problem = GENERATORS[name].draw(random.Random(f"{seed}:{index}"))
        if all(problem.params.get(key) == value for key, value in wanted.items()):
            return problem
    raise AssertionError(f"no {name} problem with {wanted}")


def test_every_formula_has_one_right_rearrangement():
    from learners.exercises.independent.algebra import _equation, _solve1, _SYMBOLS, _zero_test
    for _what, formula, target, right, wrong in algebra._LITERAL:
        solved = _solve1(_equation(formula), _SYMBOLS[target])
        assert _zero_test(_equation(right).rhs - solved) == 0, right
        for text in wrong:
            assert _zero_test(_equation(text).rhs - solved) != 0, text


@pytest.mark.parametrize("op", ["<", ">", "\\le", "\\ge"])
def test_drawn_inequalities_have_the_solution_they_are_drawn_for(op):
    from learners.exercises.independent.algebra import _solution_set
    python = {"<": "<", ">": ">", "\\le": "<=", "\\ge": ">="}[op]
    for seed in range(60):
        rng = random.Random(seed)
        k = rng.choice([-9, -6, -4, -1, 2, 3, 6, 8])
        text, _negative, _steps = algebra._inequality(rng, k, op)
        assert _solution_set(text) == (python, Fraction(k)), text


def test_the_reader_of_shown_algebra():
    import sympy
    from learners.exercises.independent.algebra import _latex
    a, b, x = sympy.symbols("a b x")
    assert _latex("$3(x + 2) - 5x$") == 6 - 2 * x
    assert _latex("\\frac{12a^{5}b^{3}}{4a^{2}b}") == 3 * a ** 3 * b ** 2
    assert _latex("-x^2") == -x ** 2
    assert _latex("\\frac{C}{2\\pi}") == sympy.Symbol("C") / (2 * sympy.pi)


def test_tile_figures_have_as_many_tiles_as_the_stages_count():
    for name in ("pattern_growing_tiles", "quadratic_pattern_tiles"):
        for seed in range(20):
            problem = GENERATORS[name].draw(random.Random(seed))
            assert problem.figure.count("<rect") == sum(problem.params["counts"])


def test_a_known_tile_pattern():
    problem = _draw("pattern_growing_tiles", ask="count", counts=[3, 5, 7], stage=10)
    assert problem.answer == "21"  # 2n + 1
    assert SOLVERS["pattern_growing_tiles"](problem.params) == 21


def test_factoring_is_checked_as_a_product():
    problem = _draw("factor_quadratic_trinomial", coefficients={2: 1, 1: 5, 0: 6})
    exercise = problem_exercise(problem)
    assert answer_check(exercise, "(x+3)(x+2)").correct
    assert not answer_check(exercise, "x^2+5x+6").correct


def test_a_line_read_from_its_graph_accepts_either_way_of_writing_it():
    problem = _draw("linear_equation_from_graph", points=[(0, 1), (2, 4)])
    assert problem.answer == "y = 3x/2 + 1"
    exercise = problem_exercise(problem)
    for typed in ("y = 3/2x + 1", "1.5x + 1", "y=(3/2)x+1"):
        assert answer_check(exercise, typed).correct, typed


def test_a_known_system_and_midpoint():
    assert SOLVERS["solve_system_of_equations"]({"equations": ["2x + 3y = 12", "x - y = 1"]}) == (3, 2)
    assert SOLVERS["midpoint_of_segment"]({"ends": [(-3, 4), (6, -1)]}) == (Fraction(3, 2), Fraction(3, 2))
