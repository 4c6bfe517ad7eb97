import json

import numpy as np
import torch

from metacore.explicit_model import ExplicitModel, practice_counts
from metacore.generator import (MetaCoreNet, NetConfig, OnlineStudent, cross_logits_along, encode_histories,
                                forecast_logits, generate_along, generate_models, population_prior)
from metacore.train import predict_next

from .synthetic import synthetic


def tiny_net(n_skills=6, seed=0):
    torch.manual_seed(seed)
    net = MetaCoreNet(n_skills, NetConfig(dim=8, hidden=12, head_hidden=10, dropout=0.0)).eval()
    torch.nn.init.normal_(net.carry.weight)  # it starts at zero: make it count
    return net


def test_it_gives_a_new_student_the_population_prior():
    net = tiny_net()
    data = synthetic(n_students=6)
    prior = population_prior(net)
    first = predict_next(net, data)[data.offsets[:-1]]
    assert np.allclose(prior.predict_next(data.skills[data.offsets[:-1]]), first, atol=1e-6)
    assert np.allclose(generate_models(net, data, ks=np.zeros(data.n_students))[0].mastery, prior.mastery)


def test_it_regenerates_after_one_attempt_as_the_batch_does():
    net = tiny_net()
    data = synthetic(n_students=4, min_len=8)
    p_next = predict_next(net, data)
    skills, correct = data.student(0)
    online = OnlineStudent(net)
    for t, (s, c) in enumerate(zip(skills, correct)):
        assert abs(online.model().predict_next([s])[0] - p_next[t]) < 1e-5
        model = online.update(int(s), float(c))
    batch = generate_models(net, data)[0]
    assert np.allclose(model.mastery, batch.mastery, atol=1e-5)
    assert np.allclose(model.gain, batch.gain, atol=1e-5)
    assert np.allclose(model.carry, batch.carry, atol=1e-6)
    assert np.allclose(model.embedding, batch.embedding, atol=1e-5)
    stored = OnlineStudent.from_dict(net, json.loads(json.dumps(online.to_dict())))
    assert np.allclose(stored.update(1, 1.0).mastery, online.update(1, 1.0).mastery, atol=1e-6)
    rebuilt = OnlineStudent.from_history(net, skills, correct)
    assert np.allclose(rebuilt.model().mastery, batch.mastery, atol=1e-5)


def test_it_generates_a_batch_as_one_by_one():
    net = tiny_net()
    data = synthetic(n_students=9)
    ks = np.array([0, 1, 2, 3, 4, 5, 6, 2, 1])
    models = generate_models(net, data, ks)
    h = encode_histories(net, data, ks)
    assert h.shape == (9, 12)
    for s in (0, 3, 8):
        alone = generate_models(net, data.subset([s]), ks[s:s + 1])[0]
        assert np.allclose(alone.mastery, models[s].mastery, atol=1e-5)
        assert models[s].n_observed == ks[s]
    assert all(isinstance(m, ExplicitModel) and m.n_skills == 6 for m in models)


def test_it_forecasts_in_torch_as_the_student_model_does():
    rng = np.random.default_rng(1)
    m = ExplicitModel(mastery=rng.normal(size=4), gain=rng.normal(size=4), variance=rng.uniform(0, 2, 4), transfer=0.4)
    future = np.array([2, 2, 4, 1, 2, 4])
    idx = future - 1
    t = lambda a: torch.as_tensor(np.asarray(a, dtype=np.float64))  # noqa: E731
    logits = forecast_logits(t(m.mastery[idx]), t(m.gain[idx]), t(m.variance[idx]), t(m.transfer),
                             t(practice_counts(future)), t(np.arange(len(future))))
    assert np.allclose(torch.sigmoid(logits).numpy(), m.forecast(future), atol=1e-12)


def test_it_forecasts_the_cross_gains_in_torch_as_the_student_model_does():
    rng = np.random.default_rng(2)
    m = ExplicitModel(mastery=rng.normal(size=4), gain=rng.normal(size=4), variance=rng.uniform(0, 2, 4),
                      transfer=0.4, cross_source=rng.normal(size=(4, 3)), cross_target=rng.normal(size=(4, 3)))
    future = np.array([2, 2, 4, 1, 2, 4, 3])
    idx, j = future - 1, practice_counts(future)
    t = lambda a: torch.as_tensor(np.asarray(a, dtype=np.float64))  # noqa: E731
    cross = cross_logits_along(t(m.cross_source[idx])[None], t(m.cross_target[idx])[None], t(j)[None])[0]
    logits = forecast_logits(t(m.mastery[idx]), t(m.gain[idx]), t(m.variance[idx]), t(m.transfer), t(j),
                             t(np.arange(len(future))), cross)
    assert np.allclose(torch.sigmoid(logits).numpy(), m.forecast(future), atol=1e-12)
    assert not np.allclose(cross.numpy(), 0.0)


def test_it_generates_each_students_cross_gains_from_shared_skill_factors():
    torch.manual_seed(0)
    net = MetaCoreNet(6, NetConfig(dim=8, hidden=12, head_hidden=10, dropout=0.0, cross_rank=2)).eval()
    torch.nn.init.normal_(net.cross_scale.weight)
    data = synthetic(n_students=3, min_len=6)
    models = generate_models(net, data)
    source = net.cross_source.weight[1:].detach().numpy()
    for m in models:
        scale = net.cross_scale(torch.as_tensor(m.embedding)).detach().numpy()
        assert np.allclose(m.cross_source, source)
        assert np.allclose(m.cross_target, net.cross_target.weight[1:].detach().numpy() * scale, atol=1e-6)
    skills, correct = data.student(0)
    online = OnlineStudent.from_history(net, skills, correct).model()
    assert np.allclose(online.cross_target, models[0].cross_target, atol=1e-5)
    assert population_prior(net).cross_source.shape == (6, 2)


def test_it_generates_along_one_history_as_from_each_prefix():
    for skill_memory in (False, True):
        torch.manual_seed(0)
        net = MetaCoreNet(6, NetConfig(dim=8, hidden=12, head_hidden=10, dropout=0.0, skill_memory=skill_memory)).eval()
        data = synthetic(n_students=3, min_len=12)
        cuts = np.array([0, 1, 5, 9, int(data.lengths[1])])
        along = generate_along(net, data, 1, cuts, skill_vocabulary=list(range(11, 17)))
        for cut, model in zip(cuts, along):
            alone = generate_models(net, data.subset([1]), np.array([cut]))[0]
            assert np.allclose(model.mastery, alone.mastery, atol=1e-5)
            assert np.allclose(model.variance, alone.variance, atol=1e-5)
            assert np.allclose(model.embedding, alone.embedding, atol=1e-5)
            assert model.n_observed == cut and model.skill_vocabulary == list(range(11, 17))
