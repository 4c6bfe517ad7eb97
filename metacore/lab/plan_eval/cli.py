"""The command line: python -m metacore.lab.plan_eval [--ceilings] --json OUT (see the package doc)."""
from __future__ import annotations

import argparse
import json
import time
from dataclasses import asdict, replace
from pathlib import Path

import metacore.lab.plan_eval as package
from metacore.data import read_three_line
from metacore.lab.plan_eval.ceilings import ceilings
from metacore.lab.plan_eval.harness import RETENTION_DAYS, run_simulator
from metacore.lab.plan_eval.generated import generator_config
from metacore.lab.plan_eval.policies import OURS, POLICIES
from metacore.lab.plan_eval.setups import ASSIST, dkt_setup, generative_setup, with_skills
from metacore.lab.plan_eval.speed import planner_speed
from metacore.lab.simulators import Calendar, DKTSimConfig, train_dkt
from metacore.planner import PlanConfig


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(prog="python -m metacore.lab.plan_eval", description=package.__doc__.split("\n")[0])
    ap.add_argument("--students", type=int, default=500, help="simulated students per simulator")
    ap.add_argument("--steps", type=int, default=50, help="practice items per student")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--simulators", default="generative,dkt")
    ap.add_argument("--dkt-train", default=ASSIST, help="3-line training data of the DKT simulator")
    ap.add_argument("--dkt-prefixes", default=None,
                    help="3-line data whose students' prefixes start the simulated students (default: the test "
                         "file beside --dkt-train: test.csv or test.csv.gz)")
    ap.add_argument("--dkt-cache", default="var/plan_eval", help="folder caching the trained DKT ('' = none)")
    ap.add_argument("--dkt-epochs", type=int, default=None)
    ap.add_argument("--dkt-hidden", type=int, default=None)
    ap.add_argument("--bench-students", type=int, default=10_000)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--items-per-day", type=int, default=Calendar.items_per_day,
                    help="practice items per school day (the calendar: weekends and a two-week holiday free)")
    ap.add_argument("--ceilings", action="store_true", help="also grade the privileged ceiling_* policies that "
                                                             "read the simulator itself (see `ceilings`)")
    ap.add_argument("--generator-seconds", type=float, default=900.0,
                    help="training time cap of metacore's network for ours_generated and ours_network (0: neither)")
    ap.add_argument("--generator-students", type=int, default=10_000,
                    help="generative simulator: students practising at random that the network is trained on")
    ap.add_argument("--json", default=None, help="write the results here")
    args = ap.parse_args(argv)
    import torch
    torch.set_num_threads(args.threads)
    t_start = time.time()
    config = PlanConfig()
    calendar = Calendar(items_per_day=args.items_per_day)
    result = {"protocol": {"students": args.students, "steps": args.steps, "seed": args.seed,
                           "band": list(config.band), "policies": list(POLICIES), "planner": asdict(config),
                           "calendar": asdict(calendar), "last_day": calendar.day_of(args.steps - 1),
                           "retention_days": RETENTION_DAYS},
              }
    generator = generator_config(args.generator_seconds, args.seed) if args.generator_seconds > 0 else None
    cache = args.dkt_cache or None
    speed_src = None
    for name in [s for s in args.simulators.split(",") if s]:
        t0 = time.time()
        if name == "generative":
            population = generative_setup(args.students, args.seed, steps=args.steps, calendar=calendar, cache=cache,
                                          generator=generator, generator_students=args.generator_students)
            res = run_simulator(population, args.steps, args.seed, config,
                                extra=ceilings(population.sim, args.steps) if args.ceilings else None)
            res["params"] = dict(population.params)
        elif name == "dkt":
            dc = DKTSimConfig()
            if args.dkt_epochs is not None:
                dc.epochs = args.dkt_epochs
            if args.dkt_hidden is not None:
                dc.hidden = args.dkt_hidden
            population = dkt_setup(args.students, args.seed, args.dkt_train, args.dkt_prefixes, cache, dc,
                                   calendar=calendar, generator=generator)
            params, extra = dict(population.params), None
            if args.ceilings:  # the second DKT: the same data, another seed and size
                second = replace(dc, seed=dc.seed + 1, hidden=dc.hidden * 3 // 2, emb=dc.emb * 3 // 2)
                train = with_skills(read_three_line(args.dkt_train), population.sim.n_skills)
                extra = ceilings(population.sim, args.steps, train_dkt(train, second, cache=cache))
                params["second_dkt"] = asdict(second)
            res = run_simulator(population, args.steps, args.seed, config, extra=extra)
            res["params"] = params
        else:
            raise SystemExit(f"unknown simulator {name!r}")
        res["ceilings"] = {k: res.pop(k) for k in list(res) if k.startswith("ceiling_")}  # apart from the policies
        res["seconds"] = time.time() - t0
        result[name] = res
        if speed_src is None or name == "dkt":
            speed_src = population
    if speed_src is not None:
        result.update(planner_speed(speed_src, config, args.bench_students, args.seed))
    result["wall_seconds"] = time.time() - t_start
    text = json.dumps(result, indent=1, default=float)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(text)
    print(f"policy: gain [95% CI], in band, retention {RETENTION_DAYS} days after the last item [95% CI]")
    for k, v in result.items():
        if isinstance(v, dict) and "ours" in v:
            print(k)
            for p, r in {**v, **v["ceilings"]}.items():
                if isinstance(r, dict) and "gain_ci95" in r:
                    print(f"  {p}: {r['gain']:.4f} {_rounded(r['gain_ci95'])} {r['in_band']:.3f} "
                          f"{r['retention']:.4f} {_rounded(r['retention_ci95'])}")
            for m in [f"{mine}_{what}" for mine in OURS if mine in v for what in ("vs_best_other", "retention_vs")]:
                print(f"  {m}: {json.dumps(_rounded(v.get(m)))}")
    print({k: result.get(k) for k in ("plan_ms_one_student", "plans_10k_seconds", "estimate_ms_one_student",
                                      "estimates_10k_seconds", "wall_seconds")})
    return result



def _rounded(x):
    """x with every float rounded to 4 decimals (lists and dicts followed)."""
    if isinstance(x, dict):
        return {k: _rounded(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_rounded(v) for v in x]
    return round(x, 4) if isinstance(x, float) else x
