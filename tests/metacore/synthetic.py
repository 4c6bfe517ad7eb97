"""A small seeded synthetic data set and the tiny training settings of the metacore tests (Django-free, so it is
apart from tests/fixtures.py)."""
import dataclasses

import numpy as np

from metacore.data import from_sequences
from metacore.generator import NetConfig

# TrainConfig(**TINY): a network and a training small enough for a test
TINY = dict(net=NetConfig(dim=8, hidden=12, head_hidden=10), epochs=2, batch_size=8, window=12, burn_in=4,
            device="cpu", threads=1)


def synthetic(n_students=40, n_skills=6, seed=0, min_len=3, max_len=30):
    rng = np.random.default_rng(seed)
    difficulty = rng.normal(0, 1, n_skills + 1)
    seqs = []
    for _ in range(n_students):
        ability = rng.normal(0, 1)
        n = int(rng.integers(min_len, max_len + 1))
        skills = rng.integers(1, n_skills + 1, n)
        counts = np.zeros(n_skills + 1)
        correct = []
        for s in skills:
            p = 1 / (1 + np.exp(-(ability - difficulty[s] + 0.5 * np.log1p(counts[s]))))
            correct.append(int(rng.random() < p))
            counts[s] += 1
        seqs.append((skills, correct))
    return from_sequences(seqs, n_skills=n_skills)


def with_times(data, seed=0, max_gap_days=10.0):
    """`data` with a time for every response: each student's responses a random 0..max_gap_days days apart."""
    rng = np.random.default_rng([seed, 7])
    gaps = rng.uniform(0.0, max_gap_days, data.n_interactions) * 86400.0
    times = np.empty(data.n_interactions)
    for lo, hi in zip(data.offsets[:-1], data.offsets[1:]):
        times[lo:hi] = 1.7e9 + np.cumsum(gaps[lo:hi])
    data.times = times
    return data


def with_items(data, items):
    """`data` as a set whose responses carry these item ids (`metacore.lab.synthetic.ItemDataset`)."""
    from metacore.lab.synthetic import ItemDataset

    fields = {f.name: getattr(data, f.name) for f in dataclasses.fields(data)}
    return ItemDataset(**fields, items=np.asarray(items))
