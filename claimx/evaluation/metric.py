"""Score claimx's attribution extraction against PolNeAR-style gold annotations.

The metric, computed per article and summed over the corpus (micro-averaged):

* Mapping. A predicted claim of type "statement" that has a content is an attribution:
  its actor is the source, its action the cue, its content the content. Event claims and
  claims without content are ignored; a claim filed under several parties counts once, and a
  statement whose cue lies inside another statement's content is left out, since PolNeAR
  annotates only the outermost of nested attributions. Gold attributions come from ``gold["attributions"]``.

* Spans. A span is the union of its pieces (gold ``fragments``; predicted ``fragments`` when
  present, else ``start``/``end``). Each piece is trimmed, against the article text, of
  whitespace, quotation marks and edge punctuation; a piece that trims to nothing is dropped,
  and a span with no piece left counts as absent. A span is then the set of character
  positions it covers, so piece boundaries do not matter, only the characters covered.

* Roles (source, cue, content). The set of distinct gold spans of a role (a span shared by
  several attributions counts once) is compared with the set of distinct predicted spans:
  - exact: a true positive is a span present in both sets;
  - overlap: pairs with character Jaccard >= 0.5, matched one-to-one, best pairs first.

* Attribution. A predicted (source, content) pair matches a gold attribution when the
  contents have Jaccard >= 0.5 and the sources have Jaccard >= 0.5 (or neither has a source);
  one-to-one, best first by content Jaccard + source Jaccard (1 for two absent sources).
  Gold attributions without content are skipped. Attributions are not deduplicated.

Precision, recall and F1 are 0 when their denominator is 0; ``score_corpus`` reports them as
percentages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Optional

ROLES = ("source", "cue", "content")
MODES = ("exact", "overlap")
MIN_JACCARD = 0.5

QUOTES = "\"'“”‘’«»„‟‹›"
EDGE_PUNCTUATION = ".,;:!?-()[]–—―"
TRIM_CHARS = frozenset(QUOTES + EDGE_PUNCTUATION)

# A span, once trimmed: the character positions it covers (never empty).
Span = frozenset


# ---------------------------------------------------------------- counts


@dataclass(frozen=True)
class Tally:
    """True positives, false positives and false negatives for one figure."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: "Tally") -> "Tally":
        return Tally(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return safe_ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return safe_ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return safe_ratio(2 * p * r, p + r)


def _empty_role_tallies() -> dict:
    return {(role, mode): Tally() for role in ROLES for mode in MODES}


@dataclass(frozen=True)
class Counts:
    """Tallies for one article or a sum of articles.

    ``roles`` is keyed by (role, mode), e.g. ``("content", "overlap")``.
    """

    roles: dict = field(default_factory=_empty_role_tallies)
    attribution: Tally = Tally()
    articles: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        roles = {key: self.roles[key] + other.roles[key] for key in self.roles}
        return Counts(roles, self.attribution + other.attribution, self.articles + other.articles)

    def __radd__(self, other):
        # Lets the built-in sum() start from 0.
        return self if other == 0 else NotImplemented


def safe_ratio(numerator: float, denominator: float) -> float:
    """numerator / denominator, or 0 when there is nothing to divide by."""
    return numerator / denominator if denominator else 0.0


# ---------------------------------------------------------------- spans


def trim_piece(text: str, start: int, end: int) -> Optional[tuple]:
    """Shrink [start, end) past edge whitespace, quotes and punctuation; None if nothing is left."""
    start, end = max(0, start), min(len(text), end)
    while start < end and (text[start].isspace() or text[start] in TRIM_CHARS):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in TRIM_CHARS):
        end -= 1
    return (start, end) if start < end else None


def span_pieces(span: dict) -> list:
    """The (start, end) pieces of a gold or predicted span: its fragments if any, else its hull."""
    fragments = span.get("fragments")
    if fragments:
        return [(piece["start"], piece["end"]) for piece in fragments]
    return [(span["start"], span["end"])]


def trim_span(text: str, span: Optional[dict]) -> Optional[Span]:
    """The character positions of a span after trimming each piece; None if absent or empty."""
    if not span:
        return None
    positions = set()
    for start, end in span_pieces(span):
        trimmed = trim_piece(text, start, end)
        if trimmed:
            positions.update(range(*trimmed))
    return Span(positions) if positions else None


def jaccard(a: Optional[Span], b: Optional[Span]) -> float:
    """Character Jaccard of two spans; two absent spans agree fully, one absent agrees not at all."""
    if a is None and b is None:
        return 1.0
    if a is None or b is None:
        return 0.0
    intersection = len(a & b)
    return intersection / (len(a) + len(b) - intersection)


# ---------------------------------------------------------------- matching


def greedy_match(scored_pairs: Iterable[tuple]) -> list:
    """Pick one-to-one (gold_index, predicted_index) pairs, highest score first.

    ``scored_pairs`` holds (score, gold_index, predicted_index) for the admissible pairs only.
    Ties are broken by index so that results do not depend on set iteration order.
    """
    used_gold, used_predicted, matches = set(), set(), []
    for _score, g, p in sorted(scored_pairs, key=lambda t: (-t[0], t[1], t[2])):
        if g not in used_gold and p not in used_predicted:
            used_gold.add(g)
            used_predicted.add(p)
            matches.append((g, p))
    return matches


def tally_from_matches(n_matched: int, n_gold: int, n_predicted: int) -> Tally:
    return Tally(tp=n_matched, fp=n_predicted - n_matched, fn=n_gold - n_matched)


def exact_tally(gold: set, predicted: set) -> Tally:
    return tally_from_matches(len(gold & predicted), len(gold), len(predicted))


def overlap_tally(gold: set, predicted: set) -> Tally:
    """One-to-one matching of spans with Jaccard >= MIN_JACCARD."""
    gold_list, predicted_list = sorted_spans(gold), sorted_spans(predicted)
    scored = []
    for g, gold_span in enumerate(gold_list):
        for p, predicted_span in enumerate(predicted_list):
            # Cheap disjointness test before computing the Jaccard of every pair.
            if gold_span.isdisjoint(predicted_span):
                continue
            score = jaccard(gold_span, predicted_span)
            if score >= MIN_JACCARD:
                scored.append((score, g, p))
    return tally_from_matches(len(greedy_match(scored)), len(gold_list), len(predicted_list))


def sorted_spans(spans: set) -> list:
    # A stable order (by first then last character) keeps tie-breaking deterministic.
    return sorted(spans, key=lambda span: (min(span), max(span), len(span)))


def attribution_tally(gold: list, predicted: list) -> Tally:
    """One-to-one matching of (source, content) pairs; see the module docstring."""
    scored = []
    for g, (gold_source, gold_content) in enumerate(gold):
        for p, (predicted_source, predicted_content) in enumerate(predicted):
            content_score = jaccard(gold_content, predicted_content)
            if content_score < MIN_JACCARD:
                continue
            source_score = jaccard(gold_source, predicted_source)
            if source_score < MIN_JACCARD:
                continue
            scored.append((content_score + source_score, g, p))
    return tally_from_matches(len(greedy_match(scored)), len(gold), len(predicted))


# ---------------------------------------------------------------- reading articles


def gold_attributions(gold: dict) -> list:
    """The gold attributions as dicts of trimmed spans keyed by role."""
    text = gold["text"]
    return [
        {role: trim_span(text, attribution.get(role)) for role in ROLES}
        for attribution in gold.get("attributions") or []
    ]


def outermost_statements(predicted: dict) -> list:
    """Statement claims with a content, each once (a joint actor files a claim under several
    parties), without those reported inside another statement's content: PolNeAR annotates only
    the outermost of nested attributions."""
    unique = {}
    for party in predicted.get("parties") or []:
        for claim in party.get("claims") or []:
            if claim.get("type") == "statement" and claim.get("content"):
                key = (claim["action"]["start"], claim["content"]["start"], claim["content"]["end"])
                unique.setdefault(key, claim)
    claims = list(unique.values())
    return [c for c in claims if not any(
        other is not c and _inside(c["action"]["start"], other["content"]) for other in claims)]


def _inside(position: int, span: dict) -> bool:
    return any(start <= position < end for start, end in span_pieces(span))


def predicted_attributions(text: str, predicted: dict) -> list:
    """Outermost statement claims with a content, as dicts of trimmed spans keyed by role."""
    attributions = []
    for claim in outermost_statements(predicted):
        content = trim_span(text, claim.get("content"))
        if content is None:
            continue
        attributions.append({
            "source": trim_span(text, claim.get("actor")),
            "cue": trim_span(text, claim.get("action")),
            "content": content,
        })
    return attributions


def role_spans(attributions: list, role: str) -> set:
    """The distinct spans of one role; a span shared by several attributions counts once."""
    return {attribution[role] for attribution in attributions if attribution[role] is not None}


def source_content_pairs(attributions: list) -> list:
    return [(a["source"], a["content"]) for a in attributions if a["content"] is not None]


# ---------------------------------------------------------------- scoring


def score_article(gold: dict, predicted: dict) -> Counts:
    """Tallies for one article; ``predicted`` is claimx's output for ``gold["text"]``."""
    gold_attrs = gold_attributions(gold)
    predicted_attrs = predicted_attributions(gold["text"], predicted)
    roles = {}
    for role in ROLES:
        gold_set, predicted_set = role_spans(gold_attrs, role), role_spans(predicted_attrs, role)
        roles[role, "exact"] = exact_tally(gold_set, predicted_set)
        roles[role, "overlap"] = overlap_tally(gold_set, predicted_set)
    attribution = attribution_tally(
        source_content_pairs(gold_attrs), source_content_pairs(predicted_attrs)
    )
    return Counts(roles, attribution, articles=1)


def tally_figures(tally: Tally) -> dict:
    """Precision, recall and F1 as percentages, with the raw counts."""
    return {
        "precision": 100 * tally.precision,
        "recall": 100 * tally.recall,
        "f1": 100 * tally.f1,
        "tp": tally.tp,
        "fp": tally.fp,
        "fn": tally.fn,
    }


def counts_figures(counts: Counts) -> dict:
    figures = {"articles": counts.articles}
    for role in ROLES:
        figures[role] = {mode: tally_figures(counts.roles[role, mode]) for mode in MODES}
    figures["attribution"] = tally_figures(counts.attribution)
    return figures


def score_corpus(pairs: Iterable[tuple]) -> dict:
    """Micro-averaged figures over (gold, predicted) article pairs."""
    total = Counts()
    for gold, predicted in pairs:
        total = total + score_article(gold, predicted)
    return counts_figures(total)


def format_report(figures: dict) -> str:
    """A plain-text table of the figures from ``score_corpus``."""
    rows = [(role, mode, figures[role][mode]) for role in ROLES for mode in MODES]
    rows.append(("attribution", "", figures["attribution"]))
    header = f"{'role':<12} {'match':<8} {'P':>6} {'R':>6} {'F1':>6} {'tp':>6} {'fp':>6} {'fn':>6}"
    lines = [f"articles: {figures['articles']}", header, "-" * len(header)]
    for role, mode, f in rows:
        lines.append(
            f"{role:<12} {mode:<8} {f['precision']:6.1f} {f['recall']:6.1f} {f['f1']:6.1f}"
            f" {f['tp']:>6} {f['fp']:>6} {f['fn']:>6}"
        )
    return "\n".join(lines)
