"""The two student simulators as Gymnasium environments (one student per episode), for RL policies.

    action       the skill to practise, 0..S-1 (Discrete(S))
    observation  the observed history summary, float32 (4 * S,): per skill [successes, failures,
                 1 / (1 + items since it was last practised) (0 = never), is a goal], the first three from the
                 observed responses only (DKT: the real prefix counts too)
    reward       change of the mean true P(success) on the goal skills caused by the step
    episode      truncated after max_steps items; info holds "p_goal" (mean true P on goals) and "correct"

A policy trained here is graded by the same harness as the planners, on the same observation:
    metacore.lab.plan_eval.harness.run_simulator(population, steps, seed, config, extra={"rl": obs_policy(act)})
with act((B, 4 * S) observations) -> (B,) skills (see `metacore.lab.plan_eval.policies.obs_policy`).

    env = GenerativeEnv(max_steps=50); obs, info = env.reset(seed=0); obs, r, term, trunc, info = env.step(3)
"""
from __future__ import annotations

import gymnasium as gym
import numpy as np
from gymnasium import spaces

from metacore.data import Dataset
from metacore.lab.simulators import DKTSimulator, GenerativeConfig, GenerativeSimulator, draw_goals, mean_on_goals


class PracticeEnv(gym.Env):
    metadata = {"render_modes": []}

    def __init__(self, n_skills: int, max_steps: int = 50):
        self.n_skills, self.max_steps = n_skills, max_steps
        self.action_space = spaces.Discrete(n_skills)
        self.observation_space = spaces.Box(0.0, 1e6, shape=(4 * n_skills,), dtype=np.float32)  # counts < 1e6
        self.sim = None

    def _new_sim(self, rng: np.random.Generator):  # a B = 1 simulator for a new student
        raise NotImplementedError

    def _history(self) -> tuple[np.ndarray, np.ndarray]:  # observed (skills 0-based, answers) before the episode
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)

    def _p_goal(self) -> float:
        return float(mean_on_goals(self.sim.p_correct(), self.sim.goals)[0])

    def _obs(self) -> np.ndarray:
        recency = np.where(self.last >= 0, 1.0 / np.maximum(self.t - self.last, 1.0), 0.0)  # 1 right after
        return np.concatenate([self.succ, self.fail, recency, self.sim.goals[0]]).astype(np.float32)

    def reset(self, *, seed: int | None = None, options: dict | None = None):
        super().reset(seed=seed)
        self.sim = self._new_sim(self.np_random)
        self.succ, self.fail = np.zeros(self.n_skills), np.zeros(self.n_skills)
        self.last = np.full(self.n_skills, -1.0)
        skills, answers = self._history()
        np.add.at(self.succ, skills, answers)
        np.add.at(self.fail, skills, 1.0 - answers)
        self.t = len(skills)
        self.last[skills] = np.arange(len(skills))
        self.steps, self.p_goal = 0, self._p_goal()
        return self._obs(), {"p_goal": self.p_goal}

    def step(self, action):
        a = int(action)
        if not self.action_space.contains(a):
            raise ValueError(f"action {action!r} outside 0..{self.n_skills - 1}")
        y = float(self.sim.step(np.array([a]), np.array([self.np_random.random()]))[0])
        self.succ[a] += y
        self.fail[a] += 1.0 - y
        self.last[a] = self.t
        self.t += 1
        self.steps += 1
        before, self.p_goal = self.p_goal, self._p_goal()
        truncated = self.steps >= self.max_steps
        return self._obs(), self.p_goal - before, False, truncated, {"p_goal": self.p_goal, "correct": y}


class GenerativeEnv(PracticeEnv):
    def __init__(self, config: GenerativeConfig | None = None, max_steps: int = 50):
        self.config = config or GenerativeConfig()
        super().__init__(self.config.n_skills, max_steps)

    def _new_sim(self, rng):
        return GenerativeSimulator(1, seed=int(rng.integers(2 ** 31)), config=self.config)


class DKTEnv(PracticeEnv):
    def __init__(self, net, prefixes: Dataset, edges: np.ndarray | None = None, goal_pool: np.ndarray | None = None,
                 n_goals: int = 3, max_steps: int = 50):
        """net: a trained DKTNet (see `simulators.train_dkt`); prefixes: real histories, one drawn per episode;
        goal_pool: 0-based skills goals are drawn from (default all)."""
        n_skills = net.out.out_features - 1
        super().__init__(n_skills, max_steps)
        self.net, self.prefixes, self.n_goals = net, prefixes, n_goals
        self.edges = np.zeros((0, 2), dtype=np.int64) if edges is None else np.asarray(edges)
        self.goal_pool = np.arange(n_skills) if goal_pool is None else np.asarray(goal_pool)

    def _new_sim(self, rng):
        self.student = int(rng.integers(self.prefixes.n_students))
        goals = draw_goals(rng, 1, self.goal_pool, self.n_skills, self.n_goals)
        return DKTSimulator(self.net, self.prefixes.subset([self.student]), goals, self.edges)

    def _history(self):
        skills, answers = self.prefixes.student(self.student)
        return skills - 1, answers.astype(np.float64)
