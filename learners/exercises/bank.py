"""The exercise bank: problems drawn from the project's own generators for every skill they practise, each
one checked against its independent computation and its instruction before it is stored.

Deterministic per seed; each exercise has source "bank" and an external id naming its generator, seed, index
and skill, so filling the bank again writes nothing new.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


from learners.exercises.independent import SOLVERS
from learners.exercises.problem import Generator, draw_problems, skill_generators
from learners.exercises.verify import problem_exercise, problem_failures, verify_generator
from learners.models import Exercise, Skill

SOURCE = "bank"
DEFAULT_PER_SKILL = 24
DEFAULT_SEED = 2009
FILL_DRAWS = 40  # draws on which each generator is verified again before any of its problems is stored


@dataclass
class BankFill:
    added: int = 0
    refused: list[str] = field(default_factory=list)  # problems that failed their verification (not stored)
    dropped: list[str] = field(default_factory=list)  # generators that failed theirs (nothing of them stored)


def _external_id(name: str, seed: int, index: int, skill: Skill) -> str:
    return f"{name}-{seed}-{index}-{hashlib.sha1(skill.code.encode()).hexdigest()[:12]}"


def _shares(generators: list[Generator], per_skill: int) -> list[int]:
    count = max(1, len(generators))
    return [per_skill // count + (1 if position < per_skill % count else 0) for position in range(count)]


def _skill_exercises(skill: Skill, generators: list[Generator], per_skill: int, seed: int, existing: set[str],
                     fill: BankFill) -> list[Exercise]:
    rows = []
    for gen, share in zip(generators, _shares(generators, per_skill)):
        ids = [_external_id(gen.name, seed, index, skill) for index in range(share)]
        if set(ids) <= existing:
            continue
        for external_id, problem in zip(ids, draw_problems(gen, share, seed=f"{seed}:{skill.code}")):
            if external_id in existing:
                continue
            failures = problem_failures(gen, problem, SOLVERS[gen.name]) if gen.name in SOLVERS else ["unverified"]
            if failures:
                fill.refused.append(f"{gen.name}: {failures[0]}")
                continue
            exercise = problem_exercise(problem)
            exercise.skill, exercise.source, exercise.external_id = skill, SOURCE, external_id
            rows.append(exercise)
    return rows


def bank_rows(*, per_skill: int = DEFAULT_PER_SKILL, seed: int = DEFAULT_SEED) -> tuple[list[Exercise], BankFill]:
    """The bank's missing exercises (unsaved) for every stored skill a generator practises (matched by name): a
    generator that fails its verification is left out whole, and each problem is verified again."""
    existing = set(Exercise.objects.filter(source=SOURCE).values_list("external_id", flat=True))
    fill = BankFill()
    skills = list(Skill.objects.filter(name__in=skill_generators()).order_by("pk"))
    wanted = {gen.name for skill in skills for gen in skill_generators()[skill.name]}
    fill.dropped = sorted(name for name in wanted if verify_generator(name, draws=FILL_DRAWS))
    by_skill = {name: [g for g in gens if g.name not in fill.dropped] for name, gens in skill_generators().items()}
    rows = []
    for skill in skills:
        rows += _skill_exercises(skill, by_skill[skill.name], per_skill, seed, existing, fill)
    return rows, fill
