"""Each generator of `learners.exercises.geometry`, verified on 200 draws (learners.exercises.verify), and a few
exact checks of figures and known answers."""
import random
import re
from fractions import Fraction

import pytest

from learners.exercises import geometry
from learners.exercises.independent import SOLVERS
from learners.exercises.problem import GENERATORS
from learners.exercises.verify import verify_generator
from tests.fixtures import area_generators, generator_names

NAMES = generator_names(geometry)
SKILLS = (
    "Area Trapezoid", "Area Irregular Figure", "Area Rectangle", "Area Triangle", "Area Parallelogram", "Area Circle",
    "Circumference", "Perimeter of a Polygon", "Volume Rectangular Prism", "Surface Area Rectangular Prism",
    "Volume Cylinder", "Surface Area Cylinder", "Volume Sphere", "Nets of 3D Figures", "Pythagorean Theorem",
    "Complementary and Supplementary Angles", "Interior Angles Triangle",
    "Interior Angles Figures with More than 3 Sides", "Angles on Parallel Lines Cut by a Transversal",
    "Angles - Obtuse, Acute, and Right", "Congruence", "Calculations with Similar Figures",
    "Effect of Changing Dimensions of a Shape Prportionally", "Rotations", "Reflection", "Translations",
)


@pytest.mark.parametrize("name", NAMES)
def test_it_verifies_the_generator(name):
    assert verify_generator(name) == []


def test_every_skill_of_the_area_has_two_generators_or_more():
    assert {skill: len(area_generators(geometry, skill)) >= 2 for skill in SKILLS} == {skill: True for skill in SKILLS}


def _folds_into_a_cube(cells) -> bool:
    """Roll a cube over the cells of a net: it is a net of a cube when each cell lands on a different face."""
    cells = set(cells)
    start = min(cells)
    faces = {start: {"down": 0, "up": 1, "north": 2, "south": 3, "east": 4, "west": 5}}
    opposite = {"east": "west", "west": "east", "north": "south", "south": "north"}
    stack = [start]
    while stack:
        cell = stack.pop()
        for (dx, dy), side in (((1, 0), "east"), ((-1, 0), "west"), ((0, 1), "north"), ((0, -1), "south")):
            nxt = (cell[0] + dx, cell[1] + dy)
            if nxt in cells and nxt not in faces:
                now = dict(faces[cell])
                now["down"], now[opposite[side]] = faces[cell][side], faces[cell]["down"]
                now["up"], now[side] = faces[cell][opposite[side]], faces[cell]["up"]
                faces[nxt] = now
                stack.append(nxt)
    return len(faces) == len(cells) and len({f["down"] for f in faces.values()}) == 6


def _shape(cells):
    """A net up to turning and mirroring: the smallest normalised form among its 8 images."""
    forms = []
    for flip in (False, True):
        points = [(-x if flip else x, y) for x, y in cells]
        for _turn in range(4):
            points = [(-y, x) for x, y in points]
            low_x, low_y = min(p[0] for p in points), min(p[1] for p in points)
            forms.append(tuple(sorted((x - low_x, y - low_y) for x, y in points)))
    return min(forms)


def test_the_eleven_cube_nets_fold_into_a_cube_and_are_different():
    assert all(_folds_into_a_cube(net) for net in geometry.CUBE_NETS)
    assert len({_shape(net) for net in geometry.CUBE_NETS}) == 11
    assert not _folds_into_a_cube([(0, 0), (1, 0), (2, 0), (0, 1), (1, 1), (2, 1)])  # a 2 x 3 block is not one


def test_a_cube_net_is_drawn_with_six_squares():
    for seed in range(40):
        problem = GENERATORS["net_identify_solid"].draw(random.Random(seed))
        if problem.answer == "cube":
            assert problem.figure.count("<polygon") == 6
            break
    else:
        pytest.fail("no cube net in 40 draws")


def test_the_transversal_figure_numbers_all_eight_angles():
    problem = GENERATORS["parallel_lines_relationship"].draw(random.Random(3))
    numbers = re.findall(r">([1-8])</text>", problem.figure)
    assert sorted(numbers) == [str(k) for k in range(1, 9)]


def test_the_named_angle_pairs_match_the_independent_classification():
    classify = SOLVERS["parallel_lines_relationship"]
    for i, j in geometry._named_pairs():
        name, equal = geometry._relation(i, j)
        assert classify({"i": i, "j": j}) == name
        theta = 65
        same = geometry._angle_measure(i, theta) == geometry._angle_measure(j, theta)
        assert same == equal


def test_known_answers():
    assert SOLVERS["area_trapezoid_figure"]({"b1": 12, "b2": 7, "h": 6, "d": 2}) == 57
    assert SOLVERS["area_composite_rectilinear"]({"points": [(0, 0), (10, 0), (10, 4), (6, 4), (6, 8), (0, 8)]}) == 64
    assert SOLVERS["area_circle_figure"]({"given": 5, "show": "r"}) == Fraction("78.5")
    assert SOLVERS["volume_sphere_figure"]({"given": 6, "show": "d"}) == Fraction("113.04")
    assert SOLVERS["pythagorean_hypotenuse"]({"legs": (5, 12), "find": "c"}) == 13
    assert SOLVERS["polygon_missing_angle"]({"known": [90, 90, 90]}) == 90
    assert SOLVERS["rotation_image_point"]({"point": (2, -3), "code": "cw90"}) == (-3, -2)
    assert SOLVERS["reflection_image_point"]({"point": (5, 1), "line": ("x", 2)}) == (-1, 1)
    assert SOLVERS["congruence_criterion"]({"sides": ["AB", "AC"], "angles": ["A"]}) == "SAS"
    assert SOLVERS["congruence_criterion"]({"sides": ["AB", "BC"], "angles": ["A"]}) == "not enough information"
    assert SOLVERS["scale_effect_factor"]({"shape": "cube", "measure": "volume", "k": Fraction(1, 2),
                                          "factor": None}) == Fraction(1, 8)


def test_pi_problems_say_which_pi_to_use_and_round():
    for name in ("area_circle_figure", "circumference_word", "volume_cylinder_word", "surface_area_cylinder_figure",
                 "volume_sphere_word"):
        problem = GENERATORS[name].draw(random.Random(7))
        assert "Use $3.14$ for $\\pi$." in problem.prompt and problem.decimals == 2
