import numpy as np

from metacore.online_estimate import OnlineEstimator
from metacore.lab.plan_eval.policies import Context, FSRSReviews, policy_ours, policy_weighted_score
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


def test_ours_interleaves_the_items_of_one_day_as_a_sites_session_does():
    est = OnlineEstimator(np.array([0.7, 0.7]), np.array([3.0, 0.2]), n_students=1, v0=1e-9)  # two goals in the band
    goals = np.ones((1, 2), dtype=bool)
    ctx = Context(est=est, goals=goals, candidates=goals, prereq=np.zeros((2, 2), dtype=bool),
                  since=np.full((1, 2), np.inf), succ=np.zeros((1, 2)), fail=np.zeros((1, 2)), prev=np.array([-1]),
                  t=0, rng=np.random.default_rng(0), config=PlanConfig(), day=3)
    first = int(policy_ours(ctx)[0])
    ctx.prev, ctx.prev_day = np.array([first]), 3
    assert policy_ours(ctx)[0] == 1 - first  # after it the same day: the other
    ctx.prev_day = 2  # yesterday's last item: a new session
    assert policy_ours(ctx)[0] == first


def fsrs_context(goals, t=0, day=0, prev=None, prev_y=None):
    B, S = goals.shape
    return Context(est=None, goals=goals, candidates=goals, prereq=np.zeros((S, S), dtype=bool),
                   since=np.full((B, S), np.inf), succ=np.zeros((B, S)), fail=np.zeros((B, S)),
                   prev=np.full(B, -1) if prev is None else prev, t=t, rng=np.random.default_rng(0),
                   config=PlanConfig(), prev_y=prev_y, day=day)


def test_its_fsrs_policy_starts_new_goals_then_reviews_what_is_due_first_the_failed():
    goals = np.array([[False, True, True, False]])
    fsrs = FSRSReviews()
    picks, answers = [], {1: 0.0, 2: 1.0}  # skill 1 always wrong, skill 2 always right
    days = [0, 0, 1, 1, 2]
    for t, day in enumerate(days):
        prev = None if t == 0 else np.array([picks[-1]])
        ctx = fsrs_context(goals, t=t, day=day, prev=prev, prev_y=None if t == 0 else np.array([answers[picks[-1]]]))
        picks.append(int(fsrs(ctx)[0]))
    # day 0: the two new goals; day 1: the failed one is due (Again: 1 day), the other (Good: 2 days) is not
    assert picks[:3] == [1, 2, 1]
    assert fsrs.cards[0][1].stability < 1.0 < fsrs.cards[0][2].stability  # the ratings came from the answers
    assert [c.due.day - 4 for c in (fsrs.cards[0][1], fsrs.cards[0][2])] == [days[3] + 1, 2]


def test_its_context_says_the_days_since_each_skills_last_practice():
    ctx = fsrs_context(np.ones((1, 3), dtype=bool), day=9)
    assert np.isinf(ctx.days_since).all()  # nothing practised
    ctx.last_day = np.array([[2.0, -np.inf, 9.0]])
    np.testing.assert_array_equal(ctx.days_since, [[7.0, np.inf, 0.0]])
