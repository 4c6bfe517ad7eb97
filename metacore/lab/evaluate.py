"""Evaluate knowledge tracers on 3-line files: next-response and cold-start AUC, speed and memory.

    python -m metacore.lab.evaluate --train train.csv --test test.csv --models prior,pfa,bkt,dkt --json out.json
    python -m metacore.lab.evaluate --data var/synth_dkt --json out.json   # DIR/train.csv and DIR/test.csv

Item ids, where a set has them, are read from train_items.csv beside train.csv (`metacore.lab.synthetic`). The
per-item prior uses them (without them it is the per-skill prior), and so does ours: each of its P is moved by
its item's offset from its skill (`metacore.item_offsets`). The other baselines read skills only.

Next-response protocol: every response of every test student is predicted from all their earlier
responses (the first from the prior); AUC, accuracy and RMSE pooled over all responses.
Cold start at k: each test student with more than k responses is shown only the first k and the
skills of the later ones, whose answers are then predicted; pooled AUC over those later responses.
Ours forecasts twice: "network" (`cold_start_auc` of metacore: the generated model corrected by the
similar training students, `MetaCoreTracer.forecast`) and "explicit" (`cold_start_explicit_auc`: the plain
ExplicitModel generated from the first k responses, `ExplicitModel.forecast`, the model plans are made
from). `cold_start_summary` puts both beside the best baseline at each k, with the margins;
`cold_start_auc_by_horizon` splits each k's AUC by how far after the k-th response; `--rollout` adds a
diagnostic forecast of our network without its explicit model (`rollout_forecast`).
"""
from __future__ import annotations

import argparse
import copy
import dataclasses
import json
import os
import resource
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from metacore.data import Dataset, row_positions
from metacore.lab.synthetic import read_with_items
from metacore.scoring import auc, scores

MODELS = ("prior", "item_prior", "pfa", "bkt", "dkt", "metacore", "metacore_no_similarity")
OURS = ("metacore", "metacore_no_similarity")
DEFAULT_MODELS = tuple(m for m in MODELS if m != "metacore_no_similarity")  # metacore reports the plain model too
COLD_KS = (0, 5, 10, 20, 50)
ROLLOUT_SWEEPS = 8  # of the diagnostic rollout forecast (`rollout_forecast`)
HORIZONS = ((1, 5), (6, 20), (21, 50), (51, None))  # responses after the k-th, for the AUC by horizon


@dataclass
class EvalConfig:
    train: str  # 3-line file of training students
    test: str  # 3-line file of test students (never trained on)
    valid: str | None = None  # 3-line file for early stopping; None: 10% of train students (seeded)
    models: list[str] = field(default_factory=lambda: list(DEFAULT_MODELS))
    epochs: int | None = None  # None: each model's own default
    seed: int = 0
    device: str = "cpu"
    skills_count: int | None = None  # None: the largest skill id in the files
    json: str | None = None  # where to write the results
    valid_fraction: float = 0.1
    cold_ks: tuple[int, ...] = COLD_KS
    threads: int | None = None  # torch CPU threads; None: torch's default
    rollout: bool = False  # also the diagnostic forecast of our network rolled on without its explicit model
    ours: dict = field(default_factory=dict)  # settings of ours (NetConfig or TrainConfig) that differ from the defaults


def make_model(name: str, epochs: int | None, seed: int, device: str, ours: dict | None = None):
    """A fresh tracer by name (the MetaCore ones are imported only when asked for); ours: settings of ours
    (NetConfig or TrainConfig) that differ from the defaults."""
    from metacore.lab.baselines import BKT, DKT, PFA, ItemPrior, SkillPrior

    if name == "prior":
        return SkillPrior()
    if name == "item_prior":
        return ItemPrior()
    if name == "pfa":
        return PFA()
    if name == "bkt":
        return BKT()
    if name == "dkt":
        return DKT(epochs=epochs, seed=seed, device=device)
    if name in ("metacore", "metacore_no_similarity"):
        from metacore.lab.tracer import MetaCoreTracer, default_config

        return MetaCoreTracer(use_similarity=name == "metacore", epochs=epochs, seed=seed, device=device,
                              config=default_config(**(ours or {})))
    raise ValueError(f"unknown model {name!r}; choose from {', '.join(MODELS)}")


def _rss_mb() -> float:
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


class PeakRSS:
    """Largest resident memory (MiB) of this process while the block runs, sampled every `every` s."""

    def __init__(self, every: float = 0.02):
        self.every, self.peak = every, 0.0
        self._stop = threading.Event()

    def _watch(self) -> None:
        while not self._stop.wait(self.every):
            self.peak = max(self.peak, _rss_mb())

    def __enter__(self) -> "PeakRSS":
        self.peak = _rss_mb()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _rss_mb())


def read_all(cfg: EvalConfig) -> tuple[Dataset, Dataset, Dataset]:
    """(train, valid, test) on a common skill range."""
    train, test = read_with_items(cfg.train), read_with_items(cfg.test)
    valid = read_with_items(cfg.valid) if cfg.valid else None
    n_skills = cfg.skills_count or max(d.n_skills for d in (train, test, valid) if d is not None)
    train, test = (dataclasses.replace(d, n_skills=n_skills) for d in (train, test))
    if valid is None:
        train, valid = train.split(cfg.valid_fraction, seed=cfg.seed)
    else:
        valid = dataclasses.replace(valid, n_skills=n_skills)
    return train, valid, test


def cold_start(forecast, test: Dataset, ks: tuple[int, ...]) -> tuple[dict[str, float], dict[str, int], dict]:
    """Pooled AUC of the responses after the first k, per k, how many responses each pooled, and the AUC by
    horizon (responses 1-5, 6-20, ... after the k-th) per k (forecast(data, k) -> (N,) as
    `KnowledgeTracer.forecast`; no student longer than k: NaN of 0)."""
    aucs, counts, by_horizon = {}, {}, {}
    for k in ks:
        students = np.flatnonzero(test.lengths > k)
        if len(students) == 0:
            aucs[str(k)], counts[str(k)], by_horizon[str(k)] = float("nan"), 0, {}
            continue
        sub = test.subset(students)
        ahead = row_positions(sub) - k + 1  # 1: the first response after the k seen
        later = ahead >= 1
        p = np.asarray(forecast(sub, k), dtype=np.float64)
        aucs[str(k)] = auc(sub.correct[later], p[later])
        counts[str(k)] = int(later.sum())
        by_horizon[str(k)] = {f"{lo}-{hi}" if hi else f"{lo}+": auc(sub.correct[band], p[band])
                              for lo, hi in HORIZONS
                              if (band := (ahead >= lo) & (ahead <= (hi or ahead.max()))).any()}
    return aucs, counts, by_horizon


def explicit_forecast(tracer):
    """The forecast of the plain generated ExplicitModel (no correction by similar students) of a MetaCoreTracer."""
    plain = copy.copy(tracer)
    plain.use_similarity = False
    return plain.forecast


def rollout_forecast(tracer, sweeps: int = ROLLOUT_SWEEPS):
    """A diagnostic forecast of a MetaCoreTracer without its explicit model: the network's next-response
    prediction with every answer after the k-th replaced by the expected one (as DKT forecasts). Solved by
    sweeps of teacher forcing from the explicit forecast: sweep n makes the first n forecast responses exact
    (the state after an expected answer mixes the right and wrong embeddings), the later ones approximate."""
    from metacore.train import predict_next

    def forecast(data: Dataset, k: int) -> np.ndarray:
        later = row_positions(data) >= k
        expected = data.correct.copy()
        p = explicit_forecast(tracer)(data, k)
        for _ in range(sweeps):
            expected[later] = p[later]
            p = predict_next(tracer.net, dataclasses.replace(data, correct=expected))
        return np.where(later, p, np.nan)

    return forecast


def evaluate_model(name: str, cfg: EvalConfig, train: Dataset, valid: Dataset, test: Dataset) -> dict:
    import torch

    np.random.seed(cfg.seed)
    torch.manual_seed(cfg.seed)
    with PeakRSS() as rss:
        model = make_model(name, cfg.epochs, cfg.seed, cfg.device, cfg.ours)
        t0 = time.perf_counter()
        model.fit(train, valid)
        train_seconds = time.perf_counter() - t0
        t0 = time.perf_counter()
        result = scores(test.correct, model.predict_next(test))
        predict_seconds = time.perf_counter() - t0
        cold, cold_n, result["cold_start_auc_by_horizon"] = cold_start(model.forecast, test, cfg.cold_ks)
        if name in OURS:
            explicit, _, result["cold_start_explicit_auc_by_horizon"] = cold_start(
                explicit_forecast(model), test, cfg.cold_ks)
            result["cold_start_explicit_auc"] = explicit
            if cfg.rollout:
                result["cold_start_rollout_auc"], _, result["cold_start_rollout_auc_by_horizon"] = cold_start(
                    rollout_forecast(model), test, cfg.cold_ks)
    epochs_run = model.epochs_run or 1
    result.update({
        "cold_start_auc": cold,
        "cold_start_responses": cold_n,
        "train_seconds": train_seconds,
        "predict_seconds": predict_seconds,
        "epochs_run": model.epochs_run,
        "interactions_per_second": train.n_interactions * epochs_run / max(train_seconds, 1e-9),
        "peak_rss_mb": rss.peak,
    })
    return result


def _fmt(x) -> str:
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return "-"
    return f"{x:.4f}" if isinstance(x, float) else str(x)


def table(results: dict[str, dict], ks: tuple[int, ...]) -> str:
    head = ["model", "auc", "acc", "rmse"] + [f"cold{k}" for k in ks] + ["train_s", "inter/s", "rss_MB"]
    rows = [head]
    for name, r in results.items():
        rows.append([name, _fmt(r["auc"]), _fmt(r["acc"]), _fmt(r["rmse"])]
                    + [_fmt(r["cold_start_auc"][str(k)]) for k in ks]
                    + [f"{r['train_seconds']:.1f}", f"{r['interactions_per_second']:.0f}", f"{r['peak_rss_mb']:.0f}"])
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    return "\n".join("  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths)))
                     for row in rows)


def _number(x) -> float | None:
    return None if x is None or np.isnan(x) else float(x)


def cold_start_summary(models: dict[str, dict], ks: tuple[int, ...]) -> dict[str, dict]:
    """Per k: the best baseline (every model but ours) and ours, network and explicit, with the margins
    (ours minus the best baseline; None where something is missing)."""
    ours = next((n for n in OURS if n in models), None)
    out = {}
    for k in map(str, ks):
        aucs = {n: r["cold_start_auc"][k] for n, r in models.items()
                if n not in OURS and _number(r["cold_start_auc"][k]) is not None}
        best = max(aucs, key=aucs.get) if aucs else None
        row = {"best_baseline": best, "best_baseline_auc": aucs.get(best)}
        if ours is not None:
            network = _number(models[ours]["cold_start_auc"][k])
            explicit = _number(models[ours].get("cold_start_explicit_auc", models[ours]["cold_start_auc"])[k])
            for key, value in (("network", network), ("explicit", explicit)):
                row[key] = value
                row[f"margin_{key}"] = None if value is None or best is None else value - aucs[best]
        out[k] = row
    return out


def cold_table(doc: dict, ks: tuple[int, ...]) -> str:
    """Cold-start AUC per k: every model (ours twice), the best baseline and our margins over it."""
    ks = [str(k) for k in ks]
    rows = [["cold start AUC"] + [f"k={k}" for k in ks]]
    for name, r in doc["models"].items():
        rows.append([name] + [_fmt(r["cold_start_auc"][k]) for k in ks])
        for kind in ("explicit", "rollout"):
            if f"cold_start_{kind}_auc" in r:
                rows.append([f"{name} ({kind})"] + [_fmt(r[f"cold_start_{kind}_auc"][k]) for k in ks])
    summary = doc["cold_start_summary"]
    rows.append(["best baseline"] + [f"{_fmt(summary[k]['best_baseline_auc'])} {summary[k]['best_baseline'] or ''}"
                                     for k in ks])
    for key in ("network", "explicit"):
        rows.append([f"margin {key}"] + [_signed(summary[k].get(f"margin_{key}")) for k in ks])
    rows.append(["responses"] + [str(next(iter(doc["models"].values()))["cold_start_responses"][k])
                                 if doc["models"] else "-" for k in ks])
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths)))
                     for row in rows)


def _signed(x) -> str:
    return "-" if x is None else f"{x:+.4f}"


def run(cfg: EvalConfig) -> dict:
    start = time.perf_counter()
    if cfg.threads:
        import torch

        torch.set_num_threads(cfg.threads)
    train, valid, test = read_all(cfg)
    doc = {
        "dataset": {
            "train": str(cfg.train), "valid": cfg.valid, "test": str(cfg.test), "n_skills": train.n_skills,
            "valid_split": None if cfg.valid else f"{cfg.valid_fraction:.0%} of train students, seed {cfg.seed}",
            "students": {"train": train.n_students, "valid": valid.n_students, "test": test.n_students},
            "interactions": {"train": train.n_interactions, "valid": valid.n_interactions,
                             "test": test.n_interactions},
        },
        "seed": cfg.seed, "device": cfg.device, "epochs": cfg.epochs, "models": {}, "errors": {},
    }
    for name in cfg.models:
        print(f"[{name}] training...", file=sys.stderr, flush=True)
        try:
            doc["models"][name] = evaluate_model(name, cfg, train, valid, test)
        except Exception as err:  # one broken model must not lose the others' results
            doc["errors"][name] = f"{type(err).__name__}: {err}"
            print(f"[{name}] failed: {doc['errors'][name]}", file=sys.stderr, flush=True)
        doc["cold_start_summary"] = cold_start_summary(doc["models"], cfg.cold_ks)
        doc["wall_seconds"] = time.perf_counter() - start
        if cfg.json:  # written after every model, so a run cut short keeps what it finished
            Path(cfg.json).parent.mkdir(parents=True, exist_ok=True)
            Path(cfg.json).write_text(json.dumps(doc, indent=2))
    doc["cold_start_summary"] = cold_start_summary(doc["models"], cfg.cold_ks)
    doc["wall_seconds"] = time.perf_counter() - start
    if cfg.json:
        Path(cfg.json).write_text(json.dumps(doc, indent=2))
    return doc


def parse_args(argv: list[str] | None = None) -> EvalConfig:
    ap = argparse.ArgumentParser(prog="python -m metacore.lab.evaluate", description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", help="a folder with train.csv(.gz) and test.csv(.gz), instead of --train and --test")
    ap.add_argument("--train")
    ap.add_argument("--test")
    ap.add_argument("--valid")
    ap.add_argument("--models", default=",".join(DEFAULT_MODELS), help="comma-separated: " + ",".join(MODELS))
    ap.add_argument("--epochs", type=int)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--skills-count", type=int)
    ap.add_argument("--threads", type=int)
    ap.add_argument("--json")
    ap.add_argument("--rollout", action="store_true", help="also our network's forecast rolled on without its "
                                                            "explicit model (a diagnostic; slower)")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=NUMBER", dest="ours",
                    help="a setting of ours (NetConfig or TrainConfig), e.g. --set cross_rank=4; repeatable")
    a = ap.parse_args(argv)
    if a.data:
        a.train, a.test = (a.train or _in_folder(a.data, "train"), a.test or _in_folder(a.data, "test"))
    if not a.train or not a.test:
        ap.error("give --data DIR, or --train and --test")
    models = [m.strip() for m in a.models.split(",") if m.strip()]
    unknown = [m for m in models if m not in MODELS]
    if unknown:
        ap.error(f"unknown model(s) {', '.join(unknown)}; choose from {', '.join(MODELS)}")
    return EvalConfig(train=a.train, test=a.test, valid=a.valid, models=models, epochs=a.epochs, seed=a.seed,
                      device=a.device, skills_count=a.skills_count, json=a.json, threads=a.threads,
                      rollout=a.rollout, ours=_number_settings(ap, a.ours))


def _number_settings(ap: argparse.ArgumentParser, pairs: list[str]) -> dict[str, int | float]:
    try:
        return {key: float(value) if "." in value or "e" in value else int(value)
                for key, value in (pair.split("=", 1) for pair in pairs)}
    except ValueError:
        ap.error(f"--set takes KEY=NUMBER, not {' '.join(pairs)}")


def _in_folder(folder: str, name: str) -> str:
    """DIR/name.csv, or DIR/name.csv.gz where only that exists."""
    plain = Path(folder) / f"{name}.csv"
    return str(plain if plain.exists() or not plain.with_name(f"{name}.csv.gz").exists()
               else plain.with_name(f"{name}.csv.gz"))


def main(argv: list[str] | None = None) -> int:
    cfg = parse_args(argv)
    doc = run(cfg)
    print(table(doc["models"], cfg.cold_ks))
    print()
    print(cold_table(doc, cfg.cold_ks))
    for name, err in doc["errors"].items():
        print(f"{name}: {err}")
    print(f"wall {doc['wall_seconds']:.1f}s" + (f"; results in {cfg.json}" if cfg.json else ""))
    return 1 if doc["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
