"""From chosen boundary tokens to character pieces."""

from typing import Iterable, List, Optional, Sequence, Tuple

import numpy as np

from claimx.attribution.view import DocView


def best_pair(starts: Sequence[int], start_scores: np.ndarray, ends: Sequence[int],
              end_scores: np.ndarray) -> Optional[Tuple[int, int]]:
    """The (start, end) tokens with start <= end and the highest summed score."""
    order = sorted(range(len(starts)), key=lambda i: starts[i])
    best, best_pair_ = -np.inf, None
    j = 0
    top, top_token = -np.inf, None
    for e in sorted(range(len(ends)), key=lambda i: ends[i]):
        while j < len(order) and starts[order[j]] <= ends[e]:
            if start_scores[order[j]] > top:
                top, top_token = start_scores[order[j]], starts[order[j]]
            j += 1
        if top_token is not None and top + end_scores[e] > best:
            best, best_pair_ = top + end_scores[e], (top_token, ends[e])
    return best_pair_


def token_runs(view: DocView, first: int, last: int, holes: Iterable[int]) -> List[Tuple[int, int]]:
    """The runs of tokens from first to last without the holes, as (first, last) tokens with
    no space or punctuation at either end."""
    holes = set(holes)
    runs, run = [], []
    for i in range(first, last + 1):
        if i in holes:
            if run:
                runs.append(run)
            run = []
        else:
            run.append(i)
    if run:
        runs.append(run)
    out = []
    for run in runs:
        words = [i for i in run if not view.punct[i]]
        if words:
            out.append((words[0], words[-1]))
    return out


def char_pieces(view: DocView, runs: List[Tuple[int, int]]) -> List[Tuple[int, int]]:
    return [(view.idx[a], view.end[b]) for a, b in runs]
