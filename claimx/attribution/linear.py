"""Linear scorers over hashed string features, and the softmax that picks one candidate.

A feature is a short string ("s|rel=c:ccomp"); its weight sits at crc32(feature) modulo the
table size, so the weights hold numbers only, never the text they were learned from. Weights
are stored sparse (index, value) in a .npz file: numpy reads it in any version.
"""

import zlib
from itertools import accumulate, chain
from typing import Dict, Sequence

import numpy as np

BITS = 20


def feature_index(feature: str, mask: int = (1 << BITS) - 1) -> int:
    return zlib.crc32(feature.encode("utf-8")) & mask


def hashed(rows: Sequence[Sequence[str]]):
    """Flat feature indexes (feature_index of each), the offset where each row starts (for
    np.add.reduceat) and whether some row is empty. Each feature is hashed afresh: a dict of
    the features seen before (some 180,000 after 84 articles) cost more per lookup, in CPU
    cache misses, than crc32 of a short string."""
    lengths = [len(row) for row in rows]
    crcs = map(zlib.crc32, map(str.encode, chain.from_iterable(rows)))
    indexes = np.fromiter(crcs, dtype=np.int64, count=sum(lengths)) & ((1 << BITS) - 1)
    offsets = np.fromiter(accumulate(lengths[:-1], initial=0), dtype=np.int64, count=len(lengths))
    return indexes, offsets, min(lengths) == 0


class LinearScorer:
    """Score = sum of the weights of a candidate's features."""

    def __init__(self, weights: np.ndarray):
        self.weights = weights

    @classmethod
    def from_sparse(cls, index: np.ndarray, value: np.ndarray) -> "LinearScorer":
        weights = np.zeros(1 << BITS, dtype=np.float32)
        weights[index] = value
        return cls(weights)

    def sparse(self) -> Dict[str, np.ndarray]:
        index = np.flatnonzero(self.weights).astype(np.uint32)
        return {"index": index, "value": self.weights[index].astype(np.float32)}

    def scores(self, rows: Sequence[Sequence[str]]) -> np.ndarray:
        if not rows:
            return np.zeros(0, dtype=np.float32)
        indexes, offsets, some_empty = hashed(rows)
        if not len(indexes):
            return np.zeros(len(rows), dtype=np.float32)
        values = self.weights[indexes]
        if not some_empty:
            return np.add.reduceat(values, offsets)
        sums = np.add.reduceat(values, np.minimum(offsets, len(values) - 1))
        # reduceat gives a row with no features the next row's first weight: zero those.
        empty = np.diff(np.append(offsets, len(indexes))) == 0
        sums[empty] = 0.0
        return sums


def softmax(scores: np.ndarray) -> np.ndarray:
    e = np.exp(scores - scores.max())
    return e / e.sum()


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))
