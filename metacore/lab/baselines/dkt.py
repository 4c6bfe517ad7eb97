"""Deep Knowledge Tracing (Piech et al. 2015): an LSTM over a student's (skill, answer) interactions.

Input at step t is a learned start vector for t = 0 and the embedding of interaction t-1 after it
(answer a in [0, 1] mixes the "right" and "wrong" embeddings of the skill); the output at step t
predicts response t through a per-skill logit. Training cuts long students into windows of
`window` steps (each starting from the start vector); prediction runs the LSTM over each student's
whole history with no resets. `forecast(data, k)` reads the first k answers, then rolls on over
the later skills feeding the model its own expected answers.
"""
from __future__ import annotations

import copy
import time
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from metacore.data import Dataset, pad_batch, pad_rows
from metacore.scoring import auc


class DKTNet(nn.Module):
    def __init__(self, n_skills: int, emb: int, hidden: int, layers: int, dropout: float):
        super().__init__()
        self.right = nn.Embedding(n_skills + 1, emb)  # skill answered right
        self.wrong = nn.Embedding(n_skills + 1, emb)  # skill answered wrong
        self.start = nn.Parameter(torch.zeros(emb))
        self.lstm = nn.LSTM(emb, hidden, num_layers=layers, batch_first=True,
                            dropout=dropout if layers > 1 else 0.0)
        self.drop = nn.Dropout(dropout)
        self.out = nn.Linear(hidden, n_skills + 1)

    def embed(self, skills: torch.Tensor, correct: torch.Tensor) -> torch.Tensor:
        """(B, T) skills and answers in [0, 1] -> (B, T, E) interaction embeddings."""
        a = correct.unsqueeze(-1)  # (B, T, 1)
        return a * self.right(skills) + (1 - a) * self.wrong(skills)

    def forward(self, skills: torch.Tensor, correct: torch.Tensor) -> torch.Tensor:
        """skills, correct (B, T) -> (B, T, n_skills+1) logits; step t sees interactions 0..t-1."""
        x = self.embed(skills, correct)  # (B, T, E)
        start = self.start.expand(x.shape[0], 1, -1)  # (B, 1, E)
        h, _ = self.lstm(torch.cat([start, x[:, :-1]], dim=1))  # (B, T, H) shifted by one step
        return self.out(self.drop(h))

    def rollout(self, skills: torch.Tensor, correct: torch.Tensor, k: int) -> torch.Tensor:
        """(B, T) P(correct) of steps >= k after reading answers 0..k-1, each later step fed the
        model's own expected answer (p * right + (1 - p) * wrong); steps < k are NaN."""
        x = self.embed(skills[:, :k], correct[:, :k])  # (B, k, E)
        start = self.start.expand(x.shape[0], 1, -1)
        h, state = self.lstm(torch.cat([start, x], dim=1))  # (B, k+1, H)
        last = h[:, -1]  # (B, H) state after k answers
        probs = torch.full(skills.shape, float("nan"), device=skills.device)
        for t in range(k, skills.shape[1]):
            s = skills[:, t:t + 1]  # (B, 1)
            p = torch.sigmoid(self.out(last).gather(-1, s))  # (B, 1)
            probs[:, t] = p[:, 0]
            if t + 1 < skills.shape[1]:
                h, state = self.lstm(self.embed(s, p), state)
                last = h[:, 0]
        return probs


@dataclass
class Windows:
    student: np.ndarray  # (W,) student of each training window
    start: np.ndarray  # (W,) first row within the student
    length: np.ndarray  # (W,) number of responses


def windows(data: Dataset, window: int) -> Windows:
    """Cut each student into consecutive windows of at most `window` responses."""
    per = (data.lengths + window - 1) // window  # (S,) windows per student
    student = np.repeat(np.arange(data.n_students), per)
    first = np.concatenate([[0], np.cumsum(per)[:-1]]) if len(per) else per
    start = (np.arange(len(student)) - np.repeat(first, per)) * window
    length = np.minimum(data.lengths[student] - start, window)
    keep = length > 0
    return Windows(student[keep], start[keep], length[keep])


class DKT:
    name = "dkt"

    def __init__(self, *, hidden: int = 128, emb: int = 64, layers: int = 1, dropout: float = 0.3,
                 lr: float = 2e-3, weight_decay: float = 0.0, batch_size: int = 64, window: int = 200,
                 epochs: int | None = 20, patience: int = 3, seed: int = 0, device: str = "cpu",
                 eval_batch_size: int = 128, verbose: bool = False):
        self.hidden, self.emb, self.layers, self.dropout = hidden, emb, layers, dropout  # LSTM size
        self.lr, self.weight_decay = lr, weight_decay  # Adam
        self.batch_size, self.window = batch_size, window  # training windows per batch, steps per window
        self.epochs = 20 if epochs is None else epochs  # most epochs; early stopping on valid AUC
        self.patience = patience  # epochs without a better valid AUC before stopping
        self.seed, self.device = seed, torch.device(device)
        self.eval_batch_size, self.verbose = eval_batch_size, verbose
        self.net: DKTNet | None = None
        self.epochs_run = 0
        self.history: list[dict] = []  # per epoch: loss, valid_auc, seconds

    def _tensors(self, skills: np.ndarray, correct: np.ndarray):
        return (torch.from_numpy(skills).to(self.device),
                torch.from_numpy(correct).to(self.device))

    def _batches(self, data: Dataset, win: Windows, rng: np.random.Generator):
        """Shuffled batches of windows of similar length (sorted inside pools of 32 batches)."""
        order = rng.permutation(len(win.length))
        pool = self.batch_size * 32
        batches = []
        for lo in range(0, len(order), pool):
            chunk = order[lo:lo + pool]
            chunk = chunk[np.argsort(-win.length[chunk], kind="stable")]
            batches += [chunk[i:i + self.batch_size] for i in range(0, len(chunk), self.batch_size)]
        for b in rng.permutation(len(batches)):
            idx = batches[b]
            mask, (skills, correct) = pad_rows(data.offsets[win.student[idx]] + win.start[idx], win.length[idx],
                                               data.skills, data.correct)
            yield skills, correct, mask

    def fit(self, train: Dataset, valid: Dataset | None = None) -> "DKT":
        torch.manual_seed(self.seed)
        rng = np.random.default_rng(self.seed)
        self.n_skills = train.n_skills if valid is None else max(train.n_skills, valid.n_skills)
        self.net = DKTNet(self.n_skills, self.emb, self.hidden, self.layers, self.dropout).to(self.device)
        opt = torch.optim.Adam(self.net.parameters(), lr=self.lr, weight_decay=self.weight_decay)
        win = windows(train, self.window)
        best, best_state, bad = -np.inf, None, 0
        for epoch in range(self.epochs):
            self.net.train()
            t0, total, count = time.time(), 0.0, 0
            for skills, correct, mask in self._batches(train, win, rng):
                s, c = self._tensors(skills, correct)
                m = torch.from_numpy(mask).to(self.device)
                logits = self.net(s, c).gather(-1, s.unsqueeze(-1)).squeeze(-1)  # (B, T)
                loss = nn.functional.binary_cross_entropy_with_logits(logits[m], c[m])
                opt.zero_grad()
                loss.backward()
                nn.utils.clip_grad_norm_(self.net.parameters(), 5.0)
                opt.step()
                total, count = total + loss.item() * int(mask.sum()), count + int(mask.sum())
            self.epochs_run = epoch + 1
            score = auc(valid.correct, self.predict_next(valid)) if valid is not None else -total / max(count, 1)
            self.history.append({"epoch": epoch + 1, "loss": total / max(count, 1), "valid": score,
                                 "seconds": time.time() - t0})
            if self.verbose:
                print(f"dkt epoch {epoch + 1}: loss {total / max(count, 1):.4f} valid {score:.4f} "
                      f"({time.time() - t0:.1f}s)", flush=True)
            if score > best:
                best, best_state, bad = score, copy.deepcopy(self.net.state_dict()), 0
            else:
                bad += 1
                if bad >= self.patience:
                    break
        if best_state is not None:
            self.net.load_state_dict(best_state)
        return self

    @torch.no_grad()
    def _probabilities(self, data: Dataset, k: int | None) -> np.ndarray:
        """(N,) P(correct) from the LSTM run over each whole student (with k: see `forecast`)."""
        self.net.eval()
        out = np.full(data.n_interactions, np.nan)
        order = np.argsort(-data.lengths, kind="stable")  # similar lengths together
        for lo in range(0, len(order), self.eval_batch_size):
            batch = pad_batch(data, order[lo:lo + self.eval_batch_size])
            if batch.skills.shape[1] == 0:
                continue
            skills = np.where(batch.skills <= self.n_skills, batch.skills, 0)  # skills unseen in training: row 0
            s, c = self._tensors(skills, batch.correct)
            if k is None:
                logits = self.net(s, c)  # (B, T, K+1); step t has read answers 0..t-1 only
                p = torch.sigmoid(logits.gather(-1, s.unsqueeze(-1)).squeeze(-1)).cpu().numpy()  # (B, T)
            else:
                p = self.net.rollout(s, c, k).cpu().numpy()  # (B, T)
            for r, st in enumerate(batch.students):
                n = int(batch.mask[r].sum())
                out[data.offsets[st]:data.offsets[st] + n] = p[r, :n]
        return out

    def predict_next(self, data: Dataset) -> np.ndarray:
        return self._probabilities(data, None)

    def forecast(self, data: Dataset, k: int) -> np.ndarray:
        """Read the first k answers, then roll the LSTM on over the later skills, feeding it its own
        expected answer at each step (the answers after k are never read)."""
        p = self._probabilities(data, k)
        pos = np.arange(data.n_interactions) - np.repeat(data.offsets[:-1], data.lengths)
        return np.where(pos >= k, p, np.nan)
