import copy
import dataclasses

import numpy as np
import pytest
import torch

from metacore.data import row_positions
from metacore.item_offsets import ItemOffsets
from metacore.lab.tracer import MetaCoreTracer, _fit_item_offsets
from metacore.train import TrainConfig
from tests.metacore.synthetic import TINY, synthetic, with_items


@pytest.fixture(scope="module")
def fitted():
    data = synthetic(n_students=40, seed=5)
    train, test = data.split(0.25, seed=1)
    sim = MetaCoreTracer(use_similarity=True, config=TrainConfig(**TINY), n_neighbors=5, n_cohorts=3).fit(train)
    plain = MetaCoreTracer(use_similarity=False, config=TrainConfig(**TINY)).fit(train)
    return train, test, sim, plain


def test_it_names_itself():
    assert MetaCoreTracer().name == "metacore"
    assert MetaCoreTracer(use_similarity=False).name == "metacore_no_similarity"
    assert MetaCoreTracer(epochs=3, seed=2).config.epochs == 3


def test_it_predicts_every_response(fitted):
    _, test, sim, plain = fitted
    assert sim.epochs_run == len(sim.checkpoint["metrics"]["history"]) >= 1
    p = sim.predict_next(test)
    assert p.shape == (test.n_interactions,) and np.all((p > 0) & (p < 1))
    first = test.offsets[:-1]
    assert np.allclose(p[first], sim.prior().predict_next(test.skills[first]))


@pytest.mark.parametrize("k", [0, 3, 10])
def test_it_forecasts_only_after_the_first_k(fitted, k):
    _, test, sim, plain = fitted
    for tracer in (sim, plain):
        f = tracer.forecast(test, k)
        pos = row_positions(test)
        assert np.all(np.isnan(f[pos < k])) and np.all((f[pos >= k] > 0) & (f[pos >= k] < 1))
    if k == 0:  # nothing to compare with yet: both give the population prior
        assert np.array_equal(sim.forecast(test, 0), plain.forecast(test, 0))


def test_it_uses_only_the_first_k_answers(fitted):
    _, test, sim, _ = fitted
    k = 4
    changed = test.subset(range(test.n_students))
    pos = row_positions(changed)
    changed.correct = np.where(pos >= k, 1.0 - changed.correct, changed.correct).astype(np.float32)
    assert np.allclose(sim.forecast(changed, k), sim.forecast(test, k), equal_nan=True)


def test_it_moves_forecasts_towards_similar_students(fitted):
    _, test, sim, plain = fitted
    plain_like = MetaCoreTracer(use_similarity=True, config=TrainConfig(**TINY), sim_weight=0.0, sim_global=0.0)
    plain_like.net, plain_like.checkpoint = sim.net, sim.checkpoint
    plain_like._set_base(sim.base)
    a, b = sim.forecast(test, 3), plain_like.forecast(test, 3)
    assert not np.allclose(a, b, equal_nan=True)
    sim_models = sim.student_models(test, 3)[1]
    assert all(np.all(np.isfinite(m.mastery)) for m in sim_models)


def test_it_saves_and_loads_with_its_similarity_base(fitted, tmp_path):
    _, test, sim, _ = fitted
    path = tmp_path / "tracer.pt"
    sim.save(path)
    back = MetaCoreTracer.load(path, n_neighbors=5, n_cohorts=3, config=TrainConfig(**TINY))
    assert np.allclose(back.forecast(test, 3), sim.forecast(test, 3), equal_nan=True)
    assert np.allclose(back.predict_next(test), sim.predict_next(test))


def test_it_tells_the_items_of_one_skill_apart_where_the_data_carry_item_ids(fitted, tmp_path):
    train, test, _, _ = fitted
    two_items = lambda data: with_items(data, 2 * data.skills + row_positions(data) % 2)  # two items a skill
    tracer = MetaCoreTracer(use_similarity=False, config=TrainConfig(**TINY)).fit(two_items(train))
    offsets = ItemOffsets.fit(items=two_items(train).items, skills=train.skills, correct=train.correct)
    assert np.allclose(tracer.item_offsets.offset, offsets.offset) and np.any(offsets.offset != 0)
    items = two_items(test)
    by_item, by_skill = tracer.forecast(items, 3), tracer.forecast(test, 3)  # test: the same without item ids
    assert np.allclose(by_item, offsets.shift(by_skill, items.items), equal_nan=True)
    assert not np.allclose(by_item, by_skill, equal_nan=True)
    assert np.allclose(tracer.predict_next(items), offsets.shift(tracer.predict_next(test), items.items))
    tracer.save(tmp_path / "tracer.pt")
    back = MetaCoreTracer.load(tmp_path / "tracer.pt", use_similarity=False, config=TrainConfig(**TINY))
    assert np.allclose(back.forecast(items, 3), by_item, equal_nan=True)


def test_it_takes_no_item_offsets_from_data_without_item_ids_or_with_one_item_a_skill(fitted):
    train = fitted[0]
    assert fitted[2].item_offsets is None and fitted[3].item_offsets is None
    assert _fit_item_offsets([with_items(train, train.skills + 100)]) is None


def test_it_sums_the_base_students_forecasts_with_their_cross_gains():
    train = synthetic(n_students=12, seed=3)
    tiny = TrainConfig(**TINY | {"net": dataclasses.replace(TINY["net"], cross_rank=2)})
    tracer = MetaCoreTracer(config=tiny, n_neighbors=3, n_cohorts=2).fit(train)
    torch.nn.init.normal_(tracer.net.cross_scale.weight)
    k = 3
    _, _, p_sum, cnt = tracer._base_residuals(k)
    base_idx = np.flatnonzero(tracer.base.lengths > k)
    plain = copy.copy(tracer)
    plain.use_similarity = False
    models = plain.student_models(tracer.base, k)[1]
    for row, (s, model) in enumerate(zip(base_idx, models)):
        later = tracer.base.student(s)[0][k:]
        expected = np.bincount(later, weights=model.forecast(later), minlength=tracer.net.n_skills + 1)
        assert np.allclose(p_sum[row], expected, atol=1e-5)
        assert cnt[row].sum() == len(later)
