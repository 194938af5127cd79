"""The attribution model: its weights, and the decisions it makes on one document.

Each decision is a linear scorer over hashed features (claimx.attribution.features):
- "cue": is this head word a cue here (yes/no, against an empty row scoring 0);
- "cue_start", "cue_end": where the cue begins and ends around its head;
- "source": which noun phrase is the source, or none;
- "content_start", "content_end": where the content begins and ends; "..._prune" score the same
  candidates with the first, cheap features only, to keep the few worth the full ones;
- "content_pair": the likeliest starts and ends paired, each pair scored as a whole
  (claimx.attribution.pairs) on top of its start's and end's scores (times settings
  "pair_scale"), where those scores leave the choice open (PAIR_MARGIN).
The file models/attribution.npz holds the weights of each (sparse), the candidate head words
(lemma|word class, learned from the train split), the dependency labels the model was trained
on, and the thresholds chosen on the dev split. It holds no text of the corpus.
"""

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, FrozenSet, List, Optional, Tuple

import numpy as np

import claimx.attribution.features as F
from claimx.attribution.linear import LinearScorer, sigmoid, softmax
from claimx.attribution.pairs import PairFeatures
from claimx.attribution.spans import best_pair, token_runs
from claimx.attribution.view import DocView
from claimx.assets import _models_folder

MODEL_FILE = "attribution.npz"
LIKELY_STARTS = 3
# Content boundaries scored with all features, of those the cheap first features rank best.
SHORTLIST = 5
# Word classes a cue head can have.
HEAD_POS = {"VERB", "AUX", "NOUN", "PROPN", "ADJ", "ADP"}
# The likeliest starts and ends paired for the pair scorer.
PAIRED = 4
# The pair scorer is asked only when the best pair by its start's and end's scores leads the
# next by less than this: about a quarter of the contents. On dev, margins from 0.5 to 2 and
# asking always score alike; 1 keeps the cost to 1.5 ms an article (4.1 when always asked).
PAIR_MARGIN = 1.0
DECISIONS = ("cue", "cue_start", "cue_end", "source", "content_start", "content_end",
             "content_start_prune", "content_end_prune", "content_pair")


@dataclass
class Attribution:
    """The model's reading of one cue (token indexes; source -1 when there is none)."""
    h: int
    cue: Tuple[int, int]
    source: int
    content: List[Tuple[int, int]]  # runs of tokens, in order


class AttributionModel:
    def __init__(self, scorers: Dict[str, LinearScorer], heads: FrozenSet[str],
                 labels: FrozenSet[str], settings: dict):
        self.scorers = scorers
        self.heads = heads
        self.labels = labels
        self.settings = settings

    # ------------------------------------------------------------ storage

    def save(self, path) -> None:
        arrays = {}
        for name, scorer in self.scorers.items():
            sparse = scorer.sparse()
            arrays[name + ".index"] = sparse["index"]
            arrays[name + ".value"] = sparse["value"]
        meta = {"heads": sorted(self.heads), "labels": sorted(self.labels), "settings": self.settings}
        arrays["meta"] = np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8)
        np.savez_compressed(path, **arrays)

    @classmethod
    def read(cls, path) -> "AttributionModel":
        with np.load(path) as z:
            meta = json.loads(bytes(z["meta"]).decode("utf-8"))
            scorers = {name: LinearScorer.from_sparse(z[name + ".index"], z[name + ".value"])
                       for name in DECISIONS}
        return cls(scorers, frozenset(meta["heads"]), frozenset(meta["labels"]), meta["settings"])

    # ------------------------------------------------------------ decisions

    def candidates(self, view: DocView, rule_heads) -> List[int]:
        """Rule cue heads, and words whose lemma and class headed cues in the train split."""
        found, heads = set(rule_heads), self.heads
        for i, (lemma, pos) in enumerate(zip(view.lemma, view.pos)):
            if pos in HEAD_POS and lemma + "|" + F.pos_class(pos) in heads:
                found.add(i)
        return sorted(found)

    def cue_probabilities(self, rows: List[List[str]]) -> np.ndarray:
        return sigmoid(self.scorers["cue"].scores(rows))

    def cue_extent(self, view: DocView, anchor: F.Anchor) -> Tuple[int, int]:
        starts = F.cue_start_candidates(view, anchor.h)
        ends = F.cue_end_candidates(view, anchor.h)
        pair = best_pair(
            starts, self.scorers["cue_start"].scores([F.cue_start_features(view, anchor, t) for t in starts]),
            ends, self.scorers["cue_end"].scores([F.cue_end_features(view, anchor, t) for t in ends]))
        return pair or (anchor.h, anchor.h)

    def source(self, view: DocView, anchor: F.Anchor, subject: Optional[int]) -> int:
        candidates = F.source_candidates(view, anchor)
        scores = self.scorers["source"].scores([F.source_features(view, anchor, s, subject)
                                                for s in candidates])
        return candidates[int(np.argmax(scores))]

    def content(self, view: DocView, anchor: F.Anchor, cue_heads: List[int]) -> Optional[tuple]:
        """The first and last word of the content, with the shortlists they were chosen from
        (for confidence()); or None."""
        shortlists = self.content_shortlists(view, anchor, cue_heads)
        if shortlists is None:
            return None
        bounds = self.content_bounds(view, anchor, cue_heads, shortlists)
        return None if bounds is None else (bounds, shortlists)

    def content_bounds(self, view: DocView, anchor: F.Anchor, cue_heads: List[int],
                       shortlists) -> Optional[Tuple[int, int]]:
        pairs, scores = self.content_pairs(*shortlists)
        if not pairs:  # every likely end before every likely start
            return best_pair(*shortlists)
        if len(pairs) == 1:
            return pairs[0]
        second, top = np.sort(scores)[-2:]
        if top - second >= PAIR_MARGIN:  # the bounds' own scores have decided
            return pairs[int(np.argmax(scores))]
        features = PairFeatures(view, anchor, cue_heads)
        scores = self.settings["pair_scale"] * scores + self.scorers["content_pair"].scores(
            [features(s, e) for s, e in pairs])
        return pairs[int(np.argmax(scores))]

    def content_shortlists(self, view: DocView, anchor: F.Anchor, cue_heads: List[int]):
        """The likely starts and ends of the content with their scores, or None."""
        h = anchor.h
        features = F.ContentFeatures(view, anchor)
        between: Dict[int, tuple] = {}

        def cues_between(t):
            """How many other cue heads lie between t and the cue, and the nearest: the same
            for t as a start and as an end, in the cheap pass and the full one."""
            if t not in between:
                between[t] = (F.count_between(cue_heads, t, h, h), F.nearest_between(cue_heads, h, t, anchor.cue))
            return between[t]

        def start_features(t, full):
            return features.start(t, *cues_between(t), full)

        def end_features(t, full):
            return features.end(t, *cues_between(t), full)

        starts, start_scores = self.shortlist("content_start", F.content_start_candidates(view, anchor),
                                              start_features)
        if not starts:
            return None
        # An end before every likely start cannot win.
        first = min(starts[i] for i in np.argsort(-start_scores)[:LIKELY_STARTS])
        ends, end_scores = self.shortlist(
            "content_end", [t for t in F.content_end_candidates(view, anchor) if t >= first], end_features)
        return starts, start_scores, ends, end_scores

    @staticmethod
    def content_pairs(starts, start_scores, ends, end_scores) -> Tuple[List[Tuple[int, int]], np.ndarray]:
        """The (start, end) pairs of the PAIRED best starts and ends, start <= end, with their
        summed scores."""
        best_starts = np.argsort(-start_scores)[:PAIRED]
        best_ends = np.argsort(-end_scores)[:PAIRED]
        pairs, scores = [], []
        for i in best_starts:
            for j in best_ends:
                if starts[i] <= ends[j]:
                    pairs.append((starts[i], ends[j]))
                    scores.append(start_scores[i] + end_scores[j])
        return pairs, np.array(scores, dtype=np.float32)

    def shortlist(self, name: str, candidates: List[int], features) -> Tuple[List[int], np.ndarray]:
        """The candidates worth the full features (the best SHORTLIST by the cheap ones), with
        their full scores."""
        if len(candidates) > SHORTLIST:
            quick = self.scorers[name + "_prune"].scores([features(t, False) for t in candidates])
            keep = sorted(np.argsort(-quick)[:SHORTLIST])
            candidates = [candidates[i] for i in keep]
        return candidates, self.scorers[name].scores([features(t, True) for t in candidates])

    def content_runs(self, view: DocView, anchor: F.Anchor, bounds: Tuple[int, int]) -> List[Tuple[int, int]]:
        """The content from its first to last word without the cue and the source in it. Around
        the cue, a quotation goes on with the next quotation: '"A," she told reporters. "B."'
        is A and B, not "reporters"."""
        first, last = bounds
        last = quotation_run_on(view, last)
        holes = set(range(anchor.cue[0], anchor.cue[1] + 1)) | set(anchor.source)
        runs = token_runs(view, first, last, holes)
        for i in range(1, len(runs)):
            before, (start, end) = runs[i - 1], runs[i]
            if view.quote[before[1]] >= 0 and view.quote[start] < 0 and before[1] < anchor.cue[0] <= start:
                quoted = next((t for t in range(start, end + 1) if view.quote[t] >= 0 and not view.punct[t]), None)
                if quoted is not None:
                    runs[i] = (quoted, end)
        return runs


def confidence(shortlists, bounds: Tuple[int, int]) -> float:
    """The start scorer's probability of the content's first word among the shortlisted starts,
    times the end scorer's of its last word: low where either boundary was a close call."""
    starts, start_scores, ends, end_scores = shortlists
    first, last = bounds
    if first not in starts or last not in ends:
        return 0.0
    return float(softmax(start_scores)[starts.index(first)] * softmax(end_scores)[ends.index(last)])


def quotation_run_on(view: DocView, last: int) -> int:
    """A content that ends a paragraph inside a quotation that runs on into the next ones (the
    news convention: no closing mark, the next paragraph opens with one) ends where it ends."""
    q = view.quotes.containing(view.idx[last])
    if q is None or not view.quotes.quotes[q].continued:
        return last
    k = view.sent[last]
    if last != view.sent_last[k] or k + 1 < len(view.para) and view.para[k + 1] == view.para[k]:
        return last
    end = view.quotes.chain_end(q)
    words = view.words_in(view.idx[last], end)
    return words[-1] if words else last


@lru_cache(maxsize=1)
def shipped_model() -> Optional[AttributionModel]:
    """The model in models/, or None when the package ships none."""
    path = _models_folder().joinpath(MODEL_FILE)
    if not path.is_file():
        return None
    with path.open("rb") as stream:
        return AttributionModel.read(stream)
