import dataclasses
import json

import numpy as np
import pytest

from metacore.data import from_sequences
from metacore.lab.evaluate import cold_start, cold_start_summary, main, make_model, parse_args


def write_three_line(path, n_students, seed):
    rng = np.random.default_rng(seed)
    lines = []
    for _ in range(n_students):
        n = int(rng.integers(2, 40))
        skills = rng.integers(1, 6, n)
        correct = (rng.random(n) < 0.3 + 0.1 * skills).astype(int)
        lines += [str(n), ",".join(map(str, skills)), ",".join(map(str, correct))]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_it_writes_scores_for_every_model(tmp_path, capsys):
    train = write_three_line(tmp_path / "train.csv", 30, 0)
    test = write_three_line(tmp_path / "test.csv", 12, 1)
    out = tmp_path / "out.json"
    code = main(["--train", str(train), "--test", str(test), "--models", "prior,pfa,bkt,dkt", "--epochs", "1",
                 "--seed", "0", "--json", str(out)])
    assert code == 0
    doc = json.loads(out.read_text())
    assert {"models", "dataset", "seed", "device", "wall_seconds"} <= set(doc)
    assert list(doc["models"]) == ["prior", "pfa", "bkt", "dkt"]
    assert doc["dataset"]["students"] == {"train": 27, "valid": 3, "test": 12}
    for name, r in doc["models"].items():
        assert {"auc", "acc", "rmse", "cold_start_auc", "train_seconds", "interactions_per_second",
                "peak_rss_mb"} <= set(r), name
        assert set(r["cold_start_auc"]) == {"0", "5", "10", "20", "50"}
        assert 0 <= r["auc"] <= 1 and r["peak_rss_mb"] > 0 and r["interactions_per_second"] > 0
    assert doc["models"]["dkt"]["epochs_run"] == 1
    counts = {json.dumps(r["cold_start_responses"]) for r in doc["models"].values()}
    assert len(counts) == 1  # the same responses for every model
    assert "prior" in capsys.readouterr().out


def test_it_rejects_unknown_models():
    with pytest.raises(SystemExit):
        parse_args(["--train", "a", "--test", "b", "--models", "prior,nope"])


def test_it_reads_a_folder_and_puts_ours_beside_the_best_baseline(tmp_path, capsys):
    from metacore.lab.synthetic import main as synthetic

    synthetic(["--kind", "generative", "--out", str(tmp_path), "--seed", "0", "--students", "40"])
    out = tmp_path / "out.json"
    assert main(["--data", str(tmp_path), "--models", "prior,item_prior,metacore_no_similarity", "--epochs", "1",
                 "--json", str(out)]) == 0
    doc = json.loads(out.read_text())
    assert doc["dataset"]["train"] == str(tmp_path / "train.csv")
    ours = doc["models"]["metacore_no_similarity"]
    assert ours["cold_start_explicit_auc"] == ours["cold_start_auc"]  # no similarity: the plain model itself
    assert set(ours["cold_start_auc_by_horizon"]["10"]) == {"1-5", "6-20", "21-50", "51+"}
    for k, row in doc["cold_start_summary"].items():
        baselines = {n: doc["models"][n]["cold_start_auc"][k] for n in ("prior", "item_prior")}
        assert row["best_baseline_auc"] == max(baselines.values())
        assert row["margin_explicit"] == pytest.approx(row["explicit"] - row["best_baseline_auc"])
    assert doc["models"]["item_prior"]["auc"] != doc["models"]["prior"]["auc"]  # the items were read
    printed = capsys.readouterr().out
    assert "best baseline" in printed and "margin explicit" in printed


def test_it_summarises_the_best_baseline_and_our_margins_per_k():
    models = {
        "prior": {"cold_start_auc": {"5": 0.60, "50": 0.70}},
        "dkt": {"cold_start_auc": {"5": 0.65, "50": float("nan")}},
        "metacore": {"cold_start_auc": {"5": 0.70, "50": 0.66}, "cold_start_explicit_auc": {"5": 0.64, "50": 0.72}},
    }
    summary = cold_start_summary(models, (5, 50))
    assert summary["5"] == pytest.approx({"best_baseline": "dkt", "best_baseline_auc": 0.65, "network": 0.70,
                                          "margin_network": 0.05, "explicit": 0.64, "margin_explicit": -0.01})
    assert summary["50"]["best_baseline"] == "prior"  # a NaN (nothing to forecast) is no score
    assert summary["50"]["margin_explicit"] == pytest.approx(0.02)


def test_it_scores_nothing_where_no_student_is_longer_than_k():
    data = from_sequences([([1, 2, 1], [1, 0, 1]), ([2, 2], [0, 1])], n_skills=2)
    aucs, counts, _ = cold_start(lambda d, k: np.full(d.n_interactions, 0.5), data, (1, 3))
    assert counts == {"1": 3, "3": 0} and np.isnan(aucs["3"])


def test_it_scores_forecasts_by_how_far_ahead_they_are():
    data = from_sequences([([1] * 8, [0, 1, 0, 1, 1, 0, 0, 1])], n_skills=1)
    right_soon = lambda d, k: np.array([np.nan] * k + [0.9, 0.1, 0.9, 0.9, 0.1, 0.8, 0.2])[:d.n_interactions]  # noqa
    aucs, _, by_horizon = cold_start(right_soon, data, (1,))
    assert by_horizon["1"] == {"1-5": 1.0, "6-20": 0.0}  # responses 6 and 7 after the first are ranked wrongly
    assert aucs["1"] < 1.0


def test_it_needs_a_folder_or_both_files():
    with pytest.raises(SystemExit):
        parse_args(["--train", "a"])


def test_it_rolls_the_network_on_with_its_own_expected_answers():
    from metacore.lab.evaluate import rollout_forecast
    from metacore.lab.tracer import MetaCoreTracer
    from metacore.train import TrainConfig, predict_next
    from tests.metacore.synthetic import TINY, synthetic

    data = synthetic(n_students=12, seed=2, min_len=10, max_len=14)
    tracer = MetaCoreTracer(use_similarity=False, config=TrainConfig(**TINY)).fit(data)
    k, sweeps = 4, 3
    rolled = rollout_forecast(tracer, sweeps=sweeps)(data, k)
    expected = data.correct.copy()  # one response at a time: the exact rollout
    pos = np.arange(data.n_interactions) - np.repeat(data.offsets[:-1], data.lengths)
    for t in range(k, k + sweeps):
        p = predict_next(tracer.net, dataclasses.replace(data, correct=expected))
        expected[pos == t] = p[pos == t]
    exact = pos < k + sweeps
    np.testing.assert_allclose(rolled[exact & (pos >= k)], expected[exact & (pos >= k)], rtol=1e-5)
    assert np.isnan(rolled[pos < k]).all()
    changed = dataclasses.replace(data, correct=np.where(pos < k, data.correct, 1 - data.correct))
    np.testing.assert_allclose(rollout_forecast(tracer, sweeps=sweeps)(changed, k), rolled, rtol=1e-6)


def test_it_passes_settings_of_ours_to_the_metacore_tracer():
    cfg = parse_args(["--train", "a", "--test", "b", "--set", "cross_rank=2", "--set", "forecast_weight=0.5"])
    assert cfg.ours == {"cross_rank": 2, "forecast_weight": 0.5}
    tracer = make_model("metacore", None, 0, "cpu", cfg.ours)
    assert tracer.config.net.cross_rank == 2 and tracer.config.forecast_weight == 0.5
    with pytest.raises(SystemExit):
        parse_args(["--train", "a", "--test", "b", "--set", "cross_rank"])
    with pytest.raises(ValueError, match="unknown settings cross_rnak"):
        make_model("metacore", None, 0, "cpu", {"cross_rnak": 2})
