import json
import subprocess
import sys
from pathlib import Path

import pytest

from metacore.lab.plan_eval.policies import OURS, POLICIES
from tests.metacore.synthetic import synthetic

ROOT = Path(__file__).resolve().parents[4]


def write_three_line(path, data):
    with open(path, "w") as f:
        for skills, correct in data.sequences():
            f.write(f"{len(skills)}\n{','.join(map(str, skills))}\n{','.join(str(int(c)) for c in correct)}\n")


def test_it_grades_every_policy_on_both_simulators_from_the_command_line(tmp_path):
    train = tmp_path / "train.csv"
    write_three_line(train, synthetic(n_students=60, n_skills=6, seed=0, min_len=10, max_len=30))
    out = tmp_path / "out.json"
    done = subprocess.run([sys.executable, "-m", "metacore.lab.plan_eval", "--students", "20", "--steps", "10",
                           "--seed", "1", "--dkt-train", str(train), "--dkt-epochs", "1", "--dkt-hidden", "8",
                           "--dkt-cache", "", "--bench-students", "200", "--generator-students", "60",
                           "--generator-seconds", "2", "--ceilings", "--json", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    doc = json.loads(out.read_text())
    assert doc["plan_ms_one_student"] > doc["planner_ms_one_student"] > 0 and doc["estimate_ms_one_student"] > 0
    assert doc["plans_10k_seconds"] == pytest.approx(doc["estimates_10k_seconds"] + doc["planner_10k_seconds"])
    for sim in ("generative", "dkt"):
        for policy in POLICIES:
            r = doc[sim][policy]
            assert set(r) >= {"gain", "gain_ci95", "in_band"}
            lo, hi = r["gain_ci95"]
            assert lo <= r["gain"] + 1e-9 and r["gain"] <= hi + 1e-9 and 0 <= r["in_band"] <= 1
        assert doc[sim]["random"]["pre"] == doc[sim]["ours"]["pre"]  # the same students for every policy
        for mine in OURS:  # each of ours against the best policy that is not ours
            assert doc[sim][f"{mine}_vs_best_other"]["best_other"] in set(POLICIES) - set(OURS)
        assert doc[sim]["params"]["generator"]["max_seconds"] == 2
        assert {"ceiling_ours_true_state", "ceiling_simulator_lookahead"} <= set(doc[sim]["ceilings"])
        assert not any(k.startswith("ceiling_") for k in doc[sim])  # apart from the graded policies
    assert "gain_ci95" in doc["dkt"]["ceilings"]["ceiling_second_dkt_lookahead"]
    assert doc["dkt"]["params"]["second_dkt"]["seed"] == 1
