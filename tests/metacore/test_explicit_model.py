import json
import math

import numpy as np
import pytest

from metacore.explicit_model import SCHEMA_VERSION, ExplicitModel, practice_counts


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
