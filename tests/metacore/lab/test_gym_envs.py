import numpy as np
import torch
from gymnasium.utils.env_checker import check_env

from metacore.data import from_sequences
from metacore.lab.baselines.dkt import DKTNet
from metacore.lab.gym_envs import DKTEnv, GenerativeEnv


def test_it_is_a_gymnasium_env_over_the_generative_simulator():
    env = GenerativeEnv(max_steps=5)
    check_env(env, skip_render_check=True)
    obs, info = env.reset(seed=0)
    assert env.action_space.n == 15 and obs.shape == (60,) and env.observation_space.contains(obs)
    assert obs[45:].sum() == 3  # the goal mask
    total, p0 = 0.0, info["p_goal"]
    for t in range(5):
        obs, reward, terminated, truncated, info = env.step(int(np.flatnonzero(obs[45:])[0]))
        total += reward
        assert not terminated and truncated == (t == 4)
    assert total == np.float64(info["p_goal"] - p0) or abs(total - (info["p_goal"] - p0)) < 1e-12
    assert obs[:15].sum() + obs[15:30].sum() == 5  # successes + failures observed


def test_it_is_a_gymnasium_env_over_a_dkt():
    torch.manual_seed(0)
    net = DKTNet(4, 8, 16, 1, 0.0).eval()
    prefixes = from_sequences([([1, 2], [1, 0]), ([3, 3, 4], [0, 1, 1])], n_skills=4)
    env = DKTEnv(net, prefixes, n_goals=2, max_steps=3)
    check_env(env, skip_render_check=True)
    obs, info = env.reset(seed=1)
    assert env.action_space.n == 4 and env.observation_space.contains(obs)
    assert obs[:8].sum() == prefixes.lengths[env.student]  # the observed prefix is in the summary
    obs, reward, terminated, truncated, info = env.step(0)
    assert info["correct"] in (0.0, 1.0) and isinstance(reward, float)
