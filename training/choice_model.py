"""Fit a linear scorer that picks the right candidate of each group (a conditional logit).

Each training group is a list of candidates (each a list of string features) and the index of
the right one. The loss is the softmax cross-entropy of the right candidate within its group plus
an L2 penalty; scipy's L-BFGS minimises it over the hashed feature columns that occur. A yes/no
decision is a group of two: the candidate, and an empty "no" row that always scores 0.
A reranker's candidates each carry a score from earlier decisions (an offset): its score is
that offset times a learned scale plus its own features' weights (fit_reranker).
"""

from array import array
from typing import Sequence

import numpy as np
from scipy import sparse

from claimx.attribution.linear import BITS, LinearScorer, feature_index


class ChoiceData:
    """Training groups, hashed as they come (the feature strings are not kept)."""

    def __init__(self):
        self.indexes = array("l")
        self.row_starts = array("l")
        self.group_starts = array("l")
        self.gold = array("l")
        self.offsets = array("d")

    def add(self, candidates: Sequence[Sequence[str]], right: int, offsets: Sequence[float] = ()) -> None:
        """A group; skipped when the right candidate is not among them (right < 0)."""
        if not 0 <= right < len(candidates):
            return
        self.group_starts.append(len(self.row_starts))
        self.gold.append(len(self.row_starts) + right)
        self.offsets.extend(offsets)
        for row in candidates:
            self.row_starts.append(len(self.indexes))
            self.indexes.extend(feature_index(f) for f in row)

    def add_yes_no(self, row: Sequence[str], label: bool) -> None:
        self.add([row, []], 0 if label else 1)

    def __len__(self):
        return len(self.gold)


def fit_choices(data: ChoiceData, l2: float = 1.0, max_iter: int = 300) -> LinearScorer:
    return _fit(data, l2, max_iter, None)[0]


def fit_reranker(data: ChoiceData, l2: float = 1.0, max_iter: int = 300):
    """The scorer of the candidates' own features and the scale of their offsets (one offset per
    candidate, given to ChoiceData.add); the scale is not penalised."""
    if len(data.offsets) != len(data.row_starts):
        raise ValueError("fit_reranker needs one offset per candidate")
    return _fit(data, l2, max_iter, np.frombuffer(data.offsets, dtype=np.float64))


def _fit(data: ChoiceData, l2: float, max_iter: int, offsets):
    indexes = np.frombuffer(data.indexes, dtype=np.int64) if len(data.indexes) else np.zeros(0, np.int64)
    n_rows = len(data.row_starts)
    indptr = np.append(np.frombuffer(data.row_starts, dtype=np.int64), len(indexes))
    columns, compact = np.unique(indexes, return_inverse=True)
    x = sparse.csr_matrix((np.ones(len(compact)), compact, indptr), shape=(n_rows, len(columns)))
    x.sum_duplicates()
    starts = np.frombuffer(data.group_starts, dtype=np.int64)
    gold = np.frombuffer(data.gold, dtype=np.int64)
    group_of_row = np.repeat(np.arange(len(starts)), np.diff(np.append(starts, n_rows)))

    def group_softmax(s):
        """The cross-entropy of the right candidates within their groups, and its gradient in s."""
        m = np.maximum.reduceat(s, starts)
        e = np.exp(s - m[group_of_row])
        z = np.add.reduceat(e, starts)
        p = e / z[group_of_row]
        p[gold] -= 1.0
        return np.sum(np.log(z) + m - s[gold]), p

    def loss_and_grad(w):
        loss, p = group_softmax(x @ w)
        return loss + 0.5 * l2 * w @ w, x.T @ p + l2 * w

    def with_offsets(w):
        # The last weight is the offsets' scale, unpenalised.
        v = w[:-1]
        loss, p = group_softmax(x @ v + w[-1] * offsets)
        return loss + 0.5 * l2 * v @ v, np.append(x.T @ p + l2 * v, p @ offsets)

    if offsets is None:
        w, scale = lbfgs(loss_and_grad, np.zeros(len(columns)), max_iter), None
    else:
        w = lbfgs(with_offsets, np.append(np.zeros(len(columns)), 1.0), max_iter)
        w, scale = w[:-1], float(w[-1])
    weights = np.zeros(1 << BITS, dtype=np.float32)
    weights[columns] = w.astype(np.float32)
    return LinearScorer(weights), scale


def lbfgs(loss_and_grad, w, max_iter: int, memory: int = 10, tolerance: float = 1e-5):
    """Limited-memory BFGS with a backtracking line search (scipy's L-BFGS-B spends most of its
    time on bound bookkeeping this problem does not need)."""
    loss, grad = loss_and_grad(w)
    steps, changes = [], []
    for _ in range(max_iter):
        # Two-loop recursion: the search direction from the last `memory` steps.
        q = grad.copy()
        alphas = []
        for s, y in reversed(list(zip(steps, changes))):
            a = (s @ q) / (y @ s)
            alphas.append(a)
            q -= a * y
        if steps:
            q *= (steps[-1] @ changes[-1]) / (changes[-1] @ changes[-1])
        for (s, y), a in zip(zip(steps, changes), reversed(alphas)):
            q += (a - (y @ q) / (y @ s)) * s
        direction = -q
        slope = grad @ direction
        if slope >= 0:
            direction, slope = -grad, -(grad @ grad)
        step = 1.0 if steps else 1.0 / max(1.0, np.sqrt(grad @ grad))
        while True:
            new_w = w + step * direction
            new_loss, new_grad = loss_and_grad(new_w)
            if new_loss <= loss + 1e-4 * step * slope or step < 1e-10:
                break
            step *= 0.5
        s, y = new_w - w, new_grad - grad
        if y @ s > 1e-10:
            steps.append(s)
            changes.append(y)
            if len(steps) > memory:
                steps.pop(0)
                changes.pop(0)
        converged = abs(loss - new_loss) <= tolerance * max(1.0, abs(loss))
        w, loss, grad = new_w, new_loss, new_grad
        if converged:
            break
    return w
