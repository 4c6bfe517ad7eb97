"""Generator g: reads a student's history and emits that student's own explicit model.

`MetaCoreNet` = student encoder (f + GRU, `metacore.encoder`) + a skill-query head. For a state h
(the student's history so far) and a skill s with its history features x_s, the head gives

    z = W2 act(A h + Q[s] + B x_s + b) + c  ->  mastery m_s = z0, gain g_s = z1, variance v_s = softplus(z2)

(the first layer is a Linear over the concatenation [h, onehot(s), x_s], factorised so that a
whole skill vocabulary costs one small matrix per student), plus transfer tau = w . h.

* next-response prediction of response t: the head at h_{t-1} for the asked skill s_t
  (P = sigmoid(m / sqrt(1 + pi v / 8)), exactly `StudentModel.predict` of the model generated
  after t responses);
* generation: the head at h_k for every skill -> `StudentModel` (numpy, `metacore.student_model`);
* a brand-new student has h = 0 and empty counts: that is the population prior.
"""
from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from metacore.encoder import N_FEATURES, HistoryState, StudentEncoder, history_features
from metacore.student_model import StudentModel

_VAR_SHIFT = 4.0  # softplus(z - 4) ~ 0.018 at start: little uncertainty until training says otherwise


class MetaCoreNet(nn.Module):
    def __init__(self, n_skills: int, dim: int = 64, hidden: int = 128, head_hidden: int = 128,
                 dropout: float = 0.2, layers: int = 1):
        super().__init__()
        self.n_skills = n_skills
        self.encoder = StudentEncoder(n_skills, dim, hidden, dropout=dropout, layers=layers)
        self.h_proj = nn.Linear(hidden, head_hidden)
        self.q_proj = nn.Embedding(n_skills + 1, head_hidden)
        nn.init.normal_(self.q_proj.weight, std=0.1)
        self.f_proj = nn.Linear(N_FEATURES, head_hidden, bias=False)
        self.head_dropout = nn.Dropout(dropout)
        self.out = nn.Linear(head_hidden, 3)
        self.transfer = nn.Linear(hidden, 1)
        nn.init.zeros_(self.transfer.weight)
        nn.init.zeros_(self.transfer.bias)

    @property
    def hidden(self) -> int:
        return self.encoder.hidden

    # -- the head ---------------------------------------------------------------------------
    def head(self, h: torch.Tensor, skills: torch.Tensor, feats: torch.Tensor, h_projected: bool = False):
        """h (..., H) or already projected; skills (..., [K]); feats (..., [K], F) -> m, g, v of the same shape as skills."""
        a = h if h_projected else self.h_proj(h)
        if skills.dim() == a.dim():  # one extra axis of skills per state
            a = a.unsqueeze(-2)
        z = F.gelu(a + self.q_proj(skills) + self.f_proj(feats))
        z = self.out(self.head_dropout(z))
        return z[..., 0], z[..., 1], F.softplus(z[..., 2] - _VAR_SHIFT)

    @staticmethod
    def prob_logit(m: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
        """Logit of sigmoid(m / sqrt(1 + pi v / 8))."""
        return m / torch.sqrt(1.0 + math.pi * v / 8.0)

    # -- histories ----------------------------------------------------------------------------
    def states(self, skills, correct, feats, h0=None):
        """(B, T+1, H) states before each response (index 0 = before the first) and the last GRU state."""
        out, h = self.encoder(skills, correct, feats, h0)
        first = h0[-1].unsqueeze(1) if h0 is not None else out.new_zeros(out.shape[0], 1, out.shape[2])
        return torch.cat([first, out], dim=1), h

    def next_logits(self, skills, correct, feats, h0=None):
        """(B, T) logits of each response from the earlier ones (teacher forcing over the whole window)."""
        states, _ = self.states(skills, correct, feats, h0)
        m, _, v = self.head(states[:, :-1], skills, feats)
        return self.prob_logit(m, v)

    def generate_params(self, h: torch.Tensor, all_feats: torch.Tensor):
        """h (B, H), all_feats (B, S+1, F) -> m, g, v (B, S) for skills 1..S and tau (B,)."""
        skills = torch.arange(1, self.n_skills + 1, device=h.device)
        m, g, v = self.head(h, skills.expand(h.shape[0], -1), all_feats[:, 1:])
        return m, g, v, self.transfer(h).squeeze(-1)


def forecast_logits(m_q, g_q, v_q, tau, j, i):
    """Torch twin of `StudentModel.forecast`: logits of P(correct) for query responses.

    m_q, g_q, v_q: the generated parameters of each query response's skill; tau broadcast per student;
    j: earlier query practices of the same skill; i: index within the query.
    """
    mu = m_q + g_q * torch.log1p(j) + tau * torch.log1p(i)
    return MetaCoreNet.prob_logit(mu, v_q)


def _device_of(net: nn.Module) -> torch.device:
    return next(net.parameters()).device


def _padded(data, students, feats, lengths, device):
    width = int(lengths.max()) if len(lengths) else 0
    B = len(students)
    sk = np.zeros((B, width), dtype=np.int64)
    co = np.zeros((B, width), dtype=np.float32)
    fe = np.zeros((B, width, N_FEATURES), dtype=np.float32)
    for r, s in enumerate(students):
        lo, n = data.offsets[s], int(lengths[r])
        sk[r, :n] = data.skills[lo:lo + n]
        co[r, :n] = data.correct[lo:lo + n]
        fe[r, :n] = feats[lo:lo + n]
    return (torch.as_tensor(sk, device=device), torch.as_tensor(co, device=device),
            torch.as_tensor(fe, device=device))


@torch.no_grad()
def encode_histories(net: MetaCoreNet, data, ks: np.ndarray | None = None, batch_size: int = 256,
                     feats: np.ndarray | None = None) -> np.ndarray:
    """(S, H) generator state of each student after their first ks[s] responses (all of them by default)."""
    net.eval()
    lengths = data.lengths if ks is None else np.minimum(np.asarray(ks, dtype=np.int64), data.lengths)
    feats = history_features(data.skills, data.correct, data.offsets) if feats is None else feats
    device = _device_of(net)
    out = np.zeros((data.n_students, net.hidden), dtype=np.float32)
    order = np.argsort(-lengths, kind="stable")
    order = order[lengths[order] > 0]
    for lo in range(0, len(order), batch_size):
        idx = order[lo:lo + batch_size]
        sk, co, fe = _padded(data, idx, feats, lengths[idx], device)
        states, _ = net.states(sk, co, fe)
        out[idx] = states[torch.arange(len(idx), device=device), torch.as_tensor(lengths[idx], device=device)].cpu().numpy()
    return out


@torch.no_grad()
def generate_arrays(net: MetaCoreNet, h: np.ndarray, state: HistoryState, batch_size: int = 4096) -> dict:
    """Batched generation from kept states: {"mastery", "gain", "variance": (B, S), "transfer": (B,)}."""
    net.eval()
    device = _device_of(net)
    parts = {"mastery": [], "gain": [], "variance": [], "transfer": []}
    all_feats = state.all_features()
    for lo in range(0, len(h), batch_size):
        hh = torch.as_tensor(h[lo:lo + batch_size], device=device)
        ff = torch.as_tensor(all_feats[lo:lo + batch_size], device=device)
        m, g, v, tau = net.generate_params(hh, ff)
        for key, val in zip(("mastery", "gain", "variance", "transfer"), (m, g, v, tau)):
            parts[key].append(val.float().cpu().numpy())
    if not len(h):
        S = net.n_skills
        return {"mastery": np.zeros((0, S)), "gain": np.zeros((0, S)), "variance": np.zeros((0, S)),
                "transfer": np.zeros(0)}
    return {k: np.concatenate(v) for k, v in parts.items()}


def models_from_arrays(arrays: dict, h: np.ndarray | None = None, n_observed=None,
                       skill_vocabulary: list[int] | None = None) -> list[StudentModel]:
    out = []
    for b in range(len(arrays["transfer"])):
        out.append(StudentModel(mastery=arrays["mastery"][b], gain=arrays["gain"][b], variance=arrays["variance"][b],
                                transfer=float(arrays["transfer"][b]), skill_vocabulary=list(skill_vocabulary or []),
                                embedding=None if h is None else h[b],
                                n_observed=0 if n_observed is None else int(n_observed[b])))
    return out


def generate_models(net: MetaCoreNet, data, ks: np.ndarray | None = None,
                    skill_vocabulary: list[int] | None = None) -> list[StudentModel]:
    """One StudentModel per student of `data`, generated from their first ks[s] responses (default: all)."""
    ks = data.lengths if ks is None else np.minimum(np.asarray(ks, dtype=np.int64), data.lengths)
    h = encode_histories(net, data, ks)
    state = HistoryState.from_prefixes(data, ks)
    return models_from_arrays(generate_arrays(net, h, state), h, ks, skill_vocabulary)


def population_prior(net: MetaCoreNet, skill_vocabulary: list[int] | None = None) -> StudentModel:
    """The model g gives a brand-new student (no history)."""
    h = np.zeros((1, net.hidden), dtype=np.float32)
    return models_from_arrays(generate_arrays(net, h, HistoryState(1, net.n_skills)), h, [0], skill_vocabulary)[0]


class OnlineStudent:
    """One student's kept generator state: `update(skill, correct)` folds in one attempt (one GRU step)
    and returns the regenerated StudentModel. `to_dict`/`from_dict` store the state (JSON-safe)."""

    def __init__(self, net: MetaCoreNet, h: np.ndarray | None = None, state: HistoryState | None = None,
                 skill_vocabulary: list[int] | None = None):
        self.net = net.eval()
        layers = net.encoder.layers
        self.h = np.zeros((layers, 1, net.hidden), dtype=np.float32) if h is None else np.asarray(h, np.float32).reshape(layers, 1, net.hidden)
        self.state = HistoryState(1, net.n_skills) if state is None else state
        self.skill_vocabulary = skill_vocabulary

    @classmethod
    def from_history(cls, net: MetaCoreNet, skills, correct, skill_vocabulary=None) -> "OnlineStudent":
        skills = np.asarray(skills, dtype=np.int64)
        correct = np.asarray(correct, dtype=np.float32)
        student = cls(net, skill_vocabulary=skill_vocabulary)
        if len(skills):
            device = _device_of(net)
            feats = history_features(skills, correct, np.array([0, len(skills)]))
            with torch.no_grad():
                _, h = net.encoder(torch.as_tensor(skills[None], device=device),
                                   torch.as_tensor(correct[None], device=device),
                                   torch.as_tensor(feats[None], device=device))
            student.h = h.cpu().numpy()
            for s, c in zip(skills, correct):
                student.state.update(0, int(s), float(c))
        return student

    @torch.no_grad()
    def update(self, skill: int, correct: float) -> StudentModel:
        device = _device_of(self.net)
        feats = self.state.features(np.array([skill]))  # (1, F) before answering
        x = (torch.tensor([[skill]], device=device), torch.tensor([[float(correct)]], device=device),
             torch.as_tensor(feats[None], device=device))
        _, h = self.net.encoder(*x, torch.as_tensor(self.h, device=device))
        self.h = h.cpu().numpy()
        self.state.update(0, int(skill), float(correct))
        return self.model()

    def model(self) -> StudentModel:
        top = self.h[-1]
        return models_from_arrays(generate_arrays(self.net, top, self.state), top, [int(self.state.t[0])],
                                  self.skill_vocabulary)[0]

    def to_dict(self) -> dict:
        return {"h": self.h.ravel().astype(float).tolist(), "state": self.state.to_dict(0)}

    @classmethod
    def from_dict(cls, net: MetaCoreNet, d: dict, skill_vocabulary=None) -> "OnlineStudent":
        return cls(net, np.asarray(d["h"], np.float32), HistoryState.from_dict(d["state"]), skill_vocabulary)
