"""Generator g: reads a student's history and emits that student's own explicit model.

`MetaCoreNet` = student encoder (f + GRU, `metacore.encoder`) + a skill-query head. For a state h
(the student's history so far) and a skill s with its history features x_s, the head gives

    z = W2 act(A h + Q[s] + B x_s + M h_last(s) + b) + c
    ->  mastery m_s = z0, gain g_s = z1, variance v_s = softplus(z2)

where h_last(s) is the GRU state right after the student's last practice of s (0 if never; the
"skill memory", off with skill_memory=False). The first layer is a Linear over the concatenation
[h, onehot(s), x_s, h_last(s)], factorised so that a whole skill vocabulary costs little per
student. Plus transfer tau = w . h.

Cross-skill gains (off with cross_rank=0): skill embeddings U, V (S, r) shared by the population and a
per-student scaling a = A h (r,): practising skill s' raises later logits of skill s by
sum_r U[s', r] a_r V[s, r] per log-step of the practice count of s' (`ExplicitModel.cross_source` = U,
`cross_target` = V diag(a)). They carry what is learnt on one skill to the skills that share its concept.

Forgetting by days: a fourth output of the head, the stability S_s = softplus(z3) + 0.1 days of what the
student has learnt of s (per student and skill, `ExplicitModel.stability`). A forecast t days after the
skill's last practice keeps the part of the logit above the population's level (the `floor`: the head at
h = 0 with every history feature 0, learnt as the level forgetting falls back to) by the FSRS-4
retrievability R(t) = (1 + t / (9 S))^-1, relative to R at generation (`ExplicitModel.forecast` with `days`).
It learns only from data with timestamps; without them S stays at its start, `STABILITY_START` days.

Carry (off with carry_lags=0): a learned logit offset sum_l C_l[s_{t-l}, c_{t-l}, s] of the very next
response on skill s, from the skill and answer of each of the last carry_lags responses (skill 0 where
there is none). It holds what lasts one response only: where an item tagged with several skills is
logged as one row per skill, the rows after the first repeat its answer; and an answer says most about
the items that come right after it. It enters next-response predictions (`ExplicitModel.predict_next`),
not mastery: a student's lasting state and forecasts leave it out.

* next-response prediction of response t: the head at h_{t-1} for the asked skill s_t, plus the carry
  (P = sigmoid((m + carry) / sqrt(1 + pi v / 8)), exactly `ExplicitModel.predict_next` of the model
  generated after t responses);
* generation: the head at h_k for every skill -> `ExplicitModel` (numpy, `metacore.explicit_model`);
* a brand-new student has h = 0 and empty counts: that is the population prior.

    net = MetaCoreNet(n_skills, NetConfig(hidden=128))
    logits, loss = net(batch, forecast_weight=0.25)   # a training batch of `metacore.train.build_batch`
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from metacore.data import pad_rows
from metacore.encoder import (N_FEATURES, RECENT, HistoryState, StudentEncoder, carry_key, dataset_features,
                             days_between, history_features, ignore_times)
from metacore.explicit_model import ExplicitModel
from metacore.functional import probit_scale

PER_SKILL = ("mastery", "gain", "variance", "carry", "stability")  # (B, S) arrays of generated parameters
PARAMS = PER_SKILL + ("transfer", "cross_scale")  # in the order `MetaCoreNet.generate_params` returns them
_VAR_SHIFT = 4.0  # softplus(z - 4) ~ 0.018 at start: little uncertainty until training says otherwise
STABILITY_START = 7.0  # days: the stability before training says otherwise (and without timestamps)
_STABILITY_MIN = 0.1  # days


def retrievability_torch(elapsed: torch.Tensor, stability: torch.Tensor) -> torch.Tensor:
    """Torch twin of `metacore.functional.retrievability`."""
    return 1.0 / (1.0 + elapsed.clamp(min=0.0) / (9.0 * stability))


@dataclass
class NetConfig:
    dim: int = 128  # interaction embedding size D (what the metric part compares)
    hidden: int = 256  # GRU state size H (the student embedding)
    head_hidden: int = 256  # hidden width of the skill-query head
    layers: int = 1  # GRU layers
    skill_memory: bool = True  # the head also reads the state right after the last practice of the asked skill
    carry_lags: int = 4  # a learned offset of the next response from the last responses' skills and answers (0: off)
    dropout: float = 0.3  # on interaction embeddings and the head
    cross_rank: int = 0  # rank r of the per-student cross-skill gains of the explicit model (0: off)


class MetaCoreNet(nn.Module):
    def __init__(self, n_skills: int, config: NetConfig | None = None):
        super().__init__()
        c = config or NetConfig()
        dim, hidden, head_hidden, dropout, carry_lags = c.dim, c.hidden, c.head_hidden, c.dropout, c.carry_lags
        self.n_skills = n_skills
        if not 0 <= carry_lags <= RECENT:
            raise ValueError(f"carry_lags must lie in 0..{RECENT}, not {carry_lags}")
        self.carry_lags = carry_lags
        # row ((lag - 1) * 2 (S + 1) + s_prev * 2 + c_prev) * (S + 1) + s: the carry of skill s when the response
        # `lag` steps back was (s_prev, c_prev)
        self.carry = nn.Embedding(carry_lags * 2 * (n_skills + 1) ** 2, 1) if carry_lags else None
        if carry_lags:
            nn.init.zeros_(self.carry.weight)
        self.skill_memory = c.skill_memory
        if c.skill_memory:  # the state right after the last practice of the asked skill, projected
            self.m_proj = nn.Linear(hidden, head_hidden, bias=False)
        self.encoder = StudentEncoder(n_skills, dim, hidden, dropout=dropout, layers=c.layers)
        self.h_proj = nn.Linear(hidden, head_hidden)
        self.q_proj = nn.Embedding(n_skills + 1, head_hidden)
        nn.init.normal_(self.q_proj.weight, std=0.1)
        self.f_proj = ignore_times(nn.Linear(N_FEATURES, head_hidden, bias=False))
        self.head_dropout = nn.Dropout(dropout)
        self.out = nn.Linear(head_hidden, 3)
        self.transfer = nn.Linear(hidden, 1)
        nn.init.zeros_(self.transfer.weight)
        nn.init.zeros_(self.transfer.bias)
        self.cross_rank = c.cross_rank
        if c.cross_rank:  # U, V (S + 1, r) shared; the per-student scaling starts at 0: no cross gains
            self.cross_source = nn.Embedding(n_skills + 1, c.cross_rank)
            self.cross_target = nn.Embedding(n_skills + 1, c.cross_rank)
            for table in (self.cross_source, self.cross_target):
                nn.init.normal_(table.weight, std=0.3)
            self.cross_scale = nn.Linear(hidden, c.cross_rank)
            nn.init.zeros_(self.cross_scale.weight)
            nn.init.zeros_(self.cross_scale.bias)
        self.stability_out = nn.Linear(head_hidden, 1)  # zero weights: STABILITY_START for everyone at first
        nn.init.zeros_(self.stability_out.weight)
        nn.init.constant_(self.stability_out.bias, float(np.log(np.expm1(STABILITY_START - _STABILITY_MIN))))

    @property
    def hidden(self) -> int:
        return self.encoder.hidden

    # -- the head ---------------------------------------------------------------------------
    def head(self, h: torch.Tensor, skills: torch.Tensor, feats: torch.Tensor, mem: torch.Tensor | None = None):
        """h (..., H); skills (..., [K]); feats (..., [K], F); mem (..., [K], head_hidden): projected skill
        memory (`gather_memory`) -> m, g, v, stability of the same shape as skills."""
        a = self.h_proj(h)
        if skills.dim() == a.dim():  # one extra axis of skills per state
            a = a.unsqueeze(-2)
        pre = a + self.q_proj(skills) + self.f_proj(feats)
        if mem is not None:
            pre = pre + mem
        hidden = self.head_dropout(F.gelu(pre))
        z = self.out(hidden)
        return z[..., 0], z[..., 1], F.softplus(z[..., 2] - _VAR_SHIFT), self.stability_of(hidden)

    def stability_of(self, hidden: torch.Tensor) -> torch.Tensor:
        """(...) stability in days from the head's hidden activations (..., head_hidden)."""
        return F.softplus(self.stability_out(hidden).squeeze(-1)) + _STABILITY_MIN

    def floor(self, skills: torch.Tensor) -> torch.Tensor:
        """The level of each skill that forgetting falls back to: the head's mastery logit at h = 0 with every
        history feature 0 (learnt as such by the forecast loss; close to, not the same as, the population prior,
        whose share-correct feature is 1/2)."""
        h = torch.zeros(self.hidden, device=skills.device)
        return self.head(h, skills, torch.zeros(*skills.shape, N_FEATURES, device=skills.device))[0]

    @staticmethod
    def prob_logit(m: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
        """Logit of the probit-approximated P(correct): m * probit_scale(v)."""
        return m * probit_scale(v)

    # -- histories ----------------------------------------------------------------------------
    def states(self, skills, correct, feats, h0=None):
        """(B, T+1, H) states before each response (index 0 = before the first) and the last GRU state."""
        out, h = self.encoder(skills, correct, feats, h0)
        first = h0[-1].unsqueeze(1) if h0 is not None else out.new_zeros(out.shape[0], 1, out.shape[2])
        return torch.cat([first, out], dim=1), h

    def project_memory(self, states: torch.Tensor) -> torch.Tensor | None:
        return self.m_proj(states) if self.skill_memory else None

    @staticmethod
    def last_practice(feats: torch.Tensor, now) -> torch.Tensor:
        """Index of the last earlier response on the asked skill (-1: none), from the features
        (seen flag and gap) as of time `now` (broadcastable)."""
        gap = torch.round(torch.expm1(feats[..., 3])).long()
        return torch.where(feats[..., 2] > 0.5, now - gap, torch.full_like(gap, -1))

    @staticmethod
    def gather_memory(projected: torch.Tensor | None, last: torch.Tensor) -> torch.Tensor | None:
        """projected (B, T+1, E) states (index p+1 = after response p), last (B, X) -> (B, X, E);
        zeros where last < 0."""
        if projected is None:
            return None
        idx = (last + 1).clamp(min=0)
        out = projected.gather(1, idx.unsqueeze(-1).expand(*idx.shape, projected.shape[-1]))
        return out * (last >= 0).unsqueeze(-1).to(out.dtype)

    # -- carry ------------------------------------------------------------------------------------
    def carry_along(self, skills: torch.Tensor, correct: torch.Tensor) -> torch.Tensor | float:
        """(B, T) carry of each response of a window from the `carry_lags` ones before it (none before the
        first)."""
        if self.carry is None:
            return 0.0
        T, block = skills.shape[1], 2 * (self.n_skills + 1)
        out = 0.0
        for lag in range(1, self.carry_lags + 1):
            keep, pad = max(T - lag, 0), min(lag, T)
            key = carry_key(F.pad(skills[:, :keep], (pad, 0)), F.pad(correct[:, :keep], (pad, 0)))
            out = out + self.carry(((lag - 1) * block + key) * (self.n_skills + 1) + skills).squeeze(-1)
        return out

    def carry_all(self, keys: torch.Tensor) -> torch.Tensor | None:
        """keys (B, >= carry_lags) `carry_key` of the last responses, most recent first -> (B, S) carry of every
        skill 1..S for the next response."""
        if self.carry is None:
            return None
        table = self.carry.weight.view(self.carry_lags, -1, self.n_skills + 1)  # (L, 2 (S + 1), S + 1)
        lags = torch.arange(self.carry_lags, device=keys.device)
        return table[lags, keys[:, :self.carry_lags], 1:].sum(1)

    # -- a window of responses -------------------------------------------------------------------
    def forward(self, batch: Mapping[str, torch.Tensor], forecast_weight: float = 0.0
                ) -> tuple[torch.Tensor, torch.Tensor | None]:
        """A window of responses, batch["skills"], batch["correct"] (B, T) and batch["feats"] (B, T, F) ->
        (logits (B, T) of each response from the earlier ones (teacher forcing, with the carry), loss).

        loss is None unless the batch says which responses are scored (batch["scored"] (B, T) bool, as
        `metacore.train.build_batch` makes it): then the BCE of the scored responses, plus forecast_weight
        times the BCE of the query responses' forecast (`query_logits`) where the batch holds a query, each
        response weighted by batch["q_weight"] where the batch has it."""
        skills, correct, feats = batch["skills"], batch["correct"], batch["feats"]
        states, _ = self.states(skills, correct, feats)
        projected = self.project_memory(states)
        now = torch.arange(skills.shape[1], device=skills.device)
        mem = self.gather_memory(projected, self.last_practice(feats, now))  # (a practice before the window: none)
        m, _, v, _ = self.head(states[:, :-1], skills, feats, mem)
        logits = self.prob_logit(m + self.carry_along(skills, correct), v)
        if "scored" not in batch:
            return logits, None
        scored, q_mask = batch["scored"], batch["q_mask"]
        loss = F.binary_cross_entropy_with_logits(logits[scored], correct[scored])
        if forecast_weight > 0 and bool(q_mask.any()):
            f_logits = query_logits(self, states, projected, batch)
            weight = batch["q_weight"][q_mask] if "q_weight" in batch else None
            loss = loss + forecast_weight * F.binary_cross_entropy_with_logits(f_logits[q_mask],
                                                                               batch["q_correct"][q_mask], weight)
        return logits, loss

    def generate_params(self, h: torch.Tensor, all_feats: torch.Tensor, mem: torch.Tensor | None,
                        carry_keys: torch.Tensor):
        """h (B, H), all_feats (B, S+1, F), mem (B, S, E) projected memory of skills 1..S (None: none yet),
        carry_keys (B, >= carry_lags) of the last responses (`HistoryState.carry_keys`)
        -> m, g, v, carry, stability (B, S) for skills 1..S, tau (B,) and the cross-gain scaling (B, r)."""
        # the head of `head` for every skill at once, summed in place (no per-student copy of Q)
        pre = self.f_proj(all_feats[:, 1:])  # (B, S, E)
        pre += self.h_proj(h).unsqueeze(1)
        pre += self.q_proj.weight[1:]
        if mem is not None:
            pre += mem
        hidden = self.head_dropout(F.gelu(pre))
        z = self.out(hidden)
        m, g, v = z[..., 0], z[..., 1], F.softplus(z[..., 2] - _VAR_SHIFT)
        carry = self.carry_all(carry_keys)
        return (m, g, v, torch.zeros_like(m) if carry is None else carry, self.stability_of(hidden),
                self.transfer(h).squeeze(-1), self.scale_cross(h))

    def scale_cross(self, h: torch.Tensor) -> torch.Tensor:
        """h (..., H) -> (..., r) the student's scaling of the cross-skill gains (r = 0: none)."""
        return self.cross_scale(h) if self.cross_rank else h.new_zeros(*h.shape[:-1], 0)

    def cross_factors(self) -> dict[str, np.ndarray]:
        """The population's U, V (S, r) of skills 1..S as numpy ({} when cross gains are off)."""
        if not self.cross_rank:
            return {}
        return {"cross_source": self.cross_source.weight[1:].detach().float().cpu().numpy(),
                "cross_target": self.cross_target.weight[1:].detach().float().cpu().numpy()}


def forecast_logits(m_q, g_q, v_q, tau, j, i, cross=0.0, kept=None, floor=None):
    """Torch twin of `ExplicitModel.forecast`: logits of P(correct) for query responses.

    m_q, g_q, v_q: the generated parameters of each query response's skill; tau broadcast per student;
    j: earlier query practices of the same skill; i: index within the query; cross: the cross-skill term
    (`cross_logits_along`, 0: none); kept: the share of the logit above `floor` that forgetting keeps
    (`kept_share`; None: all of it).
    """
    mu = m_q + g_q * torch.log1p(j) + tau * torch.log1p(i) + cross
    if kept is not None:
        mu = floor + (mu - floor) * kept
    return MetaCoreNet.prob_logit(mu, v_q)


def kept_share(days: torch.Tensor, days0: torch.Tensor, stability: torch.Tensor) -> torch.Tensor:
    """R(days) / R(days0) at the given stability: what is kept of the learnt part of a logit `days` after the
    skill's last practice, of what was there `days0` after it (at generation)."""
    return retrievability_torch(days, stability) / retrievability_torch(days0, stability)


def cross_logits_along(source_q: torch.Tensor, target_q: torch.Tensor, j: torch.Tensor) -> torch.Tensor:
    """Torch twin of `explicit_model.cross_logits`, one student per row: source_q, target_q (B, Q, r) the U
    and scaled V rows of each query response's skill, j (B, Q) -> (B, Q). Padding after a row's end is harmless:
    the sum runs over earlier responses only."""
    step = source_q * (torch.log1p(j + 1.0) - torch.log1p(j)).unsqueeze(-1)
    return ((torch.cumsum(step, dim=1) - step) * target_q).sum(-1)


def query_logits(net: MetaCoreNet, states: torch.Tensor, projected, batch: Mapping[str, torch.Tensor]
                 ) -> torch.Tensor:
    """(B, Q) forecast logits of the query responses by the ExplicitModel dynamics of the
    parameters generated from the state after the support (= `ExplicitModel.forecast`, in torch)."""
    rows = torch.arange(states.shape[0], device=states.device)
    h_k = states[rows, batch["split"]]  # (B, H): the state after the support
    mem_q = net.gather_memory(projected, net.last_practice(batch["q_feats"], batch["split"].unsqueeze(1)))
    mq, gq, vq, sq = net.head(h_k, batch["q_skills"], batch["q_feats"], mem_q)  # (B, Q) per query skill
    tau = net.transfer(h_k)  # (B, 1)
    kept = floor = None
    if "q_days" in batch:  # the data has times: forgetting by days
        kept = kept_share(batch["q_days"], batch["q_days0"], sq)
        floor = net.floor(batch["q_skills"])
    cross = 0.0
    if net.cross_rank:
        q = batch["q_skills"]
        target = net.cross_target(q) * net.scale_cross(h_k).unsqueeze(1)  # (B, Q, r)
        cross = cross_logits_along(net.cross_source(q), target, batch["q_j"])
    return forecast_logits(mq, gq, vq, tau, batch["q_j"], batch["q_i"], cross, kept, floor)


def _device_of(net: nn.Module) -> torch.device:
    return next(net.parameters()).device


def history_tensors(data, students: np.ndarray, lengths: np.ndarray, feats: np.ndarray, device
                    ) -> dict[str, torch.Tensor]:
    """The first lengths[b] responses of each of the students, padded: {"skills", "correct": (B, T),
    "feats": (B, T, F)} on `device` (a batch for `MetaCoreNet.forward`)."""
    _, padded = pad_rows(data.offsets[students], lengths, data.skills, data.correct, feats)
    return {key: torch.as_tensor(a, device=device) for key, a in zip(("skills", "correct", "feats"), padded)}


@torch.no_grad()
def encode_histories(net: MetaCoreNet, data, ks: np.ndarray | None = None, batch_size: int = 256,
                     feats: np.ndarray | None = None) -> np.ndarray:
    """(S, H) generator state of each student after their first ks[s] responses (all of them by default)."""
    return generate_from_histories(net, data, ks, batch_size, feats, params=False)[0]


@torch.no_grad()
def generate_from_histories(net: MetaCoreNet, data, ks: np.ndarray | None = None, batch_size: int = 256,
                            feats: np.ndarray | None = None, params: bool = True) -> tuple[np.ndarray, dict | None]:
    """Batched generation from histories: (h (S, H), arrays as `generate_arrays`) after each student's
    first ks[s] responses (all by default); a student with 0 responses gets the population prior."""
    net.eval()
    lengths = data.lengths if ks is None else np.minimum(np.asarray(ks, dtype=np.int64), data.lengths)
    feats = dataset_features(data) if feats is None else feats
    device = _device_of(net)
    S = net.n_skills
    h_out = np.zeros((data.n_students, net.hidden), dtype=np.float32)
    arrays = {key: np.zeros((data.n_students, S), np.float32) for key in PER_SKILL}
    arrays["transfer"] = np.zeros(data.n_students, np.float32)
    arrays["cross_scale"] = np.zeros((data.n_students, net.cross_rank), np.float32)
    state = HistoryState.from_prefixes(data, lengths, feats=feats) if params else None
    state_feats = state.all_features() if params else None  # (S, n_skills + 1, F)
    order = np.argsort(-lengths, kind="stable")
    for lo in range(0, len(order), batch_size):
        idx = order[lo:lo + batch_size]
        if lengths[idx].max() > 0:
            window = history_tensors(data, idx, lengths[idx], feats, device)
            states, _ = net.states(window["skills"], window["correct"], window["feats"])
        else:
            states = torch.zeros(len(idx), 1, net.hidden, device=device)
        rows = torch.arange(len(idx), device=device)
        at = torch.as_tensor(lengths[idx], device=device)
        h = states[rows, at]
        h_out[idx] = h.cpu().numpy()
        if not params:
            continue
        mem = None
        if net.skill_memory:
            last = torch.as_tensor(state.last_pos[idx, 1:], device=device)
            mem = net.m_proj(net.gather_memory(states, last))  # gather, then project: fewer rows than T
        all_feats = torch.as_tensor(state_feats[idx], device=device)
        keys = torch.as_tensor(state.carry_keys(idx), device=device)
        for c in range(0, len(idx), 32):  # small chunks: see generate_arrays
            part = slice(c, c + 32)
            out = net.generate_params(h[part], all_feats[part], None if mem is None else mem[part], keys[part])
            for key, val in zip(PARAMS, out):
                arrays[key][idx[part]] = val.float().cpu().numpy()
    return h_out, (arrays | time_arrays(net, state) | net.cross_factors() if params else None)


@torch.no_grad()
def generate_arrays(net: MetaCoreNet, h: np.ndarray, state: HistoryState, mem: np.ndarray | None = None,
                    batch_size: int = 32) -> dict:
    """Batched generation from kept states: h (B, H), the counts, and (with skill memory) mem (B, S, E)
    the projected state after each skill's last practice (zeros for unseen skills; None: all unseen)
    -> {"mastery", "gain", "variance", "carry": (B, S), "transfer": (B,), "cross_scale": (B, r)} and, with
    cross gains, the population's "cross_source", "cross_target" (S, r). Small chunks keep the (chunk, S, E)
    head activations in cache, which is several times faster on CPU than big ones."""
    net.eval()
    device = _device_of(net)
    parts = {key: [] for key in PARAMS}
    all_feats = state.all_features()
    keys = state.carry_keys()
    for lo in range(0, len(h), batch_size):
        hh = torch.as_tensor(h[lo:lo + batch_size], device=device)
        ff = torch.as_tensor(all_feats[lo:lo + batch_size], device=device)
        mm = None if mem is None or not net.skill_memory else torch.as_tensor(mem[lo:lo + batch_size], device=device)
        kk = torch.as_tensor(keys[lo:lo + batch_size], device=device)
        for key, val in zip(PARAMS, net.generate_params(hh, ff, mm, kk)):
            parts[key].append(val.float().cpu().numpy())
    if not len(h):
        return ({key: np.zeros((0, net.n_skills)) for key in PER_SKILL} | {"transfer": np.zeros(0)}
                | {"cross_scale": np.zeros((0, net.cross_rank))} | time_arrays(net, state) | net.cross_factors())
    return {k: np.concatenate(v) for k, v in parts.items()} | time_arrays(net, state) | net.cross_factors()


@torch.no_grad()
def time_arrays(net: MetaCoreNet, state: HistoryState) -> dict[str, np.ndarray]:
    """{"floor": (S,) the logits forgetting falls back to (`MetaCoreNet.floor`), "elapsed": (B, S) days from each
    skill's last practice to the last response (NaN: never practised)}: what `ExplicitModel.forecast` needs to
    forget by days."""
    skills = torch.arange(1, net.n_skills + 1, device=_device_of(net))
    floor = net.floor(skills).float().cpu().numpy()
    seen = state.count[:, 1:] > 0
    elapsed = np.where(seen, days_between(state.now[:, None], state.last_time[:, 1:]), np.nan)
    return {"floor": floor, "elapsed": elapsed}


@torch.no_grad()
def generate_along(net: MetaCoreNet, data, student: int, cuts, skill_vocabulary: list[int] | None = None
                   ) -> list[ExplicitModel]:
    """One student's models after each of `cuts` of their responses (e.g. the end of each practice day):
    the same models as `generate_models` on those prefixes, but the history is read once (C = len(cuts))."""
    net.eval()
    device = _device_of(net)
    n = int(data.lengths[student])
    cuts = np.minimum(np.asarray(cuts, dtype=np.int64), n)
    feats = dataset_features(data)
    if n:
        window = history_tensors(data, np.array([student]), data.lengths[student:student + 1], feats, device)
        states, _ = net.states(window["skills"], window["correct"], window["feats"])  # (1, n + 1, H): after 0..n
    else:
        states = torch.zeros(1, 1, net.hidden, device=device)
    h = states[0, torch.as_tensor(cuts, device=device)]  # (C, H)
    state = HistoryState.from_prefixes(data, cuts, students=np.full(len(cuts), student), feats=feats)
    mem = None
    if net.skill_memory:
        last = torch.as_tensor(state.last_pos[:, 1:], device=device)
        mem = net.m_proj(net.gather_memory(states.expand(len(cuts), -1, -1), last)).float().cpu().numpy()
    h = h.float().cpu().numpy()
    return models_from_arrays(generate_arrays(net, h, state, mem), h, cuts, skill_vocabulary)


def models_from_arrays(arrays: dict, h: np.ndarray | None = None, n_observed=None,
                       skill_vocabulary: list[int] | None = None) -> list[ExplicitModel]:
    out = []
    source = arrays.get("cross_source")
    for b in range(len(arrays["transfer"])):
        out.append(ExplicitModel(mastery=arrays["mastery"][b], gain=arrays["gain"][b], variance=arrays["variance"][b],
                                carry=arrays["carry"][b] if "carry" in arrays else None,
                                transfer=float(arrays["transfer"][b]), skill_vocabulary=list(skill_vocabulary or []),
                                embedding=None if h is None else h[b],
                                n_observed=0 if n_observed is None else int(n_observed[b]),
                                cross_source=source,
                                cross_target=(None if source is None
                                              else arrays["cross_target"] * arrays["cross_scale"][b]),
                                stability=arrays["stability"][b] if "stability" in arrays else None,
                                floor=arrays.get("floor"),
                                elapsed=arrays["elapsed"][b] if "elapsed" in arrays else None))
    return out


def generate_models(net: MetaCoreNet, data, ks: np.ndarray | None = None,
                    skill_vocabulary: list[int] | None = None) -> list[ExplicitModel]:
    """One ExplicitModel per student of `data`, generated from their first ks[s] responses (default: all)."""
    ks = data.lengths if ks is None else np.minimum(np.asarray(ks, dtype=np.int64), data.lengths)
    h, arrays = generate_from_histories(net, data, ks)
    return models_from_arrays(arrays, h, ks, skill_vocabulary)


def population_prior(net: MetaCoreNet, skill_vocabulary: list[int] | None = None) -> ExplicitModel:
    """The model g gives a brand-new student (no history)."""
    h = np.zeros((1, net.hidden), dtype=np.float32)
    return models_from_arrays(generate_arrays(net, h, HistoryState(1, net.n_skills)), h, [0], skill_vocabulary)[0]


class OnlineStudent:
    """One student's kept generator state: `update(skill, correct)` folds in one attempt (one GRU step)
    and returns the regenerated ExplicitModel. `to_dict`/`from_dict` store the state (JSON-safe).

    Kept: the GRU state h, the per-skill counts (`HistoryState`) and, with skill memory, the
    projected state after the last practice of each skill practised so far."""

    def __init__(self, net: MetaCoreNet, h: np.ndarray | None = None, state: HistoryState | None = None,
                 skill_vocabulary: list[int] | None = None, memory: dict[int, np.ndarray] | None = None):
        self.net = net.eval()
        layers = net.encoder.layers
        shape = (layers, 1, net.hidden)
        self.h = np.zeros(shape, dtype=np.float32) if h is None else np.asarray(h, np.float32).reshape(shape)
        self.state = HistoryState(1, net.n_skills) if state is None else state
        self.skill_vocabulary = skill_vocabulary
        width = net.m_proj.out_features if net.skill_memory else 0
        self.memory = np.zeros((net.n_skills + 1, width), dtype=np.float32)
        for s, v in (memory or {}).items():
            self.memory[int(s)] = v

    @classmethod
    def from_history(cls, net: MetaCoreNet, skills, correct, skill_vocabulary=None, times=None) -> "OnlineStudent":
        """times: the seconds of each response (None: none)."""
        skills = np.asarray(skills, dtype=np.int64)
        correct = np.asarray(correct, dtype=np.float32)
        student = cls(net, skill_vocabulary=skill_vocabulary)
        if len(skills):
            device = _device_of(net)
            feats = history_features(skills, correct, np.array([0, len(skills)]), times)
            with torch.no_grad():
                states, h = net.states(torch.as_tensor(skills[None], device=device),
                                       torch.as_tensor(correct[None], device=device),
                                       torch.as_tensor(feats[None], device=device))
                projected = net.project_memory(states)
            student.h = h.cpu().numpy()
            for t, (s, c) in enumerate(zip(skills, correct)):
                student.state.update(0, int(s), float(c), None if times is None else float(times[t]))
                if projected is not None:
                    student.memory[int(s)] = projected[0, t + 1].cpu().numpy()
        return student

    @torch.no_grad()
    def update(self, skill: int, correct: float, time: float | None = None) -> ExplicitModel:
        """Fold in one response (time: its seconds; None: no time)."""
        device = _device_of(self.net)
        feats = self.state.features(np.array([skill]), at=time)  # (1, F) before answering
        x = (torch.tensor([[skill]], device=device), torch.tensor([[float(correct)]], device=device),
             torch.as_tensor(feats[None], device=device))
        out, h = self.net.encoder(*x, torch.as_tensor(self.h, device=device))
        self.h = h.cpu().numpy()
        if self.net.skill_memory:
            self.memory[int(skill)] = self.net.m_proj(out[0, -1]).cpu().numpy()
        self.state.update(0, int(skill), float(correct), time)
        return self.model()

    def model(self) -> ExplicitModel:
        top = self.h[-1]
        mem = self.memory[None, 1:] if self.net.skill_memory else None
        return models_from_arrays(generate_arrays(self.net, top, self.state, mem), top, [int(self.state.t[0])],
                                  self.skill_vocabulary)[0]

    def to_dict(self) -> dict:
        seen = np.flatnonzero(self.state.count[0] > 0)
        return {"h": self.h.ravel().astype(float).tolist(), "state": self.state.to_dict(0),
                "memory": ({str(int(s)): self.memory[s].astype(float).tolist() for s in seen}
                           if self.net.skill_memory else {})}

    @classmethod
    def from_dict(cls, net: MetaCoreNet, d: dict, skill_vocabulary=None) -> "OnlineStudent":
        memory = {int(s): np.asarray(v, np.float32) for s, v in d.get("memory", {}).items()}
        return cls(net, np.asarray(d["h"], np.float32), HistoryState.from_dict(d["state"]), skill_vocabulary, memory)
