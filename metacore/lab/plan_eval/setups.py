"""The two simulators' populations: generative students, and a DKT trained on real data."""
from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import numpy as np

from metacore.data import Dataset, from_sequences, read_three_line
from metacore.lab.plan_eval.forgetting import ForgettingConfig, fit_forgetting
from metacore.lab.plan_eval.generated import neighbour_pool, train_generator, with_calendar_times
from metacore.lab.plan_eval.population import Population, fit_transfer
from metacore.online_estimate import fit_online_prior, prior_arrays
from metacore.lab.simulators import (Calendar, DKTSimConfig, DKTSimulator, GenerativeConfig, GenerativeSimulator,
                                     draw_goals, train_dkt)
from metacore.prerequisites import PrerequisiteConfig, as_dag, suggest_prerequisites
from metacore.train import TrainConfig

ASSIST = str(Path(__file__).resolve().parents[3] / "learners" / "data" / "assist2009" / "train.csv.gz")  # shipped copy


def practised_at_random(sim: GenerativeSimulator, steps: int, rng: np.random.Generator
                        ) -> tuple[np.ndarray, np.ndarray]:
    """(skills, answers) each (steps, N): sim's N students practising `steps` uniformly random skills."""
    skills = rng.integers(0, sim.n_skills, (steps, sim.n_students))
    answers = np.stack([sim.step(skills[t], rng.random(sim.n_students)) for t in range(steps)])
    return skills, answers


def as_dataset(skills: np.ndarray, answers: np.ndarray, n_skills: int) -> Dataset:
    """The Dataset of `practised_at_random`'s (skills, answers), each (steps, N): one student per column."""
    return from_sequences(((skills[:, b] + 1, answers[:, b]) for b in range(skills.shape[1])), n_skills=n_skills)


def generative_setup(n_students: int, seed: int, config: GenerativeConfig | None = None,
                     calibration_students: int = 1000, steps: int = 50, transfer: bool = True,
                     cache: str | None = None, calendar: Calendar | None = None, forgetting: bool = True,
                     generator: TrainConfig | None = None, generator_students: int = 10_000) -> Population:
    """Generative students on `calendar`; what is known of their population comes from separately seeded
    students practising at random on the same calendar (forgetting: also the forgetting constants of ours'
    estimate, `fit_forgetting`). generator: metacore's network is trained so (`train_generator`, cached in
    `cache`) on `generator_students` more such students, their answers dated on the calendar (None: none)."""
    config = config or GenerativeConfig()
    cal = GenerativeSimulator(calibration_students, seed=seed + 100_003, config=config, calendar=calendar)
    skills, answers = practised_at_random(cal, steps, np.random.default_rng(seed + 7))
    data = as_dataset(skills, answers, cal.n_skills)
    p0, g0, ability_var = prior_arrays(fit_online_prior(data))  # the estimator's prior, from the calibration students
    sim = GenerativeSimulator(n_students, seed=seed, config=config, calendar=calendar)
    fitted = (fit_forgetting(skills.T, answers.T, cal.calendar.day_of(np.arange(steps)), p0, g0, ability_var)[0]
              if forgetting else None)
    net = prior = pool = None
    if generator is not None:
        more = GenerativeSimulator(generator_students, seed=seed + 200_003, config=config, calendar=calendar)
        g_skills, g_answers = practised_at_random(more, steps, np.random.default_rng(seed + 8))
        g_data = with_calendar_times(as_dataset(g_skills, g_answers, more.n_skills),
                                     more.calendar.day_of(np.arange(steps)))
        net, prior = train_generator(g_data, generator, cache)
        pool = neighbour_pool(net, g_data)
    return Population(sim=sim, p0=p0, g0=g0, ability_var=ability_var,
                      cross=fit_transfer(data, cache=cache) if transfer else None, forgetting=fitted, generator=net,
                      generator_prior=prior, neighbour_pool=pool,
                      params={**sim.params(), "ability_var": ability_var,
                              "estimate_forgetting": None if fitted is None else asdict(fitted),
                              "generator": None if generator is None else {**asdict(generator),
                                                                           "students": generator_students}})


def with_skills(data: Dataset, n_skills: int) -> Dataset:
    """The same responses over a vocabulary of n_skills (>= data.n_skills) skills."""
    return Dataset(data.skills, data.correct, data.offsets, n_skills, data.student_ids)


def held_out_beside(train_path: str) -> str:
    """The test file beside a training file (train.csv -> test.csv, train.csv.gz -> test.csv.gz), so the DKT
    simulator's students start from histories its network never saw; the training file itself when there is
    none."""
    train = Path(train_path)
    beside = train.with_name(train.name.replace("train", "test", 1))
    return str(beside) if beside != train and beside.exists() else train_path


def dkt_setup(n_students: int, seed: int, train_path: str, prefix_path: str | None = None,
              cache: str | None = "var/plan_eval", dkt_config: DKTSimConfig | None = None, n_goals: int = 3,
              min_goal_responses: int = 1000, prefix_len: int = 30, min_prefix: int = 10, verbose: bool = False,
              transfer: bool = True, calendar: Calendar | None = None, forgetting: bool = True,
              calibration_students: int = 300, steps: int = 50, generator: TrainConfig | None = None) -> Population:
    """A DKT trained on real data as the students, each starting from a real student's prefix. Goals: n_goals
    skills per student among those with at least min_goal_responses training responses; prefixes: the first
    prefix_len answers of real students (from prefix_path, default the test file beside train_path, see
    `held_out_beside`) with >= min_prefix answers; graph: the 60 best data-suggested prerequisite links
    (metacore.prerequisites) that form a DAG. forgetting: the forgetting constants of ours' estimate are fitted
    (`fit_forgetting`) on `calibration_students` other simulated students (other prefixes, another seed)
    practising `steps` items at random among the goal pool on the same calendar: real data carries no days.
    generator: metacore's network is trained so (`train_generator`, cached in `cache`) on the DKT's own training
    data (None: none)."""
    train = read_three_line(train_path)
    if prefix_path is None:
        prefix_path = held_out_beside(train_path)
    pool_data = read_three_line(prefix_path)
    n_skills = max(train.n_skills, pool_data.n_skills)
    train = with_skills(train, n_skills)
    net = train_dkt(train, dkt_config, cache=cache, verbose=verbose)
    rng = np.random.default_rng(seed)
    ok = np.flatnonzero(pool_data.lengths >= min(min_prefix, int(pool_data.lengths.max())))
    chosen = rng.choice(ok, size=n_students, replace=n_students > len(ok))
    prefixes = prefixes_of(pool_data, chosen, prefix_len, n_skills)
    counts = np.bincount(train.skills, minlength=n_skills + 1)[1:]
    pool = np.flatnonzero(counts >= min_goal_responses)
    if len(pool) < n_goals:
        pool = np.argsort(-counts)[:max(n_goals, 1)]
    goals = draw_goals(rng, n_students, pool, n_skills, n_goals)
    sugg = suggest_prerequisites(train, PrerequisiteConfig(min_support=min(50, max(2, train.n_students // 10)),
                                                           min_group=min(10, max(1, train.n_students // 20))))
    edges = as_dag(sugg, top=60) - 1
    p0, g0, ability_var = prior_arrays(fit_online_prior(train))
    sim = DKTSimulator(net, prefixes, goals, edges, calendar=calendar)
    fitted = None
    if forgetting:
        cal_rng = np.random.default_rng(seed + 100_003)
        students = cal_rng.choice(ok, size=calibration_students, replace=calibration_students > len(ok))
        cal = DKTSimulator(net, prefixes_of(pool_data, students, prefix_len, n_skills),
                           np.zeros((calibration_students, n_skills), dtype=bool), edges, calendar=sim.calendar)
        fitted = dkt_forgetting(cal, pool, steps, cal_rng, p0, g0, ability_var)
    cross = fit_transfer(train, cache=cache) if transfer else None
    params = {"ability_var": ability_var, "kind": "dkt", "train": train_path, "prefixes": prefix_path,
              "n_goals": n_goals, "goal_pool_size": int(len(pool)), "prefix_len": prefix_len,
              "n_edges": int(len(edges)), "dkt": asdict(dkt_config or DKTSimConfig()),
              "calendar": asdict(sim.calendar), "forgetting": asdict(sim.forgetting),
              "estimate_forgetting": None if fitted is None else asdict(fitted),
              "generator": None if generator is None else asdict(generator)}
    net, prior = (None, None) if generator is None else train_generator(train, generator, cache)
    return Population(sim=sim, p0=p0, g0=g0, ability_var=ability_var, cross=cross, history=prefixes, params=params,
                      forgetting=fitted, generator=net, generator_prior=prior,
                      neighbour_pool=None if net is None else neighbour_pool(net, train))


def dkt_forgetting(cal: DKTSimulator, pool: np.ndarray, steps: int, rng: np.random.Generator, p0: np.ndarray,
                   g0: np.ndarray, ability_var: float) -> ForgettingConfig:
    """The forgetting constants of ours' estimate (`fit_forgetting`) from the calibration students `cal`, who
    practise `steps` items at random among the skills `pool` on its calendar after their own prefixes."""
    skills = pool[rng.integers(0, len(pool), (cal.n_students, steps))]
    answers = np.stack([cal.step(skills[:, t], rng.random(cal.n_students)) for t in range(steps)], 1)
    return fit_forgetting(skills, answers, cal.calendar.day_of(np.arange(steps)), p0, g0, ability_var,
                          history=cal.prefixes)[0]


def prefixes_of(data: Dataset, students: np.ndarray, prefix_len: int, n_skills: int) -> Dataset:
    """The first prefix_len answers of each of `students` of `data`, over n_skills skills."""
    return from_sequences(((data.student(b)[0][:prefix_len], data.student(b)[1][:prefix_len]) for b in students),
                          n_skills=n_skills)
