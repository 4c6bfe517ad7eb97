"""Independent computations of generated answers: for each generator, its answer worked out again from the
problem's `params` by another route (another formula, brute force or sympy where it helps), never by
calling the generator's own code. `learners.exercises.verify` compares the two on many draws.

A computation returns the exact value (a Fraction, an int, a float where pi or a root is involved, or a
decimal string) for numbers, a pair for points, an expression's text for expressions, and for multiple
choice the right choice's text or its value.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction
from typing import Any

import sympy

Solve = Callable[[Mapping], Any]
SOLVERS: dict[str, Solve] = {}


def independent(name: str) -> Callable[[Solve], Solve]:
    def register(solve: Solve) -> Solve:
        if name in SOLVERS:
            raise ValueError(f"two independent computations for {name!r}")
        SOLVERS[name] = solve
        return solve

    return register


# -- helpers the computations share (never the generators' own code) -------------------------------------
def fraction_of(value) -> Fraction:
    """A rational number as a Fraction: a sympy expression, or text sympy reads (its decimals exactly); an
    error for a number that is not rational."""
    value = sympy.sympify(value, rational=True)
    if not value.is_Rational:
        raise ValueError(f"{value} is not rational")
    return Fraction(int(value.p), int(value.q))


def only(items: Iterable, what: str = "answer"):
    """The one item of `items`: an error when there is none or there are several (the problem is ambiguous)."""
    items = list(items)
    if len(items) != 1:
        raise ValueError(f"not one {what}: {items}")
    return items[0]
