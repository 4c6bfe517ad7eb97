"""Independent computations of generated answers: for each generator, its answer worked out again from the
problem's `params` by another route (another formula, brute force or sympy where it helps), never by
calling the generator's own code. `learners.exercises.verify` compares the two on many draws.

A computation returns the exact value (a Fraction, an int, a float where pi or a root is involved, or a
decimal string) for numbers, a pair for points, an expression's text for expressions, and for multiple
choice the right choice's text or its value.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Solve = Callable[[Mapping], Any]
SOLVERS: dict[str, Solve] = {}


def independent(name: str) -> Callable[[Solve], Solve]:
    def register(solve: Solve) -> Solve:
        if name in SOLVERS:
            raise ValueError(f"two independent computations for {name!r}")
        SOLVERS[name] = solve
        return solve

    return register
