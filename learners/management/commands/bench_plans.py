"""python manage.py bench_plans --json OUT: every student's study plan, made as a retraining makes them
(`services.plans.plans_regenerate`), on the database's own students (after `seed_demo`, or a school's data).

The students are those with a current plan, in two groups by how many goal skills it has (fewer than 20: a
classroom's goals; 20 or more: a whole course, or every skill for a student in no classroom). Each group is
planned twice, inside one transaction rolled back at the end (nothing stays): first the baseline, the planner
one student at a time (as plans were made until 2026-12-01), then each chunk's students together
(`metacore.planner.make_plans`, the same plans). Both times include everything a plan reads and writes.
"""
import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from learners import registry
from learners.models import StudyPlan
from learners.services.plans import plans_regenerate

MANY_GOALS = 20  # a plan with at least this many goal skills aims at a whole course


class Rollback(Exception):
    pass


def goal_groups(limit: int | None) -> dict[str, list[int]]:
    """{group: student pks (at most `limit` each, the lowest)} of the students with a current plan."""
    groups = {"goals_under_20": [], "goals_20_or_more": []}
    for student, goals in StudyPlan.objects.filter(is_current=True).order_by("student").values_list(
            "student", "goal_skills"):
        groups["goals_20_or_more" if len(goals) >= MANY_GOALS else "goals_under_20"].append(student)
    return {name: ids[:limit] for name, ids in groups.items()}


def timed_plans(student_ids: list[int], together: bool) -> dict:
    started = time.perf_counter()
    made = plans_regenerate(student_ids=student_ids, together=together)
    seconds = time.perf_counter() - started
    return {"plans": made, "seconds": seconds, "ms_per_student": 1000 * seconds / max(made, 1)}


class Command(BaseCommand):
    help = __doc__.split("\n")[0]

    def add_arguments(self, parser):
        parser.add_argument("--students", type=int, default=None, help="at most this many students per group")
        parser.add_argument("--json", default=None, help="write the figures here")

    def handle(self, *args, **opts):
        if registry.active_version() is None:
            raise CommandError("no active model version: run `manage.py seed_demo` or train one first")
        figures = {}
        try:
            with transaction.atomic():
                for name, ids in goal_groups(opts["students"]).items():
                    if ids:
                        figures[name] = {"students": len(ids), "one_at_a_time": timed_plans(ids, together=False),
                                         "together": timed_plans(ids, together=True)}
                raise Rollback
        except Rollback:
            pass
        for group in figures.values():
            group["speedup"] = group["one_at_a_time"]["seconds"] / max(group["together"]["seconds"], 1e-9)
        text = json.dumps(figures, indent=1)
        if opts["json"]:
            Path(opts["json"]).parent.mkdir(parents=True, exist_ok=True)
            Path(opts["json"]).write_text(text)
        for name, group in figures.items():
            self.stdout.write(f"{name}: {group['students']} students, one at a time "
                              f"{group['one_at_a_time']['ms_per_student']:.1f} ms each, together "
                              f"{group['together']['ms_per_student']:.1f} ms each (x{group['speedup']:.2f})")
