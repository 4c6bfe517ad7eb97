"""Speed and memory of the parts the platform calls often (CPU).

    python -m metacore.lab.bench --json out.json [--checkpoint metacore.pt] [--small]

generation_students_per_s   batched generation of ExplicitModel parameters from kept generator
                            states (what regenerating many students costs); the same including a
                            whole-history encode of `history_len` responses each is
                            generation_from_history_students_per_s
update_ms_p50 / _p95        one student's update after one new attempt (one GRU step + regeneration
                            of that student's ExplicitModel)
topk_100k_seconds / _peak_mb  top-10 neighbours of `topk_queries` students among 100,000 by
                            metric.topk_nearest (peak: growth of the process's peak RSS)
closed_form_speedup         closed-form task distance (task_stats + three terms) vs the brute-force
                            double sum over the same pairs
A model of the default NetConfig size with random weights is used unless --checkpoint is given
(speed does not depend on the weights). Runs on one torch thread unless --threads says otherwise.
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time

import numpy as np
import torch

from metacore import metric
from metacore.data import Dataset
from metacore.encoder import HistoryState
from metacore.generator import (NetConfig, OnlineStudent, encode_histories, generate_arrays, generate_from_histories,
                                models_from_arrays)
from metacore.train import build_net, load_checkpoint


def _random_history(n_students: int, length: int, n_skills: int, seed: int) -> Dataset:
    rng = np.random.default_rng(seed)
    skills = rng.integers(1, n_skills + 1, n_students * length)
    correct = (rng.random(n_students * length) < 0.65).astype(np.float32)
    return Dataset(skills=skills, correct=correct, offsets=np.arange(n_students + 1) * length, n_skills=n_skills)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def bench_generation(net, n_students: int, history_len: int, seed: int = 0) -> dict:
    data = _random_history(n_students, history_len, net.n_skills, seed)
    state = HistoryState.from_prefixes(data, data.lengths)
    h = encode_histories(net, data)
    mem = None
    if net.skill_memory:  # the kept projected states of the practised skills (values do not matter for speed)
        rng = np.random.default_rng(seed)
        mem = np.zeros((n_students, net.n_skills, net.m_proj.out_features), dtype=np.float32)
        seen = state.count[:, 1:] > 0
        mem[seen] = rng.normal(size=(int(seen.sum()), mem.shape[2])).astype(np.float32)
    generate_arrays(net, h[:64], _rows(state, 64), None if mem is None else mem[:64])  # warm up
    t0 = time.perf_counter()
    arrays = generate_arrays(net, h, state, mem)
    t_gen = time.perf_counter() - t0
    t0 = time.perf_counter()
    models = models_from_arrays(arrays, h, data.lengths)
    t_obj = time.perf_counter() - t0
    t0 = time.perf_counter()
    generate_from_histories(net, data)
    t_full = time.perf_counter() - t0
    assert len(models) == n_students
    return {"generation_students_per_s": n_students / t_gen,
            "generation_with_objects_students_per_s": n_students / (t_gen + t_obj),
            "generation_from_history_students_per_s": n_students / t_full,
            "generation_students": n_students, "history_len": history_len}


def _rows(state: HistoryState, n: int) -> HistoryState:
    out = HistoryState(n, state.n_skills)
    for name in ("succ", "count", "last_pos", "last_ans", "streak_right", "streak_wrong", "t", "total_correct"):
        setattr(out, name, getattr(state, name)[:n].copy())
    return out


def bench_update(net, n_updates: int, history_len: int, seed: int = 0) -> dict:
    rng = np.random.default_rng(seed)
    skills = rng.integers(1, net.n_skills + 1, history_len)
    correct = (rng.random(history_len) < 0.65).astype(np.float32)
    student = OnlineStudent.from_history(net, skills, correct)
    for _ in range(5):
        student.update(int(rng.integers(1, net.n_skills + 1)), 1.0)
    times = []
    for _ in range(n_updates):
        s, c = int(rng.integers(1, net.n_skills + 1)), float(rng.random() < 0.65)
        t0 = time.perf_counter()
        student.update(s, c)
        times.append((time.perf_counter() - t0) * 1000.0)
    return {"update_ms_p50": float(np.percentile(times, 50)), "update_ms_p95": float(np.percentile(times, 95)),
            "updates": n_updates}


def bench_topk(n_base: int, n_queries: int, dim: int, k: int = 10, seed: int = 0) -> dict:
    rng = np.random.default_rng(seed)
    count = rng.integers(5, 200, n_base).astype(np.float64)
    mean = rng.normal(size=(n_base, dim))
    spread = rng.uniform(0.5, 2.0, n_base)
    base = metric.TaskStats(count=count, total=mean * count[:, None],
                            sqsum=count * ((mean ** 2).sum(1) + spread))
    q = np.arange(n_queries)
    query = metric.TaskStats(count=count[q], total=base.total[q], sqsum=base.sqsum[q])
    before = _peak_rss_mb()
    t0 = time.perf_counter()
    idx, dist = metric.topk_nearest(query, base, k)
    seconds = time.perf_counter() - t0
    assert idx.shape == (n_queries, k)
    return {"topk_100k_seconds" if n_base == 100_000 else "topk_seconds": seconds,
            "topk_100k_peak_mb" if n_base == 100_000 else "topk_peak_mb": max(_peak_rss_mb() - before, 0.0),
            "topk_base": n_base, "topk_queries": n_queries, "topk_dim": dim}


def bench_closed_form(n_pairs: int, length: int, dim: int, seed: int = 0) -> dict:
    rng = np.random.default_rng(seed)
    a = rng.normal(size=(n_pairs, length, dim))
    b = rng.normal(size=(n_pairs, length, dim))
    t0 = time.perf_counter()
    brute = np.array([metric.brute_force_distance(a[i], b[i]) for i in range(n_pairs)])
    t_brute = time.perf_counter() - t0
    offsets = np.arange(n_pairs + 1) * length
    t0 = time.perf_counter()
    sa = metric.task_stats(a.reshape(-1, dim), offsets)
    sb = metric.task_stats(b.reshape(-1, dim), offsets)
    closed = sb.count * sa.sqsum + sa.count * sb.sqsum - 2.0 * np.einsum("pd,pd->p", sa.total, sb.total)
    t_closed = time.perf_counter() - t0
    rel = float(np.max(np.abs(closed - brute) / np.maximum(np.abs(brute), 1e-12)))
    return {"closed_form_speedup": t_brute / t_closed, "closed_form_pairs": n_pairs, "closed_form_task_len": length,
            "closed_form_max_rel_error": rel}


def run(checkpoint: str | None = None, small: bool = False, topk_queries: int | None = None, seed: int = 0) -> dict:
    torch.manual_seed(seed)
    if checkpoint:
        net, _ = load_checkpoint(checkpoint)
    else:
        net = build_net(NetConfig(), 110).eval()
    dim = net.encoder.interaction.wrong.embedding_dim
    out = {"device": "cpu", "torch_threads": torch.get_num_threads(), "small": small,
           "hidden": net.hidden, "n_skills": net.n_skills}
    if small:
        out.update(bench_generation(net, 200, 20, seed))
        out.update(bench_update(net, 30, 20, seed))
        out.update(bench_topk(2000, 200, dim, seed=seed))
        out.update(bench_closed_form(20, 20, dim, seed))
    else:
        out.update(bench_generation(net, 5000, 50, seed))
        out.update(bench_update(net, 500, 100, seed))
        out.update(bench_topk(100_000, topk_queries or 100_000, dim, seed=seed))
        out.update(bench_closed_form(200, 100, dim, seed))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m metacore.lab.bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", help="write the results here")
    ap.add_argument("--checkpoint", help="a trained checkpoint (default: random weights of the default size)")
    ap.add_argument("--small", action="store_true", help="a quick run on small sizes (for tests)")
    ap.add_argument("--topk-queries", type=int, default=None, help="query students for the 100k top-k (default all)")
    ap.add_argument("--threads", type=int, default=1,
                    help="torch CPU threads (0: torch's default); one student's update and chunked generation are "
                         "small ops, fastest on one thread, and a shared 2-core machine punishes more")
    args = ap.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    result = run(args.checkpoint, args.small, args.topk_queries)
    text = json.dumps(result, indent=2)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
