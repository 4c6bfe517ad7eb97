import json
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pytest
import torch

from torch.nn import functional as F

from metacore.data import from_sequences
from metacore.encoder import N_FEATURES, dataset_features, history_features
from metacore.generator import MetaCoreNet, NetConfig, generate_models, query_logits
from metacore.online_estimate import fit_online_prior
from metacore.scoring import auc
from metacore.train import (TrainConfig, build_batch, build_net, carry_lags_for, checkpoint_config, config_from_dict,
                            load_checkpoint, make_checkpoint, make_windows, net_from_checkpoint, predict_next,
                            query_days, resolve_device, sample_split, save_checkpoint, train, upgraded_state)

from .synthetic import TINY, synthetic, with_times


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
    assert ckpt["schema_version"] == 2 and ckpt["n_skills"] == 6 and ckpt["skill_vocabulary"] == list(range(1, 7))
    assert ckpt["config"]["net"]["hidden"] == 12 and ckpt["metrics"]["best_valid_auc"] == max(a for _, _, a in seen)
    json.dumps(ckpt["population_prior"])
    assert ckpt["online_prior"] == fit_online_prior(train_data)  # of the data it was given
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


@pytest.mark.parametrize("cross_rank, timed", [(0, False), (3, False), (0, True)])
def test_it_trains_the_forecast_of_the_generated_student_model(cross_rank, timed):
    torch.manual_seed(0)
    net = MetaCoreNet(6, NetConfig(dim=8, hidden=12, head_hidden=10, dropout=0.0, cross_rank=cross_rank)).eval()
    if cross_rank:  # the per-student scaling starts at zero: make it count
        torch.nn.init.normal_(net.cross_scale.weight)
    data = synthetic(n_students=6, min_len=12, max_len=20, seed=2)
    if timed:  # stabilities of their own per student and skill, and days that count
        data = with_times(data)
        torch.nn.init.normal_(net.stability_out.weight)
    feats = dataset_features(data)
    cfg = TrainConfig(**TINY)
    windows = make_windows(data, 12, 4)
    windows = windows[windows[:, 1] == 0]
    batch = build_batch(data, feats, windows, np.random.default_rng(4), cfg, torch.device("cpu"))
    assert ("q_days" in batch) == timed
    with torch.no_grad():
        states, _ = net.states(batch["skills"], batch["correct"], batch["feats"])
        f_logits = query_logits(net, states, net.project_memory(states), batch)
        p = torch.sigmoid(f_logits).numpy()
        _, loss = net(batch, forecast_weight=cfg.forecast_weight)
        _, next_loss = net(batch)
    q_mask = batch["q_mask"]
    forecast_loss = F.binary_cross_entropy_with_logits(f_logits[q_mask], batch["q_correct"][q_mask])
    assert np.isfinite(float(loss)) and float(forecast_loss) > 0  # the loss holds the forecast's, weighted
    assert torch.allclose(loss, next_loss + cfg.forecast_weight * forecast_loss)
    for r, (s, _, _, _) in enumerate(windows):
        k = int(batch["split"][r])
        model = generate_models(net, data.subset([s]), [k])[0]
        skills = data.student(s)[0][k:]
        n = int(batch["q_mask"][r].sum())
        assert n == len(skills)
        lo = data.offsets[s]
        days = (data.times[lo + k:lo + k + n] - data.times[lo + k - 1]) / 86400.0 if timed and k else None
        assert np.allclose(p[r, :n], model.forecast(skills, days), atol=1e-5)
        if days is not None and k < n:
            assert not np.allclose(model.forecast(skills, days), model.forecast(skills))  # the days count


def test_it_ignores_times_it_was_not_trained_with():
    untimed = synthetic(n_students=20, min_len=8, max_len=16, seed=3)
    net, _ = train(untimed, None, TrainConfig(**TINY))
    timed = with_times(synthetic(n_students=20, min_len=8, max_len=16, seed=3))
    for a, b in zip(generate_models(net, untimed), generate_models(net, timed)):
        assert np.array_equal(a.mastery, b.mastery) and np.array_equal(a.stability, b.stability)
    assert np.array_equal(predict_next(net, untimed), predict_next(net, timed))
    trained_on_times, _ = train(timed, None, TrainConfig(**TINY))
    assert not np.array_equal(predict_next(trained_on_times, untimed), predict_next(trained_on_times, timed))


def test_it_keeps_the_carry_tables_bounded():
    cfg = NetConfig(carry_lags=8)
    assert [carry_lags_for(cfg, n) for n in (110, 1223, 1400, 3000)] == [8, 5, 4, 0]
    assert build_net(cfg, 110).carry.num_embeddings == 8 * 2 * 111 ** 2
    assert build_net(NetConfig(dim=4, hidden=4, head_hidden=4, carry_lags=8), 3000).carry is None


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
    net, _ = train(data, None, TrainConfig(net=NetConfig(dim=8, hidden=8, head_hidden=8, carry_lags=2, dropout=0.0),
                                           epochs=12, batch_size=8, window=45, lr=0.02, device="cpu", seed=0))
    p = predict_next(net, data)
    second = np.arange(data.n_interactions) % 3 == 1
    assert auc(data.correct[second], p[second]) > 0.95
    table = net.carry.weight.view(2, 8, 4)[0]  # lag 1: rows s_prev * 2 + right, columns the asked skill
    assert table[1 * 2 + 1, 2] > 0 > table[1 * 2 + 0, 2]  # after skill 1 right (wrong), skill 2 more (less) likely


DATA = Path(__file__).parent / "data"


def test_it_loads_a_checkpoint_stored_before_the_network_had_its_own_config():
    """checkpoint_schema1.pt was written by the code before NetConfig (the network's settings flat in "config");
    it loads into the same network, which predicts what it predicted then (to float32 rounding: another CPU's
    kernels may differ in the last bits)."""
    net, ckpt = load_checkpoint(DATA / "checkpoint_schema1.pt")
    assert ckpt["schema_version"] == 1 and ckpt["config"]["hidden"] == 4
    assert checkpoint_config(ckpt).net == NetConfig(dim=4, hidden=4, head_hidden=4, carry_lags=1)
    then = json.loads((DATA / "checkpoint_schema1.json").read_text())["predict_next"]
    data = synthetic(n_students=12, n_skills=3, seed=5, max_len=12)
    np.testing.assert_allclose(predict_next(net, data), then, rtol=1e-6, atol=1e-6)


def test_it_loads_a_checkpoint_from_before_the_skill_memory_and_the_carry():
    torch.manual_seed(0)
    cfg = NetConfig(dim=4, hidden=4, head_hidden=4, skill_memory=False, carry_lags=0)
    net = build_net(cfg, 3).eval()
    ckpt = make_checkpoint(net, TrainConfig(net=cfg), {})
    flat = {k: v for k, v in ckpt["config"]["net"].items() if k not in ("skill_memory", "carry_lags")}
    old = ckpt | {"schema_version": 1, "config": {k: v for k, v in ckpt["config"].items() if k != "net"} | flat}
    again = net_from_checkpoint(old)
    assert not again.skill_memory and again.carry is None
    data = synthetic(n_students=5, n_skills=3, seed=1)
    assert np.array_equal(predict_next(again, data), predict_next(net, data))


def test_it_loads_a_checkpoint_from_before_the_cross_skill_gains_without_them():
    torch.manual_seed(0)
    cfg = NetConfig(dim=4, hidden=4, head_hidden=4)
    ckpt = make_checkpoint(build_net(cfg, 3).eval(), TrainConfig(net=cfg), {})
    nested = ckpt["config"] | {"net": {k: v for k, v in ckpt["config"]["net"].items() if k != "cross_rank"}}
    flat = {k: v for k, v in nested.items() if k != "net"} | nested["net"]
    for old in (ckpt | {"config": nested}, ckpt | {"schema_version": 1, "config": flat}):
        assert checkpoint_config(old).net.cross_rank == 0
        assert net_from_checkpoint(old).cross_rank == 0
    with_gains = make_checkpoint(build_net(NetConfig(dim=4, hidden=4, head_hidden=4, cross_rank=2), 3),
                                 TrainConfig(net=NetConfig(dim=4, hidden=4, head_hidden=4, cross_rank=2)), {})
    assert net_from_checkpoint(with_gains).cross_rank == 2
    assert np.asarray(with_gains["population_prior"]["cross_source"]).shape == (3, 2)


def test_it_reads_settings_flat_or_nested_and_refuses_unknown_ones():
    nested = config_from_dict({"epochs": 3, "net": {"hidden": 16}})
    assert nested == config_from_dict({"epochs": 3, "hidden": 16}) == TrainConfig(net=NetConfig(hidden=16), epochs=3)
    assert config_from_dict(asdict(nested)) == nested
    with pytest.raises(ValueError, match="unknown settings hiden"):
        config_from_dict({"hiden": 16})
    assert config_from_dict({"hiden": 16}, strict=False) == TrainConfig()
    with pytest.raises(ValueError, match="schema_version 99"):
        net_from_checkpoint({"schema_version": 99})


def test_it_weighs_later_query_responses_more_when_asked():
    torch.manual_seed(0)
    net = MetaCoreNet(6, NetConfig(dim=8, hidden=12, head_hidden=10, dropout=0.0)).eval()
    data = synthetic(n_students=6, min_len=12, max_len=20, seed=2)
    feats = history_features(data.skills, data.correct, data.offsets)
    windows = make_windows(data, 12, 4)
    cfg = TrainConfig(**TINY | {"forecast_horizon": 1.0})
    assert "q_weight" not in build_batch(data, feats, windows, np.random.default_rng(4), TrainConfig(**TINY),
                                         torch.device("cpu"))
    batch = build_batch(data, feats, windows, np.random.default_rng(4), cfg, torch.device("cpu"))
    q_mask, w = batch["q_mask"], batch["q_weight"]
    assert float(w[q_mask].mean()) == pytest.approx(1.0) and float(w[~q_mask].abs().sum()) == 0.0
    r = int(q_mask.sum(1).argmax())
    assert torch.allclose(w[r, 1] / w[r, 0], torch.tensor(2.0)) and torch.allclose(w[r, 2] / w[r, 0], torch.tensor(3.0))
    with torch.no_grad():
        states, _ = net.states(batch["skills"], batch["correct"], batch["feats"])
        f_logits = query_logits(net, states, net.project_memory(states), batch)
        _, loss = net(batch, forecast_weight=cfg.forecast_weight)
        _, next_loss = net(batch)
    per_response = F.binary_cross_entropy_with_logits(f_logits[q_mask], batch["q_correct"][q_mask], reduction="none")
    assert torch.allclose(loss, next_loss + cfg.forecast_weight * (per_response * w[q_mask]).mean())


def test_it_counts_the_days_of_each_query_response_from_its_skills_last_practice():
    day = 86400.0
    skills = np.array([1, 2, 1, 3, 1, 2])
    times = np.array([0, 1, 3, 4, 10, 12]) * day
    t, t0 = query_days(skills, times, k=3)  # seen: 1 (days 0, 3), 2 (day 1); the model is made on day 3
    assert t.tolist() == [0.0, 7.0, 11.0]  # skill 3: never before; skill 1: 7 days after day 3; 2: 11 after day 1
    assert t0.tolist() == [0.0, 0.0, 2.0]  # skill 1 was practised on the model's day; skill 2 two days before it


def test_it_reads_a_checkpoint_from_before_the_time_features_as_it_was():
    torch.manual_seed(1)
    net = MetaCoreNet(6, NetConfig(dim=8, hidden=12, head_hidden=10, dropout=0.0)).eval()
    old = {k: v for k, v in net.state_dict().items() if not k.startswith("stability_out")}
    for key in ("encoder.interaction.feats.weight", "f_proj.weight"):
        old[key] = old[key][:, :N_FEATURES - 2].clone()
    ckpt = make_checkpoint(net, TrainConfig(net=NetConfig(dim=8, hidden=12, head_hidden=10, dropout=0.0)), {})
    ckpt["state_dict"] = old
    loaded = net_from_checkpoint(ckpt)
    data = synthetic(n_students=5, seed=3)
    # the stored network never read the times: with them or without, it predicts as before
    timed = with_times(synthetic(n_students=5, seed=3))
    assert np.allclose(predict_next(loaded, timed), predict_next(net, data), atol=1e-6)
    assert torch.allclose(loaded.stability_out.bias, MetaCoreNet(6).stability_out.bias)
    assert upgraded_state(net.state_dict(), net.state_dict()).keys() == net.state_dict().keys()
