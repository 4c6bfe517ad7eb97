"""Synthetic knowledge-tracing sets the project generates itself, written as the evaluator reads them.

    python -m metacore.lab.synthetic --kind dkt --out var/synth_dkt --seed 0
    python -m metacore.lab.synthetic --kind generative --out var/synth_gen --seed 0
    python -m metacore.lab.evaluate --data var/synth_dkt --json var/eval_synth_dkt.json
    python -m metacore.lab.synthetic --ceiling var/synth_dkt      # the best cold-start AUC reachable (dkt kind)

Both kinds are deterministic by seed and write into --out: train.csv and test.csv in the 3-line format of
`metacore.data.read_three_line` (students split at random, test_fraction of them to test), train_items.csv
and test_items.csv (one line per student, in the same order: the item id of each response), and
params.json (the settings and what was drawn).

(a) "dkt", the synthetic set of Piech et al. 2015 (Deep Knowledge Tracing): n_concepts hidden
    concepts; n_questions questions, each of one concept (uniform) with a difficulty beta_q ~ N(0, 1);
    every student answers the same questions in the same order. Student i has an ability alpha_ic ~ N(0, 1)
    per concept, and
        P(correct on q) = guess + (1 - guess) * sigmoid(alpha_{i,c(q)} - beta_q)
    Students learn as they practise: after question q the ability on its concept grows by the question's gain
    gamma_q ~ N(gain, gain_sd), after a right answer only (learn_when_wrong: after any answer), so that early
    success compounds. The files hold question ids as skill ids (1..n_questions): the concepts stay hidden,
    as in the paper, so item ids are question ids.
(b) "generative", students of `metacore.lab.simulators.GenerativeSimulator` practising items of mixed
    skills: each skill has items_per_skill items with a difficulty d ~ N(0, item_sd) (logit); a student
    practises runs of one skill (a new skill, uniform, with probability switch after each item) for a
    length uniform in min_length..max_length; the answer to an item of skill s is
        u < sigmoid(logit p_correct_s - d)       (item_sd = 0: the simulator's p_correct itself)
    and the simulator learns (and forgets) as it does for any practice of s. Skill ids are the simulator's
    skills + 1; item ids are 1..n_skills * items_per_skill. Every response has its time (train_times.csv,
    test_times.csv: seconds, a line per student): on the simulator's school calendar, the same days for
    every student; with own_schedule (`--own-schedule`), each student keeps their own: they come to a
    school day with their own probability (uniform in attendance..1) and do their own number of items a
    session (1..max_session), so the days between practices, and what is forgotten in them, differ from
    student to student.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from metacore.data import Dataset, from_sequences, read_three_line
from metacore.functional import logit, sigmoid

KINDS = ("dkt", "generative")


# --------------------------------------------------------------------------------------------------
# the files: 3-line responses plus one line of item ids per student


@dataclass
class ItemDataset(Dataset):
    items: np.ndarray | None = None  # (N,) int64 item id of each response; None: the skill is the item

    def subset(self, students) -> "ItemDataset":
        students = np.asarray(list(students), dtype=np.int64)
        base = Dataset.subset(self, students)
        rows = [np.arange(self.offsets[s], self.offsets[s + 1]) for s in students]
        take = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        fields = {f.name: getattr(base, f.name) for f in dataclasses.fields(Dataset)}
        return ItemDataset(**fields, items=None if self.items is None else self.items[take])


def items_of(data: Dataset) -> np.ndarray:
    """(N,) item id of each response: the stored items, else the skills."""
    items = getattr(data, "items", None)
    return data.skills if items is None else items


def write_three_line(data: Dataset, path: Path) -> None:
    lines = []
    for skills, correct in data.sequences():
        lines += [str(len(skills)), ",".join(map(str, skills)), ",".join(str(int(c)) for c in correct)]
    path.write_text("\n".join(lines) + "\n")


def items_path(path: str | Path) -> Path:
    """train.csv(.gz) -> train_items.csv: where the item ids of a 3-line file are, if anywhere."""
    path = Path(path)
    stem = path.name.removesuffix(".gz").removesuffix(".csv")
    return path.with_name(f"{stem}_items.csv")


def write_items(data: ItemDataset, path: Path) -> None:
    lines = [",".join(map(str, data.items[lo:hi])) for lo, hi in zip(data.offsets[:-1], data.offsets[1:])]
    path.write_text("\n".join(lines) + "\n")


def times_path(path: str | Path) -> Path:
    """train.csv(.gz) -> train_times.csv: where the times (seconds) of a 3-line file's responses are, if anywhere."""
    return items_path(path).with_name(items_path(path).name.replace("_items.csv", "_times.csv"))


def write_times(data: Dataset, path: Path) -> None:
    lines = [",".join(f"{x:.0f}" for x in data.times[lo:hi]) for lo, hi in zip(data.offsets[:-1], data.offsets[1:])]
    path.write_text("\n".join(lines) + "\n")


def read_with_items(path: str | Path) -> ItemDataset:
    """A 3-line file and, where they exist beside it, the item ids (`items_path`) and the times in seconds
    (`times_path`) of every response."""
    data = read_three_line(path)
    fields = {f.name: getattr(data, f.name) for f in dataclasses.fields(Dataset)}
    fields["times"] = _sidecar(times_path(path), data, np.float64, path)
    return ItemDataset(**fields, items=_sidecar(items_path(path), data, np.int64, path))


def _sidecar(sidecar: Path, data: Dataset, dtype, source) -> np.ndarray | None:
    """One value per response of `data`, a line per student (None: no such file)."""
    if not sidecar.exists():
        return None
    lines = sidecar.read_text().split("\n")[:data.n_students]
    rows = [np.array([float(x) for x in line.split(",") if x.strip()], dtype=dtype) for line in lines]
    if len(rows) != data.n_students or any(len(r) != n for r, n in zip(rows, data.lengths)):
        raise ValueError(f"{sidecar}: the values do not match the responses of {source}")
    return np.concatenate(rows) if rows else np.zeros(0, dtype=dtype)


# --------------------------------------------------------------------------------------------------
# (a) the DKT paper's kind


@dataclass
class DKTKindConfig:
    n_students: int = 4000
    n_questions: int = 50  # every student answers all of them, in the same order
    n_concepts: int = 5  # hidden
    guess: float = 0.25  # P(correct) floor
    gain: float = 0.45  # mean ability gain (logit) on the concept of a question answered
    gain_sd: float = 0.05  # spread of that gain across questions
    learn_when_wrong: bool = False  # False: a question teaches only when answered right


def dkt_kind(cfg: DKTKindConfig, seed: int) -> tuple[ItemDataset, dict]:
    rng = np.random.default_rng(seed)
    concept = rng.integers(0, cfg.n_concepts, cfg.n_questions)  # (Q,)
    difficulty = rng.normal(0.0, 1.0, cfg.n_questions)  # (Q,)
    gain = rng.normal(cfg.gain, cfg.gain_sd, cfg.n_questions)  # (Q,)
    ability = rng.normal(0.0, 1.0, (cfg.n_students, cfg.n_concepts))  # (B, C)
    answers = np.zeros((cfg.n_students, cfg.n_questions), dtype=np.float32)
    for q in range(cfg.n_questions):
        p = cfg.guess + (1 - cfg.guess) * sigmoid(ability[:, concept[q]] - difficulty[q])
        answers[:, q] = rng.random(cfg.n_students) < p
        ability[:, concept[q]] += gain[q] * (1.0 if cfg.learn_when_wrong else answers[:, q])
    questions = np.arange(1, cfg.n_questions + 1)
    data = from_sequences(((questions, a) for a in answers), n_skills=cfg.n_questions)
    drawn = {"concept_of_question": (concept + 1).tolist(), "difficulty": difficulty.round(4).tolist(),
             "gain": gain.round(4).tolist()}
    return _with_items(data, np.tile(questions, cfg.n_students)), drawn


def dkt_kind_ceiling(folder: str | Path, ks: tuple[int, ...] = (0, 5, 10, 20, 50), samples: int = 400,
                     seed: int = 0) -> dict[str, float | None]:
    """The Bayes-optimal cold-start AUC of a dkt-kind set's test students, per k: the set's own rules and
    questions (params.json), each student's starting ability on each concept inferred from their first k
    answers (posterior on a grid under the N(0, 1) population), the later answers forecast by Monte Carlo
    over `samples` futures. What no tracer can beat (up to Monte Carlo noise); None where no question is left."""
    from metacore.scoring import auc

    params = json.loads((Path(folder) / "params.json").read_text())
    cfg = DKTKindConfig(**params["config"])
    concept = np.array(params["concept_of_question"]) - 1
    difficulty, gain = np.array(params["difficulty"]), np.array(params["gain"])
    test = read_three_line(Path(folder) / "test.csv")
    y = test.correct.reshape(test.n_students, cfg.n_questions)  # (B, Q)
    grid = np.linspace(-5.0, 5.0, 201)  # starting ability (logit)
    rng = np.random.default_rng(seed)
    p_of = lambda a, q: cfg.guess + (1 - cfg.guess) * sigmoid(a - difficulty[q])  # noqa: E731
    out = {}
    for k in ks:
        if k >= cfg.n_questions:
            out[str(k)] = None
            continue
        learned = np.zeros((test.n_students, cfg.n_concepts))  # (B, C) gains of the first k answers
        log_post = np.tile(-grid ** 2 / 2, (test.n_students, cfg.n_concepts, 1))  # (B, C, G)
        for q in range(k):
            c = concept[q]
            p = p_of(grid[None] + learned[:, c:c + 1], q)  # (B, G)
            log_post[:, c] += np.log(np.where(y[:, q:q + 1] > 0.5, p, 1 - p))
            learned[:, c] += gain[q] * (1.0 if cfg.learn_when_wrong else y[:, q])
        post = np.exp(log_post - log_post.max(-1, keepdims=True))
        cdf = np.cumsum(post / post.sum(-1, keepdims=True), -1)
        pick = (rng.random((samples, *cdf.shape[:2], 1)) > cdf[None]).sum(-1).clip(0, len(grid) - 1)
        ability = grid[pick] + learned[None]  # (samples, B, C)
        forecast = np.zeros((test.n_students, cfg.n_questions - k))
        for j, q in enumerate(range(k, cfg.n_questions)):
            p = p_of(ability[:, :, concept[q]], q)  # (samples, B)
            forecast[:, j] = p.mean(0)
            right = rng.random(p.shape) < p
            ability[:, :, concept[q]] += gain[q] * (1.0 if cfg.learn_when_wrong else right)
        out[str(k)] = auc(y[:, k:].ravel(), forecast.ravel())
    return out


# --------------------------------------------------------------------------------------------------
# (b) the generative simulator's kind


@dataclass
class GenerativeKindConfig:
    n_students: int = 2000
    items_per_skill: int = 10
    item_sd: float = 0.5  # spread of item difficulty within a skill (logit); 0: answers from p_correct alone
    switch: float = 0.3  # probability of moving to another skill after each item
    min_length: int = 20  # responses per student, uniform in min_length..max_length
    max_length: int = 160
    own_schedule: bool = False  # each student their own practice days and session length (else the calendar's)
    attendance: float = 0.3  # own_schedule: a student's chance to practise on a school day is uniform in this..1
    max_session: int = 4  # own_schedule: items a session, uniform in 1..this per student


def generative_kind(cfg: GenerativeKindConfig, seed: int) -> tuple[ItemDataset, dict]:
    from metacore.lab.simulators import GenerativeSimulator

    sim = GenerativeSimulator(cfg.n_students, seed=seed)
    rng = np.random.default_rng([seed, 1])
    n_items = sim.n_skills * cfg.items_per_skill
    item_difficulty = rng.normal(0.0, cfg.item_sd, n_items)  # (I,) item i is of skill i // items_per_skill
    lengths = rng.integers(cfg.min_length, cfg.max_length + 1, cfg.n_students)  # (B,)
    rows = np.arange(cfg.n_students)
    skill = rng.integers(0, sim.n_skills, cfg.n_students)  # (B,) 0-based
    skills, items, answers = (np.zeros((cfg.n_students, cfg.max_length), dtype=d)
                              for d in (np.int64, np.int64, np.float32))
    seconds = _own_seconds(sim.calendar, cfg, np.random.default_rng([seed, 2])) if cfg.own_schedule else None
    for t in range(cfg.max_length):
        if t:
            moves = rng.random(cfg.n_students) < cfg.switch
            skill = np.where(moves, rng.integers(0, sim.n_skills, cfg.n_students), skill)
        item = skill * cfg.items_per_skill + rng.integers(0, cfg.items_per_skill, cfg.n_students)  # (B,)
        day = None if seconds is None else seconds[:, t] // 86400.0  # (B,) each student's own day
        p_now = _p_correct_now(sim) if day is None else sim.p_at(sim.memory, day)
        p = sigmoid(logit(p_now[rows, skill]) - item_difficulty[item])
        u = rng.random(cfg.n_students)
        skills[:, t], items[:, t], answers[:, t] = skill + 1, item + 1, u < p
        if day is None:
            sim.step(skill, u)  # learning and forgetting (they do not depend on the answer)
        else:
            sim.memory = sim.advance(sim.memory, skill, day)
    data = from_sequences(((skills[b, :n], answers[b, :n]) for b, n in enumerate(lengths)), n_skills=sim.n_skills)
    data.times = (np.concatenate([_seconds(sim, n) for n in lengths]) if seconds is None
                  else np.concatenate([seconds[b, :n] for b, n in enumerate(lengths)]))
    flat_items = np.concatenate([items[b, :n] for b, n in enumerate(lengths)])
    drawn = {"simulator": sim.params(), "item_difficulty": item_difficulty.round(4).tolist()}
    return _with_items(data, flat_items), drawn


def _seconds(sim, n: int) -> np.ndarray:
    """(n,) the time in seconds of items 0..n-1: on their calendar day (none: one a day), a minute apart."""
    t = np.arange(n)
    calendar = getattr(sim, "calendar", None)
    day = t if calendar is None else calendar.day_of(t)
    return (day * 86400.0 + t * 60.0).astype(np.float64)


def _own_seconds(calendar, cfg: "GenerativeKindConfig", rng: np.random.Generator) -> np.ndarray:
    """(B, max_length) each student's time of each item on their own schedule (see the module doc)."""
    B, T = cfg.n_students, cfg.max_length
    attend = rng.uniform(cfg.attendance, 1.0, B)  # (B,)
    session = rng.integers(1, cfg.max_session + 1, B)  # (B,)
    school_days = int(np.ceil(3 * T / cfg.attendance)) + 10  # far more than the items can fill
    came = rng.random((B, school_days)) < attend[:, None]
    came[:, 0] = True  # everyone starts on the first Monday
    out = np.empty((B, T))
    t = np.arange(T)
    for b in range(B):
        attended = np.flatnonzero(came[b])  # school-day indices, in order
        n = attended[t // session[b]]  # the school day of each item
        day = calendar.day_of(n * calendar.items_per_day)
        out[b] = day * 86400.0 + (t % session[b]) * 600.0
    return out


def _p_correct_now(sim) -> np.ndarray:
    """(B, S) P(correct) of the simulator's next item: on that item's day where the simulator keeps a calendar
    (its `p_correct()` is the day of the last item), else now."""
    calendar = getattr(sim, "calendar", None)
    return sim.p_correct() if calendar is None else sim.p_correct(calendar.day_of(sim.t))


def _with_items(data: Dataset, items: np.ndarray) -> ItemDataset:
    return ItemDataset(**{f.name: getattr(data, f.name) for f in dataclasses.fields(Dataset)}, items=items)


# --------------------------------------------------------------------------------------------------
# the command


def generate(kind: str, seed: int, n_students: int | None = None, n_questions: int | None = None,
             own_schedule: bool = False) -> tuple[ItemDataset, dict]:
    """(all students of a synthetic set, its settings and what was drawn); n_questions: dkt kind only."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; choose from {', '.join(KINDS)}")
    cfg = DKTKindConfig() if kind == "dkt" else GenerativeKindConfig()
    if n_students is not None:
        cfg.n_students = n_students
    if n_questions is not None:
        if kind != "dkt":
            raise ValueError("n_questions is a setting of the dkt kind")
        cfg.n_questions = n_questions
    if own_schedule:
        if kind != "generative":
            raise ValueError("own_schedule is a setting of the generative kind")
        cfg.own_schedule = True
    data, drawn = (dkt_kind if kind == "dkt" else generative_kind)(cfg, seed)
    return data, {"kind": kind, "seed": seed, "config": dataclasses.asdict(cfg), **drawn}


def write_set(out: str | Path, kind: str, seed: int, n_students: int | None = None,
              test_fraction: float = 0.3, n_questions: int | None = None, own_schedule: bool = False) -> dict:
    """Generate a set and write train/test files (students split at random by the seed) into `out`."""
    data, params = generate(kind, seed, n_students, n_questions, own_schedule)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    train, test = data.split(test_fraction, seed=seed)
    for name, part in (("train", train), ("test", test)):
        write_three_line(part, out / f"{name}.csv")
        write_items(part, items_path(out / f"{name}.csv"))
        if part.times is not None:
            write_times(part, times_path(out / f"{name}.csv"))
    params["students"] = {"train": train.n_students, "test": test.n_students}
    params["responses"] = {"train": train.n_interactions, "test": test.n_interactions}
    (out / "params.json").write_text(json.dumps(params, indent=1))
    return params


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m metacore.lab.synthetic", description=__doc__.split("\n\n")[0])
    ap.add_argument("--kind", choices=KINDS)
    ap.add_argument("--out", help="folder for train.csv, test.csv, *_items.csv, params.json")
    ap.add_argument("--ceiling", metavar="DIR", help="print the Bayes-optimal cold-start AUC of a dkt-kind set")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--students", type=int, help="default: 4,000 (dkt), 2,000 (generative)")
    ap.add_argument("--questions", type=int, help="dkt kind: questions per student (default 50; k = 50 needs more)")
    ap.add_argument("--test-fraction", type=float, default=0.3)
    ap.add_argument("--own-schedule", action="store_true",
                    help="generative kind: each student their own practice days and session length")
    a = ap.parse_args(argv)
    if a.ceiling:
        ceiling = dkt_kind_ceiling(a.ceiling)
        print("Bayes-optimal cold-start AUC: " + ", ".join(f"k={k} {v:.4f}" for k, v in ceiling.items() if v))
        return 0
    if not a.kind or not a.out:
        ap.error("give --kind and --out (or --ceiling DIR)")
    params = write_set(a.out, a.kind, a.seed, a.students, a.test_fraction, a.questions, a.own_schedule)
    print(f"{a.kind}: {params['students']['train']} train / {params['students']['test']} test students, "
          f"{params['responses']['train']} / {params['responses']['test']} responses in {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
