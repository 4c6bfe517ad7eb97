"""Encoder f: one vector per interaction, and a recurrent student encoder over a whole history.

Per interaction x_t = (skill s_t, correct c_t, history features of s_t before answering) the
`InteractionEncoder` gives f(x_t) in R^D. These per-interaction embeddings are what
`metacore.metric.task_stats` summarises for the student-to-student distance. The
`StudentEncoder` runs a GRU over f(x_1..x_t) and its state h_t summarises the history; the
state is kept between attempts, so folding in one new attempt is one GRU step.

History features of a skill s at time t (all from the same student's earlier responses, so
they are known before the answer), `FEATURES` in order:

    log1p(successes on s), log1p(failures on s), seen s before (0/1),
    log1p(steps since the last practice of s; 0 if never), last answer on s (0 if never),
    the previous response was on s (0/1), log1p(t), smoothed share correct so far (sum c + 1)/(t + 2),
    log1p(current run of right answers on s), log1p(current run of wrong answers on s)
    (a response counts as right when correct >= 0.5),
    log1p(days since the last practice of s; 0 if never), log1p(days since the previous response)
    (the two times from the stored timestamps; both 0 where the data has none)

Every layer that reads the features starts with zero weights on the two times (`ignore_times`): they learn
only from data that has times, so a network trained without them ignores the days it is later given.

The same features feed the output heads for the skill being asked (`metacore.generator`).
"""
from __future__ import annotations

import numpy as np
import torch
from torch import nn

FEATURES = ("log_succ", "log_fail", "seen", "log_gap", "last_answer", "repeat", "log_t", "share_correct",
            "log_streak_right", "log_streak_wrong", "log_days_gap", "log_days_prev")
N_FEATURES = len(FEATURES)
TIME_FEATURES = [FEATURES.index("log_days_gap"), FEATURES.index("log_days_prev")]
DAY = 86400.0  # seconds
RECENT = 8  # the last responses a HistoryState keeps (skill and answer), for the generator's carry


def carry_key(skill, correct):
    """A response's key in the generator's carry tables (numpy, torch or scalars): skill * 2 + right
    (skill 0: no response)."""
    return skill * 2 + (correct >= 0.5)


def feature_rows(succ, fail, seen, gap, last, t, total_correct, streak_right=0, streak_wrong=0, days_gap=0.0,
                 days_prev=0.0) -> np.ndarray:
    """Assemble the feature matrix from raw counts (all broadcastable arrays). (..., N_FEATURES) float32."""
    succ, fail, seen, gap, last = (np.asarray(a, dtype=np.float32) for a in (succ, fail, seen, gap, last))
    t, total_correct = np.asarray(t, dtype=np.float32), np.asarray(total_correct, dtype=np.float32)
    shape = np.broadcast_shapes(succ.shape, t.shape)
    out = np.empty(shape + (N_FEATURES,), dtype=np.float32)
    out[..., 0] = np.log1p(succ)
    out[..., 1] = np.log1p(fail)
    out[..., 2] = seen
    out[..., 3] = np.log1p(gap) * seen
    out[..., 4] = last * seen
    out[..., 5] = (gap == 1) * seen
    out[..., 6] = np.log1p(t)
    out[..., 7] = (total_correct + 1.0) / (t + 2.0)
    out[..., 8] = np.log1p(np.asarray(streak_right, dtype=np.float32))
    out[..., 9] = np.log1p(np.asarray(streak_wrong, dtype=np.float32))
    out[..., 10] = np.log1p(np.maximum(np.asarray(days_gap, dtype=np.float32), 0.0)) * seen
    out[..., 11] = np.log1p(np.maximum(np.asarray(days_prev, dtype=np.float32), 0.0))
    return out


def days_between(later, earlier) -> np.ndarray:
    """(later - earlier) in days, from seconds (arrays)."""
    return (np.asarray(later, dtype=np.float64) - np.asarray(earlier, dtype=np.float64)) / DAY


def history_features(skills: np.ndarray, correct: np.ndarray, offsets: np.ndarray,
                     times: np.ndarray | None = None) -> np.ndarray:
    """(N, N_FEATURES) features of every interaction's skill before it is answered (vectorised); times (N,)
    seconds of each response (None: the time features are 0)."""
    skills = np.asarray(skills, dtype=np.int64)
    correct = np.asarray(correct, dtype=np.float64)
    offsets = np.asarray(offsets, dtype=np.int64)
    n = len(skills)
    if n == 0:
        return np.zeros((0, N_FEATURES), dtype=np.float32)
    lengths = np.diff(offsets)
    student = np.repeat(np.arange(len(lengths)), lengths)
    pos = np.arange(n) - offsets[student]
    # totals so far within the student
    csum = np.cumsum(correct)
    before_all = csum - correct
    total_correct = before_all - np.concatenate([[0.0], csum])[offsets[student]]
    # group by (student, skill), time order within a group
    order = np.lexsort((np.arange(n), skills, student))
    sk, st, c, p = skills[order], student[order], correct[order], pos[order]
    new_group = np.ones(n, dtype=bool)
    new_group[1:] = (st[1:] != st[:-1]) | (sk[1:] != sk[:-1])
    group_id = np.cumsum(new_group) - 1
    group_start = np.flatnonzero(new_group)
    cs_before = np.cumsum(c) - c
    succ = cs_before - cs_before[group_start][group_id]
    count = np.arange(n) - group_start[group_id]
    fail = count - succ
    prev_p = np.concatenate([[0], p[:-1]])
    prev_c = np.concatenate([[0.0], c[:-1]])
    seen = ~new_group
    gap = np.where(seen, p - prev_p, 0)
    last = np.where(seen, prev_c, 0.0)
    # current runs: distance to the last wrong (right) answer earlier in the group
    idx = np.arange(n)
    floor = group_start[group_id] - 1
    runs = []
    for hit in (c < 0.5, c >= 0.5):  # a wrong answer ends a run of right ones, and vice versa
        last_hit = np.maximum.accumulate(np.where(hit, idx, -1))
        before = np.concatenate([[-1], last_hit[:-1]])
        runs.append(idx - 1 - np.maximum(before, floor))
    days_gap, days_prev = 0.0, np.zeros(n)
    if times is not None:
        times = np.asarray(times, dtype=np.float64)
        tg = times[order]
        days_gap = np.where(seen, days_between(tg, np.concatenate([[0.0], tg[:-1]])), 0.0)
        days_prev = np.where(pos > 0, days_between(times, np.concatenate([[0.0], times[:-1]])), 0.0)
    out = np.empty((n, N_FEATURES), dtype=np.float32)
    out[order] = feature_rows(succ, fail, seen, gap, last, p, total_correct[order], runs[0], runs[1], days_gap,
                              days_prev[order])
    return out


def dataset_features(data) -> np.ndarray:
    """`history_features` of a Dataset (with its times, where it has them)."""
    return history_features(data.skills, data.correct, data.offsets, getattr(data, "times", None))


def prefix_features(skills: np.ndarray, correct: np.ndarray, feats: np.ndarray, k: int, query: np.ndarray,
                    n_skills: int, times: np.ndarray | None = None) -> np.ndarray:
    """Features of the `query` skills as of time k of one student (skills/correct/feats: their history; times:
    its seconds, None: none): the days are counted to the k-th response (the last one seen), as a model
    generated then reads them."""
    pre_s, pre_c = skills[:k], correct[:k]
    succ = np.bincount(pre_s, weights=pre_c, minlength=n_skills + 1)
    cnt = np.bincount(pre_s, minlength=n_skills + 1)
    last_pos = np.full(n_skills + 1, -1, dtype=np.int64)
    np.maximum.at(last_pos, pre_s, np.arange(k))
    lp = last_pos[query]
    seen = lp >= 0
    at = np.maximum(lp, 0)
    last = np.where(seen, correct[at], 0.0) if k else np.zeros(len(query))
    right = last >= 0.5
    run_r = np.where(seen & right, np.rint(np.expm1(feats[at, 8])) + 1, 0) if k else 0
    run_w = np.where(seen & ~right, np.rint(np.expm1(feats[at, 9])) + 1, 0) if k else 0
    days_gap = np.where(seen, days_between(times[k - 1], times[at]), 0.0) if k and times is not None else 0.0
    return feature_rows(succ[query], cnt[query] - succ[query], seen, np.where(seen, k - lp, 0), last, k,
                        float(pre_c.sum()), run_r, run_w, days_gap)


class HistoryState:
    """Per-skill counts of one or many students, updated one attempt at a time (numpy).

    Arrays are (B, n_skills + 1) (column 0 unused). `features(skills)` gives the features of the
    given skills as of now; `all_features()` those of every skill (B, n_skills + 1, F); `carry_keys()`
    the last RECENT responses (skill * 2 + right, most recent first), for the generator's carry. Times (seconds;
    0 where the data has none): `last_time` of each skill's last practice and `now`, that of the last response:
    the days since a practice are counted to `now`, or to the time of the response about to be answered.
    """

    def __init__(self, n_students: int, n_skills: int):
        self.n_skills = n_skills
        shape = (n_students, n_skills + 1)
        self.succ = np.zeros(shape, dtype=np.float32)
        self.count = np.zeros(shape, dtype=np.float32)
        self.last_pos = np.full(shape, -1, dtype=np.int64)
        self.last_ans = np.zeros(shape, dtype=np.float32)
        self.streak_right = np.zeros(shape, dtype=np.float32)
        self.streak_wrong = np.zeros(shape, dtype=np.float32)
        self.t = np.zeros(n_students, dtype=np.int64)
        self.total_correct = np.zeros(n_students, dtype=np.float32)
        self.recent = np.zeros((n_students, RECENT), dtype=np.int64)  # `carry_keys`
        self.last_time = np.zeros(shape, dtype=np.float64)
        self.now = np.zeros(n_students, dtype=np.float64)

    @classmethod
    def from_prefixes(cls, data, ks: np.ndarray, students: np.ndarray | None = None,
                      feats: np.ndarray | None = None) -> "HistoryState":
        """State of each chosen student after their first ks[i] responses."""
        students = np.arange(data.n_students) if students is None else np.asarray(students)
        ks = np.asarray(ks, dtype=np.int64)
        state = cls(len(students), data.n_skills)
        rows, cols, c, p = [], [], [], []
        for i, s in enumerate(students):
            lo = data.offsets[s]
            k = int(ks[i])
            rows.append(np.full(k, i))
            cols.append(data.skills[lo:lo + k])
            c.append(data.correct[lo:lo + k])
            p.append(np.arange(k))
            last = slice(lo + max(k - RECENT, 0), lo + k)  # the last RECENT responses, most recent first
            keys = carry_key(data.skills[last], data.correct[last])[::-1]
            state.recent[i, :len(keys)] = keys
        if rows:
            r, k_, cc, pp = (np.concatenate(a) for a in (rows, cols, c, p))
            np.add.at(state.count, (r, k_), 1.0)
            np.add.at(state.succ, (r, k_), cc)
            np.maximum.at(state.last_pos, (r, k_), pp)
            has = state.last_pos >= 0
            ri, si = np.nonzero(has)
            flat_lo = data.offsets[students][ri] + state.last_pos[ri, si]
            state.last_ans[ri, si] = data.correct[flat_lo]
            # runs: from the features of the last practice (before answering) and its answer
            feats = dataset_features(data) if feats is None else feats
            right = state.last_ans[ri, si] >= 0.5
            run_r = np.rint(np.expm1(feats[flat_lo, 8]))
            run_w = np.rint(np.expm1(feats[flat_lo, 9]))
            state.streak_right[ri, si] = np.where(right, run_r + 1, 0)
            state.streak_wrong[ri, si] = np.where(right, 0, run_w + 1)
            if getattr(data, "times", None) is not None:
                state.last_time[ri, si] = data.times[flat_lo]
                ends = data.offsets[students] + ks - 1
                state.now = np.where(ks > 0, data.times[np.maximum(ends, 0)], 0.0)
            state.t = ks.copy()
            state.total_correct = np.bincount(r, weights=cc, minlength=len(students)).astype(np.float32)
        return state

    def features(self, skills: np.ndarray, rows: np.ndarray | None = None, at: float | None = None) -> np.ndarray:
        """Features of the given skills ((R,) or (R, K)) as of now, or as of a response about to be answered at
        time `at` (seconds)."""
        rows = np.arange(len(self.t)) if rows is None else rows
        skills = np.asarray(skills)
        r = rows if skills.ndim == 1 else rows[:, None]
        succ, count = self.succ[r, skills], self.count[r, skills]
        last_pos = self.last_pos[r, skills]
        t = self.t[rows] if skills.ndim == 1 else self.t[rows][:, None]
        tc = self.total_correct[rows] if skills.ndim == 1 else self.total_correct[rows][:, None]
        seen = last_pos >= 0
        now = self.now[rows] if skills.ndim == 1 else self.now[rows][:, None]
        ref = now if at is None else np.full_like(now, float(at))
        days_prev = days_between(ref, now) * (t > 0)
        return feature_rows(succ, count - succ, seen, np.where(seen, t - last_pos, 0), self.last_ans[r, skills], t, tc,
                            self.streak_right[r, skills], self.streak_wrong[r, skills],
                            days_between(ref, self.last_time[r, skills]), days_prev)

    def carry_keys(self, rows: np.ndarray | None = None) -> np.ndarray:
        """(R, RECENT) int64 `carry_key` of each student's last responses, most recent first (0: none)."""
        return self.recent if rows is None else self.recent[np.asarray(rows)]

    def all_features(self) -> np.ndarray:
        skills = np.broadcast_to(np.arange(self.n_skills + 1), (len(self.t), self.n_skills + 1))
        return self.features(skills)

    def update(self, row: int, skill: int, correct: float, time: float | None = None) -> None:
        """Fold in one response (time: its seconds; None: the times stay as they are)."""
        self.update_rows(np.array([row]), np.array([skill]), np.array([correct], dtype=np.float32),
                         None if time is None else np.array([time], dtype=np.float64))

    def update_rows(self, rows: np.ndarray, skills: np.ndarray, correct: np.ndarray,
                    times: np.ndarray | None = None) -> None:
        """Fold in one response per row: skills (R,), correct (R,) of the distinct students rows (R,); times (R,)
        their seconds (None: the times stay as they are)."""
        r, s = np.asarray(rows, dtype=np.int64), np.asarray(skills, dtype=np.int64)
        c = np.asarray(correct, dtype=np.float32)
        if times is not None:
            self.last_time[r, s] = self.now[r] = times
        self.succ[r, s] += c
        self.count[r, s] += 1
        self.last_pos[r, s] = self.t[r]
        self.last_ans[r, s] = c
        right = c >= 0.5
        self.streak_right[r, s] = np.where(right, self.streak_right[r, s] + 1, 0)
        self.streak_wrong[r, s] = np.where(right, 0, self.streak_wrong[r, s] + 1)
        self.t[r] += 1
        self.total_correct[r] += c
        self.recent[r, 1:] = self.recent[r, :-1]  # fancy indexing on the right copies first
        self.recent[r, 0] = carry_key(s, c)

    def rows_copy(self, rows: np.ndarray) -> "HistoryState":
        """A new state holding a copy of the students rows (R,), in that order."""
        out = HistoryState.__new__(HistoryState)
        out.n_skills = self.n_skills
        for name, value in vars(self).items():
            if isinstance(value, np.ndarray):
                setattr(out, name, value[np.asarray(rows)])
        return out

    def to_dict(self, row: int = 0) -> dict:
        return {"succ": self.succ[row].tolist(), "count": self.count[row].tolist(),
                "last_pos": self.last_pos[row].tolist(), "last_ans": self.last_ans[row].tolist(),
                "streak_right": self.streak_right[row].tolist(), "streak_wrong": self.streak_wrong[row].tolist(),
                "t": int(self.t[row]), "total_correct": float(self.total_correct[row]),
                "recent": self.recent[row].tolist(), "last_time": self.last_time[row].tolist(),
                "now": float(self.now[row])}

    @classmethod
    def from_dict(cls, d: dict) -> "HistoryState":
        state = cls(1, len(d["succ"]) - 1)
        state.succ[0] = d["succ"]
        state.count[0] = d["count"]
        state.last_pos[0] = d["last_pos"]
        state.last_ans[0] = d["last_ans"]
        state.streak_right[0] = d["streak_right"]
        state.streak_wrong[0] = d["streak_wrong"]
        state.t[0] = d["t"]
        state.total_correct[0] = d["total_correct"]
        state.recent[0] = d.get("recent", 0)  # states stored before (for nets without the carry): none
        state.last_time[0] = d.get("last_time", 0.0)  # states stored before the times: none
        state.now[0] = d.get("now", 0.0)
        return state


def ignore_times(layer: nn.Linear) -> nn.Linear:
    """A layer over the history features with zero weights on the times (`TIME_FEATURES`), so that they stay
    zero unless the training data has times (trained on data without them, untouched random weights would
    move every prediction by the days given later)."""
    with torch.no_grad():
        layer.weight[:, TIME_FEATURES] = 0.0
    return layer


class InteractionEncoder(nn.Module):
    """f(x) = E_wrong[s] (1 - c) + E_right[s] c + W feats(x): one D-vector per interaction."""

    def __init__(self, n_skills: int, dim: int):
        super().__init__()
        self.wrong = nn.Embedding(n_skills + 1, dim, padding_idx=0)
        self.right = nn.Embedding(n_skills + 1, dim, padding_idx=0)
        self.feats = ignore_times(nn.Linear(N_FEATURES, dim))

    def forward(self, skills: torch.Tensor, correct: torch.Tensor, feats: torch.Tensor) -> torch.Tensor:
        c = correct.unsqueeze(-1)
        return self.wrong(skills) * (1 - c) + self.right(skills) * c + self.feats(feats)


class StudentEncoder(nn.Module):
    """GRU over the interaction embeddings; states[:, t] summarises responses 0..t."""

    def __init__(self, n_skills: int, dim: int, hidden: int, dropout: float = 0.0, layers: int = 1):
        super().__init__()
        self.interaction = InteractionEncoder(n_skills, dim)
        self.dropout = nn.Dropout(dropout)
        self.gru = nn.GRU(dim, hidden, num_layers=layers, batch_first=True)
        self.hidden = hidden
        self.layers = layers

    def forward(self, skills, correct, feats, h0=None):
        x = self.dropout(self.interaction(skills, correct, feats))
        states, h = self.gru(x, h0)
        return states, h


def embed_interactions(encoder: InteractionEncoder, data, batch_rows: int = 65536,
                       feats: np.ndarray | None = None) -> np.ndarray:
    """(N, D) float32 f(x) of every interaction of a Dataset (rows in Dataset order)."""
    if feats is None:
        feats = dataset_features(data)
    device = next(encoder.parameters()).device
    out = []
    with torch.no_grad():
        for lo in range(0, data.n_interactions, batch_rows):
            sl = slice(lo, lo + batch_rows)
            e = encoder(torch.as_tensor(data.skills[sl], device=device),
                        torch.as_tensor(data.correct[sl], device=device),
                        torch.as_tensor(feats[sl], device=device))
            out.append(e.float().cpu().numpy())
    if not out:
        return np.zeros((0, encoder.wrong.embedding_dim), dtype=np.float32)
    return np.concatenate(out)
