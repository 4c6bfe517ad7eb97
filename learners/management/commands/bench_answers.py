"""python manage.py bench_answers --json OUT: the answer checker over a corpus of ordinary and hostile answers.

The corpus (deterministic per --seed) pairs exercises of every answer kind and rule with answers a student
might type (right, wrong, in other forms and units) and answers an attacker might (long unit strings, huge
exponents, 5,000-digit numbers, Unicode digits, deep brackets, power towers, control characters). Every
answer is judged once, timed alone; an exception counts as an error. The baseline, in the same run, is a
plain comparison of the typed text with the stored answer (the least any checker does).
"""
from __future__ import annotations

import json
import random
import statistics
import time
from pathlib import Path

from django.core.management.base import BaseCommand

from learners.answers import answer_check
from learners.models import AnswerForm, AnswerKind, Exercise

EXERCISES = [
    Exercise(prompt="?", answer="12", unit="cm", decimals=1),
    Exercise(prompt="?", answer="3769.9", decimals=1, unit="m^3"),
    Exercise(prompt="?", answer="3/4", form=AnswerForm.SIMPLEST),
    Exercise(prompt="?", answer="2 1/3", form=AnswerForm.MIXED),
    Exercise(prompt="?", answer="0.375", form=AnswerForm.DECIMAL),
    Exercise(prompt="?", answer="4.5 x 10^3", form=AnswerForm.SCIENTIFIC),
    Exercise(prompt="?", answer="35", unit="°"),
    Exercise(prompt="?", answer="12.5", unit="$", decimals=2),
    Exercise(prompt="?", answer="-17"),
    Exercise(prompt="?", answer="(x+2)(x-3)", answer_kind=AnswerKind.EXPRESSION, form=AnswerForm.FACTORED),
    Exercise(prompt="?", answer="2x^2-5x+3", answer_kind=AnswerKind.EXPRESSION, form=AnswerForm.EXPANDED),
    Exercise(prompt="?", answer="y = 2x - 3", answer_kind=AnswerKind.EXPRESSION),
    Exercise(prompt="?", answer="5^{12}", answer_kind=AnswerKind.EXPRESSION, form=AnswerForm.POWER),
    Exercise(prompt="?", answer="(2, -3)", answer_kind=AnswerKind.POINT),
    Exercise(prompt="?", answer="$x > 3$", answer_kind=AnswerKind.CHOICE, choices=["$x > 3$", "$x < 3$", "$x > -3$"]),
    Exercise(prompt="?", answer="Yes", answer_kind=AnswerKind.TEXT),
]

ORDINARY = ["12", "12 cm", "12.0", "11.9", " 12 ", "3/4", "6/8", "0.75", "2 1/3", "7/3", "0.375", "3/8",
            "4.5 x 10^3", "4500", "45 x 10^2", "35°", "35 degrees", "12.50", "$12.50", "-17", "−17",
            "(x+2)(x-3)", "x^2-x-6", "(x-3)(x+2)", "2x^2-5x+3", "(2x-3)(x-1)", "y=2x-3", "2x-3", "5^12",
            "5^{12}", "(5^3)^4", "(2, -3)", "2,-3", "(-3, 2)", "0", "1", "2", "yes", "no", "3769.9", "3769.94",
            "1,234", "12 m^3", "12 cm²", "x", "", "?", "I don't know", "1/0", "3,5"]


def hostile(rng: random.Random) -> str:
    """One answer from an attacker's repertoire."""
    kind = rng.randrange(13)
    if kind == 12:  # products of fractions with large powers: costly arithmetic in few characters
        a, b = rng.randint(2, 13), rng.randint(2, 13)
        part = f"(x/{a}^{rng.randint(40, 999)}+1/{b}^{rng.randint(40, 999)})^{rng.randint(2, 24)}"
        return "".join([part] * rng.randint(1, 3))
    if kind == 0:
        return " ".join(rng.choice(["m", "cm", "km", "^2", "°", "^\\circ", "%", "mm", "ft"]) for _ in range(rng.randint(5, 80)))
    if kind == 1:
        return "1" + "".join(rng.choice(["m", "c", "k", "^", "{", "}", "2", "3", " "]) for _ in range(rng.randint(20, 119)))
    if kind == 2:
        return f"{rng.randint(1, 9)}e{rng.choice(['', '-', '+'])}{rng.randint(10**5, 10**10)}"
    if kind == 3:
        return "9" * rng.choice([100, 1000, 5000])
    if kind == 4:
        return "".join(rng.choice("²³¹⁰٣٤٥۶७৮๙１２３") for _ in range(rng.randint(1, 60)))
    if kind == 5:
        depth = rng.randint(10, 3000)
        return "(" * depth + "x" + ")" * depth
    if kind == 6:
        return "^".join([str(rng.randint(2, 9))] * rng.randint(3, 60))
    if kind == 7:
        return "".join(chr(rng.randint(0, 0x2FFF)) for _ in range(rng.randint(1, 200)))
    if kind == 8:
        return f"(x+{rng.randint(1, 99)})^{rng.choice([24, 25, 60, 99999, 10**9])}"
    if kind == 9:
        return "-" * rng.randint(50, 5000) + "1"
    if kind == 10:
        return "\x00" * rng.randint(1, 50) + "12"
    return "1" + "/1" * rng.randint(10, 2000)


def corpus(size: int, seed: int) -> list[tuple[Exercise, str, bool]]:
    """(exercise, answer, hostile?) pairs: every ordinary answer against every exercise, then hostile ones."""
    rng = random.Random(seed)
    pairs = [(e, a, False) for e in EXERCISES for a in ORDINARY]
    while len(pairs) < size:
        pairs.append((rng.choice(EXERCISES), hostile(rng), True))
    return pairs


def summary(times_us: list[float]) -> dict:
    ordered = sorted(times_us)
    return {"count": len(ordered), "p50_us": round(statistics.median(ordered), 1),
            "p99_us": round(ordered[int(0.99 * (len(ordered) - 1))], 1), "max_ms": round(ordered[-1] / 1000, 3)}


class Command(BaseCommand):
    help = "Time the answer checker over ordinary and hostile answers; print the figures and write them as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--answers", type=int, default=12000)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--json", dest="json_path", default="")

    def handle(self, *args, answers: int, seed: int, json_path: str, **options):
        pairs = corpus(answers, seed)
        for exercise, given, _ in pairs[:200]:  # warm up (imports, regex compilation)
            answer_check(exercise, given)
        times = {False: [], True: []}
        baseline, errors, slowest = [], [], []
        for exercise, given, is_hostile in pairs:
            started = time.perf_counter()
            try:
                answer_check(exercise, given)
            except Exception as error:  # noqa: BLE001 - counted and reported: the figure is that there are none
                errors.append(f"{type(error).__name__} on {given[:60]!r}")
            elapsed = (time.perf_counter() - started) * 1e6
            times[is_hostile].append(elapsed)
            slowest.append((elapsed, given[:60], exercise.answer_kind, exercise.answer))
            started = time.perf_counter()
            _ = given.strip() == exercise.answer
            baseline.append((time.perf_counter() - started) * 1e6)
        every = times[False] + times[True]
        result = summary(every) | {
            "answers": len(every), "errors": len(errors), "error_examples": errors[:10],
            "ordinary": summary(times[False]), "hostile": summary(times[True]),
            "baseline_string_compare": summary(baseline),
            "slowest": [{"us": round(us, 1), "answer": a, "kind": k, "expected": e}
                        for us, a, k, e in sorted(slowest, reverse=True)[:5]],
            "seed": seed,
        }
        self.stdout.write(
            f"answers {result['answers']} (hostile {result['hostile']['count']}), errors {result['errors']}\n"
            f"checker: p50 {result['p50_us']} us, p99 {result['p99_us']} us, max {result['max_ms']} ms\n"
            f"  ordinary: p50 {result['ordinary']['p50_us']} us, max {result['ordinary']['max_ms']} ms; "
            f"hostile: p50 {result['hostile']['p50_us']} us, max {result['hostile']['max_ms']} ms\n"
            f"baseline (string comparison): p50 {result['baseline_string_compare']['p50_us']} us")
        if json_path:
            Path(json_path).parent.mkdir(parents=True, exist_ok=True)
            Path(json_path).write_text(json.dumps(result, indent=2))
