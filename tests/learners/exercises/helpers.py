"""What the tests of every area share: the generators an area's module registers."""
from types import ModuleType

from learners.exercises.problem import GENERATORS, Generator, skill_generators


def generator_names(area: ModuleType) -> list[str]:
    """The names of the generators that the area's module registers, sorted."""
    return sorted(name for name, gen in GENERATORS.items() if gen.draw.__module__ == area.__name__)


def area_generators(area: ModuleType, skill: str) -> list[Generator]:
    """The generators of the area's module that practise `skill`."""
    return [gen for gen in skill_generators().get(skill, []) if gen.draw.__module__ == area.__name__]
