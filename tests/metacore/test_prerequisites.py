import numpy as np

from metacore.data import from_sequences
from metacore.prerequisites import PrerequisiteConfig, Suggestion, as_dag, suggest_prerequisites


def chain_data(n=300, seed=0):
    """Skill 1 then skill 2; students who got skill 1 right do much better on skill 2; skill 3 is noise."""
    rng = np.random.default_rng(seed)
    seqs = []
    for _ in range(n):
        knows = rng.random() < 0.5
        a = (rng.random(3) < (0.9 if knows else 0.2)).astype(int)
        b = (rng.random(3) < (0.85 if knows else 0.25)).astype(int)
        c = (rng.random(2) < 0.6).astype(int)
        seqs.append(([1, 1, 1, 3, 3, 2, 2, 2], list(a) + list(c) + list(b)))
    return from_sequences(seqs, n_skills=3)


def test_it_finds_the_link_the_data_was_made_with():
    out = suggest_prerequisites(chain_data(), PrerequisiteConfig(min_support=30))
    top = out[0]
    assert (top.prerequisite, top.dependant) == (1, 2)
    assert top.support == 300 and top.order_share == 1.0
    assert top.score > 0.4 and top.rate_if_mastered > top.rate_if_not
    assert all(s.score <= top.score for s in out)
    assert (2, 1) not in {(s.prerequisite, s.dependant) for s in out}  # 2 never comes before 1


def test_it_counts_exactly_on_a_hand_made_case():
    data = from_sequences([([1, 2], [1, 1]), ([1, 2], [0, 0]), ([1, 2], [1, 0]), ([2, 1], [1, 1])], n_skills=2)
    out = suggest_prerequisites(data, PrerequisiteConfig(min_support=1, min_group=1, prior=0.0, early=1))
    link = next(s for s in out if (s.prerequisite, s.dependant) == (1, 2))
    assert link.support == 3 and link.rate_if_mastered == 0.5 and link.rate_if_not == 0.0 and link.score == 0.5
    assert link.order_share == 0.75


def test_it_keeps_suggestions_to_a_dag():
    sugg = [Suggestion(1, 2, 0.9, 50, 0.9, 0.1, 1.0), Suggestion(2, 3, 0.8, 50, 0.9, 0.1, 1.0),
            Suggestion(3, 1, 0.7, 50, 0.9, 0.1, 1.0), Suggestion(1, 3, 0.6, 50, 0.9, 0.1, 1.0),
            Suggestion(4, 1, -0.1, 50, 0.9, 0.1, 1.0)]
    assert as_dag(sugg).tolist() == [[1, 2], [2, 3], [1, 3]]  # 3 -> 1 would close a cycle; negatives dropped
    assert as_dag(sugg, top=1).tolist() == [[1, 2]]
