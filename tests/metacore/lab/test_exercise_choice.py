import json

import numpy as np

from metacore.functional import logit, sigmoid
from metacore.item_offsets import ItemOffsets
from metacore.lab.exercise_choice import BankConfig, chosen, choice_quality, main, measure


def test_it_gives_each_skills_item_nearest_the_band_and_grades_every_way_by_the_true_offsets():
    ids = np.arange(6).reshape(2, 3)
    truth = ItemOffsets(ids=ids.ravel(), offset=np.array([1.0, 0.0, -1.0, -2.0, -0.5, 0.5]))
    flat = ItemOffsets(ids=ids.ravel(), offset=np.zeros(6))  # nothing known: the first item of each skill
    assert chosen(0.45, flat, ids).tolist() == [0, 3] and chosen(0.45, truth, ids).tolist() == [0, 5]
    row, at = choice_quality(flat, truth, ids)["0.45"], logit(0.45)
    np.testing.assert_allclose(row["in_turn"]["p"], sigmoid(at + truth.offset).mean())
    np.testing.assert_allclose(row["fitted"]["p"], (sigmoid(at + 1.0) + sigmoid(at - 2.0)) / 2)
    np.testing.assert_allclose(row["true"]["p"], (sigmoid(at + 1.0) + sigmoid(at + 0.5)) / 2)
    assert row["true"]["in_band"] == 0.5 and row["true"]["teaches"] > row["fitted"]["teaches"]


def test_it_keeps_the_offsets_beside_the_model_where_rates_drift_under_the_sites_choice():
    run = measure(BankConfig(students=200, rounds=3))
    first, last = run["rounds"][0], run["rounds"][-1]
    assert [r["by"] for r in run["rounds"]] == ["random", "choice", "choice"]
    assert last["rate"]["corr"] < first["rate"]["corr"] - 0.3  # items given by ability: rates mislead
    assert last["beside"]["corr"] > first["beside"]["corr"] and last["beside"]["corr"] > 0.8


def test_it_writes_each_runs_rounds(tmp_path, capsys):
    out = tmp_path / "choice.json"
    assert main(["--students", "20", "--item-sd", "1.0", "--rounds", "2", "--json", str(out)]) == 0
    run, = json.loads(out.read_text())["runs"]
    assert run["config"]["students"] == 20 and len(run["rounds"]) == 2
    assert len(run["rounds"][1]["beside"]["choice"]) == 6
    assert "round 1 (choice)" in capsys.readouterr().out
