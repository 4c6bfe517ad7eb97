"""python manage.py content_report --json OUT: does every demo skill have exercises, is every generator verified,
and can every item of every current plan be practised?

- demo_skills_total: the skills of the shipped demo data (learners/data/assist2009/skills.tsv);
- demo_skills_with_exercises: those with at least BANK_VARIETY exercises a student can get, counted in the
  database when it holds the demo (after seed_demo), else those whose generators draw that many verified problems;
- generators_verified / verification_failures: every generator verified on --draws problems
  (learners.exercises.verify: independent computation, checker, instruction, figure);
- plan_items_practicable_share: over every current plan's items, the share a student can practise here
  (null when there is no plan).
"""
from __future__ import annotations

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand

from learners.selectors import practice
from learners.services.demo import DATA_DIR
from learners.exercises.bank import SOURCE
from learners.exercises.independent import SOLVERS
from learners.exercises.problem import GENERATORS, SKILL_ALIASES, draw_problems, skill_generators
from learners.exercises.verify import BANK_VARIETY, VERIFY_DRAWS, problem_failures, verify_generator
from learners.models import Exercise, PlanItem, Skill, StudyPlan


def demo_skill_names() -> list[str]:
    lines = (DATA_DIR / "skills.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return [line.split("\t", 1)[1].strip() for line in lines if line.strip()]


def skills_with_exercises_stored(names: list[str]) -> tuple[int, list[str]] | None:
    """(how many of the demo skills have enough exercises in the database, those that do not), or None when
    the database does not hold the demo's skills."""
    aliases = {name: alias for alias, name in SKILL_ALIASES.items()}
    stored = {s.name: s for s in Skill.objects.filter(name__in=names + list(SKILL_ALIASES))}
    skills = [stored.get(name) or stored.get(aliases.get(name, "")) for name in names]
    if not all(skills):
        return None
    short = [name for name, skill in zip(names, skills)
             if practice.answerable().filter(skill=skill, classroom__isnull=True).count() < BANK_VARIETY]
    return len(names) - len(short), short


def skills_with_exercises_drawn(names: list[str]) -> tuple[int, list[str]]:
    by_skill = skill_generators()
    short = []
    for name in names:
        drawn = [p for gen in by_skill.get(name, []) for p in draw_problems(gen, BANK_VARIETY, seed="report")
                 if not problem_failures(gen, p, SOLVERS[gen.name])]
        if len(drawn) < BANK_VARIETY:
            short.append(name)
    return len(names) - len(short), short


def practicable_share() -> float | None:
    items = list(PlanItem.objects.filter(plan__is_current=True).values_list("plan__student_id", "skill_id"))
    if not items:
        return None
    can = practice.practicable_skills(sorted({student for student, _ in items}))
    return sum(skill in can[student] for student, skill in items) / len(items)


class Command(BaseCommand):
    help = "Report the exercise bank's coverage and verification, and how practicable current plans are."

    def add_arguments(self, parser):
        parser.add_argument("--draws", type=int, default=VERIFY_DRAWS, help="problems verified per generator")
        parser.add_argument("--json", dest="json_path", default="")

    def handle(self, *args, draws: int, json_path: str, **options):
        started = time.perf_counter()
        names = demo_skill_names()
        stored = skills_with_exercises_stored(names)
        counted_in = "database" if stored is not None else "generators"
        with_exercises, short = stored if stored is not None else skills_with_exercises_drawn(names)
        failures = {name: verify_generator(name, draws=draws) for name in sorted(GENERATORS)}
        failing = {name: found for name, found in failures.items() if found}
        result = {
            "demo_skills_total": len(names), "demo_skills_with_exercises": with_exercises,
            "demo_skills_short": short, "skills_counted_in": counted_in,
            "generators_total": len(GENERATORS), "generators_verified": len(GENERATORS) - len(failing),
            "verification_failures": sum(len(found) for found in failing.values()),
            "failing_generators": {name: found[:3] for name, found in failing.items()},
            "draws_per_generator": draws,
            "bank_exercises": Exercise.objects.filter(source=SOURCE).count(),
            "plans": StudyPlan.objects.filter(is_current=True).count(),
            "plan_items_practicable_share": practicable_share(),
            "seconds": round(time.perf_counter() - started, 1),
        }
        share = result["plan_items_practicable_share"]
        self.stdout.write(
            f"demo skills with exercises: {with_exercises} of {len(names)} (counted in the {counted_in})\n"
            f"generators verified: {result['generators_verified']} of {len(GENERATORS)} on {draws} draws each, "
            f"{result['verification_failures']} failures\n"
            f"plan items practicable: {'no plans' if share is None else f'{share:.3f}'} over {result['plans']} plans")
        if json_path:
            Path(json_path).parent.mkdir(parents=True, exist_ok=True)
            Path(json_path).write_text(json.dumps(result, indent=2))
