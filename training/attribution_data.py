"""Gold attributions aligned with the parse, and the training groups of each decision.

A gold span is read as the model reads spans: the word tokens it covers after trimming (the
metric's trimming, claimx.evaluation.metric.trim_span); a cue's head is its token whose syntactic head
lies outside the cue (a verb where there are several).
"""

from collections import Counter
from dataclasses import dataclass
from typing import Dict, FrozenSet, List, Optional

from spacy.tokens import Doc

from claimx.attribution import features as F
from claimx.attribution.pairs import PairFeatures
from claimx.attribution.refine import Refiner
from claimx.attribution.view import DocView
from claimx.evaluation.metric import trim_span
from claimx.claims.find import find_claims
from claimx.claims.quotations import QuoteIndex
from claimx.text.quotation_marks import find_quotes
from claimx.text.document import document_layout, scoped_entities, source_text

# A word is a candidate cue head when its lemma and class headed at least MIN_HEAD_CUES gold
# cues in training and was a cue in at least MIN_HEAD_SHARE of its uses (chosen on the held-out
# train articles: 0.02 left 7% of their gold cue heads out; below 0.005 the extra words cost
# more precision than they bring).
MIN_HEAD_CUES = 1
MIN_HEAD_SHARE = 0.005


@dataclass
class GoldAttribution:
    cue: List[int]
    source: List[int]
    content: List[int]
    head: int


def words(view: DocView, chars: Optional[frozenset]) -> List[int]:
    if not chars:
        return []
    found = set()
    for c in chars:
        i = view.token_at(c)
        if view.idx[i] <= c < view.end[i] and not view.punct[i]:
            found.add(i)
    return sorted(found)


def span_head(view: DocView, tokens: List[int]) -> Optional[int]:
    inside = set(tokens)
    tops = [i for i in tokens if view.head[i] not in inside or view.head[i] == i]
    if not tops:
        return None
    verbs = [i for i in tops if view.pos[i] in ("VERB", "AUX")]
    return (verbs or tops)[0]


def gold_attributions(article: dict, view: DocView) -> List[GoldAttribution]:
    """The article's attributions that have a cue and a content, as word tokens."""
    text = article["text"]
    out = []
    for attribution in article.get("attributions") or []:
        cue = words(view, trim_span(text, attribution.get("cue")))
        content = words(view, trim_span(text, attribution.get("content")))
        if not cue or not content:
            continue
        source = words(view, trim_span(text, attribution.get("source")))
        out.append(GoldAttribution(cue, source, content, span_head(view, cue)))
    return out


@dataclass
class Document:
    """One training article: its parse, what the rules found, and its gold attributions."""
    view: DocView
    refiner: Refiner
    gold: List[GoldAttribution]


def read_document(article: dict, doc: Doc, model) -> Document:
    text = source_text(doc)
    view = DocView(doc, QuoteIndex(find_quotes(text)))
    with scoped_entities(doc):  # what the rules found: the input of the attribution stage
        found = find_claims(doc, text, document_layout(doc))
    refiner = Refiner(model, view, found)
    return Document(view, refiner, gold_attributions(article, view))


def learn_heads(documents: List[Document]) -> FrozenSet[str]:
    """lemma|class of words that headed gold cues often enough to be worth asking about."""
    cues, uses = Counter(), Counter()
    for document in documents:
        view = document.view
        for i in range(view.n):
            uses[view.lemma[i] + "|" + F.pos_class(view.pos[i])] += 1
        for gold in document.gold:
            h = gold.head
            cues[view.lemma[h] + "|" + F.pos_class(view.pos[h])] += 1
    return frozenset(k for k, n in cues.items()
                     if n >= MIN_HEAD_CUES and n >= MIN_HEAD_SHARE * uses[k] and not k.endswith("|X"))


def add_examples(data: Dict, document: Document, model=None) -> None:
    """The training groups of one article for each decision (see claimx.attribution.model).
    With a model, the content's groups are read from the cue extent and source that model
    chooses, as at extraction time; else from the gold cue and source."""
    add_cue_examples(data, document)
    add_span_examples(data, document)
    add_content_examples(data, document, model)


def add_cue_examples(data: Dict, document: Document) -> None:
    """Cue or not: every candidate head; a word inside a gold content that is not itself a cue
    is left out (the corpus annotates only the outermost attribution: it may be a cue there)."""
    view, refiner = document.view, document.refiner
    gold_heads = {g.head for g in document.gold}
    inside_gold = set()
    for g in document.gold:
        inside_gold.update(range(g.content[0], g.content[-1] + 1))
    for h in refiner.model.candidates(view, refiner.rules):
        if h in inside_gold and h not in gold_heads:
            continue
        row = F.cue_features(view, h, refiner.rule(h), refiner.subject(h), h in refiner.nested)
        data["cue"].add([row, []], 0 if h in gold_heads else 1)


def add_span_examples(data: Dict, document: Document) -> None:
    """Cue extent and source of each gold attribution."""
    view, refiner = document.view, document.refiner
    for g in document.gold:
        h = g.head
        anchor = F.Anchor.at(view, h, refiner.rule(h))
        starts, ends = F.cue_start_candidates(view, h), F.cue_end_candidates(view, h)
        data["cue_start"].add([F.cue_start_features(view, anchor, t) for t in starts], _index(starts, g.cue[0]))
        data["cue_end"].add([F.cue_end_features(view, anchor, t) for t in ends], _index(ends, g.cue[-1]))
        anchor.cue = (g.cue[0], g.cue[-1])
        candidates = F.source_candidates(view, anchor)
        source_head = span_head(view, g.source) if g.source else -1
        subject = refiner.subject(h)
        data["source"].add([F.source_features(view, anchor, s, subject) for s in candidates],
                           _index(candidates, source_head))


def add_content_examples(data: Dict, document: Document, model=None, prune: bool = True) -> None:
    """Content start and end (and their cheap first-pass scorers, with prune)."""
    view, refiner = document.view, document.refiner
    # The other cues a content may run into: with a model, those it accepts, as at extraction
    # time (cues nested inside a content among them, which the gold never marks).
    found = {g.head for g in document.gold} if model is None else accepted_heads(document, model)
    cue_heads = sorted(found | refiner.statement_heads())
    for g in document.gold:
        h = g.head
        if model is None:
            anchor = F.Anchor.at(view, h, refiner.rule(h))
            anchor.cue = (g.cue[0], g.cue[-1])
            anchor.source = frozenset(g.source)
        else:
            anchor = refiner.anchor(h, model)
        boundary = F.ContentFeatures(view, anchor)
        for name, candidates, features, right in (
                ("content_start", F.content_start_candidates(view, anchor), boundary.start, g.content[0]),
                ("content_end", F.content_end_candidates(view, anchor), boundary.end, g.content[-1])):
            right = _index(candidates, right)
            for suffix, full in (("", True), ("_prune", False))[:2 if prune else 1]:
                data[name + suffix].add(
                    [features(t, F.count_between(cue_heads, t, h, h),
                              F.nearest_between(cue_heads, h, t, anchor.cue), full) for t in candidates], right)


def add_pair_examples(data, document: Document, model, scoring) -> None:
    """Content pairs (see AttributionModel.content): the pairs of the shortlists that `scoring`
    makes, at the cue extent and source `model` chooses, with the summed start and end scores of
    `scoring` as offsets (a model that never saw the document: the scores of one that did are
    too sure of themselves for the pair scorer to learn how far to trust them)."""
    view, refiner = document.view, document.refiner
    cue_heads = sorted(accepted_heads(document, model) | refiner.statement_heads())
    for g in document.gold:
        anchor = refiner.anchor(g.head, model)
        shortlists = scoring.content_shortlists(view, anchor, cue_heads)
        if shortlists is None:
            continue
        pairs, scores = scoring.content_pairs(*shortlists)
        right = _index(pairs, (g.content[0], g.content[-1]))
        if right >= 0:
            features = PairFeatures(view, anchor, cue_heads)
            data.add([features(s, e) for s, e in pairs], right, scores.tolist())


def accepted_heads(document: Document, model) -> set:
    """The heads the model's cue decision accepts in this article, at its current thresholds."""
    view, refiner = document.view, document.refiner
    heads = model.candidates(view, refiner.rules)
    rows = [F.cue_features(view, h, refiner.rule(h), refiner.subject(h), h in refiner.nested) for h in heads]
    settings = model.settings
    return {h for h, p in zip(heads, model.cue_probabilities(rows))
            if p >= (settings["keep_rule"] if refiner.is_rule_statement(h) else settings["add"])}


def _index(candidates: List[int], right: Optional[int]) -> int:
    try:
        return candidates.index(right)
    except ValueError:
        return -1
