"""How near the band the site's choice of exercise comes: python -m metacore.lab.exercise_choice --json OUT.

Simulated banks and students: `skills` skills of `items` items each, item difficulty d ~ N(0, item_sd) beside its
skill; each student's logit on each skill theta ~ N(0, ability_sd), and P(right on item i) = sigmoid(theta - d_i).
A model that reads skills (as ours) knows theta up to N(0, model_sd) noise: its P is sigmoid(theta + noise). In
rounds, every student answers `answers` items of random skills, and the offsets are fitted on all answers so far
two ways: by rate (`ItemOffsets.fit`) and beside the model's P (`ItemOffsets.fit_beside`, as a retraining fits the
exercises'). Round 0 gives the items in turn (at random); every later round gives, as the site does, the item
nearest the band's middle by the model's P and the last round's offsets. That is where rates mislead: hard items
go to strong students, so every item's rate drifts towards the band's middle.

Reported per round and fit: the correlation and the slope of the fitted offsets against the true ones (-d); and
for a student whose chance on a skill is p, the true P of the item given in turn (the mean over the skill's
items), by the fitted offsets, and by the true ones: the share inside the band and how much the item teaches by
the generative simulator's rule (`GenerativeSimulator.fit`: 1 at P = 0.7).
"""
from __future__ import annotations

import argparse
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from metacore.functional import logit, sigmoid
from metacore.item_offsets import ItemOffsets
from metacore.planner import PlanConfig

CHANCES = (0.3, 0.45, 0.6, 0.725, 0.85, 0.95)  # the student's chance on the skill (skill-level P)
BAND = PlanConfig().band
TARGET = float(np.mean(BAND))


@dataclass
class BankConfig:
    students: int = 300  # per round
    skills: int = 15
    items: int = 10  # per skill
    item_sd: float = 0.5  # spread of the items' difficulty beside their skill (logit)
    ability_sd: float = 1.5  # spread of the students' logit on a skill
    model_sd: float = 0.5  # the model's error on a student's logit
    answers: int = 30  # per student and round
    rounds: int = 3  # the first at random, the others by the site's choice
    seed: int = 0


def teaches(p: np.ndarray) -> np.ndarray:
    """The generative simulator's learning multiplier at chance p (`GenerativeSimulator.fit`, its defaults)."""
    from metacore.lab.simulators import GenerativeSimulator
    return GenerativeSimulator(1).fit(p)


def chosen(p: float, offsets: ItemOffsets, ids: np.ndarray) -> np.ndarray:
    """(S,) the item of each skill (ids (S, n)) nearest the band's middle for a student at chance p."""
    return np.array([row[offsets.nearest(p, row, target=TARGET)[0]] for row in ids])


def choice_quality(offsets: ItemOffsets, truth: ItemOffsets, ids: np.ndarray) -> dict:
    """{p: {way: true P, in band, teaches}} of the item in turn, by `offsets` and by the true offsets."""
    out = {}
    for p in CHANCES:
        true_p = lambda items: sigmoid(logit(np.float64(p)) + truth.of(items))  # noqa: E731
        ways = {"in_turn": true_p(ids), "fitted": true_p(chosen(p, offsets, ids)),
                "true": true_p(chosen(p, truth, ids))}
        out[str(p)] = {way: {"p": float(q.mean()), "in_band": float(((q >= BAND[0]) & (q <= BAND[1])).mean()),
                             "teaches": float(teaches(q).mean())} for way, q in ways.items()}
    return out


def measure(c: BankConfig) -> dict:
    rng = np.random.default_rng(c.seed)
    ids = np.arange(c.skills * c.items).reshape(c.skills, c.items)  # (S, n) item ids
    truth = ItemOffsets(ids=ids.ravel(), offset=-rng.normal(0.0, c.item_sd, ids.size))
    answers = {"item": [], "skill": [], "y": [], "p": []}
    fits = {"rate": None, "beside": None}
    rounds = []
    for r in range(c.rounds):
        theta = rng.normal(0.0, c.ability_sd, (c.students, c.skills))  # (B, S)
        model = sigmoid(theta + rng.normal(0.0, c.model_sd, theta.shape))  # the model's P, (B, S)
        b = np.repeat(np.arange(c.students), c.answers)
        s = rng.integers(0, c.skills, b.size)
        if r == 0:
            item = ids[s, rng.integers(0, c.items, b.size)]
        else:  # the site: nearest the band's middle by the model's P and the offsets the last round fitted
            item = np.array([ids[k][fits["beside"].nearest(p, ids[k], target=TARGET)[0]]
                             for k, p in zip(s, model[b, s])])
        y = rng.random(b.size) < sigmoid(theta[b, s] + truth.of(item))
        for key, value in (("item", item), ("skill", s), ("y", y), ("p", model[b, s])):
            answers[key].append(value)
        seen = {key: np.concatenate(value) for key, value in answers.items()}
        fits = {"rate": ItemOffsets.fit(items=seen["item"], skills=seen["skill"], correct=seen["y"]),
                "beside": ItemOffsets.fit_beside(items=seen["item"], correct=seen["y"], p=seen["p"])}
        true = truth.of(ids.ravel())
        rounds.append({"round": r, "answers": int(seen["y"].size), "by": "random" if r == 0 else "choice", **{
            name: {"corr": float(np.corrcoef(fit.of(ids.ravel()), true)[0, 1]),
                   "slope": float(np.polyfit(true, fit.of(ids.ravel()), 1)[0]),
                   "choice": choice_quality(fit, truth, ids)} for name, fit in fits.items()}})
    return {"config": asdict(c), "rounds": rounds}


def _print(run: dict) -> None:
    c = run["config"]
    print(f"item_sd {c['item_sd']}, {c['students']} students a round, {c['answers']} answers each "
          f"({c['students'] * c['answers'] / (c['skills'] * c['items']):.0f} answers an item a round)")
    for rnd in run["rounds"]:
        print(f"  round {rnd['round']} ({rnd['by']}): " + "; ".join(
            f"{name}: r {rnd[name]['corr']:.3f}, slope {rnd[name]['slope']:.2f}" for name in ("rate", "beside")))
    last = run["rounds"][-1]["beside"]["choice"]
    print(f"  {'p':>6} " + " ".join(f"{way + ': P / in band / teaches':>30}" for way in ("in_turn", "fitted", "true")))
    for p, row in last.items():
        print(f"  {p:>6} " + " ".join(f"{row[w]['p']:>14.3f} {row[w]['in_band']:>6.2f} {row[w]['teaches']:>8.3f}"
                                      for w in ("in_turn", "fitted", "true")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, nargs="+", default=[300, 30], help="students a round, per run")
    parser.add_argument("--item-sd", type=float, nargs="+", default=[0.5, 1.0], help="items' difficulty spreads")
    parser.add_argument("--rounds", type=int, default=BankConfig.rounds)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", default=None, help="write the figures here")
    args = parser.parse_args(argv)
    runs = [measure(BankConfig(students=n, item_sd=sd, rounds=args.rounds, seed=args.seed))
            for sd in args.item_sd for n in args.students]
    for run in runs:
        _print(run)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps({"runs": runs}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
