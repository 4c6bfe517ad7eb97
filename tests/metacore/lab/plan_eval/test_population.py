import numpy as np

from metacore.data import from_sequences
from metacore.lab.plan_eval.population import fit_transfer


def test_its_transfer_fit_finds_a_planted_cross_skill_effect():
    # every student alternates skills 1 and 2; a right answer on 1 makes the next answer on 2 likelier
    rng = np.random.default_rng(0)
    seqs = []
    for _ in range(400):
        sk, co, last = [], [], 0.0
        for t in range(20):
            s = 1 + t % 2
            p = 0.5 if s == 1 else (0.8 if last > 0 else 0.3)
            y = float(rng.random() < p)
            sk.append(s)
            co.append(y)
            if s == 1:
                last = y
        seqs.append((np.array(sk), np.array(co, dtype=np.float32)))
    data = from_sequences(seqs, n_skills=2)
    cross = fit_transfer(data, decay=0.3)
    assert cross.shape == (2, 2, 2)
    assert cross[0, 0, 1] - cross[1, 0, 1] > 1.0  # right vs wrong on skill 1 -> skill 2's logit
    assert abs(cross[0, 1, 0] - cross[1, 1, 0]) < 0.5  # nothing planted the other way
