import numpy as np

from metacore.lab.plan_eval.estimator import OnlineEstimator
from metacore.lab.plan_eval.policies import Context, policy_weighted_score
from metacore.planner import PlanConfig


def test_its_weighted_score_is_alosis_score_in_log_odds():
    # skills: 0 a prerequisite of 1; 2 independent. estimated P 0.3, 0.2 and 0.85
    est = OnlineEstimator(np.array([0.3, 0.2, 0.85]), np.zeros(3), n_students=1, v0=1e-9)
    prereq = np.zeros((3, 3), dtype=bool)
    prereq[0, 1] = True
    ctx = Context(est=est, goals=np.array([[False, True, True]]), candidates=np.ones((1, 3), dtype=bool),
                  prereq=prereq, since=np.full((1, 3), np.inf), succ=np.zeros((1, 3)), fail=np.zeros((1, 3)),
                  prev=np.array([-1]), t=0, rng=np.random.default_rng(0), config=PlanConfig())
    # 1 needs most remediation but its prerequisite is far from mastered: the readiness penalty sends it to 0
    assert policy_weighted_score(ctx)[0] == 0
    ctx.prev = np.array([2])  # continuity (+1 in log-odds units) does not outweigh remediation
    assert policy_weighted_score(ctx)[0] == 0
