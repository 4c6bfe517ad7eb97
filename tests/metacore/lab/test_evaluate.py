import json

import numpy as np
import pytest

from metacore.lab.evaluate import main, parse_args


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
