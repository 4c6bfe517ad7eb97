"""Data-parallel training: two CPU processes (gloo, launched by torchrun) reach the quality of one."""
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from metacore.data import from_sequences
from metacore.distributed import _gist, load, save_npz, train_parallel
from metacore.train import config_from_dict

ROOT = Path(__file__).resolve().parents[2]
TINY = {"net": {"dim": 8, "hidden": 16, "head_hidden": 16}, "epochs": 4, "patience": 4, "batch_size": 8, "window": 40,
        "burn_in": 5, "max_support": 20, "ema_decay": 0, "device": "cpu", "threads": 1, "seed": 0}


def students(n, seed):
    """Two kinds of students (strong on even skills or on odd ones) who improve with practice."""
    rng = np.random.default_rng(seed)
    out = []
    for s in range(n):
        skills = rng.integers(1, 5, size=30)
        practice = np.zeros(5)
        correct = []
        for k in skills:
            p = 1 / (1 + np.exp(-(-0.5 + (1.5 if k % 2 == s % 2 else -0.5) + 0.3 * practice[k])))
            practice[k] += 1
            correct.append(float(rng.random() < p))
        out.append((skills, correct))
    return from_sequences(out, n_skills=4)


def run(tmp_path, name, processes):
    out = tmp_path / f"{name}.pt"
    command = ["-m", "metacore.distributed", "--train", str(tmp_path / "train.npz"), "--valid",
               str(tmp_path / "valid.npz"), "--out", str(out), "--config", json.dumps(TINY)]
    if processes > 1:
        command = ["-m", "torch.distributed.run", "--standalone", f"--nproc_per_node={processes}"] + command
    done = subprocess.run([sys.executable, *command], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(Path(f"{out}.json").read_text()), done.stdout


def test_it_keeps_scores_and_times_through_npz(tmp_path):
    data = students(5, seed=3)
    data.correct[0] = 0.5
    save_npz(data, tmp_path / "d.npz")
    again = load(str(tmp_path / "d.npz"))
    assert np.array_equal(again.correct, data.correct) and np.array_equal(again.offsets, data.offsets)
    assert again.times is None
    data.times = np.arange(data.n_interactions) * 3600.0
    save_npz(data, tmp_path / "t.npz")
    assert np.array_equal(load(str(tmp_path / "t.npz")).times, data.times)


def test_it_trains_data_parallel_on_two_processes_as_well_as_on_one(tmp_path):
    save_npz(students(160, seed=0), tmp_path / "train.npz")
    save_npz(students(40, seed=1), tmp_path / "valid.npz")
    one, _ = run(tmp_path, "one", 1)
    two, printed = run(tmp_path, "two", 2)
    assert (one["world_size"], two["world_size"]) == (1, 2)
    assert printed.count("PROGRESS ") == len(two["history"])  # the first process alone reports
    assert one["best_valid_auc"] > 0.6 and two["best_valid_auc"] > 0.6
    assert abs(one["best_valid_auc"] - two["best_valid_auc"]) < 0.03


def test_it_says_when_the_processes_fail():
    cause = r"\[rank\d\]: \w*Error"  # a worker's own error, before torchrun's summary
    with pytest.raises(RuntimeError, match=rf"(?s)data-parallel training failed.*{cause}"):
        train_parallel(students(20, seed=0), None, config_from_dict(TINY | {"epochs": 1, "device": "cuda:7"}), 2)


def test_it_keeps_both_ends_of_a_long_error_output():
    errors = "worker: the cause\n" + "x" * 10_000 + "\ntorchrun: summary"
    gist = _gist(errors)
    assert gist.startswith("worker: the cause") and gist.endswith("torchrun: summary") and len(gist) < 5000
    assert _gist("short") == "short"
