import json

import numpy as np
import pytest
import torch

from metacore.data import from_sequences
from metacore.encoder import history_features
from metacore.generator import MetaCoreNet, generate_models
from metacore.metrics import auc
from metacore.train import (TrainConfig, batch_loss, build_batch, build_net, carry_lags_for, load_checkpoint,
                            make_windows, predict_next, query_logits, resolve_device, sample_split, save_checkpoint, train)

from .synthetic import synthetic

TINY = dict(dim=8, hidden=12, head_hidden=10, epochs=2, batch_size=8, window=12, burn_in=4, device="cpu", threads=1)


def test_it_cuts_long_histories_into_windows_with_a_burn_in():
    data = synthetic(n_students=2, min_len=5, max_len=5)
    assert make_windows(data, 10, 3).tolist() == [[0, 0, 5, 0], [1, 0, 5, 0]]
    long = synthetic(n_students=1, min_len=25, max_len=25)
    assert make_windows(long, 10, 3).tolist() == [[0, 0, 10, 0], [0, 7, 17, 3], [0, 14, 24, 3], [0, 21, 25, 3]]


def test_it_draws_support_sizes_in_range():
    rng = np.random.default_rng(0)
    ks = [sample_split(rng, 30, 0.1) for _ in range(2000)]
    assert min(ks) == 0 and max(ks) == 30
    assert np.mean(np.array(ks) == 0) == pytest.approx(0.1, abs=0.03)
    assert np.median(ks) < 10  # log-uniform: small supports are common
    assert sample_split(rng, 0, 0.0) == 0


def test_it_builds_an_episode_with_query_features_frozen_at_the_split():
    data = synthetic(n_students=3, min_len=10, max_len=10)
    feats = history_features(data.skills, data.correct, data.offsets)
    cfg = TrainConfig(**TINY)
    batch = build_batch(data, feats, make_windows(data, 12, 4), np.random.default_rng(1), cfg, torch.device("cpu"))
    for r in range(3):
        k = int(batch["split"][r])
        assert batch["q_mask"][r].tolist()[:10 - k] == [True] * (10 - k)
        assert batch["q_i"][r, :10 - k].tolist() == list(range(10 - k))
        assert torch.equal(batch["q_skills"][r, :10 - k], batch["skills"][r, k:])
        if k < 10:  # the first query response sees the same features as next-response prediction does
            assert torch.equal(batch["q_feats"][r, 0], batch["feats"][r, k])


def test_it_trains_reports_progress_and_round_trips_a_checkpoint(tmp_path):
    data = synthetic(n_students=30)
    train_data, valid = data.split(0.3, seed=0)
    seen = []
    net, ckpt = train(train_data, valid, TrainConfig(**TINY, seed=3), on_epoch=lambda e, l, a: seen.append((e, l, a)))
    assert [e for e, _, _ in seen] == [0, 1]
    assert all(np.isfinite(l) and 0.0 <= a <= 1.0 for _, l, a in seen)
    assert ckpt["schema_version"] == 1 and ckpt["n_skills"] == 6 and ckpt["skill_vocabulary"] == list(range(1, 7))
    assert ckpt["config"]["hidden"] == 12 and ckpt["metrics"]["best_valid_auc"] == max(a for _, _, a in seen)
    json.dumps(ckpt["population_prior"])
    path = tmp_path / "m.pt"
    save_checkpoint(ckpt, path)
    loaded, back = load_checkpoint(path)
    assert np.array_equal(predict_next(loaded, valid), predict_next(net, valid))
    # fixed seeds: the same run gives the same weights
    net2, _ = train(train_data, valid, TrainConfig(**TINY, seed=3))
    assert np.array_equal(predict_next(net2, valid), predict_next(net, valid))


def test_it_resolves_devices():
    assert resolve_device("cpu").type == "cpu"
    assert resolve_device("auto").type == ("cuda" if torch.cuda.is_available() else "cpu")
    with pytest.raises(ValueError):
        resolve_device("tpu")


def test_it_trains_the_forecast_of_the_generated_student_model():
    torch.manual_seed(0)
    net = MetaCoreNet(6, dim=8, hidden=12, head_hidden=10, dropout=0.0).eval()
    data = synthetic(n_students=6, min_len=12, max_len=20, seed=2)
    feats = history_features(data.skills, data.correct, data.offsets)
    cfg = TrainConfig(**TINY)
    windows = make_windows(data, 12, 4)
    windows = windows[windows[:, 1] == 0]
    batch = build_batch(data, feats, windows, np.random.default_rng(4), cfg, torch.device("cpu"))
    with torch.no_grad():
        states, _ = net.states(batch["skills"], batch["correct"], batch["feats"])
        p = torch.sigmoid(query_logits(net, states, net.project_memory(states), batch)).numpy()
        loss, parts = batch_loss(net, batch, cfg)
    assert np.isfinite(float(loss)) and "forecast" in parts
    for r, (s, _, _, _) in enumerate(windows):
        k = int(batch["split"][r])
        model = generate_models(net, data.subset([s]), [k])[0]
        skills = data.student(s)[0][k:]
        n = int(batch["q_mask"][r].sum())
        assert n == len(skills)
        assert np.allclose(p[r, :n], model.forecast(skills), atol=1e-5)


def test_it_keeps_the_carry_tables_bounded():
    cfg = TrainConfig(carry_lags=8)
    assert [carry_lags_for(cfg, n) for n in (110, 1223, 1400, 3000)] == [8, 5, 4, 0]
    assert build_net(cfg, 110).carry.num_embeddings == 8 * 2 * 111 ** 2
    assert build_net(TrainConfig(dim=4, hidden=4, head_hidden=4, carry_lags=8), 3000).carry is None


def test_it_learns_the_carry_of_an_item_logged_once_per_skill():
    """Skill 2 always follows skill 1 with the same answer (one item, two skills): the carry learns it."""
    rng = np.random.default_rng(0)
    seqs = []
    for _ in range(60):
        skills, correct = [], []
        for _ in range(15):
            y = float(rng.random() < 0.5)
            skills += [1, 2, 3]
            correct += [y, y, float(rng.random() < 0.5)]
        seqs.append((np.array(skills), np.array(correct)))
    data = from_sequences(seqs, n_skills=3)
    net, _ = train(data, None, TrainConfig(dim=8, hidden=8, head_hidden=8, epochs=6, batch_size=8, window=45,
                                           carry_lags=2, lr=0.02, dropout=0.0, device="cpu", seed=0))
    p = predict_next(net, data)
    second = np.arange(data.n_interactions) % 3 == 1
    assert auc(data.correct[second], p[second]) > 0.95
    table = net.carry.weight.view(2, 8, 4)[0]  # lag 1: rows s_prev * 2 + right, columns the asked skill
    assert table[1 * 2 + 1, 2] > 0 > table[1 * 2 + 0, 2]  # after skill 1 right (wrong), skill 2 more (less) likely
