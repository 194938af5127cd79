"""Linear scorers over hashed string features, and the softmax that picks one candidate.

A feature is a short string ("s|rel=c:ccomp"); its weight sits at crc32(feature) modulo the
table size, so the weights hold numbers only, never the text they were learned from. Weights
are stored sparse (index, value) in a .npz file: numpy reads it in any version.
"""

import zlib
from typing import Dict, List, Sequence

import numpy as np

BITS = 20


def feature_index(feature: str, mask: int = (1 << BITS) - 1) -> int:
    return zlib.crc32(feature.encode("utf-8")) & mask


# Features seen before, with their index: most recur in every document ("side=R", "nc=,").
# Emptied when full (a news article brings some 2,000 new ones), so that a long run's memory
# stays flat: about 35 MB at most.
_KNOWN: Dict[str, int] = {}
MAX_KNOWN = 1 << 18


def hashed(rows: Sequence[Sequence[str]]):
    """Flat feature indexes and the offset where each row starts (for np.add.reduceat)."""
    if len(_KNOWN) > MAX_KNOWN:
        _KNOWN.clear()
    known = _KNOWN
    lookup = known.__getitem__
    indexes: List[int] = []
    offsets: List[int] = []
    for row in rows:
        offsets.append(len(indexes))
        try:
            indexes.extend(map(lookup, row))
        except KeyError:
            del indexes[offsets[-1]:]
            for f in row:
                i = known.get(f)
                if i is None:
                    i = known[f] = feature_index(f)
                indexes.append(i)
    return np.asarray(indexes, dtype=np.int64), np.asarray(offsets, dtype=np.int64)


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
        indexes, offsets = hashed(rows)
        if not len(indexes):
            return np.zeros(len(rows), dtype=np.float32)
        values = self.weights[indexes]
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
