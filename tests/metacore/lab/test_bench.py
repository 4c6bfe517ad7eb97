import json

from metacore.lab import bench

KEYS = ("generation_students_per_s", "update_ms_p50", "update_ms_p95", "topk_seconds", "topk_peak_mb",
        "closed_form_speedup")


def test_it_writes_the_small_benchmark(tmp_path):
    out = tmp_path / "bench.json"
    assert bench.main(["--small", "--json", str(out), "--threads", "1"]) == 0
    result = json.loads(out.read_text())
    for key in KEYS:
        assert result[key] >= 0.0, key
    assert result["update_ms_p95"] >= result["update_ms_p50"]
    assert result["closed_form_max_rel_error"] < 1e-9
