import json
import math

import numpy as np
import pytest

from metacore.explicit_model import SCHEMA_VERSION, ExplicitModel, cross_logits, practice_counts


def sig(x):
    return 1.0 / (1.0 + math.exp(-x))


def test_it_counts_earlier_practice_of_the_same_skill():
    assert practice_counts(np.array([3, 1, 3, 3, 2, 1])).tolist() == [0, 0, 1, 2, 0, 1]
    assert practice_counts(np.array([], dtype=np.int64)).tolist() == []


def test_it_forecasts_with_the_documented_dynamics():
    m = ExplicitModel(mastery=[0.5, -1.0], gain=[0.2, 1.0], variance=[0.0, 0.0], transfer=0.1)
    p = m.forecast([2, 1, 2, 2])
    # i = 0..3, j = earlier future practices of the same skill
    expected = [sig(-1.0), sig(0.5 + 0.1 * math.log(2)), sig(-1.0 + math.log(2) + 0.1 * math.log(3)),
                sig(-1.0 + math.log(3) + 0.1 * math.log(4))]
    assert p == pytest.approx(expected, abs=1e-12)


def test_it_shrinks_towards_one_half_with_uncertainty():
    m = ExplicitModel(mastery=[2.0], gain=[0.0], variance=[8.0 / math.pi])
    assert m.predict([1])[0] == pytest.approx(sig(2.0 / math.sqrt(2.0)), abs=1e-12)
    assert m.uncertainty[0] == pytest.approx(math.sqrt(8.0 / math.pi))


def test_it_predicts_now_what_the_forecast_says_first():
    rng = np.random.default_rng(0)
    m = ExplicitModel(mastery=rng.normal(size=5), gain=rng.normal(size=5), variance=rng.uniform(0, 1, 5), transfer=0.3)
    for s in range(1, 6):
        assert m.forecast([s])[0] == pytest.approx(m.predict([s])[0], abs=1e-15)


def test_it_adds_the_carry_to_the_next_response_only():
    m = ExplicitModel(mastery=[0.5, -1.0], gain=[0.2, 1.0], variance=[0.0, 8.0 / math.pi], carry=[2.0, -1.0])
    assert m.predict_next([1, 2]) == pytest.approx([sig(2.5), sig(-2.0 / math.sqrt(2.0))], abs=1e-12)
    assert m.predict([1, 2]) == pytest.approx([sig(0.5), sig(-1.0 / math.sqrt(2.0))], abs=1e-12)
    assert m.forecast([1, 2]).tolist() == ExplicitModel(mastery=m.mastery, gain=m.gain, variance=m.variance
                                                       ).forecast([1, 2]).tolist()


def test_it_reads_a_stored_model_from_before_the_carry():
    d = ExplicitModel(mastery=[0.1, 0.2], gain=[0.3, 0.4], variance=[0.5, 0.6]).to_dict()
    del d["carry"]
    back = ExplicitModel.from_dict(d)
    assert back.carry.tolist() == [0.0, 0.0]
    assert back.predict_next([1, 2]).tolist() == back.predict([1, 2]).tolist()


def test_it_round_trips_through_json():
    m = ExplicitModel(mastery=[0.1, 0.2], gain=[0.3, 0.4], variance=[0.5, 0.6], transfer=-0.2, carry=[0.7, -0.8],
                     skill_vocabulary=[10, 20], embedding=np.array([1.0, 2.0], dtype=np.float32), n_observed=7)
    d = json.loads(json.dumps(m.to_dict()))
    assert d["schema_version"] == SCHEMA_VERSION
    back = ExplicitModel.from_dict(d)
    assert back.forecast([20, 10, 20]).tolist() == m.forecast([20, 10, 20]).tolist()
    assert back.predict_next([20, 10]).tolist() == m.predict_next([20, 10]).tolist()
    assert back.n_observed == 7 and back.skill_vocabulary == [10, 20]
    assert back.embedding.tolist() == [1.0, 2.0]


def test_it_rejects_unknown_skills_and_schemas():
    m = ExplicitModel(mastery=[0.0], gain=[0.0], variance=[0.0], skill_vocabulary=[5])
    with pytest.raises(KeyError):
        m.predict([6])
    with pytest.raises(ValueError):
        ExplicitModel.from_dict({**m.to_dict(), "schema_version": 99})


def test_it_raises_later_skills_by_the_cross_gains():
    # U V^T = [[0, 0.5], [0, 0]]: practising skill 1 raises skill 2 by 0.5 per log-step of skill 1's count
    m = ExplicitModel(mastery=[0.0, -1.0], gain=[0.0, 0.2], variance=[0.0, 0.0],
                      cross_source=[[1.0], [0.0]], cross_target=[[0.0], [0.5]])
    p = m.forecast([2, 1, 1, 2, 2])
    expected = [sig(-1.0), sig(0.0), sig(0.0), sig(-1.0 + 0.2 * math.log(2) + 0.5 * math.log(3)),
                sig(-1.0 + 0.2 * math.log(3) + 0.5 * math.log(3))]
    assert p == pytest.approx(expected, abs=1e-12)


def test_it_sums_cross_gains_within_each_student_only():
    rng = np.random.default_rng(0)
    source, target = rng.normal(size=(7, 2)), rng.normal(size=(7, 2))
    owner = np.array([0, 0, 0, 1, 1, 2, 2])
    j = np.array([0, 1, 0, 0, 0, 0, 1])
    together = cross_logits(source, target, j, owner)
    for o in range(3):
        alone = cross_logits(source[owner == o], target[owner == o], j[owner == o])
        assert together[owner == o] == pytest.approx(alone, abs=1e-12)
    assert together[[0, 3, 5]].tolist() == [0.0, 0.0, 0.0]


def test_it_stores_cross_gains_and_reads_models_from_before_them_unchanged():
    plain = ExplicitModel(mastery=[0.1, 0.2], gain=[0.3, 0.4], variance=[0.5, 0.6], transfer=0.1)
    assert "cross_source" not in plain.to_dict()
    assert ExplicitModel.from_dict(plain.to_dict()).cross_source is None
    crossed = ExplicitModel(mastery=plain.mastery, gain=plain.gain, variance=plain.variance, transfer=0.1,
                            cross_source=[[1.0, 0.0], [0.5, 2.0]], cross_target=[[0.2, 0.1], [0.3, -0.4]])
    back = ExplicitModel.from_dict(json.loads(json.dumps(crossed.to_dict())))
    assert back.forecast([1, 2, 1, 2]).tolist() == crossed.forecast([1, 2, 1, 2]).tolist()
    assert back.forecast([1, 2, 1, 2]).tolist() != plain.forecast([1, 2, 1, 2]).tolist()
    with pytest.raises(ValueError):
        ExplicitModel(mastery=[0.0], gain=[0.0], variance=[0.0], cross_source=[[1.0]])
    with pytest.raises(ValueError):
        ExplicitModel(mastery=[0.0], gain=[0.0], variance=[0.0], cross_source=[[1.0]], cross_target=[[1.0, 2.0]])


def test_it_forgets_what_is_above_the_floor_by_the_days_since_practice():
    # skill 1 practised 0 days before the model, skill 2 never; stability 5 days: R(5) = 0.9
    m = ExplicitModel(mastery=[2.0, 1.0], gain=[0.0, 0.0], variance=[0.0, 0.0], stability=[5.0, 5.0],
                      floor=[-1.0, -1.0], elapsed=[0.0, np.nan])
    p = m.forecast([1, 2], days=[5.0, 5.0])
    assert p == pytest.approx([sig(-1.0 + 3.0 * 0.9), sig(1.0)], abs=1e-12)  # never practised: nothing to forget
    assert m.forecast([1, 2]).tolist() == m.forecast([1, 2], days=[0.0, 0.0]).tolist() == [sig(2.0), sig(1.0)]


def test_it_counts_forgetting_from_the_model_and_from_practice_in_the_sequence():
    m = ExplicitModel(mastery=[2.0], gain=[0.0], variance=[0.0], stability=[1.0], floor=[0.0], elapsed=[9.0])
    r = lambda t: 1.0 / (1.0 + t / 9.0)  # noqa: E731 (stability 1 day)
    p = m.forecast([1, 1], days=[9.0, 18.0])
    # first: 18 days after the practice, 9 of them already in the model; second: 9 days after the first
    assert p == pytest.approx([sig(2.0 * r(18.0) / r(9.0)), sig(2.0 * r(9.0))], abs=1e-12)


def test_it_stores_the_forgetting_and_reads_models_from_before_it_unchanged():
    m = ExplicitModel(mastery=[0.5, 1.0], gain=[0.1, 0.2], variance=[0.1, 0.1], stability=[3.0, 7.0],
                      floor=[-0.5, 0.0], elapsed=[2.0, np.nan])
    back = ExplicitModel.from_dict(json.loads(json.dumps(m.to_dict())))
    assert back.stability.tolist() == [3.0, 7.0] and back.floor.tolist() == [-0.5, 0.0]
    assert back.elapsed[0] == 2.0 and np.isnan(back.elapsed[1])
    assert back.forecast([1, 2], days=[4.0, 4.0]).tolist() == m.forecast([1, 2], days=[4.0, 4.0]).tolist()
    old = m.to_dict()
    for key in ("stability", "floor", "elapsed"):
        del old[key]
    before = ExplicitModel.from_dict(old)
    assert before.stability is None
    assert before.forecast([1, 2], days=[40.0, 40.0]).tolist() == m.forecast([1, 2]).tolist()
    with pytest.raises(ValueError):
        ExplicitModel(mastery=[0.0], gain=[0.0], variance=[0.0], stability=[0.0])
